using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using PolicyLang.TestSupport;

namespace PolicyLang.Benchmarks.Lsp
{
    /// <summary>
    /// End-to-end editor latency of the real <c>policyls</c> process over stdio, as an editor sees it: a 10,000-line
    /// synthetic policy is opened, then keystrokes are typed one <c>didChange</c> at a time and each keystroke's
    /// <c>publishDiagnostics</c> (for that document version) is timed; completion requests are timed the same way.
    /// Not a BenchmarkDotNet benchmark (BenchmarkDotNet cannot time another process's notifications):
    /// <c>dotnet run -c Release --project tests/PolicyLang.Benchmarks -- lsp [LINES] [KEYSTROKES]</c>.
    /// </summary>
    public static class LspLatencyBenchmark
    {
        /// <summary>The pause between keystrokes: a fast typist (about 100 words a minute).</summary>
        public static readonly TimeSpan TypingInterval = TimeSpan.FromMilliseconds(100);

        public static string ServerPath =>
            typeof(LspLatencyBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PolicyLsPath").Value!;

        /// <summary>Keystrokes typed before measuring: the JIT compiles the edit path, as in any editor session after its first minute.</summary>
        public const int WarmUpKeystrokes = 40;

        public static async Task<int> RunAsync(int lines, int measured)
        {
            int keystrokes = measured + WarmUpKeystrokes;
            var text = SyntheticPolicy.Generate(lines);
            var uri = new Uri(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "policyls-bench", "p" + lines + ".netpolicy")).AbsoluteUri;
            Console.WriteLine($"server: {ServerPath}");
            Console.WriteLine($"policy: {SyntheticPolicy.CountLines(text):N0} lines, {text.Length:N0} characters; {measured} measured keystrokes (after {WarmUpKeystrokes} to warm up), {TypingInterval.TotalMilliseconds} ms apart");
            await using var client = BenchClient.Start(ServerPath);
            await client.RequestAsync("initialize", new JsonObject { ["processId"] = Environment.ProcessId, ["rootUri"] = null, ["capabilities"] = new JsonObject() });
            await client.NotifyAsync("initialized", new JsonObject());

            var openWatch = System.Diagnostics.Stopwatch.StartNew();
            await client.NotifyAsync("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "netpolicy", ["version"] = 1, ["text"] = text },
            });
            var opened = await client.WaitForPublishAsync(uri, 1, TimeSpan.FromMinutes(2), full: true);
            Console.WriteLine($"open → full diagnostics: {openWatch.ElapsedMilliseconds} ms ({opened.Count} diagnostics)");

            // Where to type: a new flow line in the middle of the file, between two flows, using names that exist.
            var docLines = text.Split('\n');
            int flowLine = Array.FindIndex(docLines, docLines.Length / 2, l => l.StartsWith("allow ", StringComparison.Ordinal));
            var existingFlow = docLines[flowLine];
            int descriptionLine = Array.FindIndex(docLines, l => l.Contains("description \"", StringComparison.Ordinal) && l.StartsWith("  ", StringComparison.Ordinal));

            int version = 1;
            var diagnosticsLatency = new List<double>();
            var settledLatency = new List<double>();
            var policyLatency = new List<double>();
            var completionLatency = new List<double>();
            var typed = 0;
            var rounds = 0;
            while (typed < keystrokes)
            {
                // 1. Press Enter at the end of a flow and type a new flow, a copy of an existing one, character by
                //    character on the new line (the text is broken until the line is complete: realistic
                //    intermediate states), then wait for it to settle.
                var line = flowLine + rounds;
                var burst = ("\n" + existingFlow).ToCharArray();
                var lastSent = client.Now;
                for (int i = 0; i < burst.Length && typed < keystrokes; i++, typed++)
                {
                    version++;
                    var sent = client.Now;
                    lastSent = sent;
                    // Enter at the end of the line, then each character on the new line after it.
                    if (i == 0) await client.ChangeAsync(uri, version, line, existingFlow.Length, "\n");
                    else await client.ChangeAsync(uri, version, line + 1, i - 1, burst[i].ToString());
                    var first = await client.WaitForPublishAsync(uri, version, TimeSpan.FromSeconds(30), full: false);
                    if (typed >= WarmUpKeystrokes) diagnosticsLatency.Add((first.At - sent).TotalMilliseconds);
                    if ((burst[i] == ' ' || burst[i] == ':') && typed >= WarmUpKeystrokes)
                    {
                        // Completion right after a keystroke, as an editor asks when a trigger character is typed.
                        var asked = client.Now;
                        await client.RequestAsync("textDocument/completion", new JsonObject
                        {
                            ["textDocument"] = new JsonObject { ["uri"] = uri },
                            ["position"] = new JsonObject { ["line"] = line + 1, ["character"] = i },
                        });
                        completionLatency.Add((client.Now - asked).TotalMilliseconds);
                    }
                    await Task.Delay(TypingInterval);
                }
                var settled = await client.WaitForPublishAsync(uri, version, TimeSpan.FromSeconds(60), full: true);
                if (typed > WarmUpKeystrokes)
                {
                    settledLatency.Add((settled.At - lastSent).TotalMilliseconds);
                    if (client.Stage(uri, version, "policy") is { } policyStage) policyLatency.Add((policyStage.At - lastSent).TotalMilliseconds);
                }
                rounds++;

                // 2. Type a word into a description string (the text stays valid at every keystroke).
                var descriptionText = docLines[descriptionLine];
                int column = descriptionText.LastIndexOf('"');
                foreach (var ch in " edited")
                {
                    if (typed >= keystrokes) break;
                    version++;
                    typed++;
                    var sent = client.Now;
                    await client.ChangeAsync(uri, version, descriptionLine, column, ch.ToString());
                    column++;
                    var first = await client.WaitForPublishAsync(uri, version, TimeSpan.FromSeconds(30), full: false);
                    if (typed > WarmUpKeystrokes) diagnosticsLatency.Add((first.At - sent).TotalMilliseconds);
                    await Task.Delay(TypingInterval);
                }
                docLines[descriptionLine] = descriptionText.Insert(descriptionText.LastIndexOf('"'), " edited");
            }

