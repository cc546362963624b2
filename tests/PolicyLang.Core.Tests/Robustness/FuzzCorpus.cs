using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using PolicyLang.TestSupport;

namespace PolicyLang.Tests.Robustness
{
    /// <summary>One input for the fuzz and invariant tests, with what is needed to rebuild it.</summary>
    public sealed class FuzzInput
    {
        public FuzzInput(string origin, int seed, string mutation, string text)
        {
            Origin = origin;
            Seed = seed;
            Mutation = mutation;
            Text = text;
        }

        /// <summary>The sample file it was derived from, relative to the samples folder.</summary>
        public string Origin { get; }

        /// <summary>The per-input seed; <see cref="FuzzCorpus.Replay"/> rebuilds the input from origin and seed.</summary>
        public int Seed { get; }

        /// <summary>Human-readable list of the mutations applied ("none" for an unmodified sample).</summary>
        public string Mutation { get; }

        public string Text { get; }

        public override string ToString() =>
            $"origin={Origin} seed={Seed} (base seed {FuzzCorpus.BaseSeed}; replay: FuzzCorpus.Replay(\"{Origin}\", {Seed})) mutation={Mutation} length={Text.Length}";
    }

    /// <summary>
    /// The sample files and a deterministic corpus of mutated copies of them. Everything is derived from
    /// <see cref="BaseSeed"/> (override with the environment variable POLICYLANG_FUZZ_SEED), so a failing input
    /// can be rebuilt with <see cref="Replay"/> from the origin and per-input seed printed in the failure message.
    /// </summary>
    public static class FuzzCorpus
    {
        /// <summary>Mutated inputs per sample file.</summary>
        public const int MutantsPerSample = 400;

        public static readonly int BaseSeed = ReadBaseSeed();

        private static readonly Lazy<IReadOnlyList<FuzzInput>> s_samples = new Lazy<IReadOnlyList<FuzzInput>>(LoadSamples);
        private static readonly Lazy<IReadOnlyList<FuzzInput>> s_mutants = new Lazy<IReadOnlyList<FuzzInput>>(BuildMutants);

        private static readonly string[] s_reservedWords =
        {
            "policy", "import", "prefixes", "ports", "service", "class", "zone", "external",
            "allow", "deny", "assert", "test", "target",
        };

        private static readonly string[] s_specialSnippets =
        {
            "\0", "\uFFFD", "\uD800", "\uDC00", "\uDBFF", "\uDFFF", "\uD83D\uDE00", "\uFEFF", "\u2028", "\u00A0", "\u0085",
            "\x01", "\x07", "\x08", "\x1B", "\x7F", "\x9F", "\r", "\n", "\r\n", "\n\r", "\t", "\v", "\f",
            "{", "}", "{{", "}}", "\"", "\\", "\\u{", "\\u{110000}", "/*", "*/", "//", "#", ";", ":", "::", ":::", "->", "-", "--",
            "=", "==", ">=", "<", ".", "..", "/", "%", ",", ",,", "0", "00", "999999999999999999999999", "1e5", "10.0.0.0/33",
            "fe80::1%eth0", "::/0", "1.2.3.4.5", "a-", "-a", "_", "class", "class x", "\nclass ", "\nzone ", " zone ", "\nallow ",
        };

        private static readonly string[] s_trivia =
        {
            " ", "  ", "\t", "\n", "\n\n", "\n\n\n", "\r\n", "\n  ", " # note\n", " // note\n  ", "# note\n", "/* c */", " /* c */ ",
            "/* two\n   lines */", "\n/* c */\n", " /**/", "/* a */ /* b */", " #\n", "\n  # indented note\n  ", "/* ends line */\n",
            "\n/* a */ /* b */ ", "\n# a\n/* b */ ", "\r\n/* crlf */\r\n",
        };

        public static IReadOnlyList<FuzzInput> Samples => s_samples.Value;

        public static IReadOnlyList<FuzzInput> Mutants => s_mutants.Value;

        /// <summary>Every sample followed by every mutant.</summary>
        public static IEnumerable<FuzzInput> SamplesAndMutants => Samples.Concat(Mutants);

        /// <summary>Rebuilds a mutated input from its origin sample and per-input seed.</summary>
        public static FuzzInput Replay(string origin, int seed)
        {
            var sample = Samples.Single(s => s.Origin == origin);
            return Mutate(sample, seed);
        }

        private static int ReadBaseSeed()
        {
            var env = Environment.GetEnvironmentVariable("POLICYLANG_FUZZ_SEED");
            return env != null && int.TryParse(env, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed) ? seed : 20250611;
        }

