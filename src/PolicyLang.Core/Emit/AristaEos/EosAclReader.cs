using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.AristaEos
{
    /// <summary>
    /// Reads the ACLs of an EOS configuration (<c>ip|ipv6 access-list NAME</c> and their numbered entries) and their bindings
    /// (<c>ip|ipv6 access-group NAME in|out</c> under <c>interface NAME</c>). Other sections are skipped; inside an ACL,
    /// anything but an entry, a remark or a comment is an error.
    /// </summary>
    public sealed class EosAclReader : CliAclReader
    {
        public override string Platform => AristaEosPlatform.Description.Name;

        protected override (string Name, AclFamily Family)? AclHeader(string[] w, int line) =>
            w.Length == 3 && (w[0] == "ip" || w[0] == "ipv6") && w[1] == "access-list" ? (w[2], w[0] == "ip" ? AclFamily.IPv4 : AclFamily.IPv6) : null;

        protected override AclBinding? Binding(string interfaceName, string[] w) => Bound(interfaceName, w, "access-group", "access-group");
    }
}
