namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// Parses a platform's emitted configuration back into ACLs and their interface bindings, so that
    /// <see cref="TranslationValidator"/> can prove what the text (not the model) allows. A reader understands exactly
    /// the syntax its backend emits and throws <see cref="AclReadException"/> on anything else inside an ACL, so a
    /// template that renders something unexpected fails validation instead of being skipped.
    /// </summary>
    public interface IAclReader
    {
        string Platform { get; }

        ParsedConfig Read(string text);
    }

    public sealed class ParsedConfig
    {
        public Dictionary<string, ParsedAcl> Acls { get; } = new Dictionary<string, ParsedAcl>(StringComparer.Ordinal);
        public List<AclBinding> Bindings { get; } = new List<AclBinding>();

        /// <summary>The line each interface section starts at, where the reader knows it (for running-state findings).</summary>
        public Dictionary<string, int> InterfaceLines { get; } = new Dictionary<string, int>(StringComparer.Ordinal);
    }

    public sealed class ParsedAcl(string name, AclFamily family)
    {
        public string Name { get; } = name;
        public AclFamily Family { get; } = family;
        public List<AclEntry> Entries { get; } = new List<AclEntry>();

        /// <summary>The line the ACL starts at (0: unknown).</summary>
        public int Line { get; set; }

        /// <summary>The line of each entry, parallel to <see cref="Entries"/> where the reader knows them (empty otherwise).</summary>
        public List<int> EntryLines { get; } = new List<int>();

        /// <summary>The name of each entry in the export (a SONiC rule key, an NVUE rule number), parallel to <see cref="Entries"/>; empty when entries have none.</summary>
        public List<string> EntryNames { get; } = new List<string>();

        public void Add(AclEntry entry, int line, string? name = null)
        {
            Entries.Add(entry);
            EntryLines.Add(line);
            if (name != null) EntryNames.Add(name);
        }
    }

    /// <summary>An ACL applied to an interface: "ip access-group NAME in" and the like.</summary>
    public sealed class AclBinding(string interfaceName, string aclName, AclFamily family, bool inbound)
    {
        public string Interface { get; } = interfaceName;
        public string AclName { get; } = aclName;
        public AclFamily Family { get; } = family;
        public bool Inbound { get; } = inbound;
    }

    public sealed class AclReadException(
        int line, string message)
        : FormatException("line " + line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + message)
    {
        public int Line { get; } = line;
    }
}
