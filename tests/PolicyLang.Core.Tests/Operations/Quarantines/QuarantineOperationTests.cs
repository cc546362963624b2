using System;
using System.IO;
using System.Linq;
using PolicyLang.Formatting;
using PolicyLang.Operations;
using PolicyLang.Syntax;
using Xunit;

namespace PolicyLang.Tests.Operations.Quarantines
{
    /// <summary>
    /// <c>policyc quarantine</c>'s operation on a policy on the disk: what it writes and in which order, what stays byte for
    /// byte, and every request it refuses without touching a file.
    /// </summary>
    public sealed class QuarantineOperationTests
    {
        private const string Reason = "GPU node gpu-017 runs an unknown miner (INC-4711)";

        private const string FileHeader =
            "# Quarantined addresses. Each one below loses every flow, both ways, on every target that can\n"
            + "# enforce it. Written by 'policyc quarantine'. Release one with\n"
            + "# 'policyc quarantine PATHS --release ADDRESS', then check, build and roll out as usual;\n"
            + "# when the last one goes, this file and its import go too. Runbook: docs/quarantine.md.\n";

        private static QuarantineChange Add(QuarantineFixture lab, string address, string? reason = null, string? expires = null)
        {
            var change = QuarantineOperation.Add(lab.Paths, address, reason, expires);
            Assert.True(change.Succeeded, change.Problem + "\n" + string.Join("\n", change.NewErrors));
            change.Apply();
            return change;
        }

        private static QuarantineChange Release(QuarantineFixture lab, string address)
        {
            var change = QuarantineOperation.Release(lab.Paths, address);
            Assert.True(change.Succeeded, change.Problem + "\n" + string.Join("\n", change.NewErrors));
            change.Apply();
            return change;
        }

        private static void AssertCanonical(string text) =>
            Assert.Equal(text, PolicyFormatter.Format(PolicySyntaxTree.Parse(text)));

        [Fact]
        public void Adding_writes_the_overlay_and_imports_it_after_the_existing_imports()
        {
            using var lab = QuarantineFixture.Lab();
            var main = lab.Read("main.netpolicy");
            var change = Add(lab, "10.10.0.5", Reason, "2026-12-11");

            Assert.Equal(FileHeader + "\n# quarantined 2026-12-04 with policyc quarantine\nquarantine 10.10.0.5 {\n  reason \"" + Reason + "\"\n  expires 2026-12-11\n}\n",
                lab.Read(QuarantineOperation.OverlayFileName));
            Assert.Equal(QuarantineFixture.Header + QuarantineFixture.Imports + "import \"quarantine.netpolicy\"\n\n" + QuarantineFixture.Gateway + "\n" + QuarantineFixture.Leaves,
                lab.Read("main.netpolicy"));
            Assert.Equal(main, lab.Read("main.netpolicy").Replace("import \"quarantine.netpolicy\"\n", ""));
            AssertCanonical(lab.Read(QuarantineOperation.OverlayFileName));
            AssertCanonical(lab.Read("main.netpolicy"));

            // The overlay is written before the import: a crash in between never leaves an import of a missing file.
            Assert.Equal(new[] { lab.Overlay, lab.Main }, change.Writes.Select(w => Path.GetFullPath(w.Path)));
            Assert.Equal("gpu", change.Zone);
            Assert.Equal(new[] { "gateway", "leaves" }, change.Enforcement.Select(e => e.Target));
            Assert.All(change.Enforcement, e => Assert.True(e.HoldsZone));
            Assert.Contains(change.NewWarnings, d => d.Id == "NP3011");

            Assert.DoesNotContain(lab.Check(), d => d.IsError);
            var q = Assert.Single(lab.Compile().Model.Quarantines);
            Assert.Equal(Reason, q.Reason);
            Assert.Equal(new DateTime(2026, 12, 11), q.Expires!.Value.Value);
        }

