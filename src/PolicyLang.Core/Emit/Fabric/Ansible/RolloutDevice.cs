namespace PolicyLang.Emit.Fabric.Ansible
{
    /// <summary>One device of a target and the artifact (path relative to the build output folder) that configures it.</summary>
    public sealed class RolloutDevice
    {
        public RolloutDevice(string name, string configArtifactPath)
        {
            Name = name;
            ConfigArtifactPath = configArtifactPath;
        }

        public string Name { get; }
        public string ConfigArtifactPath { get; }
    }
}
