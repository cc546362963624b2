using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.CiscoIosXe
{
    /// <summary>
    /// Reads the ACLs of an IOS XE configuration (<c>ip access-list extended NAME</c> with numbered entries and wildcard
    /// masks, <c>ipv6 access-list NAME</c> with <c>sequence N</c> entries) and their bindings under <c>interface NAME</c>
    /// (<c>ip access-group NAME in|out</c>, <c>ipv6 traffic-filter NAME in|out</c>). Other sections are skipped; inside an
    /// ACL, anything but an entry or a remark is an error, and so is a standard or numbered ACL.
    /// </summary>
    public sealed class IosXeAclReader : IAclReader
    {
        public string Platform => CiscoIosXePlatform.Description.Name;

        public ParsedConfig Read(string text)
        {
            var config = new ParsedConfig();
            var parser = new CliAclEntryParser(ios: true);
            ParsedAcl? acl = null;
            string? iface = null;
            foreach (var l in CliConfigLines.Read(text))
            {
                var t = l.Text.Split(' ');
                if (l.IsTop)
                {
                    acl = null;
                    iface = null;
                    var family = t.Length == 4 && t[0] == "ip" && t[1] == "access-list" && t[2] == "extended" ? AclFamily.IPv4
                        : t.Length == 3 && t[0] == "ipv6" && t[1] == "access-list" ? AclFamily.IPv6 : (AclFamily?)null;
                    if (family != null)
                    {
                        var name = t[t.Length - 1];
                        if (config.Acls.ContainsKey(name)) throw new AclReadException(l.Number, "ACL '" + name + "' defined twice");
                        acl = new ParsedAcl(name, family.Value);
                        config.Acls[name] = acl;
                    }
                    else if (t.Length >= 2 && t[0] == "ip" && t[1] == "access-list")
                        throw new AclReadException(l.Number, "expected a named extended ACL, found '" + l.Text + "'");
                    else if (t.Length == 2 && t[0] == "interface") iface = t[1];
                    continue;
                }
                if (acl != null)
                {
                    var entry = parser.Parse(l.Text, l.Number, acl.Family);
                    if (entry != null) acl.Entries.Add(entry);
                }
                else if (iface != null && t.Length == 4 && (t[3] == "in" || t[3] == "out")
                    && ((t[0] == "ip" && t[1] == "access-group") || (t[0] == "ipv6" && t[1] == "traffic-filter")))
                    config.Bindings.Add(new AclBinding(iface, t[2], t[0] == "ip" ? AclFamily.IPv4 : AclFamily.IPv6, t[3] == "in"));
            }
            return config;
        }
    }
}
