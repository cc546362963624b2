using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.CloudFirewall
{
    public enum RuleDirection { Inbound, Outbound }

    public enum AddressFamily { V4, V6 }

    /// <summary>Why a rule exists: a deny flow, an allow flow, the cut-out in front of a cover, or the policy's default.</summary>
    public enum RulePurpose { Deny, CoverCutOut, Allow, Default }

    /// <summary>One side of a rule: every address, a provider tag, or explicit prefixes of one family.</summary>
    public sealed class AddressSpec
    {
        private AddressSpec(string? tag, IReadOnlyList<IpPrefix> prefixes, AddressRangeSet set)
        {
            Tag = tag;
            Prefixes = prefixes;
            Set = set;
        }

        /// <summary>"*" for every address, a service tag such as "Internet", or null for explicit prefixes.</summary>
        public string? Tag { get; }
        public IReadOnlyList<IpPrefix> Prefixes { get; }

        /// <summary>The addresses the spec stands for, within the rule's family.</summary>
        public AddressRangeSet Set { get; }

        public bool IsAny => Tag == "*";
        public bool IsExplicit => Tag == null;

        public static AddressSpec Any(AddressRangeSet familySet) => new AddressSpec("*", new IpPrefix[0], familySet);

        public static AddressSpec ServiceTag(string tag, AddressRangeSet set) => new AddressSpec(tag, new IpPrefix[0], set);

        /// <summary>Explicit prefixes, each family on its own (an IPv6 prefix never matches IPv4 on these platforms, so "every
        /// IPv6 address" is ::/0, not 96 prefixes around the IPv4-mapped block).</summary>
        public static AddressSpec Of(AddressRangeSet set) => new AddressSpec(null, PacketSpace.FamilyPrefixes(set).ToList(), set);
    }

    /// <summary>A first-match rule of a priority-ordered cloud firewall, before the platform gives it a name and number.</summary>
    public sealed class FirewallRule(
        RulePurpose purpose, RuleDirection direction, AddressFamily family, AddressSpec source, AddressSpec destination,
        IReadOnlyList<ServiceMatch> services, FlowRule? flow, SourceLocation location)
    {
        public RulePurpose Purpose { get; } = purpose;
        public bool IsAllow => Purpose == RulePurpose.Allow || (Purpose == RulePurpose.Default && DefaultAllows);
        public bool DefaultAllows { get; internal set; }
        public RuleDirection Direction { get; } = direction;
        public AddressFamily Family { get; } = family;
        public AddressSpec Source { get; } = source;
        public AddressSpec Destination { get; } = destination;

        /// <summary>The services of the flow that apply to the family; an 'any' match stands for every protocol.</summary>
        public IReadOnlyList<ServiceMatch> Services { get; } = services;

        /// <summary>The flow the rule enforces; null for the default rule.</summary>
        public FlowRule? Flow { get; } = flow;

        /// <summary>Where a diagnostic about the rule points: the flow, or the target for the default rule.</summary>
        public SourceLocation Location { get; } = location;
    }
}
