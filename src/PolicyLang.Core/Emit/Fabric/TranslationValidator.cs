using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// Proves, by exact packet-set equality, that the ACLs in a device's emitted configuration allow what the policy
    /// allows over their scope. For every interface that carries segments and every address family, exactly one ACL
    /// must be bound inbound, and, with S the interface's segments:
    /// <list type="number">
    /// <item>its forward set (<see cref="AclSemantics.Forward"/>) equals the policy's allowed packets with a source in S,
    /// plus the replies no stateless entry can tell from new traffic (<see cref="AclScope.StatelessReplies"/>);</item>
    /// <item>its reply set (<see cref="AclSemantics.Replies"/>) equals the allowed TCP flows into S and the UDP/SCTP flows
    /// into S on named ports (<see cref="AclScope.Replies"/>).</item>
    /// </list>
    /// The expected sets are recomputed here from the policy's flow space, independently of the model the text came from.
    /// </summary>
    public static class TranslationValidator
    {
        /// <summary>The lines of a configuration that no proof covers: those of its verbatim blocks.</summary>
        public static int Unverified(string configText) => VerbatimOutput.Strip(configText).VerbatimLines;

        /// <summary>
        /// Every difference found, each naming the interface, family and a packet in the difference; empty when proven.
        /// What the proof covers is policyc's own text: the target's verbatim blocks are cut out first (they are unverified by
        /// design; <see cref="Unverified"/> counts them).
        /// </summary>
        public static IReadOnlyList<string> Validate(TargetContext context, FabricDeviceFacts device, string configText, IAclReader reader)
        {
            var problems = new List<string>();
            ParsedConfig parsed;
            try
            {
                parsed = reader.Read(VerbatimOutput.Strip(configText).Text);
            }
            catch (AclReadException e)
            {
                return new[] { device.Name.Value + ": unreadable configuration: " + e.Message };
            }
            foreach (var i in device.Interfaces.Where(i => !i.IsUplink && i.Segments.Count > 0))
            {
                foreach (var family in new[] { AclFamily.IPv4, AclFamily.IPv6 })
                {
                    var where = device.Name.Value + " " + i.Name.Value + " " + (family == AclFamily.IPv4 ? "IPv4" : "IPv6");
                    var bound = parsed.Bindings.Where(b => b.Interface == i.Name.Value && b.Family == family && b.Inbound).ToList();
                    if (bound.Count != 1)
                    {
                        problems.Add(where + ": expected one inbound ACL, found " + bound.Count);
                        continue;
                    }
                    if (!parsed.Acls.TryGetValue(bound[0].AclName, out var acl) || acl.Family != family)
                    {
                        problems.Add(where + ": the bound ACL '" + bound[0].AclName + "' is not defined for the family");
                        continue;
                    }
                    var expected = AclScope.Compute(context.Flows, i.Segments.Distinct(), family);
                    Compare(problems, where + " forward", expected.Forward, AclSemantics.Forward(acl.Entries, family));
                    Compare(problems, where + " replies", expected.Replies, AclSemantics.Replies(acl.Entries, family));
                }
            }
            return problems;
        }

        private static void Compare(List<string> problems, string where, PacketSet expected, PacketSet actual)
        {
            if (expected.SetEquals(actual)) return;
            if (actual.Except(expected).TryGetWitness(out var extra)) problems.Add(where + ": the ACL allows " + extra + ", the policy does not");
            if (expected.Except(actual).TryGetWitness(out var missing)) problems.Add(where + ": the policy allows " + missing + ", the ACL does not");
        }
    }
}
