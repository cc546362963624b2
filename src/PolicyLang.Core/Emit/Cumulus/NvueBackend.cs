using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.Fabric.Ansible;
using PolicyLang.Semantics;
using PolicyLang.Platforms;

namespace PolicyLang.Emit.Cumulus
{
    /// <summary>
    /// NVIDIA Cumulus Linux 5.7+ through NVUE: one file of `nv set` commands per device, run into a pending revision and
    /// applied with `nv config apply`. The file starts with `nv config detach` and unsets every ACL it defines, so the
    /// pending revision replaces what policyc owns and `nv config apply` writes only the difference: re-applying an
    /// unchanged file changes nothing. ACLs are inbound on the ports (or SVIs) that carry segments, one prefix and port
    /// range per rule; marking and policing are separate ACLs (set dscp/class, police) bound next to them.
    /// </summary>
    public sealed class NvueBackend() : SwitchBackend(NvuePlatform.Description, s_rollout, ".nvue")
    {
        public override Fabric.IAclReader Reader { get; } = new NvueAclReader();

        /// <summary>The rollout replaces what the build names (tagged hierarchies, its tables, its ACLs), not the whole configuration.</summary>
        public override bool ReplacesWholeConfiguration => false;

        public override string StateFormat => "nv config show -o json (or -o yaml, or the nv set commands of nv config show -o commands) of each switch, in <target>/<device>.json";

        /// <summary>Settings of the nv commands (a JSON or YAML export as its commands), without ACLs and their bindings, which are compared as packet sets.</summary>
        protected override IReadOnlyList<Fabric.FabricSetting> Settings(string text)
        {
            var commands = NvueState.IsExport(text) ? NvueState.Commands(text) : text;
            return Fabric.FabricSettings.FromCommands(commands, w => w[2] != "acl" && !(w[2] == "interface" && w.Length > 4 && w[4] == "acl"));
        }

        /// <summary>A JSON or YAML export becomes the nv set commands that build it; command files are read as they are.</summary>
        protected override Fabric.ParsedConfig ReadState(State.StateFile file) =>
            NvueState.IsExport(file.Text) ? NvueState.Read(file, Reader) : Reader.Read(file.Text);

        /// <summary>Rule numbers step by 10 (room to insert a rule by hand), closer when an ACL has more rules than that leaves room for.</summary>
        public const int RuleStep = 10;

        /// <summary>The highest rule number policyc writes (NVUE orders rules by number; 65535 is what switch ACL tables take).</summary>
        public const int MaxRuleId = 65535;

        /// <summary>The step between the rule numbers of an ACL of <paramref name="rules"/> rules: 10, or less so that the last fits under <see cref="MaxRuleId"/>.</summary>
        public static int StepFor(int rules) => rules <= 0 ? RuleStep : System.Math.Max(1, System.Math.Min(RuleStep, MaxRuleId / rules));

        /// <summary>How many NVUE rules an access list becomes: one per entry (a treatment list leaves out its final denies), and a log rule before each logged one.</summary>
        /// <summary>The rules a list takes once expanded (one value per field; a logged entry takes two), counted without expanding it.</summary>
        private static long RuleCount(AccessList list, bool treatOnly) =>
            list.Entries.Sum(e => treatOnly && e.Action == AclAction.Deny ? 0 : Expanded(e) * (e.Log ? 2 : 1));

        private static long Expanded(AclEntry e) => (long)Count(e.Sources) * Count(e.Destinations) * Count(e.SourcePorts) * Count(e.DestinationPorts);

        private static int Count<T>(IReadOnlyList<T>? values) => values?.Count ?? 1;

        /// <summary>How the files reach the devices: replace semantics, a no-op when nothing changed.</summary>
        private static readonly RolloutProfile s_rollout = RolloutProfile.LinuxHost("Cumulus/rollout.scriban", "/etc/policyc", ".nvue", collectTemplate: "Cumulus/collect.scriban", stateExtension: ".json");

