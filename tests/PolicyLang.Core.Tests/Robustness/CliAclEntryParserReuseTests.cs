using System;
using System.Linq;
using CsCheck;
using PolicyLang.Emit.Fabric;
using Xunit;

namespace PolicyLang.Tests.Robustness
{
    /// <summary>
    /// <see cref="CliAclEntryParser"/> splits a line into words with one list and one table of known words per parser (a
    /// session reads tens of thousands of entries): reading line after line with one parser must give what a fresh parser
    /// gives each line, and runs of spaces, leading and trailing ones included, must not matter (as with splitting on spaces).
    /// </summary>
    public sealed class CliAclEntryParserReuseTests
    {
        private static readonly string[] Words =
        {
            "permit", "deny", "tcp", "udp", "icmp", "ip", "ipv6", "any", "host", "10.0.0.1", "10.1.0.0/16", "10.2.3.0/24",
            "2001:db8::/32", "eq", "range", "gt", "lt", "neq", "22", "443", "8000", "8010", "65535", "0", "established", "log",
            "remark", "statistics", "10", "20", "x", "sequence", "0.0.255.255", "\t", "permit\t", "", "65536",
        };

        private static string Outcome(CliAclEntryParser parser, string line, AclFamily family)
        {
            try
            {
                return parser.Parse(line, 7, family)?.ToString() ?? "(none)";
            }
            catch (AclReadException e)
            {
                return "error: " + e.Message;
            }
        }

        [Fact]
        public void One_parser_for_many_lines_reads_each_as_a_fresh_parser_does()
        {
            var lines = Gen.Select(Gen.Int[0, Words.Length - 1].Array[0, 12], Gen.Int[1, 3].Array[13], Gen.Bool, Gen.Bool)
                .Select((words, gaps, lead, trail) =>
                    (lead ? "  " : "") + string.Concat(words.Select((w, k) => (k > 0 ? new string(' ', gaps[k]) : "") + Words[w])) + (trail ? " " : ""));
            Gen.Select(lines.Array[1, 30], Gen.Bool, Gen.Bool).Sample((batch, v6, nxos) =>
            {
                var family = v6 ? AclFamily.IPv6 : AclFamily.IPv4;
                var reused = new CliAclEntryParser(wildcards: nxos);
                foreach (var line in batch)
                {
                    var normalized = string.Join(" ", line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
                    Assert.Equal(Outcome(new CliAclEntryParser(wildcards: nxos), normalized, family), Outcome(reused, line, family));
                }
            }, iter: 3000);
        }

        [Fact]
        public void A_word_that_shares_a_slot_with_another_is_read_as_itself()
        {
            // Thousands of distinct addresses pass through the table of known words (2,048 slots): each must come back as itself.
            var parser = new CliAclEntryParser();
            for (int k = 0; k < 5000; k++)
            {
                var source = "10." + (k / 256) + "." + (k % 256) + ".0/24";
                var entry = parser.Parse("permit tcp " + source + " host 10.255.0.1 eq " + (k % 60000 + 1), k + 1, AclFamily.IPv4)!;
                Assert.Equal("permit 6 " + source + " 10.255.0.1/32 dport " + (k % 60000 + 1), entry.ToString());
            }
        }
    }
}
