using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using static PolicyLang.LanguageServer.Tests.TempWorkspace;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>
    /// Completion inside a flow's <c>log</c> with <c>prefix "TAG"</c> and <c>level L</c> in either order, through the real
    /// server: its words after 'log', nothing after 'prefix' (a string is typed), the word not written yet after a complete
    /// option, and the severities the binder accepts after 'level'.
    /// </summary>
    public sealed class LogOptionCompletionTests
    {
        private static readonly string[] s_levels = { "emergency", "alert", "critical", "error", "warning", "notice", "info", "debug" };

        [Fact]
        public async Task Completion_inside_log_offers_its_words_then_the_levels_and_nothing_where_a_string_is_typed()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            var lines = new[]
            {
                "zone a {",                                              // 0
                "  subnet 10.0.0.0/24",                                  // 1
                "}",                                                     // 2
                "allow a -> a : tcp/22 log ",                            // 3
                "allow a -> a : tcp/22 count log prefix ",               // 4
                "allow a -> a : tcp/22 log prefix \"OPS\" ",             // 5
                "allow a -> a : tcp/22 log level ",                      // 6
                "allow a -> a : tcp/22 log prefix \"OPS\" level no",     // 7: a level half typed
                "allow a -> a : tcp/22 log level warning ",              // 8
                "allow a -> a : tcp/22 log level warning prefix \"X\" ", // 9
                "allow a -> a : tcp/22 log level warning prefix ",       // 10
            };
            await OpenAsync(client, ws.MainUri, string.Join("\n", lines) + "\n");
            async Task<string[]> LabelsAtEndAsync(int line)
            {
                var response = await client.RequestAsync("textDocument/completion", PositionParams(ws.MainUri, line, lines[line].Length));
                var result = response["result"] ?? throw new InvalidOperationException("no completion: " + response.ToJsonString());
                return result["items"]!.AsArray().Select(i => (string)i!["label"]!).ToArray();
            }

            Assert.Equal(new[] { "prefix", "level", "name", "class", "rate", "count", "expires", "description" }, await LabelsAtEndAsync(3));
            Assert.Empty(await LabelsAtEndAsync(4));
            Assert.Equal(new[] { "level", "name", "class", "rate", "count", "expires", "description" }, await LabelsAtEndAsync(5));
            Assert.Equal(s_levels, await LabelsAtEndAsync(6));
            Assert.Equal(s_levels, await LabelsAtEndAsync(7));
            // After the level, the tag (the options go in either order) and the flow's other options.
            Assert.Equal(new[] { "prefix", "name", "class", "rate", "count", "expires", "description" }, await LabelsAtEndAsync(8));
            // Both written: only the flow's other options.
            Assert.Equal(new[] { "name", "class", "rate", "count", "expires", "description" }, await LabelsAtEndAsync(9));
            Assert.Empty(await LabelsAtEndAsync(10));

            // The levels' details give the syslog severity.
            var levels = (await client.RequestAsync("textDocument/completion", PositionParams(ws.MainUri, 6, lines[6].Length)))["result"]!["items"]!.AsArray();
            Assert.Equal("syslog severity 0 (the most severe)", (string?)levels[0]!["detail"]);
            Assert.Equal("syslog severity 4", (string?)levels[4]!["detail"]);
            Assert.Equal(0, await ShutdownAsync(client));
        }
    }
}