        private static IReadOnlyList<FuzzInput> LoadSamples()
        {
            var root = RepositoryPaths.Samples;
            var files = Directory.GetFiles(root, "*.netpolicy", SearchOption.AllDirectories)
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0) throw new InvalidOperationException("no .netpolicy samples under " + root);
            return files
                .Select(f => new FuzzInput(Path.GetRelativePath(root, f).Replace('\\', '/'), 0, "none", File.ReadAllText(f)))
                .ToList();
        }

        private static IReadOnlyList<FuzzInput> BuildMutants()
        {
            var result = new List<FuzzInput>();
            var seeds = new Random(BaseSeed);
            foreach (var sample in Samples)
                for (int i = 0; i < MutantsPerSample; i++)
                    result.Add(Mutate(sample, seeds.Next()));
            return result;
        }

        /// <summary>Applies one to three random mutations chosen by <paramref name="seed"/>.</summary>
        public static FuzzInput Mutate(FuzzInput sample, int seed)
        {
            var r = new Random(seed);
            int count = r.Next(10) < 7 ? 1 : r.Next(2, 4);
            string text = sample.Text;
            var steps = new List<string>();
            for (int i = 0; i < count; i++)
            {
                var (next, what) = MutateOnce(text, r);
                text = next;
                steps.Add(what);
            }
            return new FuzzInput(sample.Origin, seed, string.Join(" then ", steps), text);
        }

        // A tokenizer that is independent of the code under test: words (names, numbers and units), strings,
        // comments, operators; an address such as 10.0.0.0/8 is several tokens, which is fine for mutation.
        private static readonly Regex s_token = new Regex(
            "\"(?:[^\"\\\\\\r\\n]|\\\\.)*\"?"
            + "|#[^\\r\\n]*|//[^\\r\\n]*|/\\*[\\s\\S]*?(?:\\*/|$)"
            + "|->|>=|<=|=="
            + "|[A-Za-z0-9_](?:[A-Za-z0-9_%]|-(?=[A-Za-z0-9_]))*"
            + "|[^\\s]",
            RegexOptions.CultureInvariant);

        private static List<(int Start, int Length, string Text)> Tokens(string text)
        {
            var list = new List<(int, int, string)>();
            foreach (Match m in s_token.Matches(text))
            {
                var v = m.Value;
                if (v.StartsWith("#", StringComparison.Ordinal) || v.StartsWith("//", StringComparison.Ordinal) || v.StartsWith("/*", StringComparison.Ordinal)) continue;
                list.Add((m.Index, m.Length, v));
            }
            return list;
        }

