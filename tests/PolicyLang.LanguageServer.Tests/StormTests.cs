using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using PolicyLang.TestSupport;
using Xunit;
using Xunit.Abstractions;
using static PolicyLang.LanguageServer.Tests.TempWorkspace;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>
    /// An editing storm: a realistic document, 10,000 random <c>didChange</c> notifications (typing, deletions,
    /// replacements, ranges past the end or reversed, several changes in one notification, whole-document replacements),
    /// hover, completion and definition at random positions every ~20 edits, and malformed frames at random points. The
    /// server must answer every request without an error, stay alive, and end up with exactly the text an LSP client
    /// expects: its last checked diagnostics must equal the core's check of the text this test computed by itself.
    /// <c>POLICYLS_STORM_SEED</c> and <c>POLICYLS_STORM_EDITS</c> override the seed and the number of edits.
    /// </summary>
    public sealed class StormTests
    {
        private const int DefaultSeed = 20250611;
        private const int DefaultEdits = 10_000;
        private const int CheckpointEvery = 2_500;

        private readonly ITestOutputHelper _output;

        public StormTests(ITestOutputHelper output)
        {
            _output = output;
        }

        private static readonly string[] s_keywords =
        {
            "policy", "zone", "segment", "external", "service", "class", "prefixes", "ports", "allow", "deny", "assert", "test", "expect",
            "target", "import", "never", "reachable", "isolated", "except", "vlan", "vni", "subnet", "mtu", "dscp", "queue", "pcp", "ecn",
            "bandwidth", "lossless", "description", "labels", "log", "any", "tcp", "udp", "icmp", "icmpv6", "sctp", "proto", "code",
            "default", "version", "owner", "device", "interface", "carries", "uplink", "zones", "source", "rate", "mode", "option",
            "echo-request", "packet-too-big", "af21", "ef", "cs6", "nftables", "cumulus-nvue", "kubernetes", "aws",
        };

        private static readonly string[] s_names =
        {
            "gpu", "gpu.nodes", "gpu.bmc", "lab-services", "lab-services.login", "lab-services.infra", "students", "staff", "campus",
            "internet", "ssh", "web", "slurm", "basics", "ping", "scavenger", "campus-v4", "web-ports", "nowhere", "gpu.nowhere", "x",
        };

        private static readonly string[] s_punctuation =
        {
            "{", "}", "->", ":", ",", ".", "=", "/", "\"", "#", "-", ">", "<", "==", "(", ")", "[", "]", "*", "%", ";", "\\", "'", "!",
        };

        private static readonly string[] s_literals =
        {
            "10.0.0.0/8", "10.100.10.0/24", "2001:db8::/32", "::/0", "0.0.0.0/0", "10.0.0.1/33", "300.1.1.1", "fe80::1%eth0",
            "9000", "65535", "0", "4096", "99999999999999999999", "0x1F", "1e9", "6817-6819", "80, 443", "10%", "100Gbps", "tcp/22",
            "udp/53", "tcp/web-ports", "\"a string\"", "\"unterminated", "\"esc\\\"aped\"", "\"x.netpolicy\"", "\"storm.netpolicy\"",
            "\".\"", "\"\"", "\"../elsewhere.netpolicy\"", "# a comment", "/* block", "*/",
        };

        private static readonly string[] s_garbage =
        {
            "\0", "\u0001", "\u0007", "\b", "\t", "\v", "\f", "\u001b", "\u007f", "\r", "\n", "\r\n", "\n\r", "\u0085", "\u2028",
            "\u2029", "\uFEFF", "\u00a0", "é", "ß", "中文", "Ω", "😀", "𝔘", "\uFFFD", "\uFFFF", "\u200b", "\u0301",
        };

        [Fact]
        public async Task Ten_thousand_random_edits_with_requests_and_malformed_frames_leave_the_server_alive_and_its_text_exact()
        {
            int seed = EnvInt("POLICYLS_STORM_SEED", DefaultSeed);
            int edits = EnvInt("POLICYLS_STORM_EDITS", DefaultEdits);
            var rng = new Random(seed);
            var sample = File.ReadAllText(Path.Combine(RepositoryPaths.Samples, "campus-lab", "policy.netpolicy"));
            var root = Path.Combine(Path.GetTempPath(), "policyls-storm", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(root);
            var path = Path.Combine(root, "storm.netpolicy");
            var uri = new Uri(path).AbsoluteUri;
            var history = new Queue<string>();
            void Note(string what)
            {
                history.Enqueue(what);
                if (history.Count > 40) history.Dequeue();
            }

            var watch = Stopwatch.StartNew();
            var model = new LspText(sample);
            int version = 1;
            string typing = "";
            int typingAt = 0, keystrokes = 0;
            int changes = 0, requests = 0, malformed = 0, fullReplacements = 0, outOfRange = 0, reversed = 0;
            var pending = new List<(string What, Task<JsonObject> Response, int? ExpectedCode)>();
            try
            {
                await using var client = await StartAsync();
                await OpenAsync(client, uri, model.Text, version);

                async Task AwaitPendingAsync()
                {
                    foreach (var (what, response, expectedCode) in pending)
                    {
                        var message = await response;
                        if (expectedCode == null)
                            Assert.False(message.ContainsKey("error"), what + " got an error: " + message.ToJsonString() + Context());
                        else
                            Assert.Equal(expectedCode, (int?)message["error"]?["code"]);
                    }
                    pending.Clear();
                }

                async Task CheckpointAsync(string when)
                {
                    await AwaitPendingAsync();
                    var published = await client.WaitForDiagnosticsAsync(uri, p => (int?)p["version"] == version);
                    var actual = LspDiagnosticKey.FromPublish(published);
                    var expected = CoreCheck.Diagnostics(path, model.Text);
                    Assert.True(expected.Count <= 1000, "the storm made more diagnostics than the server publishes; " + Context());
                    if (!expected.SequenceEqual(actual))
                    {
                        var missing = expected.Except(actual).Take(10);
                        var extra = actual.Except(expected).Take(10);
                        var file = Path.Combine(Path.GetTempPath(), "policyls-storm-" + seed.ToString(CultureInfo.InvariantCulture) + ".netpolicy");
                        File.WriteAllText(file, model.Text);
                        Assert.Fail("at " + when + " (version " + version + ") the server's diagnostics differ from the core's check of the expected text (written to " + file + ")\n" +
                            "expected but not published:\n  " + string.Join("\n  ", missing) + "\npublished but not expected:\n  " + string.Join("\n  ", extra) + Context());
                    }
                    Assert.False(client.HasExited, "the server exited" + Context());
                }

                string Context() => "\nseed " + seed + ", edit " + (version - 1) + "; last operations:\n  " + string.Join("\n  ", history) + "\nserver stderr (tail):\n" + Tail(client.Stderr, 3000);

                int nextRequests = 15 + rng.Next(11);
                for (int edit = 1; edit <= edits; edit++)
                {
                    // One didChange notification: usually one change, sometimes several (applied in order, per LSP);
                    // or the next keystroke of a word being typed.
                    int count = rng.Next(20) == 0 ? 2 + rng.Next(3) : 1;
                    var contentChanges = new JsonArray();
                    var described = new List<string>();
                    if (typing.Length == 0 && rng.Next(60) == 0)
                    {
                        typing = RandomText(rng, 1 + rng.Next(4));
                        typingAt = rng.Next(model.Text.Length + 1);
                    }
                    if (typing.Length > 0)
                    {
                        int n = char.IsHighSurrogate(typing[0]) && typing.Length > 1 ? 2 : 1;
                        var keystroke = typing.Substring(0, n);
                        typing = typing.Substring(n);
                        typingAt = Math.Min(typingAt, model.Text.Length);
                        var at = model.PositionOf(typingAt);
                        model.Apply(at, at, keystroke);
                        typingAt += n;
                        contentChanges.Add(new JsonObject { ["range"] = Malformed.RangeJson(at.Line, at.Character, at.Line, at.Character), ["text"] = keystroke });
                        described.Add(FormattableString.Invariant($"Type ({at.Line},{at.Character}) \"{Malformed.Printable(keystroke)}\""));
                        changes++;
                        keystrokes++;
                        count = 0;
                    }
                    for (int c = 0; c < count; c++)
                    {
                        var (change, description, kind) = RandomChange(rng, model, sample);
                        contentChanges.Add(change);
                        described.Add(description);
                        changes++;
                        if (kind == ChangeKind.Full) fullReplacements++;
                        if (kind == ChangeKind.OutOfRange) outOfRange++;
                        if (kind == ChangeKind.Reversed) reversed++;
                    }
                    version++;
                    Note("v" + version + ": " + string.Join(" ; ", described));
                    await client.NotifyAsync("textDocument/didChange", new JsonObject
                    {
                        ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
                        ["contentChanges"] = contentChanges,
                    });

                    if (rng.Next(100) == 0)
                    {
                        var kind = Malformed.All[rng.Next(Malformed.All.Length)];
                        var bytes = Malformed.Create(kind, rng, uri, version + 1, client.NextId, out var answeredId, out var code);
                        Note("malformed " + kind + ": " + Malformed.Printable(Encoding.Latin1.GetString(bytes.Take(120).ToArray())));
                        if (answeredId != null) pending.Add(("malformed " + kind, client.Expect(answeredId.Value, "an answer to a malformed " + kind), code));
                        await client.SendBytesAsync(bytes);
                        malformed++;
                    }

                    if (--nextRequests == 0)
                    {
                        nextRequests = 15 + rng.Next(11);
                        foreach (var method in new[] { "textDocument/hover", "textDocument/completion", "textDocument/definition" })
                        {
                            var (line, character) = RandomPosition(rng, model);
                            Note(method + " at (" + line + "," + character + ")");
                            var (_, response) = client.BeginRequest(method, PositionParams(uri, line, character));
                            pending.Add((method + " at (" + line + "," + character + ") after v" + version, response, null));
                            requests++;
                        }
                        // Now and then wait, as an editor showing the answers would; otherwise keep typing.
                        if (rng.Next(4) == 0 || pending.Count > 60) await AwaitPendingAsync();
                    }

                    // A pause now and then, as a typist's: a check starts, and the next edit cancels it half-way.
                    if (rng.Next(80) == 0) await Task.Delay(5 + rng.Next(40));

                    if (edit % CheckpointEvery == 0 || edit == edits) await CheckpointAsync("edit " + edit);
                }

                var elapsed = watch.Elapsed;
                Assert.False(client.HasExited);
                Assert.Equal(0, await ShutdownAsync(client));
                _output.WriteLine(FormattableString.Invariant(
                    $"seed {seed}: {edits} didChange notifications ({changes} changes: {keystrokes} typed characters, {fullReplacements} whole-document, {outOfRange} past the end, {reversed} reversed), {requests} requests, {malformed} malformed frames, {client.PublishCount} publishes; {elapsed.TotalSeconds:0.0} s; final text {model.Text.Length} chars, {model.LineCount} lines"));
            }
            finally
            {
                try { Directory.Delete(root, recursive: true); }
                catch (IOException) { }
            }
        }

        /// <summary>
        /// The storm's first finding (seed 20250611; with the current generator its edit 430), reduced by hand. It is a bug of PolicyLang.Core, not of the
        /// server: the binder casts the syntax of a list declaration that has a syntax error (an ErrorDeclarationSyntax)
        /// to ListDeclarationSyntax when something uses its name, and throws InvalidCastException; hover and definition
        /// then fail with an internal error and the document's checked diagnostics are never published. This test fails
        /// until the core is fixed (by its owner; the server has no workaround on purpose).
        /// </summary>
        [Theory]
        [InlineData("ports p =\nservice s = tcp/p\n", 1, 16)]
        [InlineData("prefixes p =\nprefixes q = p\n", 1, 13)]
        [InlineData("service a =\nservice b = a\n", 1, 12)]
        public async Task Core_finding_a_use_of_a_list_declaration_with_a_syntax_error_is_hovered_and_checked(string text, int line, int character)
        {
            var root = Path.Combine(Path.GetTempPath(), "policyls-storm", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(root);
            var path = Path.Combine(root, "finding.netpolicy");
            var uri = new Uri(path).AbsoluteUri;
            try
            {
                await using var client = await StartAsync();
                await OpenAsync(client, uri, text, version: 1);
                foreach (var method in new[] { "textDocument/hover", "textDocument/definition" })
                {
                    var response = await client.RequestAsync(method, PositionParams(uri, line, character));
                    Assert.False(response.ContainsKey("error"), method + ": " + response.ToJsonString());
                }
                var published = await client.WaitForDiagnosticsAsync(uri, p => (int?)p["version"] == 1);
                Assert.Equal(CoreCheck.Diagnostics(path, text), LspDiagnosticKey.FromPublish(published));
                Assert.Equal(0, await ShutdownAsync(client));
            }
            finally
            {
                try { Directory.Delete(root, recursive: true); }
                catch (IOException) { }
            }
        }

        private static async Task<LspClient> StartAsync()
        {
            // A short debounce: checks start between edits all through the storm, and most are cancelled by the next edit.
            var client = LspClient.Start(new Dictionary<string, string> { ["POLICYLS_DEBOUNCE_MS"] = "10" }, latestDiagnosticsOnly: true);
            var response = await client.RequestAsync("initialize", new JsonObject { ["processId"] = Environment.ProcessId, ["rootUri"] = null, ["capabilities"] = new JsonObject() });
            if (response["result"] == null) throw new InvalidOperationException("initialize failed: " + response.ToJsonString());
            await client.NotifyAsync("initialized", new JsonObject());
            return client;
        }

        private enum ChangeKind { Insert, Delete, Replace, OutOfRange, Reversed, Full }

        /// <summary>A random content change; applies it to the model as an LSP client would.</summary>
        private static (JsonObject Change, string Description, ChangeKind Kind) RandomChange(Random rng, LspText model, string sample)
        {
            int roll = rng.Next(1000);
            if (roll < 5)
            {
                // Whole-document replacement: the sample again, a piece of it, nothing, or noise.
                string text = rng.Next(4) switch
                {
                    0 => sample,
                    1 => sample.Substring(0, rng.Next(sample.Length)),
                    2 => "",
                    _ => RandomText(rng, 200) + "\n" + sample.Substring(rng.Next(sample.Length)),
                };
                model.Apply(null, null, text);
                return (new JsonObject { ["text"] = text }, "full text (" + text.Length + " chars)", ChangeKind.Full);
            }

            ChangeKind kind;
            (int Line, int Character) start, end;
            if (roll < 60)
            {
                kind = ChangeKind.OutOfRange;
                start = WildPosition(rng, model);
                end = rng.Next(2) == 0 ? start : WildPosition(rng, model);
            }
            else
            {
                int a = rng.Next(model.Text.Length + 1);
                int length = rng.Next(25) == 0 ? rng.Next(300) : rng.Next(10);
                int b = Math.Min(model.Text.Length, a + length);
                start = model.PositionOf(a);
                end = model.PositionOf(b);
                kind = roll < 80 ? ChangeKind.Reversed : ChangeKind.Insert;
                if (kind == ChangeKind.Reversed) (start, end) = (end, start);
            }

            string newText;
            int what = rng.Next(100);
            if (kind == ChangeKind.Insert && what < 12)
            {
                end = start; // a paste: a few lines of the sample
                int from = rng.Next(sample.Length);
                newText = sample.Substring(from, Math.Min(sample.Length - from, 1 + rng.Next(160)));
            }
            else if (kind == ChangeKind.Insert && what < 45)
            {
                end = start; // an insertion
                newText = RandomText(rng, 1);
            }
            else if (what < 70)
            {
                if (kind == ChangeKind.Insert) kind = ChangeKind.Delete;
                newText = "";
            }
            else
            {
                if (kind == ChangeKind.Insert) kind = ChangeKind.Replace;
                newText = RandomText(rng, 1 + rng.Next(3));
            }
            model.Apply(start, end, newText);
            var change = new JsonObject { ["range"] = Malformed.RangeJson(start.Line, start.Character, end.Line, end.Character), ["text"] = newText };
            if (rng.Next(10) == 0) change["rangeLength"] = rng.Next(50); // deprecated, ignored
            return (change, FormattableString.Invariant($"{kind} ({start.Line},{start.Character})-({end.Line},{end.Character}) \"{Malformed.Printable(newText)}\""), kind);
        }

        /// <summary>Positions past the end of a line or of the text, negative ones, and ordinary ones.</summary>
        private static (int Line, int Character) WildPosition(Random rng, LspText model)
        {
            int line = rng.Next(6) switch
            {
                0 => model.LineCount + rng.Next(5),
                1 => model.LineCount - 1,
                2 => -1 - rng.Next(2),
                _ => rng.Next(model.LineCount),
            };
            int length = line >= 0 && line < model.LineCount ? model.LineLength(line) : 0;
            int character = rng.Next(5) switch
            {
                0 => length + 1 + rng.Next(20),
                1 => length,
                2 => -1,
                3 => int.MaxValue - rng.Next(2),
                _ => rng.Next(length + 1),
            };
            return (line, character);
        }

        private static (int Line, int Character) RandomPosition(Random rng, LspText model)
        {
            if (rng.Next(5) == 0) return WildPosition(rng, model);
            var (line, character) = model.PositionOf(rng.Next(model.Text.Length + 1));
            return (line, character);
        }

        private static string RandomText(Random rng, int tokens)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < tokens; i++)
            {
                int r = rng.Next(100);
                string token = r switch
                {
                    < 25 => s_keywords[rng.Next(s_keywords.Length)],
                    < 40 => s_names[rng.Next(s_names.Length)],
                    < 60 => s_punctuation[rng.Next(s_punctuation.Length)],
                    < 75 => s_literals[rng.Next(s_literals.Length)],
                    < 90 => s_garbage[rng.Next(s_garbage.Length)],
                    < 95 => ((char)(0x20 + rng.Next(0x5f))).ToString(),
                    _ => "\n",
                };
                sb.Append(token);
                int space = rng.Next(10);
                if (space < 5) sb.Append(' ');
                else if (space == 5) sb.Append('\n');
            }
            return sb.ToString();
        }

        private static int EnvInt(string name, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

        private static string Tail(string s, int n) => s.Length <= n ? s : s.Substring(s.Length - n);
    }
}
