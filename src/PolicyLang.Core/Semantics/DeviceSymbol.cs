using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Semantics
{
    /// <summary>
    /// The facts a target gives about one of its devices (<c>device "leaf1" { vtep …; interface … carries … }</c>): where a
    /// backend attaches what it generates. A device named only in a <c>devices</c> list has no facts.
    /// </summary>
    public sealed class DeviceSymbol(Located<string> name, SourceLocation location)
    {
        public Located<string> Name { get; } = name;

        /// <summary>The whole <c>device</c> setting.</summary>
        public SourceLocation Location { get; } = location;

        /// <summary>The VXLAN tunnel endpoint address (the device's loopback), if given.</summary>
        public Located<IpAddress128>? Vtep { get; internal set; }

        /// <summary>The interface the VTEP address lives on (<c>vtep … source "Loopback1"</c>), if given.</summary>
        public Located<string>? VtepSource { get; internal set; }

        public IReadOnlyList<InterfaceBinding> Interfaces { get; internal set; } = new List<InterfaceBinding>();

        public string? Description { get; internal set; }

        public override string ToString() => "device '" + Name.Value + "'";
    }

    /// <summary>
    /// <c>interface "Ethernet1" carries training.gpu, storage</c> (the hosts of those segments are behind this interface, so
    /// ACLs for traffic from them go here) or <c>interface "Ethernet49/1" uplink</c> (fabric-facing: QoS and MTU, no ACL).
    /// </summary>
    public sealed class InterfaceBinding(
        Located<string> name, IReadOnlyList<SegmentSymbol> segments, bool isUplink, SourceLocation location)
    {
        public Located<string> Name { get; } = name;

        /// <summary>The segments carried, in the order written; a zone stands for all of its segments.</summary>
        public IReadOnlyList<SegmentSymbol> Segments { get; } = segments;

        public bool IsUplink { get; } = isUplink;

        /// <summary>The whole <c>interface</c> setting.</summary>
        public SourceLocation Location { get; } = location;

        public override string ToString() => "interface '" + Name.Value + "'";
    }

    /// <summary><c>option NAME VALUE</c> on a target: a platform-specific switch, declared in the platform's <see cref="PolicyLang.Platforms.PlatformDescription.Options"/>.</summary>
    public sealed class TargetOption(
        Located<string> name, Located<string> value, bool isString, bool isNumber, SourceLocation location)
    {
        public Located<string> Name { get; } = name;

        /// <summary>The value as written; a string's quotes and escapes removed.</summary>
        public Located<string> Value { get; } = value;

        public bool IsString { get; } = isString;
        public bool IsNumber { get; } = isNumber;

        /// <summary>The whole <c>option</c> setting.</summary>
        public SourceLocation Location { get; } = location;

        /// <summary>True for <c>on</c>; false for <c>off</c> (the binder rejects anything else for a Boolean option).</summary>
        public bool IsOn => Value.Value == "on";

        /// <summary>The value as an integer, or null when it is not one.</summary>
        public long? AsInteger => long.TryParse(Value.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : (long?)null;

        public override string ToString() => "option " + Name.Value + " " + Value.Value;
    }
}
