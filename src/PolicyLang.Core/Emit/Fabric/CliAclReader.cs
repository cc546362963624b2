namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// The walk the readers of IOS-style configurations share (EOS, NX-OS, IOS XE): top-level sections, where an ACL
    /// section's lines are entries (anything else in it is an error) and an interface section's binding lines say which
    /// ACL it applies; other sections are skipped unless the platform reads them (NX-OS object-groups). A platform says
    /// how its ACL headers and bindings are written and which entry parser reads its entries.
    /// </summary>
    public abstract class CliAclReader : IAclReader
    {
        public abstract string Platform { get; }

        /// <summary>One reading of one configuration: the entry parser, and what the platform collects on the way.</summary>
        protected class Session(CliAclEntryParser parser)
        {
            public CliAclEntryParser Parser { get; } = parser;

            /// <summary>A reader for the lines of a top-level section other than an ACL or an interface, or null to skip it.</summary>
            public virtual Action<string[], int>? Section(string[] header, int line) => null;
        }

        protected virtual Session Begin() => new Session(new CliAclEntryParser());

        /// <summary>The ACL a top-level line starts (its name and family), or null when the line starts something else.</summary>
        protected abstract (string Name, AclFamily Family)? AclHeader(string[] words, int line);

        /// <summary>The ACL a line inside an interface section applies, or null when the line is something else.</summary>
        protected abstract AclBinding? Binding(string interfaceName, string[] words);

        /// <summary>The ACLs a line inside an interface section applies (by default <see cref="Binding"/>'s one, if any); a
        /// platform whose one line binds a filter of both families returns two.</summary>
        protected virtual IEnumerable<AclBinding> Bindings(string interfaceName, string[] words) =>
            Binding(interfaceName, words) is { } b ? new[] { b } : Array.Empty<AclBinding>();

        /// <summary>Called once the whole text is read: a platform completes what its sections collected.</summary>
        protected virtual void Finish(Session session, ParsedConfig config) { }

        private static readonly char[] s_space = { ' ' };

        public ParsedConfig Read(string text)
        {
            var config = new ParsedConfig();
            var session = Begin();
            ParsedAcl? acl = null;
            string? iface = null;
            Action<string[], int>? section = null;
            foreach (var l in CliConfigLines.Read(text))
            {
                if (!l.IsTop && acl != null)
                {
                    var entry = session.Parser.Parse(l.Text, l.Number, acl.Family);
                    if (entry != null) acl.Add(entry, l.Number);
                    continue;
                }
                var words = l.Text.Split(s_space, StringSplitOptions.RemoveEmptyEntries);
                if (l.IsTop)
                {
                    acl = null;
                    iface = null;
                    section = null;
                    if (AclHeader(words, l.Number) is { } header)
                    {
                        if (config.Acls.ContainsKey(header.Name)) throw new AclReadException(l.Number, "ACL '" + header.Name + "' defined twice");
                        acl = new ParsedAcl(header.Name, header.Family) { Line = l.Number };
                        config.Acls[acl.Name] = acl;
                    }
                    else if (words.Length == 2 && words[0] == "interface")
                    {
                        iface = words[1];
                        if (!config.InterfaceLines.ContainsKey(iface)) config.InterfaceLines[iface] = l.Number;
                    }
                    else section = session.Section(words, l.Number);
                    continue;
                }
                if (section != null) section(words, l.Number);
                else if (iface != null) config.Bindings.AddRange(Bindings(iface, words));
            }
            Finish(session, config);
            return config;
        }

        /// <summary>"ip|ipv6 KEYWORD NAME in|out" (IPv4 with <paramref name="v4"/>, IPv6 with <paramref name="v6"/>).</summary>
        protected static AclBinding? Bound(string interfaceName, string[] w, string v4, string v6) =>
            w.Length == 4 && (w[3] == "in" || w[3] == "out") && ((w[0] == "ip" && w[1] == v4) || (w[0] == "ipv6" && w[1] == v6))
                ? new AclBinding(interfaceName, w[2], w[0] == "ip" ? AclFamily.IPv4 : AclFamily.IPv6, w[3] == "in")
                : null;
    }
}
