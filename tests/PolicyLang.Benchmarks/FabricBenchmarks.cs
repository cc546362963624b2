using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;

namespace PolicyLang.Benchmarks
{
    /// <summary>
    /// Building every fabric target of the synthetic policy (device blocks on every pod, five switch platforms in turn),
    /// on a policy already checked: what `policyc build` adds for the switches. Platforms without a backend in this build
    /// are left out (and named by <see cref="FabricTargets"/>).
    /// </summary>
    [MemoryDiagnoser]
    [MedianColumn, MinColumn]
    [GcServer(true)] // as policyc runs (src/PolicyLang.Cli sets ServerGarbageCollection)
    public class FabricBenchmarks
    {
        public static readonly string[] Platforms = { "arista-eos", "cisco-nxos", "juniper-junos", "sonic", "cumulus-nvue" };

        private PolicyCompilation? _compilation;
        private List<string> _targets = new List<string>();

        [Params(100_000)]
        public int Lines { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(FabricExpressible(SyntheticPolicy.Generate(Lines)), "synthetic.netpolicy") });
            if (_compilation.PolicyDiagnostics.Any(d => d.IsError)) throw new InvalidOperationException("The generated policy has errors:\n" + string.Join("\n", _compilation.PolicyDiagnostics.Take(5)));
            _targets = FabricTargets(_compilation);
        }

        /// <summary>
        /// The synthetic policy, line for line, with what some switch platforms cannot express rewritten, so that every
        /// fabric target compiles: ICMP code matches and SCTP ports (NVUE matches neither) become the bare ICMP type and TCP
        /// everywhere; flows of zones on SONiC pods lose rate and log (SONiC has no policer and no ACL logging); and the
        /// internet becomes the partner-0 feeds in flows of zones on NVUE pods (NVUE numbers an ACL's rules up to 65535 in
        /// steps of 10, and the all-but-internal IPv4 space with the 288 partners' holes cut out takes more); for the same
        /// reason the telnet denies from any source are not logged (logged, each pod's ACL lists every zone they protect).
        /// </summary>
        public static string FabricExpressible(string text)
        {
            var compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, "synthetic.netpolicy") });
            var model = compilation.Model;
            var sonic = new HashSet<string>(model.Targets.Where(t => t.Platform.Value == "sonic").SelectMany(t => t.Zones.Select(z => z.Name)), StringComparer.Ordinal);
            var nvue = new HashSet<string>(model.Targets.Where(t => t.Platform.Value == "cumulus-nvue").SelectMany(t => t.Zones.Select(z => z.Name)), StringComparer.Ordinal);
            var lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                bool flow = line.StartsWith("allow ", StringComparison.Ordinal) || line.StartsWith("deny ", StringComparison.Ordinal);
                if (!flow && !line.StartsWith("service ", StringComparison.Ordinal)) continue;
                line = System.Text.RegularExpressions.Regex.Replace(line, "\\b(icmp(?:v6)? (?:\\d+|[a-z]+-[a-z-]+)) code \\d+", "$1");
                line = System.Text.RegularExpressions.Regex.Replace(line, "\\bsctp\\b", "tcp");
                // A logged deny from any source puts every zone it protects into each pod's logged-deny entries.
                if (line.StartsWith("deny any -> ", StringComparison.Ordinal)) line = System.Text.RegularExpressions.Regex.Replace(line, " log(?= |$)", "");
                if (flow)
                {
                    var arrow = line.IndexOf(" -> ", StringComparison.Ordinal);
                    var colon = line.IndexOf(" : ", StringComparison.Ordinal);
                    if (arrow > 0 && colon > arrow)
                    {
                        string Zone(string endpoint) => endpoint.Split('.')[0];
                        var source = Zone(line.Substring(line.IndexOf(' ') + 1, arrow - line.IndexOf(' ') - 1));
                        var destination = Zone(line.Substring(arrow + 4, colon - arrow - 4));
                        if (sonic.Contains(source) || sonic.Contains(destination))
                            line = System.Text.RegularExpressions.Regex.Replace(line, " (?:rate [0-9a-zA-Z/]+|log)(?= |$)", "");
                    }
                }
                lines[i] = line;
            }
            InternetAsPartner(lines, compilation, nvue);
            return string.Join("\n", lines);
        }

        /// <summary>
        /// Rewrites, in place, the internet as the partner-0 feeds wherever it meets one of <paramref name="zones"/>: in
        /// flows, in those zones' isolation assertions (which then allow partner-0 too) and in the tests' internet clients
        /// of hosts in those zones (which become a partner-0 host).
        /// </summary>
        public static void InternetAsPartner(string[] lines, PolicyCompilation compilation, HashSet<string> zones)
        {
            for (int i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.StartsWith("assert isolated ", StringComparison.Ordinal) && zones.Contains(line.Split(' ')[2]) && line.Contains(" internet") && !line.Contains("partner-0"))
                    lines[i] = line.Replace(" internet", " internet, partner-0");
                else if (line.StartsWith("  expect allow 203.0.113.", StringComparison.Ordinal))
                {
                    var words = line.Split(' ');
                    var address = PolicyLang.Analysis.HeaderSpace.IpPrefix.Parse(words[6]).First;
                    if (compilation.Addresses.ZoneOf(address) is { } zone && zones.Contains(zone.Name)) lines[i] = line.Replace(words[4], "100.64.0.10");
                }
                else if (line.StartsWith("allow ", StringComparison.Ordinal) || line.StartsWith("deny ", StringComparison.Ordinal))
                {
                    var arrow = line.IndexOf(" -> ", StringComparison.Ordinal);
                    var colon = line.IndexOf(" : ", StringComparison.Ordinal);
                    if (arrow < 0 || colon < arrow) continue;
                    string Zone(string endpoint) => endpoint.Split('.')[0];
                    var source = Zone(line.Substring(line.IndexOf(' ') + 1, arrow - line.IndexOf(' ') - 1));
                    var destination = Zone(line.Substring(arrow + 4, colon - arrow - 4));
                    if (zones.Contains(source) || zones.Contains(destination))
                        lines[i] = System.Text.RegularExpressions.Regex.Replace(line, "(?<=^(?:allow|deny) |-> )internet(?= )", "partner-0");
                }
            }
        }

        /// <summary>The targets of the fabric platforms that have a backend here.</summary>
        public static List<string> FabricTargets(PolicyCompilation compilation) =>
            compilation.Model.Targets.Where(t => Platforms.Contains(t.Platform.Value) && PolicyLang.Platforms.PlatformRegistry.Find(t.Platform.Value) != null).Select(t => t.Name).ToList();

        private PolicyCompilation? _checked;

        /// <summary>A fresh compilation, already checked, for <see cref="BuildAllFabricTargets"/>: nothing memoized from an earlier build.</summary>
        [IterationSetup(Target = nameof(BuildAllFabricTargets))]
        public void CheckFreshCompilation()
        {
            _checked = PolicyCompilation.Create(_compilation!.Trees);
            _ = _checked.PolicyDiagnostics;
        }

        /// <summary>The backends alone: every fabric target of a policy that is already checked.</summary>
        [Benchmark]
        public int BuildAllFabricTargets()
        {
            return BuildRun.Of(_checked!, _targets);
        }

        /// <summary>A fresh compilation each time: the fabric layer memoizes per policy, and a build starts from none.</summary>
        [Benchmark]
        public int CheckAndBuildAllFabricTargets()
        {
            var compilation = PolicyCompilation.Create(_compilation!.Trees);
            return BuildRun.Of(compilation, _targets);
        }
    }
}
