using System;
using System.Collections.Generic;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>What <see cref="FabricChecks"/> needs to know about a switch platform.</summary>
    public sealed class FabricPlatformRules
    {
        public string Platform { get; set; } = "";

        /// <summary>For messages: "Arista EOS".</summary>
        public string DisplayName { get; set; } = "";
        public int MaxMtu { get; set; }

        /// <summary>Longest ACL / class-map / object-group name the platform accepts.</summary>
        public int MaxAclName { get; set; } = 64;
        public int DefaultAclBudget { get; set; } = 2000;
        public Func<string, bool> IsInterfaceName { get; set; } = _ => true;
        public string InterfaceNameExpected { get; set; } = "";

        /// <summary>The VLAN id of a VLAN interface name ("Vlan110" → 110), or null for other interfaces.</summary>
        public Func<string, int?> SviVlan { get; set; } = _ => null;
        public Func<string, bool> IsLoopback { get; set; } = _ => true;
        public string LoopbackExpected { get; set; } = "";

        /// <summary>VLAN ranges that cannot be configured (errors), with why.</summary>
        public List<(int Low, int High, string Why)> ReservedVlans { get; } = new List<(int, int, string)>();

        /// <summary>A default internal VLAN range that may clash (a warning), or null.</summary>
        public (int Low, int High)? InternalVlans { get; set; }

        /// <summary>Queues that can be no-drop, or null for all.</summary>
        public (int Low, int High)? LosslessQueues { get; set; }

        /// <summary>Entries an ACL takes on the switch: by default one per prefix pair and port range.</summary>
        public Func<AccessList, int> CountEntries { get; set; } = acl => acl.Counts.Expanded;
    }
}
