using System.IO;
using System.Linq;
using PolicyLang.Operations;
using PolicyLang.Tests.Cli;
using Xunit;

namespace PolicyLang.Tests.Operations.Quarantines
{
    /// <summary>
    /// Which targets enforce a quarantine, and the targets that cannot: security groups, NetworkPolicy and AdminNetworkPolicy
    /// cannot deny one address, so a quarantine that takes away traffic they admit fails with their NP4001 and nothing is
    /// written; where they admit none of the address's traffic, their default deny enforces it.
    /// </summary>
    public sealed class QuarantineTargetTests
    {
        private const string Zones =
            "zone gpu {\n  segment nodes {\n    subnet 10.10.0.0/16, fd00:10::/64\n  }\n}\n\n"
            + "zone store {\n  segment nas {\n    subnet 10.20.0.0/16, fd00:20::/64\n  }\n  segment pods {\n"
            + "    kubernetes namespace \"storage\" selector \"app=nas\"\n    subnet 10.21.0.0/16, fd00:21::/64\n  }\n}\n\n"
            + "zone ops {\n  subnet 10.90.0.0/16, fd00:90::/64\n}\n";

        private const string Flows = "allow gpu -> store : tcp/2049\n";

        private const string Gateway = "target gateway nftables {\n  zones gpu, store\n  mode gateway\n}\n";

        private const string Cloud =
            "target cloud aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones gpu\n  option network-acls on\n  option flow-logs \"arn:aws:s3:::lab-flow-logs\"\n}\n";

        private const string Kubernetes = "target k8s kubernetes {\n  devices \"cluster-1\"\n  zones store\n}\n";

        private const string Sonic =
            "target pod sonic {\n  zones gpu, store\n  device \"leaf3.lab.example.net\" {\n    interface \"Ethernet0\" carries gpu.nodes\n"
            + "    interface \"Ethernet4\" carries store.nas\n    interface \"Ethernet120\" uplink\n  }\n}\n";

        private static QuarantineFixture Policy(params string[] targets) =>
            QuarantineFixture.Of(QuarantineFixture.Header + QuarantineFixture.Imports + "\n" + string.Join("\n", targets), Zones, Flows);

        private static QuarantineChange Refused(QuarantineFixture lab, string address, params string[] targets)
        {
            Assert.DoesNotContain(lab.Check(), d => d.IsError);
            var before = lab.Snapshot();
            var change = QuarantineOperation.Add(lab.Paths, address, "INC-4711");
            Assert.Equal(QuarantineOutcome.PolicyErrors, change.Outcome);
            Assert.NotEmpty(change.NewErrors);
            Assert.All(change.NewErrors, d => Assert.Equal("NP4001", d.Id));
            Assert.All(change.NewErrors, d => Assert.Equal(lab.Overlay, Path.GetFullPath(d.Path)));
            foreach (var target in targets) Assert.Contains(change.NewErrors, d => d.Message.StartsWith("target '" + target + "'", System.StringComparison.Ordinal));
            Assert.Contains("(NP4001; see docs/quarantine.md)", change.Problem);
            Assert.EndsWith("; nothing written", change.Problem);
            Assert.Throws<System.InvalidOperationException>(() => change.Apply());
            Assert.Equal(before, lab.Snapshot());
            return change;
        }

        [Fact]
        public void A_cloud_target_that_holds_the_address_fails_the_quarantine_with_NP4001()
        {
            using var lab = Policy(Gateway, Cloud);
            var change = Refused(lab, "10.10.0.5", "cloud");
            Assert.Equal("cannot quarantine 10.10.0.5: target 'cloud' (aws) cannot deny one address (NP4001; see docs/quarantine.md); nothing written", change.Problem);
            Assert.DoesNotContain("'gateway'", change.Problem);
        }

