using System;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Running;
using PolicyLang.TestSupport;

namespace PolicyLang.Benchmarks
{
    public static class Program
    {
        /// <summary>
        /// Runs the benchmarks chosen on the command line, e.g. <c>-- --filter '*' --job short</c>;
        /// <c>-- generate LINES FILE</c> writes a synthetic policy instead, for measuring the CLI end to end.
        /// </summary>
        public static void Main(string[] args)
        {
            if (args.Length == 3 && args[0] == "generate")
            {
                File.WriteAllText(args[2], SyntheticPolicy.Generate(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture)));
                return;
            }
            if (args.Length == 3 && args[0] == "export-state")
            {
                // -- export-state POLICY DIR: the running state of every target after applying the build, as the
                // platforms export it (nftables through the kernel: each ruleset loaded into a network namespace and
                // listed with nft -j), for timing policyc verify end to end.
                Environment.ExitCode = StateExport.Run(args[1], args[2]);
                return;
            }
            if (args.Length >= 1 && args[0] == "lsp")
            {
                int lines = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
                int keystrokes = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 300;
                Environment.ExitCode = Lsp.LspLatencyBenchmark.RunAsync(lines, keystrokes).GetAwaiter().GetResult();
                return;
            }
            if (args.Length == 5 && args[0] == "query-time")
            {
                // -- query-time FILE FROM TO SERVICE: one query on a loaded policy, cold then warm, to find where time goes.
                var compilation = PolicyLang.Semantics.PolicyCompilation.Create(new[] { PolicyLang.Syntax.PolicySyntaxTree.Parse(File.ReadAllText(args[1]), "p.netpolicy") });
                _ = compilation.PolicyDiagnostics;
                var from = PolicyLang.Review.PolicyQuery.Endpoint(compilation, args[2], out _)!;
                var to = PolicyLang.Review.PolicyQuery.Endpoint(compilation, args[3], out _)!;
                var service = PolicyLang.Review.PolicyQuery.Service(compilation, args[4], out _);
                for (int i = 0; i < 4; i++)
                {
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    var pieces = PolicyLang.Review.PolicyQuery.Ask(compilation, from, to, service, Environment.GetEnvironmentVariable("MAXT") is { } m ? int.Parse(m, System.Globalization.CultureInfo.InvariantCulture) : PolicyLang.Review.PolicyQuery.DefaultMaxTargets);
                    Console.WriteLine($"query {i}: {watch.ElapsedMilliseconds} ms, {pieces.Count} parts, {System.Linq.Enumerable.Sum(pieces, p => p.Enforcement.Count)} enforcement lines");
                }
                return;
            }
            if (args.Length == 2 && args[0] == "warm-check")
            {
                // -- warm-check FOLDER: the sample's check, cold then warm, in one process: what start-up (type loading, JIT)
                // costs against the work itself.
                var files = Directory.GetFiles(args[1], "*.netpolicy");
                Array.Sort(files, StringComparer.Ordinal);
                for (int i = 0; i < 5; i++)
                {
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    var trees = System.Linq.Enumerable.ToList(System.Linq.Enumerable.Select(files, f => PolicyLang.Syntax.PolicySyntaxTree.Parse(File.ReadAllText(f), f)));
                    var compilation = PolicyLang.Semantics.PolicyCompilation.Create(trees);
                    int n = compilation.Diagnostics.Count;
                    Console.WriteLine($"check {i}: {watch.Elapsed.TotalMilliseconds:F1} ms, {n} diagnostics");
                }
                return;
            }
            if (args.Length == 2 && args[0] == "check-memory")
            {
                CheckMemory(File.ReadAllText(args[1]));
                return;
            }
            if ((args.Length == 2 || args.Length == 3) && args[0] == "phases")
            {
                int rounds = args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1;
                for (int i = 0; i < rounds; i++) Phases(File.ReadAllText(args[1]), build: rounds == 1);
                return;
            }
            if ((args.Length == 2 || args.Length == 3) && args[0] == "cloud-phases")
            {
                TimeBuilds("cloud", CloudBuildBenchmarks.CloudExpressible(File.ReadAllText(args[1])), args.Length == 3 ? args[2].Split(',') : CloudBuildBenchmarks.Platforms, CloudBuildBenchmarks.Platforms);
                return;
            }
            if (args.Length == 3 && args[0] == "fabric-text")
            {
                // The fabric-expressible rewrite that `fabric` builds, for running the CLI on it.
                File.WriteAllText(args[2], FabricBenchmarks.FabricExpressible(File.ReadAllText(args[1])));
                return;
            }
            if (args.Length == 3 && args[0] == "cloud-text")
            {
                // The cloud-expressible rewrite that `cloud-phases` builds, for running the CLI on it.
                File.WriteAllText(args[2], CloudBuildBenchmarks.CloudExpressible(File.ReadAllText(args[1])));
                return;
            }
            if ((args.Length == 2 || args.Length == 3) && args[0] == "fabric")
            {
                TimeBuilds("fabric", FabricBenchmarks.FabricExpressible(File.ReadAllText(args[1])), args.Length == 3 ? args[2].Split(',') : FabricBenchmarks.Platforms, FabricBenchmarks.Platforms);
                return;
            }
            if (args.Length >= 3 && args[0] == "nft-read")
            {
                // -- nft-read POLICY FILE...: per stage of reading an nft -j export (text, JSON, ruleset, whole verify), one thread, after a warm-up.
                var compilation = PolicyLang.Semantics.PolicyCompilation.Create(new[] { PolicyLang.Syntax.PolicySyntaxTree.Parse(File.ReadAllText(args[1]), "p.netpolicy") });
                for (int round = 0; round < 2; round++)
                {
                    double text = 0, json = 0, rules = 0, verify = 0; long alloc = 0, jsonAlloc = 0;
                    int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
                    foreach (var path in args.Skip(2))
                    {
                        var w = System.Diagnostics.Stopwatch.StartNew();
                        var t = PolicyLang.Text.SourceText.Decode(File.ReadAllBytes(path)); text += w.Elapsed.TotalMilliseconds; w.Restart();
                        long j0 = GC.GetAllocatedBytesForCurrentThread();
                        PolicyLang.Emit.State.StateJson.Read(t, r => 0); json += w.Elapsed.TotalMilliseconds; w.Restart();
                        jsonAlloc += GC.GetAllocatedBytesForCurrentThread() - j0;
                        long a0 = GC.GetAllocatedBytesForCurrentThread();
                        PolicyLang.Emit.Nftables.NftState.Read(t); rules += w.Elapsed.TotalMilliseconds; w.Restart();
                        alloc += GC.GetAllocatedBytesForCurrentThread() - a0;
                        var dir = Path.GetFileName(Path.GetDirectoryName(path))!;
                        var target = compilation.Model.Targets.First(x => x.Name == dir);
                        var context = new PolicyLang.Emit.TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
                        var file = new PolicyLang.Emit.State.StateFile(path, Path.GetFileNameWithoutExtension(path), t);
                        PolicyLang.Emit.Nftables.NftStateVerifier.Verify(context, file); verify += w.Elapsed.TotalMilliseconds;
                    }
                    int n = args.Length - 2;
                    Console.WriteLine($"round {round}: per file: read text {text / n:F1} ms, JSON {json / n:F1} ms ({jsonAlloc / n / 1048576.0:F1} MB), NftState.Read {rules / n:F1} ms ({alloc / n / 1048576.0:F1} MB), verify {verify / n:F1} ms; GCs {GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}");
                }
                return;
            }
            if (args.Length == 2 && args[0] == "parse-alloc")
            {
                // -- parse-alloc FILE: bytes allocated per input byte by a parse, and its time, after two warm-up parses.
                var text = File.ReadAllText(args[1]);
                for (int i = 0; i < 2; i++) PolicyLang.Syntax.PolicySyntaxTree.Parse(text, "p.netpolicy");
                long before = GC.GetAllocatedBytesForCurrentThread();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                PolicyLang.Syntax.PolicySyntaxTree.Parse(text, "p.netpolicy");
                watch.Stop();
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Console.WriteLine($"{text.Length} chars: {watch.ElapsedMilliseconds} ms, {allocated / (1024 * 1024)} MB allocated, {(double)allocated / text.Length:F1} bytes per input char");
                var lexemes = new System.Collections.Generic.List<PolicyLang.Parsing.Lexeme>();
                long lexBefore = GC.GetAllocatedBytesForCurrentThread();
                PolicyLang.Parsing.Lexer.Lex(text, 0, text.Length, lexemes, new System.Collections.Generic.List<PolicyLang.Diagnostics.Diagnostic>());
                Console.WriteLine($"  of which lexing: {(GC.GetAllocatedBytesForCurrentThread() - lexBefore) / (1024 * 1024)} MB for {lexemes.Count} lexemes");
                return;
            }
            if (args.Length == 4 && args[0] == "flowlog")
            {
                // -- flowlog POLICY RECORDS FILE: an AWS VPC flow log over the policy's zones, for timing policyc audit end to end.
                FlowLogGenerator.Write(args[1], long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]);
                return;
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }

