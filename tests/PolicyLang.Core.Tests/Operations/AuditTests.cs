using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Operations.Audit;
using PolicyLang.Semantics;
using PolicyLang.Tests.Emit;
using Xunit;

namespace PolicyLang.Tests.Operations
{
    /// <summary>policyc audit's core: the flow-log readers (good, broken, hostile and truncated input), the mapping of records
    /// onto the policy, and the suggested edit, which must leave a policy that checks.</summary>
    public sealed class AuditTests
    {
        private const string Policy = @"policy p {
  default deny
}

class gold {
  dscp 34
  queue 3
}

zone web {
  subnet 10.1.0.0/24, fd00:1::/64
}

zone db {
  subnet 10.2.0.0/24, fd00:2::/64
}

zone dev {
  subnet 10.3.0.0/24
}

external internet {
  subnet 203.0.113.0/24
}

allow internet -> web : tcp/443
allow web -> db : tcp/5432 class gold
allow dev -> web : tcp/22
deny dev -> db : any log
";

        private static (List<FlowRecord> Records, List<MalformedRecord> Malformed, long Skipped) Read(string text, FlowLogFormat? format = null)
        {
            var malformed = new List<MalformedRecord>();
            var reader = new FlowLogReader(malformed.Add);
            var records = reader.Read(new StringReader(text), "log", format).ToList();
            return (records, malformed, reader.Skipped);
        }

        private const string AwsHeader = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n";

        [Fact]
        public void AWS_default_format_with_and_without_its_header()
        {
            var line = "2 123456789012 eni-1 203.0.113.7 10.1.0.10 51234 443 6 10 8400 1796378400 1796378460 ACCEPT OK\n";
            foreach (var text in new[] { AwsHeader + line, line })
            {
                var (records, malformed, _) = Read(text);
                Assert.Empty(malformed);
                var r = Assert.Single(records);
                Assert.Equal("203.0.113.7 -> 10.1.0.10 tcp/443", r.ToString());
                Assert.Equal(RecordVerdict.Accepted, r.Verdict);
                Assert.Equal(10, r.Packets);
                Assert.Equal(8400, r.Bytes);
                Assert.Equal(1796378400, r.Time);
                Assert.Equal(51234, r.SourcePort);
            }
        }

        [Fact]
        public void AWS_custom_format_reads_its_fields_by_name_and_prefers_packet_addresses()
        {
            var text = "start action srcaddr pkt-srcaddr dstaddr dstport protocol bytes\n"
                + "1796378400 REJECT 10.9.9.9 10.3.0.5 10.2.0.7 5432 6 120\n";
            var r = Assert.Single(Read(text).Records);
            Assert.Equal("10.3.0.5 -> 10.2.0.7 tcp/5432", r.ToString());
            Assert.Equal(RecordVerdict.Rejected, r.Verdict);
            Assert.Equal(-1, r.SourcePort);
            Assert.Equal(1, r.Packets);
        }

        [Fact]
        public void AWS_nodata_is_skipped_and_broken_records_are_reported_with_their_lines()
        {
            var text = AwsHeader
                + "2 1 eni-1 - - - - - - - 1796378400 1796378460 - NODATA\n"
                + "2 1 eni-1 10.1.0.1 not-an-ip 1 2 6 1 1 1796378400 1796378460 ACCEPT OK\n"
                + "2 1 eni-1 10.1.0.1 10.2.0.1 1 2 600 1 1 1796378400 1796378460 ACCEPT OK\n"
                + "2 1 eni-1 10.1.0.1\n"
                + "2 1 eni-1 10.1.0.1 10.2.0.1 1 5432 6 1 1 1796378400 1796378460 ACCEPT OK\n";
            var (records, malformed, skipped) = Read(text);
            Assert.Single(records);
            Assert.Equal(new long[] { 3, 4, 5 }, malformed.Select(m => m.Line));
            Assert.Contains("'not-an-ip' does not parse", malformed[0].Reason);
            Assert.Contains("protocol '600'", malformed[1].Reason);
            Assert.Contains("expected 14 fields", malformed[2].Reason);
            Assert.Equal(2, skipped);
        }

