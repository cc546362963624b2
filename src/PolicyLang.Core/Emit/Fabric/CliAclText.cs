using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>One entry of an EOS / NX-OS style ACL, split into the fields a template lays out (each non-empty field after the
    /// protocol starts with a space, so a template writes them side by side).</summary>
    public sealed record CliAclLine(int Seq = 0, string Action = "", string Protocol = "", string Source = "",
        string SourcePort = "", string Destination = "", string DestinationPort = "", string Icmp = "",
        string Established = "", string Log = "", string Remark = "")
    {
        /// <summary>The sequence number of the remark before the entry (the gap the numbering by tens leaves).</summary>
        public int RemarkSeq => Seq - 5;
    }

    /// <summary>Text of ACL fields for the EOS / NX-OS family of CLIs. Every value is numeric or a validated name.</summary>
    public static class CliAclText
    {
        public static string Protocol(int? protocol, AclFamily family, string icmpv6Keyword) => protocol switch
        {
            null => family == AclFamily.IPv4 ? "ip" : "ipv6",
            ServiceMatch.Tcp => "tcp",
            ServiceMatch.Udp => "udp",
            ServiceMatch.Sctp => "sctp",
            ServiceMatch.Icmp when family == AclFamily.IPv4 => "icmp",
            ServiceMatch.Icmpv6 when family == AclFamily.IPv6 => icmpv6Keyword,
            _ => protocol.Value.ToString(CultureInfo.InvariantCulture),
        };

        public static string Address(IReadOnlyList<IpPrefix>? prefixes) =>
            prefixes == null ? "any" : prefixes.Count == 1 ? prefixes[0].ToString() : throw new System.InvalidOperationException("Expand the entry first");

        public static string Ports(IReadOnlyList<Interval>? ports)
        {
            if (ports == null) return "";
            if (ports.Count != 1) throw new System.InvalidOperationException("Expand the entry first");
            var r = ports[0];
            return r.Start == r.End ? " eq " + r.Start.ToString(CultureInfo.InvariantCulture)
                : " range " + r.Start.ToString(CultureInfo.InvariantCulture) + " " + r.End.ToString(CultureInfo.InvariantCulture);
        }

        public static string Icmp(AclEntry e) =>
            e.IcmpType == null ? "" : " " + e.IcmpType.Value.ToString(CultureInfo.InvariantCulture) + (e.IcmpCode != null ? " " + e.IcmpCode.Value.ToString(CultureInfo.InvariantCulture) : "");

        /// <summary>
        /// An address as IOS writes it in an extended ACL: <c>any</c>, <c>host A</c>, an IPv4 network with its wildcard
        /// mask (<c>10.1.0.0 0.0.255.255</c>) or an IPv6 prefix.
        /// </summary>
        public static string IosAddress(IReadOnlyList<IpPrefix>? prefixes)
        {
            if (prefixes == null) return "any";
            if (prefixes.Count != 1) throw new System.InvalidOperationException("Expand the entry first");
            var p = prefixes[0];
            if (p.FamilyLength == 0) return "any";
            if (p.FamilyLength == (p.IsIPv4 ? 32 : 128)) return "host " + p.Address;
            if (!p.IsIPv4) return p.ToString();
            uint wildcard = uint.MaxValue >> p.FamilyLength;
            return p.Address + " " + IpAddress128.FromIPv4(wildcard);
        }

        /// <summary>
        /// The remark before <paramref name="e"/>: what it carries (<see cref="AclEntry.FlowRemark"/>) where that differs from the
        /// entry before it (<paramref name="previous"/>, updated), else empty. Once a list has remarks, entries of no named flow get
        /// one too ("flows without a name"; "default deny" for the final deny of everything and for denies of what no flow denies,
        /// such as holes cut in a wider permit), so that no entry reads as part of
        /// the named flow above it. A list without named flows has none.
        /// </summary>
        public static string Remark(AclEntry e, ref string? previous)
        {
            var remark = e.FlowRemark() ?? (previous == null ? null : e.IsDenyAll || e.DefaultDeny ? "default deny" : "flows without a name");
            var text = remark != null && remark != previous ? remark : "";
            previous = remark;
            return text;
        }

        /// <summary>Lines of an expanded ACL numbered 10, 20, …; <paramref name="address"/> writes an address (default: prefix notation).</summary>
        public static List<CliAclLine> Lines(AccessList acl, string icmpv6Keyword, Func<IReadOnlyList<IpPrefix>?, string>? address = null)
        {
            address ??= Address;
            var lines = new List<CliAclLine>();
            string? previous = null;
            foreach (var e in acl.Expand())
            {
                lines.Add(new CliAclLine
                {
                    Seq = (lines.Count + 1) * 10,
                    Action = e.Action == AclAction.Permit ? "permit" : "deny",
                    Protocol = Protocol(e.Protocol, acl.Family, icmpv6Keyword),
                    Source = " " + address(e.Sources),
                    SourcePort = Ports(e.SourcePorts),
                    Destination = " " + address(e.Destinations),
                    DestinationPort = Ports(e.DestinationPorts),
                    Icmp = Icmp(e),
                    Established = e.Established ? " established" : "",
                    Log = e.Log ? " log" : "",
                    // A remark names the flows where the entries of named flows start (see AclEntry.FlowRemark).
                    Remark = Remark(e, ref previous),
                });
            }
            return lines;
        }
    }
}
