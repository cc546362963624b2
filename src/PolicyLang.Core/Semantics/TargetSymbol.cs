using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    public sealed class TargetSymbol(
        string name, Located<string> platform, SourceLocation location, DeclarationSyntax declaration)
        : Symbol(SymbolKind.Target, name, location, declaration)
    {
        public Located<string> Platform { get; } = platform;
        public IReadOnlyList<Located<string>> Devices { get; internal set; } = new List<Located<string>>();
        public IReadOnlyList<ZoneSymbol> Zones { get; internal set; } = new List<ZoneSymbol>();
        public Located<string>? Mode { get; internal set; }

        /// <summary>The <c>device "…" { … }</c> blocks, in order: the facts backends attach configuration to.</summary>
        public IReadOnlyList<DeviceSymbol> DeviceFacts { get; internal set; } = new List<DeviceSymbol>();

        /// <summary>The <c>option NAME VALUE</c> settings, in order (each name at most once).</summary>
        public IReadOnlyList<TargetOption> Options { get; internal set; } = new List<TargetOption>();

        /// <summary>The option of that name, or null when the target does not set it.</summary>
        public TargetOption? Option(string name)
        {
            foreach (var o in Options)
                if (o.Name.Value == name) return o;
            return null;
        }

        /// <summary>The facts for a device, or null when it is only named in a <c>devices</c> list.</summary>
        public DeviceSymbol? FactsFor(string device)
        {
            foreach (var d in DeviceFacts)
                if (d.Name.Value == device) return d;
            return null;
        }
        public string? Description { get; internal set; }

        /// <summary>The <c>verbatim PLATFORM { … }</c> blocks, in order: text written into the output as it stands.</summary>
        public IReadOnlyList<VerbatimText> Verbatim { get; internal set; } = new List<VerbatimText>();
    }

    /// <summary>
    /// A target's <c>verbatim</c> block: configuration lines that policyc writes into the target's output unread, for what
    /// the language cannot say. The platform is written out so that text meant for one platform never reaches another.
    /// </summary>
    public sealed class VerbatimText(Located<string> platform, IReadOnlyList<string> lines, SourceLocation location)
    {
        public Located<string> Platform { get; } = platform;
        public IReadOnlyList<string> Lines { get; } = lines;

        /// <summary>The whole <c>verbatim … { … }</c> setting.</summary>
        public SourceLocation Location { get; } = location;

        /// <summary>The comments that fence verbatim text in the output (after the platform's comment leader).</summary>
        public const string BeginMarker = "policyc verbatim begin";
        public const string EndMarker = "policyc verbatim end";

        /// <summary>Why a line cannot be written as verbatim text, or null when it can.</summary>
        public static string? Problem(string line)
        {
            foreach (var ch in line)
            {
                if (ch != '\t' && (char.IsControl(ch) || ch == '\u2028' || ch == '\u2029'))
                    return "a verbatim line holds the control character U+" + ((int)ch).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)
                        + ": each string is one line of configuration; write further lines as further strings";
                // Invisible format characters (a byte-order mark, zero-width spaces, bidirectional overrides) show nothing in a
                // review of the policy or of the configuration, and a device reads them as part of the command.
                if (char.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.Format)
                    return "a verbatim line holds the invisible format character U+" + ((int)ch).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)
                        + ": it shows nothing where the line is reviewed, and the device reads it as part of the command";
            }
            var trimmed = line.TrimStart(' ', '\t', '!', '#');
            if (trimmed.StartsWith(EndMarker, StringComparison.Ordinal) || trimmed.StartsWith(BeginMarker, StringComparison.Ordinal))
                return "a verbatim line may not start with '" + (trimmed.StartsWith(EndMarker, StringComparison.Ordinal) ? EndMarker : BeginMarker)
                    + "': policyc fences verbatim text with that marker";
            return null;
        }
    }
}