        /// <summary>
        /// Times check, then building each platform's targets and all of the family's together (each build from a fresh
        /// compilation whose check is already done, so nothing is memoized from an earlier build), then all of it from text
        /// (not a benchmark). Wall clock and CPU time of the process: on a shared machine the wall clock mostly measures waiting.
        /// </summary>
        private static void TimeBuilds(string family, string text, string[] platforms, string[] familyPlatforms)
        {
            var cpu = new Cpu();
            var watch = cpu.Watch;
            var compilation = PolicyLang.Semantics.PolicyCompilation.Create(new[] { PolicyLang.Syntax.PolicySyntaxTree.Parse(text, "p.netpolicy") });
            var diagnostics = compilation.PolicyDiagnostics;
            Console.WriteLine($"check         {watch.ElapsedMilliseconds,7} ms  {cpu.Lap(),7} ms CPU  ({diagnostics.Count} diagnostics)");
            PolicyLang.Emit.BuildResult Timed(string label, System.Collections.Generic.List<string> targets)
            {
                var fresh = PolicyLang.Semantics.PolicyCompilation.Create(compilation.Trees);
                _ = fresh.PolicyDiagnostics;
                watch.Restart();
                cpu.Lap();
                var result = PolicyLang.Emit.PolicyBuilder.Build(new[] { fresh }, targets);
                Console.WriteLine($"{label,-13} {watch.ElapsedMilliseconds,7} ms  {cpu.Lap(),7} ms CPU  {targets.Count} targets, {result.Artifacts.Count} files, "
                    + $"{System.Linq.Enumerable.Sum(result.Artifacts, a => (long)a.Content.Length) / 1024} KB, {System.Linq.Enumerable.Count(result.Diagnostics, d => d.IsError)} errors");
                return result;
            }
            System.Collections.Generic.List<string> TargetsOf(System.Collections.Generic.IEnumerable<string> of) =>
                System.Linq.Enumerable.ToList(System.Linq.Enumerable.Select(System.Linq.Enumerable.Where(compilation.Model.Targets,
                    t => System.Linq.Enumerable.Contains(of, t.Platform.Value) && PolicyLang.Platforms.PlatformRegistry.Find(t.Platform.Value) != null), t => t.Name));
            foreach (var platform in platforms)
            {
                if (PolicyLang.Platforms.PlatformRegistry.Find(platform) == null) { Console.WriteLine($"{platform,-13} no backend in this build"); continue; }
                Timed(platform, TargetsOf(new[] { platform }));
            }
            if (platforms.Length < familyPlatforms.Length) return;
            var all = TargetsOf(familyPlatforms);
            var built = Timed("all " + family, all);
            watch.Restart();
            cpu.Lap();
            var fromText = PolicyLang.Semantics.PolicyCompilation.Create(new[] { PolicyLang.Syntax.PolicySyntaxTree.Parse(text, "p.netpolicy") });
            var total = PolicyLang.Emit.PolicyBuilder.Build(new[] { fromText }, all);
            Console.WriteLine($"from text     {watch.ElapsedMilliseconds,7} ms  {cpu.Lap(),7} ms CPU  parse + check + build, {total.Artifacts.Count} files, {System.Linq.Enumerable.Count(total.Diagnostics, d => d.IsError)} errors");
            foreach (var d in System.Linq.Enumerable.Take(System.Linq.Enumerable.Where(built.Diagnostics, d => d.IsError), 5)) Console.WriteLine("  " + d);
        }