            // 3. Completion in a settled document: after "allow ", after "-> ", after ": ".
            var lastLine = flowLine + 1;
            var probe = docLines[flowLine];
            var settledFinal = await client.WaitForPublishAsync(uri, version, TimeSpan.FromSeconds(60), full: true);
            _ = settledFinal;
            var settledCompletion = new List<double>();
            int[] columns = { 6, probe.IndexOf("-> ", StringComparison.Ordinal) + 3, probe.IndexOf(": ", StringComparison.Ordinal) + 2 };
            for (int i = 0; i < 210; i++)
            {
                var asked = client.Now;
                var response = await client.RequestAsync("textDocument/completion", new JsonObject
                {
                    ["textDocument"] = new JsonObject { ["uri"] = uri },
                    ["position"] = new JsonObject { ["line"] = lastLine, ["character"] = columns[i % columns.Length] },
                });
                settledCompletion.Add((client.Now - asked).TotalMilliseconds);
                if (i == 0 && response["result"]?["items"] is not JsonArray { Count: > 0 })
                    throw new InvalidOperationException("completion returned no items: " + response.ToJsonString());
            }

            // 4. Semantic tokens of the whole settled document (what an editor asks after each pause).
            var tokensLatency = new List<double>();
            int tokenCount = 0;
            for (int i = 0; i < 20; i++)
            {
                var asked = client.Now;
                var response = await client.RequestAsync("textDocument/semanticTokens/full", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
                tokensLatency.Add((client.Now - asked).TotalMilliseconds);
                tokenCount = response["result"]!["data"]!.AsArray().Count / 5;
            }

            await client.RequestAsync("shutdown", null);
            await client.NotifyAsync("exit", null);

            Console.WriteLine();
            Console.WriteLine($"load average at the end: {LoadAverage()}");
            Console.WriteLine("| measurement | samples | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            Row("keystroke didChange → publishDiagnostics (that version)", diagnosticsLatency);
            Row("last keystroke → the policy's own checked diagnostics (stage \"policy\")", policyLatency);
            Row("last keystroke → complete (checked) diagnostics, target validation included", settledLatency);
            Row("completion right after a keystroke", completionLatency);
            Row("completion, settled document", settledCompletion);
            Row("completion, all", completionLatency.Concat(settledCompletion).ToList());
            Row($"semanticTokens/full, settled document ({tokenCount:N0} tokens)", tokensLatency);
            return 0;
        }

        private static string LoadAverage()
        {
            try { return System.IO.File.ReadAllText("/proc/loadavg").Trim(); }
            catch (System.IO.IOException) { return "unknown"; }
            catch (UnauthorizedAccessException) { return "unknown"; }
        }

        private static void Row(string what, List<double> samples)
        {
            if (samples.Count == 0) return;
            var sorted = samples.OrderBy(x => x).ToArray();
            string P(double p) => Percentile(sorted, p).ToString("0.0", CultureInfo.InvariantCulture);
            Console.WriteLine($"| {what} | {sorted.Length} | {P(50)} | {P(95)} | {P(99)} | {sorted[^1].ToString("0.0", CultureInfo.InvariantCulture)} |");
        }

        /// <summary>Nearest-rank percentile.</summary>
        public static double Percentile(double[] sorted, double p)
        {
            int rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
    }
}
