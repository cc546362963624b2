using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using PolicyLang.TestSupport;
using PolicyLang.TestSupport.Fuzzing;

namespace PolicyLang.Fuzz
{
    /// <summary>
    /// An in-process, coverage-guided fuzzer of the core in the style of libFuzzer. PolicyLang.Core.dll is instrumented
    /// by SharpFuzz (run.sh does it): every branch bumps a byte of a 64 KiB map (AFL's edge hashing). Each execution
    /// starts from a clean map; an input that reaches a new edge or a new hit-count bucket of an edge joins the corpus.
    /// Inputs come from <see cref="Mutator"/> (characters, tokens, declarations, splices) over the corpus, which starts
    /// from every sample, every test policy and every input that ever crashed. Findings (exceptions, broken invariants,
    /// hangs) are written to the findings folder with the exception; a crash that kills the process (a stack overflow)
    /// leaves its input in findings/.current.netpolicy for run.sh to keep.
    /// </summary>
    public static unsafe class Program
    {
        private const int MapSize = 1 << 16;
        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false, false);

        private static byte* s_map;
        private static readonly byte[] s_virgin = new byte[MapSize];
        private static readonly byte[] s_bucket = BuildBuckets();

        public static int Main(string[] args)
        {
            try
            {
                return args.Length > 0 && args[0] == "replay" ? Replay(args.Skip(1).ToArray()) : Run(Options.Parse(args));
            }
            catch (ArgumentException e) when (e.Source == "policyfuzz")
            {
                Console.Error.WriteLine("policyfuzz: " + e.Message);
                Console.Error.WriteLine("usage: policyfuzz [--seconds N | --execs N] [--seed N] [--corpus DIR] [--findings DIR] [--timeout-ms N] [--require-instrumentation]\n       policyfuzz replay FILE|DIR...");
                return 2;
            }
        }

        private sealed class Options
        {
            public double Seconds = 60;
            public long Execs = long.MaxValue;
            public int Seed = 1;
            public string Corpus = Path.Combine(Path.GetTempPath(), "policyfuzz-corpus");
            public string Findings = Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Fuzz", "findings");
            public int TimeoutMs = 20000;
            public bool RequireInstrumentation;
            public string? Stats;

            public static Options Parse(string[] args)
            {
                var o = new Options();
                for (int i = 0; i < args.Length; i++)
                {
                    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(args[i] + " needs a value") { Source = "policyfuzz" };
                    switch (args[i])
                    {
                        case "--seconds": o.Seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                        case "--execs": o.Execs = long.Parse(Next(), CultureInfo.InvariantCulture); o.Seconds = double.MaxValue; break;
                        case "--seed": o.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                        case "--corpus": o.Corpus = Next(); break;
                        case "--findings": o.Findings = Next(); break;
                        case "--timeout-ms": o.TimeoutMs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                        case "--stats": o.Stats = Next(); break;
                        case "--require-instrumentation": o.RequireInstrumentation = true; break;
                        default: throw new ArgumentException("unknown argument '" + args[i] + "'") { Source = "policyfuzz" };
                    }
                }
                return o;
            }
        }

        private static byte[] BuildBuckets()
        {
            // AFL's hit-count classes: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+.
            var b = new byte[256];
            for (int i = 1; i < 256; i++)
                b[i] = (byte)(i == 1 ? 1 : i == 2 ? 2 : i == 3 ? 4 : i < 8 ? 8 : i < 16 ? 16 : i < 32 ? 32 : i < 128 ? 64 : 128);
            return b;
        }

        private static void InstallMap()
        {
            s_map = (byte*)Marshal.AllocHGlobal(MapSize);
            new Span<byte>(s_map, MapSize).Clear();
            SharpFuzz.Common.Trace.SharedMem = s_map;
            SharpFuzz.Common.Trace.PrevLocation = 0;
        }

        /// <summary>Folds the map of the last execution into the virgin map; true when it reached something new.</summary>
        private static bool Collect()
        {
            bool fresh = false;
            var map = new Span<byte>(s_map, MapSize);
            var words = MemoryMarshal.Cast<byte, ulong>(map);
            for (int w = 0; w < words.Length; w++)
            {
                if (words[w] == 0) continue;
                for (int i = w * 8; i < w * 8 + 8; i++)
                {
                    byte hits = map[i];
                    if (hits == 0) continue;
                    byte bucket = s_bucket[hits];
                    if ((s_virgin[i] & bucket) == 0)
                    {
                        s_virgin[i] |= bucket;
                        fresh = true;
                    }
                }
                words[w] = 0;
            }
            SharpFuzz.Common.Trace.PrevLocation = 0;
            return fresh;
        }

        /// <summary>Map slots ever hit (edges, up to hash collisions in 64 Ki slots).</summary>
        private static int Edges()
        {
            int n = 0;
            foreach (var b in s_virgin) if (b != 0) n++;
            return n;
        }

        /// <summary>Edge and hit-count-class pairs ever seen: what decides whether an input is kept.</summary>
        private static int Features()
        {
            int n = 0;
            foreach (var b in s_virgin) n += System.Numerics.BitOperations.PopCount(b);
            return n;
        }

