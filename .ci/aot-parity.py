#!/usr/bin/env python3
"""The native (AOT) policyc against the JIT-compiled one: the same commands, the same output.

Usage: aot-parity.py WORK NATIVE -- JIT...

Native AOT trims what it cannot see used, and the templates (Scriban) and the YAML reader reach the core's types by
reflection. A member trimmed away would not fail the build: it would change an output, or fail one command on one
input. So every command here runs twice, once per tool, each in a folder of its own with the same relative paths, and
the two folders must end byte-identical: standard output, standard error, exit code and every file written. The inputs
are every policy in samples/ and tests/ (clean ones and broken ones), Capirca's and Aerleon's sample policies for the
importers, a running-state export for verify and report (also in a folder large enough for the native tool to start itself
again with its verify settings), a policy large enough for check and build to do the same, and flow-log lines for audit.
"""
import filecmp
import os
import shutil
import subprocess
import sys

work, native = sys.argv[1], sys.argv[2]
jit = sys.argv[sys.argv.index('--') + 1:]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rel(path):
    return os.path.join(root, path)


def policies():
    found = []
    for top in ('samples', 'tests'):
        for folder, dirs, files in os.walk(rel(top)):
            dirs[:] = sorted(d for d in dirs if d not in ('bin', 'obj', 'node_modules'))
            found.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith('.netpolicy'))
    return found


inputs = os.path.join(work, 'inputs')
state = os.path.join(inputs, 'state', 'gw')
os.makedirs(state, exist_ok=True)
shutil.copy(rel('tests/PolicyLang.Core.Tests/Operations/State/small-gw1.json'), os.path.join(state, 'gw1.json'))
# A state folder over the 64 MB from which the native verify starts itself again with its own collector setting
# (src/PolicyLang.Cli/GcProfile.cs): the same export, and a file of no device (reported, not read) that makes up the size.
large = os.path.join(inputs, 'state-large', 'gw')
os.makedirs(large, exist_ok=True)
shutil.copy(rel('tests/PolicyLang.Core.Tests/Operations/State/small-gw1.json'), os.path.join(large, 'gw1.json'))
with open(os.path.join(large, 'padding.json'), 'wb') as f:
    f.write(b' ' * (65 << 20))
# A policy over the 2 MB from which the native check and build start themselves again with their large-policy collector
# settings (GcProfile.cs): a sample padded with comment lines.
large_policy = os.path.join(inputs, 'large', 'policy.netpolicy')
os.makedirs(os.path.dirname(large_policy), exist_ok=True)
with open(rel('samples/campus-lab/policy.netpolicy'), 'rb') as src, open(large_policy, 'wb') as f:
    f.write(src.read())
    f.write((b'# ' + b'padding ' * 9 + b'\n') * 30000)
logs = os.path.join(inputs, 'logs')
os.makedirs(logs, exist_ok=True)
with open(os.path.join(logs, 'kernel.log'), 'w') as f:
    f.write('[ 12.000001] policyc f4 deny lab->store: IN=z2 OUT=z1 MAC=66:6c:f7:16:90:5a:4a:56:fe:fe:80:7b:08:00 '
            'SRC=10.60.0.5 DST=10.20.0.5 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=15285 DF PROTO=TCP SPT=48158 DPT=443 '
            'WINDOW=64240 RES=0x00 SYN URGP=0\n')
with open(os.path.join(logs, 'vpc.log'), 'w') as f:
    f.write('version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n'
            '2 123456789012 eni-0a1b2c3d 10.10.0.5 10.20.0.5 53376 2049 6 10 840 1764547200 1764547260 ACCEPT OK\n'
            '2 123456789012 eni-0a1b2c3d 203.0.113.9 10.20.0.5 40000 22 6 1 60 1764547200 1764547260 REJECT OK\n')

sample = rel('samples/ai-platform')
commands = [['--version'], ['--help'], ['explain', 'NP2015'], ['explain', 'NP4205']]
for i, p in enumerate(policies()):
    commands.append(['check', p])
    commands.append(['check', p, '--format', 'json'])
    commands.append(['build', p, '-o', 'build-%d' % i])
for s in ('samples/ai-platform', 'samples/campus-lab/policy.netpolicy', 'samples/inference-edge/policy.netpolicy'):
    n = os.path.basename(s)
    commands += [
        ['check', rel(s), '--format', 'sarif'],
        ['test', rel(s)],
        ['report', rel(s), '-o', 'report-%s.html' % n],
        ['report', rel(s), '--format', 'json'],
        ['fmt', rel(s), '--check'],
    ]
