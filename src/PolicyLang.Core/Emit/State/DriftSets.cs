using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Text;

namespace PolicyLang.Emit.State
{
    /// <summary>
    /// A running-state object that decided some packets: its description, where it is in the file, the packets, and
    /// whether re-applying the build leaves it in place (<see cref="DriftFinding.Foreign"/>).
    /// </summary>
    public sealed record StateDecision(string Responsible, TextSpan Span, PacketSet Packets, bool Foreign = false);

    /// <summary>
    /// Turns the difference between what the policy allows and what a running state allows into findings, one per
    /// responsible object: the first witness packet is blamed on the object that decides it, that object's share of the
    /// difference is set aside, and the next witness is taken from the rest, up to <see cref="MaxPerScope"/> objects.
    /// Traffic the running state drops is also split by the policy's flow that allows it (where the caller says which,
    /// <see cref="AllowingFlow"/>): a removed entry and another removed entry both fall to the final deny of the list, and
    /// are still two findings, one per flow that breaks.
    /// </summary>
    public static class DriftSets
    {
        public const int MaxPerScope = 20;

        /// <param name="intent">What the policy allows within the scope.</param>
        /// <param name="mostAllowed">What the running state may allow (its uncertain rules read as accepting).</param>
        /// <param name="leastAllowed">What the running state surely allows (its uncertain rules read as dropping).</param>
        /// <param name="acceptedBy">The object that lets a packet through (for exposures).</param>
        /// <param name="droppedBy">The object that drops a packet (for outages).</param>
        /// <param name="preferred">Addresses a witness is taken from when the difference has packets between them (the policy's
        /// zones), so that an example reads "10.60.16.0 -> 10.50.0.0", not "0.0.0.0 -> 0.0.0.0".</param>
        /// <param name="allowingFlow">The packets of the policy's flow that allows a packet (for outages; see <see cref="AllowingFlow"/>).</param>
        public static List<DriftFinding> Compare(string device, string scope, PacketSet intent, PacketSet mostAllowed, PacketSet leastAllowed,
            Func<Packet, StateDecision> acceptedBy, Func<Packet, StateDecision> droppedBy, AddressRangeSet? preferred = null,
            Func<Packet, PacketSet?>? allowingFlow = null) =>
            CompareDifferences(device, scope, mostAllowed.Except(intent), intent.Except(leastAllowed), acceptedBy, droppedBy, preferred, allowingFlow);

        /// <summary>
        /// <see cref="Compare(string, string, PacketSet, PacketSet, PacketSet, Func{Packet, StateDecision}, Func{Packet, StateDecision}, AddressRangeSet?)"/>
        /// with the differences already worked out: what the running state may allow beyond the intent, and what the
        /// intent allows that the running state does not surely allow.
        /// </summary>
        public static List<DriftFinding> CompareDifferences(string device, string scope, PacketSet exposed, PacketSet missing,
            Func<Packet, StateDecision> acceptedBy, Func<Packet, StateDecision> droppedBy, AddressRangeSet? preferred = null,
            Func<Packet, PacketSet?>? allowingFlow = null)
        {
            var findings = new List<DriftFinding>();
            Blame(findings, DriftKind.Exposure, device, scope, exposed, acceptedBy, preferred, null);
            Blame(findings, DriftKind.Outage, device, scope, missing, droppedBy, preferred, allowingFlow);
            return findings;
        }

        /// <summary>For a packet the policy allows, the packets of the flow that allows it (first match); null for the default action.
        /// Replies are given in the coordinates of the flows they answer, so the same function serves them.</summary>
        public static Func<Packet, PacketSet?> AllowingFlow(TargetContext context) =>
            p => context.Flows.Evaluate(p).DecidedBy is { } flow ? context.Flows.Of(flow) : null;

        /// <summary>A packet of <paramref name="set"/>, between <paramref name="preferred"/> addresses when it has one, else from one of them, else any.</summary>
        public static bool TryWitness(PacketSet set, AddressRangeSet? preferred, out Packet witness)
        {
            if (preferred != null && !preferred.IsEmpty)
            {
                foreach (var region in new[]
                {
                    PacketSpace.Between(preferred, preferred),
                    PacketSpace.Between(preferred, AddressRangeSet.All),
                    PacketSpace.Between(AddressRangeSet.All, preferred),
                })
                    if (set.Intersect(region).TryGetWitness(out witness)) return true;
            }
            return set.TryGetWitness(out witness);
        }

        /// <summary>The addresses of the policy's own (not external) zones: where readable witnesses come from.</summary>
        public static AddressRangeSet InternalAddresses(TargetContext context) =>
            context.Addresses.Memo("drift-internal", () =>
                AddressRangeSet.UnionAll(context.Model.Zones.Where(z => !z.IsExternal).Select(z => context.Addresses.Of(z))));

        private static void Blame(List<DriftFinding> findings, DriftKind kind, string device, string scope, PacketSet difference, Func<Packet, StateDecision> blame,
            AddressRangeSet? preferred, Func<Packet, PacketSet?>? splitBy)
        {
            var rest = difference;
            for (int n = 0; n < MaxPerScope && TryWitness(rest, preferred, out var witness); n++)
            {
                var decision = blame(witness);
                var region = rest.Intersect(decision.Packets);
                if (splitBy?.Invoke(witness) is { } flow) region = region.Intersect(flow);
                if (!region.Contains(witness)) region = Single(witness);
                findings.Add(new DriftFinding(kind, device, scope, witness.ToString(), decision.Responsible, decision.Span, witness, region) { Foreign = decision.Foreign });
                rest = rest.Except(region);
            }
        }

        /// <summary>The set holding exactly one packet.</summary>
        public static PacketSet Single(Packet p)
        {
            var address = (IpAddress128 a) => AddressRangeSet.FromAddress(a);
            IntervalSet One(ulong v, ulong max) => IntervalSet.FromValues(new[] { v }, max);
            return PacketSet.FromCube(new HeaderCube(address(p.Src), address(p.Dst), One(p.Protocol, IntervalSet.ProtocolMax), One(p.DstPort, IntervalSet.PortMax),
                One(p.IcmpType, IntervalSet.IcmpMax), One(p.IcmpCode, IntervalSet.IcmpMax), One(p.SrcPort, IntervalSet.PortMax)));
        }

        /// <summary>The span of the JSON value that starts at <paramref name="offset"/>: to its matching brace or bracket (at most 4,000 characters).</summary>
        public static TextSpan JsonObjectSpan(StateFile file, int offset)
        {
            var text = file.Text;
            offset = Math.Max(0, Math.Min(offset, text.Length));
            int end = offset, depth = 0;
            bool inString = false;
            for (; end < text.Length && end - offset < 4000; end++)
            {
                char c = text[end];
                if (inString) { if (c == '\\') end++; else if (c == '"') inString = false; continue; }
                if (c == '"') inString = true;
                else if (c == '{' || c == '[') depth++;
                else if ((c == '}' || c == ']') && --depth <= 0) { end++; break; }
            }
            return TextSpan.FromBounds(offset, Math.Min(end, text.Length));
        }

        /// <summary>The finding for a file the reader cannot read.</summary>
        public static DriftFinding Unreadable(StateFile file, int offset, string message)
        {
            offset = Math.Max(0, Math.Min(offset, file.Text.Length));
            int end = offset;
            while (end < file.Text.Length && end - offset < 80 && file.Text[end] != '\n' && file.Text[end] != '\r') end++;
            return new DriftFinding(DriftKind.Unreadable, file.Name, "", message, "", TextSpan.FromBounds(offset, end)) { File = file };
        }
    }
}
