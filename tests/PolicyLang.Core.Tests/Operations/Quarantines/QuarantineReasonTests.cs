using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using PolicyLang.Emit;
using PolicyLang.Formatting;
using PolicyLang.Operations;
using PolicyLang.Syntax;
using PolicyLang.Tests.Cli;
using Xunit;

namespace PolicyLang.Tests.Operations.Quarantines
{
    /// <summary>
    /// A quarantine's reason is typed under stress and may be pasted from anywhere: it goes into the overlay as one string
    /// token that reads back as the same text, and never adds a line, a rule or an invisible character to the overlay or
    /// to what the targets are built into.
    /// </summary>
    public sealed class QuarantineReasonTests
    {
        public static readonly string[] Hostile =
        {
            "miner \"pwned\" }\nquarantine 10.20.0.5\n# pwned",
            "back\\slash \\\" and \\n and \\u{41} literally pwned\\",
            "}\n}\nallow any -> any : any pwned",
            "# pwned",
            "bidi \u202Epwned\u202C \u2066pwned\u2069 \u200Fpwned \uFEFF",
            "controls \0 \u0007 \u001b[31mpwned\u001b[0m \u0085 \u2028pwned\u2029 \r\npwned\t",
            "*/ pwned /* {{ pwned }} {% pwned %} $(pwned) `pwned`; pwned",
            "non-ASCII: GPU-Knoten 🔥 wird überwacht, 不明な採掘 pwned",
        };

        public static IEnumerable<object[]> Cases() => Enumerable.Range(0, Hostile.Length).Select(i => new object[] { i });

        [Theory]
        [MemberData(nameof(Cases))]
        public void A_hostile_reason_round_trips_and_stays_one_string_token(int index)
        {
            var reason = Hostile[index];
            using var lab = QuarantineFixture.Lab();
            var change = QuarantineOperation.Add(lab.Paths, "10.10.0.5", reason, "2027-01-31");
            Assert.True(change.Succeeded, change.Problem + string.Join("\n", change.NewErrors));
            change.Apply();

            var overlay = lab.Read(QuarantineOperation.OverlayFileName);
            var tree = PolicySyntaxTree.Parse(overlay);
            Assert.False(tree.HasErrors, string.Join("\n", tree.Diagnostics));
            var declaration = Assert.IsType<QuarantineDeclarationSyntax>(Assert.Single(tree.Declarations));
            Assert.Equal(2, declaration.Body!.Items.Count());
            // Header (4 lines), a blank line, the comment, 'quarantine … {', reason, expires, '}'.
            Assert.Equal(10, overlay.Split('\n').Length - 1);
            Assert.Equal(overlay, PolicyFormatter.Format(tree));
            Assert.DoesNotContain(overlay, c => char.IsControl(c) && c != '\n' || IsBidiOrInvisible(c));
            Assert.All(overlay.Split('\n').Where(l => l.Contains("pwned", StringComparison.Ordinal)),
                l => Assert.StartsWith("  reason \"", l, StringComparison.Ordinal));

            var q = Assert.Single(lab.Compile().Model.Quarantines);
            Assert.Equal(reason, q.Reason);
            Assert.Equal("quarantine 10.10.0.5: " + reason, q.Outbound.Description);
            Assert.DoesNotContain(lab.Check(), d => d.IsError);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void A_hostile_reason_changes_no_rule_of_the_nftables_and_switch_outputs(int index)
        {
            using var plain = QuarantineFixture.Lab();
            using var hostile = QuarantineFixture.Lab();
            QuarantineOperation.Add(plain.Paths, "10.10.0.5", "plain", "2027-01-31").Apply();
            QuarantineOperation.Add(hostile.Paths, "10.10.0.5", Hostile[index], "2027-01-31").Apply();
            var expected = PolicyBuilder.Build(new[] { plain.Compile() });
            var built = PolicyBuilder.Build(new[] { hostile.Compile() });
            Assert.True(built.Succeeded, string.Join("\n", built.Diagnostics));
            Assert.Contains(built.Artifacts, a => a.Platform == "nftables");
            Assert.Contains(built.Artifacts, a => a.Platform == "arista-eos");
            Assert.Equal(expected.Artifacts.Select(a => a.RelativePath), built.Artifacts.Select(a => a.RelativePath));
            foreach (var (a, e) in built.Artifacts.Zip(expected.Artifacts))
            {
                Assert.DoesNotContain(a.Content, c => char.IsControl(c) && c != '\n' && c != '\t' || IsBidiOrInvisible(c));
                Assert.DoesNotContain("\r", a.Content);
                // The reason may reach a comment or a description; nothing else of the output may differ.
                foreach (var line in a.Content.Split('\n').Where(l => l.Contains("pwned", StringComparison.Ordinal)))
                {
                    var t = line.TrimStart();
                    Assert.True(t.StartsWith("#", StringComparison.Ordinal) || t.StartsWith("description ", StringComparison.Ordinal)
                        || t.StartsWith("remark ", StringComparison.Ordinal), a.RelativePath + ": the reason outside a comment: " + line);
                }
                Assert.Equal(Rules(e.Content), Rules(a.Content));
            }
        }

        [Fact]
        public void The_listing_and_the_report_show_a_hostile_reason_escaped()
        {
            using var lab = QuarantineFixture.Lab();
            var (exit, output, error) = CliRunner.Run("quarantine", lab.Folder, "--address", "10.10.0.5", "--reason", Hostile[4] + Hostile[5]);
            Assert.True(exit == 0, output + error);
            var listing = CliRunner.Run("quarantine", lab.Folder, "--list");
            foreach (var text in new[] { output, error, listing.Out, listing.Error })
                Assert.DoesNotContain(text, c => char.IsControl(c) && c != '\n' || IsBidiOrInvisible(c));
            Assert.Contains("  reason \"bidi \\u{202E}pwned", listing.Out);
        }

        [Fact]
        public void Any_reason_the_command_takes_reads_back_as_written()
        {
            Gen.String[Gen.Char, 1, 80].Where(s => QuarantineOperation.ReasonProblem(s) == null).Sample(reason =>
            {
                var address = QuarantineAddress.Parse("10.10.0.5", out _)!;
                var entry = QuarantineText.Entry(address, reason, null, QuarantineFixture.Today, "\n");
                var tree = PolicySyntaxTree.Parse(entry);
                Assert.False(tree.HasErrors, StringSyntax.Quote(reason));
                var setting = ((QuarantineDeclarationSyntax)tree.Declarations.Single()).Body!.Settings("reason").Single();
                Assert.Equal(reason, StringSyntax.Unquote(((SyntaxToken)setting.Argument(0)!).Text));
                Assert.Equal(5, entry.Split('\n').Length);
            }, iter: 2000);
        }

        /// <summary>The output without comment, remark and description lines: what the devices enforce.</summary>
        private static List<string> Rules(string content) =>
            content.Split('\n').Where(l =>
            {
                var t = l.TrimStart();
                return !t.StartsWith("#", StringComparison.Ordinal) && !t.StartsWith("remark ", StringComparison.Ordinal) && !t.StartsWith("description ", StringComparison.Ordinal);
            }).ToList();

        private static bool IsBidiOrInvisible(char c) =>
            (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F' || c == '\u2028' || c == '\u2029' || c == '\uFEFF';
    }
}