commands += [
    ['check', large_policy],
    ['build', os.path.dirname(large_policy), '-o', 'build-large'],
    ['query', sample, '--from', 'any', '--to', 'any'],
    ['query', sample, '--from', 'dev', '--to', 'any', '--format', 'json'],
    ['diff', sample, rel('samples/inference-edge/policy.netpolicy')],
    ['diff', sample, rel('samples/inference-edge/policy.netpolicy'), '--format', 'json'],
    ['verify', rel('tests/PolicyLang.Core.Tests/Operations/State/small.netpolicy'), '--state', os.path.join(inputs, 'state'), '--no-cache'],
    ['verify', rel('tests/PolicyLang.Core.Tests/Operations/State/small.netpolicy'), '--state', os.path.join(inputs, 'state'), '--no-cache', '--plan', '--format', 'sarif'],
    ['report', rel('tests/PolicyLang.Core.Tests/Operations/State/small.netpolicy'), '--state', os.path.join(inputs, 'state'), '--format', 'json'],
    ['verify', rel('tests/PolicyLang.Core.Tests/Operations/State/small.netpolicy'), '--state', os.path.join(inputs, 'state-large'), '--no-cache'],
    ['report', rel('tests/PolicyLang.Core.Tests/Operations/State/small.netpolicy'), '--state=' + os.path.join(inputs, 'state-large'), '--format', 'json'],
    ['audit', rel('tests/PolicyLang.E2E/Policies/lab.netpolicy'), '--logs', logs],
    ['audit', rel('tests/PolicyLang.E2E/Policies/lab.netpolicy'), '--logs', logs, '--format', 'json', '--suggest', 'suggest.diff'],
]
for tool in ('capirca', 'aerleon'):
    base = rel('tests/PolicyLang.Core.Tests/Import/%s' % tool)
    folder = os.path.join(base, 'policies', 'pol')
    for i, pol in enumerate(sorted(os.listdir(folder))):
        commands.append(['import', tool, '--pol', os.path.join(folder, pol), '--defs', os.path.join(base, 'def'), '-o', 'import-%s-%d' % (tool, i)])


def run(name, tool):
    out = os.path.join(work, name)
    os.makedirs(out)
    for i, args in enumerate(commands):
        r = subprocess.run(tool + args, cwd=out, stdin=subprocess.DEVNULL, capture_output=True, timeout=600)
        with open(os.path.join(out, 'cmd-%04d.txt' % i), 'wb') as f:
            f.write(b'$ policyc ' + ' '.join(args).encode() + b'\nexit ' + str(r.returncode).encode() + b'\n--- stdout\n')
            # SARIF names the working folder (originalUriBaseIds): the one thing that differs by design.
            here = (out + os.sep).encode()
            f.write(r.stdout.replace(here, b'<cwd>/'))
            f.write(b'--- stderr\n')
            f.write(r.stderr.replace(here, b'<cwd>/'))
    return out


a = run('native', [native])
b = run('jit', jit)


def differences(cmp, path=''):
    found = [os.path.join(path, n) for n in cmp.left_only + cmp.right_only + cmp.funny_files]
    for n in cmp.common_files:
        if not filecmp.cmp(os.path.join(cmp.left, n), os.path.join(cmp.right, n), shallow=False):
            found.append(os.path.join(path, n))
    for n, sub in sorted(cmp.subdirs.items()):
        found += differences(sub, os.path.join(path, n))
    return found


diff = differences(filecmp.dircmp(a, b))
files = sum(len(fs) for _, _, fs in os.walk(a))
exits = {}
for i in range(len(commands)):
    with open(os.path.join(a, 'cmd-%04d.txt' % i), 'rb') as f:
        code = f.read().split(b'\n')[1].decode()
    exits[code] = exits.get(code, 0) + 1
print('  %d commands, %d files compared; exit codes: %s' % (len(commands), files, ', '.join('%s x%d' % kv for kv in sorted(exits.items()))))
if diff:
    for d in diff[:20]:
        print('  differs: ' + d)
        if d.startswith('cmd-'):
            subprocess.run(['diff', os.path.join(a, d), os.path.join(b, d)], check=False)
    sys.exit(1)
if len(exits) < 2:
    print('  every command exited the same way: the inputs do not exercise failures')
    sys.exit(1)
