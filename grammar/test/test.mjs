// Tokenizes every sample policy (samples/**/*.netpolicy) and every grammar case (grammar/test/cases/*.netpolicy) with grammar/netpolicy.tmLanguage.json through
// vscode-textmate + vscode-oniguruma (the engine VS Code itself uses) and compares the scopes with the approved
// dumps in approved/. Any difference fails; POLICYLANG_UPDATE_BASELINES=1 rewrites the approved files.
// A few hand-written cases pin what the scopes must be, so an approved dump cannot silently approve a regression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import vsctm from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const grammarPath = path.join(root, 'grammar', 'netpolicy.tmLanguage.json');
const approvedDir = path.join(here, 'approved');
const update = process.env.POLICYLANG_UPDATE_BASELINES === '1';

const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));

const registry = new vsctm.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async (scopeName) => {
    if (scopeName !== 'source.netpolicy') return null;
    return vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath);
  },
});
const grammar = await registry.loadGrammar('source.netpolicy');

/** Tokens of a text: [{ line, text, scopes }] with the root scope left out. */
function tokenize(text) {
  const result = [];
  let ruleStack = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((line, index) => {
    const r = grammar.tokenizeLine(line, ruleStack);
    for (const t of r.tokens) {
      const value = line.substring(t.startIndex, t.endIndex);
      result.push({ line: index, start: t.startIndex, text: value, scopes: t.scopes.slice(1) });
    }
    ruleStack = r.ruleStack;
  });
  return result;
}

/** The dump format: each source line, then one indented row per non-blank token with its scopes. */
function dump(text) {
  const lines = text.split(/\r?\n/);
  const tokens = tokenize(text);
  const out = [];
  let i = 0;
  lines.forEach((line, index) => {
    out.push(`${String(index + 1).padStart(4)}| ${line}`);
    for (; i < tokens.length && tokens[i].line === index; i++) {
      const t = tokens[i];
      if (t.text.trim() === '' && t.scopes.length === 0) continue;
      out.push(`      ${JSON.stringify(t.text)} ${t.scopes.join(' ')}`);
    }
  });
  return out.join('\n') + '\n';
}

function samples(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...samples(full));
    else if (entry.name.endsWith('.netpolicy')) found.push(full);
  }
  return found.sort();
}

// The samples, then the grammar's own cases: policies kept here (not in samples/, which the compiler's tests also
// read) to show syntax the samples do not use yet.
const sampleFiles = samples(path.join(root, 'samples'));
const caseFiles = samples(path.join(here, 'cases'));
const dumpedFiles = [...sampleFiles, ...caseFiles];

test('there are sample policies to check', () => {
  assert.ok(sampleFiles.length >= 3, `found ${sampleFiles.length} sample files`);
});

