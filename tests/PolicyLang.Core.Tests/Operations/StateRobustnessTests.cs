using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CsCheck;
using PolicyLang.Emit;
using PolicyLang.Emit.State;
using PolicyLang.Operations;
using PolicyLang.Semantics;
using PolicyLang.Tests.Emit;
using Xunit;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// Every running-state reader on hostile input: each device's export cut short at many points, bytes flipped,
    /// binary garbage, deep nesting, a 10 MB line. <c>verify</c> must answer with findings (an unreadable file at a
    /// position inside it, or drift), never throw and never pass such a file silently as clean when it is not the export.
    /// </summary>
    public sealed class StateRobustnessTests
    {
        private static readonly Lazy<(PolicyCompilation Compilation, List<(string Target, string Device, string Text)> Files)> s_files = new(() =>
        {
            var c = EmitTestHelper.Sample("ai-platform").Single();
            var build = PolicyBuilder.Build(new[] { c });
            var files = build.Artifacts.Where(a => a.Rules != null && !a.RelativePath.Contains("/ansible/") && a.Platform != "nftables" && a.Platform != "aws" && a.Platform != "kubernetes")
                .Select(a =>
                {
                    var name = a.RelativePath.Substring(a.RelativePath.IndexOf('/') + 1);
                    return (a.Target, name.Substring(0, name.LastIndexOf('.')), a.Content);
                }).ToList();
            files.Add(("edge-gw", "gw1.dc1.example.net", StateFiles.Read("mixed.json")));
            files.Add(("data-pod", "data-leaf1.dc1.example.net", JunosText.DisplaySet(build.Artifacts.Single(a => a.Platform == "juniper-junos" && a.RelativePath.EndsWith(".conf", StringComparison.Ordinal)).Content)));
            files.Add(("dev-pod", "dev-leaf1.dc1.example.net", NvueText.ConfigJson(build.Artifacts.Single(a => a.Platform == "cumulus-nvue" && a.RelativePath.EndsWith(".nvue", StringComparison.Ordinal)).Content)));
            // Cloud and cluster exports, as their CLIs print them.
            var target = c.Model.Targets.Single(t => t.Name == "inference-vpc");
            var (groups, acls) = PolicyLang.TestSupport.State.StateExports.AwsDescribe(PolicyLang.Emit.Aws.AwsPlanner.Build(new TargetContext(c, target, new List<PolicyLang.Diagnostics.Diagnostic>()), report: false), target.Name);
            files.Add(("inference-vpc", "describe-security-groups", groups));
            files.Add(("inference-vpc", "describe-network-acls", acls));
            foreach (var a in build.Artifacts.Where(a => a.Platform == "kubernetes")) files.Add(("inference-k8s", a.RelativePath.Replace('/', '-'), a.Content));
            return (c, files);
        });

        private static IReadOnlyList<DriftFinding> Run(string target, string device, string text)
        {
            var result = StateFiles.Verify(s_files.Value.Compilation, target, new StateFile("state/" + target + "/" + device, device, text));
            var compared = result.Devices.SingleOrDefault(d => d.Files.Any(f => f.Name == device));
            Assert.NotNull(compared);
            foreach (var f in compared!.Findings)
            {
                Assert.InRange(f.Span.Start, 0, text.Length);
                Assert.InRange(f.Span.End, f.Span.Start, text.Length);
            }
            return compared.Findings;
        }

        [Fact]
        public void Every_reader_survives_its_export_cut_short_anywhere()
        {
            foreach (var (target, device, text) in s_files.Value.Files)
            {
                var cuts = Enumerable.Range(1, 24).Select(i => (int)((long)text.Length * i / 25)).Concat(new[] { 0, 1, text.Length - 1 }).Distinct();
                foreach (var cut in cuts)
                {
                    var findings = Run(target, device, text.Substring(0, cut));
                    // A cut file is either unreadable or missing entries; it may pass only when what was cut decides nothing.
                    Assert.NotNull(findings);
                }
            }
        }

        [Fact]
        public void Garbage_and_foreign_formats_are_unreadable_or_drift_never_an_exception()
        {
            var rnd = new Random(1234);
            var junk = new byte[4096];
            rnd.NextBytes(junk);
            var garbage = new[]
            {
                Encoding.Latin1.GetString(junk),
                "\0\0\0\0",
                "\uFEFF{\"nftables\": [" + new string('[', 100_000),
                new string('{', 50_000),
                "{\"nftables\": [{\"rule\": {\"expr\": " + new string('[', 5000) + "}}]}",
                "ip access-list X\n   10 permit " + new string('a', 10_000_000) + "\n",
                "set firewall family inet filter F term T from source-address 999.1.1.1/33\nset interfaces xe-0/0/2 unit 0 family inet filter input F\n",
                "[{\"set\": {\"acl\": {\"A\": {\"type\": \"ipv9\"}}}}]",
                "{\"ACL_TABLE\": {\"T\": {\"type\": \"L3\", \"ports\": [\"Ethernet0\"]}}, \"ACL_RULE\": {\"T|R\": {\"PRIORITY\": \"x\"}}}",
            };
            foreach (var (target, device, _) in s_files.Value.Files)
                foreach (var text in garbage)
                {
                    var findings = Run(target, device, text);
                    Assert.NotNull(findings);
                }
        }

        [Fact]
        public void Flipped_characters_never_throw()
        {
            var files = s_files.Value.Files;
            Gen.Select(Gen.Int[0, files.Count - 1], Gen.Int[0, int.MaxValue], Gen.Char["{}[]\":,;! \n0123456789abcdefxyz/-."])
                .Sample((f, pos, c) =>
                {
                    var (target, device, text) = files[f];
                    var chars = text.ToCharArray();
                    chars[pos % chars.Length] = c;
                    Run(target, device, new string(chars));
                }, iter: 1000, threads: 1);
        }

        [Fact]
        public void A_junos_list_given_in_two_shapes_is_unreadable_not_a_crash()
        {
            // Found by the flipped-character test: a prefix list next to a statement of the same name.
            var text = "set firewall family inet filter F term t from source-address 10.0.0.0/24 [\nset firewall family inet filter F term t from source-address 10.1.0.0/24\nset firewall family inet filter F term t then accept\n";
            Assert.NotEmpty(Run("data-pod", "data-leaf1.dc1.example.net", text));
        }

        [Fact]
        public void An_aws_port_range_that_ends_before_it_starts_is_unreadable_not_a_crash()
        {
            // Found by the flipped-character test in CI: "FromPort": 9443 with "ToPort": 443.
            var (target, device, text) = s_files.Value.Files.First(f => f.Device == "describe-security-groups");
            var at = text.IndexOf("\"FromPort\": ", StringComparison.Ordinal);
            Assert.True(at > 0);
            var bad = text.Insert(at + "\"FromPort\": ".Length, "9");
            var findings = Run(target, device, bad);
            Assert.Contains(findings, f => f.Kind == DriftKind.Unreadable);
        }

        [Fact]
        public void The_json_reader_rejects_deep_nesting_and_broken_text_at_a_position()
        {
            var deep = Assert.Throws<StateReadException>(() => StateJson.Parse(new string('[', 1000)));
            Assert.Contains("nested deeper than", deep.Message);
            Assert.Equal(StateJson.MaxDepth + 1, deep.Offset);
            var truncated = Assert.Throws<StateReadException>(() => StateJson.Parse("{\"a\": [1, 2"));
            Assert.Equal(11, truncated.Offset);
            Assert.Contains("the end of the file", truncated.Message);
            var control = Assert.Throws<StateReadException>(() => StateJson.Parse("{\"a\u0001\": 1}"));
            Assert.Contains("U+0001", control.Message);
            Assert.Equal("x\ny", StateJson.Parse("{\"k\": \"x\\ny\"}").String("k"));
            var big = StateJson.Parse("[\"" + new string('z', 10_000_000) + "\"]");
            Assert.Equal(10_000_000, big.Items[0].Text!.Length);
            Gen.String.Sample(s =>
            {
                try { StateJson.Parse(s); }
                catch (StateReadException e) { Assert.InRange(e.Offset, 0, s.Length); }
            }, iter: 2000);
        }

        /// <summary>
        /// A document read with <see cref="StateJson.Read{T}"/> gives its memory back to the thread: the next document reuses
        /// it and reads right, every value in its place (escapes, numbers, repeated keys, offsets), and a node kept past the
        /// read fails loudly instead of reading the next document's values.
        /// </summary>
        [Fact]
        public void A_document_given_back_is_reused_without_mixing_values()
        {
            static string Doc(int n) => "{\"items\": [" + string.Join(", ", Enumerable.Range(0, n).Select(i => "{\"k\": " + i + ", \"s\": \"v\\u0041" + i + "\", \"k\": -1}")) + "]}";
            JsonNode? kept = null;
            foreach (var n in new[] { 20_000, 3, 9_000, 0, 50_000 })
            {
                var text = Doc(n);
                var sum = StateJson.Read(text, root =>
                {
                    kept = root;
                    long total = 0;
                    int k = 0;
                    foreach (var item in root["items"]!.Items)
                    {
                        Assert.Equal(k, item.Integer("k"));
                        Assert.Equal("vA" + k, item.String("s"));
                        Assert.Equal(2, item.Members.Count(m => m.Key == "k"));
                        Assert.Equal('{', text[item.Offset]);
                        Assert.Equal('}', text[item.End - 1]);
                        total += item.Integer("k")!.Value;
                        k++;
                    }
                    Assert.Equal(n, k);
                    return total;
                });
                Assert.Equal((long)n * (n - 1) / 2, sum);
                Assert.ThrowsAny<ArgumentOutOfRangeException>(() => kept!["items"]);
            }
        }
    }
}