        /// <summary>The seeds: every sample folder as one multi-file input, every test policy, every earlier finding.</summary>
        internal static List<(string Name, string Text)> Seeds(string findings)
        {
            var root = RepositoryPaths.Root;
            var seeds = new List<(string, string)>();
            foreach (var dir in Directory.GetDirectories(Path.Combine(root, "samples")).OrderBy(d => d, StringComparer.Ordinal))
            {
                var files = Directory.GetFiles(dir, "*.netpolicy", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
                if (files.Count == 0) continue;
                var sb = new StringBuilder();
                foreach (var f in files) sb.Append(FuzzTarget.FileMarker).Append(Path.GetRelativePath(dir, f).Replace('\\', '/')).Append('\n').Append(File.ReadAllText(f)).Append('\n');
                seeds.Add(("samples/" + Path.GetFileName(dir), sb.ToString()));
            }
            foreach (var sub in new[] { "tests", "samples" })
                foreach (var f in Directory.GetFiles(Path.Combine(root, sub), "*.netpolicy", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                {
                    if (f.Contains("/bin/", StringComparison.Ordinal) || f.Contains("/obj/", StringComparison.Ordinal)) continue;
                    seeds.Add((Path.GetRelativePath(root, f), File.ReadAllText(f)));
                }
            foreach (var dir in new[] { Path.Combine(root, "tests", "PolicyLang.Fuzz", "crashes"), findings })
                if (Directory.Exists(dir))
                    foreach (var f in Directory.GetFiles(dir, "*.netpolicy").OrderBy(f => f, StringComparer.Ordinal))
                        seeds.Add((Path.GetRelativePath(root, f), File.ReadAllText(f)));
            return seeds;
        }

        private static int Run(Options o)
        {
            Directory.CreateDirectory(o.Corpus);
            Directory.CreateDirectory(o.Findings);
            InstallMap();
            var random = new Random(o.Seed);
            var corpus = new List<string>();
            var findings = new Dictionary<string, string>(StringComparer.Ordinal);
            var current = Path.Combine(o.Findings, ".current.netpolicy");
            long execs = 0, started = 0;
            string running = "";
            var clock = Stopwatch.StartNew();

            // A hang is a finding too: the watchdog keeps the input and ends the process (a thread cannot be aborted).
            var watchdog = new Thread(() =>
            {
                while (true)
                {
                    Thread.Sleep(250);
                    long s = Interlocked.Read(ref started);
                    if (s != 0 && clock.ElapsedMilliseconds - s > o.TimeoutMs)
                    {
                        var text = Volatile.Read(ref running);
                        var file = Path.Combine(o.Findings, "hang-" + Hash(text) + ".netpolicy");
                        File.WriteAllText(file, text, s_utf8);
                        Console.Error.WriteLine($"policyfuzz: HANG: an input ran past {o.TimeoutMs} ms; kept as {file}");
                        Environment.Exit(3);
                    }
                }
            }) { IsBackground = true };
            watchdog.Start();

            bool Execute(string text, string origin)
            {
                // What runs is what a file can hold: UTF-8 has no lone surrogates (they become U+FFFD, as the decoder makes them).
                var bytes = s_utf8.GetBytes(text);
                text = s_utf8.GetString(bytes);
                File.WriteAllBytes(current, bytes);
                Volatile.Write(ref running, text);
                Interlocked.Exchange(ref started, clock.ElapsedMilliseconds | 1);
                List<string>? problems = null;
                Exception? error = null;
                try { problems = FuzzTarget.Run(text); }
                catch (Exception e) { error = e; }
                Interlocked.Exchange(ref started, 0);
                execs++;
                if (error != null) Report(o, findings, "crash", Signature(error), text, origin + Environment.NewLine + error);
                else if (problems!.Count > 0) Report(o, findings, "invariant", Normalize(problems[0]), text, origin + Environment.NewLine + string.Join(Environment.NewLine, problems));
                return Collect();
            }

            var seeds = Seeds(o.Findings);
            foreach (var (name, text) in seeds)
            {
                var input = text.Length > FuzzTarget.MaxInputChars ? text.Substring(0, FuzzTarget.MaxInputChars) : text;
                if (Execute(input, "seed " + name) || corpus.Count == 0) corpus.Add(input);
            }
            foreach (var f in Directory.GetFiles(o.Corpus, "*.netpolicy").OrderBy(f => f, StringComparer.Ordinal))
            {
                var text = File.ReadAllText(f);
                if (Execute(text, "corpus " + Path.GetFileName(f))) corpus.Add(text);
            }
            int seedEdges = Edges(), seedFeatures = Features();
            Console.Error.WriteLine($"policyfuzz: {seeds.Count} seeds, {corpus.Count} kept, {seedEdges} edges and {seedFeatures} features after the seeds");
            if (seedEdges == 0)
            {
                Console.Error.WriteLine("policyfuzz: no coverage: PolicyLang.Core.dll is not instrumented (run tests/PolicyLang.Fuzz/run.sh, which instruments it)");
                if (o.RequireInstrumentation) return 2;
            }

            long lastReport = 0;
            int added = 0;
            // Ctrl-C or SIGTERM ends the loop after the current input, so the summary is still written.
            bool stop = false;
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop = true; };
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop = true; });
            while (!stop && execs < o.Execs && clock.Elapsed.TotalSeconds < o.Seconds)
            {
                // Newer entries are deeper; favour them a little, as libFuzzer does.
                int pick = random.Next(4) == 0 ? corpus.Count - 1 - random.Next(Math.Max(1, corpus.Count / 10)) : random.Next(corpus.Count);
                var parent = corpus[Math.Max(0, pick)];
                var other = corpus[random.Next(corpus.Count)];
                var child = Mutator.Mutate(parent, other, random);
                child = s_utf8.GetString(s_utf8.GetBytes(child));
                if (Execute(child, "mutant"))
                {
                    corpus.Add(child);
                    added++;
                    File.WriteAllText(Path.Combine(o.Corpus, Hash(child) + ".netpolicy"), child, s_utf8);
                }
                if (clock.ElapsedMilliseconds - lastReport > 10000)
                {
                    lastReport = clock.ElapsedMilliseconds;
                    Console.Error.WriteLine($"policyfuzz: {clock.Elapsed.TotalSeconds:F0} s, {execs} execs ({execs / clock.Elapsed.TotalSeconds:F0}/s), corpus {corpus.Count}, edges {Edges()}, features {Features()}, findings {findings.Count}");
                }
            }
            File.Delete(current);
            var summary = $"policyfuzz: done: {execs} execs in {clock.Elapsed.TotalSeconds:F0} s ({execs / Math.Max(1, clock.Elapsed.TotalSeconds):F0}/s), seed {o.Seed}, corpus {corpus.Count} (+{added}), edges {Edges()} ({seedEdges} from the seeds), features {Features()} ({seedFeatures} from the seeds), unique findings {findings.Count}";
            Console.Error.WriteLine(summary);
            if (o.Stats != null) File.AppendAllText(o.Stats, summary + Environment.NewLine);
            foreach (var f in findings) Console.Error.WriteLine("  " + f.Value + ": " + f.Key);
            return findings.Count == 0 ? 0 : 1;
        }

