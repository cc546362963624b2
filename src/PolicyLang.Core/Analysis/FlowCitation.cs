using PolicyLang.Semantics;

namespace PolicyLang.Analysis
{
    /// <summary>
    /// How a diagnostic cites a flow other than the one it is reported at: by its name when it has one, always with where
    /// it is written, so a reader finds it either way (the diagnostic's related location points there too).
    /// </summary>
    internal static class FlowCitation
    {
        /// <summary><c>the flow 'gpu-nfs' at flows.netpolicy(12,1)</c>, or <c>the flow at flows.netpolicy(12,1)</c> for a flow without a name.</summary>
        public static string Of(FlowRule flow) => Of(flow, "flow");

        /// <summary>The flow by its action: <c>the deny 'gpu-nfs' at flows.netpolicy(12,1)</c>, <c>the allow at flows.netpolicy(7,1)</c>.</summary>
        public static string ByAction(FlowRule flow) => Of(flow, flow.Action == FlowAction.Allow ? "allow" : "deny");

        /// <summary>The flow and what it says, where a message explains a packet's verdict: <c>the flow 'ssh' at p.netpolicy(7,1) (allow a -> b : tcp/22 name ssh)</c>.</summary>
        public static string WithText(FlowRule flow) => Of(flow) + " (" + flow.Describe() + ")";

        private static string Of(FlowRule flow, string noun) =>
            "the " + noun + (flow.Name is { } name ? " '" + name.Value + "'" : "") + " at " + flow.Location.Display;
    }
}
