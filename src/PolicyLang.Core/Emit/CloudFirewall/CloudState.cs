using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.State;

namespace PolicyLang.Emit.CloudFirewall
{
    /// <summary>What the cloud firewalls' running-state readers share: the target's address sets, the intent per direction, and rule fields as packet sets.</summary>
    public static class CloudState
    {
        /// <summary>The addresses of the target's zones.</summary>
        public static AddressRangeSet TargetAddresses(TargetContext context) =>
            AddressRangeSet.UnionAll(context.Target.Zones.Select(z => context.Addresses.Of(z)));

        /// <summary>Traffic into the target's zones (inbound) or out of them.</summary>
        public static PacketSet Region(TargetContext context, bool inbound)
        {
            var t = TargetAddresses(context);
            return inbound ? PacketSpace.Between(AddressRangeSet.All, t) : PacketSpace.Between(t, AddressRangeSet.All);
        }

        /// <summary>What the policy allows into the target's zones (inbound) or out of them.</summary>
        public static PacketSet Intent(TargetContext context, bool inbound)
        {
            var t = TargetAddresses(context);
            var zones = context.Target.Zones;
            var allowed = inbound
                ? context.Flows.AllowedFromTo(() => AddressRangeSet.All, () => t, zones, bySource: false)
                : context.Flows.AllowedFromTo(() => t, () => AddressRangeSet.All, zones, bySource: true);
            return allowed.Intersect(Region(context, inbound));
        }

        /// <summary>A CIDR or a single address (an IPv6 one never matches IPv4 packets).</summary>
        public static AddressRangeSet Prefix(string text, int offset)
        {
            if (!IpPrefix.TryParse(text, out var p, out _) && !IpPrefix.TryParse(text + (text.IndexOf(':') >= 0 ? "/128" : "/32"), out p, out _))
                throw new StateReadException(offset, "expected an address or CIDR, found '" + text + "'");
            var set = AddressRangeSet.FromPrefix(p);
            return text.IndexOf(':') >= 0 ? set.Intersect(PacketSpace.IPv6) : set;
        }

        /// <summary>"*", "443", "8000-8100" as a port set.</summary>
        public static IntervalSet Ports(IEnumerable<string> texts, int offset)
        {
            var set = IntervalSet.Empty(IntervalSet.PortMax);
            foreach (var t in texts)
            {
                if (t == "*") return IntervalSet.Full(IntervalSet.PortMax);
                var dash = t.IndexOf('-');
                if (!ulong.TryParse(dash < 0 ? t : t.Substring(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var a)
                    || !ulong.TryParse(dash < 0 ? t : t.Substring(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var b) || a > b || b > 65535)
                    throw new StateReadException(offset, "expected a port or port range, found '" + t + "'");
                set = set.Union(IntervalSet.FromRange(a, b, IntervalSet.PortMax));
            }
            return set;
        }

        /// <summary>Packets between two address sets of one protocol per family (null: every protocol) on some ports.</summary>
        public static PacketSet Match(AddressRangeSet src, AddressRangeSet dst, int? v4Protocol, int? v6Protocol, IntervalSet? ports, IntervalSet? sourcePorts = null)
        {
            var portSet = ports ?? IntervalSet.Full(IntervalSet.PortMax);
            var sourcePortSet = sourcePorts ?? IntervalSet.Full(IntervalSet.PortMax);
            var full = IntervalSet.Full(IntervalSet.IcmpMax);
            PacketSet Family(AddressRangeSet family, int? protocol)
            {
                var s = src.Intersect(family);
                var d = dst.Intersect(family);
                if (s.IsEmpty || d.IsEmpty) return PacketSet.Empty;
                var p = protocol == null ? IntervalSet.Full(IntervalSet.ProtocolMax) : IntervalSet.FromValues(new[] { (ulong)protocol.Value }, IntervalSet.ProtocolMax);
                return PacketSpace.Between(s, d, p, portSet, full, full, sourcePortSet);
            }
            return Family(PacketSpace.IPv4, v4Protocol).Union(Family(PacketSpace.IPv6, v6Protocol));
        }

        /// <summary>The values of a member that is a string or a list of strings.</summary>
        public static List<string> Strings(JsonNode? n) =>
            n == null ? new List<string>() : n.IsArray ? n.Items.Where(i => i.Text != null).Select(i => i.Text!).ToList() : n.Text != null ? new List<string> { n.Text } : new List<string>();
    }
}
