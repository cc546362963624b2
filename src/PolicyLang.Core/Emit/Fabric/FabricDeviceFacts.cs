using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>The facts the model needs about one device: its name, VTEP and interfaces (from a target's device block).</summary>
    public sealed class FabricDeviceFacts
    {
        public FabricDeviceFacts(Located<string> name, Located<IpAddress128>? vtep, Located<string>? vtepSource,
            IReadOnlyList<FabricInterfaceFacts> interfaces, SourceLocation location)
        {
            Name = name;
            Vtep = vtep;
            VtepSource = vtepSource;
            Interfaces = interfaces;
            Location = location;
        }

        public static FabricDeviceFacts From(DeviceSymbol device) =>
            new FabricDeviceFacts(device.Name, device.Vtep, device.VtepSource,
                device.Interfaces.Select(i => new FabricInterfaceFacts(i.Name, i.Segments, i.IsUplink, i.Location)).ToList(), device.Location);

        public Located<string> Name { get; }
        public Located<IpAddress128>? Vtep { get; }
        public Located<string>? VtepSource { get; }
        public IReadOnlyList<FabricInterfaceFacts> Interfaces { get; }
        public SourceLocation Location { get; }
    }

    public sealed class FabricInterfaceFacts
    {
        public FabricInterfaceFacts(Located<string> name, IReadOnlyList<SegmentSymbol> segments, bool isUplink, SourceLocation location)
        {
            Name = name;
            Segments = segments;
            IsUplink = isUplink;
            Location = location;
        }

        public Located<string> Name { get; }
        public IReadOnlyList<SegmentSymbol> Segments { get; }
        public bool IsUplink { get; }
        public SourceLocation Location { get; }
    }
}
