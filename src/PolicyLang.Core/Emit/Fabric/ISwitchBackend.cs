using PolicyLang.Emit.Fabric.Ansible;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>A backend of a switch platform: besides its description, checks and emit, how its files reach the devices.</summary>
    public interface ISwitchBackend : IBackend
    {
        RolloutProfile Rollout { get; }
    }
}
