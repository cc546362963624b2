#!/usr/bin/env python3
"""Side-by-side benchmark of policyc against Capirca (issue 17, item 6).

Generates one network intent at a chosen scale, deterministically from a fixed seed, twice:

  * as Capirca input: def/NETWORK.net, def/SERVICES.svc and one policy folder per target
    (capirca/<target>/pol/*.pol), rendered with `aclgen --base_directory capirca/<target> --optimize`;
  * as PolicyLang: policylang/bench.netpolicy with one target per platform, built with
    `policyc build DIR --target NAME -o OUT`.

Then runs both tools on the targets they share, N times each (alternating), and prints the median wall time, the
median peak memory and the number of entries of each output, with the ratios.

Python 3.11 standard library only. Capirca is Debian's python3-capirca 2.0.6 (`apt-get install -y python3-capirca`),
whose `aclgen` runs under /usr/bin/python3.

The intent at scale S (see --help):
  * Z = 20 * max(1, S) zones (20 at scale 1, 200 at scale 10: the zones grow with the scale, so every zone keeps
    about 150 prefixes and a term's size stays the same; with 20 zones at scale 10 every zone would hold 1,500
    prefixes and a flat ACL entry per prefix pair would give millions of entries per term on either tool);
  * P = 3,000 * S IPv4 prefixes, P / Z per zone, inside one /16 per zone (10.0.0.0/8, then 172.16.0.0/12, then
    100.64.0.0/10): mostly /24 to /28 at random places in distinct /24s of the zone's /16, plus sibling pairs that
    aggregate (two halves of a block, or two adjacent /24s of an aligned /23), so --optimize and policyc's covers have
    something to merge;
  * T = 200 * S terms: each term one source zone, one other destination zone (no zone pair twice, so no two terms
    overlap), one service from a fixed catalog (tcp or udp; one port, a small set of ports or a range), accept. The
    policy's default is deny.

The targets (--targets): juniper (Capirca juniper / policyc juniper-junos), arista (arista / arista-eos access lists),
arista-tp (arista_tp / arista-eos with `option filter traffic-policy`), nxos (cisconx / cisco-nxos), nftables (nftables /
nftables) and k8s (k8s / kubernetes). On the policyc side every zone is one segment; the switch targets have one device
whose one host interface carries every zone (so every flow is decided there, as one Capirca filter applied to that
interface would), with `option acl-budget` at its maximum; nftables is one gateway (`mode gateway`, the forward hook;
Capirca's nftables generator only has the input and output hooks, and writes the same rules under `input`); Kubernetes
makes every zone a namespace (its segment is `kubernetes namespace "<zone>"`), and Capirca, whose NetworkPolicies
select every pod of the namespace they are applied in and whose ingress terms cannot name a destination, gets one .pol
per zone (an INGRESS filter of the terms into the zone, an EGRESS filter of the terms out of it, each with a default
deny), to be applied in that namespace.

Switch ACLs are stateless: policyc writes return entries for the replies of every flow; Capirca writes exactly the
terms it is given, so by default its Junos, EOS and NX-OS filters drop the replies. --capirca-replies adds a reply term
per term to those Capirca policies (from the destination zone and the service's ports to the source zone, TCP with
tcp-established), the like-for-like comparison.

Entries (the same function reads both tools' output of a platform; see count_* below). On every platform a rule (an
ACL entry, a Junos term, a traffic-policy match, an nftables rule, a NetworkPolicy ingress or egress rule) is 1 entry; a
list written inside a rule adds each value beyond its first (`source-address { a; b; c; }` adds 2, `tcp dport { 80, 443
}` adds 1, a rule with 13 ipBlocks and 2 ports adds 12 + 1); a named set (object-group, field-set, nftables set) adds
each of its members once, where it is defined, and a rule naming it counts it as one value. So a flat ACL entry is 1
entry, and a list costs the same written inline or as a set used once. A NetworkPolicy without rules (a default deny)
is 1 entry.

Wall time and peak memory come from the operating system's accounting of the finished process: each run goes through
GNU time (`/usr/bin/time -f '%e %M'`, `apt-get install -y time`); wall is a monotonic clock around it (5 ms polling),
peak is its %M (ru_maxrss of wait4), the largest resident set of the command or of any descendant it waited for
(aclgen renders in a pool of worker processes), in MiB. Each run starts from an empty output folder.
"""

from __future__ import annotations

import argparse
import datetime
import ipaddress
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
DEFAULT_POLICYC = REPO / "src/PolicyLang.Cli/bin/Release/net10.0/policyc"
SEED = 17  # issue 17

# The targets both tools have. key -> (Capirca generator, policyc platform, what the row compares)
TARGETS = {
    "juniper": ("juniper", "juniper-junos", "Junos firewall filter"),
    "arista": ("arista", "arista-eos", "EOS access-list"),
    "arista-tp": ("arista_tp", "arista-eos", "EOS traffic-policy (policyc: option filter traffic-policy)"),
    "nxos": ("cisconx", "cisco-nxos", "NX-OS access-list"),
    "nftables": ("nftables", "nftables", "nftables ruleset"),
    "k8s": ("k8s", "kubernetes", "Kubernetes NetworkPolicies"),
}

