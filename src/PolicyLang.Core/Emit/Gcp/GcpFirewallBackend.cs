using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Emit.CloudFirewall;
using PolicyLang.Semantics;
using PolicyLang.Platforms;

namespace PolicyLang.Emit.Gcp
{
    /// <summary>
    /// GCP VPC firewall rules as Terraform <c>google_compute_firewall</c> resources (firewall.tf), one set per device (each
    /// device names a VPC network: "NAME" or "projects/PROJECT/global/networks/NAME"). Rules are numbered from the
    /// target's first priority (option first-priority, default 1000), one number per rule and direction, denies first,
    /// then allows, then the policy's default action per family, so GCP's implied rules at 65535 never decide anything.
    /// Each rule holds one address family. Option target-selector picks what a rule applies to on the target's side:
    /// ranges (default; destination or source ranges), tags (network tags, see <see cref="GcpNames"/>) or service-accounts.
    /// </summary>
    public sealed class GcpFirewallBackend() : CloudFirewallBackend<GcpModel>(GcpFirewallPlatform.Description), State.IStateVerifier
    {
        public string StateFormat => GcpStateVerifier.Format;

        public IReadOnlyList<string> ExpectedStates(TargetContext context) => context.Target.Devices.Select(d => d.Value).ToList();

        public bool CombinesFiles => true;

        public string Reapply(TargetContext context) => "terraform apply restores the build's firewall rules; rules it does not manage stay";

        public IReadOnlyList<State.DriftFinding> Verify(TargetContext context, IReadOnlyList<State.StateFile> files) => GcpStateVerifier.Verify(context, files);

        public const int DefaultFirstPriority = 1000;
        public const int MaxPriority = 65535;

        private static readonly Regex s_network = new Regex("^(?:projects/([a-z][a-z0-9-]{4,28}[a-z0-9])/global/networks/)?([a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)$", RegexOptions.CultureInvariant);

        public enum Selector { Ranges, Tags, ServiceAccounts }

        public static Selector TargetSelector(TargetSymbol target) => target.Option("target-selector")?.Value.Value switch
        {
            "tags" => Selector.Tags,
            "service-accounts" => Selector.ServiceAccounts,
            _ => Selector.Ranges,
        };