        private static void Report(Options o, Dictionary<string, string> findings, string kind, string signature, string text, string detail)
        {
            if (findings.ContainsKey(signature)) return;
            var name = kind + "-" + Hash(text);
            findings[signature] = name;
            File.WriteAllText(Path.Combine(o.Findings, name + ".netpolicy"), text, s_utf8);
            File.WriteAllText(Path.Combine(o.Findings, name + ".txt"), detail + Environment.NewLine);
            Console.Error.WriteLine($"policyfuzz: NEW {kind.ToUpperInvariant()} {name}: {signature}");
        }

        /// <summary>An exception's identity: its type and the first frames inside PolicyLang.</summary>
        internal static string Signature(Exception e)
        {
            var frames = (e.StackTrace ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("at PolicyLang.", StringComparison.Ordinal))
                .Select(l => l.IndexOf(" in ", StringComparison.Ordinal) is int k && k > 0 ? l.Substring(0, k) : l).Take(3);
            return e.GetType().Name + " @ " + string.Join(" < ", frames);
        }

        /// <summary>A broken invariant's identity: its text up to the first quote or colon after the phase, digits masked.</summary>
        private static string Normalize(string problem)
        {
            int colon = problem.IndexOf(": ", StringComparison.Ordinal);
            int cut = problem.IndexOfAny(new[] { '\'', '"', ':' }, colon < 0 ? 0 : colon + 2);
            var head = cut > 0 ? problem.Substring(0, cut) : problem;
            var sb = new StringBuilder();
            foreach (var c in head.Length > 90 ? head.Substring(0, 90) : head) sb.Append(char.IsDigit(c) ? '#' : c);
            return sb.ToString();
        }

        internal static string Hash(string text)
        {
            var bytes = SHA1.HashData(Encoding.UTF8.GetBytes(text));
            return Convert.ToHexString(bytes, 0, 8).ToLowerInvariant();
        }

        /// <summary>Runs saved inputs once each (no instrumentation needed) and prints what they find.</summary>
        private static int Replay(string[] paths)
        {
            InstallMap();
            int failures = 0;
            foreach (var path in paths)
            {
                var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.netpolicy").OrderBy(f => f, StringComparer.Ordinal).ToArray() : new[] { path };
                foreach (var f in files)
                {
                    try
                    {
                        var problems = FuzzTarget.Run(File.ReadAllText(f));
                        Console.WriteLine((problems.Count == 0 ? "ok     " : "BROKEN ") + f + (problems.Count == 0 ? "" : ": " + string.Join("; ", problems)));
                        if (problems.Count > 0) failures++;
                    }
                    catch (Exception e)
                    {
                        failures++;
                        Console.WriteLine("CRASH  " + f + ": " + Signature(e) + Environment.NewLine + e);
                    }
                }
            }
            return failures == 0 ? 0 : 1;
        }
    }
}
