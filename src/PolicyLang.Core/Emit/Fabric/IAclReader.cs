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

    public sealed class ParsedAcl
    {
        public ParsedAcl(string name, AclFamily family)
        {
            Name = name;
            Family = family;
        }

        public string Name { get; }
        public AclFamily Family { get; }
        public List<AclEntry> Entries { get; } = new List<AclEntry>();
    }

    /// <summary>An ACL applied to an interface: "ip access-group NAME in" and the like.</summary>
    public sealed class AclBinding
    {
        public AclBinding(string interfaceName, string aclName, AclFamily family, bool inbound)
        {
            Interface = interfaceName;
            AclName = aclName;
            Family = family;
            Inbound = inbound;
        }

        public string Interface { get; }
        public string AclName { get; }
        public AclFamily Family { get; }
        public bool Inbound { get; }
    }

    public sealed class AclReadException : FormatException
    {
        public AclReadException(int line, string message) : base("line " + line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + message)
        {
            Line = line;
        }

        public int Line { get; }
    }
}
