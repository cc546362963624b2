using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static PolicyLang.LanguageServer.Tests.TempWorkspace;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>
    /// Hover on a flow's options (name, count, log with its tag and level, expires with its date), through the real server
    /// with a fixed today: what the binder read, the days left and when check starts to warn; a class's name in the same
    /// options still hovers as the class.
    /// </summary>
    public sealed class FlowOptionHoverTests
    {
        private const string Today = "2026-12-05";

        // The flows are lines 14 and 15 (from 0).
        private const string Policy =
            "policy p {\n" +
            "  default deny\n" +
            "  expiry-warning 14d\n" +
            "}\n" +
            "class gold {\n" +
            "  dscp af41\n" +
            "  queue 4\n" +
            "}\n" +
            "zone a {\n  subnet 10.0.0.0/24\n}\n" +
            "zone b {\n  subnet 10.0.1.0/24\n}\n" +
            "allow a -> b : tcp/22 name ops-ssh class gold count log prefix \"OPS\" level notice expires 2027-01-31\n" +
            "allow a -> b : tcp/80 log expires 2026-12-10\n";

        private static async Task<JsonNode?> HoverAsync(LspClient client, string uri, int line, int character) =>
            (await client.RequestAsync("textDocument/hover", PositionParams(uri, line, character)))["result"];

        private static int Column(string line, string word) => line.IndexOf(word, StringComparison.Ordinal) + 1;

        [Fact]
        public async Task Hover_on_a_flows_options_says_what_they_do_and_when_the_flow_expires()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync(new Dictionary<string, string> { ["POLICYLANG_TODAY"] = Today });
            var uri = new Uri(Path.Combine(ws.Root, "flows.netpolicy")).AbsoluteUri;
            await OpenAsync(client, uri, Policy);
            var lines = Policy.Split('\n');
            var first = lines[14];
            var expected =
                "```netpolicy\nallow a -> b : tcp/22 name ops-ssh\n```\n" +
                "- **name**: ops-ssh: generated rules, terms, counters and log prefixes are named after it\n" +
                "- **count**: a counter of its matches on every target that carries it (security groups, NSGs, GCP firewall rules and Kubernetes policies keep none)\n" +
                "- **log**: prefix \"OPS\", level notice; nftables carries them, other targets log in their own format (NP4006)\n" +
                "- **expires**: 2027-01-31 (in 57 days): check warns from 2027-01-17 (14 days before)";
            foreach (var word in new[] { "name", "ops-ssh", "count", "log", "\"OPS\"", "notice", "expires", "2027-01-31", "01-31", "ssh class" })
            {
                var hover = await HoverAsync(client, uri, 14, Column(first, word));
                Assert.True(hover != null, "no hover on " + word);
                Assert.Equal(expected, ((string?)hover!["contents"]!["value"])!.Replace("\\-", "-").Replace("\\_", "_"));
            }
            // The range is the word under the cursor.
            var date = await HoverAsync(client, uri, 14, Column(first, "2027-01-31"));
            EditorSessionTests.AssertRange(date!["range"]!, 14, first.IndexOf("2027", StringComparison.Ordinal), 14, first.IndexOf("2027", StringComparison.Ordinal) + 10);

            // The class's name in the options is the class.
            var gold = (string?)(await HoverAsync(client, uri, 14, Column(first, "gold")))!["contents"]!["value"];
            Assert.DoesNotContain("**expires**", gold);
            Assert.Contains("class gold", gold);

            // A flow without a name, inside the warning window.
            var second = lines[15];
            var soon = (string?)(await HoverAsync(client, uri, 15, Column(second, "2026-12-10")))!["contents"]!["value"];
            Assert.Contains("none: generated rules call it f1", soon);
            Assert.Contains("2026-12-10 (in 5 days): check warns (NP3011, within the 14-day window)", soon!.Replace("\\-", "-"));
            Assert.DoesNotContain("**count**", soon);
            // The service is not an option: it hovers as a match, not as the flow.
            var service = (string?)(await HoverAsync(client, uri, 15, Column(second, "tcp/80")))?["contents"]?["value"];
            Assert.DoesNotContain("**expires**", service ?? "");
        }
    }
}
