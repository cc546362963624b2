namespace PolicyLang.Platforms
{
    /// <summary>Where a platform enforces: the family decides which shared checks and layouts apply.</summary>
    public enum PlatformKind
    {
        /// <summary>A data-centre switch configured per device (ACLs, QoS, VLANs, PFC).</summary>
        Switch,

        /// <summary>A Linux host or gateway.</summary>
        Host,

        /// <summary>A cloud provider's firewall (security groups, NSGs, firewall rules).</summary>
        CloudFirewall,

        /// <summary>A Kubernetes cluster's network policies.</summary>
        Kubernetes,
    }

    /// <summary>
    /// Everything the language knows about one platform before any code of its backend runs: its name, what a target of
    /// it accepts (modes, options with their docs), what it can enforce and its fixed limits. The binder and the checker
    /// read descriptions (through <see cref="PlatformRegistry"/>); a description is immutable, so targets may be
    /// validated and emitted in parallel. Each platform's folder under <c>Emit/</c> declares its own.
    /// </summary>
    public sealed class PlatformDescription
    {
        public PlatformDescription(string name, string displayName, PlatformKind kind, PlatformCapabilities capabilities,
            IEnumerable<string>? modes = null, IEnumerable<TargetOptionSpec>? options = null, int losslessLimit = 0, SwitchLimits? switchLimits = null,
            VerbatimFormat? verbatim = null)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("a platform needs a name", nameof(name));
            Name = name;
            DisplayName = displayName;
            Kind = kind;
            Capabilities = capabilities;
            Modes = Array.AsReadOnly((modes ?? Array.Empty<string>()).ToArray());
            Options = Array.AsReadOnly((options ?? Array.Empty<TargetOptionSpec>()).ToArray());
            var duplicate = Options.GroupBy(o => o.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null) throw new ArgumentException("option '" + duplicate.Key + "' is declared twice for " + name, nameof(options));
            LosslessLimit = losslessLimit;
            if ((kind == PlatformKind.Switch) != (switchLimits != null))
                throw new ArgumentException("a switch platform, and only a switch platform, has switch limits", nameof(switchLimits));
            Switch = switchLimits;
            Verbatim = verbatim;
        }

        /// <summary>The name a target writes: <c>target fabric arista-eos { … }</c>.</summary>
        public string Name { get; }

        /// <summary>For messages: "Arista EOS".</summary>
        public string DisplayName { get; }

        public PlatformKind Kind { get; }

        public PlatformCapabilities Capabilities { get; }

        /// <summary>The enforcement modes a target may set with <c>mode</c> (the first is the default); empty when it has none.</summary>
        public IReadOnlyList<string> Modes { get; }

        /// <summary>The <c>option</c> settings a target accepts; the binder reports unknown options and values of the wrong
        /// kind, so a backend reads them without checking again.</summary>
        public IReadOnlyList<TargetOptionSpec> Options { get; }

        /// <summary>Lossless (PFC no-drop) priorities the platform can carry; 0 where it has no PFC (hosts, clouds).</summary>
        public int LosslessLimit { get; }

        /// <summary>The limits the shared switch checks apply; set exactly for <see cref="PlatformKind.Switch"/>.</summary>
        public SwitchLimits? Switch { get; }

        /// <summary>How the platform's configuration takes verbatim text; null when it cannot (<see cref="VerbatimFormat"/>).</summary>
        public VerbatimFormat? Verbatim { get; }

        public bool Can(PlatformCapabilities capability) => (Capabilities & capability) == capability;

        public TargetOptionSpec? FindOption(string name) => Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));

        public override string ToString() => Name;
    }
}
