namespace PolicyLang.Emit.Fabric.Ansible
{
    /// <summary>One device of a target and the artifact (path relative to the build output folder) that configures it.</summary>
    public sealed class RolloutDevice(string name, string configArtifactPath)
    {
        public string Name { get; } = name;
        public string ConfigArtifactPath { get; } = configArtifactPath;
    }
}
