using System;
using System.IO;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Import.Capirca;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Import
{
    /// <summary>
    /// The recipe of docs/import.md, "Carving zones out of an import", step by step on Capirca's sample_multitarget.pol
    /// (filter edge-inbound): internal zones declared in the imported file, the prefix list that spans two of them refused
    /// (NP2029) and split, the <c>ipv4</c> endpoints that stood for every address written <c>any</c>; the result checks
    /// without an error and allows exactly the packets the import allows.
    /// </summary>
    public sealed class CarvedZonesTests
    {
        private static string Data => Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Import", "capirca");

        private const string Zones = "\nzone dmz {\n  segment mail {\n    subnet MAIL_SERVERS\n  }\n  segment web {\n    subnet WEB_SERVERS\n  }\n"
            + "  segment nat {\n    subnet PUBLIC_NAT\n  }\n}\n\nzone corp {\n  subnet RFC1918\n}\n";

        private static PolicyCompilation Compile(string text) => PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, "edge-inbound.netpolicy") });

        private static PacketSet Allowed(PolicyCompilation c) =>
            c.Flows.AllowedBetween(new Endpoint(null, null, default), new Endpoint(null, null, default), null, PacketSet.All);

        private static string Replace(string text, string from, string to)
        {
            Assert.Contains(from, text);
            return text.Replace(from, to, StringComparison.Ordinal);
        }

        [Fact]
        public void The_documented_recipe_checks_without_errors_and_keeps_every_packet_of_the_import()
        {
            using var day = PolicyClock.Use(new DateTime(2026, 12, 4));
            var result = CapircaImporter.Import(Path.Combine(Data, "policies", "pol", "sample_multitarget.pol"), Path.Combine(Data, "def"), Path.Combine(Data, "policies"));
            var imported = result.Files["edge-inbound.netpolicy"];
            var before = Allowed(Compile(imported));

            // 1. Zones for your own addresses: an internal zone takes its addresses out of the catch-all ipv4 zone.
            var zoned = Replace(imported, "external ipv6 {\n  subnet ::/0\n}\n", "external ipv6 {\n  subnet ::/0\n}\n" + Zones);
            var spans = Assert.Single(Compile(zoned).Diagnostics, d => d.IsError);
            Assert.Equal("NP2029", spans.Id);
            Assert.StartsWith("'RESERVED except ipv6' spans zone 'corp'", spans.Message, StringComparison.Ordinal);

            // 2. One flow per zone for the list that spans two.
            var split = Replace(zoned, "deny RESERVED except ipv6 -> ipv4 : any name deny-from-reserved\n",
                "deny RESERVED except ipv6, RFC1918 -> any : any name deny-from-reserved\ndeny RFC1918 -> any : any name deny-from-rfc1918\n");
            var checkedSplit = Compile(split);
            Assert.DoesNotContain(checkedSplit.Diagnostics, d => d.IsError);
            // Still 'ipv4' elsewhere: it no longer holds the dmz, so the bogon deny no longer covers the servers.
            Assert.False(Allowed(checkedSplit).Equals(before));

            // 3. 'any' where ipv4 stood for every address (the other endpoint keeps the flow to IPv4).
            var carved = Replace(split, "deny BOGON except ipv6 -> ipv4 : any", "deny BOGON except ipv6 -> any : any");
            carved = Replace(carved, "\nallow ipv4 -> ", "\nallow any -> ");
            var compilation = Compile(carved);
            Assert.True(!compilation.Diagnostics.Any(d => d.IsError), string.Join("\n", compilation.Diagnostics));
            var after = Allowed(compilation);
            Assert.True(after.Equals(before), "the carved policy differs at " + (after.Except(before).TryGetWitness(out var p) ? p + " (now allowed)" : before.Except(after).TryGetWitness(out var q) ? q + " (now denied)" : "?"));
            Assert.Contains(compilation.Model.Zones, z => z.Name == "dmz");
        }
    }
}
