using PolicyLang.Diagnostics;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.Fabric.Ansible;
using PolicyLang.Semantics;
using PolicyLang.Platforms;

namespace PolicyLang.Emit.Sonic
{
    /// <summary>
    /// SONiC: a config_db.json fragment per device, built as a JSON tree (never by concatenating text) and loaded with
    /// `config load`. ACL tables (L3 / L3V6, ingress, bound to the ports that carry segments) with one rule per prefix
    /// and port range, a higher PRIORITY winning; VLANs and their members, the VXLAN tunnel and VNI maps, port MTU; and
    /// the RoCE QoS: DSCP_TO_TC_MAP, TC_TO_QUEUE_MAP, PORT_QOS_MAP with pfc_enable, WRED_PROFILE with ECN, SCHEDULER and
    /// QUEUE. SONiC ACL tables cannot log, police or rewrite DSCP: those intents are errors, except that classes are
    /// honoured by queueing on the DSCP the hosts set when the target says 'option dscp-trust on'.
    /// </summary>
    public sealed class SonicBackend() : SwitchBackend(SonicPlatform.Description, s_rollout, ".json")
    {
        public override Fabric.IAclReader Reader { get; } = new SonicAclReader();

        /// <summary>The rollout replaces what the build names (tagged hierarchies, its tables, its ACLs), not the whole configuration.</summary>
        public override bool ReplacesWholeConfiguration => false;

        public override string StateFormat => "/etc/sonic/config_db.json (or sonic-cfggen -d --print-data) of each switch, in <target>/<device>.json";

        /// <summary>Every field of every table the build writes except the ACL tables (compared as packet sets): VLANs, members, VNI maps, ports' MTU, QoS maps.</summary>
        protected override IReadOnlyList<Fabric.FabricSetting> Settings(string text)
        {
            var root = State.StateJson.Parse(text);
            var settings = new List<Fabric.FabricSetting>();
            foreach (var table in root.Members.Where(t => t.Key != "ACL_TABLE" && t.Key != "ACL_RULE" && t.Value.IsObject))
                foreach (var entry in table.Value.Members.Where(e => e.Value.IsObject))
                    foreach (var field in entry.Value.Members.Where(f => f.Key != "description" && f.Key != "alias"))
                    {
                        var value = field.Value.IsArray ? string.Join(",", field.Value.Items.Select(i => i.Text ?? i.ToString())) : field.Value.Text ?? field.Value.ToString();
                        settings.Add(new Fabric.FabricSetting(table.Key + "|" + entry.Key, table.Key + "|" + entry.Key + " " + field.Key, value, 0, field.Value.Offset));
                    }
            return settings;
        }

        /// <summary>
        /// A running config_db.json holds every table of the switch, with values the build never writes; only ACL_TABLE
        /// and ACL_RULE decide traffic, so the reader gets those two (as they are written in the file).
        /// </summary>
        protected override Fabric.ParsedConfig ReadState(State.StateFile file)
        {
            var root = State.StateJson.Parse(file.Text);
            if (!root.IsObject) throw new State.StateReadException(root.Offset, "expected a config_db.json object of tables");
            // The two tables as one document whose lines are the export's: each table starts on the line it starts on there,
            // so what the reader cannot take is reported at its own line of the export.
            var text = file.Text;
            var tables = new[] { "ACL_TABLE", "ACL_RULE" }.Select(name => (Name: name, Node: root[name])).Where(t => t.Node != null)
                .OrderBy(t => t.Node!.Offset).ToList();
            var sb = new System.Text.StringBuilder("{");
            int line = 1, counted = 0, at = 1;
            foreach (var (name, node) in tables)
            {
                for (; counted < node!.Offset; counted++) if (text[counted] == '\n') at++;
                if (sb.Length > 1) sb.Append(',');
                for (; line < at; line++) sb.Append('\n');
                var body = text.Substring(node.Offset, node.End - node.Offset);
                sb.Append('"').Append(name).Append("\": ").Append(body);
                foreach (var c in body) if (c == '\n') line++;
            }
            return Reader.Read(sb.Append('}').ToString());
        }

        public const int MaxPriority = 9999;

        /// <summary>Loads a fragment and deletes what the previously applied one had and it has not (beside the playbook).</summary>
        public const string ApplyScript = "sonic_apply.py";

        /// <summary>How the files reach the devices: replace semantics, a no-op when nothing changed.</summary>
        private static readonly RolloutProfile s_rollout = RolloutProfile.LinuxHost("Sonic/rollout.scriban", "/etc/sonic/policyc", ".json",
            new[] { (ApplyScript, "Sonic/sonic-apply.py.scriban") }, collectTemplate: "Sonic/collect.scriban", stateExtension: ".json");

