using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using static PolicyLang.LanguageServer.Tests.TempWorkspace;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>
    /// POLICYLANG_TODAY that is not a day stops policyc (NP9003); the editor's server keeps serving and says so with an error
    /// message, checking expiry dates against the real day.
    /// </summary>
    public sealed class PolicyTodayTests
    {
        private const string Policy = "zone a {\n  subnet 10.0.0.0/24\n}\nzone b {\n  subnet 10.0.1.0/24\n}\nallow a -> b : tcp/22 expires 2020-01-01\n";

        [Fact]
        public async Task A_day_that_is_not_a_date_is_shown_as_an_error_and_the_server_goes_on_with_the_real_day()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync(new Dictionary<string, string> { ["POLICYLANG_TODAY"] = "bogus" });
            var uri = new Uri(Path.Combine(ws.Root, "p.netpolicy")).AbsoluteUri;
            await OpenAsync(client, uri, Policy);
            // The flow expired in 2020: against the real day it is NP3010.
            await client.WaitForDiagnosticsAsync(uri, p => p["diagnostics"]!.AsArray().Any(d => (string?)d!["code"] == "NP3010"));
            var shown = client.Notifications.Where(n => (string?)n["method"] == "window/showMessage").ToList();
            var message = Assert.Single(shown);
            Assert.Equal(1, (int?)message["params"]!["type"]);
            Assert.StartsWith("policyls: error NP9003: POLICYLANG_TODAY is 'bogus', not a day written YYYY-MM-DD", (string?)message["params"]!["message"]);
        }

        [Fact]
        public async Task A_valid_day_shows_nothing()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync(new Dictionary<string, string> { ["POLICYLANG_TODAY"] = "2019-12-15" });
            var uri = new Uri(Path.Combine(ws.Root, "p.netpolicy")).AbsoluteUri;
            await OpenAsync(client, uri, Policy);
            // As of 2019-12-15 the flow has 17 days left: NP3011 (30-day window), not NP3010.
            await client.WaitForDiagnosticsAsync(uri, p => p["diagnostics"]!.AsArray().Any(d => (string?)d!["code"] == "NP3011"));
            Assert.DoesNotContain(client.Notifications, n => (string?)n["method"] == "window/showMessage");
        }
    }
}
