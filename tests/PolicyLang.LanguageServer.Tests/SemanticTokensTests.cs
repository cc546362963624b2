using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static PolicyLang.LanguageServer.Tests.TempWorkspace;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>Semantic tokens from the real server, decoded with the legend it advertises.</summary>
    public sealed class SemanticTokensTests
    {
        private sealed record Legend(string[] Types, string[] Modifiers);

        private static async Task<(LspClient Client, Legend Legend)> StartAsync()
        {
            var client = LspClient.Start();
            var response = await client.RequestAsync("initialize", new JsonObject { ["processId"] = null, ["rootUri"] = null, ["capabilities"] = new JsonObject() });
            var provider = response["result"]!["capabilities"]!["semanticTokensProvider"]!;
            var legend = new Legend(
                provider["legend"]!["tokenTypes"]!.AsArray().Select(t => (string)t!).ToArray(),
                provider["legend"]!["tokenModifiers"]!.AsArray().Select(t => (string)t!).ToArray());
            await client.NotifyAsync("initialized", new JsonObject());
            return (client, legend);
        }

        /// <summary>Decodes LSP's relative encoding into "line:char text type[.modifier…]" lines.</summary>
        private static List<string> Decode(JsonNode data, Legend legend, string text)
        {
            var numbers = data.AsArray().Select(n => (int)n!).ToArray();
            Assert.Equal(0, numbers.Length % 5);
            var lines = text.Split('\n');
            var result = new List<string>();
            int line = 0, start = 0;
            for (int i = 0; i < numbers.Length; i += 5)
            {
                if (numbers[i] > 0) start = 0;
                line += numbers[i];
                start += numbers[i + 1];
                int length = numbers[i + 2];
                var mods = Enumerable.Range(0, legend.Modifiers.Length).Where(b => (numbers[i + 4] & (1 << b)) != 0).Select(b => "." + legend.Modifiers[b]);
                Assert.True(start + length <= lines[line].TrimEnd('\r').Length, "token past the end of line " + line);
                result.Add(line + ":" + start + " " + lines[line].Substring(start, length) + " " + legend.Types[numbers[i + 3]] + string.Concat(mods));
            }
            return result;
        }

        private static void AssertTokens(IEnumerable<string> expected, IReadOnlyList<string> actual) =>
            Assert.True(expected.SequenceEqual(actual), "expected:\n" + string.Join("\n", expected) + "\nactual:\n" + string.Join("\n", actual));

        [Fact]
        public async Task Initialize_advertises_full_range_and_delta_with_a_legend()
        {
            var (client, legend) = await StartAsync();
            await using var _ = client;
            Assert.Contains("keyword", legend.Types);
            Assert.Contains("namespace", legend.Types);
            Assert.Contains("declaration", legend.Modifiers);
            Assert.Equal(legend.Types.Length, legend.Types.Distinct().Count());
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Names_are_classified_by_what_they_resolve_to_across_the_import()
        {
            using var ws = new TempWorkspace();
            var (client, legend) = await StartAsync();
            await using var _ = client;
            await OpenAsync(client, ws.MainUri, Main);

            var response = await client.RequestAsync("textDocument/semanticTokens/full", new JsonObject { ["textDocument"] = TextDocument(ws.MainUri) });
            var result = response["result"]!;
            Assert.False(string.IsNullOrEmpty((string?)result["resultId"]));
            AssertTokens(new[]
            {
                "0:0 policy keyword",
                "0:7 lab struct.declaration",
                "1:2 default keyword",
                "1:10 deny keyword",
                "3:0 import keyword",
                "3:7 \"defs.netpolicy\" string",
                "5:0 allow keyword",
                "5:6 training namespace",
                "5:15 -> operator",
                "5:18 storage namespace",
                "5:26 : operator",
                "5:28 nfs function",
                "5:32 class keyword",
                "5:38 storage-io class",
            }, Decode(result["data"]!, legend, Main));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Declarations_numbers_addresses_comments_and_built_in_names_are_classified()
        {
            using var ws = new TempWorkspace();
            var (client, legend) = await StartAsync();
            await using var _ = client;
            var text =
                "# services\n" +
                "ports web = 80, 8000-8001\n" +
                "service web-svc = tcp/web, icmp echo-request code 0 /* two\n" +
                "lines */\n" +
                "prefixes nets = 10.0.0.0/8, fd00::/48\n" +
                "class gold {\n" +
                "  dscp af41\n" +
                "}\n" +
                "zone edge {\n" +
                "  labels {\n" +
                "    team = \"x\"\n" +
                "  }\n" +
                "  segment dmz {\n" +
                "    subnet nets\n" +
                "  }\n" +
                "}\n" +
                "allow any -> edge.dmz : web-svc class gold rate 100/s // rate\n" +
                "assert mtu edge >= 1500\n" +
                "target gw nftables {\n" +
                "  zones edge\n" +
                "  mode gateway\n" +
                "}\n";
            await OpenAsync(client, ws.MainUri, text);
            var response = await client.RequestAsync("textDocument/semanticTokens/full", new JsonObject { ["textDocument"] = TextDocument(ws.MainUri) });
            AssertTokens(new[]
            {
                "0:0 # services comment",
                "1:0 ports keyword",
                "1:6 web variable.declaration",
                "1:10 = operator",
                "1:12 80 number",
                "1:16 8000 number",
                "1:20 - operator",
                "1:21 8001 number",
                "2:0 service keyword",
                "2:8 web-svc function.declaration",
                "2:16 = operator",
                "2:18 tcp keyword",
                "2:21 / operator",
                "2:22 web variable",
                "2:27 icmp keyword",
                "2:32 echo-request enumMember.defaultLibrary",
                "2:45 code keyword",
                "2:50 0 number",
                "2:52 /* two comment",
                "3:0 lines */ comment",
                "4:0 prefixes keyword",
                "4:9 nets variable.declaration",
                "4:14 = operator",
                "4:16 10.0.0.0/8 number.address",
                "4:28 fd00::/48 number.address",
                "5:0 class keyword",
                "5:6 gold class.declaration",
                "6:2 dscp keyword",
                "6:7 af41 enumMember.defaultLibrary",
                "8:0 zone keyword",
                "8:5 edge namespace.declaration",
                "9:2 labels keyword",
                "10:4 team parameter",
                "10:9 = operator",
                "10:11 \"x\" string",
                "12:2 segment keyword",
                "12:10 dmz property.declaration",
                "13:4 subnet keyword",
                "13:11 nets variable",
                "16:0 allow keyword",
                "16:6 any keyword",
                "16:10 -> operator",
                "16:13 edge namespace",
                "16:17 . operator",
                "16:18 dmz property",
                "16:22 : operator",
                "16:24 web-svc function",
                "16:32 class keyword",
                "16:38 gold class",
                "16:43 rate keyword",
                "16:48 100 number",
                "16:51 / operator",
                "16:52 s keyword",
                "16:54 // rate comment",
                "17:0 assert keyword",
                "17:7 mtu keyword",
                "17:11 edge namespace",
                "17:16 >= operator",
                "17:19 1500 number",
                "18:0 target keyword",
                "18:7 gw interface.declaration",
                "18:10 nftables type.defaultLibrary",
                "19:2 zones keyword",
                "19:8 edge namespace",
                "20:2 mode keyword",
                "20:7 gateway enumMember.defaultLibrary",
            }, Decode(response["result"]!["data"]!, legend, text));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Unknown_names_get_no_token_and_range_and_delta_follow_edits()
        {
            using var ws = new TempWorkspace();
            var (client, legend) = await StartAsync();
            await using var _ = client;
            await OpenAsync(client, ws.MainUri, Main);
            var full = await client.RequestAsync("textDocument/semanticTokens/full", new JsonObject { ["textDocument"] = TextDocument(ws.MainUri) });
            var firstId = (string)full["result"]!["resultId"]!;
            var firstData = full["result"]!["data"]!.AsArray().Select(n => (int)n!).ToList();

            // Only line 5, from "storage" on.
            var range = await client.RequestAsync("textDocument/semanticTokens/range", new JsonObject { ["textDocument"] = TextDocument(ws.MainUri), ["range"] = Range(5, 18, 6, 0) });
            var ranged = Decode(range["result"]!["data"]!, legend, Main);
            AssertTokens(new[] { "5:18 storage namespace", "5:26 : operator", "5:28 nfs function", "5:32 class keyword", "5:38 storage-io class" }, ranged);

            // Misspell the zone: the name loses its token; the delta says so against the previous result.
            await ChangeAsync(client, ws.MainUri, 2, Range(5, 18, 5, 25), "storgae");
            var edited = Main.Replace("-> storage :", "-> storgae :", StringComparison.Ordinal);
            await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 2);
            var delta = await client.RequestAsync("textDocument/semanticTokens/full/delta", new JsonObject { ["textDocument"] = TextDocument(ws.MainUri), ["previousResultId"] = firstId });
            var edits = delta["result"]!["edits"]!.AsArray();
            Assert.NotEqual(firstId, (string?)delta["result"]!["resultId"]);
            var data = new List<int>(firstData);
            foreach (var edit in edits.Reverse())
            {
                int start = (int)edit!["start"]!, deleteCount = (int)edit["deleteCount"]!;
                data.RemoveRange(start, deleteCount);
                data.InsertRange(start, edit["data"]!.AsArray().Select(n => (int)n!));
            }
            var patched = Decode(new JsonArray(data.Select(n => (JsonNode)n).ToArray()), legend, edited);
            Assert.Contains("5:6 training namespace", patched);
            Assert.DoesNotContain(patched, t => t.StartsWith("5:18 ", StringComparison.Ordinal));
            Assert.Contains("5:26 : operator", patched);
            Assert.True(edits.Count == 1 && data.Count < firstData.Count, delta.ToJsonString());

            // An unknown previous result id gets full tokens back.
            var fallback = await client.RequestAsync("textDocument/semanticTokens/full/delta", new JsonObject { ["textDocument"] = TextDocument(ws.MainUri), ["previousResultId"] = "no-such-id" });
            Assert.Equal(patched, Decode(fallback["result"]!["data"]!, legend, edited));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Flow_name_count_expires_and_expiry_warning_are_keywords_and_the_date_is_numbers()
        {
            using var ws = new TempWorkspace();
            var (client, legend) = await StartAsync();
            await using var _ = client;
            var text =
                "policy lab {\n" +
                "  expiry-warning 45d\n" +
                "}\n" +
                "zone a {\n" +
                "  subnet 10.0.0.0/24\n" +
                "}\n" +
                "allow a -> a : tcp/22 name ssh-admin count expires 2099-12-31 log\n";
            await OpenAsync(client, ws.MainUri, text);
            var response = await client.RequestAsync("textDocument/semanticTokens/full", new JsonObject { ["textDocument"] = TextDocument(ws.MainUri) });
            var tokens = Decode(response["result"]!["data"]!, legend, text);
            // The flow's name is not a symbol: it gets no token, the editor's grammar colours it.
            AssertTokens(new[]
            {
                "1:2 expiry-warning keyword",
                "1:17 45d number",
            }, tokens.Where(t => t.StartsWith("1:", StringComparison.Ordinal)).ToList());
            AssertTokens(new[]
            {
                "6:0 allow keyword",
                "6:6 a namespace",
                "6:8 -> operator",
                "6:11 a namespace",
                "6:13 : operator",
                "6:15 tcp keyword",
                "6:18 / operator",
                "6:19 22 number",
                "6:22 name keyword",
                "6:37 count keyword",
                "6:43 expires keyword",
                "6:51 2099 number",
                "6:55 - operator",
                "6:56 12 number",
                "6:58 - operator",
                "6:59 31 number",
                "6:62 log keyword",
            }, tokens.Where(t => t.StartsWith("6:", StringComparison.Ordinal)).ToList());
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Device_blocks_classify_vtep_source_interface_carries_uplink_and_options()
        {
            using var ws = new TempWorkspace();
            var (client, legend) = await StartAsync();
            await using var _ = client;
            var text =
                "zone training {\n" +
                "  segment gpu {\n" +
                "    subnet 10.10.0.0/16\n" +
                "  }\n" +
                "}\n" +
                "target pod1 arista-eos {\n" +
                "  zones training\n" +
                "  option acl-budget 2000\n" +
                "  device \"leaf1\" {\n" +
                "    vtep 10.255.0.11 source \"Loopback1\"\n" +
                "    interface \"Ethernet1\" carries training.gpu, training\n" +
                "    interface \"Ethernet49/1\" uplink\n" +
                "  }\n" +
                "}\n";
            await OpenAsync(client, ws.MainUri, text);
            var response = await client.RequestAsync("textDocument/semanticTokens/full", new JsonObject { ["textDocument"] = TextDocument(ws.MainUri) });
            var tokens = Decode(response["result"]!["data"]!, legend, text);
            AssertTokens(new[]
            {
                "5:0 target keyword",
                "5:7 pod1 interface.declaration",
                "5:12 arista-eos type.defaultLibrary",
                "6:2 zones keyword",
                "6:8 training namespace",
                "7:2 option keyword",
                "7:9 acl-budget parameter",
                "7:20 2000 number",
                "8:2 device keyword",
                "8:9 \"leaf1\" string",
                "9:4 vtep keyword",
                "9:9 10.255.0.11 number.address",
                "9:21 source keyword",
                "9:28 \"Loopback1\" string",
                "10:4 interface keyword",
                "10:14 \"Ethernet1\" string",
                "10:26 carries keyword",
                "10:34 training namespace",
                "10:42 . operator",
                "10:43 gpu property",
                "10:48 training namespace",
                "11:4 interface keyword",
                "11:14 \"Ethernet49/1\" string",
                "11:29 uplink keyword",
            }, tokens.Where(t => int.Parse(t.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture) >= 5).ToList());
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task A_verbatim_block_classifies_its_keyword_its_platform_as_in_the_target_header_and_its_lines_as_strings()
        {
            using var ws = new TempWorkspace();
            var (client, legend) = await StartAsync();
            await using var _ = client;
            var text =
                "target pod1 arista-eos {\n" +
                "  verbatim arista-eos {\n" +
                "    \"ip access-list MGMT-SSH\" # a comment\n" +
                "  }\n" +
                "  verbatim arista-eos { \"one\" \"two\" }\n" +
                "}\n";
            await OpenAsync(client, ws.MainUri, text);
            var response = await client.RequestAsync("textDocument/semanticTokens/full", new JsonObject { ["textDocument"] = TextDocument(ws.MainUri) });
            AssertTokens(new[]
            {
                "0:0 target keyword",
                "0:7 pod1 interface.declaration",
                "0:12 arista-eos type.defaultLibrary",
                "1:2 verbatim keyword",
                "1:11 arista-eos type.defaultLibrary",
                "2:4 \"ip access-list MGMT-SSH\" string",
                "2:30 # a comment comment",
                "4:2 verbatim keyword",
                "4:11 arista-eos type.defaultLibrary",
                "4:24 \"one\" string",
                "4:30 \"two\" string",
            }, Decode(response["result"]!["data"]!, legend, text));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Compliance_assertions_selectors_baselines_and_quarantines_are_classified()
        {
            using var ws = new TempWorkspace();
            var (client, legend) = await StartAsync();
            await using var _ = client;
            var text =
                "baseline ours {\n" +
                "  title \"t\"\n" +
                "  reference \"r\"\n" +
                "}\n" +
                "zone quarantine {\n" +
                "  labels {\n" +
                "    stage = \"dev\"\n" +
                "  }\n" +
                "  segment hold {\n" +
                "    subnet 10.99.0.0/16\n" +
                "  }\n" +
                "}\n" +
                "assert only quarantine -> quarantine on hold : tcp/22\n" +
                "assert never zones with stage = \"dev\" -> any\n" +
                "assert isolated quarantine\n" +
                "assert logged any -> quarantine\n" +
                "assert explicit any -> quarantine\n" +
                "assert classified any -> quarantine\n" +
                "assert unclassified any -> quarantine\n" +
                "quarantine 10.99.0.7 {\n" +
                "  reason \"x\"\n" +
                "  expires 2099-12-31\n" +
                "}\n";
            await OpenAsync(client, ws.MainUri, text);
            var response = await client.RequestAsync("textDocument/semanticTokens/full", new JsonObject { ["textDocument"] = TextDocument(ws.MainUri) });
            var tokens = Decode(response["result"]!["data"]!, legend, text);
            int LineOf(string t) => int.Parse(t.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
            AssertTokens(new[]
            {
                "0:0 baseline keyword",
                "0:9 ours struct.declaration",
                "1:2 title keyword",
                "1:8 \"t\" string",
                "2:2 reference keyword",
                "2:12 \"r\" string",
                "4:0 zone keyword",
                "4:5 quarantine namespace.declaration",
            }, tokens.Where(t => LineOf(t) <= 4).ToList());
            AssertTokens(new[]
            {
                // 'only', 'on' and the segment after it
                "12:0 assert keyword",
                "12:7 only keyword",
                "12:12 quarantine namespace",
                "12:23 -> operator",
                "12:26 quarantine namespace",
                "12:37 on keyword",
                "12:40 hold property",
                "12:45 : operator",
                "12:47 tcp keyword",
                "12:50 / operator",
                "12:51 22 number",
                // a selector: keywords, a label key and its value; not the zone it picks
                "13:0 assert keyword",
                "13:7 never keyword",
                "13:13 zones keyword",
                "13:19 with keyword",
                "13:24 stage parameter",
                "13:30 = operator",
                "13:32 \"dev\" string",
                "13:38 -> operator",
                "13:41 any keyword",
                // a zone called quarantine is a zone
                "14:0 assert keyword",
                "14:7 isolated keyword",
                "14:16 quarantine namespace",
                "15:7 logged keyword",
                "16:7 explicit keyword",
                "17:7 classified keyword",
                "18:7 unclassified keyword",
                // the declaration: its keyword, the address, reason and the expiry date
                "19:0 quarantine keyword",
                "19:11 10.99.0.7 number.address",
                "20:2 reason keyword",
                "20:9 \"x\" string",
                "21:2 expires keyword",
                "21:10 2099 number",
                "21:14 - operator",
                "21:15 12 number",
                "21:17 - operator",
                "21:18 31 number",
            }, tokens.Where(t => LineOf(t) >= 12 && (LineOf(t) <= 14 || LineOf(t) >= 19 || t.Split(' ')[0].EndsWith(":7", StringComparison.Ordinal))).ToList());
            Assert.Equal(0, await ShutdownAsync(client));
        }
    }
}
