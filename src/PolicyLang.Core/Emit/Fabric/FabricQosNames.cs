namespace PolicyLang.Emit.Fabric
{
    /// <summary>Names of the device-wide QoS objects, derived from the ACL prefix of the device's groups.</summary>
    public static class FabricQosNames
    {
        /// <summary>The device's QoS profile / policy name: "&lt;prefix&gt;FABRIC-QOS".</summary>
        public static string Profile(FabricDevice device) => device.AclPrefix + "FABRIC-QOS";
    }
}
