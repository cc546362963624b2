using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Emit.CloudFirewall;
using PolicyLang.Semantics;
using PolicyLang.Platforms;

namespace PolicyLang.Emit.Azure
{
    /// <summary>
    /// Azure network security groups, as Bicep (nsg.bicep) and Terraform azurerm (nsg.tf). Each device of the target is one
    /// NSG carrying the same rules. NSG rules are first-match by priority (100–4096, lower first, unique per direction):
    /// the policy's denies come first, then its allows, and priority 4096 holds the policy's default action, so Azure's
    /// own defaults (AllowVnetInBound, AllowInternetOutBound, ...) never decide anything.
    /// Service tags: <c>Internet</c> stands for the external catch-all zone (one written as 0.0.0.0/0 and ::/0), with the
    /// addresses of other external zones cut out in front of it; <c>VirtualNetwork</c> is never emitted, because Azure
    /// widens it to peered networks and on-premises ranges the policy may not list as zones.
    /// </summary>
    public sealed class AzureNsgBackend() : CloudFirewallBackend<NsgModel>(AzureNsgPlatform.Description), State.IStateVerifier
    {
        public string StateFormat => AzureStateVerifier.Format;

        public IReadOnlyList<string> ExpectedStates(TargetContext context) => context.Target.Devices.Select(d => d.Value).ToList();

        public bool CombinesFiles => false;

        public string Reapply(TargetContext context) =>
            "the Bicep deployment sets each network security group's rules to the build's (a rule added in the portal goes); with the Terraform output, one resource per rule, such a rule stays";

        public IReadOnlyList<State.DriftFinding> Verify(TargetContext context, IReadOnlyList<State.StateFile> files) => AzureStateVerifier.Verify(context, files.Single());

        public const int FirstPriority = 100;
        public const int LastPriority = 4096;
        public const int MaxRulesPerGroup = 1000;
        public const int MaxNameLength = 80;
        public const int MaxDescriptionLength = 140;
        public const string InternetTag = "Internet";

        private static readonly Regex s_nsgName = new Regex("^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$", RegexOptions.CultureInvariant);

        protected override bool CanPlan(TargetContext context)
        {
            CloudChecks.Devices(context, "the network security group", name => s_nsgName.IsMatch(name) ? null
                : "a network security group name (1–80 characters: letters, digits, '_', '.', '-'; starting with a letter or digit, ending with a letter, digit or '_')");
            return CloudChecks.Services(context, Unsupported);
        }

        protected override NsgModel Plan(TargetContext context, bool report) => BuildModel(context, report);

        /// <summary>Why an NSG rule cannot match a service, or null when it can.</summary>
        public static string? Unsupported(ServiceMatch s)
        {
            if (s.Protocol == null) return null;
            int p = s.Protocol.Value;
            if (p == ServiceMatch.Sctp) return "'" + s + "': NSG rules match TCP, UDP, ICMP, ESP and AH only";
            if ((p == ServiceMatch.Icmp || p == ServiceMatch.Icmpv6) && s.IcmpType != null) return "'" + s + "': NSG rules match the ICMP protocol, not ICMP types or codes";
            if (p != ServiceMatch.Tcp && p != ServiceMatch.Udp && p != ServiceMatch.Icmp && p != ServiceMatch.Icmpv6 && p != 50 && p != 51)
                return "'" + s + "': NSG rules match TCP, UDP, ICMP, ESP and AH only";
            return null;
        }

        protected override IEnumerable<string> Enforcing(NsgModel model, FlowRule flow) =>
            model.Groups.SelectMany(g => g.Rules.Where(r => r.Flow == flow).Select(r => "NSG " + g.Name + ", rule " + r.Name + " (" + r.Direction.ToLowerInvariant() + ")"));

        protected override int Rules(NsgModel model) => model.Groups.Sum(g => g.Rules.Count);

