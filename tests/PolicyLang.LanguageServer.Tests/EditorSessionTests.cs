using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static PolicyLang.LanguageServer.Tests.TempWorkspace;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>Drives the real policyls process over stdio as an editor would.</summary>
    public sealed class EditorSessionTests
    {
        [Fact]
        public async Task Initialize_advertises_exactly_the_implemented_capabilities()
        {
            await using var client = LspClient.Start();
            var response = await client.RequestAsync("initialize", new JsonObject { ["processId"] = null, ["rootUri"] = null, ["capabilities"] = new JsonObject() });
            var capabilities = response["result"]!["capabilities"]!.AsObject();
            Assert.Equal(
                new[] { "codeActionProvider", "completionProvider", "definitionProvider", "documentFormattingProvider", "documentSymbolProvider", "foldingRangeProvider", "hoverProvider", "referencesProvider", "renameProvider", "semanticTokensProvider", "textDocumentSync", "workspaceSymbolProvider" },
                capabilities.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToArray());
            Assert.Equal(2, (int)capabilities["textDocumentSync"]!["change"]!);
            Assert.True((bool)capabilities["renameProvider"]!["prepareProvider"]!);
            Assert.True((bool)capabilities["textDocumentSync"]!["openClose"]!);
            Assert.Equal("policyls", (string?)response["result"]!["serverInfo"]!["name"]);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Typing_an_error_reports_it_with_code_range_and_version_and_fixing_it_clears_it()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, Main, version: 1);
            var first = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 1);
            Assert.Empty(first["diagnostics"]!.AsArray());

            // Misspell the destination zone: "storage" -> "storgae" (line 5, characters 18..25).
            await ChangeAsync(client, ws.MainUri, 2, Range(5, 18, 5, 25), "storgae");
            var broken = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 2);
            var diagnostic = Assert.Single(broken["diagnostics"]!.AsArray())!.AsObject();
            Assert.Equal("NP1001", (string?)diagnostic["code"]);
            Assert.Equal("policylang", (string?)diagnostic["source"]);
            Assert.Equal(1, (int)diagnostic["severity"]!);
            Assert.Contains("storgae", (string?)diagnostic["message"]);
            Assert.Contains("did you mean 'storage'", (string?)diagnostic["message"]);
            Assert.Equal("https://policylang.dev/diagnostics/np1001", (string?)diagnostic["codeDescription"]!["href"]);
            AssertRange(diagnostic["range"]!, 5, 18, 5, 25);

            // Fix it with two keystrokes' worth of edits in one notification: delete "gae", type "age".
            await client.NotifyAsync("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = ws.MainUri, ["version"] = 3 },
                ["contentChanges"] = new JsonArray(
                    new JsonObject { ["range"] = Range(5, 22, 5, 25), ["text"] = "" },
                    new JsonObject { ["range"] = Range(5, 22, 5, 22), ["text"] = "age" }),
            });
            var fixedUp = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 3);
            Assert.Empty(fixedUp["diagnostics"]!.AsArray());

            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Target_validation_is_published_after_the_policy_stage_as_policyc_check_reports_it()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            // A deny that cuts into an allow, on a Kubernetes target without AdminNetworkPolicy: NP4001 at the deny.
            var text =
                "zone a {\n  segment s {\n    subnet 10.0.0.0/24\n    kubernetes namespace \"a\"\n  }\n}\n" +
                "zone b {\n  segment s {\n    subnet 10.1.0.0/24\n    kubernetes namespace \"b\"\n  }\n}\n" +
                "deny a -> b : tcp/22\nallow a -> b : tcp\n" +
                "target k kubernetes {\n  zones a, b\n}\n";
            await OpenAsync(client, ws.MainUri, text, version: 1);
            var policy = await client.WaitForStageAsync(ws.MainUri, "policy", p => (int?)p["version"] == 1);
            Assert.DoesNotContain(policy["diagnostics"]!.AsArray(), d => (string?)d!["code"] == "NP4001");
            var complete = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 1);
            var d = Assert.Single(complete["diagnostics"]!.AsArray(), x => (string?)x!["code"] == "NP4001")!;
            AssertRange(d["range"]!, 12, 0, 12, 20);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task A_shadowed_flow_names_the_flow_that_decides_its_packets_as_related_information()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, "zone a {\n  subnet 10.1.0.0/16\n}\nzone b {\n  subnet 10.2.0.0/16\n}\nallow a -> b : tcp/1-1000\nallow a -> b : tcp/22\n", version: 1);
            var published = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 1);
            var shadowed = published["diagnostics"]!.AsArray().Single(d => d!["relatedInformation"] != null)!;
            AssertRange(shadowed["range"]!, 7, 0, 7, 21);
            var related = shadowed["relatedInformation"]!.AsArray().Single()!;
            Assert.Equal(ws.MainUri, (string?)related["location"]!["uri"]);
            AssertRange(related["location"]!["range"]!, 6, 0, 6, 25);
            Assert.Contains("allow", (string?)related["message"]);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task A_refused_import_is_NP1018_at_the_path_as_on_the_command_line()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, "import \"/etc/passwd\"\nimport \"\"\nzone a {\n  subnet 10.0.0.0/24\n}\n", version: 1);
            var published = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 1);
            var refused = published["diagnostics"]!.AsArray().Where(d => (string?)d!["code"] == "NP1018").ToList();
            Assert.Equal(2, refused.Count);
            AssertRange(refused[0]!["range"]!, 0, 7, 0, 20);
            Assert.Contains("it is absolute", (string?)refused[0]!["message"]);
            Assert.Contains("it is empty", (string?)refused[1]!["message"]);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task An_import_that_is_a_named_pipe_is_read_as_empty_not_waited_on()
        {
            if (!OperatingSystem.IsLinux()) return; // named pipes: the CI machine is Linux
            using var ws = new TempWorkspace();
            File.Delete(ws.DefsPath);
            using (var mkfifo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", "\"" + ws.DefsPath + "\"") { UseShellExecute = false })!)
                await mkfifo.WaitForExitAsync();
            Assert.True(File.Exists(ws.DefsPath));
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, Main, version: 1);
            // The import reads as an empty file: the zones, service and class it held are unknown names.
            var published = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 1);
            Assert.Contains(published["diagnostics"]!.AsArray(), d => (string?)d!["code"] == "NP1001");
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Syntax_errors_and_missing_imports_are_reported_and_full_content_changes_apply()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            var text = "import \"nowhere.netpolicy\"\nzone z {\n  segment s {\n    vlan abc\n  }\n}\n";
            await OpenAsync(client, ws.MainUri, text, version: 7);
            var published = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 7);
            var codes = published["diagnostics"]!.AsArray().Select(d => (string?)d!["code"]).ToList();
            Assert.Contains("NP0010", codes);
            var vlan = published["diagnostics"]!.AsArray().First(d => (string?)d!["code"] == "NP0010")!;
            AssertRange(vlan["range"]!, 3, 9, 3, 12);
            var missing = published["diagnostics"]!.AsArray().Single(d => (string?)d!["code"] != "NP0010")!;
            AssertRange(missing["range"]!, 0, 7, 0, 26);

            await client.NotifyAsync("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = ws.MainUri, ["version"] = 8 },
                ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = "zone z {\n  subnet 10.0.0.0/8\n}\n" }),
            });
            var clean = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 8);
            Assert.Empty(clean["diagnostics"]!.AsArray());
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Open_buffers_override_the_disk_for_imports_and_closing_clears_diagnostics()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            // The editor has an unsaved defs buffer without zone storage: main must see the buffer, not the disk.
            await OpenAsync(client, ws.DefsUri, Defs.Replace("zone storage", "zone warehouse", StringComparison.Ordinal), version: 1);
            await OpenAsync(client, ws.MainUri, Main, version: 1);
            var published = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 1);
            var diagnostic = Assert.Single(published["diagnostics"]!.AsArray())!;
            Assert.Equal("NP1001", (string?)diagnostic["code"]);

            // Restoring the import's buffer re-checks the file that imports it.
            await client.NotifyAsync("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = ws.DefsUri, ["version"] = 2 },
                ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = Defs }),
            });
            await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 1 && p["diagnostics"]!.AsArray().Count == 0);

            await client.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = TextDocument(ws.MainUri) });
            await client.WaitForDiagnosticsAsync(ws.MainUri, p => p["version"] == null && p["diagnostics"]!.AsArray().Count == 0);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Definition_goes_to_the_declaration_in_the_imported_file()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, Main);

            // "storage" in the flow -> zone storage in defs.netpolicy, line 16.
            var zone = await client.RequestAsync("textDocument/definition", PositionParams(ws.MainUri, 5, 20));
            var location = Assert.Single(zone["result"]!.AsArray())!;
            Assert.Equal(ws.DefsUri, (string?)location["uri"]);
            AssertRange(location["range"]!, 16, 5, 16, 12);

            // The class after the services, cursor at the end of the name.
            var cls = await client.RequestAsync("textDocument/definition", PositionParams(ws.MainUri, 5, 48));
            AssertRange(Assert.Single(cls["result"]!.AsArray())!["range"]!, 2, 6, 2, 16);

            // The import's path opens the imported file.
            var import = await client.RequestAsync("textDocument/definition", PositionParams(ws.MainUri, 3, 10));
            Assert.Equal(ws.DefsUri, (string?)Assert.Single(import["result"]!.AsArray())!["uri"]);

            // Whitespace resolves to nothing.
            var nothing = await client.RequestAsync("textDocument/definition", PositionParams(ws.MainUri, 4, 0));
            Assert.Null(nothing["result"]);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Hover_describes_what_a_name_resolves_to()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, Main);
            await OpenAsync(client, ws.DefsUri, Defs);

            var zone = await HoverTextAsync(client, ws.MainUri, 5, 19);
            Assert.Contains("zone storage", zone);
            Assert.Contains("10.20.0.0/16", zone);
            Assert.Contains("fd00:20::/48", zone);

            var service = await HoverTextAsync(client, ws.MainUri, 5, 29);
            Assert.Contains("service nfs", service);
            Assert.Contains("tcp/2049", service);

            var cls = await HoverTextAsync(client, ws.MainUri, 5, 40);
            Assert.Contains("class storage-io", cls);
            Assert.Contains("**DSCP**: 18", cls);
            Assert.Contains("**queue**: 2", cls);

            // A segment, hovered at its declaration in the other file.
            var segment = await HoverTextAsync(client, ws.DefsUri, 8, 11);
            Assert.Contains("segment training.gpu", segment);
            Assert.Contains("**VLAN**: 110", segment);
            Assert.Contains("**VNI**: 10110", segment);
            Assert.Contains("10.10.0.0/16", segment);
            Assert.Contains("**MTU**: 9000", segment);

            var range = (await client.RequestAsync("textDocument/hover", PositionParams(ws.MainUri, 5, 19)))["result"]!["range"]!;
            AssertRange(range, 5, 18, 5, 25);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Document_symbols_list_declarations_with_ranges()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.DefsUri, Defs);
            var response = await client.RequestAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = TextDocument(ws.DefsUri) });
            var symbols = response["result"]!.AsArray();
            Assert.Equal(new[] { "nfs", "storage-io", "training", "storage" }, symbols.Select(s => (string?)s!["name"]).ToArray());
            var training = symbols[2]!;
            Assert.Equal(3, (int)training["kind"]!); // Namespace
            AssertRange(training["range"]!, 7, 0, 14, 1);
            AssertRange(training["selectionRange"]!, 7, 5, 7, 13);
            var gpu = Assert.Single(training["children"]!.AsArray())!;
            Assert.Equal("gpu", (string?)gpu["name"]);
            AssertRange(gpu["range"]!, 8, 2, 13, 3);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Formatting_returns_the_canonical_layout_and_no_edits_for_broken_or_formatted_files()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            var messy = "zone   storage {subnet 10.20.0.0/16 ,fd00:20::/48}\nallow storage->storage:tcp / 22\n";
            await OpenAsync(client, ws.MainUri, messy);
            var formatParams = new JsonObject { ["textDocument"] = TextDocument(ws.MainUri), ["options"] = new JsonObject { ["tabSize"] = 2, ["insertSpaces"] = true } };
            var edits = (await client.RequestAsync("textDocument/formatting", formatParams))["result"]!.AsArray();
            var edit = Assert.Single(edits)!;
            Assert.Equal("zone storage {\n  subnet 10.20.0.0/16, fd00:20::/48\n}\nallow storage -> storage : tcp/22\n", (string?)edit["newText"]);
            AssertRange(edit["range"]!, 0, 0, 2, 0);

            // Apply it as the editor would; formatting again changes nothing.
            await client.NotifyAsync("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = ws.MainUri, ["version"] = 2 },
                ["contentChanges"] = new JsonArray(new JsonObject { ["range"] = edit["range"]!.DeepClone(), ["text"] = (string?)edit["newText"] }),
            });
            var again = (await client.RequestAsync("textDocument/formatting", formatParams.DeepClone()))["result"]!.AsArray();
            Assert.Empty(again);

            // A syntax error: no edits at all.
            await client.NotifyAsync("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = ws.MainUri, ["version"] = 3 },
                ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = "zone   broken {\n  vlan abc\n}\n" }),
            });
            var broken = (await client.RequestAsync("textDocument/formatting", formatParams.DeepClone()))["result"]!.AsArray();
            Assert.Empty(broken);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task References_find_the_declaration_and_uses_across_files_honouring_includeDeclaration()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.DefsUri, Defs);
            await OpenAsync(client, ws.MainUri, Main);

            // From the declaration in defs: the declaration and the flow's use in main (which imports defs).
            var all = (await client.RequestAsync("textDocument/references", ReferenceParams(ws.DefsUri, 16, 6, true)))["result"]!.AsArray();
            Assert.Equal(2, all.Count);
            Assert.Equal(ws.DefsUri, (string?)all[0]!["uri"]);
            AssertRange(all[0]!["range"]!, 16, 5, 16, 12);
            Assert.Equal(ws.MainUri, (string?)all[1]!["uri"]);
            AssertRange(all[1]!["range"]!, 5, 18, 5, 25);

            // From the use, without the declaration.
            var uses = (await client.RequestAsync("textDocument/references", ReferenceParams(ws.MainUri, 5, 20, false)))["result"]!.AsArray();
            var use = Assert.Single(uses)!;
            Assert.Equal(ws.MainUri, (string?)use["uri"]);
            AssertRange(use["range"]!, 5, 18, 5, 25);

            // The class: declared in defs, used once in main.
            var cls = (await client.RequestAsync("textDocument/references", ReferenceParams(ws.MainUri, 5, 40, true)))["result"]!.AsArray();
            Assert.Equal(new[] { ws.DefsUri, ws.MainUri }, cls.Select(l => (string?)l!["uri"]).ToArray());
            Assert.Null((await client.RequestAsync("textDocument/references", ReferenceParams(ws.MainUri, 4, 0, true)))["result"]);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Rename_changes_the_declaration_and_every_use_and_rejects_bad_names()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.DefsUri, Defs);
            await OpenAsync(client, ws.MainUri, Main);

            var prepare = (await client.RequestAsync("textDocument/prepareRename", PositionParams(ws.MainUri, 5, 20)))["result"]!;
            AssertRange(prepare["range"]!, 5, 18, 5, 25);
            Assert.Equal("storage", (string?)prepare["placeholder"]);
            Assert.Null((await client.RequestAsync("textDocument/prepareRename", PositionParams(ws.MainUri, 4, 0)))["result"]);

            var edit = (await client.RequestAsync("textDocument/rename", RenameParams(ws.MainUri, 5, 20, "archive")))["result"]!["changes"]!.AsObject();
            Assert.Equal(new[] { ws.DefsUri, ws.MainUri }, edit.Select(e => e.Key).OrderBy(k => k, StringComparer.Ordinal).ToArray());
            var inDefs = Assert.Single(edit[ws.DefsUri]!.AsArray())!;
            Assert.Equal("archive", (string?)inDefs["newText"]);
            AssertRange(inDefs["range"]!, 16, 5, 16, 12);
            AssertRange(Assert.Single(edit[ws.MainUri]!.AsArray())!["range"]!, 5, 18, 5, 25);

            // A segment, from its declaration.
            var segment = (await client.RequestAsync("textDocument/rename", RenameParams(ws.DefsUri, 8, 11, "gpu2")))["result"]!["changes"]!.AsObject();
            AssertRange(Assert.Single(segment[ws.DefsUri]!.AsArray())!["range"]!, 8, 10, 8, 13);

            var reserved = await client.RequestAsync("textDocument/rename", RenameParams(ws.MainUri, 5, 20, "zone"));
            Assert.Contains("reserved word", (string?)reserved["error"]!["message"]);
            var invalid = await client.RequestAsync("textDocument/rename", RenameParams(ws.MainUri, 5, 20, "9lives"));
            Assert.Contains("not a valid name", (string?)invalid["error"]!["message"]);
            var clash = await client.RequestAsync("textDocument/rename", RenameParams(ws.MainUri, 5, 20, "training"));
            Assert.Contains("zone 'training' is already declared", (string?)clash["error"]!["message"]);
            Assert.Null(clash["result"]);
            // A class may share a zone's name: names are per kind.
            var cls = await client.RequestAsync("textDocument/rename", RenameParams(ws.MainUri, 5, 40, "training"));
            Assert.Equal(2, cls["result"]!["changes"]!.AsObject().Count);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Completion_offers_what_fits_after_the_previous_tokens()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.DefsUri, Defs);
            await OpenAsync(client, ws.MainUri, Main);

            Assert.Equal(new[] { "training", "training.gpu", "storage", "any" }, await LabelsAsync(client, ws.MainUri, 5, 6));
            Assert.Equal(new[] { "training", "training.gpu", "storage", "any" }, await LabelsAsync(client, ws.MainUri, 5, 18));
            var services = await LabelsAsync(client, ws.MainUri, 5, 28);
            Assert.Equal("nfs", services[0]);
            Assert.Contains("tcp", services);
            Assert.Contains("icmpv6", services);
            Assert.Equal(new[] { "storage-io" }, await LabelsAsync(client, ws.MainUri, 5, 38));
            var keywords = await LabelsAsync(client, ws.MainUri, 4, 0);
            Assert.Contains("zone", keywords);
            Assert.Contains("allow", keywords);
            Assert.Contains("import", keywords);
            Assert.Empty(await LabelsAsync(client, ws.MainUri, 1, 2)); // inside the policy block
            var dscp = await LabelsAsync(client, ws.DefsUri, 3, 9);    // "dscp af|"
            Assert.Contains("af21", dscp);
            Assert.Contains("ef", dscp);
            Assert.Contains("cs6", dscp);

            // After a flow's services: the options it does not have yet, in canonical order.
            var optionsUri = new Uri(Path.Combine(ws.Root, "options.netpolicy")).AbsoluteUri;
            await OpenAsync(client, optionsUri, "import \"defs.netpolicy\"\nallow training -> storage : nfs class storage-io \nallow training -> storage : tcp/22 \nallow training -> storage : tcp/2049 name \n");
            Assert.Equal(new[] { "name", "rate", "log", "count", "expires", "description" }, await LabelsAsync(client, optionsUri, 1, 49));
            Assert.Equal(new[] { "name", "class", "rate", "log", "count", "expires", "description" }, await LabelsAsync(client, optionsUri, 2, 35));
            Assert.Empty(await LabelsAsync(client, optionsUri, 3, 42)); // a flow's name is typed, not completed

            // Endpoints may name prefix lists, and 'except' takes prefix lists and zones.
            var listsUri = new Uri(Path.Combine(ws.Root, "lists.netpolicy")).AbsoluteUri;
            await OpenAsync(client, listsUri, "import \"defs.netpolicy\"\nprefixes admins = 10.1.0.10/32\nallow \nallow admins -> storage except \nallow training except admins, \n");
            Assert.Equal(new[] { "training", "training.gpu", "storage", "admins", "any" }, await LabelsAsync(client, listsUri, 2, 6));
            Assert.Equal(new[] { "admins", "training", "storage" }, await LabelsAsync(client, listsUri, 3, 31));
            Assert.Equal(new[] { "admins", "training", "storage" }, await LabelsAsync(client, listsUri, 4, 30)); // after a ',' in the except list

            var targetUri = new Uri(Path.Combine(ws.Root, "target.netpolicy")).AbsoluteUri;
            await OpenAsync(client, targetUri, "import \"defs.netpolicy\"\ntarget edge nftables {\n  zones training, \n}\n");
            Assert.Equal(new[] { "training", "training.gpu", "storage" }, await LabelsAsync(client, targetUri, 2, 18));

            // Platforms, options and modes come from the platforms' descriptions, also while the target does not parse.
            var platformsUri = new Uri(Path.Combine(ws.Root, "platforms.netpolicy")).AbsoluteUri;
            await OpenAsync(client, platformsUri, "target gw \ntarget edge nftables {\n  option \n  mode \n}\ntarget leaf arista-eos {\n  option \n");
            var platforms = await LabelsAsync(client, platformsUri, 0, 10);
            Assert.Equal(PolicyLang.Platforms.PlatformRegistry.Names, platforms);
            Assert.Equal(new[] { "counters" }, await LabelsAsync(client, platformsUri, 2, 9));
            Assert.Equal(new[] { "gateway", "host" }, await LabelsAsync(client, platformsUri, 3, 7));
            Assert.Equal(new[] { "acl-budget", "acl-prefix", "filter" }, await LabelsAsync(client, platformsUri, 6, 9));

            var hoverUri = new Uri(Path.Combine(ws.Root, "hover-target.netpolicy")).AbsoluteUri;
            await OpenAsync(client, hoverUri, "import \"defs.netpolicy\"\ntarget edge nftables {\n  zones training\n  option counters on\n}\n");
            var hover = await HoverTextAsync(client, hoverUri, 1, 8);
            Assert.Contains("- **platform**: Linux nftables", hover);
            Assert.Contains("- **option counters**: on", hover);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Code_actions_fix_unknown_names_host_bits_and_dead_flows()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, Main.Replace("-> storage", "-> storgae", StringComparison.Ordinal));
            var unknown = Assert.Single(await CodeActionsAsync(client, ws.MainUri, 5, 20, 5, 20))!;
            Assert.Equal("quickfix", (string?)unknown["kind"]);
            Assert.Equal("NP1001", (string?)unknown["diagnostics"]![0]!["code"]);
            var edit = Assert.Single(unknown["edit"]!["changes"]![ws.MainUri]!.AsArray())!;
            Assert.Equal("storage", (string?)edit["newText"]);
            AssertRange(edit["range"]!, 5, 18, 5, 25);
            Assert.Empty(await CodeActionsAsync(client, ws.MainUri, 0, 0, 0, 3));

            var uri = new Uri(Path.Combine(ws.Root, "fixes.netpolicy")).AbsoluteUri;
            await OpenAsync(client, uri,
                "zone a {\n  subnet 10.0.0.1/16\n}\nzone b {\n  subnet 10.1.0.0/16\n}\n" +
                "allow a -> b : tcp\nallow a -> b : tcp/22\n");
            var actions = await CodeActionsAsync(client, uri, 0, 0, 8, 0);
            var hostBits = actions.Single(a => (string?)a!["diagnostics"]![0]!["code"] == "NP2005")!;
            var hostEdit = Assert.Single(hostBits["edit"]!["changes"]![uri]!.AsArray())!;
            Assert.Equal("10.0.0.0/16", (string?)hostEdit["newText"]);
            AssertRange(hostEdit["range"]!, 1, 9, 1, 20);
            var dead = actions.Single(a => (string?)a!["diagnostics"]![0]!["code"] == "NP3001")!;
            var deadEdit = Assert.Single(dead["edit"]!["changes"]![uri]!.AsArray())!;
            Assert.Equal("", (string?)deadEdit["newText"]);
            AssertRange(deadEdit["range"]!, 7, 0, 8, 0);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Folding_ranges_cover_multi_line_blocks_and_comment_runs()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.DefsUri, "# shared definitions\n# for the lab\n" + Defs);
            var response = await client.RequestAsync("textDocument/foldingRange", new JsonObject { ["textDocument"] = TextDocument(ws.DefsUri) });
            var ranges = response["result"]!.AsArray().Select(r => ((int)r!["startLine"]!, (int)r!["endLine"]!, (string?)r!["kind"])).ToArray();
            Assert.Equal(new (int, int, string?)[] { (0, 1, "comment"), (4, 6, null), (9, 15, null), (10, 14, null), (18, 19, null) }, ranges);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Workspace_symbols_match_a_substring_of_names_declared_in_open_documents()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.DefsUri, Defs);
            await OpenAsync(client, ws.MainUri, Main);
            var stor = (await client.RequestAsync("workspace/symbol", new JsonObject { ["query"] = "STOR" }))["result"]!.AsArray();
            Assert.Equal(new[] { "storage-io", "storage" }, stor.Select(s => (string?)s!["name"]).ToArray());
            Assert.All(stor, s => Assert.Equal(ws.DefsUri, (string?)s!["location"]!["uri"]));
            AssertRange(stor[1]!["location"]!["range"]!, 16, 5, 16, 12);
            var gpu = Assert.Single((await client.RequestAsync("workspace/symbol", new JsonObject { ["query"] = "gpu" }))["result"]!.AsArray())!;
            Assert.Equal("training", (string?)gpu["containerName"]);
            var all = (await client.RequestAsync("workspace/symbol", new JsonObject { ["query"] = "" }))["result"]!.AsArray();
            Assert.Equal(new[] { "nfs", "storage-io", "training", "gpu", "storage", "lab" }.OrderBy(n => n, StringComparer.Ordinal),
                all.Select(s => (string)s!["name"]!).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        private static async Task<JsonArray> CodeActionsAsync(LspClient client, string uri, int l0, int c0, int l1, int c1)
        {
            var response = await client.RequestAsync("textDocument/codeAction", new JsonObject
            {
                ["textDocument"] = TextDocument(uri),
                ["range"] = Range(l0, c0, l1, c1),
                ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
            });
            return response["result"]?.AsArray() ?? throw new InvalidOperationException("no code actions: " + response.ToJsonString());
        }

        private static async Task<string[]> LabelsAsync(LspClient client, string uri, int line, int character)
        {
            var response = await client.RequestAsync("textDocument/completion", PositionParams(uri, line, character));
            var result = response["result"] ?? throw new InvalidOperationException("no completion: " + response.ToJsonString());
            Assert.False((bool)result["isIncomplete"]!);
            return result["items"]!.AsArray().Select(i => (string)i!["label"]!).ToArray();
        }

        private static JsonObject RenameParams(string uri, int line, int character, string newName)
        {
            var p = PositionParams(uri, line, character);
            p["newName"] = newName;
            return p;
        }

        private static JsonObject ReferenceParams(string uri, int line, int character, bool includeDeclaration)
        {
            var p = PositionParams(uri, line, character);
            p["context"] = new JsonObject { ["includeDeclaration"] = includeDeclaration };
            return p;
        }

        private static async Task<string> HoverTextAsync(LspClient client, string uri, int line, int character)
        {
            var response = await client.RequestAsync("textDocument/hover", PositionParams(uri, line, character));
            var result = response["result"] ?? throw new InvalidOperationException("no hover at " + line + ":" + character + ": " + response.ToJsonString());
            Assert.Equal("markdown", (string?)result["contents"]!["kind"]);
            return (string)result["contents"]!["value"]!;
        }

        internal static void AssertRange(JsonNode range, int startLine, int startCharacter, int endLine, int endCharacter)
        {
            Assert.Equal(
                (startLine, startCharacter, endLine, endCharacter),
                ((int)range["start"]!["line"]!, (int)range["start"]!["character"]!, (int)range["end"]!["line"]!, (int)range["end"]!["character"]!));
        }

        [Fact]
        public async Task Each_edit_gets_an_immediate_syntax_stage_publish_that_keeps_untouched_diagnostics_then_a_checked_one()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            // Line 6: a flow to an unknown zone (NP1001) that the edits below never touch.
            var text = Main + "allow training -> nowhere : nfs\n";
            await OpenAsync(client, ws.MainUri, text, version: 1);
            var first = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 1);
            var unknown = Assert.Single(first["diagnostics"]!.AsArray())!;
            Assert.Equal("NP1001", (string?)unknown["code"]);
            AssertRange(unknown["range"]!, 6, 18, 6, 25);

            // Insert a comment line above the flows: the untouched flow's diagnostic moves down a line at once.
            await ChangeAsync(client, ws.MainUri, 2, Range(4, 0, 4, 0), "# a new comment line\n");
            var quick = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 2, syntaxStage: true);
            var carried = Assert.Single(quick["diagnostics"]!.AsArray())!;
            Assert.Equal("NP1001", (string?)carried["code"]);
            AssertRange(carried["range"]!, 7, 18, 7, 25);
            var checkedAgain = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 2);
            AssertRange(Assert.Single(checkedAgain["diagnostics"]!.AsArray())!["range"]!, 7, 18, 7, 25);

            // A syntax error shows in the immediate publish, with the carried diagnostic; the check confirms both.
            await ChangeAsync(client, ws.MainUri, 3, Range(1, 10, 1, 14), "dent");
            var syntax = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 3, syntaxStage: true);
            var codes = syntax["diagnostics"]!.AsArray().Select(d => (string?)d!["code"]).ToList();
            Assert.Contains("NP1001", codes);
            Assert.True(codes.Count >= 2, string.Join(",", codes));
            var checkedSyntax = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 3);
            Assert.Contains("NP1001", checkedSyntax["diagnostics"]!.AsArray().Select(d => (string?)d!["code"]));
            Assert.Equal(0, await ShutdownAsync(client));
        }
    }
}