        [Fact]
        public void Gzip_is_recognized_by_its_magic_bytes()
        {
            var bytes = new MemoryStream();
            using (var gz = new GZipStream(bytes, CompressionLevel.Fastest, leaveOpen: true))
            {
                var data = Encoding.UTF8.GetBytes(AwsHeader + "2 1 eni-1 203.0.113.7 10.1.0.10 51234 443 6 10 8400 1796378400 1796378460 ACCEPT OK\n");
                gz.Write(data, 0, data.Length);
            }
            bytes.Position = 0;
            var malformed = new List<MalformedRecord>();
            using var text = FlowLogReader.Open(bytes);
            Assert.Single(new FlowLogReader(malformed.Add).Read(text, "log.gz"));
            Assert.Empty(malformed);
        }

        [Fact]
        public void Nftables_kernel_lines_carry_the_verdict_of_their_policyc_prefix_and_the_DSCP_of_TOS()
        {
            var text = "2026-12-04T10:00:01+00:00 gw1 kernel: policyc f3 deny dev->db: IN=eth1 OUT=eth2 MAC=00:11 SRC=10.3.0.5 DST=10.2.0.7 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF PROTO=TCP SPT=40000 DPT=5432 WINDOW=64240 RES=0x00 SYN URGP=0\n"
                + "2026-12-04T10:00:02+00:00 gw1 kernel: usb 1-1: new device\n"
                + "[ 12.5] policyc f1 allow web->db: IN=eth0 OUT=eth1 SRC=10.1.0.5 DST=10.2.0.7 LEN=52 TOS=0x08 PREC=0x80 PROTO=TCP SPT=1 DPT=5432\n"
                + "[ 12.6] IN=eth0 OUT= SRC=fd00:1::5 DST=fd00:2::7 LEN=64 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=ICMPv6 TYPE=128 CODE=0 ID=1 SEQ=1\n"
                + "[ 12.7] IN=eth0 OUT= SRC=10.1.0.5 DST=10.2.0.300 LEN=52 PROTO=TCP SPT=1 DPT=5432\n";
            var (records, malformed, skipped) = Read(text);
            Assert.Equal(3, records.Count);
            Assert.Equal(RecordVerdict.Rejected, records[0].Verdict);
            Assert.Equal(new DateTimeOffset(2026, 12, 4, 10, 0, 1, TimeSpan.Zero).ToUnixTimeSeconds(), records[0].Time);
            Assert.Equal(RecordVerdict.Accepted, records[1].Verdict);
            Assert.Equal(34, records[1].Dscp);
            Assert.Null(records[1].Time);
            Assert.Equal(RecordVerdict.Unknown, records[2].Verdict);
            Assert.Equal("fd00:1::5 -> fd00:2::7 icmpv6 type 128 code 0", records[2].ToString());
            Assert.Equal(1, skipped);
            Assert.Equal(5, Assert.Single(malformed).Line);
        }

        [Fact]
        public void Conntrack_listings_and_events_are_accepted_connections_in_their_original_direction()
        {
            var text = "tcp      6 431999 ESTABLISHED src=10.1.0.5 dst=10.2.0.7 sport=40000 dport=5432 packets=3 bytes=180 src=10.2.0.7 dst=10.1.0.5 sport=5432 dport=40000 packets=2 bytes=120 [ASSURED] mark=0 use=1\n"
                + "ipv4     2 udp      17 29 src=10.3.0.5 dst=10.1.0.9 sport=5353 dport=53 [UNREPLIED] src=10.1.0.9 dst=10.3.0.5 sport=53 dport=5353 mark=0 use=1\n"
                + "    [NEW] icmp     1 30 src=10.3.0.5 dst=10.1.0.9 type=8 code=0 id=7 [UNREPLIED] src=10.1.0.9 dst=10.3.0.5 type=0 code=0 id=7\n"
                + "conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.\n";
            var (records, malformed, skipped) = Read(text);
            Assert.Empty(malformed);
            Assert.Equal(new[] { "10.1.0.5 -> 10.2.0.7 tcp/5432", "10.3.0.5 -> 10.1.0.9 udp/53", "10.3.0.5 -> 10.1.0.9 icmp type 8 code 0" }, records.Select(r => r.ToString()));
            Assert.All(records, r => Assert.Equal(RecordVerdict.Accepted, r.Verdict));
            Assert.Equal(3, records[0].Packets);
            Assert.Equal(1, skipped);
        }