        protected override IEnumerable<(string File, string Text)> Render(TargetContext context, NsgModel model) => new[]
        {
            ("nsg.bicep", TemplateRenderer.Render("Azure/nsg.bicep.scriban", model)),
            ("nsg.tf", TemplateRenderer.Render("Azure/nsg.tf.scriban", model)),
        };

        public static NsgModel BuildModel(TargetContext context, bool report)
        {
            var target = context.Target;
            var model = new NsgModel();
            model.Header.Add(CloudText.GeneratedBy(context, "Azure network security groups"));
            model.Header.Add("Rules are first-match by priority: the policy's denies, then its allows, then its default action at 4096.");
            model.Header.Add("A group decides nothing until it is associated with subnets or network interfaces: nsg.tf requires them as inputs; with nsg.bicep, associate each group where you deploy it.");

            if (report)
            {
                // A model built to report (validation) is thrown away once checked: only how many rules each direction takes, and
                // the firewall rule each comes from, are asked; their names, descriptions and address texts are not made.
                var inOrigins = Origins(context, RuleDirection.Inbound);
                var outOrigins = Origins(context, RuleDirection.Outbound);
                bool fits = Fits(context, inOrigins, "Inbound") & Fits(context, outOrigins, "Outbound");
                int count = inOrigins.Count + outOrigins.Count;
                if (fits && count > MaxRulesPerGroup)
                {
                    // The two default rules always stay; the flow rule that takes the last place they need is the one reported.
                    var flowRules = inOrigins.Concat(outOrigins).Where(r => r.Flow != null).ToList();
                    context.Report(DiagnosticCatalog.CloudRuleQuota, flowRules[MaxRulesPerGroup - 2].Location, target.Name, AzureNsgPlatform.Description.Name,
                        count.ToString(CultureInfo.InvariantCulture), MaxRulesPerGroup.ToString(CultureInfo.InvariantCulture), "per network security group (two of them the defaults)",
                        (MaxRulesPerGroup - 1).ToString(CultureInfo.InvariantCulture));
                }
                return model;
            }

            var inbound = Rules(context, RuleDirection.Inbound);
            var outbound = Rules(context, RuleDirection.Outbound);
            Number(inbound, "Inbound");
            Number(outbound, "Outbound");

            for (int i = 0; i < target.Devices.Count; i++)
            {
                var group = new NsgGroup { Symbol = "nsg" + i.ToString(CultureInfo.InvariantCulture), Name = target.Devices[i].Value };
                foreach (var r in inbound.Concat(outbound))
                {
                    var rule = r.Rule;
                    rule.Group = group.Symbol;
                    rule.Resource = group.Symbol + "_" + (rule.Direction == "Inbound" ? "in_" : "out_") + rule.Priority.ToString(CultureInfo.InvariantCulture);
                    group.Rules.Add(Copy(rule));
                }
                model.Groups.Add(group);
            }
            return model;
        }

        private static NsgRule Copy(NsgRule r)
        {
            var c = new NsgRule { Name = r.Name, Description = r.Description, Priority = r.Priority, Direction = r.Direction, Access = r.Access, Protocol = r.Protocol, Resource = r.Resource, Group = r.Group, Flow = r.Flow };
            c.SourceAddresses.AddRange(r.SourceAddresses);
            c.DestinationAddresses.AddRange(r.DestinationAddresses);
            c.DestinationPorts.AddRange(r.DestinationPorts);
            c.SourcePorts.AddRange(r.SourcePorts);
            return c;
        }

        private sealed class Pending(FirewallRule origin, NsgRule rule, string slug)
        {
            public FirewallRule Origin { get; } = origin;
            public NsgRule Rule { get; } = rule;
            public string Slug { get; } = slug;
        }

