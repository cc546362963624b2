using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace PolicyLang.TestSupport.Fuzzing
{
    /// <summary>
    /// Structure-aware mutations of policy text, on three levels: characters (bytes as the decoder sees them),
    /// tokens (a tokenizer independent of the code under test) and declarations (top-level blocks split at lines
    /// that start at column 0 outside braces), plus splices of two inputs. Each mutation is chosen by the caller's
    /// <see cref="Random"/>, so a run is reproducible from its seed.
    /// </summary>
    public static class Mutator
    {
        /// <summary>The language's words and punctuation: what a token mutation inserts.</summary>
        public static readonly string[] Dictionary =
        {
            "policy", "import", "prefixes", "ports", "service", "class", "zone", "external", "allow", "deny", "assert", "test", "target",
            "segment", "subnet", "vlan", "vni", "mtu", "description", "labels", "kubernetes", "namespace", "selector", "dscp", "queue",
            "pcp", "lossless", "strict", "bandwidth", "ecn", "min", "max", "probability", "default", "version", "owner", "log", "rate",
            "any", "tcp", "udp", "sctp", "icmp", "icmpv6", "proto", "echo-request", "never", "reachable", "isolated", "except", "mtu",
            "expect", "platform", "device", "devices", "zones", "option", "interface", "uplink", "nftables", "aws", "azure-nsg",
            "gcp-firewall", "kubernetes", "arista-eos", "cisco-nxos", "cisco-iosxe", "juniper-junos", "sonic", "cumulus-nvue", "internet", "on", "off",
            "{", "}", "->", ":", ",", ".", "/", "=", ">=", "<=", "==", "\"", "\"\"", "#", "/*", "*/", "-", "%",
            "0", "1", "22", "443", "65535", "65536", "4094", "4095", "9000", "9216", "99999999999999999999", "63", "64", "7", "8",
            "10.0.0.0/8", "10.1.2.3", "10.0.0.0/33", "0.0.0.0/0", "::/0", "fd00::/64", "fe80::1", "::ffff:10.0.0.1", "1.2.3.4.5",
            "10Gbps", "100Mbps", "5kpps", "10/s", "1MB", "100KB", "50%", "101%", "2026-01-01",
            "\"x\"", "\"a\\\"b\"", "\"\\u{202E}\"", "\"\\u{0}\"", "\"/etc/passwd\"", "\"../outside.netpolicy\"", "\"\"", "\"a.netpolicy\"",
            "\"main.netpolicy\"", "\"sub/b.netpolicy\"",
        };

        /// <summary>Characters and strings that have broken parsers before: encodings, controls, bidi, deep nesting.</summary>
        public static readonly string[] Interesting =
        {
            "\0", "\uFFFD", "\uD800", "\uDC00", "\uD83D\uDE00", "\uFEFF", "\u2028", "\u2029", "\u202E", "\u2066", "\u00A0", "\u0085",
            "\x01", "\x1B", "\x7F", "\r", "\n", "\r\n", "\t", "\v", "\f", "\\", "\\u{", "\\u{110000}", "\\u{202E}", "\\n",
            "{{{{{{{{{{{{{{{{", "}}}}}}}}", "((((((((", "\"\"\"", "/*/*", "*/*/",
        };

        private static readonly Regex s_token = new Regex(
            "\"(?:[^\"\\\\\\r\\n]|\\\\.)*\"?|#[^\\r\\n]*|//[^\\r\\n]*|/\\*[\\s\\S]*?(?:\\*/|$)|->|>=|<=|=="
            + "|[A-Za-z0-9_](?:[A-Za-z0-9_%.:/]|-(?=[A-Za-z0-9_]))*|[^\\s]",
            RegexOptions.CultureInvariant);

        /// <summary>One to four stacked mutations of <paramref name="text"/>; <paramref name="other"/> feeds splices.</summary>
        public static string Mutate(string text, string other, Random random, int maxLength = 64 * 1024)
        {
            int count = 1 + (random.Next(4) == 0 ? random.Next(1, 4) : 0);
            for (int i = 0; i < count; i++) text = MutateOnce(text, other, random);
            return text.Length > maxLength ? text.Substring(0, maxLength) : text;
        }

        public static string MutateOnce(string text, string other, Random r)
        {
            switch (r.Next(16))
            {
                case 0: case 1: return CharLevel(text, r);
                case 2: return InsertAt(text, r, Interesting[r.Next(Interesting.Length)]);
                case 3: case 4: case 5: return TokenLevel(text, r, other);
                case 6: case 7: return TokenLevel(text, r, other);
                case 8: case 9: case 10: return DeclarationLevel(text, other, r);
                case 11: return Splice(text, other, r);
                case 12: return ReplaceName(text, r);
                case 13: return Truncate(text, r);
                case 14: return InsertAt(text, r, Dictionary[r.Next(Dictionary.Length)] + " ");
                default: return Repeat(text, r);
            }
        }

        private static int Pos(string text, Random r) => text.Length == 0 ? 0 : r.Next(text.Length + 1);

        private static string InsertAt(string text, Random r, string what)
        {
            int p = Pos(text, r);
            return text.Substring(0, p) + what + text.Substring(p);
        }

        private static string CharLevel(string text, Random r)
        {
            if (text.Length == 0) return ((char)r.Next(0x20, 0x7F)).ToString();
            int p = r.Next(text.Length);
            var sb = new StringBuilder(text);
            switch (r.Next(5))
            {
                case 0: sb[p] = (char)(sb[p] ^ (1 << r.Next(7))); break;
                case 1: sb[p] = (char)r.Next(0, 0x80); break;
                case 2: sb.Remove(p, Math.Min(text.Length - p, 1 + r.Next(8))); break;
                case 3: sb.Insert(p, (char)r.Next(0x20, 0x7F)); break;
                default: sb[p] = (char)r.Next(0x80, 0x3000); break;
            }
            return sb.ToString();
        }

        private static List<Match> Tokens(string text)
        {
            var list = new List<Match>();
            foreach (Match m in s_token.Matches(text)) list.Add(m);
            return list;
        }

        private static string TokenLevel(string text, Random r, string other)
        {
            var tokens = Tokens(text);
            if (tokens.Count == 0) return InsertAt(text, r, Dictionary[r.Next(Dictionary.Length)]);
            var t = tokens[r.Next(tokens.Count)];
            string before = text.Substring(0, t.Index), after = text.Substring(t.Index + t.Length);
            switch (r.Next(6))
            {
                case 0: return before + after;
                case 1: return before + Dictionary[r.Next(Dictionary.Length)] + after;
                case 2: return before + t.Value + " " + t.Value + after;
                case 3:
                {
                    var u = tokens[r.Next(tokens.Count)];
                    return before + u.Value + after;
                }
                case 4:
                {
                    var others = Tokens(other);
                    return others.Count == 0 ? before + after : before + others[r.Next(others.Count)].Value + after;
                }
                default:
                {
                    // A number nudged to a boundary: off by one, zero, huge.
                    if (t.Value.Length > 0 && char.IsDigit(t.Value[0]) && long.TryParse(t.Value, out var n))
                    {
                        long[] deltas = { -1, 1, -n, 1L << 31, 1L << 32 };
                        return before + (n + deltas[r.Next(deltas.Length)]).ToString(System.Globalization.CultureInfo.InvariantCulture) + after;
                    }
                    return before + t.Value + Dictionary[r.Next(Dictionary.Length)] + after;
                }
            }
        }

        /// <summary>Top-level declarations: [start, end) ranges split at lines that begin a declaration at brace depth 0.</summary>
        public static List<(int Start, int End)> Declarations(string text)
        {
            var starts = new List<int> { 0 };
            int depth = 0;
            bool lineStart = true;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (lineStart && depth == 0 && i > 0 && char.IsLetter(c)) starts.Add(i);
                if (c == '{') depth++;
                else if (c == '}' && depth > 0) depth--;
                lineStart = c == '\n';
            }
            var result = new List<(int, int)>();
            for (int i = 0; i < starts.Count; i++) result.Add((starts[i], i + 1 < starts.Count ? starts[i + 1] : text.Length));
            return result;
        }

        private static string DeclarationLevel(string text, string other, Random r)
        {
            var decls = Declarations(text);
            if (decls.Count == 0) return text;
            var (s, e) = decls[r.Next(decls.Count)];
            var decl = text.Substring(s, e - s);
            switch (r.Next(5))
            {
                case 0: return text.Remove(s, e - s);
                case 1: return text.Insert(e, decl);
                case 2:
                {
                    var (s2, e2) = decls[r.Next(decls.Count)];
                    if (s2 == s) return text;
                    var a = s < s2 ? (s, e) : (s2, e2);
                    var b = s < s2 ? (s2, e2) : (s, e);
                    return text.Substring(0, a.Item1) + text.Substring(b.Item1, b.Item2 - b.Item1) + text.Substring(a.Item2, b.Item1 - a.Item2)
                        + text.Substring(a.Item1, a.Item2 - a.Item1) + text.Substring(b.Item2);
                }
                case 3:
                {
                    var od = Declarations(other);
                    if (od.Count == 0) return text;
                    var (os, oe) = od[r.Next(od.Count)];
                    var piece = other.Substring(os, oe - os);
                    return text.Insert(e, piece.EndsWith("\n", StringComparison.Ordinal) ? piece : piece + "\n");
                }
                default:
                {
                    // Cut the declaration short: the most common state of a file being edited.
                    int cut = r.Next(decl.Length + 1);
                    return text.Substring(0, s) + decl.Substring(0, cut) + "\n" + text.Substring(e);
                }
            }
        }

        private static string Splice(string text, string other, Random r)
        {
            int a = Pos(text, r), b = Pos(other, r);
            return text.Substring(0, a) + other.Substring(b, Math.Min(other.Length - b, r.Next(1, 400)));
        }

        /// <summary>Replaces every use of one name by another of the input's names: references to the wrong kind or to broken declarations.</summary>
        private static string ReplaceName(string text, Random r)
        {
            var words = new List<string>();
            foreach (var t in Tokens(text))
                if (t.Length > 1 && char.IsLetter(t.Value[0]) && t.Value.IndexOf('.') < 0) words.Add(t.Value);
            if (words.Count < 2) return text;
            var from = words[r.Next(words.Count)];
            var to = words[r.Next(words.Count)];
            return Regex.Replace(text, "\\b" + Regex.Escape(from) + "\\b", to.Replace("$", "$$"));
        }

        private static string Truncate(string text, Random r) => text.Length == 0 ? text : text.Substring(0, r.Next(text.Length));

        private static string Repeat(string text, Random r)
        {
            var tokens = Tokens(text);
            if (tokens.Count == 0) return text;
            var t = tokens[r.Next(tokens.Count)];
            var sb = new StringBuilder();
            int n = 2 + r.Next(64);
            for (int i = 0; i < n; i++) sb.Append(t.Value).Append(r.Next(2) == 0 ? " " : "");
            return text.Insert(t.Index, sb.ToString());
        }
    }
}
