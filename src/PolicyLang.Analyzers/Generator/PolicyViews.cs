namespace PolicyLang.Analyzers.Generator
{
    // The values that flow through the generator's pipeline. Every one is a record of strings, numbers and
    // EquatableArrays, so equal inputs give equal values and the driver can cache each stage.

    /// <summary>One policy file as the project gives it.</summary>
    internal sealed record PolicyFile(string Path, string Text);

    /// <summary>What the user sets in MSBuild: the namespace and the name of the root class.</summary>
    internal sealed record GeneratorOptions(string Namespace, string ClassName);

    /// <summary>Every policy of the project, in a stable order.</summary>
    internal sealed record PolicySetView(EquatableArray<PolicyView> Policies);

    internal sealed record PolicyView(string Name, EquatableArray<ZoneView> Zones, EquatableArray<ServiceView> Services, EquatableArray<ClassView> Classes);

    internal sealed record ZoneView(string Name, bool IsExternal, string? Description, EquatableArray<string> Subnets, EquatableArray<SegmentView> Segments);

    internal sealed record SegmentView(string Name, string QualifiedName, int? Vlan, int? Vni, int? Mtu, EquatableArray<string> Prefixes, string? Description);

    internal sealed record ServiceView(string Name, EquatableArray<MatchView> Matches);

    internal sealed record MatchView(int? Protocol, string ProtocolName, EquatableArray<PortRangeView> Ports, int? IcmpType, int? IcmpCode, string Text,
        EquatableArray<PortRangeView> SourcePorts);

    internal readonly record struct PortRangeView(int Start, int End);

    internal sealed record ClassView(string Name, int? Dscp, int Queue, int? Pcp, bool Lossless, int? Bandwidth, string? Description);
}