        private static List<Pending> Rules(TargetContext context, RuleDirection direction)
        {
            var result = new List<Pending>();
            var dir = direction == RuleDirection.Inbound ? "Inbound" : "Outbound";
            foreach (var fr in FirewallPlanner.Plan(context, direction, InternetTag))
            {
                var src = Addresses(fr.Source, fr.Destination, fr.Family);
                var dst = Addresses(fr.Destination, fr.Source, fr.Family);
                if (src == null || dst == null) continue;
                foreach (var (protocol, sourcePorts, ports) in Protocols(fr.Services))
                {
                    var rule = new NsgRule
                    {
                        Direction = dir,
                        Access = fr.IsAllow ? "Allow" : "Deny",
                        Protocol = protocol,
                        Description = Describe(fr),
                        Flow = fr.Flow,
                    };
                    rule.SourceAddresses.AddRange(src);
                    rule.DestinationAddresses.AddRange(dst);
                    rule.DestinationPorts.AddRange(ports);
                    rule.SourcePorts.AddRange(sourcePorts);
                    var verb = fr.Purpose == RulePurpose.CoverCutOut ? "cut" : fr.IsAllow ? "allow" : "deny";
                    var flow = fr.Flow!;
                    result.Add(new Pending(fr, rule, verb + "-" + CloudText.Slug(flow.Label) + "-" + CloudText.Slug(flow.Source + "-to-" + flow.Destination)));
                }
            }
            var d = FirewallPlanner.Default(context, direction, AddressFamily.V4);
            var def = new NsgRule
            {
                Direction = dir,
                Access = d.IsAllow ? "Allow" : "Deny",
                Protocol = "*",
                Description = "policy default: " + (d.IsAllow ? "allow" : "deny") + " everything no earlier rule decides",
            };
            def.SourceAddresses.Add("*");
            def.DestinationAddresses.Add("*");
            def.DestinationPorts.Add("*");
            def.SourcePorts.Add("*");
            result.Add(new Pending(d, def, "default-" + (d.IsAllow ? "allow" : "deny")));
            return result;
        }

        /// <summary>
        /// The firewall rule each NSG rule of a direction comes from, in the order <see cref="Rules"/> makes them (one per
        /// protocol and source ports of its services, the default last): what validation counts and reports at.
        /// </summary>
        private static List<FirewallRule> Origins(TargetContext context, RuleDirection direction)
        {
            var result = new List<FirewallRule>();
            foreach (var fr in FirewallPlanner.Plan(context, direction, InternetTag))
                for (int i = ProtocolCount(fr.Services); i > 0; i--) result.Add(fr);
            result.Add(FirewallPlanner.Default(context, direction, AddressFamily.V4));
            return result;
        }

        /// <summary>Whether the flow rules fit the priorities before the default's (a diagnostic at the first that does not when not).</summary>
        private static bool Fits(TargetContext context, List<FirewallRule> origins, string direction)
        {
            int flowRules = origins.Count - 1;
            int available = LastPriority - FirstPriority;
            if (flowRules <= available) return true;
            context.Report(DiagnosticCatalog.CloudPrioritiesExhausted, origins[available].Location, context.Target.Name, AzureNsgPlatform.Description.Name,
                direction.ToLowerInvariant(), flowRules.ToString(CultureInfo.InvariantCulture), available.ToString(CultureInfo.InvariantCulture),
                "100–4095, with 4096 for the default", (available + 1).ToString(CultureInfo.InvariantCulture));
            return false;
        }

        /// <summary>Gives every rule its priority and name; nothing when they do not fit (validation reported it, and a build stops
        /// at its errors).</summary>
        private static void Number(List<Pending> rules, string direction)
        {
            int flowRules = rules.Count - 1;
            int available = LastPriority - FirstPriority;
            if (flowRules > available) return;
            // Gaps of 10 leave room for hand-made emergency rules while they fit; otherwise consecutive numbers.
            int step = FirstPriority + 10 * (flowRules - 1) < LastPriority ? 10 : 1;
            for (int i = 0; i < rules.Count; i++)
            {
                var r = rules[i].Rule;
                r.Priority = i == rules.Count - 1 ? LastPriority : FirstPriority + step * i;
                var name = (direction == "Inbound" ? "in-" : "out-") + r.Priority.ToString("D4", CultureInfo.InvariantCulture) + "-" + rules[i].Slug;
                r.Name = CloudText.Cut(name, MaxNameLength);
            }
        }

