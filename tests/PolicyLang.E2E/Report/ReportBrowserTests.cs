using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyLang.E2E.Lab;
using PolicyLang.Operations;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;
using Xunit;

namespace PolicyLang.E2E.Report
{
    /// <summary>
    /// The compliance report in a real browser (headless Debian chromium): it loads from a file with no network, the
    /// matrix and the zone graph are laid out (measured in the page), and the screenshot of the sample's report in
    /// docs/ is what the browser shows (POLICYLANG_UPDATE_BASELINES=1 rewrites it).
    /// </summary>
    public sealed class ReportBrowserTests
    {
        private static string Chromium()
        {
            var path = ToolPaths.Find("chromium") ?? ToolPaths.Find("chromium-browser");
            if (path != null) return path;
            var message = "chromium is missing (as root, .ci/install-prerequisites installs it)";
            if (E2EPrerequisites.IsCi) Assert.Fail(message + " [CI=true, so this is a failure, not a skip]");
            Skip.If(true, message);
            return "";
        }

        private static CommandResult Browser(string chromium, params string[] args) =>
            HostCommand.Run(chromium, new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + Path.Combine(Path.GetTempPath(), "pl-chromium-" + Guid.NewGuid().ToString("N")) }.Concat(args).ToList(), TimeSpan.FromMinutes(2));

        private const string Measure = @"<script>
(function () {
  var t = document.getElementById('reachability').getBoundingClientRect();
  var g = document.getElementById('zone-graph');
  var s = g.getBoundingClientRect();
  var b = g.getBBox();
  var m = document.createElement('pre');
  m.id = 'measure';
  m.textContent = JSON.stringify({ tableWidth: t.width, tableHeight: t.height, rows: document.querySelectorAll('#reachability tbody tr').length,
    allowCells: document.querySelectorAll('#reachability td.allow').length, svgWidth: s.width, svgHeight: s.height, boxWidth: b.width, boxHeight: b.height,
    zones: g.querySelectorAll('g.zone').length, edges: g.querySelectorAll('line.edge').length, loops: g.querySelectorAll('path.loop').length,
    zoneTextWidth: g.querySelector('g.zone text').getComputedTextLength() });
  document.body.appendChild(m);
})();
</script>";

        [SkippableFact]
        public void The_sample_report_renders_its_matrix_and_graph_offline_in_chromium()
        {
            var chromium = Chromium();
            var compilation = PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Samples, "ai-platform") })).Single();
            var report = ComplianceReport.Create(compilation);
            var html = ReportHtml.Render(report);

            // Self-contained: no script, no stylesheet or image link, no URL but the SVG namespace.
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(new Regex("(src|href)=\"(?!#)", RegexOptions.IgnoreCase), html);
            Assert.DoesNotContain(Regex.Matches(html, "https?://[^\"]+").Cast<Match>().Select(m => m.Value), u => u != "http://www.w3.org/2000/svg");

            var dir = Path.Combine(Path.GetTempPath(), "pl-report-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var measured = Path.Combine(dir, "measured.html");
                File.WriteAllText(measured, html.Replace("</body>", Measure + "\n</body>"));
                var dump = Browser(chromium, "--dump-dom", "file://" + measured);
                Assert.True(dump.Succeeded, dump.Describe());
                var json = Regex.Match(dump.Stdout, "<pre id=\"measure\">(.*?)</pre>", RegexOptions.Singleline);
                Assert.True(json.Success, "the page did not run to the end:\n" + dump.Stdout.Substring(0, Math.Min(2000, dump.Stdout.Length)));
                var m = JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(json.Groups[1].Value)).RootElement;
                Assert.Equal(report.Zones.Count, m.GetProperty("rows").GetInt32());
                Assert.Equal(report.Cells.Count(c => c.Allows), m.GetProperty("allowCells").GetInt32());
                Assert.Equal(report.Zones.Count, m.GetProperty("zones").GetInt32());
                Assert.Equal(report.Cells.Count(c => c.Allows && c.From != c.To), m.GetProperty("edges").GetInt32());
                Assert.Equal(report.Cells.Count(c => c.Allows && c.From == c.To), m.GetProperty("loops").GetInt32());
                Assert.True(m.GetProperty("tableWidth").GetDouble() > 400 && m.GetProperty("tableHeight").GetDouble() > 100, "the matrix was not laid out: " + m);
                Assert.True(m.GetProperty("svgWidth").GetDouble() > 300 && m.GetProperty("boxWidth").GetDouble() > 300 && m.GetProperty("boxHeight").GetDouble() > 300, "the graph was not drawn: " + m);
                Assert.True(m.GetProperty("zoneTextWidth").GetDouble() > 10, "zone labels have no width: " + m);

                // The screenshot in docs/ is the browser's picture of this report.
                var page = Path.Combine(dir, "report.html");
                File.WriteAllText(page, html);
                var shot = Path.Combine(dir, "report.png");
                var screenshot = Browser(chromium, "--window-size=1320,1900", "--screenshot=" + shot, "file://" + page);
                Assert.True(screenshot.Succeeded && File.Exists(shot), screenshot.Describe());
                var png = File.ReadAllBytes(shot);
                Assert.True(png.Length > 50_000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "not a picture of the report: " + png.Length + " bytes");
                var docs = Path.Combine(RepositoryPaths.Root, "docs", "report-ai-platform.png");
                if (Environment.GetEnvironmentVariable("POLICYLANG_UPDATE_BASELINES") == "1") File.Copy(shot, docs, overwrite: true);
                Assert.True(File.Exists(docs), "docs/report-ai-platform.png is missing: run this test with POLICYLANG_UPDATE_BASELINES=1");
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
