using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.Aws;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.E2E.Aws
{
    /// <summary>One moto_server for the class; each test uses its own VPC in it.</summary>
    public sealed class MotoFixture : IDisposable
    {
        public MotoServer Server { get; } = new MotoServer();

        public void Dispose() => Server.Dispose();
    }

    /// <summary>
    /// The aws output of every sample with an aws target and of the E2E aws policies, checked by the real tools:
    /// terraform validate (local provider mirror), cfn-lint, and terraform apply against moto_server followed by a
    /// read-back through the EC2 API whose header-space meaning must equal the policy's intent exactly.
    /// </summary>
    [ProvesPlatform(PlatformProof.Exact, "aws")]
    public sealed class AwsValidatorTests : IClassFixture<MotoFixture>
    {
        private readonly MotoFixture _moto;
        private readonly ITestOutputHelper _output;

        public AwsValidatorTests(MotoFixture moto, ITestOutputHelper output)
        {
            _moto = moto;
            _output = output;
        }

        public static TheoryData<string> Policies()
        {
            var data = new TheoryData<string>();
            foreach (var p in PolicyPaths) data.Add(p);
            return data;
        }

        public static readonly string[] PolicyPaths =
        {
            "samples/ai-platform",
            "samples/inference-edge",
            "samples/campus-lab",
            "tests/PolicyLang.E2E/Policies/aws.netpolicy",
            "tests/PolicyLang.E2E/Policies/aws-hostile.netpolicy",
        };

        internal static (IReadOnlyList<PolicyCompilation> Compilations, List<(PolicyCompilation Compilation, TargetSymbol Target)> Targets) AwsTargets(string path)
        {
            var compilations = PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Root, path) }));
            var targets = compilations.SelectMany(c => c.Model.Targets.Where(t => t.Platform.Value == "aws").Select(t => (c, t))).ToList();
            return (compilations, targets);
        }

        private static IReadOnlyList<Artifact> Build(IReadOnlyList<PolicyCompilation> compilations, string target)
        {
            var result = PolicyBuilder.Build(compilations, new[] { target });
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            return result.Artifacts;
        }

        [SkippableTheory]
        [MemberData(nameof(Policies))]
        public void Terraform_validate_accepts_every_aws_target(string path)
        {
            AwsTools.Require(AwsTools.Terraform, AwsTools.ProviderMirror);
            var (compilations, targets) = AwsTargets(path);
            foreach (var (_, target) in targets)
            {
                var dir = ToolRun.TempDirectory("validate");
                try
                {
                    File.WriteAllText(Path.Combine(dir, "main.tf"), Build(compilations, target.Name).Single(a => a.RelativePath.EndsWith("/main.tf", StringComparison.Ordinal)).Content);
                    Init(dir);
                    var validate = ToolRun.Run(AwsTools.Terraform, new[] { "validate", "-no-color" }, dir, TimeSpan.FromMinutes(5));
                    Assert.True(validate.Succeeded, target.Name + ": " + validate.Describe() + "\n" + validate.Stdout);
                    var fmt = ToolRun.Run(AwsTools.Terraform, new[] { "fmt", "-check", "-diff", "-no-color", "main.tf" }, dir, TimeSpan.FromMinutes(1));
                    Assert.True(fmt.Succeeded, target.Name + ": the output is not in terraform fmt layout:\n" + fmt.Stdout);
                }
                finally
                {
                    ToolRun.Delete(dir);
                }
            }
        }

        [SkippableTheory]
        [MemberData(nameof(Policies))]
        public void Cfn_lint_accepts_every_aws_template(string path)
        {
            AwsTools.Require(AwsTools.CfnLint);
            var (compilations, targets) = AwsTargets(path);
            foreach (var (_, target) in targets)
            {
                var dir = ToolRun.TempDirectory("cfn");
                try
                {
                    File.WriteAllText(Path.Combine(dir, "template.yaml"), Build(compilations, target.Name).Single(a => a.RelativePath.EndsWith("/template.yaml", StringComparison.Ordinal)).Content);
                    var lint = ToolRun.Run(AwsTools.CfnLint, new[] { "--format", "parseable", "--", "template.yaml" }, dir, TimeSpan.FromMinutes(5));
                    Assert.True(lint.Succeeded, target.Name + ": " + lint.Describe() + "\n" + lint.Stdout);
                }
                finally
                {
                    ToolRun.Delete(dir);
                }
            }
        }

        [SkippableTheory]
        [MemberData(nameof(Policies))]
        public void Applied_to_moto_the_rules_read_back_equal_the_intent(string path)
        {
            AwsTools.Require(AwsTools.Terraform, AwsTools.ProviderMirror, AwsTools.MotoServer);
            var (_, targets) = AwsTargets(path);
            foreach (var (original, originalTarget) in targets)
            {
                var (compilations, compilation, target) = MotoCompatible(path, original, originalTarget);
                var endpoint = _moto.Server.Start();
                using var ec2 = new Ec2Reader(endpoint);
                var vpc = ec2.CreateVpc("10.0.0.0/16");
                var diagnostics = new List<PolicyLang.Diagnostics.Diagnostic>();
                var plan = AwsPlanner.Build(new TargetContext(compilation, target, diagnostics), report: false);
                if (plan.FlowLogDestination != null) ec2.CreateBucket(plan.FlowLogDestination.Substring("arn:aws:s3:::".Length).Split('/')[0]);
                var dir = ToolRun.TempDirectory("apply");
                try
                {
                    File.WriteAllText(Path.Combine(dir, "main.tf"), Build(compilations, target.Name).Single(a => a.RelativePath.EndsWith("/main.tf", StringComparison.Ordinal)).Content);
                    AwsTools.WriteMotoProvider(dir, endpoint);
                    Init(dir);
                    var clock = Stopwatch.StartNew();
                    // One subnet per zone with a network ACL: the ACL's required input (without it the apply refuses).
                    var subnets = plan.NetworkAcls.Select((a, i) => (a.Zone.Name, Var: "subnet_ids_" + a.Key,
                        Subnet: ec2.CreateSubnet(vpc, "10.0." + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".0/24"))).ToList();
                    var apply = ToolRun.Run(AwsTools.Terraform, new[] { "apply", "-auto-approve", "-no-color", "-parallelism=20", "-var", "vpc_id=" + vpc }
                        .Concat(subnets.SelectMany(s => new[] { "-var", s.Var + "=[\"" + s.Subnet + "\"]" })).ToArray(), dir, TimeSpan.FromMinutes(20));
                    Assert.True(apply.Succeeded, target.Name + ": " + apply.Describe() + "\n" + Tail(apply.Stdout));
                    var applied = clock.Elapsed;
                    clock.Restart();
                    var observed = ec2.Read(vpc);
                    var implemented = AwsSemantics.Implemented(compilation, observed);
                    var intent = AwsSemantics.Intent(compilation, target);
                    var readBack = clock.Elapsed;

                    // Everything the plan holds was created: the same groups, rules and ACL entries, no more.
                    Assert.Equal(plan.Groups.Count, observed.Groups.Count);
                    Assert.Equal(plan.Groups.Sum(g => g.Ingress.Count + g.Egress.Count), observed.Rules.Count);
                    Assert.Equal(plan.NetworkAcls.Sum(a => a.Entries.Count), observed.Acls.Sum(a => a.Entries.Count));
                    // Each network ACL is associated with its zone's subnet, so its denies are enforced there.
                    foreach (var s in subnets) Assert.Equal(new[] { s.Subnet }, observed.Acls.Single(a => a.Zone == s.Name).Subnets);

                    var flowLogs = ec2.FlowLogs(vpc);
                    if (plan.FlowLogDestination != null) Assert.Contains(("ALL", plan.FlowLogDestination), flowLogs);
                    else Assert.Empty(flowLogs);

                    if (!intent.SetEquals(implemented))
                    {
                        var extra = implemented.Except(intent);
                        var missing = intent.Except(implemented);
                        Assert.Fail(target.Name + ": what AWS holds differs from the intent; allowed but not intended: "
                            + (extra.TryGetWitness(out var e) ? e.ToString() : "none") + "; intended but not allowed: " + (missing.TryGetWitness(out var m) ? m.ToString() : "none"));
                    }
                    Assert.False(intent.IsEmpty, target.Name + ": the intent is empty, so the proof proves nothing");
                    _output.WriteLine($"{target.Name}: {observed.Groups.Count} groups, {observed.Rules.Count} rules, {observed.Acls.Sum(a => a.Entries.Count)} ACL entries; "
                        + $"terraform apply {applied.TotalSeconds:F1} s, read-back and proof {readBack.TotalSeconds:F1} s");
                }
                finally
                {
                    ToolRun.Delete(dir);
                }
            }
        }

        /// <summary>
        /// moto caps a group at 60 rules per direction with IPv4 and IPv6 together, while AWS counts the families separately
        /// (60 each). A target whose groups hold more than 60 rules in one direction is applied with 'option rules-per-group 30'
        /// and 'option groups-per-interface 16' added: the same rules spread over more groups, so the proof covers the same intent.
        /// </summary>
        private (IReadOnlyList<PolicyCompilation>, PolicyCompilation, TargetSymbol) MotoCompatible(string path, PolicyCompilation compilation, TargetSymbol target)
        {
            var plan = AwsPlanner.Build(new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>()), report: false);
            if (plan.Groups.All(g => g.Ingress.Count <= 60 && g.Egress.Count <= 60))
                return (new[] { compilation }, compilation, target);
            var file = target.Location.Path;
            var lines = File.ReadAllLines(file).ToList();
            int start = lines.FindIndex(l => l.TrimStart().StartsWith("target " + target.Name + " aws", StringComparison.Ordinal));
            Assert.True(start >= 0, "target " + target.Name + " not found in " + file);
            int end = lines.FindIndex(start, l => l.Trim() == "}");
            for (int i = end - 1; i > start; i--)
                if (lines[i].Trim().StartsWith("option rules-per-group", StringComparison.Ordinal) || lines[i].Trim().StartsWith("option groups-per-interface", StringComparison.Ordinal)
                    || lines[i].Trim().StartsWith("option split-groups", StringComparison.Ordinal))
                    lines.RemoveAt(i);
            // moto counts a direction's rules of both families together (AWS counts each family): 30 per family keeps both under 60.
            lines.Insert(start + 1, "  option rules-per-group 30");
            lines.Insert(start + 2, "  option groups-per-interface 16");
            lines.Insert(start + 3, "  option split-groups on");
            var root = Path.Combine(RepositoryPaths.Root, path);
            var copy = ToolRun.TempDirectory("policy");
            var source = Directory.Exists(root) ? root : Path.GetDirectoryName(root)!;
            foreach (var f in Directory.GetFiles(source, "*.netpolicy")) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
            File.WriteAllLines(Path.Combine(copy, Path.GetFileName(file)), lines);
            var compilations = PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { Directory.Exists(root) ? copy : Path.Combine(copy, Path.GetFileName(root)) }));
            ToolRun.Delete(copy);
            var c = compilations.Single(x => x.Model.FindTarget(target.Name) != null);
            _output.WriteLine(target.Name + ": groups hold more than moto's 60 rules per direction; applied with rules-per-group 30");
            return (compilations, c, c.Model.FindTarget(target.Name)!);
        }

        [SkippableFact]
        public void A_network_ACL_without_its_subnets_is_refused_before_anything_is_applied()
        {
            AwsTools.Require(AwsTools.Terraform, AwsTools.ProviderMirror, AwsTools.MotoServer);
            var (compilations, targets) = AwsTargets("tests/PolicyLang.E2E/Policies/aws.netpolicy");
            var (compilation, target) = targets.Single(t => t.Target.Name == "three-tier");
            var plan = AwsPlanner.Build(new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>()), report: false);
            Assert.NotEmpty(plan.NetworkAcls);
            var endpoint = _moto.Server.Start();
            using var ec2 = new Ec2Reader(endpoint);
            var vpc = ec2.CreateVpc("10.0.0.0/16");
            var dir = ToolRun.TempDirectory("nacl-inputs");
            try
            {
                File.WriteAllText(Path.Combine(dir, "main.tf"), Build(compilations, target.Name).Single(a => a.RelativePath.EndsWith("/main.tf", StringComparison.Ordinal)).Content);
                AwsTools.WriteMotoProvider(dir, endpoint);
                Init(dir);
                var name = "subnet_ids_" + plan.NetworkAcls[0].Key;

                // Left unset: a required variable, not a silent empty list.
                var unset = ToolRun.Run(AwsTools.Terraform, new[] { "apply", "-auto-approve", "-input=false", "-no-color", "-var", "vpc_id=" + vpc }, dir, TimeSpan.FromMinutes(5));
                Assert.False(unset.Succeeded, unset.Stdout);
                Assert.Contains("No value for required variable", unset.Stdout + unset.Stderr);
                Assert.Contains(name, unset.Stdout + unset.Stderr);

                // Set to an empty list: the validation says why.
                var args = new List<string> { "apply", "-auto-approve", "-input=false", "-no-color", "-var", "vpc_id=" + vpc };
                foreach (var acl in plan.NetworkAcls) args.AddRange(new[] { "-var", "subnet_ids_" + acl.Key + "=[]" });
                var empty = ToolRun.Run(AwsTools.Terraform, args.ToArray(), dir, TimeSpan.FromMinutes(5));
                Assert.False(empty.Succeeded, empty.Stdout);
                Assert.Contains("has deny flows that only its network ACL enforces", System.Text.RegularExpressions.Regex.Replace(empty.Stdout + empty.Stderr, @"\s+", " "));

                // Nothing was created either time.
                Assert.Empty(ec2.Read(vpc).Acls);
                Assert.Empty(ec2.Read(vpc).Groups);
            }
            finally
            {
                ToolRun.Delete(dir);
            }
        }

        private static void Init(string dir)
        {
            var init = ToolRun.Run(AwsTools.Terraform, new[] { "init", "-backend=false", "-input=false", "-no-color", "-plugin-dir=" + AwsTools.PathOf(AwsTools.ProviderMirror) }, dir, TimeSpan.FromMinutes(5));
            Assert.True(init.Succeeded, init.Describe() + "\n" + init.Stdout);
        }

        private static string Tail(string text) => text.Length > 6000 ? "..." + text.Substring(text.Length - 6000) : text;
    }
}