        private static string Describe(FirewallRule fr)
        {
            var f = fr.Flow!;
            var head = fr.Purpose == RulePurpose.CoverCutOut
                ? "cut-out before the " + InternetTag + "/cover rule of " + f.Reference + ": other zones' addresses"
                : f.Reference + " at " + f.Location.Display + ": " + f.Describe();
            if (fr.Purpose != RulePurpose.CoverCutOut && f.Description != null) head += " - " + f.Description;
            return CloudText.Text(head, MaxDescriptionLength);
        }

        /// <summary>
        /// The text of one side. '*' only when the other side pins the family with explicit prefixes; otherwise the
        /// family's /0, so an IPv4-only rule never matches IPv6. Null when the side cannot be written for the family.
        /// </summary>
        private static List<string>? Addresses(AddressSpec side, AddressSpec other, AddressFamily family)
        {
            if (side.IsExplicit) return side.Prefixes.Select(p => p.ToString()).ToList();
            if (side.IsAny) return new List<string> { other.IsExplicit ? "*" : family == AddressFamily.V4 ? "0.0.0.0/0" : "::/0" };
            return new List<string> { side.Tag! };
        }

        /// <summary>How many rules <see cref="Protocols"/> makes of the services, without making their texts.</summary>
        public static int ProtocolCount(IReadOnlyList<ServiceMatch> services)
        {
            if (services.Any(s => s.IsAny)) return 1;
            var keys = new HashSet<(string, string)>();
            foreach (var s in services)
                keys.Add((ProtocolName(s.Protocol!.Value), s.SourcePorts == null ? "*" : string.Join(",", CloudText.PortRanges(s.SourcePorts))));
            return keys.Count;
        }

        /// <summary>
        /// One rule's (protocol, source ports, destination ports) per NSG protocol and source-port match the services use, in
        /// first-use order: services of one protocol and the same source ports share a rule ("*" for every port).
        /// </summary>
        public static List<(string Protocol, List<string> SourcePorts, List<string> Ports)> Protocols(IReadOnlyList<ServiceMatch> services)
        {
            var every = new List<string> { "*" };
            if (services.Any(s => s.IsAny)) return new List<(string, List<string>, List<string>)> { ("*", every, every) };
            var order = new List<(string Name, string From)>();
            var sources = new Dictionary<(string, string), List<string>>();
            var ports = new Dictionary<(string, string), List<Interval>?>();
            foreach (var s in services)
            {
                var name = ProtocolName(s.Protocol!.Value);
                var from = s.SourcePorts == null ? every : CloudText.PortRanges(s.SourcePorts);
                var key = (name, string.Join(",", from));
                if (!ports.ContainsKey(key)) { order.Add(key); ports[key] = new List<Interval>(); sources[key] = from; }
                if (!s.HasPorts || s.Ports == null) ports[key] = null;
                else ports[key]?.AddRange(s.Ports);
            }
            return order.Select(k => (k.Name, sources[k], ports[k] == null ? new List<string> { "*" } : CloudText.PortRanges(ports[k]!))).ToList();
        }

        private static string ProtocolName(int p) => p switch
        {
            ServiceMatch.Tcp => "Tcp",
            ServiceMatch.Udp => "Udp",
            ServiceMatch.Icmp => "Icmp",
            ServiceMatch.Icmpv6 => "Icmp",
            50 => "Esp",
            51 => "Ah",
            _ => throw new System.InvalidOperationException("Validate rejects protocol " + p.ToString(CultureInfo.InvariantCulture)),
        };
    }
}