# Service catalog: (name, protocol, ports) where ports are (low, high) ranges. Weights pick how often terms use them.
SERVICES = [
    ("ssh", "tcp", [(22, 22)], 6), ("https", "tcp", [(443, 443)], 10), ("http", "tcp", [(80, 80)], 4),
    ("postgres", "tcp", [(5432, 5432)], 5), ("mysql", "tcp", [(3306, 3306)], 3), ("redis", "tcp", [(6379, 6379)], 3),
    ("kafka", "tcp", [(9092, 9092)], 3), ("ldaps", "tcp", [(636, 636)], 2), ("smtp", "tcp", [(25, 25)], 1),
    ("mssql", "tcp", [(1433, 1433)], 2), ("grpc", "tcp", [(50051, 50051)], 3), ("prometheus", "tcp", [(9090, 9090)], 3),
    ("elastic", "tcp", [(9200, 9200)], 2), ("rdp", "tcp", [(3389, 3389)], 1), ("nfs", "tcp", [(2049, 2049)], 2),
    ("etcd", "tcp", [(2379, 2380)], 1),
    ("dns", "udp", [(53, 53)], 4), ("ntp", "udp", [(123, 123)], 3), ("syslog", "udp", [(514, 514)], 2),
    ("snmp", "udp", [(161, 161)], 2), ("radius", "udp", [(1812, 1813)], 1), ("roce", "udp", [(4791, 4791)], 2),
    ("web", "tcp", [(80, 80), (443, 443)], 6), ("mail", "tcp", [(25, 25), (465, 465), (587, 587)], 1),
    ("ldap", "tcp", [(389, 389), (636, 636)], 2), ("kube-api", "tcp", [(443, 443), (6443, 6443), (10250, 10250)], 2),
    ("metrics", "tcp", [(9100, 9100), (9400, 9400)], 3),
    ("app", "tcp", [(8000, 8010)], 4), ("nccl", "tcp", [(29500, 29510)], 2), ("nodeports", "tcp", [(30000, 32767)], 1),
    ("rtp", "udp", [(16384, 16484)], 1), ("sip", "udp", [(5060, 5061)], 1),
]

ZONE_BLOCKS = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("172.16.0.0/12"),
               ipaddress.ip_network("100.64.0.0/10")]


# ----------------------------------------------------------------------------------------------------------------
# The intent


@dataclass
class Intent:
    scale: float
    zones: list[str]
    prefixes: dict[str, list[ipaddress.IPv4Network]]
    terms: list[tuple[str, str, str, str]]  # (term name, source zone, destination zone, service name)
    services: dict[str, tuple[str, list[tuple[int, int]]]] = field(default_factory=dict)


def zone_slash16s(count: int) -> list[ipaddress.IPv4Network]:
    out: list[ipaddress.IPv4Network] = []
    for block in ZONE_BLOCKS:
        out.extend(block.subnets(new_prefix=16))
        if len(out) >= count:
            return out[:count]
    raise SystemExit(f"at most {len(out)} zones fit the address plan; use a smaller --scale or --zones")


def generate(scale: float, seed: int, zones: int | None) -> Intent:
    rng = random.Random(seed)
    n_zones = zones or max(20, round(20 * scale))
    n_prefixes = round(3000 * scale)
    n_terms = round(200 * scale)
    if n_terms > n_zones * (n_zones - 1):
        raise SystemExit(f"{n_terms} terms need more than {n_zones} zones (one term per ordered zone pair)")
    names = [f"z{i:03d}" for i in range(1, n_zones + 1)]
    blocks = zone_slash16s(n_zones)
    prefixes: dict[str, list[ipaddress.IPv4Network]] = {}
    for index, name in enumerate(names):
        want = n_prefixes // n_zones + (1 if index < n_prefixes % n_zones else 0)
        prefixes[name] = zone_prefixes(rng, blocks[index], want)
    pairs = rng.sample(range(n_zones * (n_zones - 1)), n_terms)
    weights = [s[3] for s in SERVICES]
    terms = []
    for number, pair in enumerate(pairs, start=1):
        src, rest = divmod(pair, n_zones - 1)
        dst = rest if rest < src else rest + 1
        service = rng.choices(SERVICES, weights)[0][0]
        terms.append((f"t{number:05d}", names[src], names[dst], service))
    services = {s[0]: (s[1], s[2]) for s in SERVICES if any(t[3] == s[0] for t in terms)}
    return Intent(scale, names, prefixes, terms, services)