        public override void Validate(TargetContext context)
        {
            base.Validate(context);
            var models = FabricTarget.Devices(context);
            // Expanding an entry copies its protocol, ICMP type and code and ports' presence: the written entries tell.
            var entries = models.SelectMany(m => FabricTarget.AllAcls(m.Device)).SelectMany(l => l.Acl.Entries).Where(e => Expanded(e) > 0).ToList();
            // NVUE matches no ICMP code and no SCTP port: a rule would have to drop the condition and allow more.
            if (entries.Any(e => e.IcmpCode != null))
            {
                var coded = context.RelevantFlows.SelectMany(f => f.Services).Where(s => s.IcmpCode != null).ToList();
                foreach (var s in coded)
                    context.CannotExpress(s.Location, "an ICMP code match (" + s + "): NVUE ACL rules match the ICMP type only");
                if (coded.Count == 0)
                    context.CannotExpress(context.Target.Location, "the ICMP codes its ACLs need: NVUE ACL rules match the ICMP type only");
            }
            if (entries.Any(e => e.Protocol == 132 && (e.DestinationPorts != null || e.SourcePorts != null)))
                foreach (var s in context.RelevantFlows.SelectMany(f => f.Services).Where(s => s.Protocol == 132 && s.Ports != null))
                    context.CannotExpress(s.Location, "SCTP ports (" + s + "): NVUE ACL rules match TCP and UDP ports only");
            foreach (var (facts, device) in models)
                foreach (var (acl, _) in FabricTarget.AllAcls(device))
                {
                    long rules = RuleCount(acl, treatOnly: false);
                    if (rules > MaxRuleId)
                        SwitchChecks.ReportBudget(context, facts.Name.Location, acl, device, rules, MaxRuleId,
                            "rules of one NVUE ACL (numbered 1 to 65535; a logged entry takes two)");
                }
        }

        protected override string Render(FabricDevice device, TargetContext context) =>
            TemplateRenderer.Render("Cumulus/device.scriban", Build(device, context.Target.Description));

        /// <summary>NVUE ACL names: the fabric name with '.' as '_'.</summary>
        public static string AclName(string name) => name.Replace('.', '_');

        private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);

        public static NvueConfig Build(FabricDevice device, string? targetDescription)
        {
            var c = new NvueConfig();
            c.Header.Add("Generated by policyc from policy '" + device.PolicyName + "', target '" + device.Target + "' (cumulus-nvue), device '" + device.Name + "'.");
            if (!string.IsNullOrEmpty(targetDescription)) c.Header.Add(FabricText.Description(targetDescription));
            c.Header.Add("Apply with: sh -e FILE && nv config apply (the rollout playbook does both). Do not edit: changes are overwritten.");
            foreach (var v in device.Vlans) c.Vlans.Add(new NvueVlan { Id = v.Id, Vni = device.Vtep.Length > 0 ? v.Vni ?? 0 : 0 });
            c.VtepAddress = device.Vtep;
            foreach (var i in device.Interfaces)
            {
                var ni = new NvueInterface { Name = i.Name, Mtu = i.Mtu };
                if (!i.IsUplink && !i.Name.StartsWith("vlan", System.StringComparison.Ordinal) && i.Vlans.Count > 0)
                    ni.Bridge = i.Vlans.Count == 1 ? "access " + N(i.Vlans[0]) : "vlan " + string.Join(",", i.Vlans.Select(v => N(v)));
                c.Interfaces.Add(ni);
            }
            foreach (var g in device.AclGroups)
            {
                var names = new List<string>();
                foreach (var m in g.Markings)
                    foreach (var l in new[] { m.V4, m.V6 }.Where(l => l != null))
                    {
                        var acl = Acl(l!, e => new[] { "set dscp " + N(m.Class.Dscp), "set class " + N(m.Class.Queue) });
                        c.Acls.Add(acl);
                        names.Add(acl.Name);
                    }
                foreach (var p in g.Policers)
                    foreach (var l in new[] { p.V4, p.V6 }.Where(l => l != null))
                    {
                        var acl = Acl(l!, e => new[] { "police mode kbps", "police rate " + N((long)System.Math.Max(1UL, p.BitsPerSecond / 1000)), "police burst " + N((long)System.Math.Max(1UL, p.BurstBytes / 1024)) });
                        c.Acls.Add(acl);
                        names.Add(acl.Name);
                    }
                foreach (var l in new[] { g.V4!, g.V6! })
                {
                    var acl = Acl(l, e => new[] { e.Action == AclAction.Permit ? "permit" : "deny" });
                    c.Acls.Add(acl);
                    names.Add(acl.Name);
                }
                foreach (var i in device.Interfaces.Where(i => i.AclGroup == g))
                    foreach (var n in names) c.Bindings.Add(new NvueBinding { Interface = i.Name, Acl = n });
            }
            Qos(c, device.Qos);
            return c;
        }