        [Fact]
        public void A_kubernetes_target_that_holds_the_address_fails_the_quarantine_with_NP4001()
        {
            using var lab = Policy(Gateway, Kubernetes);
            var change = Refused(lab, "10.21.0.5", "k8s");
            Assert.Equal("cannot quarantine 10.21.0.5: target 'k8s' (kubernetes) cannot deny one address (NP4001; see docs/quarantine.md); nothing written", change.Problem);
            // NetworkPolicy cannot deny at all, and selects pods where the quarantine names an address.
            Assert.Contains(change.NewErrors, d => d.Message.Contains("NetworkPolicies only allow", System.StringComparison.Ordinal));
            Assert.Contains(change.NewErrors, d => d.Message.Contains("cannot express the endpoint '10.21.0.5'", System.StringComparison.Ordinal));
        }

        [Fact]
        public void A_cloud_target_that_admits_traffic_to_the_address_fails_it_though_it_does_not_hold_its_zone()
        {
            // The cloud's zone gpu sends tcp/2049 to the storage host: its security group admits what the quarantine takes away.
            using var lab = Policy(Gateway, Cloud);
            var change = Refused(lab, "10.20.0.5", "cloud");
            Assert.Equal("cannot quarantine 10.20.0.5: target 'cloud' (aws) cannot deny one address (it does not hold zone store, but admits traffic to or from "
                + "the address) (NP4001; see docs/quarantine.md); nothing written", change.Problem);
        }

        [Fact]
        public void Cloud_and_kubernetes_targets_that_admit_none_of_the_address_traffic_enforce_it_by_their_default_deny()
        {
            using var lab = Policy(Gateway, Cloud, Kubernetes);
            var change = QuarantineOperation.Add(lab.Paths, "10.90.0.5", "INC-4711");
            Assert.True(change.Succeeded, change.Problem + string.Join("\n", change.NewErrors));
            Assert.Equal(new[] { ("gateway", false, false), ("cloud", false, true), ("k8s", false, true) },
                change.Enforcement.Select(e => (e.Target, e.HoldsZone, e.ByDefaultDeny)));

            var (exit, output, error) = CliRunner.Run("quarantine", lab.Folder, "--address", "10.90.0.6");
            Assert.True(exit == 0, output + error);
            Assert.Contains("enforced by 3 targets:\n"
                + "  target gateway (nftables): zones gpu, store, the address's traffic to and from them\n"
                + "  target cloud (aws): admits none of the address's traffic (its default deny; it cannot deny one address)\n"
                + "  target k8s (kubernetes): admits none of the address's traffic (its default deny; it cannot deny one address)\n"
                + "  no target holds zone ops: the address is cut off only where its traffic crosses the targets above\n", output);
        }

        [Fact]
        public void A_switch_that_cannot_log_enforces_the_quarantine_without_logging()
        {
            using var lab = Policy(Sonic);
            var change = QuarantineOperation.Add(lab.Paths, "10.10.0.5", "INC-4711");
            Assert.True(change.Succeeded, change.Problem + string.Join("\n", change.NewErrors));
            Assert.Equal(new[] { ("pod", true, false) }, change.Enforcement.Select(e => (e.Target, e.HoldsZone, e.ByDefaultDeny)));
            Assert.Empty(change.NewWarnings);
        }

        [Fact]
        public void Targets_that_hold_the_zone_and_targets_that_only_meet_its_traffic_are_told_apart()
        {
            using var lab = Policy("target gpu-gw nftables {\n  zones gpu\n  mode gateway\n}\n",
                "target store-hosts nftables {\n  zones store\n  mode host\n}\n");
            var change = QuarantineOperation.Add(lab.Paths, "10.10.0.5", "INC-4711");
            Assert.True(change.Succeeded, change.Problem + string.Join("\n", change.NewErrors));
            Assert.Equal(new[] { ("gpu-gw", "nftables", true), ("store-hosts", "nftables", false) },
                change.Enforcement.Select(e => (e.Target, e.Platform, e.HoldsZone)));
            Assert.Equal(new[] { "store" }, change.Enforcement[1].Zones);
        }

        [Fact]
        public void A_policy_without_targets_takes_the_quarantine_and_says_no_target_enforces_it()
        {
            using var lab = Policy();
            var change = QuarantineOperation.Add(lab.Paths, "10.10.0.5", "INC-4711");
            Assert.True(change.Succeeded, change.Problem);
            Assert.Empty(change.Enforcement);
        }
    }
}
