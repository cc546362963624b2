using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.CiscoIosXe
{
    /// <summary>
    /// Reads the ACLs of an IOS XE configuration (<c>ip access-list extended NAME</c> with numbered entries and wildcard
    /// masks, <c>ipv6 access-list NAME</c> with <c>sequence N</c> entries) and their bindings under <c>interface NAME</c>
    /// (<c>ip access-group NAME in|out</c>, <c>ipv6 traffic-filter NAME in|out</c>). Other sections are skipped; inside an
    /// ACL, anything but an entry or a remark is an error, and so is a standard or numbered ACL. Ports may be the names IOS XE
    /// shows for well-known ones (<see cref="CiscoPortNames"/>: <c>eq www</c>).
    /// </summary>
    public sealed class IosXeAclReader : CliAclReader
    {
        public override string Platform => CiscoIosXePlatform.Description.Name;

        protected override Session Begin() => new Session(new CliAclEntryParser(ios: true, portName: CiscoPortNames.Find));

        protected override (string Name, AclFamily Family)? AclHeader(string[] w, int line)
        {
            if (w.Length == 4 && w[0] == "ip" && w[1] == "access-list" && w[2] == "extended") return (w[3], AclFamily.IPv4);
            if (w.Length == 3 && w[0] == "ipv6" && w[1] == "access-list") return (w[2], AclFamily.IPv6);
            if (w.Length >= 2 && w[0] == "ip" && w[1] == "access-list")
                throw new AclReadException(line, "expected a named extended ACL, found '" + string.Join(" ", w) + "'");
            return null;
        }

        protected override AclBinding? Binding(string interfaceName, string[] w) => Bound(interfaceName, w, "access-group", "traffic-filter");
    }
}
