using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.AristaEos
{
    /// <summary>
    /// Reads the ACLs of an EOS configuration (<c>ip|ipv6 access-list NAME</c> and their numbered entries) and their bindings
    /// (<c>ip|ipv6 access-group NAME in|out</c> under <c>interface NAME</c>). Other sections are skipped; inside an ACL,
    /// anything but an entry, a remark or a comment is an error.
    /// </summary>
    public sealed class EosAclReader : IAclReader
    {
        public string Platform => AristaEosPlatform.Description.Name;

        public ParsedConfig Read(string text)
        {
            var config = new ParsedConfig();
            var parser = new CliAclEntryParser();
            ParsedAcl? acl = null;
            string? iface = null;
            foreach (var l in CliConfigLines.Read(text))
            {
                int n = l.Number - 1;
                var line = l.Text;
                if (l.IsTop)
                {
                    acl = null;
                    iface = null;
                    var t = line.Split(' ');
                    if (t.Length == 3 && (t[0] == "ip" || t[0] == "ipv6") && t[1] == "access-list")
                    {
                        if (config.Acls.ContainsKey(t[2])) throw new AclReadException(n + 1, "ACL '" + t[2] + "' defined twice");
                        acl = new ParsedAcl(t[2], t[0] == "ip" ? AclFamily.IPv4 : AclFamily.IPv6);
                        config.Acls[acl.Name] = acl;
                    }
                    else if (t.Length == 2 && t[0] == "interface") iface = t[1];
                    continue;
                }
                if (acl != null)
                {
                    var entry = parser.Parse(line, n + 1, acl.Family);
                    if (entry != null) acl.Entries.Add(entry);
                }
                else if (iface != null)
                {
                    var t = line.Split(' ');
                    if (t.Length == 4 && (t[0] == "ip" || t[0] == "ipv6") && t[1] == "access-group" && (t[3] == "in" || t[3] == "out"))
                        config.Bindings.Add(new AclBinding(iface, t[2], t[0] == "ip" ? AclFamily.IPv4 : AclFamily.IPv6, t[3] == "in"));
                }
            }
            return config;
        }
    }
}
