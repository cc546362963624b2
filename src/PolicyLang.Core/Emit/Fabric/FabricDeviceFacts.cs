using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>The facts the model needs about one device: its name, VTEP and interfaces (from a target's device block).</summary>
    public sealed class FabricDeviceFacts(
        Located<string> name, Located<IpAddress128>? vtep, Located<string>? vtepSource,
        IReadOnlyList<FabricInterfaceFacts> interfaces, SourceLocation location)
    {
        public static FabricDeviceFacts From(DeviceSymbol device) =>
            new FabricDeviceFacts(device.Name, device.Vtep, device.VtepSource,
                device.Interfaces.Select(i => new FabricInterfaceFacts(i.Name, i.Segments, i.IsUplink, i.Location)).ToList(), device.Location);

        public Located<string> Name { get; } = name;
        public Located<IpAddress128>? Vtep { get; } = vtep;
        public Located<string>? VtepSource { get; } = vtepSource;
        public IReadOnlyList<FabricInterfaceFacts> Interfaces { get; } = interfaces;
        public SourceLocation Location { get; } = location;
    }

    public sealed class FabricInterfaceFacts(
        Located<string> name, IReadOnlyList<SegmentSymbol> segments, bool isUplink, SourceLocation location)
    {
        public Located<string> Name { get; } = name;
        public IReadOnlyList<SegmentSymbol> Segments { get; } = segments;
        public bool IsUplink { get; } = isUplink;
        public SourceLocation Location { get; } = location;
    }
}