        private static (string Text, string What) MutateOnce(string text, Random r)
        {
            var tokens = Tokens(text);
            int op = r.Next(18);
            if (tokens.Count < 2 && (op < 6 || op >= 16)) op = 6;
            switch (op)
            {
                case 0:
                case 1:
                {
                    var t = tokens[r.Next(tokens.Count)];
                    return (text.Remove(t.Start, t.Length), $"DeleteToken(at={t.Start}, {Show(t.Text)})");
                }
                case 2:
                {
                    var t = tokens[r.Next(tokens.Count)];
                    string sep = r.Next(2) == 0 ? " " : "";
                    return (text.Insert(t.Start + t.Length, sep + t.Text), $"DuplicateToken(at={t.Start}, {Show(t.Text)}, separator={Show(sep)})");
                }
                case 3:
                {
                    int k = r.Next(tokens.Count - 1);
                    var a = tokens[k];
                    var b = tokens[k + 1];
                    string between = text.Substring(a.Start + a.Length, b.Start - a.Start - a.Length);
                    string swapped = text.Substring(0, a.Start) + b.Text + between + a.Text + text.Substring(b.Start + b.Length);
                    return (swapped, $"SwapTokens(at={a.Start}, {Show(a.Text)} <-> {Show(b.Text)})");
                }
                case 4:
                {
                    var t = tokens[r.Next(tokens.Count)];
                    var replacement = r.Next(3) == 0 ? tokens[r.Next(tokens.Count)].Text : s_reservedWords[r.Next(s_reservedWords.Length)];
                    return (text.Remove(t.Start, t.Length).Insert(t.Start, replacement), $"ReplaceToken(at={t.Start}, {Show(t.Text)} -> {Show(replacement)})");
                }
                case 5:
                {
                    // Line structure matters (column 1 starts a declaration): join a line to the previous one, or break one.
                    var t = tokens[r.Next(tokens.Count)];
                    if (r.Next(2) == 0)
                    {
                        int lineStart = t.Start;
                        while (lineStart > 0 && text[lineStart - 1] != '\n' && text[lineStart - 1] != '\r') lineStart--;
                        int cut = lineStart;
                        while (cut > 0 && (text[cut - 1] == '\n' || text[cut - 1] == '\r')) cut--;
                        return (text.Remove(cut, lineStart - cut).Insert(cut, " "), $"JoinLine(at={cut})");
                    }
                    string indent = r.Next(2) == 0 ? "\n" : "\n  ";
                    return (text.Insert(t.Start, indent), $"BreakLineBefore(at={t.Start}, {Show(t.Text)}, {Show(indent)})");
                }
                case 6:
                case 7:
                case 8:
                {
                    int at = r.Next(text.Length + 1);
                    string s = RandomSnippet(r);
                    return (text.Insert(at, s), $"Insert(at={at}, {Show(s)})");
                }
                case 9:
                {
                    int at = r.Next(text.Length + 1);
                    int n = Math.Min(text.Length - at, r.Next(1, 21));
                    return (text.Remove(at, n), $"DeleteRange(at={at}, length={n})");
                }
                case 10:
                {
                    int at = r.Next(text.Length + 1);
                    return (text.Substring(0, at), $"Truncate(at={at})");
                }
                case 11:
                {
                    int at = r.Next(text.Length + 1);
                    string s = r.Next(2) == 0 ? "\"unterminated" : "\"a\\";
                    return (text.Insert(at, s), $"InsertUnterminatedString(at={at}, {Show(s)})");
                }
                case 12:
                {
                    int at = r.Next(text.Length + 1);
                    string s = r.Next(2) == 0 ? "/*" : "/* never closed {";
                    return (text.Insert(at, s), $"InsertOpenComment(at={at}, {Show(s)})");
                }
                case 13:
                {
                    // Whole lines: duplicate or delete one.
                    var lines = text.Split('\n');
                    int li = r.Next(lines.Length);
                    var list = lines.ToList();
                    bool dup = r.Next(2) == 0;
                    if (dup) list.Insert(li, lines[li]);
                    else list.RemoveAt(li);
                    return (string.Join("\n", list), (dup ? "DuplicateLine" : "DeleteLine") + $"(line={li + 1})");
                }
                case 14:
                {
                    int at = r.Next(text.Length + 1);
                    int n = r.Next(1, 9);
                    var sb = new StringBuilder();
                    for (int i = 0; i < n; i++) sb.Append((char)r.Next(0, 0x10000));
                    return (text.Insert(at, sb.ToString()), $"InsertRandomUtf16(at={at}, {Show(sb.ToString())})");
                }
                case 15:
                {
                    int at = r.Next(text.Length + 1);
                    int n = r.Next(1, 9);
                    var sb = new StringBuilder();
                    for (int i = 0; i < n; i++) sb.Append((char)r.Next(0, 0x80));
                    return (text.Insert(at, sb.ToString()), $"InsertRandomAscii(at={at}, {Show(sb.ToString())})");
                }
                default:
                {
                    // Trivia only, between tokens: the token stream is unchanged, so the result often still parses
                    // cleanly and exercises the formatter's handling of comments, blank lines and line breaks.
                    int n = r.Next(1, 6);
                    var picks = Enumerable.Range(0, n).Select(_ => tokens[r.Next(tokens.Count)]).Distinct().OrderByDescending(t => t.Start).ToList();
                    var what = new List<string>();
                    foreach (var t in picks)
                    {
                        string trivia = s_trivia[r.Next(s_trivia.Length)];
                        int at = r.Next(2) == 0 ? t.Start : t.Start + t.Length;
                        text = text.Insert(at, trivia);
                        what.Add($"{at}:{Show(trivia)}");
                    }
                    return (text, $"InsertTrivia({string.Join(", ", what)})");
                }
            }
        }

        private static string RandomSnippet(Random r)
        {
            int parts = r.Next(1, 4);
            var sb = new StringBuilder();
            for (int i = 0; i < parts; i++) sb.Append(s_specialSnippets[r.Next(s_specialSnippets.Length)]);
            return sb.ToString();
        }

        /// <summary>A quoted, escaped rendering of text for assertion messages: control characters, surrogates and non-ASCII as \uXXXX.</summary>
        public static string Show(string text, int max = 80)
        {
            var sb = new StringBuilder("\"");
            int n = 0;
            foreach (char c in text)
            {
                if (n++ == max) { sb.Append("…(").Append(text.Length).Append(" chars)"); break; }
                switch (c)
                {
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    default:
                        if (c < 0x20 || c >= 0x7F) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }

        /// <summary>The text around a position, for messages.</summary>
        public static string Context(string text, int position, int radius = 30)
        {
            position = Math.Max(0, Math.Min(position, text.Length));
            int from = Math.Max(0, position - radius);
            int to = Math.Min(text.Length, position + radius);
            return Show(text.Substring(from, position - from), 200) + "⟨here⟩" + Show(text.Substring(position, to - position), 200);
        }
    }
}
