using System.Text.Json;
using PolicyLang.Semantics;

namespace PolicyLang.Cli
{
    /// <summary>
    /// The name field that the JSON of query, verify and audit writes next to each reference to a flow: the flow's
    /// <c>name</c>, or null for a flow without one and for the default action. It is always present where the reference is.
    /// </summary>
    internal static class JsonFlow
    {
        public static void WriteName(Utf8JsonWriter writer, string property, FlowRule? flow)
        {
            if (flow?.Name is { } name) writer.WriteString(property, name.Value);
            else writer.WriteNull(property);
        }
    }
}