        public static int FirstPriority(TargetSymbol target) =>
            int.TryParse(target.Option("first-priority")?.Value.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : DefaultFirstPriority;

        protected override bool CanPlan(TargetContext context)
        {
            var target = context.Target;
            CloudChecks.Devices(context, "the VPC network", name =>
            {
                var m = s_network.Match(name);
                if (!m.Success) return "a VPC network: a name of 1–63 lowercase letters, digits and '-' starting with a letter, or 'projects/PROJECT/global/networks/NAME'";
                if (TargetSelector(target) == Selector.ServiceAccounts && !m.Groups[1].Success)
                    return "'projects/PROJECT/global/networks/NAME' (target-selector service-accounts needs the project of the accounts)";
                return null;
            });
            var first = FirstPriority(target);
            bool expressible = CloudChecks.Services(context, s =>
                s.Protocol is int p && (p == ServiceMatch.Icmp || p == ServiceMatch.Icmpv6) && s.IcmpType != null
                    ? "'" + s + "': VPC firewall rules match the ICMP protocol, not ICMP types or codes" : null);
            return expressible && first <= MaxPriority && target.Devices.Count > 0;
        }

        protected override GcpModel Plan(TargetContext context, bool report) => BuildModel(context, report);

        protected override IEnumerable<string> Enforcing(GcpModel model, FlowRule flow) =>
            model.Rules.Where(r => r.Flow == flow).Select(r => "firewall rule " + r.Name + " (" + r.Direction.ToLowerInvariant() + ", network " + r.Network + ")");

        protected override int Rules(GcpModel model) => model.Rules.Count;

        protected override IEnumerable<(string File, string Text)> Render(TargetContext context, GcpModel model) =>
            new[] { ("firewall.tf", TemplateRenderer.Render("Gcp/firewall.tf.scriban", model)) };

        public static GcpModel BuildModel(TargetContext context, bool report)
        {
            var target = context.Target;
            var model = new GcpModel();
            model.Header.Add(CloudText.GeneratedBy(context, "GCP VPC firewall"));
            model.Header.Add("Lower priority numbers win; the policy's denies come first, then its allows, then its default action per address family.");
            var selector = TargetSelector(target);
            if (selector == Selector.Tags) model.Header.Add("Instances of segment S of zone Z carry the network tags Z and Z--S.");
            if (selector == Selector.ServiceAccounts) model.Header.Add("Instances of a zone or segment run as the service account of that zone or segment.");

            var first = FirstPriority(target);
            var directions = new[] { RuleDirection.Inbound, RuleDirection.Outbound };
            var planned = directions.ToDictionary(d => d, d =>
            {
                var rules = FirewallPlanner.Plan(context, d, internetTag: null);
                rules.Add(FirewallPlanner.Default(context, d, AddressFamily.V4));
                rules.Add(FirewallPlanner.Default(context, d, AddressFamily.V6));
                return rules;
            });
            foreach (var d in directions)
            {
                var rules = planned[d];
                if (first + rules.Count - 1 > MaxPriority)
                {
                    if (report)
                    {
                        int available = MaxPriority - first + 1;
                        context.Report(DiagnosticCatalog.CloudPrioritiesExhausted, rules[available].Location, target.Name, GcpFirewallPlatform.Description.Name,
                            d == RuleDirection.Inbound ? "ingress" : "egress", rules.Count.ToString(CultureInfo.InvariantCulture), available.ToString(CultureInfo.InvariantCulture),
                            first.ToString(CultureInfo.InvariantCulture) + "–65535", (available + 1).ToString(CultureInfo.InvariantCulture));
                    }
                    return model;
                }
            }

            // A model built to report (validation) is thrown away once checked: its rules' names, ranges and descriptions,
            // built per device below, are never written.
            if (report) return model;

            var baseName = GcpNames.Fit(CloudText.Slug(target.Name), target.Name, 40);
            for (int n = 0; n < target.Devices.Count; n++)
            {
                var device = target.Devices[n].Value;
                var m = s_network.Match(device);
                var project = m.Success && m.Groups[1].Success ? m.Groups[1].Value : "";
                var prefix = target.Devices.Count > 1 ? baseName + "-n" + n.ToString(CultureInfo.InvariantCulture) : baseName;
                foreach (var d in directions)
                {
                    var rules = planned[d];
                    for (int i = 0; i < rules.Count; i++)
                    {
                        var fr = rules[i];
                        var rule = Rule(context, fr, selector, project);
                        rule.Priority = first + i;
                        rule.Network = device;
                        rule.Project = project;
                        var dir = d == RuleDirection.Inbound ? "i" : "e";
                        rule.Resource = "n" + n.ToString(CultureInfo.InvariantCulture) + "_" + dir + rule.Priority.ToString("D5", CultureInfo.InvariantCulture);
                        var verb = fr.Purpose == RulePurpose.CoverCutOut ? "cut" : fr.IsAllow ? "allow" : "deny";
                        var what = fr.Flow != null
                            ? verb + "-" + CloudText.Slug(fr.Flow.Label) + "-" + CloudText.Slug(fr.Flow.Source + "-to-" + fr.Flow.Destination)
                            : "default-" + verb + (fr.Family == AddressFamily.V4 ? "-v4" : "-v6");
                        rule.Name = CloudText.Cut(prefix + "-" + dir + rule.Priority.ToString("D5", CultureInfo.InvariantCulture) + "-" + what, GcpNames.MaxName);
                        model.Rules.Add(rule);
                    }
                }
            }
            return model;
        }

        private static GcpRule Rule(TargetContext context, FirewallRule fr, Selector selector, string project)
        {
            bool ingress = fr.Direction == RuleDirection.Inbound;
            var rule = new GcpRule
            {
                Direction = ingress ? "INGRESS" : "EGRESS",
                Action = fr.IsAllow ? "allow" : "deny",
                Flow = fr.Flow,
                Log = fr.Purpose == RulePurpose.Allow || fr.Purpose == RulePurpose.Deny ? fr.Flow!.Log : false,
                Description = Describe(fr),
            };
            var local = ingress ? fr.Destination : fr.Source;
            var remote = ingress ? fr.Source : fr.Destination;
            var localEndpoint = fr.Flow == null ? null : ingress ? fr.Flow.Destination : fr.Flow.Source;
            var zero = fr.Family == AddressFamily.V4 ? "0.0.0.0/0" : "::/0";
            var remoteRanges = remote.IsExplicit ? remote.Prefixes.Select(p => p.ToString()).ToList() : new List<string> { zero };
            var localRanges = new List<string>();
            if (local.IsExplicit)
            {
                // A tag or service account selects every instance of the zone or segment: a narrowed endpoint takes its ranges.
                bool whole = localEndpoint != null && !localEndpoint.IsAny && !localEndpoint.IsNarrowed
                    && local.Set.Equals(context.Addresses.Of(localEndpoint).Intersect(FirewallPlanner.FamilySet(fr.Family)));
                if (whole && selector == Selector.Tags) rule.TargetTags.Add(GcpNames.Tag(localEndpoint!.Zone!, localEndpoint.Segment));
                else if (whole && selector == Selector.ServiceAccounts)
                    rule.TargetServiceAccounts.Add(GcpNames.ServiceAccountId(localEndpoint!.Zone!, localEndpoint.Segment) + "@" + project + ".iam.gserviceaccount.com");
                else localRanges.AddRange(local.Prefixes.Select(p => p.ToString()));
            }
            if (ingress)
            {
                rule.SourceRanges.AddRange(remoteRanges);
                rule.DestinationRanges.AddRange(localRanges);
            }
            else
            {
                rule.DestinationRanges.AddRange(remoteRanges);
                rule.SourceRanges.AddRange(localRanges);
            }
            rule.Matches.AddRange(Matches(fr.Services));
            return rule;
        }

        public static IEnumerable<GcpMatch> Matches(IReadOnlyList<ServiceMatch> services)
        {
            if (services.Any(s => s.IsAny))
            {
                yield return new GcpMatch { Protocol = "all" };
                yield break;
            }
            var order = new List<string>();
            var ports = new Dictionary<string, List<Interval>?>();
            foreach (var s in services)
            {
                int p = s.Protocol!.Value;
                var name = p switch
                {
                    ServiceMatch.Tcp => "tcp",
                    ServiceMatch.Udp => "udp",
                    ServiceMatch.Sctp => "sctp",
                    ServiceMatch.Icmp => "icmp",
                    _ => p.ToString(CultureInfo.InvariantCulture),
                };
                if (!ports.ContainsKey(name)) { order.Add(name); ports[name] = new List<Interval>(); }
                if (!s.HasPorts || s.Ports == null) ports[name] = null;
                else ports[name]?.AddRange(s.Ports);
            }
            foreach (var name in order)
            {
                var m = new GcpMatch { Protocol = name };
                if (ports[name] != null) m.Ports.AddRange(CloudText.PortRanges(ports[name]!));
                yield return m;
            }
        }

        private static string Describe(FirewallRule fr)
        {
            if (fr.Flow == null) return "policy default: " + (fr.IsAllow ? "allow" : "deny") + " everything no earlier rule decides";
            var f = fr.Flow;
            var head = fr.Purpose == RulePurpose.CoverCutOut
                ? "cut-out before the cover rule of " + f.Reference + ": other zones' addresses"
                : f.Reference + " at " + f.Location.Display + ": " + f.Describe();
            if (fr.Purpose != RulePurpose.CoverCutOut && f.Description != null) head += " - " + f.Description;
            return CloudText.Text(head, 256);
        }
    }
}
