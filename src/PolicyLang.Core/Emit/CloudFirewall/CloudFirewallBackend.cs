using PolicyLang.Platforms;

namespace PolicyLang.Emit.CloudFirewall
{
    /// <summary>
    /// The skeleton of a cloud firewall backend: check the target's devices and services, plan the rules once (reporting
    /// quota and naming problems while validating, silently when emitting), then lay the plan out as the target's files
    /// under its folder.
    /// </summary>
    public abstract class CloudFirewallBackend<TPlan>(PlatformDescription description) : IBackend, IEnforcementMap
        where TPlan : class
    {
        public PlatformDescription Description { get; } = description;

        public void Validate(TargetContext context)
        {
            if (CanPlan(context)) Plan(context, report: true);
        }

        public IReadOnlyList<Artifact> Emit(TargetContext context)
        {
            var plan = Plan(context, report: false);
            var name = context.Target.Name;
            int? rules = Rules(plan);
            return Render(context, plan).Select(f => new Artifact(name, Description.Name, name + "/" + f.File, f.Text, rules)).ToList();
        }

        public IReadOnlyList<string> Enforcing(TargetContext context, PolicyLang.Semantics.FlowRule flow)
        {
            // One plan per target and policy, shared by every question asked of it.
            var plan = context.ModelMemo("enforcement-plan:" + Description.Name + ":" + context.Target.Name, () => Plan(context, report: false));
            return Enforcing(plan, flow).ToList();
        }

        /// <summary>The objects of the plan that carry the flow.</summary>
        protected abstract IEnumerable<string> Enforcing(TPlan plan, PolicyLang.Semantics.FlowRule flow);

        /// <summary>The rules of the plan (each of the target's files holds all of them, in its own format).</summary>
        protected abstract int Rules(TPlan plan);

        /// <summary>The checks that come before planning (<see cref="CloudChecks"/>); false when a plan would only add noise.</summary>
        protected virtual bool CanPlan(TargetContext context) => true;

        /// <summary>The target's rules; with <paramref name="report"/>, what does not fit is reported at the policy's spans.</summary>
        protected abstract TPlan Plan(TargetContext context, bool report);

        /// <summary>The files of the target, by name under its folder.</summary>
        protected abstract IEnumerable<(string File, string Text)> Render(TargetContext context, TPlan plan);
    }
}