        [Fact]
        public void A_second_quarantine_extends_the_overlay_and_leaves_everything_else_as_it_was()
        {
            using var lab = QuarantineFixture.Lab();
            Add(lab, "10.10.0.5", Reason);
            var overlay = lab.Read(QuarantineOperation.OverlayFileName);
            var main = lab.Read("main.netpolicy");
            var change = Add(lab, "10.20.0.7", "nfs server answers from a rogue process");

            Assert.Single(change.Writes);
            Assert.Equal(main, lab.Read("main.netpolicy"));
            Assert.Equal(overlay + "\n# quarantined 2026-12-04 with policyc quarantine\nquarantine 10.20.0.7 {\n  reason \"nfs server answers from a rogue process\"\n}\n",
                lab.Read(QuarantineOperation.OverlayFileName));
            AssertCanonical(lab.Read(QuarantineOperation.OverlayFileName));
            Assert.Equal(new[] { "10.10.0.5", "10.20.0.7" }, lab.Compile().Model.Quarantines.Select(q => q.Address));
            Assert.Equal("store", change.Zone);
        }

        [Theory]
        [InlineData("10.10.0.5")]
        [InlineData("10.10.0.6")]
        [InlineData("10.10.0.7")]
        public void Releasing_one_leaves_the_others_byte_identical(string released)
        {
            using var lab = QuarantineFixture.Lab();
            using var expected = QuarantineFixture.Lab();
            foreach (var a in new[] { "10.10.0.5", "10.10.0.6", "10.10.0.7" })
            {
                Add(lab, a, "reason of " + a, "2027-01-31");
                if (a != released) Add(expected, a, "reason of " + a, "2027-01-31");
            }
            var main = lab.Read("main.netpolicy");
            var change = Release(lab, released);

            Assert.Equal(expected.Read(QuarantineOperation.OverlayFileName), lab.Read(QuarantineOperation.OverlayFileName));
            Assert.Equal(main, lab.Read("main.netpolicy"));
            Assert.Single(change.Writes);
            Assert.Equal("reason of " + released, change.Reason);
            Assert.DoesNotContain(released, lab.Read(QuarantineOperation.OverlayFileName));
            Assert.DoesNotContain(lab.Check(), d => d.IsError);
        }

        [Fact]
        public void Releasing_the_last_one_deletes_the_overlay_and_the_import()
        {
            using var lab = QuarantineFixture.Lab();
            var before = lab.Snapshot();
            Add(lab, "10.10.0.5", Reason, "2026-12-11");
            Add(lab, "fd00:20::7");
            Release(lab, "10.10.0.5");
            var change = Release(lab, "fd00:20::7");

            Assert.Equal(before, lab.Snapshot());
            // The import goes first: a crash in between leaves an overlay nothing imports, never an import of a missing file.
            Assert.Equal(new[] { lab.Main, lab.Overlay }, change.Writes.Select(w => Path.GetFullPath(w.Path)));
            Assert.True(change.Writes[1].Deletes);
        }

        [Fact]
        public void A_policy_without_imports_gets_the_import_after_its_header_and_loses_it_again()
        {
            const string single = "policy solo {\n  default deny\n}\n\nzone gpu {\n  subnet 10.10.0.0/16\n}\n\nzone store {\n  subnet 10.20.0.0/16\n}\n\n"
                + "allow gpu -> store : tcp/2049\n\ntarget gateway nftables {\n  zones gpu, store\n  mode gateway\n}\n";
            using var lab = QuarantineFixture.Of(single, "", "");
            File.Delete(Path.Combine(lab.Folder, "zones.netpolicy"));
            File.Delete(Path.Combine(lab.Folder, "flows.netpolicy"));
            var before = lab.Snapshot();
            Add(lab, "10.10.0.5", Reason);
            Assert.StartsWith("policy solo {\n  default deny\n}\n\nimport \"quarantine.netpolicy\"\n\nzone gpu {", lab.Read("main.netpolicy"));
            AssertCanonical(lab.Read("main.netpolicy"));
            Release(lab, "10.10.0.5");
            Assert.Equal(before, lab.Snapshot());
        }

