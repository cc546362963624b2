using PolicyLang.Semantics;

namespace PolicyLang.Emit
{
    /// <summary>
    /// A backend that can name the objects it generates for a flow, so that <c>policyc query</c> can say where a piece
    /// of traffic is enforced: the security groups, NSG rules, firewall rules or NetworkPolicies of a target. (Switch
    /// platforms are answered from their device models: the ACLs on the interfaces of the segments that send it.)
    /// </summary>
    public interface IEnforcementMap
    {
        /// <summary>"security group sg-name (2 ingress rules)", …; empty when the target generates nothing for the flow.</summary>
        IReadOnlyList<string> Enforcing(TargetContext context, FlowRule flow);
    }
}
