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
    /// `policyc build` of every cloud and Kubernetes target of the synthetic policy (azure-nsg, gcp-firewall, kubernetes,
    /// and aws where this build has its backend), from text: parse, bind, check, then compile. The 100k-line policy has
    /// about a hundred targets of each cloud platform and about three hundred Kubernetes targets.
    /// </summary>
    [MemoryDiagnoser]
    [MedianColumn, MinColumn]
    [GcServer(true)] // as policyc runs (src/PolicyLang.Cli sets ServerGarbageCollection)
    public class CloudBuildBenchmarks
    {
        public static readonly string[] Platforms = { "aws", "azure-nsg", "gcp-firewall", "kubernetes" };

        private string _text = "";
        private List<string> _targets = new List<string>();

        [Params(100_000)]
        public int Lines { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _text = CloudExpressible(SyntheticPolicy.Generate(Lines));
            var compilation = Compile();
            if (compilation.PolicyDiagnostics.Any(d => d.IsError)) throw new InvalidOperationException("The generated policy has errors:\n" + string.Join("\n", compilation.PolicyDiagnostics.Take(5)));
            _targets = compilation.Model.Targets.Where(t => Platforms.Contains(t.Platform.Value) && PolicyLang.Platforms.PlatformRegistry.Find(t.Platform.Value) != null).Select(t => t.Name).ToList();
        }

        /// <summary>
        /// The synthetic policy, line for line, with what cloud firewalls and NetworkPolicies cannot express rewritten:
        /// ICMP types, SCTP and other protocols become UDP/TCP ports, and flows lose class, rate and log (no other target
        /// of the policy enforces those for the cloud zones); AWS zones talk to the partner-0 feeds rather than the internet
        /// (see <see cref="FabricBenchmarks.InternetAsPartner"/>). Every cloud target of the result compiles. Other platforms'
        /// target options become comments.
        /// </summary>
        public static string CloudExpressible(string text)
        {
            var compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, "synthetic.netpolicy") });
            var aws = new HashSet<string>(compilation.Model.Targets.Where(t => t.Platform.Value == "aws").SelectMany(t => t.Zones.Select(z => z.Name)), StringComparer.Ordinal);
            var lines = text.Split('\n');
            // AWS security groups only allow: the internet (every address but the policy's, with the 288 partners' feeds cut
            // out) takes thousands of rules, past the 1000 an interface can carry. The AWS zones talk to partner-0 instead.
            FabricBenchmarks.InternetAsPartner(lines, compilation, aws);
            string platform = "";
            for (int i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.StartsWith("target ", StringComparison.Ordinal)) platform = line.Split(' ')[2];
                // Other platforms' options are no concern here (and unknown to a build without their backends).
                if (line.StartsWith("  option ", StringComparison.Ordinal) && !Platforms.Contains(platform)) lines[i] = "  #" + line.Substring(1);
                if (!(line.StartsWith("service ", StringComparison.Ordinal) || line.StartsWith("allow ", StringComparison.Ordinal) || line.StartsWith("deny ", StringComparison.Ordinal))) continue;
                line = System.Text.RegularExpressions.Regex.Replace(line, "\\bicmp(?:v6)?\\b(?!-)(?: (?:\\d+|[a-z]+-[a-z-]+))?(?: code \\d+)?", "udp/7");
                line = System.Text.RegularExpressions.Regex.Replace(line, "\\bsctp\\b", "tcp");
                line = System.Text.RegularExpressions.Regex.Replace(line, "\\bproto \\d+", "udp/9");
                if (!line.StartsWith("service ", StringComparison.Ordinal))
                    line = System.Text.RegularExpressions.Regex.Replace(line, " (?:class [a-z0-9-]+|rate [0-9a-zA-Z/]+|log)(?= |$)", "");
                lines[i] = line;
            }
            return string.Join("\n", lines);
        }

        private PolicyCompilation Compile() => PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(_text, "synthetic.netpolicy") });

        private PolicyCompilation? _checked;

        /// <summary>A fresh compilation, already checked, for <see cref="BuildCloudTargets"/>: nothing memoized from an earlier build.</summary>
        [IterationSetup(Target = nameof(BuildCloudTargets))]
        public void CheckFreshCompilation()
        {
            _checked = Compile();
            _ = _checked.PolicyDiagnostics;
        }

        /// <summary>The backends alone: every cloud and Kubernetes target of a policy that is already checked.</summary>
        [Benchmark]
        public int BuildCloudTargets()
        {
            return BuildRun.Of(_checked!, _targets);
        }

        /// <summary>Parse, check and build from text.</summary>
        [Benchmark]
        public int CheckAndBuildCloudTargets()
        {
            return BuildRun.Of(Compile(), _targets);
        }
    }
}
