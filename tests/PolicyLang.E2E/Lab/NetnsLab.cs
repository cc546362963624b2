using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PolicyLang.E2E.Lab
{
    /// <summary>
    /// Real hosts for real packets: one network namespace per zone, each holding that zone's host addresses
    /// on <c>eth0</c>, all wired through a gateway namespace by veth pairs. The gateway holds the first address
    /// of each zone prefix (<c>10.10.0.1</c>, <c>fd00:10::1</c>), forwards IPv4 and IPv6, and is where a ruleset
    /// under test is loaded (<see cref="LoadRuleset"/>); hosts route everything through it. Nothing is connected
    /// to the machine's own namespace: probes only travel between the namespaces this lab made.
    /// <para>
    /// <see cref="Dispose"/> kills every process in the lab's namespaces and deletes them; a test must hold the
    /// lab in a <c>using</c> so that happens when it fails too. Namespaces of a test process that died without
    /// disposing are removed by the next lab built on the machine. A lab is not thread-safe: probe it from one
    /// thread at a time (several labs may run in parallel).
    /// </para>
    /// </summary>
    public sealed class NetnsLab : IDisposable
    {
        private const string ObserverTable = "pl_observe";
        private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan ListenerReadyTimeout = TimeSpan.FromSeconds(10);
        private static readonly ConcurrentDictionary<NetnsLab, byte> Live = new();

        private readonly Action<string> log;
        private readonly List<LabZoneState> zones;
        private readonly List<string> namespaces = new();
        private readonly string ip;
        private readonly string nft;
        private int disposed;

        static NetnsLab()
        {
            // Last resort if a test host is shut down with labs still open (xunit does not dispose on abort).
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (var lab in Live.Keys) lab.Dispose();
            };
        }

        /// <summary>Builds the lab; throws (after removing whatever it had made) if any step fails.</summary>
        /// <param name="zones">The zones, each with its host addresses in CIDR form.</param>
        /// <param name="log">Receives every command and probe outcome (e.g. an xunit ITestOutputHelper's WriteLine).</param>
        public NetnsLab(IEnumerable<LabZone> zones, Action<string>? log = null)
        {
            ArgumentNullException.ThrowIfNull(zones);
            var outer = log;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            this.log = line =>
            {
                try
                {
                    outer?.Invoke($"[{clock.Elapsed.TotalSeconds,6:0.000}] {line}");
                }
                catch (InvalidOperationException)
                {
                    // An output helper whose test has already finished.
                }
            };
            Id = NamespaceNames.NewLabId();
            GatewayNamespace = NamespaceNames.Gateway(Id);
            this.zones = Validate(zones.ToList(), Id);
            ip = ToolPaths.Ip;
            nft = ToolPaths.Nft;

            NamespaceNames.CleanStaleOnce(this.log);
            namespaces.Add(GatewayNamespace);
            namespaces.AddRange(this.zones.Select(z => z.Namespace));
            Live.TryAdd(this, 0);
            try
            {
                Build();
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>Builds a lab from zones given inline: <c>new NetnsLab(new LabZone("a", "10.10.0.5/16"), ...)</c>.</summary>
        public NetnsLab(params LabZone[] zones)
            : this((IEnumerable<LabZone>)zones)
        {
        }

        /// <summary>Short random id shared by this lab's namespace names.</summary>
        public string Id { get; }

        /// <summary>The gateway namespace, where <see cref="LoadRuleset"/> loads rulesets.</summary>
        public string GatewayNamespace { get; }

        /// <summary>Every namespace this lab created (gateway first).</summary>
        public IReadOnlyList<string> Namespaces => namespaces;

        public IReadOnlyList<string> ZoneNames => zones.Select(z => z.Name).ToArray();

        /// <summary>The namespace that holds a zone's host.</summary>
        public string NamespaceOf(string zone) => Zone(zone).Namespace;

        /// <summary>A zone's first host address of a family, without prefix length (<c>10.10.0.5</c>).</summary>
        public string HostAddress(string zone, AddressFamily family)
        {
            var state = Zone(zone);
            var host = state.Hosts.FirstOrDefault(h => h.Address.AddressFamily == family)
                ?? throw new ArgumentException($"zone '{zone}' has no {family} host address", nameof(family));
            return host.Address.ToString();
        }

        /// <summary>The gateway's addresses on a zone's link, without prefix length (<c>10.10.0.1</c>, <c>fd00:10::1</c>).</summary>
        public IReadOnlyList<string> GatewayAddressesOf(string zone) =>
            Zone(zone).Gateways.Select(g => g.Address.ToString()).ToArray();

        /// <summary>The zone whose host has this address.</summary>
        public string ZoneOf(string address) => Destination(ParseAddress(address)).Name;

        /// <summary>Loads a ruleset into the gateway (<c>nft -f</c>); throws <see cref="NftRulesetException"/> with nft's stderr if refused.</summary>
        public void LoadRuleset(string nftText) => LoadRulesetIn(GatewayNamespace, nftText, check: false);

        /// <summary>Loads a ruleset on a zone's test host (for host-mode targets), throwing with nft's stderr if it fails.</summary>
        public void LoadRulesetOnHost(string zone, string nftText) => LoadRulesetIn(NamespaceOf(zone), nftText, check: false);

        /// <summary>Checks a ruleset against the gateway's kernel without loading it (<c>nft -c -f</c>); throws <see cref="NftRulesetException"/> if refused.</summary>
        public void CheckRuleset(string nftText) => LoadRulesetIn(GatewayNamespace, nftText, check: true);

        /// <summary>Removes every table from the gateway (<c>nft flush ruleset</c>).</summary>
        public void FlushRuleset() => Nft(GatewayNamespace, "flush", "ruleset");

        /// <summary>The gateway's running ruleset as an operator exports it: <c>nft -j list ruleset</c>.</summary>
        public string ExportRuleset() => Nft(GatewayNamespace, "-j", "list", "ruleset");

        /// <summary>A zone host's running ruleset (host mode), as <c>nft -j list ruleset</c> exports it.</summary>
        public string ExportRulesetOnHost(string zone) => Nft(NamespaceOf(zone), "-j", "list", "ruleset");

        /// <summary>Runs nft in the gateway namespace, as an operator editing the running ruleset by hand would.</summary>
        public string NftOnGateway(params string[] arguments) => Nft(GatewayNamespace, arguments);

        /// <summary>
        /// The link-layer addresses of the gateway's interfaces (lower case, <c>1a:c8:cd:39:95:62</c>). A kernel log line of a
        /// packet the gateway received starts its <c>MAC=</c> field with one of them, which tells this lab's lines from
        /// another lab's running at the same time (their zones' addresses and interface names may be the same).
        /// </summary>
        public IReadOnlyList<string> GatewayLinkAddresses()
        {
            var result = HostCommand.Run(ip, new[] { "-n", GatewayNamespace, "-o", "link", "show" }, CommandTimeout);
            if (!result.Succeeded) throw new InvalidOperationException("`ip -n " + GatewayNamespace + " -o link show` failed: " + result.Describe());
            return System.Text.RegularExpressions.Regex.Matches(result.Stdout, @"link/ether ([0-9a-f:]{17})")
                .Cast<System.Text.RegularExpressions.Match>().Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().ToArray();
        }

        /// <summary>The gateway's current ruleset as nft prints it (for failure messages).</summary>
        public string ListRuleset() => Nft(GatewayNamespace, "list", "ruleset");

        /// <summary>Whether a TCP connection from the zone's host to the address:port carries one line there and back.</summary>
        public bool TcpConnects(string fromZone, string toAddress, int port, TimeSpan timeout) =>
            Probe(ProbeProtocol.Tcp, fromZone, toAddress, port, timeout);

        /// <summary>Whether a UDP datagram from the zone's host to address:port is answered by the echo listener there.</summary>
        public bool UdpExchange(string fromZone, string toAddress, int port, TimeSpan timeout) =>
            Probe(ProbeProtocol.Udp, fromZone, toAddress, port, timeout);

        /// <summary>
        /// Whether one ICMP(v6) echo request from the zone's host to a lab host or gateway address gets its reply
        /// (<c>ping -c1 -W1</c>; the timeout is rounded up to whole seconds).
        /// </summary>
        public bool IcmpEcho(string fromZone, string toAddress, TimeSpan? timeout = null)
        {
            var source = Zone(fromZone);
            var address = ParseAddress(toAddress);
            if (!zones.Any(z => z.Gateways.Any(g => g.Address.Equals(address)))) Destination(address);
            var seconds = Math.Max(1, (int)Math.Ceiling((timeout ?? TimeSpan.FromSeconds(1)).TotalSeconds));
            var arguments = new[]
            {
                "netns", "exec", source.Namespace, ToolPaths.Ping,
                IsV6(address) ? "-6" : "-4", "-n", "-q", "-c", "1", "-W", seconds.ToString(CultureInfo.InvariantCulture), address.ToString(),
            };
            log("ping: " + HostCommand.Format(ip, arguments));
            var result = HostCommand.Run(ip, arguments, TimeSpan.FromSeconds(seconds + 5));
            log($"  -> {(result.Succeeded ? "reply" : "no reply")}" + (result.Stderr.Length > 0 ? ": " + result.Stderr.Trim() : ""));
            return result.Succeeded;
        }

        /// <summary>
        /// One probe of any kind: TCP and UDP start a socat echo listener on the destination host (bound to
        /// <paramref name="toAddress"/>, which must be a lab host address), send a fresh line from the source zone's
        /// host and succeed when the same line comes back within <paramref name="timeout"/>. A dropped probe costs
        /// the whole timeout; a refused one (RST, ICMP unreachable) returns early.
        /// </summary>
        /// <param name="sourcePort">The client's port (socat <c>sourceport</c>); null lets the kernel pick an ephemeral one.</param>
        public bool Probe(ProbeProtocol protocol, string fromZone, string toAddress, int port, TimeSpan timeout, int? sourcePort = null)
        {
            if (protocol == ProbeProtocol.Icmp) return IcmpEcho(fromZone, toAddress, timeout);
            var source = Zone(fromZone);
            var address = ParseAddress(toAddress);
            var destination = Destination(address);
            if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "a port is 1..65535");
            if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "the timeout must be positive");
            if (sourcePort is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(sourcePort), sourcePort, "a port is 1..65535");
            // reuseaddr: probes from one fixed port follow each other faster than TIME_WAIT ends.
            var bind = sourcePort is int sp ? ",sourceport=" + sp.ToString(CultureInfo.InvariantCulture) + ",reuseaddr" : "";

            var family = IsV6(address) ? "6" : "4";
            var host = IsV6(address) ? "[" + address + "]" : address.ToString();
            var portText = port.ToString(CultureInfo.InvariantCulture);
            var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            string[] listen, connect;
            if (protocol == ProbeProtocol.Tcp)
            {
                // EXEC:cat echoes the client's line back, so a reply proves both directions got through.
                listen = new[] { "-T2", $"TCP{family}-LISTEN:{portText},bind={host},reuseaddr,fork", "EXEC:cat" };
                connect = new[] { $"-T{seconds}", "-", $"TCP{family}:{host}:{portText},connect-timeout={seconds}{bind}" };
            }
            else
            {
                // One forked child per datagram echoes it back from the bound address and port.
                listen = new[] { "-T2", $"UDP{family}-RECVFROM:{portText},bind={host},fork", "EXEC:cat" };
                connect = new[] { $"-T{seconds}", $"-t{seconds}", "-", $"UDP{family}:{host}:{portText}{bind}" };
            }

            var line = "pl-probe-" + Guid.NewGuid().ToString("N");
            log($"probe {protocol.ToString().ToLowerInvariant()} {source.Name}{(sourcePort is int from ? ":" + from.ToString(CultureInfo.InvariantCulture) : "")} -> {destination.Name} {host}:{portText}");
            using var listener = SocatListener.Start(ip, destination.Namespace, listen, ListenerReadyTimeout, log);
            return SocatClient.Exchange(ip, source.Namespace, connect, line, timeout, log);
        }

        /// <summary>
        /// Proves what DSCP the receiver sees: loads named counters into the destination host's namespace (input
        /// hook, <c>ip dscp N counter</c> / <c>ip6 dscp N counter</c>, plus one counting every probe packet), sends one
        /// probe, reads the counters (<c>nft -j list counters</c>) and removes them again.
        /// </summary>
        public DscpObservation ObservedDscp(string fromZone, string toAddress, ProbeProtocol protocol, int port, int dscp, TimeSpan timeout)
        {
            if (dscp is < 0 or > 63) throw new ArgumentOutOfRangeException(nameof(dscp), dscp, "a DSCP value is 0..63");
            var address = ParseAddress(toAddress);
            var destination = Destination(address);
            var v6 = IsV6(address);
            var l3 = v6 ? "ip6" : "ip";
            var match = protocol switch
            {
                ProbeProtocol.Tcp => $"tcp dport {port.ToString(CultureInfo.InvariantCulture)}",
                ProbeProtocol.Udp => $"udp dport {port.ToString(CultureInfo.InvariantCulture)}",
                _ => v6 ? "icmpv6 type echo-request" : "icmp type echo-request",
            };
            var observer = new StringBuilder()
                .AppendLine($"table inet {ObserverTable}")
                .AppendLine($"delete table inet {ObserverTable}")
                .AppendLine($"table inet {ObserverTable} {{")
                .AppendLine("  counter marked { }")
                .AppendLine("  counter total { }")
                .AppendLine("  chain input {")
                .AppendLine("    type filter hook input priority -300; policy accept;")
                .AppendLine($"    {l3} daddr {address} {match} counter name \"total\"")
                .AppendLine($"    {l3} daddr {address} {match} {l3} dscp {dscp.ToString(CultureInfo.InvariantCulture)} counter name \"marked\"")
                .AppendLine("  }")
                .AppendLine("}")
                .ToString();
            LoadRulesetIn(destination.Namespace, observer, check: false);
            try
            {
                var delivered = Probe(protocol, fromZone, toAddress, port, timeout);
                var counters = ReadCounters(destination.Namespace);
                var observation = new DscpObservation(dscp, delivered, counters.GetValueOrDefault("marked"), counters.GetValueOrDefault("total"));
                log("  -> " + observation);
                return observation;
            }
            finally
            {
                Nft(destination.Namespace, "delete", "table", "inet", ObserverTable);
            }
        }

        /// <summary>Kills every process in the lab's namespaces and deletes them. Never throws; safe to call twice.</summary>
        public void Dispose()
        {
            if (System.Threading.Interlocked.Exchange(ref disposed, 1) != 0) return;
            Live.TryRemove(this, out _);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            // Zones first, gateway last; deleting a namespace also removes its veth ends.
            foreach (var name in Enumerable.Reverse(namespaces))
            {
                string? error;
                try
                {
                    error = NamespaceNames.Delete(name);
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
                {
                    error = e.Message;
                }
                if (error != null)
                {
                    log($"could not delete namespace {name}: {error}");
                    Console.Error.WriteLine($"NetnsLab: could not delete namespace {name}: {error}");
                }
            }
            log($"removed lab {Id} in {watch.ElapsedMilliseconds} ms");
        }

        private void Build()
        {
            // One bash run for the whole topology, with `ip -batch` per namespace: about three process starts per
            // zone instead of a dozen (on a loaded 2-core machine each start costs tens of milliseconds).
            var script = new StringBuilder();
            void Line(string text) => script.Append(text).Append('\n');
            void Batch(string? @namespace, IEnumerable<string> commands)
            {
                Line($"{ip}{(@namespace == null ? "" : " -n " + @namespace)} -batch - <<'PL_EOF'");
                foreach (var command in commands) Line(command);
                Line("PL_EOF");
            }
            static string Sysctl(string key, int value) => $"echo {value.ToString(CultureInfo.InvariantCulture)} > /proc/sys/{key.Replace('.', '/')}";
            static string Dad(string nodad, CidrAddress address) => address.IsV6 ? " " + nodad : "";

            Batch(null, namespaces.Select(n => "netns add " + n));

            // No duplicate address detection anywhere (IPv6 addresses, link-local ones included, are usable at once
            // instead of after 1-2 s); the gateway forwards both families. Set before any interface exists, so every
            // interface inherits the defaults.
            var noDad = new[] { Sysctl("net.ipv6.conf.all.accept_dad", 0), Sysctl("net.ipv6.conf.default.accept_dad", 0) };
            var forwarding = new[] { Sysctl("net.ipv4.ip_forward", 1), Sysctl("net.ipv6.conf.all.forwarding", 1), Sysctl("net.ipv6.conf.default.forwarding", 1) };
            Line($"{ip} netns exec {GatewayNamespace} sh -ec '{string.Join("; ", noDad.Concat(forwarding))}'");
            foreach (var zone in zones) Line($"{ip} netns exec {zone.Namespace} sh -ec '{string.Join("; ", noDad)}'");

            foreach (var zone in zones)
            {
                // The veth is created inside the zone with its peer placed straight into the gateway: no interface
                // name ever exists in the machine's own namespace, so labs cannot collide on names.
                var commands = new List<string>
                {
                    "link set lo up",
                    $"link add {zone.HostInterface} type veth peer name {zone.GatewayInterface} netns {GatewayNamespace}",
                };
                commands.AddRange(zone.Hosts.Select(h => $"addr add {h} dev {zone.HostInterface}{Dad("nodad", h)}"));
                commands.Add($"link set {zone.HostInterface} up");
                Batch(zone.Namespace, commands);
            }

            var gateway = new List<string> { "link set lo up" };
            foreach (var zone in zones)
            {
                gateway.AddRange(zone.Gateways.Select(g => $"addr add {g} dev {zone.GatewayInterface}{Dad("nodad", g)}"));
                gateway.Add($"link set {zone.GatewayInterface} up");
            }
            Batch(GatewayNamespace, gateway);

            foreach (var zone in zones)
            {
                // The family follows from the gateway address; no -4/-6 needed (batch lines take no global options).
                var routes = new[] { zone.Gateways.FirstOrDefault(g => !g.IsV6), zone.Gateways.FirstOrDefault(g => g.IsV6) }
                    .Where(g => g != null)
                    .Select(g => $"route add default via {g!.Address} dev {zone.HostInterface}")
                    .ToArray();
                Batch(zone.Namespace, routes);
            }

            var text = script.ToString();
            log($"building lab {Id}:\n{text}");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var result = HostCommand.Run("/bin/bash", new[] { "-eu", "-c", "PS4='+ ${EPOCHREALTIME} '; set -x; " + text }, CommandTimeout);
            log($"built lab {Id} in {watch.ElapsedMilliseconds} ms");
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"building lab {Id} failed ({(result.TimedOut ? "timed out" : "exit " + result.ExitCode)}):\n{result.Stderr.Trim()}");
            }
        }

        private void LoadRulesetIn(string @namespace, string nftText, bool check)
        {
            ArgumentNullException.ThrowIfNull(nftText);
            var file = Path.Combine(Path.GetTempPath(), $"pl-{Id}-{Guid.NewGuid():N}.nft");
            File.WriteAllText(file, nftText.EndsWith('\n') ? nftText : nftText + "\n");
            try
            {
                var arguments = new List<string> { "netns", "exec", @namespace, nft };
                if (check) arguments.Add("-c");
                arguments.AddRange(new[] { "-f", file });
                log((check ? "check" : "load") + $" ruleset in {@namespace}:\n{nftText}");
                var result = HostCommand.Run(ip, arguments, CommandTimeout);
                if (!result.Succeeded)
                {
                    var what = check ? "nft -c -f" : "nft -f";
                    throw new NftRulesetException(
                        $"{what} refused the ruleset in namespace {@namespace} ({(result.TimedOut ? "timed out" : "exit " + result.ExitCode)}):",
                        result.Stderr, nftText);
                }
            }
            finally
            {
                File.Delete(file);
            }
        }

        private string Nft(string @namespace, params string[] nftArguments)
        {
            var arguments = new List<string> { "netns", "exec", @namespace, nft };
            arguments.AddRange(nftArguments);
            var result = HostCommand.Run(ip, arguments, CommandTimeout);
            if (!result.Succeeded)
            {
                throw new NftRulesetException($"`nft {string.Join(" ", nftArguments)}` failed in namespace {@namespace}:", result.Stderr, "");
            }
            return result.Stdout;
        }

        private Dictionary<string, long> ReadCounters(string @namespace)
        {
            var json = Nft(@namespace, "-j", "list", "counters", "table", "inet", ObserverTable);
            var counters = new Dictionary<string, long>(StringComparer.Ordinal);
            using var document = JsonDocument.Parse(json);
            foreach (var item in document.RootElement.GetProperty("nftables").EnumerateArray())
            {
                if (item.TryGetProperty("counter", out var counter)
                    && counter.TryGetProperty("name", out var name)
                    && counter.TryGetProperty("packets", out var packets))
                {
                    counters[name.GetString() ?? ""] = packets.GetInt64();
                }
            }
            return counters;
        }

        private LabZoneState Zone(string name) =>
            zones.FirstOrDefault(z => z.Name == name)
            ?? throw new ArgumentException($"no zone '{name}' in this lab (zones: {string.Join(", ", zones.Select(z => z.Name))})", nameof(name));

        private LabZoneState Destination(IPAddress address) =>
            zones.FirstOrDefault(z => z.HasHost(address))
            ?? throw new ArgumentException($"{address} is not a host address of this lab; probes only go to the lab's own hosts", nameof(address));

        private static IPAddress ParseAddress(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            var bare = text.Trim().Trim('[', ']');
            var slash = bare.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0) bare = bare[..slash];
            return IPAddress.TryParse(bare, out var address)
                ? address
                : throw new ArgumentException($"'{text}' is not an IP address", nameof(text));
        }

        private static bool IsV6(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6;

        private static List<LabZoneState> Validate(List<LabZone> zones, string labId)
        {
            if (zones.Count == 0) throw new ArgumentException("a lab needs at least one zone", nameof(zones));
            var duplicate = zones.GroupBy(z => z.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null) throw new ArgumentException($"zone '{duplicate.Key}' is given twice", nameof(zones));

            var states = new List<LabZoneState>();
            for (var i = 0; i < zones.Count; i++)
            {
                var hosts = zones[i].HostAddresses.Select(CidrAddress.Parse).ToArray();
                var state = new LabZoneState(zones[i], i, NamespaceNames.Zone(labId, i), hosts);
                foreach (var host in hosts)
                {
                    if (host.Address.Equals(host.Network))
                    {
                        throw new ArgumentException($"zone '{zones[i].Name}': {host} is its prefix's network address, not a host address", nameof(zones));
                    }
                    if (state.Gateways.Any(g => g.Address.Equals(host.Address)))
                    {
                        throw new ArgumentException($"zone '{zones[i].Name}': {host} is the address the lab gives the gateway; use another host address", nameof(zones));
                    }
                }
                states.Add(state);
            }
            foreach (var a in states)
            {
                foreach (var b in states.Where(b => b.Index > a.Index))
                {
                    foreach (var pa in a.Hosts)
                    {
                        var clash = b.Hosts.FirstOrDefault(pb => pa.Overlaps(pb));
                        if (clash != null)
                        {
                            throw new ArgumentException($"zones '{a.Name}' ({pa}) and '{b.Name}' ({clash}) overlap; the gateway routes between them, so their prefixes must be disjoint", nameof(zones));
                        }
                    }
                }
            }
            return states;
        }
    }
}