        [Fact]
        public void IPv6_addresses_and_prefixes_are_written_in_canonical_form_and_released_in_any_spelling()
        {
            using var lab = QuarantineFixture.Lab();
            var before = lab.Snapshot();
            var host = Add(lab, "FD00:0010:0:0::5", Reason);
            var prefix = Add(lab, "fd00:10:0:0:1:0:0:0/80");
            Assert.Equal("fd00:10::5", host.Address);
            Assert.Equal("fd00:10:0:0:1::/80", prefix.Address);
            var overlay = lab.Read(QuarantineOperation.OverlayFileName);
            Assert.Contains("\nquarantine fd00:10::5 {\n", overlay);
            Assert.Contains("\nquarantine fd00:10:0:0:1::/80\n", overlay);
            AssertCanonical(overlay);

            var build = PolicyLang.Emit.PolicyBuilder.Build(new[] { lab.Compile() }, new[] { "gateway" });
            Assert.True(build.Succeeded, string.Join("\n", build.Diagnostics));
            var ruleset = build.Artifacts.Single().Content;
            Assert.Contains("fd00:10::5", ruleset);
            Assert.Contains("fd00:10:0:0:1::/80", ruleset);
            Assert.Contains("ip6 saddr @", ruleset);

            Release(lab, "fd00:10:0:0:0:0:0:5/128");
            Release(lab, "FD00:10::1:0:0:0/80");
            Assert.Equal(before, lab.Snapshot());
        }

        [Fact]
        public void An_IPv4_mapped_IPv6_spelling_is_the_IPv4_address()
        {
            using var lab = QuarantineFixture.Lab();
            Assert.Equal("10.10.0.5", Add(lab, "::ffff:10.10.0.5").Address);
            Assert.Contains("\nquarantine 10.10.0.5\n", lab.Read(QuarantineOperation.OverlayFileName));
        }

        [Theory]
        [InlineData("10.10.0.5", "10.10.0.5 is already quarantined at quarantine.netpolicy(7,1) (\"" + Reason + "\")")]
        [InlineData("10.10.0.5/32", "10.10.0.5 is already quarantined at quarantine.netpolicy(7,1)")]
        [InlineData("10.10.8.1", "10.10.8.1 lies inside 10.10.8.0/24, already quarantined at quarantine.netpolicy(")]
        public void A_quarantined_address_is_refused_with_where(string address, string message)
        {
            using var lab = QuarantineFixture.Lab();
            Add(lab, "10.10.0.5", Reason);
            Add(lab, "10.10.8.0/24", "a rack");
            var before = lab.Snapshot();
            var change = QuarantineOperation.Add(lab.Paths, address, "again");
            Assert.Equal(QuarantineOutcome.Refused, change.Outcome);
            Assert.StartsWith(message, change.Problem);
            Assert.Empty(change.Writes);
            Assert.Equal(before, lab.Snapshot());
        }

        [Fact]
        public void A_quarantine_written_by_hand_counts_and_is_not_released_from_the_overlay()
        {
            using var lab = QuarantineFixture.Lab();
            lab.Write("flows.netpolicy", QuarantineFixture.Flows + "\nquarantine 10.20.0.9 {\n  reason \"by hand\"\n}\n");
            var before = lab.Snapshot();
            var add = QuarantineOperation.Add(lab.Paths, "10.20.0.9");
            Assert.Equal(QuarantineOutcome.Refused, add.Outcome);
            Assert.Equal("10.20.0.9 is already quarantined at flows.netpolicy(5,1) (\"by hand\")", add.Problem);
            var release = QuarantineOperation.Release(lab.Paths, "10.20.0.9");
            Assert.Equal(QuarantineOutcome.Refused, release.Outcome);
            Assert.Equal("10.20.0.9 is quarantined at flows.netpolicy(5,1), not in quarantine.netpolicy where policyc keeps its quarantines: remove that declaration by hand",
                release.Problem);
            Assert.Equal(before, lab.Snapshot());
        }

