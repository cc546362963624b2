using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static PolicyLang.LanguageServer.Tests.TempWorkspace;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>
    /// Source ports (<c>tcp/1024-65535 -&gt; 22</c>, <c>udp/53 -&gt; any</c>, <c>tcp/high -&gt; 22</c>) in the editor, through the
    /// real server: completion of port lists (and <c>any</c>) inside a protocol match wherever one is written, the hover of a
    /// match and of a service that names source ports, their semantic tokens, and half-typed matches.
    /// </summary>
    public sealed class SourcePortEditingTests
    {
        private const string Refused = "- **refused by**: aws, gcp-firewall and kubernetes targets, whose rules match destination ports only (NP4001)";

        [Fact]
        public async Task Completion_offers_port_lists_and_any_after_the_arrow_of_a_protocol_match_wherever_it_is_written()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            var lines = new[]
            {
                "ports high = 1024-65535",                                   // 0
                "ports ssh-ports = 22, 2222",                                // 1
                "zone admin {",                                              // 2
                "  subnet 10.0.0.0/24",                                      // 3
                "}",                                                         // 4
                "zone servers {",                                            // 5
                "  subnet 10.1.0.0/24",                                      // 6
                "}",                                                         // 7
                "service s = tcp/1024-65535 -> ",                            // 8: a service
                "allow admin -> servers : tcp/high -> ",                     // 9: a flow's services
                "assert never admin -> servers : udp/53 -> ",                // 10: an assertion's services
                "test \"t\" {",                                              // 11
                "  expect allow 10.0.0.1 -> 10.1.0.2 tcp/40000 -> ",         // 12: an expectation
                "}",                                                         // 13
                "allow admin -> servers : nfs, sctp/high->",                 // 14: no spaces
                "allow admin -> servers : tcp/22 -> ss",                     // 15: the destination half-typed
                "allow admin -> servers : udp/",                             // 16: after the slash
                "allow admin -> servers : tcp/ -> ",                         // 17: no source ports written
                "allow admin -> ",                                           // 18: the endpoints' arrow
                "allow admin -> servers : icmp -> ",                         // 19: ICMP has no ports
                "allow admin -> servers : ssh, icmp echo-request -> ",       // 20: nor with its type
                "service t = proto 47 -> ",                                  // 21: nor another protocol
                "->",                                                        // 22: an arrow alone on its line
            };
            var text = string.Join("\n", lines) + "\n";
            await OpenAsync(client, ws.MainUri, text);
            (int, int) End(int line) => (line, lines[line].Length);

            // After 'tcp/PORTS ->': the port lists with their ports, then 'any' (every destination port); not the zones
            // that follow an endpoint's '->'.
            var destination = await CompletionAsync(client, ws.MainUri, End(8));
            Assert.Equal(new[] { "high", "ssh-ports", "any" }, Labels(destination));
            Assert.Equal(new[] { "port list: 1024-65535", "port list: 22, 2222", "every destination port" },
                destination.Select(i => (string)i!["detail"]!).ToArray());
            Assert.Equal(new[] { 21, 21, 14 }, destination.Select(i => (int)i!["kind"]!).ToArray()); // Constant, Constant, Keyword
            foreach (var line in new[] { 9, 10, 12, 14 })
            {
                var labels = Labels(await CompletionAsync(client, ws.MainUri, End(line)));
                Assert.True(new[] { "high", "ssh-ports", "any" }.SequenceEqual(labels), "line " + line + ": " + string.Join(", ", labels));
            }
            // While typing the destination: the same items, for the client to filter.
            Assert.Equal(new[] { "high", "ssh-ports", "any" }, Labels(await CompletionAsync(client, ws.MainUri, End(15))));
            // After 'udp/': the port lists, without 'any' ('udp' alone is every port).
            Assert.Equal(new[] { "high", "ssh-ports" }, Labels(await CompletionAsync(client, ws.MainUri, End(16))));
            // 'tcp/ ->' lacks its source ports: nothing to offer after it.
            Assert.Empty(await CompletionAsync(client, ws.MainUri, End(17)));
            // Nor after a protocol without ports: not the zones an endpoint's arrow offers.
            foreach (var line in new[] { 19, 20, 21 })
                Assert.True((await CompletionAsync(client, ws.MainUri, End(line))).Count == 0, "line " + line + " offered items");
            // An arrow with nothing before it on the line: the zones, as after any arrow (the storm test found it crashing).
            Assert.Equal(new[] { "admin", "servers", "any" }, Labels(await CompletionAsync(client, ws.MainUri, End(22))));
            // The arrow between endpoints still offers the zones and 'any'.
            Assert.Equal(new[] { "admin", "servers", "any" }, Labels(await CompletionAsync(client, ws.MainUri, End(18))));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Hover_describes_a_source_port_match_in_words_and_a_service_with_one_lists_them()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            var lines = new[]
            {
                "ports high = 1024-65535",                                       // 0
                "service ssh-high = tcp/1024-65535 -> 22, udp/53 -> any",        // 1
                "zone admin {",                                                  // 2
                "  subnet 10.0.0.0/24",                                          // 3
                "}",                                                             // 4
                "zone servers {",                                                // 5
                "  subnet 10.1.0.0/24",                                          // 6
                "}",                                                             // 7
                "allow admin -> servers : tcp/high -> 22, tcp/443, ssh-high",    // 8
                "assert never servers -> admin : udp/53 -> any",                 // 9
                "test \"source ports\" {",                                       // 10
                "  expect allow 10.0.0.1 -> 10.1.0.2 tcp/40000 -> 22",           // 11
                "}",                                                             // 12
                "service web = tcp/80, icmp echo-request",                      // 13
            };
            var text = string.Join("\n", lines) + "\n";
            await OpenAsync(client, ws.MainUri, text);
            (int, int) At(int line, string what, int skip = 0)
            {
                int at = -1;
                for (int i = 0; i <= skip; i++) at = lines[line].IndexOf(what, at + 1, StringComparison.Ordinal);
                Assert.True(at >= 0, what + " on line " + line);
                return (line, at);
            }

            // The service, where it is used: its matches as written, the source ports in words, the targets that refuse them.
            var service = await HoverAsync(client, ws.MainUri, At(8, "ssh-high"));
            Assert.Equal(
                "```netpolicy\nservice ssh-high\n```\n" +
                "- **matches**: tcp/1024-65535 -\\> 22, udp/53 -\\> any\n" +
                "- **source ports**: tcp from source ports 1024-65535 to port 22; udp from source port 53 to every port\n" +
                Refused,
                (string?)service["contents"]!["value"]);

            // The match in the flow, on its protocol, its arrow or its destination port: as written (the port list's
            // name), then in words with the list's ports; the range is the whole match.
            var expected = "```netpolicy\ntcp/high -> 22\n```\n- **matches**: tcp from source ports 1024-65535 to port 22\n" + Refused;
            var onArrow = await HoverAsync(client, ws.MainUri, At(8, "->", skip: 1));
            Assert.Equal(expected, (string?)onArrow["contents"]!["value"]);
            EditorSessionTests.AssertRange(onArrow["range"]!, 8, 25, 8, 39);
            Assert.Equal(expected, (string?)(await HoverAsync(client, ws.MainUri, At(8, "tcp")))["contents"]!["value"]);
            Assert.Equal(expected, (string?)(await HoverAsync(client, ws.MainUri, (8, 38)))["contents"]!["value"]);
            // The port list's name inside it hovers as the port list.
            Assert.StartsWith("```netpolicy\nports high\n```\n- **ports**: 1024-65535",
                (string?)(await HoverAsync(client, ws.MainUri, At(8, "high")))["contents"]!["value"]);
            // A match without source ports, in words, and no targets refuse it.
            Assert.Equal("```netpolicy\ntcp/443\n```\n- **matches**: tcp to port 443",
                (string?)(await HoverAsync(client, ws.MainUri, At(8, "443")))["contents"]!["value"]);
            Assert.Equal("```netpolicy\nicmp echo-request\n```\n- **matches**: icmp echo-request (type 8), every code",
                (string?)(await HoverAsync(client, ws.MainUri, At(13, "echo")))["contents"]!["value"]);
            // In an assertion ('any': every destination port) and in an expectation.
            var assertion = await HoverAsync(client, ws.MainUri, At(9, "any"));
            Assert.Equal("```netpolicy\nudp/53 -> any\n```\n- **matches**: udp from source port 53 to every port\n" + Refused,
                (string?)assertion["contents"]!["value"]);
            EditorSessionTests.AssertRange(assertion["range"]!, 9, 32, 9, 45);
            Assert.Equal("```netpolicy\ntcp/40000 -> 22\n```\n- **matches**: tcp from source port 40000 to port 22\n" + Refused,
                (string?)(await HoverAsync(client, ws.MainUri, At(11, "40000")))["contents"]!["value"]);
            // In the service's own declaration too.
            Assert.StartsWith("```netpolicy\ntcp/1024-65535 -> 22\n```\n- **matches**: tcp from source ports 1024-65535 to port 22\n",
                (string?)(await HoverAsync(client, ws.MainUri, At(1, "65535")))["contents"]!["value"]);

            // A service without source ports says nothing about them.
            var plain = (string?)(await HoverAsync(client, ws.MainUri, At(13, "web")))["contents"]!["value"];
            Assert.Equal("```netpolicy\nservice web\n```\n- **matches**: tcp/80, icmp 8", plain);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Semantic_tokens_colour_a_source_port_match_as_other_matches_any_as_a_keyword()
        {
            using var ws = new TempWorkspace();
            var (client, types, modifiers) = await StartWithLegendAsync();
            await using var _ = client;
            var text =
                "ports high = 1024-65535\n" +
                "service dns = udp/53 -> any, tcp/high -> 22\n" +
                "test \"t\" {\n" +
                "  expect deny 10.0.0.1 -> 10.0.0.2 udp/1-2 -> high\n" +
                "}\n";
            await OpenAsync(client, ws.MainUri, text);
            var response = await client.RequestAsync("textDocument/semanticTokens/full", new JsonObject { ["textDocument"] = TextDocument(ws.MainUri) });
            var tokens = Decode(response["result"]!["data"]!, types, modifiers, text);
            var expected = new[]
            {
                "0:0 ports keyword", "0:6 high variable.declaration", "0:11 = operator", "0:13 1024 number", "0:17 - operator", "0:18 65535 number",
                "1:0 service keyword", "1:8 dns function.declaration", "1:12 = operator",
                "1:14 udp keyword", "1:17 / operator", "1:18 53 number", "1:21 -> operator", "1:24 any keyword",
                "1:29 tcp keyword", "1:32 / operator", "1:33 high variable", "1:38 -> operator", "1:41 22 number",
                "2:0 test keyword", "2:5 \"t\" string",
                "3:2 expect keyword", "3:9 deny keyword", "3:14 10.0.0.1 number.address", "3:23 -> operator", "3:26 10.0.0.2 number.address",
                "3:35 udp keyword", "3:38 / operator", "3:39 1 number", "3:40 - operator", "3:41 2 number", "3:43 -> operator", "3:46 high variable",
            };
            Assert.True(expected.SequenceEqual(tokens), "expected:\n" + string.Join("\n", expected) + "\nactual:\n" + string.Join("\n", tokens));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Half_typed_source_port_matches_get_the_parser_diagnostics_and_completion_and_hover_answer_everywhere_on_them()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            var lines = new[]
            {
                "zone a {",                          // 0
                "  subnet 10.0.0.0/24",              // 1
                "}",                                 // 2
                "allow a -> a : tcp/22 ->",          // 3: the destination missing at the end of a line
                "allow a -> a : tcp/ -> 22",         // 4: the source ports missing
                "allow a -> a : icmp -> 22",         // 5: ICMP has no ports
                "service s = udp/53 ->",             // 6
                "assert never a -> a : tcp/22 ->",   // 7
            };
            var text = string.Join("\n", lines) + "\n";
            await OpenAsync(client, ws.MainUri, text, version: 1);
            var published = await client.WaitForDiagnosticsAsync(ws.MainUri, p => (int?)p["version"] == 1);
            Assert.Equal(CoreCheck.Diagnostics(ws.MainPath, text), LspDiagnosticKey.FromPublish(published));
            var errorLines = published["diagnostics"]!.AsArray().Where(d => (int)d!["severity"]! == 1)
                .Select(d => (int)d!["range"]!["start"]!["line"]!).ToHashSet();
            foreach (var line in new[] { 3, 4, 5, 6, 7 })
                Assert.True(errorLines.Contains(line) || errorLines.Contains(line + 1), "no syntax error at or after line " + line + ": " + published.ToJsonString());

            // Every position of every broken line answers completion and hover without an error.
            for (int line = 3; line < lines.Length; line++)
            {
                for (int character = 0; character <= lines[line].Length; character++)
                {
                    var completion = await client.RequestAsync("textDocument/completion", PositionParams(ws.MainUri, line, character));
                    Assert.False(completion.ContainsKey("error"), line + ":" + character + " " + completion.ToJsonString());
                    var hover = await client.RequestAsync("textDocument/hover", PositionParams(ws.MainUri, line, character));
                    Assert.False(hover.ContainsKey("error"), line + ":" + character + " " + hover.ToJsonString());
                }
            }
            // After 'tcp/22 ->' at the end of a line: the destination's items, though the line does not parse yet.
            Assert.Equal(new[] { "any" }, Labels(await CompletionAsync(client, ws.MainUri, (3, lines[3].Length))));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        private static async Task<(LspClient Client, string[] Types, string[] Modifiers)> StartWithLegendAsync()
        {
            var client = LspClient.Start();
            var response = await client.RequestAsync("initialize", new JsonObject { ["processId"] = null, ["rootUri"] = null, ["capabilities"] = new JsonObject() });
            var legend = response["result"]!["capabilities"]!["semanticTokensProvider"]!["legend"]!;
            await client.NotifyAsync("initialized", new JsonObject());
            return (client, legend["tokenTypes"]!.AsArray().Select(t => (string)t!).ToArray(), legend["tokenModifiers"]!.AsArray().Select(t => (string)t!).ToArray());
        }

        /// <summary>LSP's relative encoding as "line:char text type[.modifier…]", as <see cref="SemanticTokensTests"/> reads it.</summary>
        private static List<string> Decode(JsonNode data, string[] types, string[] modifiers, string text)
        {
            var numbers = data.AsArray().Select(n => (int)n!).ToArray();
            var lines = text.Split('\n');
            var result = new List<string>();
            int line = 0, start = 0;
            for (int i = 0; i < numbers.Length; i += 5)
            {
                if (numbers[i] > 0) start = 0;
                line += numbers[i];
                start += numbers[i + 1];
                var mods = Enumerable.Range(0, modifiers.Length).Where(b => (numbers[i + 4] & (1 << b)) != 0).Select(b => "." + modifiers[b]);
                result.Add(line + ":" + start + " " + lines[line].Substring(start, numbers[i + 2]) + " " + types[numbers[i + 3]] + string.Concat(mods));
            }
            return result;
        }

        private static async Task<JsonArray> CompletionAsync(LspClient client, string uri, (int Line, int Character) at)
        {
            var response = await client.RequestAsync("textDocument/completion", PositionParams(uri, at.Line, at.Character));
            var result = response["result"] ?? throw new InvalidOperationException("no completion: " + response.ToJsonString());
            Assert.False((bool)result["isIncomplete"]!);
            return result["items"]!.AsArray();
        }

        private static string[] Labels(JsonArray items) => items.Select(i => (string)i!["label"]!).ToArray();

        private static async Task<JsonNode> HoverAsync(LspClient client, string uri, (int Line, int Character) at)
        {
            var response = await client.RequestAsync("textDocument/hover", PositionParams(uri, at.Line, at.Character));
            return response["result"] ?? throw new InvalidOperationException("no hover at " + at + ": " + response.ToJsonString());
        }
    }
}