def zone_prefixes(rng: random.Random, block: ipaddress.IPv4Network, want: int) -> list[ipaddress.IPv4Network]:
    """`want` prefixes in `block` (a /16): each in its own /24 (or an aligned /23 for an adjacent /24 pair)."""
    if want > 256:
        raise SystemExit("more than 256 prefixes per zone: raise --zones")
    base = int(block.network_address)
    slots = list(range(256))
    rng.shuffle(slots)
    used: set[int] = set()
    out: list[ipaddress.IPv4Network] = []

    def net(address: int, length: int) -> ipaddress.IPv4Network:
        return ipaddress.IPv4Network((address, length))

    for slot in slots:
        if len(out) >= want:
            break
        if slot in used:
            continue
        kind = rng.random()
        start = base + slot * 256
        if kind < 0.08 and want - len(out) >= 2 and (slot ^ 1) not in used:
            # two adjacent /24s of an aligned /23: aggregate to the /23
            used.update({slot, slot ^ 1})
            out += [net(base + (slot & ~1) * 256, 24), net(base + (slot | 1) * 256, 24)]
            continue
        used.add(slot)
        if kind < 0.20 and want - len(out) >= 2:
            # the two halves of a /25, /26 or /27: aggregate to it
            length = rng.choice([25, 26, 27])
            size = 1 << (32 - length)
            offset = rng.randrange(0, 256, size)
            out += [net(start + offset, length + 1), net(start + offset + size // 2, length + 1)]
            continue
        length = rng.choices([24, 25, 26, 27, 28], [40, 15, 15, 15, 15])[0]
        size = 1 << (32 - length)
        out.append(net(start + rng.randrange(0, 256, size), length))
    if len(out) < want:
        raise SystemExit("address plan too small for the prefixes asked for")
    return sorted(out[:want])


# ----------------------------------------------------------------------------------------------------------------
# Capirca input


def capirca_port(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


STATELESS = ("juniper", "arista", "arista_tp", "cisconx")


def write_capirca(intent: Intent, root: Path, targets: list[str], replies: bool = False) -> None:
    (root / "def").mkdir(parents=True)
    lines = []
    for zone in intent.zones:
        members = [str(p) for p in intent.prefixes[zone]]
        lines.append(f"{zone.upper()} = {members[0]}")
        lines += [f"    {m}" for m in members[1:]]
        lines.append("")
    (root / "def/NETWORK.net").write_text("\n".join(lines))
    lines = []
    for name, (proto, ports) in sorted(intent.services.items()):
        token = svc_token(name)
        values = [f"{capirca_port(lo, hi)}/{proto}" for lo, hi in ports]
        lines.append(f"{token} = {values[0]}")
        lines += [f"    {v}" for v in values[1:]]
    (root / "def/SERVICES.svc").write_text("\n".join(lines) + "\n")

    for key in targets:
        generator = TARGETS[key][0]
        pol = root / key / "pol"  # aclgen renders the *.pol files of folders named pol under --base_directory
        pol.mkdir(parents=True)
        if generator == "k8s":
            # A Capirca NetworkPolicy selects every pod of the namespace it is applied in (podSelector {}), and its
            # ingress terms may not name a destination (egress terms no source). So the zone-to-zone intent becomes one
            # file per zone, applied in that zone's namespace: an INGRESS filter with the terms into the zone (source:
            # the other zone's prefixes) and an EGRESS filter with the terms out of it (destination: the other zone's
            # prefixes), each ending in a default deny, as policyc's pl-default-deny does for both directions.
            for zone in intent.zones:
                into = [t for t in intent.terms if t[2] == zone]
                out = [t for t in intent.terms if t[1] == zone]
                text = [capirca_header("k8s", "INGRESS", f"ingress of namespace {zone}")]
                text += [capirca_term(intent, t, source=True, dest=False) for t in into]
                text.append("term default-deny {\n  action:: deny\n}\n")
                text.append(capirca_header("k8s", "EGRESS", f"egress of namespace {zone}"))
                text += [capirca_term(intent, t, source=False, dest=True) for t in out]
                text.append("term default-deny {\n  action:: deny\n}\n")
                (pol / f"{zone}.pol").write_text("\n".join(text))
            continue
        options = {
            "juniper": "bench inet",
            "arista": "bench extended",
            "arista_tp": "bench inet",
            "cisconx": "bench extended",
            "nftables": "inet input",
        }[generator]
        text = [capirca_header(generator, options, f"side-by-side bench, scale {intent.scale:g}")]
        text += [capirca_term(intent, t) for t in intent.terms]
        if replies and generator in STATELESS:
            # --capirca-replies: what a Capirca user writes for a stateless switch filter so that the replies of each
            # flow pass (policyc writes these return entries itself): from the destination zone, from the service's
            # ports, to the source zone; TCP only with the ACK or RST bit (tcp-established).
            text += [capirca_reply_term(intent, t) for t in intent.terms]
        if generator != "nftables":
            # Switch filters end in policyc's explicit `deny ip any any`; nftables has the chain policy (drop) instead.
            text.append("term default-deny {\n  action:: deny\n}\n")
        (pol / "bench.pol").write_text("\n".join(text))


def svc_token(name: str) -> str:
    return "SVC_" + name.upper().replace("-", "_")


def capirca_header(generator: str, options: str, comment: str) -> str:
    return f'header {{\n  comment:: "{comment}"\n  target:: {generator} {options}\n}}\n'


def capirca_term(intent: Intent, term, source: bool = True, dest: bool = True) -> str:
    name, src, dst, svc = term
    proto, _ = intent.services[svc]
    body = [f"term {name}-{src}-{dst}-{svc} {{"]
    if source:
        body.append(f"  source-address:: {src.upper()}")
    if dest:
        body.append(f"  destination-address:: {dst.upper()}")
    body += [f"  destination-port:: {svc_token(svc)}", f"  protocol:: {proto}", "  action:: accept", "}", ""]
    return "\n".join(body)


def capirca_reply_term(intent: Intent, term) -> str:
    name, src, dst, svc = term
    proto, _ = intent.services[svc]
    body = [f"term {name}-{src}-{dst}-{svc}-reply {{", f"  source-address:: {dst.upper()}",
            f"  source-port:: {svc_token(svc)}", f"  destination-address:: {src.upper()}", f"  protocol:: {proto}"]
    if proto == "tcp":
        body.append("  option:: tcp-established")
    body += ["  action:: accept", "}", ""]
    return "\n".join(body)


# ----------------------------------------------------------------------------------------------------------------
# PolicyLang input

POLICYC_TARGETS = {  # key -> (target name, platform, interface name)
    "juniper": ("junos", "juniper-junos", "xe-0/0/1"),
    "arista": ("eos", "arista-eos", "Ethernet1"),
    "arista-tp": ("eos-tp", "arista-eos", "Ethernet1"),
    "nxos": ("nxos", "cisco-nxos", "Ethernet1/1"),
    "nftables": ("gw", "nftables", None),
    "k8s": ("k8s", "kubernetes", None),
}
UPLINKS = {"juniper-junos": "et-0/0/48", "arista-eos": "Ethernet49/1", "cisco-nxos": "Ethernet1/49"}


def write_policylang(intent: Intent, root: Path, targets: list[str], budget: int) -> None:
    root.mkdir(parents=True)
    out = [
        "# Generated by tests/PolicyLang.Benchmarks/peers/capirca-side-by-side.py: the same intent as the Capirca",
        "# policies beside it. Do not edit.",
        "policy capirca-side-by-side {",
        f'  description "side-by-side bench, scale {intent.scale:g}: {len(intent.zones)} zones, '
        f'{sum(len(p) for p in intent.prefixes.values())} prefixes, {len(intent.terms)} flows"',
        "  default deny",
        "}",
        "",
    ]
    for name, (proto, ports) in sorted(intent.services.items()):
        out.append(f"service {name} = " + ", ".join(f"{proto}/{capirca_port(lo, hi)}" for lo, hi in ports))
    out.append("")
    for zone in intent.zones:
        # Every zone is one segment. The segment is also the pods of namespace <zone>, for the Kubernetes target
        # (switches and gateways read only its subnet).
        out += [
            f"zone {zone} {{",
            "  segment net {",
            f'    kubernetes namespace "{zone}"',
            "    subnet " + ", ".join(str(p) for p in intent.prefixes[zone]),
            "  }",
            "}",
        ]
    out.append("")
    for _, src, dst, svc in intent.terms:
        out.append(f"allow {src} -> {dst} : {svc}")
    out.append("")
    zones = ", ".join(intent.zones)
    for key in targets:
        name, platform, interface = POLICYC_TARGETS[key]
        out.append(f"target {name} {platform} {{")
        out.append(f"  zones {zones}")
        if platform == "nftables":
            out += ['  devices "gw1.bench.example.net"', "  mode gateway"]
        elif platform == "kubernetes":
            out.append('  devices "bench-cluster"')
        else:
            out.append(f"  option acl-budget {budget}")
            if key == "arista-tp":
                out.append("  option filter traffic-policy")
            out += [
                '  device "leaf1.bench.example.net" {',
                f'    interface "{interface}" carries {zones}',
                f'    interface "{UPLINKS[platform]}" uplink',
                "  }",
            ]
        out += ["}", ""]
    (root / "bench.netpolicy").write_text("\n".join(out))


# ----------------------------------------------------------------------------------------------------------------
# Entries: one function per platform, applied to both tools' output.
#
# The rule on every platform: a rule (ACL entry, term, match, nftables rule, NetworkPolicy rule) is 1 entry; a list
# written inside a rule adds each value beyond its first (`source-address { a; b; c; }` adds 2, `tcp dport { 80, 443 }`
# adds 1); a named set (object-group, field-set, nftables set) adds each of its members once, where it is defined, and a
# rule that names it counts it as one value. So a rule that names one value per field is 1 entry, a flat ACL entry is 1
# entry, and the same list costs the same whether it is written inline or as a set used once.


def files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file())


def text_of(directory: Path, suffixes: tuple[str, ...]) -> list[str]:
    return [p.read_text(errors="replace") for p in files(directory) if p.name.endswith(suffixes)]


def count_cli_acl(directory: Path) -> int:
    """EOS / NX-OS access lists: every permit and deny line of an ACL, plus every member of an object-group."""
    total = 0
    for path in [p for p in files(directory) if p.name.endswith((".cfg", ".eacl", ".nxacl", ".acl"))]:
        block = None
        for raw in open(path, errors="replace"):
            raw = raw.rstrip("\n")
            line = raw.strip()
            if not line or line.startswith("!"):
                continue
            if not raw.startswith((" ", "\t")):
                block = "acl" if re.match(r"^(ip|ipv6) access-list ", raw) else \
                        "group" if re.match(r"^object-group ", raw) else None
                continue
            if block == "acl" and re.match(r"^(\d+\s+)?(permit|deny)\b", line):
                total += 1
            elif block == "group" and not re.match(r"^(remark|description)\b", line):
                total += 1
    return total


VALUE_LISTS = ("prefix", "port", "protocol")


def rule_entries(tokens: list[str]) -> int:
    """Extra entries of the lists in one match's conditions: each value beyond the first of a list after `prefix`,
    `port` or `protocol` (a `field-set NAME` is one value)."""
    extra = 0
    current = None
    count = 0
    skip = False
    for token in tokens:
        if skip:
            skip = False
            continue
        if token in VALUE_LISTS:
            extra += max(0, count - 1)
            current, count = token, 0
        elif token == "field-set":
            count += 1
            skip = True
        elif current and (re.match(r"^[0-9a-fA-F:.]+(/\d+)?$", token) or re.match(r"^\d+(-\d+)?$", token)
                          or (current == "protocol" and re.match(r"^[a-z]+$", token) and token not in ("flags",))):
            count += 1
        else:
            extra += max(0, count - 1)
            current, count = None, 0
    return extra + max(0, count - 1)


def count_eos_traffic_policy(directory: Path) -> int:
    """EOS traffic-policies: every match, plus list values beyond the first, plus every field-set member."""
    total = 0
    for text in text_of(directory, (".cfg", ".atp")):
        in_policies = False
        mode = None  # "field-set" or "match"
        for raw in text.splitlines():
            line = raw.strip()
            if not line:
                continue
            if not raw.startswith(" "):
                in_policies = line == "traffic-policies"
                mode = None
                continue
            if not in_policies or line == "!":
                continue
            if re.match(r"^field-set (ipv4|ipv6) prefix |^field-set (l4-port|integer) ", line):
                mode = "field-set"
            elif re.match(r"^match \S+ (ipv4|ipv6|mac)\b", line):
                mode = "match"
                total += 1
            elif re.match(r"^(no )?traffic-policy |^counter |^actions$|^(drop|count|set|police|log)\b", line):
                mode = None if line.startswith(("traffic-policy", "no traffic-policy")) else mode
            elif mode == "field-set":
                total += len([m for m in re.split(r"[\s,]+", line) if m and m != "except"])
            elif mode == "match":
                total += rule_entries([t for t in re.split(r"[\s,]+", line) if t])
    return total


def junos_tree(text: str) -> list:
    """Junos curly-brace text as a tree of statements: (words, children or None)."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"#[^\n]*", " ", text)
    tokens = re.findall(r'"[^"]*"|[{};\[\]]|[^\s{};\[\]]+', text)
    position = 0

    def block() -> list:
        nonlocal position
        statements = []
        words: list[str] = []
        while position < len(tokens):
            token = tokens[position]
            position += 1
            if token == "}":
                break
            if token == "{":
                statements.append((words, block()))
                words = []
            elif token == ";":
                if words:
                    statements.append((words, None))
                words = []
            else:
                words.append(token)
        return statements

    return block()


def count_junos(directory: Path) -> int:
    """Junos filters: every term, plus each value of a `from` condition beyond its first."""
    total = 0

    def walk(statements: list) -> None:
        nonlocal total
        for words, children in statements:
            if children is None:
                continue
            if words and words[-2:-1] == ["term"]:
                total += 1
                for from_words, conditions in children:
                    if from_words == ["from"] and conditions:
                        for condition, values in conditions:
                            if values is not None:
                                n = len(values)
                            elif "[" in condition:
                                n = len([w for w in condition if w not in ("[", "]")]) - 1
                            else:
                                n = 1
                            total += max(0, n - 1)
            else:
                walk(children)

    for text in text_of(directory, (".conf", ".jcl")):
        walk(junos_tree(text))
    return total


def count_nftables(directory: Path) -> int:
    """nftables: every rule of every chain, plus each element of an anonymous set beyond the first, plus every
    element of a named set."""
    total = 0
    for text in text_of(directory, (".nft",)):
        stack: list[str] = []
        in_elements = False
        for raw in text.splitlines():
            line = raw.split("#")[0].strip()
            if not line:
                continue
            if in_elements:
                total += len([e for e in line.replace("}", "").split(",") if e.strip()])
                if "}" in line:
                    in_elements = False
                continue
            opened = re.match(r"^(table|chain|set|map|flowtable|counter|limit|quota)\b[^{]*\{$", line)
            if opened:
                stack.append(opened.group(1))
                continue
            if line == "}":
                if stack:
                    stack.pop()
                continue
            where = stack[-1] if stack else None
            if where in ("set", "map"):
                m = re.match(r"^elements\s*=\s*\{(.*)$", line)
                if m:
                    body = m.group(1)
                    total += len([e for e in body.replace("}", "").split(",") if e.strip()])
                    in_elements = "}" not in body
                continue
            if where == "chain":
                if re.match(r"^(type|policy|comment)\b", line):
                    continue
                total += 1
                for body in re.findall(r"\{([^{}]*)\}", line):
                    total += max(0, len([e for e in body.split(",") if e.strip()]) - 1)
    return total


def yaml_documents(text: str) -> list:
    """The block-style YAML both tools write (PyYAML's safe_dump, YamlDotNet as kubectl prints), as Python values:
    mappings, sequences and plain or quoted scalars; flow style only for {} and []."""
    documents = []
    for chunk in re.split(r"^---\s*$", text, flags=re.M):
        lines = []
        for raw in chunk.splitlines():
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            lines.append([len(raw) - len(raw.lstrip(" ")), raw.strip()])
        if lines:
            documents.append(yaml_block(lines, 0, lines[0][0])[0])
    return documents


def yaml_scalar(text: str):
    if text == "{}":
        return {}
    if text == "[]":
        return []
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def yaml_block(lines: list, i: int, indent: int):
    if lines[i][1].startswith("- ") or lines[i][1] == "-":
        items = []
        while i < len(lines) and lines[i][0] == indent and (lines[i][1].startswith("- ") or lines[i][1] == "-"):
            rest = lines[i][1][2:].strip() if lines[i][1] != "-" else ""
            if not rest:
                value, i = yaml_block(lines, i + 1, lines[i + 1][0])
            elif re.match(r"^[^\s\"'{\[][^:]*:(\s|$)", rest) or re.match(r"^\"[^\"]*\":(\s|$)", rest):
                lines[i] = [indent + 2, rest]  # "- key: value" starts a mapping two columns in
                value, i = yaml_block(lines, i, indent + 2)
            else:
                value, i = yaml_scalar(rest), i + 1
            items.append(value)
        return items, i
    mapping = {}
    while i < len(lines) and lines[i][0] == indent and not lines[i][1].startswith("- "):
        m = re.match(r'^("[^"]*"|[^:]+):\s*(.*)$', lines[i][1])
        key, rest = yaml_scalar(m.group(1).strip()), m.group(2).strip()
        i += 1
        if rest:
            mapping[key] = yaml_scalar(rest)
        elif i < len(lines) and (lines[i][0] > indent or (lines[i][0] == indent and lines[i][1].startswith("- "))):
            mapping[key], i = yaml_block(lines, i, lines[i][0])
        else:
            mapping[key] = None
    return mapping, i


def count_k8s(directory: Path) -> int:
    """Kubernetes: every ingress and egress rule of every NetworkPolicy, plus each peer and each port beyond the first
    of the rule (a peer is one ipBlock, or one namespace and pod selector); a policy without rules counts 1."""
    total = 0
    for path in files(directory):
        if not path.name.endswith((".yaml", ".yml")):
            continue
        for document in yaml_documents(path.read_text()):
            items = document.get("items", [document]) if isinstance(document, dict) else []
            for item in items:
                if not isinstance(item, dict) or item.get("kind") not in ("NetworkPolicy", "AdminNetworkPolicy"):
                    continue
                spec = item.get("spec") or {}
                rules = 0
                for direction, peers in (("ingress", "from"), ("egress", "to")):
                    for rule in spec.get(direction) or []:
                        rules += 1
                        total += 1 + max(0, len(rule.get(peers) or []) - 1) + max(0, len(rule.get("ports") or []) - 1)
                if rules == 0:
                    total += 1
    return total


COUNTERS = {
    "juniper": count_junos,
    "arista": count_cli_acl,
    "arista-tp": count_eos_traffic_policy,
    "nxos": count_cli_acl,
    "nftables": count_nftables,
    "k8s": count_k8s,
}


# ----------------------------------------------------------------------------------------------------------------
# Running and measuring


@dataclass
class Run:
    wall: float
    peak_mib: float
    status: int
    foreign_cpu: float = 0.0  # CPU seconds other processes of the machine used during the run


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (/proc/stat), or 0 where there is no /proc."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


GNU_TIME = "/usr/bin/time"


def measure(command: list[str], log: Path, timeout: float | None = None) -> Run:
    """Runs `command` under GNU time (`-f '%e %M'`): wall seconds and the peak RSS of the largest process it waited
    for. Not os.wait4 from this script: Linux carries the RSS high-water mark of the forking process into the child's
    ru_maxrss, so a child of this script (which has read a 200 MB ACL) would report at least this script's size. GNU
    time forks from its own small process. Without it (apt-get install -y time), falls back to os.wait4 and says so.
    A run past `timeout` seconds is killed (its own process group) and reported with status 124."""
    figures = log.with_suffix(".time")
    figures.unlink(missing_ok=True)
    timed = os.access(GNU_TIME, os.X_OK)
    argv = [GNU_TIME, "-f", "%e %M %U %S", "-o", str(figures), *command] if timed else command
    with open(log, "ab") as out:
        out.write(("$ " + " ".join(command) + "\n").encode())
        out.flush()
        busy = busy_cpu_seconds()
        start = time.monotonic()
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.monotonic() - start > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                os.wait4(process.pid, 0)
                process.returncode = 124
                out.write(f"killed after {timeout:g} s (--timeout)\n".encode())
                return Run(time.monotonic() - start, 0.0, 124)
            time.sleep(0.005)
        wall = time.monotonic() - start
        busy = busy_cpu_seconds() - busy
        process.returncode = os.waitstatus_to_exitcode(status)
        if timed:
            lines = [l.split() for l in figures.read_text().splitlines() if re.match(r"^[\d. ]+$", l.strip())]
            peak, cpu = int(lines[-1][1]) / 1024.0, float(lines[-1][2]) + float(lines[-1][3])
        else:
            peak, cpu = usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime
        return Run(wall, peak, process.returncode, max(0.0, busy - cpu))


def fresh(directory: Path) -> Path:
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return directory


def median(values: list[float]) -> float:
    return statistics.median(values)


def failure(log: Path) -> str:
    """The distinct error lines of a log (diagnostics, tracebacks' last line), or its last lines."""
    lines = log.read_text(errors="replace").splitlines()
    errors = list(dict.fromkeys(re.sub(r"^\S*/", "", l) for l in lines
                                if re.search(r"error NP\d+|Error\b|Exception\b", l) and not l.startswith("$ ")))
    return " | ".join(errors[:5]) if errors else " | ".join(lines[-3:])


def wait_for_quiet(limit: float) -> None:
    """Waits (at most `limit` seconds) until the machine has been under 5% busy for 3 seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        busy, start = busy_cpu_seconds(), time.monotonic()
        time.sleep(3)
        if busy_cpu_seconds() - busy < 0.05 * (time.monotonic() - start) * (os.cpu_count() or 1):
            return


def version_of_capirca() -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "python3-capirca"], capture_output=True, text=True)
        if out.returncode == 0 and out.stdout:
            return f"python3-capirca {out.stdout} (Debian)"
    except OSError:
        pass
    return "capirca (version unknown)"


def version_of_policyc(policyc: str, commit: str | None) -> str:
    try:
        version = subprocess.run([policyc, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        version = "?"
    if not commit and "+" in version:
        commit = version.split("+", 1)[1][:7]
    if not commit:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        commit = f"not recorded (the repository's HEAD is {head.stdout.strip() or '?'})"
    return f"policyc {version}, built from commit {commit}"


def nft_portless_rules(directory: Path) -> int:
    """Rules of Capirca's nftables output that match a protocol but no port (every term of the intent has ports)."""
    count = 0
    for text in text_of(directory, (".nft",)):
        for line in text.splitlines():
            line = line.strip()
            if ("ip protocol" in line or "meta l4proto" in line) and "dport" not in line and "accept" in line:
                count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="The module docstring of this script defines the intent and the entries.")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="1 = 3,000 prefixes, 20 zones, 200 terms; 10 = 30,000 prefixes, 200 zones, 2,000 terms")
    parser.add_argument("--zones", type=int, default=None, help="number of zones (default 20 * max(1, scale))")
    parser.add_argument("--runs", type=int, default=3, help="runs per tool and target; the median is printed")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--policyc", default=str(DEFAULT_POLICYC),
                        help="policyc binary (build it with: dotnet build -c Release src/PolicyLang.Cli)")
    parser.add_argument("--policyc-commit", default=None,
                        help="the commit policyc was built from, for the report (default: from policyc --version)")
    parser.add_argument("--aclgen", default=shutil.which("aclgen") or "/usr/bin/aclgen",
                        help="Capirca's aclgen (Debian: /usr/bin/aclgen, run by /usr/bin/python3)")
    parser.add_argument("--work", default=None, help="work folder (default /tmp/capirca-side-by-side-s<scale>)")
    parser.add_argument("--targets", default=",".join(TARGETS),
                        help="comma-separated subset of: " + ", ".join(TARGETS))
    parser.add_argument("--acl-budget", type=int, default=1_000_000,
                        help="policyc's option acl-budget on the switch targets (Capirca has no budget; 1,000,000 is the most policyc takes)")
    parser.add_argument("--capirca-replies", action="store_true",
                        help="add a reply term per term to Capirca's stateless switch filters (Junos, EOS, NX-OS), as "
                             "policyc adds return entries; without it those filters drop the flows' replies")
    parser.add_argument("--timeout", type=float, default=None,
                        help="kill a run after this many seconds and report it as failed (default: no limit)")
    parser.add_argument("--quiet", type=float, default=None, metavar="SECONDS",
                        help="before each run wait up to SECONDS for a quiet machine, and take a run again (up to 3 "
                             "times) when other processes were busy during it: for a shared machine")
    parser.add_argument("--generate-only", action="store_true", help="write the inputs and stop")
    args = parser.parse_args()

    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    work = Path(args.work or f"/tmp/capirca-side-by-side-s{args.scale:g}").resolve()
    fresh(work)

    intent = generate(args.scale, args.seed, args.zones)
    n_prefixes = sum(len(p) for p in intent.prefixes.values())
    write_capirca(intent, work / "capirca", targets, args.capirca_replies)
    write_policylang(intent, work / "policylang", targets, args.acl_budget)
    print(f"intent: scale {args.scale:g}, seed {args.seed}: {len(intent.zones)} zones, {n_prefixes} IPv4 prefixes, "
          f"{len(intent.terms)} terms, {len(intent.services)} services")
    print(f"inputs: {work}/capirca (def/, <target>/pol/), {work}/policylang/bench.netpolicy")
    if args.generate_only:
        return 0

    policyc = args.policyc
    if not os.access(policyc, os.X_OK):
        print(f"policyc not found at {policyc}: dotnet build -c Release src/PolicyLang.Cli", file=sys.stderr)
        return 2
    print(f"tools: {version_of_capirca()}, `{args.aclgen} --optimize`; {version_of_policyc(policyc, args.policyc_commit)}")
    print(f"machine: {os.cpu_count()} cores; {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; "
          f"{args.runs} run(s) per tool and target, median; load average at start {os.getloadavg()[0]:.2f}")

    if not os.access(GNU_TIME, os.X_OK):
        print("note: /usr/bin/time is missing (apt-get install -y time): peaks come from os.wait4 and include this "
              "script's own size")
    logs = fresh(work / "logs")
    check = measure([policyc, "check", str(work / "policylang")], logs / "policyc-check.log")
    check_log = (logs / "policyc-check.log").read_text(errors="replace")
    diagnostics = [l for l in check_log.splitlines() if re.search(r": (error|warning) NP\d+", l)]
    errors = [l for l in diagnostics if ": error NP" in l]
    print(f"policyc check: exit {check.status}, {len(errors)} error(s), {len(diagnostics) - len(errors)} warning(s), "
          f"{check.wall:.2f} s")
    if check.status != 0:
        for line in errors:
            print("  " + re.sub(r"^\S*/", "", line))
        print("  (the builds of those targets are refused below)")

    rows = []
    for key in targets:
        generator, platform, what = TARGETS[key]
        cap_runs: list[Run] = []
        pc_runs: list[Run] = []
        cap_out = work / "out-capirca" / key
        pc_out = work / "out-policyc" / key
        pc_target = POLICYC_TARGETS[key][0]
        retried = 0

        def run(command: list[str], log: Path, clean) -> Run:
            """One measured run; with --quiet, on a quiet machine: waits for one, and takes the run again (up to 3
            times) when other processes used more than 10% of its wall time plus 1 CPU-s while it ran."""
            nonlocal retried
            for attempt in range(4 if args.quiet else 1):
                if args.quiet:
                    wait_for_quiet(args.quiet)
                clean()
                result = measure(command, log, args.timeout)
                if not args.quiet or result.foreign_cpu <= 0.10 * result.wall + 1.0 or attempt == 3:
                    return result
                retried += 1
            return result

        def clean_capirca() -> None:
            fresh(cap_out)

        def clean_policyc() -> None:
            shutil.rmtree(pc_out, ignore_errors=True)
            pc_out.parent.mkdir(parents=True, exist_ok=True)

        for _ in range(args.runs):
            cap_runs.append(run([args.aclgen, "--base_directory", str(work / "capirca" / key),
                                 "--definitions_directory", str(work / "capirca/def"),
                                 "--output_directory", str(cap_out), "--optimize"],
                                logs / f"capirca-{key}.log", clean_capirca))
            pc_runs.append(run([policyc, "build", str(work / "policylang"), "--target", pc_target, "-o", str(pc_out)],
                               logs / f"policyc-{key}.log", clean_policyc))
        cap_ok = all(r.status == 0 for r in cap_runs) and any(files(cap_out))
        pc_ok = all(r.status == 0 for r in pc_runs) and pc_out.exists()
        row = {
            "target": key, "generator": generator, "platform": platform, "what": what,
            "capirca_ok": cap_ok, "policyc_ok": pc_ok,
            "capirca_wall": median([r.wall for r in cap_runs]), "policyc_wall": median([r.wall for r in pc_runs]),
            "capirca_mib": median([r.peak_mib for r in cap_runs]), "policyc_mib": median([r.peak_mib for r in pc_runs]),
            "capirca_entries": COUNTERS[key](cap_out) if cap_ok else None,
            "policyc_entries": COUNTERS[key](pc_out) if pc_ok else None,
            "capirca_bytes": sum(p.stat().st_size for p in files(cap_out)) if cap_ok else 0,
            "policyc_bytes": sum(p.stat().st_size for p in files(pc_out) if p.name != "manifest.json") if pc_ok else 0,
            "notes": [],
            "foreign_cpu": sum(r.foreign_cpu for r in cap_runs + pc_runs),
            "measured_wall": sum(r.wall for r in cap_runs + pc_runs),
        }
        for tool, ok, runs in (("capirca", cap_ok, cap_runs), ("policyc", pc_ok, pc_runs)):
            if not ok:
                status = runs[-1].status
                why = f"timed out after {args.timeout:g} s" if status == 124 else \
                    f"exit {status}: " + failure(logs / f"{tool}-{key}.log")
                row["notes"].append(f"{tool} failed ({why})")
        if key == "nftables" and cap_ok:
            portless = nft_portless_rules(cap_out)
            if portless:
                row["notes"].append(f"Capirca's nftables output matches no port in {portless} of its accept rules "
                                    "(every term names ports): it allows more than the intent")
        if retried:
            row["notes"].append(f"{retried} run(s) taken again: other processes were busy during them")
        if row["foreign_cpu"] > 0.10 * row["measured_wall"] + 1.0:
            row["notes"].append(f"other processes used {row['foreign_cpu']:.1f} CPU-s during these runs "
                                f"({row['measured_wall']:.1f} s of wall): the machine was not quiet")
        rows.append(row)
        print(f"  {key}: capirca {row['capirca_wall']:.2f} s / policyc {row['policyc_wall']:.2f} s", flush=True)

    print()
    print("| target | capirca wall s | policyc wall s | speed ratio | capirca MB | policyc MB | capirca entries "
          "| policyc entries | goals |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    misses = []
    for row in rows:
        both = row["capirca_ok"] and row["policyc_ok"]
        ratio = row["capirca_wall"] / row["policyc_wall"] if row["policyc_wall"] > 0 else float("inf")
        goals = []
        if both:
            if ratio < 10:
                goals.append("< 10x faster")
            if row["policyc_mib"] > row["capirca_mib"]:
                goals.append("more memory")
            if row["policyc_entries"] > row["capirca_entries"]:
                goals.append("more entries")
            goal_text = "met" if not goals else "NOT met: " + ", ".join(goals)
        else:
            goals.append("not compared")
            goal_text = "not compared: " + " and ".join(
                f"{tool} failed" for tool, ok in (("capirca", row["capirca_ok"]), ("policyc", row["policyc_ok"]))
                if not ok)
        if goals:
            misses.append(row["target"])

        def cell(ok: bool, text: str) -> str:
            return text if ok else f"{text} (failed)"

        def entries(value) -> str:
            return "-" if value is None else f"{value:,}"

        capirca_wall = cell(row["capirca_ok"], f"{row['capirca_wall']:.2f}")
        policyc_wall = cell(row["policyc_ok"], f"{row['policyc_wall']:.2f}")
        ratio_text = f"{ratio:.1f}x" if both else "-"
        print(f"| {row['target']} ({row['generator']} / {row['platform']}) | {capirca_wall} | {policyc_wall} "
              f"| {ratio_text} "
              f"| {row['capirca_mib']:.0f} | {row['policyc_mib']:.0f} "
              f"| {entries(row['capirca_entries'])} | {entries(row['policyc_entries'])} | {goal_text} |")
    print()
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (1 min), {os.getloadavg()[1]:.2f} (5 min)")
    print("speed ratio = capirca wall / policyc wall (medians); MB = peak RSS in MiB (median); goals: policyc >= 10x "
          "faster, never more memory, never more entries")
    for row in rows:
        size = f"output {row['capirca_bytes'] / 1e6:.2f} MB (capirca) / {row['policyc_bytes'] / 1e6:.2f} MB (policyc)"
        print(f"- {row['target']}: {row['what']}; {size}" + "".join(f"; {n}" for n in row["notes"]))
    (work / "results.json").write_text(json.dumps(rows, indent=2))
    print(f"goals not met on: {', '.join(misses)}" if misses else "every goal met on every target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
