namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// The port names a platform's CLI takes and shows in ACL entries, by protocol (TCP 6, UDP 17): what a reader's
    /// <see cref="CliAclEntryParser"/> looks a word up in (<c>eq www</c>). A name of the other protocol, or of none, is no port.
    /// </summary>
    public sealed class PortNameTable(IReadOnlyDictionary<string, int> tcp, IReadOnlyDictionary<string, int> udp)
    {
        public int? Find(int protocol, string name) =>
            protocol == 6 ? (tcp.TryGetValue(name, out var t) ? t : null)
            : protocol == 17 ? (udp.TryGetValue(name, out var u) ? u : null)
            : null;
    }
}
