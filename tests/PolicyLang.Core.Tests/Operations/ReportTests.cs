using System.IO;
using System.Linq;
using System.Text.Json;
using PolicyLang.Operations;
using PolicyLang.Tests.Cli;
using PolicyLang.Tests.Emit;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Operations
{
    public sealed class ReportTests
    {
        private const string Hostile = @"policy hostile {
  default deny
}
zone web {
  subnet 10.1.0.0/16
}
zone db {
  subnet 10.2.0.0/16
}
allow web -> db : tcp/5432 description ""</td><script>alert(1)</script><img src=x onerror=alert(2)> & 'q'""
deny web -> db : tcp/5433
assert never db -> web
";

        [Fact]
        public void The_matrix_holds_each_zone_pair_with_its_services_and_deciding_flows()
        {
            var report = ComplianceReport.Create(EmitTestHelper.Compile(Hostile));
            var web = report.Zones.Single(z => z.Name == "web");
            var db = report.Zones.Single(z => z.Name == "db");
            Assert.Equal(4, report.Cells.Count);
            var cell = report.Cell(web, db);
            Assert.Equal(new[] { "tcp 5432" }, cell.Services);
            Assert.Single(cell.AllowedBy);
            Assert.False(report.Cell(db, web).Allows);
            Assert.Contains(report.Results, r => r.Kind == "assertion" && r.Result == "holds");
            Assert.Equal("digraph \"hostile\" {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  \"web\";\n  \"db\";\n  \"web\" -> \"db\" [label=\"tcp 5432\"];\n}\n", report.Dot());
        }

        [Fact]
        public void Policy_text_is_escaped_and_the_report_is_the_same_bytes_every_time()
        {
            var html = ReportHtml.Render(ComplianceReport.Create(EmitTestHelper.Compile(Hostile)));
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("<img", html);
            Assert.Contains("&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &#39;q&#39;", html);
            Assert.Equal(html, ReportHtml.Render(ComplianceReport.Create(EmitTestHelper.Compile(Hostile))));
            var sample = ReportHtml.Render(ComplianceReport.Create(EmitTestHelper.Sample("campus-lab").Single()));
            Assert.Equal(sample, ReportHtml.Render(ComplianceReport.Create(EmitTestHelper.Sample("campus-lab").Single())));
            Assert.Contains("<svg id=\"zone-graph\"", sample);
            Assert.Contains("<table class=\"matrix\" id=\"reachability\">", sample);
        }

        [Fact]
        public void The_cli_writes_html_and_dot_atomically_and_json_with_drift()
        {
            using var dir = new TempFolder();
            var output = Path.Combine(dir.Path, "out", "report.html");
            var (exit, stdout, error) = CliRunner.Run("report", Path.Combine(StateFiles.Folder, "small.netpolicy"), "-o", output);
            Assert.True(exit == 0, stdout + error);
            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(output));
            Assert.StartsWith("digraph \"verify-small\"", File.ReadAllText(Path.ChangeExtension(output, ".dot")));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, "*.tmp-*"));

            dir.Write("state/gw/gw1.json", StateFiles.Read("small-gw1.json"));
            var (jexit, json, _) = CliRunner.Run("report", Path.Combine(StateFiles.Folder, "small.netpolicy"), "--state", Path.Combine(dir.Path, "state"), "--format", "json");
            Assert.Equal(0, jexit);
            var root = JsonDocument.Parse(json).RootElement;
            Assert.Equal("verify-small", root.GetProperty("policy").GetString());
            Assert.Contains(root.GetProperty("matrix").EnumerateArray(), c => c.GetProperty("from").GetString() == "web" && c.GetProperty("to").GetString() == "db"
                && c.GetProperty("services").EnumerateArray().Single().GetString() == "tcp 5432");
            Assert.True(root.GetProperty("drift").EnumerateArray().Single().GetProperty("clean").GetBoolean());
            Assert.Equal(2, CliRunner.Run("report", Path.Combine(StateFiles.Folder, "small.netpolicy")).Exit);
        }

        [Fact]
        public void Drift_in_the_report_names_the_flow_each_finding_breaks()
        {
            using var dir = new TempFolder();
            dir.Write("state/gw/gw1.json", StateFiles.SmallExportWithout(13));
            var policy = Path.Combine(StateFiles.Folder, "small.netpolicy");
            var state = Path.Combine(dir.Path, "state");
            var (exit, json, error) = CliRunner.Run("report", policy, "--state", state, "--format", "json");
            Assert.True(exit == 0, json + error);
            var device = JsonDocument.Parse(json).RootElement.GetProperty("drift").EnumerateArray().Single();
            Assert.False(device.GetProperty("clean").GetBoolean());
            var finding = Assert.Single(device.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "NP6002");
            Assert.Contains("tcp/5432", finding.GetProperty("message").GetString());
            Assert.Equal("the policy allows it: allow web -> db : tcp/5432 class gold", finding.GetProperty("policy").GetString());

            var html = Path.Combine(dir.Path, "report.html");
            Assert.Equal(0, CliRunner.Run("report", policy, "--state", state, "-o", html).Exit);
            Assert.Contains("<br><small>the policy allows it: allow web -&gt; db : tcp/5432 class gold</small>", File.ReadAllText(html));

            // An export beside the target folders is in the drift table as not compared, as in verify.
            dir.Write("state/gw1.json", StateFiles.Read("small-gw1.json"));
            Assert.Equal(0, CliRunner.Run("report", policy, "--state", state, "-o", html).Exit);
            Assert.Contains("<code>NP6009</code> ", File.ReadAllText(html));
            Assert.Contains("gw1.json is the state of no target of policy &#39;verify-small&#39;", File.ReadAllText(html));
        }
    }
}