        public override void Validate(TargetContext context)
        {
            base.Validate(context);
            var trust = context.Target.Option("dscp-trust")?.IsOn == true;
            foreach (var f in context.RelevantFlows.Where(f => f.Action == FlowAction.Allow && f.Class?.Dscp != null && !trust))
                context.Report(DiagnosticCatalog.SonicNeedsDscpTrust, f.Location, context.Target.Name, f.Class!.Name, f.Class.Dscp!.Value.Value);
            // SONiC's pfc_enable names traffic classes: a lossless priority must be queued in the class of the same number.
            foreach (var c in context.Model.Classes.Where(c => c.Lossless && (c.Pcp?.Value ?? c.EffectiveQueue) != c.EffectiveQueue))
                context.Report(DiagnosticCatalog.FabricLosslessQueue, c.Location, c.Name,
                    "priority " + (c.Pcp?.Value ?? 0).ToString(CultureInfo.InvariantCulture) + " queued in " + c.EffectiveQueue.ToString(CultureInfo.InvariantCulture),
                    Description.DisplayName, "a priority queued in the traffic class of the same number (pfc_enable names traffic classes)");
            if (context.HasErrors) return;
            foreach (var (facts, device) in FabricTarget.Devices(context))
                foreach (var (acl, group) in FabricTarget.AllAcls(device))
                    if (group != null && (ReferenceEquals(acl, group.V4) || ReferenceEquals(acl, group.V6)) && acl.Counts.Expanded > MaxPriority)
                        SwitchChecks.ReportBudget(context, facts.Name.Location, acl, device, acl.Counts.Expanded, MaxPriority,
                            "rules of one ACL table, each with its own PRIORITY up to " + MaxPriority.ToString(CultureInfo.InvariantCulture));
        }

        protected override string Render(FabricDevice device, TargetContext context) =>
            TemplateRenderer.Render("Sonic/config_db.scriban", new SonicDocument(Build(device).Serialize()));

        /// <summary>ACL table names: the fabric name with '.' (segment separators) as '_', which SONiC keys and CLIs take as is.</summary>
        public static string TableName(string aclName) => aclName.Replace('.', '_');

        private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);

        public static JsonObject Build(FabricDevice device)
        {
            var root = new JsonObject();
            var ports = root.Object("PORT");
            foreach (var i in device.Interfaces.Where(i => i.Name.StartsWith("Ethernet", System.StringComparison.Ordinal)))
                if (!ports.Has(i.Name)) ports.Object(i.Name).Set("mtu", N(i.Mtu)).Set("description", i.Description);

            if (device.Vlans.Count > 0)
            {
                var vlans = root.Object("VLAN");
                foreach (var v in device.Vlans)
                    vlans.Object("Vlan" + N(v.Id)).Set("vlanid", N(v.Id)).Set("mtu", N(v.Mtu)).Set("description", v.Description);
                var members = root.Object("VLAN_MEMBER");
                foreach (var i in device.Interfaces.Where(i => !i.IsUplink))
                    foreach (var v in i.Vlans)
                    {
                        var key = "Vlan" + N(v) + "|" + i.Name;
                        if (!members.Has(key)) members.Object(key).Set("tagging_mode", i.Vlans.Count == 1 ? "untagged" : "tagged");
                    }
            }
            if (device.Vtep.Length > 0)
            {
                root.Object("VXLAN_TUNNEL").Object("vtep").Set("src_ip", device.Vtep);
                root.Object("VXLAN_EVPN_NVO").Object("nvo").Set("source_vtep", "vtep");
                if (device.VxlanVlans.Count > 0)
                {
                    var map = root.Object("VXLAN_TUNNEL_MAP");
                    foreach (var v in device.VxlanVlans)
                        map.Object("vtep|map_" + N(v.Vni!.Value) + "_Vlan" + N(v.Id)).Set("vlan", "Vlan" + N(v.Id)).Set("vni", N(v.Vni.Value));
                }
            }

            if (device.AclGroups.Count > 0)
            {
                var tables = root.Object("ACL_TABLE");
                var rules = root.Object("ACL_RULE");
                foreach (var g in device.AclGroups)
                {
                    var bound = device.Interfaces.Where(i => i.AclGroup == g).Select(i => i.Name).ToList();
                    foreach (var acl in new[] { g.V4!, g.V6! })
                    {
                        var table = TableName(acl.Name);
                        tables.Object(table)
                            .Set("type", acl.Family == AclFamily.IPv4 ? "L3" : "L3V6")
                            .Set("stage", "ingress")
                            .Set("ports", bound)
                            .Set("policy_desc", FabricText.Description("policyc: traffic from " + string.Join(", ", acl.Segments), 255));
                        var entries = acl.Expand();
                        // A rule of a named flow carries the flow's name after its number (SONiC rules have no description).
                        for (int k = 0; k < entries.Count; k++)
                            Rule(rules.Object(table + "|RULE_" + N(k + 1) + (entries[k].Flow is { } flow ? "_" + flow : "")), entries[k], acl.Family, entries.Count - k);
                    }
                }
            }
            Qos(root, device);
            return root;
        }