        [Fact]
        public void Releasing_an_address_that_is_not_quarantined_is_refused()
        {
            using var lab = QuarantineFixture.Lab();
            var none = QuarantineOperation.Release(lab.Paths, "10.10.0.5");
            Assert.Equal(QuarantineOutcome.Refused, none.Outcome);
            Assert.Equal("10.10.0.5 is not quarantined; the policy has no quarantines", none.Problem);

            Add(lab, "10.10.8.0/24", "a rack");
            var before = lab.Snapshot();
            var other = QuarantineOperation.Release(lab.Paths, "10.10.0.5");
            Assert.Equal("10.10.0.5 is not quarantined; the policy quarantines 10.10.8.0/24", other.Problem);
            var inside = QuarantineOperation.Release(lab.Paths, "10.10.8.7");
            Assert.Equal("10.10.8.7 is not quarantined on its own: it lies inside 10.10.8.0/24, quarantined at quarantine.netpolicy(7,1); release 10.10.8.0/24 to give it back",
                inside.Problem);
            Assert.Equal(before, lab.Snapshot());
        }

        [Theory]
        [InlineData("2026-12-03", "the expiry 2026-12-03 is in the past (today is 2026-12-04); give today or a later date")]
        [InlineData("2026-02-30", "the expiry \"2026-02-30\" is not a date written YYYY-MM-DD, such as 2026-12-11")]
        [InlineData("11.12.2026", "the expiry \"11.12.2026\" is not a date written YYYY-MM-DD, such as 2026-12-11")]
        [InlineData("tomorrow", "the expiry \"tomorrow\" is not a date written YYYY-MM-DD, such as 2026-12-11")]
        public void An_expiry_in_the_past_or_not_a_date_is_refused(string expires, string message)
        {
            using var lab = QuarantineFixture.Lab();
            var before = lab.Snapshot();
            var change = QuarantineOperation.Add(lab.Paths, "10.10.0.5", Reason, expires);
            Assert.Equal(QuarantineOutcome.Refused, change.Outcome);
            Assert.Equal(message, change.Problem);
            Assert.Equal(before, lab.Snapshot());
        }

