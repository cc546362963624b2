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
    }

    public sealed class ParsedAcl(string name, AclFamily family)
    {
        public string Name { get; } = name;
        public AclFamily Family { get; } = family;
        public List<AclEntry> Entries { get; } = new List<AclEntry>();
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
