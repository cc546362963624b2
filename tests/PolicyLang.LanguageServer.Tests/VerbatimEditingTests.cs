using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static PolicyLang.LanguageServer.Tests.TempWorkspace;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>
    /// A target's <c>verbatim PLATFORM { "line" … }</c> blocks in the editor, through the real server: their diagnostics
    /// (NP4007 over the whole block, NP2036 at a platform that is not the target's), completion of the keyword among the
    /// target's settings and of the target's own platform after it, and the hover that says what becomes of the lines.
    /// </summary>
    public sealed class VerbatimEditingTests
    {
        // Line 5 is the verbatim block's first line; its platform is characters 11..21, the block ends at 8:3.
        private const string Policy =
            "zone app {\n" +
            "  subnet 10.1.0.0/24\n" +
            "}\n" +
            "target leaf arista-eos {\n" +
            "  zones app\n" +
            "  verbatim arista-eos {\n" +
            "    \"ip access-list MGMT-SSH\"\n" +
            "    \"   10 permit tcp 10.0.0.0/8 any eq ssh\"\n" +
            "  }\n" +
            "}\n";

        [Fact]
        public async Task A_verbatim_block_is_NP4007_over_the_block_and_text_for_another_platform_is_NP2036_at_its_platform()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, Policy, version: 1);
            var published = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 1);
            Assert.Equal(CoreCheck.Diagnostics(ws.MainPath, Policy), LspDiagnosticKey.FromPublish(published));
            var warning = Assert.Single(published["diagnostics"]!.AsArray())!;
            Assert.Equal("NP4007", (string?)warning["code"]);
            Assert.Equal(2, (int)warning["severity"]!);
            Assert.Contains("target 'leaf' (arista-eos) gets 2 line(s) of verbatim text as written", (string?)warning["message"]);
            Assert.Equal("https://policylang.dev/diagnostics/np4007", (string?)warning["codeDescription"]!["href"]);
            EditorSessionTests.AssertRange(warning["range"]!, 5, 2, 8, 3);

            // The block written for another platform: NP2036 at the platform it names, and nothing is written (no NP4007).
            await ChangeAsync(client, ws.MainUri, 2, Range(5, 11, 5, 21), "cisco-nxos");
            var mismatched = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 2);
            var error = Assert.Single(mismatched["diagnostics"]!.AsArray())!;
            Assert.Equal("NP2036", (string?)error["code"]);
            Assert.Equal(1, (int)error["severity"]!);
            Assert.Contains("written for 'cisco-nxos', but target 'leaf' is of platform 'arista-eos'", (string?)error["message"]);
            EditorSessionTests.AssertRange(error["range"]!, 5, 11, 5, 21);
            Assert.Equal(CoreCheck.Diagnostics(ws.MainPath, Policy.Replace("verbatim arista-eos", "verbatim cisco-nxos", StringComparison.Ordinal)),
                LspDiagnosticKey.FromPublish(mismatched));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Completion_offers_verbatim_among_the_target_settings_and_only_the_target_platform_after_it()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            var lines = new[]
            {
                "zone app {",                           // 0
                "  subnet 10.1.0.0/24",                 // 1
                "}",                                    // 2
                "target leaf arista-eos {",             // 3
                "  zones app",                          // 4
                "  verbatim arista-eos {",              // 5
                "    ",                                 // 6: inside the verbatim block
                "    \"ip access-list MGMT-SSH\"",      // 7
                "  }",                                  // 8
                "  ",                                   // 9
                "  verbatim ",                          // 10
                "}",                                    // 11
                "target k8s kubernetes {",              // 12
                "  ",                                   // 13
                "  verbatim ",                          // 14
                "}",                                    // 15
                "target gw nftables {",                 // 16
                "  device \"gw1\" {",                   // 17
                "    description \"the gateway\"",      // 18
                "  }",                                  // 19
                "  ",                                   // 20
                "}",                                    // 21
            };
            var text = string.Join("\n", lines) + "\n";
            await OpenAsync(client, ws.MainUri, text);
            (int, int) End(int line) => (line, lines[line].Length);

            // At the start of a line: the settings, 'device', 'option' and 'verbatim' also when written already, the others
            // while missing ('zones' is written here); EOS has no modes.
            var settings = await CompletionAsync(client, ws.MainUri, End(9));
            Assert.Equal(new[] { "devices", "device", "option", "verbatim", "description" }, Labels(settings));
            var verbatim = settings.Single(i => (string)i!["label"]! == "verbatim")!;
            Assert.Equal(14, (int)verbatim["kind"]!); // Keyword
            Assert.Equal("verbatim PLATFORM { \"line\" … }: configuration lines written into the output as they stand, not verified", (string?)verbatim["detail"]);
            // Kubernetes takes no verbatim text (NP4001): not offered there. nftables has modes; a device block's own
            // description does not count as the target's.
            Assert.Equal(new[] { "devices", "device", "zones", "option", "description" }, Labels(await CompletionAsync(client, ws.MainUri, End(13))));
            Assert.Equal(new[] { "devices", "device", "zones", "mode", "option", "verbatim", "description" }, Labels(await CompletionAsync(client, ws.MainUri, End(20))));
            // Inside the verbatim block, strings are typed: nothing.
            Assert.Empty(await CompletionAsync(client, ws.MainUri, End(6)));

            // After 'verbatim': the target's own platform, and no other (another is NP2036).
            var platform = Assert.Single(await CompletionAsync(client, ws.MainUri, End(10)))!;
            Assert.Equal("arista-eos", (string?)platform["label"]);
            Assert.Equal("Arista EOS: the target's platform", (string?)platform["detail"]);
            var refused = Assert.Single(await CompletionAsync(client, ws.MainUri, End(14)))!;
            Assert.Equal("kubernetes", (string?)refused["label"]);
            Assert.Equal("Kubernetes: the target's platform, which takes no verbatim text (NP4001)", (string?)refused["detail"]);
            // While typing the platform: the same item, for the client to filter.
            var partial = "  verbatim ari";
            await ChangeAsync(client, ws.MainUri, 2, Range(10, 0, 10, lines[10].Length), partial);
            Assert.Equal(new[] { "arista-eos" }, Labels(await CompletionAsync(client, ws.MainUri, (10, partial.Length))));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Hover_on_a_verbatim_block_says_its_lines_are_written_as_they_stand_and_not_verified()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, Policy);
            var expected =
                "```netpolicy\nverbatim arista-eos\n```\n" +
                "- **target**: leaf (Arista EOS)\n" +
                "- **lines**: 2 lines\n" +
                "\nThe block is written into the target's configuration as it stands, not verified: policyc does not read its lines, so what "
                + "they change is outside every check, assertion and translation validation proof (NP4007). Each string is one line, fenced in "
                + "the output by two marker comments.";

            // On the keyword, the platform, a line and the closing brace alike; the range is the whole block.
            var onKeyword = await HoverAsync(client, ws.MainUri, 5, 4);
            Assert.Equal("markdown", (string?)onKeyword["contents"]!["kind"]);
            Assert.Equal(expected, (string?)onKeyword["contents"]!["value"]);
            EditorSessionTests.AssertRange(onKeyword["range"]!, 5, 2, 8, 3);
            Assert.Equal(expected, (string?)(await HoverAsync(client, ws.MainUri, 5, 14))["contents"]!["value"]);
            Assert.Equal(expected, (string?)(await HoverAsync(client, ws.MainUri, 7, 12))["contents"]!["value"]);
            Assert.Equal(expected, (string?)(await HoverAsync(client, ws.MainUri, 8, 2))["contents"]!["value"]);
            // Elsewhere in the target, hover is as before: the target's name describes the target.
            Assert.Contains("target leaf arista-eos", (string?)(await HoverAsync(client, ws.MainUri, 3, 8))["contents"]!["value"]);

            // Text that is not written says why: another platform (NP2036), a platform without verbatim text (NP4001).
            var uri = new Uri(Path.Combine(ws.Root, "unwritten.netpolicy")).AbsoluteUri;
            await OpenAsync(client, uri,
                "target gw nftables {\n  verbatim arista-eos {\n    \"ip access-list X\"\n  }\n}\n" +
                "target k8s kubernetes {\n  verbatim kubernetes { \"kind: ConfigMap\" }\n}\n");
            var other = (string?)(await HoverAsync(client, uri, 1, 4))["contents"]!["value"];
            Assert.StartsWith("```netpolicy\nverbatim arista-eos\n```\n- **target**: gw (Linux nftables)\n- **lines**: 1 line\n", other);
            Assert.Contains("- **not written**: the text is for arista-eos, the target is nftables (NP2036)\n", other);
            var refused = (string?)(await HoverAsync(client, uri, 6, 30))["contents"]!["value"];
            Assert.Contains("- **not written**: Kubernetes takes no verbatim text (NP4001)\n", refused);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        private static async Task<JsonArray> CompletionAsync(LspClient client, string uri, (int Line, int Character) at)
        {
            var response = await client.RequestAsync("textDocument/completion", PositionParams(uri, at.Line, at.Character));
            var result = response["result"] ?? throw new InvalidOperationException("no completion: " + response.ToJsonString());
            Assert.False((bool)result["isIncomplete"]!);
            return result["items"]!.AsArray();
        }

        private static string[] Labels(JsonArray items) => items.Select(i => (string)i!["label"]!).ToArray();

        private static async Task<JsonNode> HoverAsync(LspClient client, string uri, int line, int character)
        {
            var response = await client.RequestAsync("textDocument/hover", PositionParams(uri, line, character));
            return response["result"] ?? throw new InvalidOperationException("no hover at " + line + ":" + character + ": " + response.ToJsonString());
        }
    }
}
