using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.TestSupport.Cloud
{
    /// <summary>Packet sets of the text fields cloud firewall rules use.</summary>
    public static class RuleSets
    {
        /// <summary>
        /// A CIDR or an address as the cloud platforms match it: each family on its own, so an IPv6 CIDR (even ::/3, which
        /// spans the IPv4-mapped block of the 128-bit space) never matches an IPv4 packet.
        /// </summary>
        public static AddressRangeSet Prefix(string text)
        {
            if (!IpPrefix.TryParse(text, out var p) && !IpPrefix.TryParse(text + (text.Contains(':') ? "/128" : "/32"), out p))
                throw new FormatException("not a prefix: '" + text + "'");
            var set = AddressRangeSet.FromPrefix(p);
            return text.Contains(':') ? set.Intersect(PacketSpace.IPv6) : set;
        }

        public static IntervalSet Ports(IEnumerable<string> texts)
        {
            var set = IntervalSet.Empty(IntervalSet.PortMax);
            foreach (var t in texts)
            {
                if (t == "*") return IntervalSet.Full(IntervalSet.PortMax);
                var dash = t.IndexOf('-');
                ulong a = ulong.Parse(dash < 0 ? t : t.Substring(0, dash), CultureInfo.InvariantCulture);
                ulong b = dash < 0 ? a : ulong.Parse(t.Substring(dash + 1), CultureInfo.InvariantCulture);
                if (a > b || b > 65535) throw new FormatException("bad port range '" + t + "'");
                set = set.Union(IntervalSet.FromRange(a, b, IntervalSet.PortMax));
            }
            return set;
        }

        /// <summary>Packets between two address sets with per-family protocol numbers (null: every protocol) and ports.</summary>
        public static PacketSet Match(AddressRangeSet src, AddressRangeSet dst, int[]? v4Protocols, int[]? v6Protocols, IntervalSet? ports,
            IntervalSet? sourcePorts = null)
        {
            var portSet = ports ?? IntervalSet.Full(IntervalSet.PortMax);
            var sourcePortSet = sourcePorts ?? IntervalSet.Full(IntervalSet.PortMax);
            var full = IntervalSet.Full(IntervalSet.IcmpMax);
            PacketSet Family(AddressRangeSet fam, int[]? protocols)
            {
                var s = src.Intersect(fam);
                var d = dst.Intersect(fam);
                if (s.IsEmpty || d.IsEmpty) return PacketSet.Empty;
                var p = protocols == null ? IntervalSet.Full(IntervalSet.ProtocolMax) : IntervalSet.FromValues(protocols.Select(x => (ulong)x), IntervalSet.ProtocolMax);
                if (p.IsEmpty) return PacketSet.Empty;
                return PacketSpace.Between(s, d, p, portSet, full, full, sourcePortSet);
            }
            return Family(PacketSpace.IPv4, v4Protocols).Union(Family(PacketSpace.IPv6, v6Protocols));
        }

        /// <summary>Ports apply only to TCP, UDP and SCTP; other protocols span every port value in the IR.</summary>
        public static bool HasPorts(int protocol) => protocol == 6 || protocol == 17 || protocol == 132;
    }
}