        private static NvueAcl Acl(AccessList list, System.Func<AclEntry, string[]> actions)
        {
            var acl = new NvueAcl { Name = AclName(list.Name), Type = list.Family == AclFamily.IPv4 ? "ipv4" : "ipv6" };
            int id = 0;
            // Marking and policing lists hold permits of the packets to treat; their final deny only ends the list.
            bool treatOnly = !actions(new AclEntry(AclAction.Permit, null, null, null)).Contains("permit");
            int step = StepFor((int)System.Math.Min(int.MaxValue, RuleCount(list, treatOnly)));
            string? previous = null;
            foreach (var e in list.Expand())
            {
                if (treatOnly && e.Action == AclAction.Deny) continue;
                // NVUE rules are numbered, not named: a comment line names the flows where the rules of named flows start.
                var remark = CliAclText.Remark(e, ref previous);
                if (e.Log)
                {
                    id += step;
                    var log = Rule(id, e, list.Family);
                    log.Remark = remark;
                    remark = "";
                    log.Actions.Add("log");
                    acl.Rules.Add(log);
                }
                id += step;
                var r = Rule(id, e, list.Family);
                r.Remark = remark;
                r.Actions.AddRange(actions(e));
                acl.Rules.Add(r);
            }
            return acl;
        }

        public static string ProtocolName(int p) => p switch
        {
            1 => "icmp",
            6 => "tcp",
            17 => "udp",
            58 => "icmpv6",
            _ => N(p),
        };

        private static NvueRule Rule(int id, AclEntry e, AclFamily family)
        {
            var r = new NvueRule { Id = id };
            if (e.Sources != null) r.Matches.Add("ip source-ip " + e.Sources[0]);
            if (e.Destinations != null) r.Matches.Add("ip dest-ip " + e.Destinations[0]);
            if (e.Protocol is int p)
            {
                r.Matches.Add("ip protocol " + ProtocolName(p));
                var l4 = p == 6 ? "tcp" : "udp";
                if (e.SourcePorts != null) r.Matches.Add("ip " + l4 + " source-port " + Port(e.SourcePorts[0]));
                if (e.DestinationPorts != null) r.Matches.Add("ip " + l4 + " dest-port " + Port(e.DestinationPorts[0]));
                if (e.IcmpType is int t) r.Matches.Add((family == AclFamily.IPv4 ? "ip icmp-type " : "ip icmpv6-type ") + N(t));
                if (e.Established)
                {
                    // established: ACK set; a connection's first packet (SYN alone) never matches.
                    r.Matches.Add("ip tcp flags ack");
                    r.Matches.Add("ip tcp mask ack");
                }
            }
            return r;
        }

        private static string Port(Interval range) => range.Start == range.End ? N((long)range.Start) : N((long)range.Start) + ":" + N((long)range.End);

        private static void Qos(NvueConfig c, FabricQos qos)
        {
            if (qos.Classes.Count == 0) return;
            c.Qos.Add("mapping default-global trust l3");
            foreach (var cls in qos.Classes.Where(x => x.Dscp >= 0))
                c.Qos.Add("mapping default-global dscp " + N(cls.Dscp) + " switch-priority " + N(cls.Pcp));
            foreach (var cls in qos.Classes)
                c.Qos.Add("egress-queue-mapping default-global switch-priority " + N(cls.Pcp) + " traffic-class " + N(cls.Queue));
            foreach (var p in qos.LosslessPriorities)
                c.Qos.Add("pfc default-global switch-priority " + N(p));
            if (qos.HasLossless)
            {
                c.Qos.Add("pfc default-global tx enable");
                c.Qos.Add("pfc default-global rx enable");
            }
            foreach (var cls in qos.Classes.Where(x => x.HasEcn))
            {
                var tc = "congestion-control default-global traffic-class " + N(cls.Queue);
                c.Qos.Add(tc + " ecn enable");
                c.Qos.Add(tc + " min-threshold " + N((long)cls.EcnMinBytes));
                c.Qos.Add(tc + " max-threshold " + N((long)cls.EcnMaxBytes));
                c.Qos.Add(tc + " probability " + N(cls.EcnProbability));
            }
            foreach (var cls in qos.Classes)
            {
                var tc = "egress-scheduler default-global traffic-class " + N(cls.Queue);
                if (cls.Strict) c.Qos.Add(tc + " mode strict");
                else
                {
                    c.Qos.Add(tc + " mode dwrr");
                    c.Qos.Add(tc + " bw-percent " + N(System.Math.Max(1, cls.Bandwidth)));
                }
            }
        }
    }
}