for (const file of dumpedFiles) {
  const relative = path.relative(root, file).split(path.sep).join('/');
  const approvedName = relative.replace(/\//g, '__') + '.scopes.txt';
  test(`scopes of ${relative} match approved/${approvedName}`, () => {
    const actual = dump(fs.readFileSync(file, 'utf8'));
    const approvedPath = path.join(approvedDir, approvedName);
    const receivedPath = path.join(approvedDir, approvedName.replace(/\.scopes\.txt$/, '.received.txt'));
    if (update) {
      fs.mkdirSync(approvedDir, { recursive: true });
      fs.writeFileSync(approvedPath, actual);
      if (fs.existsSync(receivedPath)) fs.unlinkSync(receivedPath);
      return;
    }
    assert.ok(fs.existsSync(approvedPath), `no approved dump ${approvedPath}; run 'npm run approve' and review it`);
    const approved = fs.readFileSync(approvedPath, 'utf8');
    if (approved !== actual) {
      fs.writeFileSync(receivedPath, actual);
      const a = approved.split('\n'), b = actual.split('\n');
      let n = 0;
      while (n < a.length && n < b.length && a[n] === b[n]) n++;
      assert.fail(`scopes differ from ${approvedName} at dump line ${n + 1}:\n  approved: ${a[n]}\n  actual:   ${b[n]}\n(the whole dump is in ${receivedPath})`);
    }
    if (fs.existsSync(receivedPath)) fs.unlinkSync(receivedPath);
  });
}

// The baselines shipped inside Core (import "baseline:NAME") are policies too: no dump of their own (they are Core's to
// change), but they must tokenize cleanly, and every assertion in them must be coloured as one.
const baselineFiles = samples(path.join(root, 'src', 'PolicyLang.Core', 'Baselines'));

test('the baselines shipped in Core tokenize without invalid tokens, every word scoped, every assertion kind a keyword', () => {
  assert.ok(baselineFiles.length >= 1, 'no shipped baselines found');
  for (const file of baselineFiles) {
    const text = fs.readFileSync(file, 'utf8');
    const tokens = tokenize(text);
    for (const t of tokens) {
      assert.ok(!t.scopes.some((s) => s.startsWith('invalid.')), `${file}:${t.line + 1} ${JSON.stringify(t.text)} is ${t.scopes.join(' ')}`);
      if (/[A-Za-z0-9]/.test(t.text)) assert.ok(t.scopes.length > 0, `${file}:${t.line + 1} ${JSON.stringify(t.text)} has no scope`);
    }
    text.split(/\r?\n/).forEach((line, index) => {
      const m = /^assert\s+([a-z]+)/.exec(line);
      if (m) assert.equal(scopeOf(text, index, m[1]), 'keyword.other.assertion.netpolicy', `${file}:${index + 1}`);
      const b = /^baseline\s+([A-Za-z0-9_-]+)/.exec(line);
      if (b) assert.equal(scopeOf(text, index, b[1]), 'entity.name.type.baseline.netpolicy', `${file}:${index + 1}`);
    });
  }
});

test('no sample token is marked invalid and every sample word gets a scope', () => {
  for (const file of dumpedFiles) {
    for (const t of tokenize(fs.readFileSync(file, 'utf8'))) {
      assert.ok(!t.scopes.some((s) => s.startsWith('invalid.')), `${file}:${t.line + 1} ${JSON.stringify(t.text)} is ${t.scopes.join(' ')}`);
      if (/[A-Za-z0-9]/.test(t.text)) assert.ok(t.scopes.length > 0, `${file}:${t.line + 1} ${JSON.stringify(t.text)} has no scope`);
    }
  }
});

/** The innermost scope of the first token with this text on this line (0-based). */
function scopeOf(text, line, word, nth = 0) {
  const matches = tokenize(text).filter((t) => t.line === line && t.text === word);
  assert.ok(matches.length > nth, `no token ${JSON.stringify(word)} on line ${line}: ${JSON.stringify(tokenize(text).filter((t) => t.line === line))}`);
  return matches[nth].scopes.at(-1);
}

test('declarations name what they declare', () => {
  const text = [
    'policy lab {', '  default deny', '}',
    'prefixes nets = 10.0.0.0/8, fd00::/48',
    'ports web = 80, 8000-8001',
    'service api = tcp/web, udp/53, icmp echo-request code 0',
    'class gold {', '  dscp af41', '  bandwidth 20%', '}',
    'zone edge {', '  segment dmz {', '    subnet nets, 192.0.2.0/24', '  }', '}',
    'target gw nftables {', '  zones edge', '  mode gateway', '}',
  ].join('\n');
  assert.equal(scopeOf(text, 0, 'policy'), 'keyword.other.declaration.policy.netpolicy');
  assert.equal(scopeOf(text, 0, 'lab'), 'entity.name.type.policy.netpolicy');
  assert.equal(scopeOf(text, 1, 'deny'), 'keyword.control.action.netpolicy');
  assert.equal(scopeOf(text, 3, 'nets'), 'entity.name.constant.prefix-list.netpolicy');
  assert.match(tokenize(text).filter((t) => t.line === 3).map((t) => t.scopes.join(' ')).join('|'), /constant\.numeric\.ipv4\.netpolicy/);
  assert.match(tokenize(text).filter((t) => t.line === 3).map((t) => t.scopes.join(' ')).join('|'), /constant\.numeric\.ipv6\.netpolicy/);
  assert.equal(scopeOf(text, 4, 'web'), 'entity.name.constant.port-list.netpolicy');
  assert.equal(scopeOf(text, 5, 'api'), 'entity.name.function.service.netpolicy');
  assert.equal(scopeOf(text, 5, 'tcp'), 'support.type.protocol.netpolicy');
  assert.equal(scopeOf(text, 5, 'web'), 'variable.other.port-list.netpolicy');
  assert.equal(scopeOf(text, 5, 'echo-request'), 'constant.language.icmp-type.netpolicy');
  assert.equal(scopeOf(text, 5, 'code'), 'keyword.other.code.netpolicy');
  assert.equal(scopeOf(text, 6, 'gold'), 'entity.name.type.class.netpolicy');
  assert.equal(scopeOf(text, 7, 'af41'), 'constant.language.dscp.netpolicy');
  assert.equal(scopeOf(text, 8, '%'), 'keyword.other.unit.netpolicy');
  assert.equal(scopeOf(text, 10, 'edge'), 'entity.name.namespace.zone.netpolicy');
  assert.equal(scopeOf(text, 11, 'dmz'), 'entity.name.section.segment.netpolicy');
  assert.equal(scopeOf(text, 12, 'nets'), 'variable.other.prefix-list.netpolicy');
  assert.equal(scopeOf(text, 15, 'gw'), 'entity.name.type.target.netpolicy');
  assert.equal(scopeOf(text, 15, 'nftables'), 'support.type.platform.netpolicy');
  assert.equal(scopeOf(text, 16, 'edge'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 17, 'gateway'), 'constant.language.mode.netpolicy');
});

test('flows and assertions: endpoints, services, options; continuation lines and comments', () => {
  const text = [
    'allow training.gpu -> any : nfs, tcp/443 class rdma log // why',
    '  description "multi-line \\"flow\\""',
    'deny a -> b : any rate 100/s',
    'assert isolated pii except ops, dev',
    'assert never dev -> pii : ssh',
    'assert mtu edge >= 9000',
    '/* block',
    '   comment */',
    'zone z {',
    '}',
    '# hash comment',
  ].join('\n');
  assert.equal(scopeOf(text, 0, 'allow'), 'keyword.control.action.netpolicy');
  assert.equal(scopeOf(text, 0, 'training'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 0, 'gpu'), 'variable.other.segment.netpolicy');
  assert.equal(scopeOf(text, 0, '->'), 'keyword.operator.arrow.netpolicy');
  assert.equal(scopeOf(text, 0, 'any'), 'constant.language.any.netpolicy');
  assert.equal(scopeOf(text, 0, 'nfs'), 'variable.other.service.netpolicy');
  assert.equal(scopeOf(text, 0, 'class'), 'keyword.other.option.netpolicy');
  assert.equal(scopeOf(text, 0, 'rdma'), 'variable.other.class.netpolicy');
  assert.equal(scopeOf(text, 0, 'log'), 'keyword.other.option.netpolicy');
  assert.equal(scopeOf(text, 0, ' why'), 'comment.line.double-slash.netpolicy');
  assert.equal(scopeOf(text, 1, 'description'), 'keyword.other.option.netpolicy');
  assert.equal(scopeOf(text, 1, '\\"'), 'constant.character.escape.netpolicy');
  assert.equal(scopeOf(text, 2, 's'), 'keyword.other.unit.netpolicy');
  assert.equal(scopeOf(text, 3, 'isolated'), 'keyword.other.assertion.netpolicy');
  assert.equal(scopeOf(text, 3, 'except'), 'keyword.other.except.netpolicy');
  assert.equal(scopeOf(text, 3, 'ops'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 4, 'ssh'), 'variable.other.service.netpolicy');
  assert.equal(scopeOf(text, 5, '>='), 'keyword.operator.comparison.netpolicy');
  assert.equal(scopeOf(text, 5, '9000'), 'constant.numeric.integer.netpolicy');
  assert.equal(scopeOf(text, 6, 'block'.padStart(6)), 'comment.block.netpolicy');
  assert.equal(scopeOf(text, 8, 'zone'), 'keyword.other.declaration.zone.netpolicy');
  assert.equal(scopeOf(text, 10, ' hash comment'), 'comment.line.number-sign.netpolicy');
});

test('target device blocks: device, vtep, source, interface, carries, uplink, option', () => {
  const text = [
    'target pod1 arista-eos {',
    '  zones training, storage',
    '  option acl-budget 2000',
    '  option mode-word strict',
    '  device "leaf1.dc1.example.net" {',
    '    vtep 10.255.0.11 source "Loopback1"',
    '    interface "Ethernet1" carries training.gpu, storage # comment',
    '    interface "Ethernet49/1" uplink',
    '  }',
    '  devices "leaf2.dc1.example.net"',
    '}',
  ].join('\n');
  assert.equal(scopeOf(text, 0, 'arista-eos'), 'support.type.platform.netpolicy');
  assert.equal(scopeOf(text, 2, 'option'), 'keyword.other.setting.netpolicy');
  assert.equal(scopeOf(text, 2, 'acl-budget'), 'variable.other.option.netpolicy');
  assert.equal(scopeOf(text, 2, '2000'), 'constant.numeric.integer.netpolicy');
  assert.equal(scopeOf(text, 3, 'strict'), 'constant.language.option-value.netpolicy');
  assert.equal(scopeOf(text, 4, 'device'), 'keyword.other.setting.netpolicy');
  assert.equal(scopeOf(text, 5, 'vtep'), 'keyword.other.setting.netpolicy');
  assert.match(tokenize(text).filter((t) => t.line === 5).map((t) => t.scopes.join(' ')).join('|'), /constant\.numeric\.ipv4\.netpolicy/);
  assert.equal(scopeOf(text, 5, 'source'), 'keyword.other.netpolicy');
  assert.equal(scopeOf(text, 6, 'interface'), 'keyword.other.setting.netpolicy');
  assert.equal(scopeOf(text, 6, 'carries'), 'keyword.other.carries.netpolicy');
  assert.equal(scopeOf(text, 6, 'training'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 6, 'gpu'), 'variable.other.segment.netpolicy');
  assert.equal(scopeOf(text, 6, 'storage'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 6, ' comment'), 'comment.line.number-sign.netpolicy');
  assert.equal(scopeOf(text, 7, 'uplink'), 'keyword.other.netpolicy');
  assert.equal(scopeOf(text, 9, 'devices'), 'keyword.other.setting.netpolicy');
});

test('flow names, counters and expiry dates; the policy\'s expiry-warning', () => {
  const text = [
    'policy lab {', '  expiry-warning 30d', '}',
    'allow a -> b : tcp/22 name ssh-admin count expires 2027-01-31 log',
    '  name',
    '  expires 2027-01-31 // a date on a continuation line',
    'deny a -> b : any count',
    'ports web = 8000-8001, 1024-65535',
  ].join('\n');
  assert.equal(scopeOf(text, 1, 'expiry-warning'), 'keyword.other.setting.netpolicy');
  assert.equal(scopeOf(text, 1, '30'), 'constant.numeric.integer.netpolicy');
  assert.equal(scopeOf(text, 1, 'd'), 'keyword.other.unit.netpolicy');
  assert.equal(scopeOf(text, 3, 'name'), 'keyword.other.option.netpolicy');
  assert.equal(scopeOf(text, 3, 'ssh-admin'), 'entity.name.label.flow.netpolicy');
  assert.equal(scopeOf(text, 3, 'count'), 'keyword.other.option.netpolicy');
  assert.equal(scopeOf(text, 3, 'expires'), 'keyword.other.option.netpolicy');
  assert.equal(scopeOf(text, 3, '2027-01-31'), 'constant.other.date.netpolicy');
  assert.equal(scopeOf(text, 3, 'log'), 'keyword.other.option.netpolicy');
  assert.equal(scopeOf(text, 4, 'name'), 'keyword.other.option.netpolicy');
  assert.equal(scopeOf(text, 5, 'expires'), 'keyword.other.option.netpolicy');
  assert.equal(scopeOf(text, 5, '2027-01-31'), 'constant.other.date.netpolicy');
  assert.equal(scopeOf(text, 6, 'count'), 'keyword.other.option.netpolicy');
  // Port ranges are not dates.
  assert.equal(scopeOf(text, 7, '8000'), 'constant.numeric.integer.netpolicy');
  assert.equal(scopeOf(text, 7, '65535'), 'constant.numeric.integer.netpolicy');
});

test('narrow endpoints: prefixes, prefix lists and except in flows and assertions', () => {
  const text = [
    'allow lab except admin-hosts, 10.60.1.0/24 -> fd00:20::/64 : tcp/9090',
    'allow 10.60.0.5 -> store except fd00:20::8:0/120, filers : tcp/7070',
    'allow any -> fd00:60::/120: tcp/8080',
    'assert never 10.60.1.0/24 -> lab except 10.60.0.0/28 : tcp/22',
  ].join('\n');
  const scopesOn = (line) => tokenize(text).filter((t) => t.line === line).map((t) => t.scopes.join(' '));
  assert.equal(scopeOf(text, 0, 'except'), 'keyword.other.except.netpolicy');
  assert.equal(scopeOf(text, 0, 'admin-hosts'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 0, '10.60.1.0'), 'constant.numeric.ipv4.netpolicy');
  assert.equal(scopeOf(text, 0, '24'), 'constant.numeric.ipv4.netpolicy');
  assert.equal(scopeOf(text, 0, 'fd00:20::'), 'constant.numeric.ipv6.netpolicy');
  assert.equal(scopeOf(text, 0, '64'), 'constant.numeric.ipv6.netpolicy');
  assert.equal(scopeOf(text, 0, ':'), 'punctuation.separator.colon.netpolicy');
  assert.equal(scopeOf(text, 1, '10.60.0.5'), 'constant.numeric.ipv4.netpolicy');
  assert.equal(scopeOf(text, 1, 'except'), 'keyword.other.except.netpolicy');
  assert.equal(scopeOf(text, 1, 'fd00:20::8:0'), 'constant.numeric.ipv6.netpolicy');
  assert.equal(scopeOf(text, 1, 'filers'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 1, 'tcp'), 'support.type.protocol.netpolicy');
  // A prefix right before the services' ':' keeps its length, and the ':' still ends the endpoints.
  assert.equal(scopeOf(text, 2, '120'), 'constant.numeric.ipv6.netpolicy');
  assert.equal(scopeOf(text, 2, ':'), 'punctuation.separator.colon.netpolicy');
  assert.equal(scopeOf(text, 2, 'tcp'), 'support.type.protocol.netpolicy');
  assert.ok(!scopesOn(2).some((s) => s.includes('variable.other.zone')), JSON.stringify(scopesOn(2)));
  assert.equal(scopeOf(text, 3, '10.60.1.0'), 'constant.numeric.ipv4.netpolicy');
  assert.equal(scopeOf(text, 3, 'except'), 'keyword.other.except.netpolicy');
  assert.equal(scopeOf(text, 3, '10.60.0.0'), 'constant.numeric.ipv4.netpolicy');
});

test('verbatim blocks: the keyword and platform in a target, each line a verbatim string; an unclosed block ends at the next declaration', () => {
  const text = [
    'target leaf arista-eos {',
    '  zones app, verbatim',
    '  verbatim arista-eos {',
    '    "ip access-list MGMT-SSH" # a comment',
    '    "banner motd \\"authorized\\"\\t{"',
    '  }',
    '  verbatim arista-eos { "one" "two" }',
    '  option acl-budget 2000',
    '}',
    'target gw nftables {',
    '  verbatim nftables {',
    '    "table inet extra {"',
    'allow app -> verbatim : tcp/22',
    'target next nftables {',
    '  zones app',
    '}',
  ].join('\n');
  assert.equal(scopeOf(text, 1, 'verbatim'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 2, 'verbatim'), 'keyword.other.setting.netpolicy');
  assert.equal(scopeOf(text, 2, 'arista-eos'), 'support.type.platform.netpolicy');
  assert.equal(scopeOf(text, 2, '{'), 'punctuation.section.block.begin.netpolicy');
  assert.equal(scopeOf(text, 3, 'ip access-list MGMT-SSH'), 'string.quoted.double.verbatim.netpolicy');
  assert.equal(scopeOf(text, 3, '"'), 'punctuation.definition.string.begin.netpolicy');
  assert.equal(scopeOf(text, 3, ' a comment'), 'comment.line.number-sign.netpolicy');
  assert.equal(scopeOf(text, 4, '\\"'), 'constant.character.escape.netpolicy');
  assert.equal(scopeOf(text, 4, '\\t'), 'constant.character.escape.netpolicy');
  assert.equal(scopeOf(text, 4, '{'), 'string.quoted.double.verbatim.netpolicy');
  assert.equal(scopeOf(text, 5, '}'), 'punctuation.section.block.end.netpolicy');
  assert.equal(scopeOf(text, 6, 'verbatim'), 'keyword.other.setting.netpolicy');
  assert.equal(scopeOf(text, 6, 'one'), 'string.quoted.double.verbatim.netpolicy');
  assert.equal(scopeOf(text, 6, 'two'), 'string.quoted.double.verbatim.netpolicy');
  assert.equal(scopeOf(text, 6, '}'), 'punctuation.section.block.end.netpolicy');
  // After the block: the target's settings again.
  assert.equal(scopeOf(text, 7, 'option'), 'keyword.other.setting.netpolicy');
  assert.equal(scopeOf(text, 7, 'acl-budget'), 'variable.other.option.netpolicy');
  assert.equal(scopeOf(text, 10, 'nftables'), 'support.type.platform.netpolicy');
  assert.equal(scopeOf(text, 11, 'table inet extra {'), 'string.quoted.double.verbatim.netpolicy');
  // A block left open while typing does not swallow the declarations after it.
  assert.equal(scopeOf(text, 12, 'allow'), 'keyword.control.action.netpolicy');
  assert.equal(scopeOf(text, 12, 'verbatim'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 13, 'target'), 'keyword.other.declaration.target.netpolicy');
  assert.equal(scopeOf(text, 13, '{'), 'punctuation.section.block.begin.netpolicy');
  assert.equal(scopeOf(text, 14, 'zones'), 'keyword.other.setting.netpolicy');
});

test('compliance: assertion kinds, selectors, on, baselines and quarantines; baseline and quarantine also as names', () => {
  const text = [
    'baseline pci {',
    '  title "PCI"',
    '  reference "PCI DSS v4.0.1 1.3, 10.2"',
    '}',
    'zone quarantine {',
    '  subnet 10.99.0.0/16',
    '}',
    'quarantine 10.99.0.7 {',
    '  reason "miner (INC-4711)"',
    '  expires 2027-01-31',
    '}',
    'quarantine fd00:99::7',
    'baseline next {',
    '}',
    'assert isolated quarantine',
    'assert only a -> b on s1, s2 : tcp/22',
    'assert never zones with stage = "dev" -> zones with data-class = "pii", compliance = "gdpr"',
    'assert mtu zones with tier = "training" >= 9000',
    'assert logged a -> b : nfs',
    'assert explicit a -> b',
    'assert classified a -> b',
    'assert unclassified a -> b',
    'allow quarantine -> baseline : ssh',
    'target gw nftables {',
    '  zones quarantine, baseline',
    '}',
    'allow a ->',
    '  quarantine : ssh',
    'import "baseline:pci-dss"',
  ].join('\n');
  assert.equal(scopeOf(text, 0, 'baseline'), 'keyword.other.declaration.baseline.netpolicy');
  assert.equal(scopeOf(text, 0, 'pci'), 'entity.name.type.baseline.netpolicy');
  assert.equal(scopeOf(text, 1, 'title'), 'keyword.other.setting.netpolicy');
  assert.equal(scopeOf(text, 2, 'reference'), 'keyword.other.setting.netpolicy');
  assert.equal(scopeOf(text, 2, 'PCI DSS v4.0.1 1.3, 10.2'), 'string.quoted.double.netpolicy');
  // A zone may be called quarantine; 'quarantine ADDRESS' first on a line declares a quarantine.
  assert.equal(scopeOf(text, 4, 'quarantine'), 'entity.name.namespace.zone.netpolicy');
  assert.equal(scopeOf(text, 7, 'quarantine'), 'keyword.other.declaration.quarantine.netpolicy');
  assert.equal(scopeOf(text, 7, '10.99.0.7'), 'constant.numeric.ipv4.netpolicy');
  assert.equal(scopeOf(text, 8, 'reason'), 'keyword.other.setting.netpolicy');
  assert.equal(scopeOf(text, 9, 'expires'), 'keyword.other.setting.netpolicy');
  assert.equal(scopeOf(text, 9, '2027-01-31'), 'constant.other.date.netpolicy');
  assert.equal(scopeOf(text, 11, 'quarantine'), 'keyword.other.declaration.quarantine.netpolicy');
  assert.equal(scopeOf(text, 11, 'fd00:99::7'), 'constant.numeric.ipv6.netpolicy');
  // A baseline right after a quarantine without a block is a declaration of its own.
  assert.equal(scopeOf(text, 12, 'baseline'), 'keyword.other.declaration.baseline.netpolicy');
  assert.equal(scopeOf(text, 12, 'next'), 'entity.name.type.baseline.netpolicy');
  assert.equal(scopeOf(text, 14, 'isolated'), 'keyword.other.assertion.netpolicy');
  assert.equal(scopeOf(text, 14, 'quarantine'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 15, 'only'), 'keyword.other.assertion.netpolicy');
  assert.equal(scopeOf(text, 15, 'on'), 'keyword.other.on.netpolicy');
  assert.equal(scopeOf(text, 15, 's1'), 'variable.other.segment.netpolicy');
  assert.equal(scopeOf(text, 15, 's2'), 'variable.other.segment.netpolicy');
  assert.equal(scopeOf(text, 15, ':'), 'punctuation.separator.colon.netpolicy');
  assert.equal(scopeOf(text, 15, 'tcp'), 'support.type.protocol.netpolicy');
  assert.equal(scopeOf(text, 16, 'zones'), 'keyword.other.selector.netpolicy');
  assert.equal(scopeOf(text, 16, 'with'), 'keyword.other.selector.netpolicy');
  assert.equal(scopeOf(text, 16, 'stage'), 'entity.other.attribute-name.label.netpolicy');
  assert.equal(scopeOf(text, 16, '='), 'keyword.operator.assignment.netpolicy');
  assert.equal(scopeOf(text, 16, 'dev'), 'string.quoted.double.netpolicy');
  assert.equal(scopeOf(text, 16, '->'), 'keyword.operator.arrow.netpolicy');
  assert.equal(scopeOf(text, 16, 'zones', 1), 'keyword.other.selector.netpolicy');
  assert.equal(scopeOf(text, 16, 'data-class'), 'entity.other.attribute-name.label.netpolicy');
  assert.equal(scopeOf(text, 16, 'compliance'), 'entity.other.attribute-name.label.netpolicy');
  assert.equal(scopeOf(text, 16, 'gdpr'), 'string.quoted.double.netpolicy');
  assert.equal(scopeOf(text, 17, 'mtu'), 'keyword.other.assertion.netpolicy');
  assert.equal(scopeOf(text, 17, 'tier'), 'entity.other.attribute-name.label.netpolicy');
  assert.equal(scopeOf(text, 17, '>='), 'keyword.operator.comparison.netpolicy');
  assert.equal(scopeOf(text, 17, '9000'), 'constant.numeric.integer.netpolicy');
  assert.equal(scopeOf(text, 18, 'logged'), 'keyword.other.assertion.netpolicy');
  assert.equal(scopeOf(text, 18, 'nfs'), 'variable.other.service.netpolicy');
  assert.equal(scopeOf(text, 19, 'explicit'), 'keyword.other.assertion.netpolicy');
  assert.equal(scopeOf(text, 20, 'classified'), 'keyword.other.assertion.netpolicy');
  assert.equal(scopeOf(text, 21, 'unclassified'), 'keyword.other.assertion.netpolicy');
  // Elsewhere the words are names.
  assert.equal(scopeOf(text, 22, 'quarantine'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 22, 'baseline'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 24, 'quarantine'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 24, 'baseline'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 27, 'quarantine'), 'variable.other.zone.netpolicy');
  assert.equal(scopeOf(text, 27, 'ssh'), 'variable.other.service.netpolicy');
  // A shipped baseline's import is a string.
  assert.equal(scopeOf(text, 28, 'baseline:pci-dss'), 'string.quoted.double.netpolicy');
});

test('source ports: tcp/SRC -> DST and udp/SRC -> any in services, flows, assertions and expectations', () => {
  const text = [
    'ports high = 1024-65535',
    'service ssh-high = tcp/1024-65535 -> 22, udp/53 -> any',
    'service peers = udp/high -> ntp-ports, sctp/high->2905-2906',
    'allow a -> b : tcp/high -> ssh-ports, udp/123 -> 123 name peer-sync',
    'assert never a -> b : tcp/high -> any',
    'test "source ports" {',
    '  expect allow 10.0.0.1 -> 10.0.0.2 tcp/40000 -> 22',
    '  expect deny 10.0.0.1 -> 10.0.0.2 udp/high -> ntp-ports',
    '}',
    'allow a -> b : tcp/22 ->',
    'allow a -> b : tcp/ -> 22',
  ].join('\n');
  const arrow = 'keyword.operator.arrow.netpolicy', number = 'constant.numeric.integer.netpolicy';
  const portList = 'variable.other.port-list.netpolicy', any = 'constant.language.any.netpolicy';
  assert.equal(scopeOf(text, 1, 'tcp'), 'support.type.protocol.netpolicy');
  assert.equal(scopeOf(text, 1, '1024'), number);
  assert.equal(scopeOf(text, 1, '-'), 'punctuation.separator.range.netpolicy');
  assert.equal(scopeOf(text, 1, '65535'), number);
  assert.equal(scopeOf(text, 1, '->'), arrow);
  assert.equal(scopeOf(text, 1, '22'), number);
  assert.equal(scopeOf(text, 1, '53'), number);
  assert.equal(scopeOf(text, 1, '->', 1), arrow);
  assert.equal(scopeOf(text, 1, 'any'), any);
  // A port list name is a port list on either side of the arrow, not a service.
  assert.equal(scopeOf(text, 2, 'high'), portList);
  assert.equal(scopeOf(text, 2, 'ntp-ports'), portList);
  assert.equal(scopeOf(text, 2, 'high', 1), portList);
  assert.equal(scopeOf(text, 2, '->', 1), arrow);
  assert.equal(scopeOf(text, 2, '2905'), number);
  assert.equal(scopeOf(text, 2, '2906'), number);
  // In a flow, the arrow between the endpoints and the one in the service are the same operator.
  assert.equal(scopeOf(text, 3, '->'), arrow);
  assert.equal(scopeOf(text, 3, '->', 1), arrow);
  assert.equal(scopeOf(text, 3, 'high'), portList);
  assert.equal(scopeOf(text, 3, 'ssh-ports'), portList);
  assert.equal(scopeOf(text, 3, '123', 1), number);
  assert.equal(scopeOf(text, 3, 'peer-sync'), 'entity.name.label.flow.netpolicy');
  assert.equal(scopeOf(text, 4, 'high'), portList);
  assert.equal(scopeOf(text, 4, '->', 1), arrow);
  assert.equal(scopeOf(text, 4, 'any'), any);
  assert.equal(scopeOf(text, 6, '40000'), number);
  assert.equal(scopeOf(text, 6, '->', 1), arrow);
  assert.equal(scopeOf(text, 6, '22'), number);
  assert.equal(scopeOf(text, 7, 'high'), portList);
  assert.equal(scopeOf(text, 7, 'ntp-ports'), portList);
  // Half-typed: the arrow is still an arrow, the ports still numbers.
  assert.equal(scopeOf(text, 9, '->', 1), arrow);
  assert.equal(scopeOf(text, 9, '22'), number);
  assert.equal(scopeOf(text, 10, '->', 1), arrow);
  assert.equal(scopeOf(text, 10, '22'), number);
});