        private sealed class Cpu
        {
            private System.TimeSpan _last = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

            public System.Diagnostics.Stopwatch Watch { get; } = System.Diagnostics.Stopwatch.StartNew();

            /// <summary>CPU milliseconds of this process since the last lap.</summary>
            public long Lap()
            {
                var now = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                var ms = (long)(now - _last).TotalMilliseconds;
                _last = now;
                return ms;
            }
        }

        /// <summary>Times each phase of check and build once, for finding where time goes (not a benchmark).</summary>
        /// <summary>
        /// The check as policyc runs it (target models dropped after their validation), with the process's memory sampled
        /// every 50 ms: where the peak is, and how much of it the GC heap holds live, committed but free, or not at all.
        /// </summary>
        private static void CheckMemory(string text)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            string phase = "parse";
            long peakRss = 0; string peakAt = ""; long peakHeap = 0, peakCommitted = 0;
            using var stop = new System.Threading.CancellationTokenSource();
            var sampler = new System.Threading.Thread(() =>
            {
                var process = System.Diagnostics.Process.GetCurrentProcess();
                while (!stop.IsCancellationRequested)
                {
                    process.Refresh();
                    var info = GC.GetGCMemoryInfo();
                    if (process.WorkingSet64 > peakRss)
                    {
                        peakRss = process.WorkingSet64; peakAt = phase + " at " + watch.ElapsedMilliseconds + " ms";
                        peakHeap = info.HeapSizeBytes; peakCommitted = info.TotalCommittedBytes;
                    }
                    System.Threading.Thread.Sleep(50);
                }
            }) { IsBackground = true };
            sampler.Start();
            var tree = PolicyLang.Syntax.PolicySyntaxTree.Parse(text, "p.netpolicy");
            phase = "check";
            var compilation = PolicyLang.Semantics.PolicyCompilation.Create(new[] { tree });
            compilation.KeepTargetModels = false;
            int n = compilation.Diagnostics.Count;
            phase = "done";
            System.Threading.Thread.Sleep(100);
            stop.Cancel();
            sampler.Join();
            const double MB = 1024 * 1024;
            Console.WriteLine($"{n} diagnostics in {watch.ElapsedMilliseconds} ms");
            Console.WriteLine($"peak working set {peakRss / MB:F0} MB ({peakAt}): GC heap after the last GC {peakHeap / MB:F0} MB, GC committed {peakCommitted / MB:F0} MB");
            Console.WriteLine($"live at the end (after a full GC, tree and compilation still referenced): {GC.GetTotalMemory(true) / MB:F0} MB");
            GC.KeepAlive(compilation);
        }

        private static void Phases(string text, bool build)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            long lastAllocated = GC.GetTotalAllocatedBytes(false);
            void Mark(string phase)
            {
                long allocated = GC.GetTotalAllocatedBytes(false);
                Console.WriteLine($"{phase,-12} {watch.ElapsedMilliseconds,7} ms  {GC.GetTotalMemory(true) / (1024 * 1024),6} MB live  {(allocated - lastAllocated) / (1024 * 1024),7} MB allocated");
                lastAllocated = allocated;
                watch.Restart();
            }
            var tree = PolicyLang.Syntax.PolicySyntaxTree.Parse(text, "p.netpolicy");
            Mark("parse");
            var compilation = PolicyLang.Semantics.PolicyCompilation.Create(new[] { tree });
            _ = compilation.Model;
            Mark("bind");
            _ = compilation.Addresses;
            Mark("addresses");
            _ = compilation.Flows;
            Mark("flow sets");
            var sink = new System.Collections.Generic.List<PolicyLang.Diagnostics.Diagnostic>();
            var ctx = new PolicyLang.Analysis.CheckContext(compilation.Model, compilation.Addresses, compilation.Flows, sink, default);
            PolicyLang.Analysis.Rules.SegmentRules.Check(ctx);
            Mark("segments");
            PolicyLang.Analysis.Rules.ClassRules.Check(ctx);
            Mark("classes");
            PolicyLang.Analysis.Rules.FlowRules.Check(ctx);
            Mark("flow rules");
            var byKind = new System.Collections.Generic.Dictionary<string, long>();
            var sw = new System.Diagnostics.Stopwatch();
            foreach (var a in compilation.Model.Assertions)
            {
                sw.Restart();
                PolicyLang.Analysis.Rules.AssertionRules.Evaluate(ctx, a);
                var k = a.Kind.ToString();
                byKind[k] = (byKind.TryGetValue(k, out var v) ? v : 0) + sw.ElapsedMilliseconds;
            }
            foreach (var kv in byKind) Console.WriteLine($"  {kv.Key}: {kv.Value} ms");
            Mark("assertions");
            PolicyLang.Analysis.Rules.TestRules.Check(ctx);
            Mark("tests");
            _ = compilation.PolicyDiagnostics;
            Mark("check");
            var perPlatform = new System.Collections.Generic.SortedDictionary<string, (long Ms, int Targets, int Diagnostics, long Bytes)>(StringComparer.Ordinal);
            foreach (var t in compilation.Model.Targets)
            {
                sw.Restart();
                long before = GC.GetTotalAllocatedBytes(false);
                var n = PolicyLang.Emit.TargetValidator.Validate(compilation, t).Count;
                perPlatform.TryGetValue(t.Platform.Value, out var acc);
                perPlatform[t.Platform.Value] = (acc.Ms + sw.ElapsedMilliseconds, acc.Targets + 1, acc.Diagnostics + n, acc.Bytes + GC.GetTotalAllocatedBytes(false) - before);
            }
            foreach (var kv in perPlatform)
                Console.WriteLine($"  validate {kv.Key}: {kv.Value.Ms} ms, {kv.Value.Targets} targets, {kv.Value.Diagnostics} diagnostics, {kv.Value.Bytes / (1024 * 1024)} MB allocated");
            watch.Restart();
            var diagnostics = compilation.Diagnostics;
            Mark("targets");
            Console.WriteLine($"{diagnostics.Count} diagnostics");
            if (!build) return;
            var targets = System.Linq.Enumerable.ToList(System.Linq.Enumerable.Select(
                System.Linq.Enumerable.Where(compilation.Model.Targets, t => t.Platform.Value == "nftables"), t => t.Name));
            var result = PolicyLang.Emit.PolicyBuilder.Build(new[] { compilation }, targets);
            Mark("build");
            Console.WriteLine($"{result.Artifacts.Count} artifacts, {result.Diagnostics.Count} diagnostics");
        }
    
    }
}
