using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using PolicyLang.TestSupport.Cloud;

namespace PolicyLang.E2E.Cloud
{
    /// <summary>Reads the network security groups and their rules out of the ARM JSON that `bicep build` writes.</summary>
    public static class ArmReader
    {
        private static readonly HashSet<string> s_ruleProperties = new HashSet<string>(StringComparer.Ordinal)
        {
            "description", "priority", "direction", "access", "protocol", "sourcePortRange", "sourcePortRanges", "destinationPortRange",
            "destinationPortRanges", "sourceAddressPrefix", "sourceAddressPrefixes", "destinationAddressPrefix", "destinationAddressPrefixes",
        };

        /// <summary>Rules by NSG name.</summary>
        public static Dictionary<string, List<NsgRuleText>> Read(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var result = new Dictionary<string, List<NsgRuleText>>(StringComparer.Ordinal);
            foreach (var resource in doc.RootElement.GetProperty("resources").EnumerateArray())
            {
                if (resource.GetProperty("type").GetString() != "Microsoft.Network/networkSecurityGroups")
                    throw new InvalidOperationException("unexpected resource type " + resource.GetProperty("type").GetString());
                var name = Literal(resource.GetProperty("name"));
                var rules = new List<NsgRuleText>();
                foreach (var rule in resource.GetProperty("properties").GetProperty("securityRules").EnumerateArray())
                {
                    var ruleName = Literal(rule.GetProperty("name"));
                    var p = rule.GetProperty("properties");
                    foreach (var prop in p.EnumerateObject())
                        if (!s_ruleProperties.Contains(prop.Name)) throw new InvalidOperationException(ruleName + ": unexpected property " + prop.Name);
                    rules.Add(new NsgRuleText(ruleName, p.GetProperty("priority").GetInt32(), Literal(p.GetProperty("direction")), Literal(p.GetProperty("access")),
                        Literal(p.GetProperty("protocol")), OneOf(p, "sourceAddressPrefix", ruleName), OneOf(p, "destinationAddressPrefix", ruleName),
                        OneOf(p, "destinationPortRange", ruleName), OneOf(p, "sourcePortRange", ruleName)));
                }
                result[name] = rules;
            }
            return result;
        }

        /// <summary>A string that is a value, not an ARM expression.</summary>
        private static string Literal(JsonElement e)
        {
            var s = e.GetString() ?? throw new InvalidOperationException("expected a string");
            if (s.StartsWith("[", StringComparison.Ordinal)) throw new InvalidOperationException("an ARM expression where a value was expected: " + s);
            return s;
        }

        /// <summary>Exactly one of NAME (a string) and NAMEs (an array).</summary>
        private static IReadOnlyList<string> OneOf(JsonElement p, string singular, string rule)
        {
            bool one = p.TryGetProperty(singular, out var single);
            bool many = p.TryGetProperty(singular + "es", out var plural) || p.TryGetProperty(singular + "s", out plural);
            if (one == many) throw new InvalidOperationException(rule + ": exactly one of " + singular + " and its plural");
            return one ? new[] { Literal(single) } : plural.EnumerateArray().Select(Literal).ToList();
        }
    }
}