        [Fact]
        public void GCP_entries_as_JSON_lines_and_as_an_array()
        {
            var entry = "{\"insertId\":\"1\",\"jsonPayload\":{\"connection\":{\"src_ip\":\"203.0.113.7\",\"dest_ip\":\"10.1.0.10\",\"src_port\":51234,\"dest_port\":443,\"protocol\":6},"
                + "\"start_time\":\"2026-12-04T10:00:00.123Z\",\"bytes_sent\":\"8400\",\"packets_sent\":\"10\",\"reporter\":\"DEST\"},\"timestamp\":\"2026-12-04T10:00:05Z\"}";
            var denied = "{\"jsonPayload\":{\"connection\":{\"src_ip\":\"10.3.0.5\",\"dest_ip\":\"10.2.0.7\",\"src_port\":1,\"dest_port\":5432,\"protocol\":6},\"disposition\":\"DENIED\"}}";
            foreach (var text in new[] { entry + "\n" + denied + "\n{\"jsonPayload\":{}}\n", "[" + entry + ",\n" + denied + ", {\"jsonPayload\": {}}]" })
            {
                var (records, malformed, _) = Read(text);
                Assert.Equal(2, records.Count);
                Assert.Equal("203.0.113.7 -> 10.1.0.10 tcp/443", records[0].ToString());
                Assert.Equal(8400, records[0].Bytes);
                Assert.Equal(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), records[0].Time);
                Assert.Equal(RecordVerdict.Rejected, records[1].Verdict);
                Assert.Equal(3, Assert.Single(malformed).Line);
            }
        }

        [Fact]
        public void Azure_NSG_and_VNet_flow_logs_as_blobs_and_one_per_line()
        {
            var nsg = "{\"records\":[{\"time\":\"2026-12-04T10:00:35Z\",\"category\":\"NetworkSecurityGroupFlowEvent\",\"properties\":{\"Version\":2,\"flows\":["
                + "{\"rule\":\"DefaultRule_DenyAllInBound\",\"flows\":[{\"mac\":\"000D3AF87856\",\"flowTuples\":["
                + "\"1796378400,10.3.0.5,10.2.0.7,40000,5432,T,I,D,B,,,,\",\"1796378401,203.0.113.7,10.1.0.10,51234,443,T,I,A,E,10,8400,8,4000\",\"17963,bad\"]}]}]}}]}";
            var vnet = "{\"records\":[{\"time\":\"2026-12-04T10:00:35Z\",\"flowLogVersion\":4,\"category\":\"FlowLogFlowEvent\",\"flowRecords\":{\"flows\":[{\"aclID\":\"x\",\"flowGroups\":["
                + "{\"rule\":\"DefaultRule_AllowInternetOutBound\",\"flowTuples\":[\"1796378402000,10.1.0.5,10.2.0.7,40001,5432,6,O,E,NX,3,300,2,200\",\"1796378403000,10.1.0.5,10.2.0.7,40002,5432,6,O,D,NX,1,60,0,0\"]}]}]}}]}";
            foreach (var text in new[] { nsg + "\n" + vnet + "\n", nsg.Replace("[{", "[\n  {").Replace("\":[\"", "\":[\n    \"") })
            {
                var (records, malformed, _) = Read(text);
                bool both = text.Contains("flowRecords");
                Assert.Equal(both ? 4 : 2, records.Count);
                Assert.Equal("10.3.0.5 -> 10.2.0.7 tcp/5432", records[0].ToString());
                Assert.Equal(RecordVerdict.Rejected, records[0].Verdict);
                Assert.Equal(1796378400, records[0].Time);
                Assert.Equal(RecordVerdict.Accepted, records[1].Verdict);
                Assert.Equal((10, 8400), (records[1].Packets, records[1].Bytes));
                Assert.Contains("has 2 fields", Assert.Single(malformed).Reason);
                if (both)
                {
                    Assert.Equal((RecordVerdict.Accepted, 1796378402L, 300L), (records[2].Verdict, records[2].Time!.Value, records[2].Bytes));
                    Assert.Equal(RecordVerdict.Rejected, records[3].Verdict);
                    Assert.Equal(1, malformed[0].Line);
                }
            }
        }

        [Fact]
        public void Switch_ACL_messages_of_EOS_NXOS_and_Junos_in_syslog()
        {
            var text = "<190>2026-12-04T10:00:00+00:00 leaf1 Sysdb: %SYS-5-CONFIG_I: Configured from console\n"
                + "<190>2026-12-04T10:00:01+00:00 leaf1 Acl: %ACL-6-IPACCESS: list PC-web_s-V4 Ethernet1 denied tcp 10.1.0.5(40000) -> 10.2.0.7(5432)\n"
                + "<190>2026-12-04T10:00:02+00:00 leaf1 Acl: 100: %ACL-6-IPACCESS: list PC-web_s-V4 Ethernet1 permitted icmp 10.1.0.5 -> 10.2.0.7\n"
                + "2026 Dec  4 10:00:03 stor-leaf1 %ACLLOG-5-ACLLOG_FLOW_INTERVAL: Src IP: 10.3.0.5, Dst IP: 10.2.0.7, Src Port: 41000, Dst Port: 5432, Src Intf: Ethernet1/1, "
                + "Protocol: \"TCP\"(6), ACL Name: PC-dev-V4, ACE Action: Deny, Appl Intf: Ethernet1/1, Hit-count: 7\n"
                + "2014 Jun 29 19:21:18 n7k %ACLLOG-5-ACLLOG_FLOW_INTERVAL: Src IP: 10.1.0.9, Dst IP: 10.2.0.7, Src Port: 0, Dst Port: 0, Src Intf: Ethernet4/1, Protocol: \"ICMP\"(1), Hit-count = 2589\n"
                + "Dec  4 10:00:04 data-leaf1 fpc0 PFE_FW_SYSLOG_IP: FW: xe-0/0/1.0  A  tcp 203.0.113.7 10.1.0.10  51234 443 (2 packets)\n"
                + "Dec  4 10:00:05 data-leaf1 fpc0 PFE_FW_SYSLOG_IP6_TCP_UDP: FW: xe-0/0/1.0 D tcp SA fd00:1::5 DA fd00:2::7 SP 40001 DP 5432 (1 packets)\n"
                + "Dec  4 10:00:06 data-leaf1 fpc0 PFE_FW_SYSLOG_IP: FW: xe-0/0/1.0 D tcp 10.1.0.5\n";
            var (records, malformed, skipped) = Read(text);
            Assert.Equal(new[]
            {
                "10.1.0.5 -> 10.2.0.7 tcp/5432", "10.1.0.5 -> 10.2.0.7 icmp type 8 code 0", "10.3.0.5 -> 10.2.0.7 tcp/5432", "10.1.0.9 -> 10.2.0.7 icmp type 8 code 0",
                "203.0.113.7 -> 10.1.0.10 tcp/443", "fd00:1::5 -> fd00:2::7 tcp/5432",
            }, records.Select(r => r.ToString()));
            Assert.Equal(new[] { RecordVerdict.Rejected, RecordVerdict.Accepted, RecordVerdict.Rejected, RecordVerdict.Unknown, RecordVerdict.Accepted, RecordVerdict.Rejected },
                records.Select(r => r.Verdict));
            Assert.Equal(40000, records[0].SourcePort);
            Assert.Equal(new DateTimeOffset(2026, 12, 4, 10, 0, 1, TimeSpan.Zero).ToUnixTimeSeconds(), records[0].Time);
            Assert.Equal(new DateTimeOffset(2026, 12, 4, 10, 0, 3, TimeSpan.Zero).ToUnixTimeSeconds(), records[2].Time);
            Assert.Equal(7, records[2].Packets);
            Assert.Equal(2589, records[3].Packets);
            Assert.Equal(2, records[4].Packets);
            Assert.Null(records[4].Time);
            Assert.Equal(1, skipped);
            Assert.Equal(8, Assert.Single(malformed).Line);
        }

        [Fact]
        public void A_kernel_log_that_starts_with_other_messages_is_still_read()
        {
            var text = "[    0.000000] Linux version 6.1.0\n[    0.1] Command line: console=ttyS0\n"
                + "[ 12.5] policyc f1 allow web->db: IN=eth0 OUT=eth1 SRC=10.1.0.5 DST=10.2.0.7 LEN=52 TOS=0x00 PREC=0x00 PROTO=TCP SPT=1 DPT=5432\n";
            var (records, malformed, skipped) = Read(text);
            Assert.Single(records);
            Assert.Empty(malformed);
            Assert.Equal(2, skipped);
        }

        [Theory]
        [InlineData("hello world\n")]
        [InlineData("\0\u0001\u0002garbage")]
        public void A_file_in_no_known_format_is_one_malformed_record(string text)
        {
            var (records, malformed, _) = Read(text);
            Assert.Empty(records);
            Assert.Contains("not a flow log", Assert.Single(malformed).Reason);
        }

        [Fact]
        public void Hostile_and_truncated_logs_never_throw_and_a_long_line_is_reported()
        {
            var good = AwsHeader + "2 1 eni-1 203.0.113.7 10.1.0.10 51234 443 6 10 8400 1796378400 1796378460 ACCEPT OK\n"
                + "2026-12-04T10:00:01+00:00 gw1 kernel: policyc f3 deny dev->db: IN=eth1 SRC=10.3.0.5 DST=10.2.0.7 PROTO=TCP SPT=1 DPT=5432\n";
            var random = new Random(11);
            for (int i = 0; i < 500; i++)
            {
                var chars = good.Substring(0, random.Next(good.Length)).ToCharArray();
                for (int k = 0; k < 4 && chars.Length > 0; k++) chars[random.Next(chars.Length)] = "x 9=./:-\n\0{[\""[random.Next(13)];
                foreach (var format in new FlowLogFormat?[] { null, FlowLogFormat.AwsVpc, FlowLogFormat.NftablesLog, FlowLogFormat.Conntrack, FlowLogFormat.Json })
                    _ = Read(new string(chars), format);
            }
            var (records, malformed, _) = Read(AwsHeader + new string('9', FlowLogReader.MaxLine + 10) + "\n" + "2 1 eni-1 203.0.113.7 10.1.0.10 51234 443 6 10 8400 1796378400 1796378460 ACCEPT OK\n");
            Assert.Single(records);
            Assert.Contains("longer than", Assert.Single(malformed).Reason);
        }

        private static AuditReport Audit(PolicyCompilation compilation, string text, long? since = null, long? until = null)
        {
            var audit = new PolicyAudit(compilation, since, until);
            var reader = new FlowLogReader(audit.Malformed);
            foreach (var r in reader.Read(new StringReader(text), "log")) audit.Add(r);
            return audit.Finish(reader.Skipped);
        }

        private static string Aws(string src, string dst, int port, string action, long start, int bytes = 100, int protocol = 6) =>
            "2 1 eni-1 " + src + " " + dst + " 40000 " + port + " " + protocol + " 1 " + bytes + " " + start + " " + (start + 60) + " " + action + " OK\n";

        [Fact]
        public void Records_map_onto_zones_and_the_deciding_flow()
        {
            var compilation = EmitTestHelper.Compile(Policy);
            const long t0 = 1796378400;
            var log = AwsHeader
                + Aws("203.0.113.7", "10.1.0.10", 443, "ACCEPT", t0, 1000)        // allow internet -> web
                + Aws("203.0.113.8", "10.1.0.10", 443, "ACCEPT", t0 + 10, 2000)
                + Aws("10.3.0.5", "10.2.0.7", 5432, "REJECT", t0 + 20)            // deny dev -> db
                + Aws("10.3.0.5", "10.2.0.7", 5432, "ACCEPT", t0 + 21)            // denied, yet passed
                + Aws("10.1.0.5", "10.2.0.7", 5432, "REJECT", t0 + 30)            // allowed, yet dropped
                + Aws("10.2.0.7", "10.1.0.5", 8080, "REJECT", t0 + 40, 700)        // default deny db -> web
                + Aws("10.2.0.7", "10.1.0.5", 8080, "REJECT", t0 + 41, 700)
                + Aws("198.51.100.1", "10.1.0.10", 443, "REJECT", t0 + 50)         // no zone owns the source
                + Aws("10.1.0.5", "10.2.0.7", 5432, "ACCEPT", t0 - 86400);         // before the window: last seen only
            var report = Audit(compilation, log, since: t0);
            Assert.Equal(9, report.Records);
            Assert.Equal(1, report.OutsideWindow);

            var uses = report.Flows.ToDictionary(f => f.Flow.Index);
            Assert.Equal(2, uses[0].Records);
            Assert.Equal(3000, uses[0].Bytes);
            Assert.Equal(t0 + 10, uses[0].LastSeen);
            // The flow's traffic was dropped in the window, yet it is the flow's traffic: seen.
            Assert.Equal(t0 + 30, uses[1].LastSeen);
            Assert.Equal(1, uses[1].Records);
            Assert.Equal(new[] { "allow dev -> web : tcp/22" }, report.Unused.Select(u => u.Flow.Describe()));

            var passed = Assert.Single(report.Of(TrafficKind.DeniedButPassed));
            Assert.Equal(("dev", "db", "tcp/5432"), (passed.Source, passed.Destination, passed.Service));
            Assert.Equal("deny dev -> db : any", passed.DecidedBy!.Describe());
            var dropped = Assert.Single(report.Of(TrafficKind.AllowedButDropped));
            Assert.Equal(("web", "db"), (dropped.Source, dropped.Destination));

            var denied = report.Of(TrafficKind.Denied).ToList();
            // Ranked by bytes: db -> web (1,400) first; ties (100 bytes, one record each) by name.
            Assert.Equal(new[] { "db -> web tcp/8080", "(no zone) -> web tcp/443", "dev -> db tcp/5432" }, denied.Select(g => g.Source + " -> " + g.Destination + " " + g.Service));
            Assert.Equal(2, denied[0].Records);
            Assert.Null(denied[0].DecidedBy);
            Assert.Equal("log:7", denied[0].Witness.Where);
            var unowned = Assert.Single(report.Of(TrafficKind.Unowned));
            Assert.Equal("(no zone) 198.51.100.1", unowned.Source);
        }

        /// <summary>A policy whose flows name source ports judges each record from its own source port; the witness keeps it.</summary>
        [Fact]
        public void A_source_port_flow_judges_records_by_their_source_port()
        {
            var compilation = EmitTestHelper.Compile(Policy.Replace("allow dev -> web : tcp/22", "allow dev -> web : tcp/1024-65535 -> 22"));
            const long t0 = 1796378400;
            var log = AwsHeader
                + "2 1 eni-1 10.3.0.5 10.1.0.5 40000 22 6 1 100 " + t0 + " " + (t0 + 60) + " ACCEPT OK\n"   // from a high port: allowed
                + "2 1 eni-1 10.3.0.5 10.1.0.5 1000 22 6 1 100 " + (t0 + 1) + " " + (t0 + 61) + " ACCEPT OK\n"; // from port 1000: denied, yet passed
            var report = Audit(compilation, log);
            Assert.Equal(1, report.Flows.Single(f => f.Flow.Describe().Contains("tcp/1024-65535 -> 22")).Records);
            var passed = Assert.Single(report.Of(TrafficKind.DeniedButPassed));
            Assert.Equal(("dev", "web"), (passed.Source, passed.Destination));
            Assert.Null(passed.DecidedBy);
            Assert.Equal("10.3.0.5 -> 10.1.0.5 tcp/1000 -> 22", passed.Witness.ToPacket(sourcePort: true).ToString());
        }

        [Fact]
        public void DSCP_that_differs_from_the_flows_class_is_reported()
        {
            var compilation = EmitTestHelper.Compile(Policy);
            var log = "[1.0] policyc f1 allow web->db: IN=eth0 OUT=eth1 SRC=10.1.0.5 DST=10.2.0.7 LEN=52 TOS=0x00 PROTO=TCP SPT=1 DPT=5432\n"
                + "[1.1] policyc f1 allow web->db: IN=eth0 OUT=eth1 SRC=10.1.0.5 DST=10.2.0.7 LEN=52 TOS=0x08 PREC=0x80 PROTO=TCP SPT=1 DPT=5432\n";
            var report = Audit(compilation, log);
            var g = Assert.Single(report.Of(TrafficKind.DscpMismatch));
            Assert.Equal((0, 34), (g.SeenDscp, g.ExpectedDscp));
            Assert.Equal(2, report.Untimed);
        }

        [Fact]
        public void The_suggested_patch_applies_and_the_patched_policy_checks()
        {
            using var dir = new PolicyLang.Tests.Cli.TempFolder();
            var path = dir.Write("p.netpolicy", Policy + "\nassert reachable dev -> web : tcp/22\n");
            var compilation = PolicyCompilation.FromSourceSet(PolicyLang.Workspace.PolicySourceSet.Load(new[] { path })).Single();
            const long t0 = 1796378400;
            var log = AwsHeader + Aws("10.2.0.7", "10.1.0.5", 8080, "REJECT", t0) + Aws("203.0.113.7", "10.1.0.10", 443, "ACCEPT", t0)
                + Aws("10.3.0.5", "10.2.0.7", 5432, "REJECT", t0) + Aws("10.1.0.5", "10.2.0.7", 5432, "ACCEPT", t0)
                + Aws("198.51.100.1", "10.1.0.10", 443, "REJECT", t0) + Aws("10.2.0.9", "10.1.0.5", 0, "REJECT", t0, protocol: 1);
            var report = Audit(compilation, log);
            var suggestion = AuditSuggestion.Suggest(compilation, report, p => Path.GetFileName(p), removeUnused: true);

            // dev -> web is unused, but the policy's own assertion needs it: its removal is left out, with the reason.
            Assert.Contains(suggestion.Dropped, d => d.StartsWith("remove p.netpolicy(", StringComparison.Ordinal) && d.Contains("NP3003"));
            // db -> web on 8080 was denied by default: an allow line with a description; the explicit deny and the unowned
            // source and ICMP are not suggested.
            var added = Assert.Single(suggestion.Kept);
            Assert.StartsWith("add allow db -> web : tcp/8080 description \"audit: 1 record, 100 bytes denied by default between 2026-12-04T", added);
            Assert.StartsWith("--- a/p.netpolicy\n+++ b/p.netpolicy\n@@ ", suggestion.Patch);

            var patched = Apply(File.ReadAllText(path), suggestion.Patch);
            var after = EmitTestHelper.Compile(patched);
            Assert.DoesNotContain(after.Diagnostics, d => d.IsError);
            Assert.Contains(after.Model.Flows, f => f.Describe() == "allow db -> web : tcp/8080");

            // policyc diff explains the patch: exactly db -> web on 8080 becomes allowed, by the new flow.
            var diff = PolicyLang.Review.PolicyDiff.Compare("p", EmitTestHelper.Compile(File.ReadAllText(path)), after, f => "p.netpolicy", f => "p.netpolicy");
            var change = Assert.Single(diff.Traffic);
            Assert.Equal(PolicyLang.Review.TrafficChangeKind.NewlyAllowed, change.Kind);
            Assert.Equal(("db", "web"), (change.SourceZone, change.DestinationZone));
            Assert.Equal("allow db -> web : tcp/8080", change.NewFlow!.Describe());
            Assert.True(change.Packets.Contains(new Packet(IpAddress128.Parse("10.2.0.7"), IpAddress128.Parse("10.1.0.5"), 6, 8080, 0, 0)));
        }

        [Fact]
        public void Addresses_in_a_segment_are_named_by_it_and_the_suggestion_allows_no_more_than_the_segments()
        {
            var compilation = EmitTestHelper.Compile("policy p {\n  default deny\n}\n\nzone app {\n  segment api {\n    subnet 10.1.0.0/24\n  }\n  segment batch {\n    subnet 10.1.1.0/24\n  }\n}\n\n"
                + "zone db {\n  subnet 10.2.0.0/24\n}\n");
            var report = Audit(compilation, AwsHeader + Aws("10.1.1.7", "10.2.0.7", 5432, "REJECT", 1796378400));
            var g = Assert.Single(report.Of(TrafficKind.Denied));
            Assert.Equal(("app.batch", "db"), (g.Source, g.Destination));
            var suggestion = AuditSuggestion.Suggest(compilation, report, p => p, removeUnused: false);
            Assert.StartsWith("add allow app.batch -> db : tcp/5432 description ", Assert.Single(suggestion.Kept));
        }

        /// <summary>Traffic denied only for its source port is grouped and suggested with that port: a suggestion of the service alone
        /// would open it from every source port the policy keeps out.</summary>
        [Fact]
        public void Traffic_denied_for_its_source_port_is_grouped_and_suggested_with_it()
        {
            var compilation = EmitTestHelper.Compile("policy p {\n  default deny\n}\n\nzone app {\n  subnet 10.1.0.0/24\n}\n\nzone db {\n  subnet 10.2.0.0/24\n}\n\n"
                + "allow app -> db : tcp/1024-65535 -> 22\n");
            var log = "[ 12.5] IN=eth0 OUT=eth1 SRC=10.1.0.5 DST=10.2.0.7 LEN=52 PROTO=TCP SPT=80 DPT=22\n"
                + "[ 12.6] IN=eth0 OUT=eth1 SRC=10.1.0.5 DST=10.2.0.7 LEN=52 PROTO=TCP SPT=80 DPT=23\n";
            var report = Audit(compilation, log);
            var services = report.Of(TrafficKind.Denied).Select(g => g.Service).OrderBy(x => x, StringComparer.Ordinal).ToList();
            // Port 23 is denied from any source port: its group names the service alone.
            Assert.Equal(new[] { "tcp/23", "tcp/80 -> 22" }, services);
            var suggestion = AuditSuggestion.Suggest(compilation, report, p => p, removeUnused: false);
            Assert.Contains(suggestion.Kept, k => k.StartsWith("add allow app -> db : tcp/80 -> 22 description ", StringComparison.Ordinal));

            // Source ports that leave out the ephemeral ones (BGP both ways): found by the ports the policy names.
            var bgp = EmitTestHelper.Compile("policy p {\n  default deny\n}\n\nzone app {\n  subnet 10.1.0.0/24\n}\n\nzone db {\n  subnet 10.2.0.0/24\n}\n\n"
                + "allow app -> db : tcp/179 -> 179\n");
            var fromHigh = Audit(bgp, "[ 12.5] IN=eth0 OUT=eth1 SRC=10.1.0.5 DST=10.2.0.7 LEN=52 PROTO=TCP SPT=40000 DPT=179\n");
            Assert.Equal("tcp/40000 -> 179", Assert.Single(fromHigh.Of(TrafficKind.Denied)).Service);
        }

        /// <summary>Applies a unified diff of one file (hunks of context, '-' and '+' lines) to its text, checking every context line.</summary>
        private static string Apply(string text, string patch)
        {
            var lines = text.Split('\n').ToList();
            if (lines.Count > 0 && lines[lines.Count - 1] == "") lines.RemoveAt(lines.Count - 1);
            var result = new List<string>();
            int at = 0;
            var patchLines = patch.Split('\n');
            for (int i = 2; i < patchLines.Length; i++)
            {
                var l = patchLines[i];
                if (l.StartsWith("@@", StringComparison.Ordinal))
                {
                    int start = int.Parse(l.Split(' ')[1].TrimStart('-').Split(',')[0], System.Globalization.CultureInfo.InvariantCulture) - 1;
                    while (at < start) result.Add(lines[at++]);
                    continue;
                }
                if (l.Length == 0 && i == patchLines.Length - 1) break;
                if (l.StartsWith("+", StringComparison.Ordinal)) result.Add(l.Substring(1));
                else if (l.StartsWith("-", StringComparison.Ordinal)) { Assert.Equal(l.Substring(1), lines[at]); at++; }
                else { Assert.Equal(l.Substring(1), lines[at]); result.Add(lines[at++]); }
            }
            while (at < lines.Count) result.Add(lines[at++]);
            return string.Join("\n", result) + "\n";
        }
    }
}
