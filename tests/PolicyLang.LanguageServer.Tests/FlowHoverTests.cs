using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using static PolicyLang.LanguageServer.Tests.TempWorkspace;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>
    /// Hover on a flow's keyword (named or not: the flow), on an endpoint's <c>except</c> (what it leaves out, from which side)
    /// and on the policy's <c>expiry-warning</c> (the window and the flows and quarantines in it), through the real server
    /// with a fixed today.
    /// </summary>
    public sealed class FlowHoverTests
    {
        private const string Today = "2026-12-05";

        private static readonly string[] s_lines =
        {
            "policy p {",                                                                              // 0
            "  default deny",                                                                          // 1
            "  expiry-warning 14d",                                                                    // 2
            "}",                                                                                       // 3
            "prefixes lab-hosts = 10.0.1.0/28",                                                        // 4
            "zone a {",                                                                                // 5
            "  subnet 10.0.0.0/23",                                                                    // 6
            "}",                                                                                       // 7
            "zone b {",                                                                                // 8
            "  subnet 10.1.0.0/24",                                                                    // 9
            "}",                                                                                       // 10
            "allow a except lab-hosts, 10.0.0.128/25 -> b : tcp/22 name ops-ssh expires 2027-01-31",  // 11
            "allow a -> b : tcp/80 log expires 2026-12-10",                                            // 12
            "deny b -> a except 10.0.1.0/24 : udp/53 count expires 2026-12-01",                        // 13
            "quarantine 10.1.0.9 {",                                                                   // 14
            "  reason \"incident 7\"",                                                                 // 15
            "  expires 2026-12-12",                                                                    // 16
            "}",                                                                                       // 17
        };

        private static async Task<string> HoverTextAsync(LspClient client, string uri, int line, string word, int offset = 1)
        {
            int character = s_lines[line].IndexOf(word, StringComparison.Ordinal);
            Assert.True(character >= 0, word + " is not on line " + line);
            var result = (await client.RequestAsync("textDocument/hover", PositionParams(uri, line, character + offset)))["result"];
            Assert.True(result != null, "no hover on " + word + " at line " + line);
            // Read as the Markdown it is: without the escapes that keep policy text from being markup.
            return Regex.Replace((string?)result!["contents"]!["value"] ?? "", @"\\(.)", "$1");
        }

        private static Task<LspClient> StartAsync() => StartInitializedAsync(new Dictionary<string, string> { ["POLICYLANG_TODAY"] = Today });

        /// <summary>Opens the policy as flows.netpolicy of the workspace; its URI.</summary>
        private static async Task<string> OpenPolicyAsync(LspClient client, TempWorkspace ws)
        {
            var uri = new Uri(Path.Combine(ws.Root, "flows.netpolicy")).AbsoluteUri;
            await OpenAsync(client, uri, string.Join("\n", s_lines) + "\n");
            return uri;
        }

        [Fact]
        public async Task Hover_on_the_keyword_of_a_flow_with_or_without_a_name_describes_the_flow()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartAsync();
            var uri = await OpenPolicyAsync(client, ws);
            Assert.Equal(
                "```netpolicy\nallow a -> b : tcp/80\n```\n" +
                "- **flow**: #1 of the policy's flows (in file order, from 0)\n" +
                "- **from**: zone a\n" +
                "- **to**: zone b\n" +
                "- **services**: tcp to port 80\n" +
                "- **name**: none: generated rules call it f1\n" +
                "- **log**: no tag\n" +
                "- **expires**: 2026-12-10 (in 5 days): check warns (NP3011, within the 14-day window)",
                await HoverTextAsync(client, uri, 12, "allow"));
            Assert.Equal(
                "```netpolicy\nallow a except lab-hosts, 10.0.0.128/25 -> b : tcp/22 name ops-ssh\n```\n" +
                "- **flow**: #0 of the policy's flows (in file order, from 0)\n" +
                "- **from**: a except lab-hosts, 10.0.0.128/25, inside zone a\n" +
                "- **to**: zone b\n" +
                "- **services**: tcp to port 22\n" +
                "- **name**: ops-ssh: generated rules, terms, counters and log prefixes are named after it\n" +
                "- **expires**: 2027-01-31 (in 57 days): check warns from 2027-01-17 (14 days before)",
                await HoverTextAsync(client, uri, 11, "allow", offset: 0));
            // 'deny', at its last character.
            var deny = await HoverTextAsync(client, uri, 13, "deny", offset: 4);
            Assert.StartsWith("```netpolicy\ndeny b -> a except 10.0.1.0/24 : udp/53\n```\n- **flow**: #2 of the policy's flows", deny);
            Assert.Contains("- **expires**: 2026-12-01 (expired 4 days ago): check and build refuse the policy (NP3010)", deny);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Hover_on_except_says_what_it_removes_from_which_side_and_what_is_left()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartAsync();
            var uri = await OpenPolicyAsync(client, ws);
            var source =
                "```netpolicy\na except lab-hosts, 10.0.0.128/25\n```\n" +
                "- **side**: source of flow ops-ssh: a less the addresses removed\n" +
                "- **removes**: prefix list lab-hosts (10.0.1.0/28); 10.0.0.128/25\n" +
                "- **leaves**: 10.0.0.0/25, 10.0.1.16/28, 10.0.1.32/27, 10.0.1.64/26, 10.0.1.128/25 (5 prefixes)\n" +
                "- **carried by**: the targets of zone a, whose rules match the addresses left";
            Assert.Equal(source, await HoverTextAsync(client, uri, 11, "except"));
            // A prefix in the list says the same; a prefix list's name is the prefix list.
            Assert.Equal(source, await HoverTextAsync(client, uri, 11, "10.0.0.128/25", offset: 5));
            Assert.StartsWith("```netpolicy\nprefixes lab-hosts\n```", await HoverTextAsync(client, uri, 11, "lab-hosts"));
            Assert.Equal(
                "```netpolicy\na except 10.0.1.0/24\n```\n" +
                "- **side**: destination of flow #2 (deny b -> a except 10.0.1.0/24 : udp/53): a less the addresses removed\n" +
                "- **removes**: 10.0.1.0/24\n" +
                "- **leaves**: 10.0.0.0/24 (1 prefix)\n" +
                "- **carried by**: the targets of zone a, whose rules match the addresses left",
                await HoverTextAsync(client, uri, 13, "except"));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Hover_on_expiry_warning_gives_the_window_and_the_flows_and_quarantines_in_it()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartAsync();
            var uri = await OpenPolicyAsync(client, ws);
            var expected =
                "```netpolicy\nexpiry-warning 14d\n```\n" +
                "- **window**: 14 days: check warns (NP3011) about a flow or quarantine whose expires date is 2026-12-05 (today) to 2026-12-19\n" +
                "- **in the window**: flow #1 (allow a -> b : tcp/80): 2026-12-10 (in 5 days); quarantine 10.1.0.9: 2026-12-12 (in 7 days)\n" +
                "- **expired (NP3010)**: flow #2 (deny b -> a except 10.0.1.0/24 : udp/53): 2026-12-01 (expired 4 days ago)\n" +
                "- **later**: flow ops-ssh: 2027-01-31 (in 57 days)";
            Assert.Equal(expected, await HoverTextAsync(client, uri, 2, "expiry-warning"));
            Assert.Equal(expected, await HoverTextAsync(client, uri, 2, "14d", offset: 2));
            // The rest of the header is not the window.
            var result = (await client.RequestAsync("textDocument/hover", PositionParams(uri, 1, 4)))["result"];
            Assert.DoesNotContain("expiry-warning", result?["contents"]?["value"]?.ToString() ?? "");
            Assert.Equal(0, await ShutdownAsync(client));
        }
    }
}