        private static void Rule(JsonObject r, AclEntry e, AclFamily family, int priority)
        {
            bool v6 = family == AclFamily.IPv6;
            r.Set("PRIORITY", N(priority));
            r.Set("PACKET_ACTION", e.Action == AclAction.Permit ? "FORWARD" : "DROP");
            if (e.Sources == null && e.Destinations == null && e.Protocol == null) r.Set("IP_TYPE", v6 ? "IPV6ANY" : "IPV4ANY");
            if (e.Sources != null) r.Set(v6 ? "SRC_IPV6" : "SRC_IP", e.Sources[0].ToString());
            if (e.Destinations != null) r.Set(v6 ? "DST_IPV6" : "DST_IP", e.Destinations[0].ToString());
            if (e.Protocol is int p) r.Set(v6 ? "NEXT_HEADER" : "IP_PROTOCOL", N(p));
            if (e.SourcePorts != null) Port(r, "L4_SRC_PORT", e.SourcePorts[0]);
            if (e.DestinationPorts != null) Port(r, "L4_DST_PORT", e.DestinationPorts[0]);
            if (e.IcmpType is int t) r.Set(v6 ? "ICMPV6_TYPE" : "ICMP_TYPE", N(t));
            if (e.IcmpCode is int c) r.Set(v6 ? "ICMPV6_CODE" : "ICMP_CODE", N(c));
            // established: ACK set (replies and every later segment); SYN-only packets never match.
            if (e.Established) r.Set("TCP_FLAGS", "0x10/0x10");
        }

        private static void Port(JsonObject r, string field, Analysis.HeaderSpace.Interval range)
        {
            if (range.Start == range.End) r.Set(field, N((long)range.Start));
            else r.Set(field + "_RANGE", N((long)range.Start) + "-" + N((long)range.End));
        }

        private static void Qos(JsonObject root, FabricDevice device)
        {
            var qos = device.Qos;
            if (qos.Classes.Count == 0) return;
            var dscpMap = root.Object("DSCP_TO_TC_MAP").Object("PC_DSCP_TO_TC");
            for (int d = 0; d < 64; d++)
            {
                var cls = qos.Classes.FirstOrDefault(c => c.Dscp == d);
                dscpMap.Set(N(d), N(cls?.Queue ?? 0));
            }
            var tcMap = root.Object("TC_TO_QUEUE_MAP").Object("PC_TC_TO_QUEUE");
            for (int tc = 0; tc < 8; tc++) tcMap.Set(N(tc), N(tc));
            var wred = new Dictionary<string, string>();
            foreach (var c in qos.Classes.Where(c => c.HasEcn))
            {
                var name = "PC_WRED_" + c.Name;
                wred[c.Name] = name;
                root.Object("WRED_PROFILE").Object(name)
                    .Set("wred_green_enable", "true")
                    .Set("ecn", "ecn_all")
                    .Set("green_min_threshold", N((long)c.EcnMinBytes))
                    .Set("green_max_threshold", N((long)c.EcnMaxBytes))
                    .Set("green_drop_probability", N(c.EcnProbability));
            }
            var schedulers = root.Object("SCHEDULER");
            foreach (var c in qos.Classes)
            {
                var s = schedulers.Object("PC_SCHED_" + c.Name);
                if (c.Strict) s.Set("type", "STRICT");
                else s.Set("type", "DWRR").Set("weight", N(System.Math.Max(1, c.Bandwidth)));
            }
            var portQos = root.Object("PORT_QOS_MAP");
            var queues = root.Object("QUEUE");
            foreach (var i in device.Interfaces.Where(i => i.Name.StartsWith("Ethernet", System.StringComparison.Ordinal)))
            {
                if (portQos.Has(i.Name)) continue;
                var pq = portQos.Object(i.Name).Set("dscp_to_tc_map", "PC_DSCP_TO_TC").Set("tc_to_queue_map", "PC_TC_TO_QUEUE");
                if (qos.HasLossless) pq.Set("pfc_enable", string.Join(",", qos.LosslessPriorities.Select(p => N(p))));
                foreach (var c in qos.Classes)
                {
                    var key = i.Name + "|" + N(c.Queue);
                    if (queues.Has(key)) continue;
                    var q = queues.Object(key).Set("scheduler", "PC_SCHED_" + c.Name);
                    if (wred.TryGetValue(c.Name, out var w)) q.Set("wred_profile", w);
                }
            }
        }
    }

    /// <summary>The template's model: the serialized document (JSON has no comments, so nothing else goes around it).</summary>
    public sealed class SonicDocument(string json)
    {
        public string Json { get; } = json;
    }
}
