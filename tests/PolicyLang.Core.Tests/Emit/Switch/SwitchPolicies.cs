using System.Globalization;

namespace PolicyLang.Tests.Emit.Switch
{
    /// <summary>A small fabric policy for one switch platform, with the parts the checks look at as parameters.</summary>
    internal static class SwitchPolicies
    {
        public static (string Host, string Uplink) Interfaces(string platform) => platform switch
        {
            "juniper-junos" => ("xe-0/0/1", "et-0/0/48"),
            "sonic" => ("Ethernet0", "Ethernet120"),
            "arista-eos" => ("Ethernet1", "Ethernet49/1"),
            "cisco-nxos" => ("Ethernet1/1", "Ethernet1/49"),
            "cisco-iosxe" => ("GigabitEthernet1/0/1", "TenGigabitEthernet1/1/1"),
            _ => ("swp1", "swp51"),
        };

        public static string Policy(string platform, int mtu = 9000, int vlan = 110, int pcp = 3, string options = "", string device = "leaf1.example.net",
            string? hostInterface = null, string extraDevices = "", string description = "GPU pod", string? flowOptions = null, string classDescription = "RoCE",
            string? vtep = null)
        {
            // A platform that marks no classes gets the flow without its class, one without VXLAN a device without a VTEP.
            var described = PolicyLang.Platforms.PlatformRegistry.Describe(platform)!;
            flowOptions ??= described.Capabilities.HasFlag(PolicyLang.Platforms.PlatformCapabilities.ClassMarking) ? "class rdma" : "";
            vtep ??= described.Switch!.Vxlan ? "10.255.0.1" : "";
            var (host, uplink) = Interfaces(platform);
            host = hostInterface ?? host;
            if (platform == "sonic" && options.Length == 0) options = "option dscp-trust on";
            return @"policy t {
  default deny
}

class rdma {
  dscp 26
  queue " + pcp.ToString(CultureInfo.InvariantCulture) + @"
  pcp " + pcp.ToString(CultureInfo.InvariantCulture) + @"
  lossless
  bandwidth 50%
  ecn {
    min 150KB
    max 1500KB
    probability 20%
  }
  description " + Quote(classDescription) + @"
}

zone a {
  description " + Quote(description) + @"
  segment s {
    vlan " + vlan.ToString(CultureInfo.InvariantCulture) + @"
    vni 10110
    subnet 10.1.0.0/24, fd00:1::/64
    mtu " + mtu.ToString(CultureInfo.InvariantCulture) + @"
    description " + Quote(description) + @"
  }
}

zone b {
  subnet 10.2.0.0/24, fd00:2::/64
}

allow a -> b : tcp/22, tcp/8000-8010 " + flowOptions + @"
allow a -> a : udp/4791
allow b -> a : icmp echo-request

target t1 " + platform + @" {
  zones a, b
  description " + Quote(description) + @"
  " + options + @"
  device " + Quote(device) + @" {
" + (vtep.Length > 0 ? "    vtep " + vtep + "\n" : "") + @"    interface " + Quote(host) + @" carries a.s
    interface " + Quote(uplink) + @" uplink
  }
  " + extraDevices + @"
}
";
        }

        /// <summary>A PolicyLang string literal of any text.</summary>
        public static string Quote(string text)
        {
            var sb = new System.Text.StringBuilder("\"");
            foreach (char c in text)
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c == '\n') sb.Append("\\n");
                else if (c == '\r') sb.Append("\\r");
                else if (c == '\t') sb.Append("\\t");
                else if (c < 0x20 || c == 0x2028 || c == 0x2029) sb.Append("\\u{").Append(((int)c).ToString("X", CultureInfo.InvariantCulture)).Append('}');
                else sb.Append(c);
            }
            return sb.Append('"').ToString();
        }
    }
}
