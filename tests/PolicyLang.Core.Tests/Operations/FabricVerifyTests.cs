using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Emit.State;
using PolicyLang.Operations;
using PolicyLang.Semantics;
using PolicyLang.Tests.Emit;
using Xunit;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// <c>verify</c> of the switch platforms on the samples: each device's built configuration, read back as running state,
    /// matches the policy; realistic hand edits (an extra permit, a removed entry, a foreign ACL, a lost binding) are found,
    /// each at the line or rule responsible; the other export formats (Junos display set, NVUE JSON, a full SONiC
    /// config_db.json) read the same.
    /// </summary>
    public sealed class FabricVerifyTests
    {
        private static readonly Lazy<(PolicyCompilation Compilation, BuildResult Build)> s_ai = new Lazy<(PolicyCompilation, BuildResult)>(() =>
        {
            var c = EmitTestHelper.Sample("ai-platform").Single();
            return (c, PolicyBuilder.Build(new[] { c }));
        });

        private static PolicyCompilation Ai => s_ai.Value.Compilation;

        private static string Built(string path) => s_ai.Value.Build.Artifacts.Single(a => a.RelativePath == path).Content;

        /// <summary>Verifies the target with <paramref name="text"/> as the device's state and the other devices running their build.</summary>
        private static VerificationResult Verify(string target, string device, string text, PolicyCompilation? compilation = null, BuildResult? build = null)
        {
            var files = new List<StateFile> { new StateFile("state/" + target + "/" + device + ".cfg", device, text) };
            foreach (var a in (build ?? s_ai.Value.Build).Artifacts.Where(a => a.Target == target && !a.RelativePath.Contains("/ansible/")))
            {
                var name = a.RelativePath.Substring(a.RelativePath.IndexOf('/') + 1);
                name = name.Substring(0, name.LastIndexOf('.'));
                if (name != device) files.Add(new StateFile("state/" + a.RelativePath, name, a.Content));
            }
            return StateFiles.Verify(compilation ?? Ai, target, files.ToArray());
        }

        private static List<DriftFinding> Findings(string target, string device, string text) =>
            Verify(target, device, text).Devices.Single(d => d.Device == device).Findings.ToList();

        [Theory]
        [InlineData("pod1", "leaf1.dc1.example.net", "pod1/leaf1.dc1.example.net.cfg")]
        [InlineData("pod1", "leaf2.dc1.example.net", "pod1/leaf2.dc1.example.net.cfg")]
        [InlineData("pod2", "leaf3.dc1.example.net", "pod2/leaf3.dc1.example.net.json")]
        [InlineData("storage-pod", "stor-leaf1.dc1.example.net", "storage-pod/stor-leaf1.dc1.example.net.cfg")]
        [InlineData("data-pod", "data-leaf1.dc1.example.net", "data-pod/data-leaf1.dc1.example.net.conf")]
        [InlineData("dev-pod", "dev-leaf1.dc1.example.net", "dev-pod/dev-leaf1.dc1.example.net.nvue")]
        public void A_device_running_its_build_matches_the_policy(string target, string device, string artifact)
        {
            var result = Verify(target, device, Built(artifact));
            Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
            Assert.True(result.Devices.All(d => d.IsClean));
        }

        [Fact]
        public void Campus_ios_xe_switches_running_their_build_match()
        {
            var campus = EmitTestHelper.Sample("campus-lab").Single();
            var build = PolicyBuilder.Build(new[] { campus });
            foreach (var a in build.Artifacts.Where(a => a.Platform == "cisco-iosxe" && a.RelativePath.EndsWith(".cfg", StringComparison.Ordinal)))
            {
                var device = a.RelativePath.Split('/')[1];
                device = device.Substring(0, device.Length - 4);
                var result = Verify(a.Target, device, a.Content, campus, build);
                Assert.True(result.Diagnostics.Count == 0, a.RelativePath + ": " + string.Join("\n", result.Diagnostics));
            }
        }

        /// <summary>What IOS XE and NX-OS show of the entries policyc wrote: well-known ports by name (eq www, eq domain, eq ntp).</summary>
        private static string AsCiscoShowsIt(string config) =>
            Regex.Replace(Regex.Replace(Regex.Replace(Regex.Replace(config, @"(permit|deny) (tcp .*) eq 80( |$)", "$1 $2 eq www$3", RegexOptions.Multiline),
                @"(permit|deny) ((tcp|udp) .*) eq 53( |$)", "$1 $2 eq domain$4", RegexOptions.Multiline),
                @"(permit|deny) (udp .*) eq 123( |$)", "$1 $2 eq ntp$3", RegexOptions.Multiline),
                @"(permit|deny) (tcp .*) eq 22( |$)", "$1 $2 eq 22$3", RegexOptions.Multiline);

        [Fact]
        public void Cisco_switches_showing_port_names_still_match()
        {
            var campus = EmitTestHelper.Sample("campus-lab").Single();
            var build = PolicyBuilder.Build(new[] { campus });
            int named = 0;
            foreach (var a in build.Artifacts.Where(a => a.Platform == "cisco-iosxe" && a.RelativePath.EndsWith(".cfg", StringComparison.Ordinal)))
            {
                var device = a.RelativePath.Split('/')[1];
                device = device.Substring(0, device.Length - 4);
                var shown = AsCiscoShowsIt(a.Content);
                named += Regex.Matches(shown, @" eq (www|domain|ntp)\b").Count;
                var result = Verify(a.Target, device, shown, campus, build);
                Assert.True(result.Diagnostics.Count == 0, a.RelativePath + ": " + string.Join("\n", result.Diagnostics));
            }
            Assert.True(named >= 3, "the campus build has entries on ports 80, 53 and 123 to show by name: " + named);
            // NX-OS: an entry a hand edit added, as the running configuration shows it, is read with its port's number.
            var (nxos, at) = InsertFirst(Built("storage-pod/stor-leaf1.dc1.example.net.cfg"), "5 permit udp any any eq ntp");
            var exposure = Assert.Single(Findings("storage-pod", "stor-leaf1.dc1.example.net", nxos), f => f.Kind == DriftKind.Exposure);
            Assert.Equal(123, exposure.Witness!.Value.DstPort);
            Assert.Equal(at, nxos.Substring(0, exposure.Span.Start).Count(c => c == '\n') + 1);
            // A name changes nothing: the same entry widened to another named port is still found.
            var first = build.Artifacts.First(a => a.Platform == "cisco-iosxe" && a.Content.Contains(" eq 80\n", StringComparison.Ordinal));
            var dev = first.RelativePath.Split('/')[1];
            dev = dev.Substring(0, dev.Length - 4);
            var widened = AsCiscoShowsIt(first.Content);
            var line = widened.Split('\n').First(l => l.Contains(" eq www", StringComparison.Ordinal));
            widened = widened.Replace(line, line.Replace(" eq www", " range telnet www"));
            Assert.Contains(Verify(first.Target, dev, widened, campus, build).Devices.Single(d => d.Device == dev).Findings, f => f.Kind == DriftKind.Exposure);
        }

        /// <summary>The running configuration with an extra entry at the top of the first IPv4 ACL of policyc's, as a hand edit would.</summary>
        private static (string Text, int Line) InsertFirst(string config, string entry)
        {
            var lines = config.Split('\n').ToList();
            int header = lines.FindIndex(l => Regex.IsMatch(l, @"^ip access-list PC-\S+-V4$") && !l.Contains("-M-"));
            int at = header + 1;
            while (lines[at].Trim().StartsWith("remark", StringComparison.Ordinal) || lines[at].Trim().StartsWith("statistics", StringComparison.Ordinal)) at++;
            var indent = lines[at].Substring(0, lines[at].Length - lines[at].TrimStart().Length);
            lines.Insert(at, indent + entry);
            return (string.Join("\n", lines), at + 1);
        }

        [Theory]
        [InlineData("pod1", "leaf1.dc1.example.net", "pod1/leaf1.dc1.example.net.cfg")]
        [InlineData("storage-pod", "stor-leaf1.dc1.example.net", "storage-pod/stor-leaf1.dc1.example.net.cfg")]
        public void An_extra_permit_is_an_exposure_at_its_line(string target, string device, string artifact)
        {
            var (text, line) = InsertFirst(Built(artifact), "5 permit tcp any any eq 3389");
            var findings = Findings(target, device, text);
            Assert.NotEmpty(findings);
            Assert.All(findings, f => Assert.Equal(DriftKind.Exposure, f.Kind));
            Assert.All(findings, f => Assert.Equal(3389, f.Witness!.Value.DstPort));
            Assert.All(findings, f => Assert.Contains("line " + line + " of ACL", f.Responsible));
            Assert.All(findings, f => Assert.EndsWith(": 5 permit tcp any any eq 3389", f.Responsible));
            var diagnostic = Verify(target, device, text).Diagnostics.First();
            Assert.Equal("NP6001", diagnostic.Id);
            Assert.Equal("5 permit tcp any any eq 3389", text.Substring(diagnostic.Span.Start, diagnostic.Span.Length).Trim());
        }

        [Fact]
        public void A_removed_entry_is_an_outage_at_the_deny_that_now_catches_it()
        {
            var config = Built("pod1/leaf1.dc1.example.net.cfg");
            var nfs = config.Split('\n').First(l => l.Contains("permit tcp 10.10.0.0/18 10.20.0.0/20 eq 2049"));
            var findings = Findings("pod1", "leaf1.dc1.example.net", config.Replace(nfs + "\n", ""));
            Assert.NotEmpty(findings);
            Assert.All(findings, f => Assert.Equal(DriftKind.Outage, f.Kind));
            Assert.All(findings, f => Assert.Contains("deny ip any any", f.Responsible));
            Assert.Contains(findings, f => f.Witness!.Value.DstPort == 2049 && f.Witness.Value.Dst.ToString() == "10.20.0.0");
        }

        /// <summary>Two removed entries fall to the same final deny; they are two outages, one per flow of the policy that breaks,
        /// each with its own witness, not one finding that names only the first (Ethernet2 carries the same ACL and reports the same).</summary>
        [Fact]
        public void Two_removed_entries_are_two_outages_one_per_flow_that_breaks()
        {
            var config = Built("pod1/leaf1.dc1.example.net.cfg");
            var lines = config.Split('\n');
            var nfs = lines.First(l => l.Contains("permit tcp 10.10.0.0/18 10.20.0.0/20 eq 2049"));
            var objects = lines.First(l => l.Contains("permit tcp 10.10.0.0/18 10.20.16.0/20 eq 443"));
            var findings = Findings("pod1", "leaf1.dc1.example.net", config.Replace(nfs + "\n", "").Replace(objects + "\n", ""))
                .Where(f => f.Scope == "Ethernet1 IPv4 inbound").ToList();
            Assert.True(findings.Count == 2, string.Join("\n", findings.Select(f => f.Scope + " | " + f.Detail + " | " + f.Responsible + " | " + f.Region)));
            Assert.All(findings, f => Assert.Equal(DriftKind.Outage, f.Kind));
            Assert.All(findings, f => Assert.Contains("deny ip any any", f.Responsible));
            Assert.Equal(new ulong[] { 443, 2049 }, findings.Select(f => (ulong)f.Witness!.Value.DstPort).OrderBy(p => p).ToArray());
        }

        [Fact]
        public void A_foreign_acl_in_place_of_policyc_s_and_a_lost_binding_are_found()
        {
            var config = Built("pod1/leaf1.dc1.example.net.cfg");
            var binding = config.Split('\n').First(l => l.Trim() == "ip access-group PC-training_head-V4 in");
            var foreign = config.Replace(binding, "   ip access-group MGMT-IN in") + "ip access-list MGMT-IN\n   statistics per-entry\n   counters per-entry\n   10 permit ip any any\n!\n";
            var findings = Findings("pod1", "leaf1.dc1.example.net", foreign);
            var exposure = Assert.Single(findings, f => f.Kind == DriftKind.Exposure);
            Assert.StartsWith("Ethernet3 IPv4", exposure.Scope);
            Assert.Contains("of ACL 'MGMT-IN': 10 permit ip any any", exposure.Responsible);

            var unbound = config.Replace(binding + "\n", "");
            var lost = Assert.Single(Findings("pod1", "leaf1.dc1.example.net", unbound), f => f.Kind == DriftKind.Exposure);
            Assert.Equal("interface Ethernet3 has no IPv4 ACL applied", lost.Responsible);
            var d = Verify("pod1", "leaf1.dc1.example.net", unbound).Diagnostics.Single(x => x.Id == "NP6001");
            Assert.Equal("interface Ethernet3", unbound.Substring(d.Span.Start, d.Span.Length));
        }

        [Fact]
        public void A_sonic_rule_added_above_policyc_s_is_found_at_its_key_in_a_full_config_db()
        {
            var json = Built("pod2/leaf3.dc1.example.net.json");
            // A running config_db.json has many more tables, with values the build never writes.
            json = json.Replace("\"ACL_RULE\": {", "\"FEATURE\": {\"lldp\": {\"state\": \"enabled\", \"auto_restart\": \"enabled\"}},\n  \"VERSIONS\": {\"DATABASE\": {\"VERSION\": \"version_4_0_1\"}},\n  \"ACL_RULE\": {\n"
                + "    \"PC-training_gpu-pod2-V4|HOTFIX\": {\"PRIORITY\": \"9999\", \"PACKET_ACTION\": \"FORWARD\", \"IP_PROTOCOL\": \"6\", \"L4_DST_PORT\": \"22\"},");
            var findings = Findings("pod2", "leaf3.dc1.example.net", json);
            Assert.NotEmpty(findings);
            Assert.All(findings, f => Assert.Equal(DriftKind.Exposure, f.Kind));
            Assert.All(findings, f => Assert.Contains("ACL_RULE PC-training_gpu-pod2-V4|HOTFIX", f.Responsible));
            var d = Verify("pod2", "leaf3.dc1.example.net", json).Diagnostics.First();
            Assert.Equal("\"PC-training_gpu-pod2-V4|HOTFIX\"", json.Substring(d.Span.Start, d.Span.Length));
        }

        /// <summary>A SONiC rule the reader cannot take is unreadable at the line of the field (or of the rule) that it cannot take, not at the top of the file.</summary>
        [Theory]
        [InlineData("\"ETHER_TYPE\": \"0x88cc\"", "\"ETHER_TYPE\"", "unexpected field ETHER_TYPE")]
        [InlineData("\"PACKET_ACTION\": \"forward\"", "\"PACKET_ACTION\"", "unexpected PACKET_ACTION 'forward'")]
        [InlineData("\"TCP_FLAGS\": \"0x12/0x12\"", "\"TCP_FLAGS\"", "unexpected TCP_FLAGS")]
        [InlineData("\"L4_DST_PORT\": \"70000\"", "\"L4_DST_PORT\"", "70000")]
        public void A_sonic_rule_field_it_cannot_read_is_unreadable_at_its_line(string field, string at, string message)
        {
            var json = Built("pod2/leaf3.dc1.example.net.json");
            var rule = "    \"PC-training_gpu-pod2-V4|EDIT\": {\n      \"PRIORITY\": \"9999\",\n      " + (field.Contains("PACKET_ACTION") ? "" : "\"PACKET_ACTION\": \"DROP\",\n      ") + field + "\n    },\n";
            json = json.Replace("\"ACL_RULE\": {\n", "\"ACL_RULE\": {\n" + rule);
            var d = Assert.Single(Verify("pod2", "leaf3.dc1.example.net", json).Diagnostics);
            Assert.Equal("NP6004", d.Id);
            Assert.Contains(message, d.Message);
            var line = json.Substring(d.Span.Start, d.Span.Length);
            Assert.Contains(at, line);
        }

        /// <summary>Junos takes text synonyms for ports (ssh, https); a configuration edited by hand holds them, and they read as their numbers.</summary>
        [Fact]
        public void Junos_port_synonyms_read_as_their_numbers()
        {
            var conf = Built("data-pod/data-leaf1.dc1.example.net.conf");
            Assert.Contains("destination-port 22;", conf);
            Assert.Contains("destination-port [ 443 9000 ];", conf);
            var named = conf.Replace("destination-port 22;", "destination-port ssh;").Replace("destination-port [ 443 9000 ];", "destination-port [ https 9000 ];");
            Assert.True(Verify("data-pod", "data-leaf1.dc1.example.net", named).Devices.All(d => d.IsClean));
            // A synonym of another port is that port: ssh widened to telnet too is an exposure on port 23.
            var widened = named.Replace("destination-port ssh;", "destination-port [ ssh telnet ];");
            var exposures = Findings("data-pod", "data-leaf1.dc1.example.net", widened).Where(f => f.Kind == DriftKind.Exposure).ToList();
            Assert.Equal(2, exposures.Count); // the IPv4 and the IPv6 filter
            Assert.All(exposures, e => Assert.Equal(23, e.Witness!.Value.DstPort));
            // A word that is no synonym stays unreadable.
            var unknown = Findings("data-pod", "data-leaf1.dc1.example.net", conf.Replace("destination-port 22;", "destination-port sshh;"));
            Assert.Contains(unknown, f => f.Kind == DriftKind.Unreadable);
        }

        /// <summary>
        /// show configuration prints a deactivated statement with 'inactive:' (and a protected one with 'protect:'): an inactive
        /// accept term is left out as the box leaves it out, so its traffic falls to the final discard; a protected filter reads as it is.
        /// </summary>
        [Fact]
        public void Junos_inactive_statements_are_left_out_and_protected_ones_read()
        {
            var conf = Built("data-pod/data-leaf1.dc1.example.net.conf").Replace("    replace:\n", "");
            var protectedConf = conf.Replace("        filter PC-pii_records-V4 {", "        protect: filter PC-pii_records-V4 {");
            Assert.NotEqual(conf, protectedConf);
            Assert.True(Verify("data-pod", "data-leaf1.dc1.example.net", protectedConf).Devices.All(d => d.IsClean));
            // The first term of the filter that accepts: deactivated, its packets meet the final discard.
            var lines = conf.Split('\n').ToList();
            int filter = lines.FindIndex(l => l.Trim() == "filter PC-pii_records-V4 {");
            int then = lines.FindIndex(filter, l => l.Trim() == "then accept;" || l.Trim() == "accept;");
            int term = lines.FindLastIndex(then, l => l.TrimStart().StartsWith("term ", StringComparison.Ordinal));
            Assert.True(filter > 0 && term > filter, "an accept term in the filter");
            lines[term] = lines[term].Replace("term ", "inactive: term ");
            var outages = Findings("data-pod", "data-leaf1.dc1.example.net", string.Join("\n", lines));
            Assert.NotEmpty(outages);
            Assert.All(outages, f => Assert.Equal(DriftKind.Outage, f.Kind));
        }

        [Fact]
        public void Junos_display_set_reads_as_the_hierarchy_and_a_changed_term_is_found()
        {
            var conf = Built("data-pod/data-leaf1.dc1.example.net.conf");
            var set = JunosText.DisplaySet(conf);
            Assert.StartsWith("set ", set);
            Assert.True(Verify("data-pod", "data-leaf1.dc1.example.net", set).Devices.All(d => d.IsClean));

            var lines = set.Split('\n').ToList();
            int last = lines.FindLastIndex(l => l.StartsWith("set firewall family inet filter PC-pii_records-V4 term ", StringComparison.Ordinal) && l.EndsWith(" then discard", StringComparison.Ordinal));
            Assert.True(last > 0);
            lines[last] = lines[last].Replace(" then discard", " then accept");
            var findings = Findings("data-pod", "data-leaf1.dc1.example.net", string.Join("\n", lines));
            var exposure = Assert.Single(findings);
            Assert.Equal(DriftKind.Exposure, exposure.Kind);
            Assert.Contains("line " + (last + 1) + " of ACL 'PC-pii_records-V4'", exposure.Responsible);

            // deactivate takes a term out, as the box would: the traffic of an accept term falls to the final discard.
            int accept = lines.FindIndex(l => l.StartsWith("set firewall family inet filter PC-pii_records-V4 term ", StringComparison.Ordinal) && l.EndsWith(" then accept", StringComparison.Ordinal));
            var term = Regex.Match(lines[accept], @"term (\S+)").Groups[1].Value;
            var deactivated = set + "deactivate firewall family inet filter PC-pii_records-V4 term " + term + "\n";
            var outages = Findings("data-pod", "data-leaf1.dc1.example.net", deactivated);
            Assert.NotEmpty(outages);
            Assert.All(outages, f => Assert.Equal(DriftKind.Outage, f.Kind));
        }

        [Fact]
        public void Nvue_json_reads_as_its_commands_and_a_changed_action_is_found_at_its_line()
        {
            var commands = Built("dev-pod/dev-leaf1.dc1.example.net.nvue");
            var json = NvueText.ConfigJson(commands);
            Assert.True(Verify("dev-pod", "dev-leaf1.dc1.example.net", json).Devices.All(d => d.IsClean));
            var yaml = StateYamlTests.ToYaml(StateJson.Parse(json));
            Assert.StartsWith("- 'header':", yaml);
            Assert.True(Verify("dev-pod", "dev-leaf1.dc1.example.net", yaml).Devices.All(d => d.IsClean));
            Assert.Contains(Findings("dev-pod", "dev-leaf1.dc1.example.net", yaml.Replace("'deny': {}", "'permit': {}")), f => f.Kind == DriftKind.Exposure);
            // The final deny of the first ACL becomes a permit.
            int at = json.IndexOf("\"deny\": {}", StringComparison.Ordinal);
            var changed = json.Substring(0, at) + "\"permit\": {}" + json.Substring(at + "\"deny\": {}".Length);
            var findings = Findings("dev-pod", "dev-leaf1.dc1.example.net", changed);
            Assert.NotEmpty(findings);
            Assert.Contains(findings, f => f.Kind == DriftKind.Exposure);
            var d = Verify("dev-pod", "dev-leaf1.dc1.example.net", changed).Diagnostics.First(x => x.Id == "NP6001");
            Assert.Contains("\"permit\": {}", changed.Substring(d.Span.Start, d.Span.Length));
        }

        [Fact]
        public void A_changed_dscp_a_moved_vlan_a_changed_vni_and_mtu_are_treatment_differences_at_their_lines()
        {
            var eos = Built("pod1/leaf1.dc1.example.net.cfg");
            var lines = eos.Split('\n').ToList();
            int dscp = lines.FindIndex(l => l.Trim() == "set dscp 26");
            lines[dscp] = lines[dscp].Replace("set dscp 26", "set dscp 0");
            int vlan = lines.FindIndex(l => l.Trim() == "switchport trunk allowed vlan 110");
            lines[vlan] = lines[vlan].Replace("vlan 110", "vlan 112");
            var findings = Findings("pod1", "leaf1.dc1.example.net", string.Join("\n", lines));
            var qos = Assert.Single(findings, f => f.Detail.StartsWith("QoS", StringComparison.Ordinal));
            Assert.Equal(DriftKind.Treatment, qos.Kind);
            Assert.Equal("QoS: the running state has 'set dscp 0', the build 'set dscp 26'", qos.Detail);
            Assert.Equal("line " + (dscp + 1) + ": set dscp 0", qos.Responsible);
            var moved = Assert.Single(findings, f => f.Detail.StartsWith("VLAN", StringComparison.Ordinal));
            Assert.Equal("VLAN: the running state has 'switchport trunk allowed vlan 112', the build 'switchport trunk allowed vlan 110'", moved.Detail);
            Assert.StartsWith("interface Ethernet", moved.Scope);
            var d = Verify("pod1", "leaf1.dc1.example.net", string.Join("\n", lines)).Diagnostics.First(x => x.Id == "NP6003");
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);

            var nxos = Built("storage-pod/stor-leaf1.dc1.example.net.cfg").Replace("  vn-segment 10120\n", "  vn-segment 10999\n").Replace("    mtu 9216\n", "    mtu 1500\n");
            var nx = Findings("storage-pod", "stor-leaf1.dc1.example.net", nxos);
            Assert.Contains(nx, f => f.Detail == "VNI: the running state has 'vn-segment 10999', the build 'vn-segment 10120'" && f.Scope == "vlan 120");
            Assert.Contains(nx, f => f.Detail.StartsWith("MTU: the running state has 'mtu 1500'", StringComparison.Ordinal));

            var junos = JunosText.DisplaySet(Built("data-pod/data-leaf1.dc1.example.net.conf")).Replace("vlans pii_records vlan-id 150\n", "vlans pii_records vlan-id 151\n");
            Assert.Contains(Findings("data-pod", "data-leaf1.dc1.example.net", junos), f => f.Detail == "VLAN: the running state has 'vlans pii_records vlan-id 151', the build 'vlans pii_records vlan-id 150'");

            var sonic = Built("pod2/leaf3.dc1.example.net.json");
            var map = sonic.IndexOf("\"vni\": \"10111\"", StringComparison.Ordinal);
            Assert.True(map > 0);
            var sonicEdited = sonic.Substring(0, map) + "\"vni\": \"20111\"" + sonic.Substring(map + "\"vni\": \"10111\"".Length);
            var vni = Assert.Single(Findings("pod2", "leaf3.dc1.example.net", sonicEdited));
            Assert.Equal("VNI: the running state has 'VXLAN_TUNNEL_MAP|vtep|map_10111_Vlan111 vni 20111', the build 'VXLAN_TUNNEL_MAP|vtep|map_10111_Vlan111 vni 10111'", vni.Detail);
            Assert.Equal("\"20111\"", sonicEdited.Substring(Verify("pod2", "leaf3.dc1.example.net", sonicEdited).Diagnostics.Single().Span.Start, 7));

            var nvue = Built("dev-pod/dev-leaf1.dc1.example.net.nvue").Replace("nv set interface swp2 link mtu 9000", "nv set interface swp2 link mtu 1500");
            Assert.Contains(Findings("dev-pod", "dev-leaf1.dc1.example.net", NvueText.ConfigJson(nvue)), f => f.Detail == "MTU: the running state has 'interface swp2 link mtu 1500', the build 'interface swp2 link mtu 9000'");
        }

        [Fact]
        public void A_vlan_the_running_state_lacks_is_reported_with_its_section()
        {
            var eos = Built("pod1/leaf1.dc1.example.net.cfg");
            var lines = eos.Split('\n').ToList();
            int vxlan = lines.FindIndex(l => l.Trim().StartsWith("vxlan vlan 110 vni", StringComparison.Ordinal));
            Assert.True(vxlan > 0, "the sample's pod1 leaves map VLAN 110 to a VNI");
            lines.RemoveAt(vxlan);
            var f = Assert.Single(Findings("pod1", "leaf1.dc1.example.net", string.Join("\n", lines)));
            Assert.StartsWith("VNI: the running state lacks 'vxlan vlan 110 vni", f.Detail);
        }

        [Fact]
        public void An_unknown_entry_inside_an_acl_is_unreadable_at_its_line()
        {
            var (text, line) = InsertFirst(Built("pod1/leaf1.dc1.example.net.cfg"), "5 permit tcp any any eq 22 ttl eq 5");
            var d = Assert.Single(Verify("pod1", "leaf1.dc1.example.net", text).Diagnostics);
            Assert.Equal("NP6004", d.Id);
            Assert.Contains("line " + line + ": unexpected 'ttl'", d.Message);
            Assert.Contains("unexpected 'ttl'", d.Message);
            Assert.Equal("5 permit tcp any any eq 22 ttl eq 5", text.Substring(d.Span.Start, d.Span.Length).Trim());
            Assert.Equal(line, text.Substring(0, d.Span.Start).Count(c => c == '\n') + 1);
        }
    }

    /// <summary>Junos hierarchical text as <c>show configuration | display set</c> prints it (written here independently of the reader).</summary>
    internal static class JunosText
    {
        public static string DisplaySet(string hierarchical)
        {
            var text = Regex.Replace(hierarchical, "#[^\n]*", "");
            var tokens = Regex.Matches(text, "\"[^\"]*\"|[{};\\[\\]]|[^\\s{};\\[\\]\"]+").Select(m => m.Value).Where(t => t != "replace:").ToList();
            var output = new List<string>();
            var stack = new List<List<string>>();
            var current = new List<string>();
            foreach (var t in tokens)
            {
                if (t == "{") { stack.Add(current); current = new List<string>(); }
                else if (t == "}") { stack.RemoveAt(stack.Count - 1); current = new List<string>(); }
                else if (t == ";")
                {
                    var path = stack.SelectMany(s => s).ToList();
                    int open = current.IndexOf("[");
                    if (open >= 0)
                        foreach (var v in current.Skip(open + 1).Take(current.Count - open - 2)) output.Add("set " + string.Join(" ", path.Concat(current.Take(open)).Append(v)));
                    else output.Add("set " + string.Join(" ", path.Concat(current)));
                    current = new List<string>();
                }
                else current.Add(t);
            }
            return string.Join("\n", output) + "\n";
        }
    }

    /// <summary>NVUE commands as <c>nv config show -o json</c> prints the configuration (written here independently of the reader).</summary>
    internal static class NvueText
    {
        private static readonly HashSet<string> Values = new HashSet<string> { "type", "source-ip", "dest-ip", "protocol", "mtu", "vni", "address", "icmp-type", "icmpv6-type", "dscp", "enable", "class" };

        public static string ConfigJson(string commands)
        {
            var root = new SortedDictionary<string, object>(StringComparer.Ordinal);
            foreach (var line in commands.Split('\n'))
            {
                var w = line.Trim().Split(' ');
                if (w.Length < 4 || w[0] != "nv" || w[1] != "set") continue;
                var path = w.Skip(2).ToList();
                var node = root;
                bool value = path.Count >= 2 && Values.Contains(path[path.Count - 2]);
                for (int i = 0; i < path.Count - (value ? 2 : 0); i++)
                {
                    if (!node.TryGetValue(path[i], out var child)) node[path[i]] = child = new SortedDictionary<string, object>(StringComparer.Ordinal);
                    node = (SortedDictionary<string, object>)child;
                }
                if (value) node[path[path.Count - 2]] = path[path.Count - 1];
            }
            var sb = new StringBuilder("[\n  {\"header\": {\"model\": \"VX\", \"nvue-api-version\": \"nvue_v1\", \"rev-id\": \"1.0\", \"version\": \"Cumulus Linux 5.9.0\"}},\n  {\"set\": ");
            Write(sb, root, 2);
            sb.Append("}\n]\n");
            return sb.ToString();
        }

        private static void Write(StringBuilder sb, object o, int indent)
        {
            if (o is string s) { sb.Append('"').Append(s).Append('"'); return; }
            var d = (SortedDictionary<string, object>)o;
            if (d.Count == 0) { sb.Append("{}"); return; }
            sb.Append("{\n");
            int n = 0;
            foreach (var kv in d)
            {
                sb.Append(' ', indent + 2).Append('"').Append(kv.Key).Append("\": ");
                Write(sb, kv.Value, indent + 2);
                sb.Append(++n < d.Count ? ",\n" : "\n");
            }
            sb.Append(' ', indent).Append('}');
        }
    }
}