        [Fact]
        public void Today_is_a_valid_last_day()
        {
            using var lab = QuarantineFixture.Lab();
            var change = Add(lab, "10.10.0.5", Reason, "2026-12-04");
            Assert.Contains(change.NewWarnings, d => d.Id == "NP3011" && d.Message.Contains("today is its last day", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("10.10.0", "'10.10.0' is not an IPv4 or IPv6 address or prefix (such as 10.10.1.5, 10.10.1.0/24 or fd00:10::5)")]
        [InlineData("010.10.0.5", "'010.10.0.5' is not an IPv4 or IPv6 address or prefix (such as 10.10.1.5, 10.10.1.0/24 or fd00:10::5)")]
        [InlineData("10.10.0.5/33", "'10.10.0.5/33' is not an IPv4 or IPv6 address or prefix (such as 10.10.1.5, 10.10.1.0/24 or fd00:10::5)")]
        [InlineData("gpu", "'gpu' is not an IPv4 or IPv6 address or prefix (such as 10.10.1.5, 10.10.1.0/24 or fd00:10::5)")]
        [InlineData("10.10.0.5\n}", "'10.10.0.5?}' is not an IPv4 or IPv6 address or prefix (such as 10.10.1.5, 10.10.1.0/24 or fd00:10::5)")]
        [InlineData("10.10.0.5/24", "'10.10.0.5/24' has host bits set: the prefix is 10.10.0.0/24; name that prefix, or the single address without a length")]
        [InlineData("fd00:10::5/64", "'fd00:10::5/64' has host bits set: the prefix is fd00:10::/64; name that prefix, or the single address without a length")]
        [InlineData("0.0.0.0/0", "'0.0.0.0/0' is every address of its family; a quarantine cuts off one host or one prefix")]
        [InlineData("", "no address given; name an IPv4 or IPv6 address or prefix, such as 10.10.1.5 or fd00:10::/64")]
        public void A_malformed_address_or_a_prefix_with_host_bits_is_refused(string address, string message)
        {
            using var lab = QuarantineFixture.Lab();
            var before = lab.Snapshot();
            var add = QuarantineOperation.Add(lab.Paths, address, Reason);
            Assert.Equal(QuarantineOutcome.Refused, add.Outcome);
            Assert.Equal(message, add.Problem);
            Assert.Equal(QuarantineOutcome.Refused, QuarantineOperation.Release(lab.Paths, address).Outcome);
            Assert.Equal(before, lab.Snapshot());
        }

        [Theory]
        [InlineData("")]
        [InlineData("   \t")]
        [InlineData("\n")]
        public void An_empty_reason_is_refused(string reason)
        {
            using var lab = QuarantineFixture.Lab();
            var change = QuarantineOperation.Add(lab.Paths, "10.10.0.5", reason);
            Assert.Equal(QuarantineOutcome.Refused, change.Outcome);
            Assert.StartsWith("the reason is empty", change.Problem);
            Assert.False(File.Exists(lab.Overlay));
        }

        [Fact]
        public void A_reason_longer_than_the_limit_or_not_text_is_refused_and_the_limit_itself_is_taken()
        {
            using var lab = QuarantineFixture.Lab();
            var tooLong = QuarantineOperation.Add(lab.Paths, "10.10.0.5", new string('x', QuarantineOperation.MaxReasonLength + 1));
            Assert.Equal(QuarantineOutcome.Refused, tooLong.Outcome);
            Assert.Equal("the reason is 501 characters long, more than 500; keep the details in the incident and its reference in the reason", tooLong.Problem);
            var surrogate = QuarantineOperation.Add(lab.Paths, "10.10.0.5", "bad \uD800 half");
            Assert.Equal(QuarantineOutcome.Refused, surrogate.Outcome);
            Assert.Equal("the reason holds an unpaired surrogate (U+D800 at character 5), which is not text", surrogate.Problem);
            Assert.False(File.Exists(lab.Overlay));

            Add(lab, "10.10.0.5", new string('x', QuarantineOperation.MaxReasonLength));
            Assert.Equal(new string('x', QuarantineOperation.MaxReasonLength), lab.Compile().Model.Quarantines.Single().Reason);
        }

        [Fact]
        public void An_address_outside_every_zone_fails_with_NP2028_and_writes_nothing()
        {
            using var lab = QuarantineFixture.Of(QuarantineFixture.Header + QuarantineFixture.Imports + "\ntarget gateway nftables {\n  zones gpu, store\n  mode gateway\n}\n",
                QuarantineFixture.Zones, "allow gpu -> store : tcp/2049\n");
            Assert.DoesNotContain(lab.Check(), d => d.IsError);
            var before = lab.Snapshot();
            var change = QuarantineOperation.Add(lab.Paths, "192.0.2.5", Reason);
            Assert.Equal(QuarantineOutcome.PolicyErrors, change.Outcome);
            var error = Assert.Single(change.NewErrors);
            Assert.Equal("NP2028", error.Id);
            Assert.Equal(lab.Overlay, Path.GetFullPath(error.Path));
            Assert.Equal("cannot quarantine 192.0.2.5: the address lies in no zone of the policy (NP2028): a quarantine cuts off an address the policy places in a zone; nothing written",
                change.Problem);
            Assert.Throws<InvalidOperationException>(() => change.Apply());
            Assert.Equal(before, lab.Snapshot());
        }

        [Fact]
        public void A_prefix_across_zones_fails_with_NP2029_and_writes_nothing()
        {
            using var lab = QuarantineFixture.Lab();
            var before = lab.Snapshot();
            var change = QuarantineOperation.Add(lab.Paths, "10.0.0.0/8", Reason);
            Assert.Equal(QuarantineOutcome.PolicyErrors, change.Outcome);
            Assert.Equal("NP2029", Assert.Single(change.NewErrors).Id);
            Assert.Contains("the prefix spans several zones (NP2029)", change.Problem);
            Assert.Equal(before, lab.Snapshot());
        }

        [Fact]
        public void Errors_the_policy_already_has_do_not_block_a_quarantine()
        {
            using var lab = QuarantineFixture.Lab();
            lab.Write("flows.netpolicy", QuarantineFixture.Flows.Replace("tcp/2049\n", "tcp/2049 expires 2026-11-30\n"));
            Assert.Contains(lab.Check(), d => d.Id == "NP3010");
            var change = Add(lab, "10.10.0.5", Reason);
            Assert.Equal(1, change.ExistingErrors);
            Assert.Empty(change.NewErrors);
        }

        [Fact]
        public void A_release_that_would_break_an_assertion_is_refused()
        {
            using var lab = QuarantineFixture.Lab();
            Add(lab, "10.10.0.5", Reason);
            // An assertion that holds only while the quarantine lasts: releasing it would fail the policy (NP3003).
            lab.Write("flows.netpolicy", QuarantineFixture.Flows + "\nassert never 10.10.0.5 -> store : tcp/2049\n");
            Assert.DoesNotContain(lab.Check(), d => d.IsError);
            var before = lab.Snapshot();
            var change = QuarantineOperation.Release(lab.Paths, "10.10.0.5");
            Assert.Equal(QuarantineOutcome.PolicyErrors, change.Outcome);
            Assert.Equal("NP3003", Assert.Single(change.NewErrors).Id);
            Assert.Equal("cannot release 10.10.0.5: without the quarantine the policy has errors it does not have now; nothing written", change.Problem);
            Assert.Equal(before, lab.Snapshot());
        }

        [Fact]
        public void A_file_changed_after_the_check_is_never_overwritten()
        {
            using var lab = QuarantineFixture.Lab();
            var change = QuarantineOperation.Add(lab.Paths, "10.10.0.5", Reason);
            Assert.True(change.Succeeded, change.Problem);
            lab.Write("main.netpolicy", lab.Read("main.netpolicy") + "# edited meanwhile\n");
            var before = lab.Snapshot();
            var e = Assert.Throws<IOException>(() => change.Apply());
            Assert.Contains("changed since policyc read it; nothing was written", e.Message);
            Assert.Equal(before, lab.Snapshot());
        }

        [Fact]
        public void Line_endings_and_a_byte_order_mark_of_the_entry_file_are_kept()
        {
            using var lab = QuarantineFixture.Lab();
            var crlf = lab.Read("main.netpolicy").Replace("\n", "\r\n");
            var bom = new byte[] { 0xEF, 0xBB, 0xBF };
            File.WriteAllBytes(lab.Main, bom.Concat(System.Text.Encoding.UTF8.GetBytes(crlf)).ToArray());
            var before = lab.Snapshot();
            Add(lab, "10.10.0.5", Reason);
            var bytes = File.ReadAllBytes(lab.Main);
            Assert.Equal(bom, bytes.Take(3));
            var text = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
            Assert.Equal(crlf.Replace("import \"flows.netpolicy\"\r\n", "import \"flows.netpolicy\"\r\nimport \"quarantine.netpolicy\"\r\n"), text);
            Assert.Contains("\r\nquarantine 10.10.0.5 {\r\n", lab.Read(QuarantineOperation.OverlayFileName));
            Release(lab, "10.10.0.5");
            Assert.Equal(before, lab.Snapshot());
        }

        [Fact]
        public void An_overlay_nothing_imports_is_listed_as_not_in_force_and_can_be_released()
        {
            using var lab = QuarantineFixture.Lab();
            var before = lab.Snapshot();
            Add(lab, "10.10.0.5", Reason);
            Add(lab, "10.10.0.6", Reason);
            // A run interrupted between its two writes: the import is gone, the overlay is still there.
            lab.Write("main.netpolicy", lab.Read("main.netpolicy").Replace("import \"quarantine.netpolicy\"\n", ""));

            var listing = QuarantineOperation.List(new[] { lab.Main });
            Assert.Empty(listing.Entries);
            Assert.Contains("quarantine.netpolicy holds 2 quarantines (10.10.0.5, 10.10.0.6) but no file of the policy imports it", Assert.Single(listing.Notes));
            var again = QuarantineOperation.Add(new[] { lab.Main }, "10.10.0.5", Reason);
            Assert.Equal(QuarantineOutcome.Refused, again.Outcome);
            Assert.Contains("though no file of the policy imports quarantine.netpolicy (an interrupted run?)", again.Problem);

            Release(lab, "10.10.0.6");
            Release(lab, "10.10.0.5");
            Assert.Equal(before, lab.Snapshot());
        }

        [Fact]
        public void An_overlay_with_other_declarations_or_syntax_errors_is_left_alone()
        {
            using var lab = QuarantineFixture.Lab();
            lab.Write(QuarantineOperation.OverlayFileName, "zone lab {\n  subnet 10.60.0.0/16\n}\n");
            var before = lab.Snapshot();
            var change = QuarantineOperation.Add(lab.Paths, "10.10.0.5", Reason);
            Assert.Equal(QuarantineOutcome.Refused, change.Outcome);
            Assert.Equal("quarantine.netpolicy holds more than quarantines (quarantine.netpolicy(1,1)), so it is not the overlay policyc quarantine writes; "
                + "rename that file or move its other declarations", change.Problem);
            lab.Write(QuarantineOperation.OverlayFileName, "quarantine 10.10.0.5 {\n  reason \"unterminated\n}\n");
            Assert.StartsWith("quarantine.netpolicy has syntax errors (quarantine.netpolicy(2,", QuarantineOperation.Add(lab.Paths, "10.10.0.6").Problem);
            Assert.Equal(QuarantineOutcome.Refused, QuarantineOperation.Release(lab.Paths, "10.10.0.5").Outcome);
            Assert.Equal(before.Count, lab.Snapshot().Count);
        }

        [Fact]
        public void Paths_with_no_policy_or_two_policies_are_input_errors()
        {
            using var lab = QuarantineFixture.Lab();
            var none = QuarantineOperation.Add(new[] { Path.Combine(lab.Folder, "zones.netpolicy") }, "10.10.0.5");
            Assert.Equal(QuarantineOutcome.InputError, none.Outcome);
            Assert.StartsWith("the paths hold no policy header", none.Problem);
            lab.Write("other/main.netpolicy", "policy other {\n  default deny\n}\n");
            var two = QuarantineOperation.Add(lab.Paths, "10.10.0.5");
            Assert.Equal(QuarantineOutcome.InputError, two.Outcome);
            Assert.Equal("the paths hold 2 policies (lab, other); quarantine in one at a time", two.Problem);
            Assert.Equal(QuarantineOutcome.InputError, QuarantineOperation.List(new[] { Path.Combine(lab.Folder, "missing") }).Outcome);
        }

        [Fact]
        public void The_listing_gives_reason_and_expiry_and_marks_the_expired()
        {
            using var lab = QuarantineFixture.Lab();
            Add(lab, "10.10.0.5", Reason, "2026-12-11");
            Add(lab, "fd00:20::7");
            // Written on an earlier day by hand: it has expired since.
            lab.Write(QuarantineOperation.OverlayFileName, lab.Read(QuarantineOperation.OverlayFileName)
                + "\n# quarantined 2026-11-01 with policyc quarantine\nquarantine 10.20.0.9 {\n  reason \"old\"\n  expires 2026-11-30\n}\n");

            var listing = QuarantineOperation.List(lab.Paths);
            Assert.Equal(QuarantineOutcome.Done, listing.Outcome);
            Assert.Equal("lab", listing.Policy);
            Assert.Equal(new[] { "10.10.0.5", "fd00:20::7", "10.20.0.9" }, listing.Entries.Select(e => e.Address));
            Assert.Equal(new int?[] { 7, null, -4 }, listing.Entries.Select(e => e.DaysLeft));
            Assert.Equal(new[] { false, false, true }, listing.Entries.Select(e => e.Expired));
            Assert.Equal(Reason, listing.Entries[0].Reason);
            Assert.Null(listing.Entries[1].Reason);
            Assert.All(listing.Entries, e => Assert.True(e.InOverlay));
            Assert.Equal("quarantine.netpolicy(7,1)", listing.Entries[0].Location);
            Assert.Empty(listing.Notes);
        }
    }
}
