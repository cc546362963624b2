using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace PolicyLang.Emit.SwitchPlatforms
{
    /// <summary>
    /// The limits of one switch platform that <see cref="SwitchTarget.Check"/> enforces for juniper-junos, sonic and
    /// cumulus-nvue: interface syntax, MTU ceiling, reserved VLANs, lossless priorities, ACL budget and name lengths.
    /// </summary>
    public sealed class SwitchPlatform
    {
        public string Name { get; set; } = "";

        /// <summary>Interface names the configuration may carry verbatim, and how to describe them in a message.</summary>
        public Regex InterfaceName { get; set; } = new Regex("^$");
        public string InterfaceNameDescription { get; set; } = "";
        public Regex VtepSourceName { get; set; } = new Regex("^$");
        public string VtepSourceDescription { get; set; } = "";

        /// <summary>Longest interface name (Linux-based platforms: 15, IFNAMSIZ - 1); 0 when unlimited.</summary>
        public int MaxInterfaceName { get; set; }

        /// <summary>Largest interface MTU the platform accepts, in its own terms.</summary>
        public int MaxMtu { get; set; }

        /// <summary>Bytes the platform counts on top of the IP MTU (Junos counts the Ethernet header: 14).</summary>
        public int MtuOverhead { get; set; }

        /// <summary>VLAN ranges the platform uses internally, with the reason for the message.</summary>
        public List<(int First, int Last, string Why)> ReservedVlans { get; } = new List<(int, int, string)>();

        /// <summary>PFC priorities the platform's lossless buffer profile supports; null when any of 0-7 may be lossless.</summary>
        public int[]? LosslessPriorities { get; set; }

        public int DefaultAclBudget { get; set; }
        public string AclBudgetReason { get; set; } = "";

        /// <summary>Longest ACL name (also class and policer names derived from it).</summary>
        public int MaxAclName { get; set; }

        /// <summary>Whether one entry may hold several prefixes and port ranges (Junos terms); otherwise entries are expanded.</summary>
        public bool GroupedEntries { get; set; }
    }
}
