using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static PolicyLang.LanguageServer.Tests.TempWorkspace;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>
    /// The compliance and quarantine syntax in the editor, through the real server: the assertion kinds logged, only [on],
    /// explicit, classified and unclassified, 'zones with' selectors, baselines (declared and shipped) and quarantines.
    /// </summary>
    public sealed class ComplianceEditingTests
    {
        /// <summary>The day the server takes as today (POLICYLANG_TODAY), so a quarantine's days left are fixed.</summary>
        private const string Today = "2026-12-04";

        internal const string Policy =
            "policy compliance {\n" +
            "  default deny\n" +
            "}\n" +
            "baseline team-rules {\n" +
            "  title \"Team rules\"\n" +
            "  reference \"INTERNAL 1.2, 3.4\"\n" +
            "  description \"what the team promises\"\n" +
            "}\n" +
            "service nfs = tcp/2049\n" +
            "prefixes admins = 10.10.9.0/24\n" +
            "class gold {\n" +
            "  dscp af41\n" +
            "}\n" +
            "zone quarantine {\n" +
            "  labels {\n" +
            "    stage = \"dev\"\n" +
            "  }\n" +
            "  subnet 10.99.0.0/16\n" +
            "}\n" +
            "zone training {\n" +
            "  labels {\n" +
            "    tier = \"training\"\n" +
            "    stage = \"prod\"\n" +
            "  }\n" +
            "  segment gpu {\n" +
            "    subnet 10.10.1.0/24\n" +
            "    mtu 9000\n" +
            "  }\n" +
            "  segment cpu {\n" +
            "    subnet 10.10.2.0/24, 10.10.9.0/24\n" +
            "    mtu 9000\n" +
            "  }\n" +
            "}\n" +
            "zone storage {\n" +
            "  labels {\n" +
            "    data-class = \"pii\"\n" +
            "    stage = \"prod\"\n" +
            "  }\n" +
            "  segment filers {\n" +
            "    subnet 10.20.0.0/24\n" +
            "  }\n" +
            "  segment objects {\n" +
            "    subnet 10.20.1.0/24\n" +
            "  }\n" +
            "}\n" +
            "allow training -> storage.filers : nfs log class gold\n" +
            "assert logged training -> storage : nfs\n" +
            "assert only training -> storage on filers : nfs\n" +
            "assert explicit training -> storage\n" +
            "assert classified training -> storage.filers\n" +
            "assert unclassified quarantine -> storage\n" +
            "assert unclassified zones with stage = \"dev\" -> zones with stage = \"prod\"\n" +
            "assert never zones with stage = \"dev\" -> zones with data-class = \"pii\", stage = \"prod\"\n" +
            "assert isolated zones with data-class = \"pii\" except training\n" +
            "assert mtu zones with tier = \"training\" >= 9000\n" +
            "assert isolated quarantine\n" +
            "quarantine 10.10.1.5 {\n" +
            "  reason \"GPU node gpu-017 runs an unknown miner (INC-4711)\"\n" +
            "  expires 2026-12-11\n" +
            "}\n" +
            "quarantine 10.99.0.7\n";

        /// <summary>Line and character of the <paramref name="nth"/> occurrence of <paramref name="needle"/> (plus <paramref name="shift"/> characters).</summary>
        internal static (int Line, int Character) At(string text, string needle, int shift = 0, int nth = 0)
        {
            int index = -1;
            for (int i = 0; i <= nth; i++)
            {
                index = text.IndexOf(needle, index + 1, StringComparison.Ordinal);
                if (index < 0) throw new ArgumentException("no " + needle);
            }
            index += shift;
            int line = text.Take(index).Count(c => c == '\n');
            int lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
            if (index == 0) lineStart = 0;
            return (line, index - lineStart);
        }

        private static async Task<LspClient> StartAsync(bool snippets = false)
        {
            var client = LspClient.Start(new Dictionary<string, string> { ["POLICYLANG_TODAY"] = Today });
            var capabilities = snippets
                ? new JsonObject { ["textDocument"] = new JsonObject { ["completion"] = new JsonObject { ["completionItem"] = new JsonObject { ["snippetSupport"] = true } } } }
                : new JsonObject();
            var response = await client.RequestAsync("initialize", new JsonObject { ["processId"] = Environment.ProcessId, ["rootUri"] = null, ["capabilities"] = capabilities });
            if (response["result"] == null) throw new InvalidOperationException("initialize failed: " + response.ToJsonString());
            await client.NotifyAsync("initialized", new JsonObject());
            return client;
        }

        private static async Task<JsonArray> CompletionAsync(LspClient client, string uri, (int Line, int Character) at)
        {
            var response = await client.RequestAsync("textDocument/completion", PositionParams(uri, at.Line, at.Character));
            var result = response["result"] ?? throw new InvalidOperationException("no completion: " + response.ToJsonString());
            return result["items"]!.AsArray();
        }

        private static async Task<string[]> LabelsAsync(LspClient client, string uri, (int Line, int Character) at) =>
            (await CompletionAsync(client, uri, at)).Select(i => (string)i!["label"]!).ToArray();

        private static async Task<JsonNode?> HoverAsync(LspClient client, string uri, (int Line, int Character) at) =>
            (await client.RequestAsync("textDocument/hover", PositionParams(uri, at.Line, at.Character)))["result"];

        private static async Task<string> HoverTextAsync(LspClient client, string uri, (int Line, int Character) at)
        {
            var result = await HoverAsync(client, uri, at) ?? throw new InvalidOperationException("no hover at " + at);
            return (string)result["contents"]!["value"]!;
        }

        [Fact]
        public async Task The_policy_checks_clean_in_the_server_as_on_the_command_line()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartAsync();
            await OpenAsync(client, ws.MainUri, Policy, version: 1);
            var published = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 1);
            using (PolicyLang.Semantics.PolicyClock.Use(new DateTime(2026, 12, 4)))
                Assert.Equal(CoreCheck.Diagnostics(ws.MainPath, Policy), LspDiagnosticKey.FromPublish(published));
            Assert.DoesNotContain(published["diagnostics"]!.AsArray(), d => (int)d!["severity"]! == 1);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task A_shipped_baseline_is_imported_as_on_the_command_line_and_its_import_hovers_with_what_it_holds()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartAsync();
            // pci-dss expects a service 'cardholder-services' the policy does not declare: reported at the import, as policyc does.
            var text =
                "import \"baseline:pci-dss\"\n" +
                "zone cde {\n  labels {\n    data-class = \"cardholder\"\n  }\n  subnet 10.1.0.0/16\n}\n" +
                "external internet {\n  labels {\n    trust = \"untrusted\"\n  }\n  subnet 0.0.0.0/0\n}\n" +
                "allow internet -> cde : tcp/443\n";
            await OpenAsync(client, ws.MainUri, text, version: 1);
            var published = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 1);
            var expected = CoreCheck.Diagnostics(ws.MainPath, text);
            Assert.Equal(expected, LspDiagnosticKey.FromPublish(published));
            Assert.NotEmpty(expected);
            Assert.Contains(expected, d => d.StartLine == 0);
            Assert.DoesNotContain(expected, d => d.Message.Contains("no such file", StringComparison.Ordinal));
            Assert.Contains(expected, d => d.Message.Contains("cardholder-services", StringComparison.Ordinal));

            var hover = await HoverAsync(client, ws.MainUri, (0, 12));
            var value = (string)hover!["contents"]!["value"]!;
            Assert.Contains("baseline pci-dss", value);
            Assert.Contains("- **title**: Payment-card data", value);
            Assert.Contains("- **reference**: PCI DSS v4.0.1", value);
            Assert.Contains("- **assertions**: 6 assertions", value);
            Assert.Contains("- **shipped with policyc**: import \"baseline:pci-dss\"", value);
            EditorSessionTests.AssertRange(hover["range"]!, 0, 7, 0, 25);
            // The shipped text is no file to open.
            Assert.Null((await client.RequestAsync("textDocument/definition", PositionParams(ws.MainUri, 0, 12)))["result"]);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Completion_walks_every_assertion_kind_side_selector_and_list()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartAsync();
            await OpenAsync(client, ws.MainUri, Policy);
            await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 1);
            var uri = new Uri(Path.Combine(ws.Root, "typing.netpolicy")).AbsoluteUri;
            var lines = new[]
            {
                "import \"main.netpolicy\"",
                "assert ",                                                         // 1
                "assert never ",                                                   // 2
                "assert isolated ",                                                // 3
                "assert never zones ",                                             // 4
                "assert never zones with ",                                        // 5
                "assert never zones with stage = ",                                // 6
                "assert never zones with stage = \"dev\", ",                       // 7
                "assert never zones with stage = \"dev\" ",                        // 8
                "assert never training ",                                          // 9
                "assert only training -> storage ",                                // 10
                "assert only training -> storage on ",                             // 11
                "assert only training -> storage on filers, ",                     // 12
                "assert only training -> storage on filers ",                      // 13
                "assert explicit training -> storage ",                            // 14
                "assert logged any -> storage : ",                                 // 15
                "assert mtu training ",                                            // 16
                "assert isolated storage except ",                                 // 17
                "assert never zones with stage = \"d",                             // 18
                "assert unclassified zones with data-class = \"pii\" -> ",         // 19
                "assert only training -> zones with data-class = \"pii\" on ",     // 20
                "assert only training -> storage.filers ",                         // 21
                "assert never any ",                                               // 22
                "assert classified training -> storage : nfs, ",                   // 23
                "assert never 10.10.1.0/24 ",                                      // 24
                "assert never training except admins, ",                           // 25
            };
            var text = string.Join("\n", lines) + "\n";
            await OpenAsync(client, uri, text);
            (int, int) End(int line) => (line, lines[line].Length);

            var kinds = await CompletionAsync(client, uri, End(1));
            Assert.Equal(new[] { "isolated", "never", "reachable", "mtu", "logged", "only", "explicit", "classified", "unclassified" },
                kinds.Select(i => (string)i!["label"]!).ToArray());
            var only = kinds.Single(i => (string)i!["label"]! == "only")!;
            Assert.Equal("only SRC -> DST [on SEGMENT, …] [: SERVICES]", (string?)only["detail"]);
            Assert.Contains("segments", (string?)only["documentation"]);

            var endpoints = new[] { "quarantine", "training", "training.gpu", "training.cpu", "storage", "storage.filers", "storage.objects", "admins", "any", "zones" };
            Assert.Equal(endpoints, await LabelsAsync(client, uri, End(2)));
            Assert.Equal(new[] { "quarantine", "training", "storage", "zones" }, await LabelsAsync(client, uri, End(3)));
            Assert.Equal(new[] { "with" }, await LabelsAsync(client, uri, End(4)));
            var keys = await CompletionAsync(client, uri, End(5));
            Assert.Equal(new[] { "data-class", "stage", "tier" }, keys.Select(i => (string)i!["label"]!).ToArray());
            Assert.Equal("label of quarantine, training, storage", (string?)keys[1]!["detail"]);
            var values = await CompletionAsync(client, uri, End(6));
            Assert.Equal(new[] { "\"dev\"", "\"prod\"" }, values.Select(i => (string)i!["label"]!).ToArray());
            Assert.Equal("prod", (string?)values[1]!["filterText"]);
            Assert.Equal("stage of training, storage", (string?)values[1]!["detail"]);
            Assert.Equal(new[] { "data-class", "tier" }, await LabelsAsync(client, uri, End(7)));
            Assert.Equal(new[] { "->" }, await LabelsAsync(client, uri, End(8)));
            Assert.Equal(new[] { "except", "->" }, await LabelsAsync(client, uri, End(9)));
            Assert.Equal(new[] { "except", "on", ":" }, await LabelsAsync(client, uri, End(10)));
            Assert.Equal(new[] { "filers", "objects" }, await LabelsAsync(client, uri, End(11)));
            Assert.Equal(new[] { "objects" }, await LabelsAsync(client, uri, End(12)));
            Assert.Equal(new[] { ":" }, await LabelsAsync(client, uri, End(13)));
            Assert.Equal(new[] { "except" }, await LabelsAsync(client, uri, End(14)));
            var services = await LabelsAsync(client, uri, End(15));
            Assert.Equal("nfs", services[0]);
            Assert.Contains("tcp", services);
            Assert.Equal(new[] { ">=", "<=", ">", "<", "==" }, await LabelsAsync(client, uri, End(16)));
            Assert.Equal(new[] { "quarantine", "training", "storage" }, await LabelsAsync(client, uri, End(17)));
            // Inside the open string: the values bare.
            Assert.Equal(new[] { "dev", "prod" }, await LabelsAsync(client, uri, End(18)));
            Assert.Equal(endpoints, await LabelsAsync(client, uri, End(19)));
            Assert.Equal(new[] { "filers", "objects" }, await LabelsAsync(client, uri, End(20)));
            // A segment destination has no segments to land on: no 'on'.
            Assert.Equal(new[] { "except", ":" }, await LabelsAsync(client, uri, End(21)));
            Assert.Equal(new[] { "->" }, await LabelsAsync(client, uri, End(22)));
            Assert.Contains("nfs", await LabelsAsync(client, uri, End(23)));
            Assert.Equal(new[] { "except", "->" }, await LabelsAsync(client, uri, End(24)));
            Assert.Equal(new[] { "admins", "quarantine", "training", "storage" }, await LabelsAsync(client, uri, End(25)));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Completion_offers_baseline_and_quarantine_as_declarations_and_their_settings_inside_them()
        {
            using var ws = new TempWorkspace();
            var text =
                "\n" +
                "quarantine 10.10.1.5 {\n" +
                "  reason \"incident\"\n" +
                "  \n" +
                "}\n" +
                "baseline ours {\n" +
                "  title \"ours\"\n" +
                "  \n" +
                "}\n" +
                "import \n";
            // Without snippet support: plain keywords.
            await using (var plain = await StartAsync())
            {
                await OpenAsync(plain, ws.MainUri, text);
                var keywords = await CompletionAsync(plain, ws.MainUri, (0, 0));
                var names = keywords.Select(i => (string)i!["label"]!).ToList();
                Assert.Contains("zone", names);
                Assert.Contains("assert", names);
                var baseline = keywords.Single(i => (string)i!["label"]! == "baseline")!;
                Assert.Null(baseline["insertText"]);
                Assert.Null(baseline["insertTextFormat"]);
                Assert.Contains(names, n => n == "quarantine");
                Assert.Equal(0, await ShutdownAsync(plain));
            }
            await using var client = await StartAsync(snippets: true);
            await OpenAsync(client, ws.MainUri, text);
            var items = await CompletionAsync(client, ws.MainUri, (0, 0));
            var quarantine = items.Single(i => (string)i!["label"]! == "quarantine")!;
            Assert.Equal(2, (int)quarantine["insertTextFormat"]!);
            Assert.Equal("quarantine ${1:10.0.0.5} {\n  reason \"${2:incident}\"\n  expires ${3:2026-12-11}\n}$0", (string?)quarantine["insertText"]);
            var snippet = items.Single(i => (string)i!["label"]! == "baseline")!;
            Assert.Equal("baseline ${1:name} {\n  title \"${2:what it is about}\"\n  reference \"${3:standard and requirements}\"\n}$0", (string?)snippet["insertText"]);

            // Inside the blocks: the settings not written yet.
            Assert.Equal(new[] { "expires" }, await LabelsAsync(client, ws.MainUri, (3, 2)));
            Assert.Equal(new[] { "reference", "description" }, await LabelsAsync(client, ws.MainUri, (7, 2)));
            // After 'import': the shipped baselines.
            Assert.Equal(new[] { "\"baseline:ai-platform\"", "\"baseline:hipaa\"", "\"baseline:pci-dss\"" }, await LabelsAsync(client, ws.MainUri, (9, 7)));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Outline_lists_baselines_and_quarantines_also_with_errors()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartAsync();
            var text = Policy + "quarantine 10.10.2.9 {\n  reason\n}\n";
            await OpenAsync(client, ws.MainUri, text);
            var symbols = (await client.RequestAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = TextDocument(ws.MainUri) }))["result"]!.AsArray();
            var baseline = symbols.Single(s => (string?)s!["name"] == "team-rules")!;
            Assert.Equal(4, (int)baseline["kind"]!); // Package
            Assert.Equal("baseline: Team rules", (string?)baseline["detail"]);
            EditorSessionTests.AssertRange(baseline["range"]!, 3, 0, 7, 1);
            EditorSessionTests.AssertRange(baseline["selectionRange"]!, 3, 9, 3, 19);

            var quarantined = symbols.Where(s => ((string?)s!["detail"])?.StartsWith("quarantine", StringComparison.Ordinal) == true).ToList();
            Assert.Equal(new[] { "10.10.1.5", "10.99.0.7", "10.10.2.9" }, quarantined.Select(s => (string?)s!["name"]).ToArray());
            Assert.Equal("quarantine: GPU node gpu-017 runs an unknown miner (INC-4711)", (string?)quarantined[0]!["detail"]);
            Assert.Equal("quarantine", (string?)quarantined[1]!["detail"]);
            Assert.Equal("quarantine (has errors)", (string?)quarantined[2]!["detail"]);
            Assert.All(quarantined, s => Assert.Equal(24, (int)s!["kind"]!)); // Event
            var (line, character) = At(Policy, "quarantine 10.10.1.5", 11);
            EditorSessionTests.AssertRange(quarantined[0]!["selectionRange"]!, line, character, line, character + 9);
            EditorSessionTests.AssertRange(quarantined[0]!["range"]!, line, 0, line + 3, 1);

            // The zone called quarantine is a zone; the new assertions are listed as assertions.
            Assert.Equal(3, (int)symbols.Single(s => (string?)s!["name"] == "quarantine")!["kind"]!);
            var assertions = symbols.Where(s => (string?)s!["detail"] == "assert").Select(s => (string?)s!["name"]).ToList();
            Assert.Contains("assert only training -> storage on filers : nfs", assertions);
            Assert.Contains("assert unclassified zones with stage = \"dev\" -> zones with stage = \"prod\"", assertions);
            Assert.Equal(10, assertions.Count);

            // Workspace symbols find the baseline too.
            var found = Assert.Single((await client.RequestAsync("workspace/symbol", new JsonObject { ["query"] = "team" }))["result"]!.AsArray())!;
            Assert.Equal("team-rules", (string?)found["name"]);
            Assert.Equal(4, (int)found["kind"]!);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Hover_describes_quarantines_baselines_and_selectors()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartAsync();
            await OpenAsync(client, ws.MainUri, Policy);

            // On the address, and on the keyword before it.
            var onAddress = await HoverAsync(client, ws.MainUri, At(Policy, "quarantine 10.10.1.5", 13));
            var quarantine = (string)onAddress!["contents"]!["value"]!;
            Assert.Equal(
                "```netpolicy\nquarantine 10.10.1.5\n```\n" +
                "- **address**: 10.10.1.5\n" +
                "- **zone**: training\n" +
                "- **segment**: training.gpu\n" +
                "- **reason**: GPU node gpu-017 runs an unknown miner (INC-4711)\n" +
                "- **expires**: 2026-12-11 (in 7 days)\n" +
                "- **flows**: quarantine-10-10-1-5-out (deny from it to any address) and quarantine-10-10-1-5-in (deny from any address to it), logged with prefix QUARANTINE",
                quarantine);
            var (line, character) = At(Policy, "quarantine 10.10.1.5", 11);
            EditorSessionTests.AssertRange(onAddress["range"]!, line, character, line, character + 9);
            Assert.Equal(quarantine, await HoverTextAsync(client, ws.MainUri, At(Policy, "quarantine 10.10.1.5", 2)));
            var bare = await HoverTextAsync(client, ws.MainUri, At(Policy, "quarantine 10.99.0.7", 12));
            Assert.Contains("- **zone**: quarantine", bare);
            Assert.Contains("- **reason**: not given", bare);
            Assert.Contains("- **expires**: never (no expires date)", bare);
            Assert.DoesNotContain("segment", bare);

            // A baseline, on its name and on its keyword.
            var baseline = await HoverTextAsync(client, ws.MainUri, At(Policy, "team-rules", 3));
            Assert.Equal(
                "```netpolicy\nbaseline team-rules\n```\n" +
                "- **title**: Team rules\n" +
                "- **reference**: INTERNAL 1.2, 3.4\n" +
                "- **assertions**: 10 assertions (11 checks over the zones their selectors pick)\n" +
                "\nwhat the team promises",
                baseline);
            Assert.Equal(baseline, await HoverTextAsync(client, ws.MainUri, At(Policy, "baseline team-rules", 1)));
            Assert.Null(await HoverAsync(client, ws.MainUri, At(Policy, "  title", 4)));

            // A selector: the zones it picks, wherever in it the cursor is; its zones are its definition.
            var selector = await HoverAsync(client, ws.MainUri, At(Policy, "zones with data-class = \"pii\", stage", 14));
            Assert.Equal("```netpolicy\nzones with data-class = \"pii\", stage = \"prod\"\n```\n- **picks**: storage (1 zone)", (string)selector!["contents"]!["value"]!);
            var s = At(Policy, "zones with data-class = \"pii\", stage");
            EditorSessionTests.AssertRange(selector["range"]!, s.Line, s.Character, s.Line, s.Character + "zones with data-class = \"pii\", stage = \"prod\"".Length);
            var stage = await HoverTextAsync(client, ws.MainUri, At(Policy, "zones with stage", 2));
            Assert.Contains("- **picks**: quarantine (1 zone)", stage);
            var definition = (await client.RequestAsync("textDocument/definition", PositionParams(ws.MainUri, s.Line, s.Character + 3)))["result"]!.AsArray();
            var zone = Assert.Single(definition)!;
            var storage = At(Policy, "zone storage", 5);
            EditorSessionTests.AssertRange(zone["range"]!, storage.Line, storage.Character, storage.Line, storage.Character + 7);

            // Names inside the new assertions hover as before: the zone called quarantine, a segment after 'on'.
            Assert.Contains("zone quarantine", await HoverTextAsync(client, ws.MainUri, At(Policy, "assert isolated quarantine", 18)));
            Assert.Contains("segment storage.filers", await HoverTextAsync(client, ws.MainUri, At(Policy, "on filers", 4)));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task References_and_rename_reach_names_in_the_new_assertions_but_not_selectors()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartAsync();
            await OpenAsync(client, ws.MainUri, Policy);

            // The segment after 'on' is a reference of storage.filers: renaming the segment renames it there.
            var filers = At(Policy, "segment filers", 9);
            var rename = (await client.RequestAsync("textDocument/rename", RenameParams(ws.MainUri, filers.Line, filers.Character, "nas")))["result"]!["changes"]![ws.MainUri]!.AsArray();
            var on = At(Policy, "on filers", 3);
            Assert.Contains(rename, e => (int)e!["range"]!["start"]!["line"]! == on.Line && (int)e!["range"]!["start"]!["character"]! == on.Character);
            Assert.All(rename, e => Assert.Equal("nas", (string?)e!["newText"]));

            // A zone picked by a selector: the selector is listed among its references, but a rename leaves the selector alone.
            var storage = At(Policy, "zone storage", 6);
            var references = (await client.RequestAsync("textDocument/references", ReferenceParams(ws.MainUri, storage.Line, storage.Character)))["result"]!.AsArray();
            var selector = At(Policy, "zones with data-class = \"pii\", stage");
            Assert.Contains(references, r => (int)r!["range"]!["start"]!["line"]! == selector.Line && (int)r!["range"]!["start"]!["character"]! == selector.Character);
            var zoneRename = (await client.RequestAsync("textDocument/rename", RenameParams(ws.MainUri, storage.Line, storage.Character, "vault")))["result"]!["changes"]![ws.MainUri]!.AsArray();
            Assert.All(zoneRename, e => Assert.Equal("vault", (string?)e!["newText"]));
            Assert.DoesNotContain(zoneRename, e => (int)e!["range"]!["start"]!["line"]! == selector.Line && (int)e!["range"]!["start"]!["character"]! == selector.Character);
            // On the selector itself there is no name to rename.
            Assert.Null((await client.RequestAsync("textDocument/prepareRename", PositionParams(ws.MainUri, selector.Line, selector.Character + 2)))["result"]);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        private static JsonObject RenameParams(string uri, int line, int character, string newName)
        {
            var p = PositionParams(uri, line, character);
            p["newName"] = newName;
            return p;
        }

        private static JsonObject ReferenceParams(string uri, int line, int character)
        {
            var p = PositionParams(uri, line, character);
            p["context"] = new JsonObject { ["includeDeclaration"] = true };
            return p;
        }
    }
}
