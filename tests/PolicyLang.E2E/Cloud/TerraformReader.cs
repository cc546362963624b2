using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using PolicyLang.TestSupport.Cloud;

namespace PolicyLang.E2E.Cloud
{
    /// <summary>Reads azurerm security rules and google_compute_firewall rules from the JSON that hcl2json makes of the HCL.</summary>
    public static class TerraformReader
    {
        private static readonly HashSet<string> s_azureRule = new HashSet<string>(StringComparer.Ordinal)
        {
            "name", "description", "priority", "direction", "access", "protocol", "source_port_range", "source_port_ranges", "destination_port_range",
            "destination_port_ranges", "source_address_prefix", "source_address_prefixes", "destination_address_prefix", "destination_address_prefixes",
            "resource_group_name", "network_security_group_name",
        };

        private static readonly HashSet<string> s_gcpRule = new HashSet<string>(StringComparer.Ordinal)
        {
            "name", "project", "network", "description", "direction", "priority", "source_ranges", "destination_ranges", "target_tags",
            "target_service_accounts", "allow", "deny", "log_config", "disabled",
        };

        private static IEnumerable<(string Name, JsonElement Body)> Resources(JsonElement root, string type)
        {
            if (!root.TryGetProperty("resource", out var resources) || !resources.TryGetProperty(type, out var byName)) yield break;
            foreach (var r in byName.EnumerateObject())
            {
                var bodies = r.Value.EnumerateArray().ToList();
                if (bodies.Count != 1) throw new InvalidOperationException(type + "." + r.Name + " declared " + bodies.Count + " times");
                yield return (r.Name, bodies[0]);
            }
        }

        /// <summary>azurerm rules by the name of their network security group.</summary>
        public static Dictionary<string, List<NsgRuleText>> ReadAzure(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var groups = Resources(doc.RootElement, "azurerm_network_security_group").ToDictionary(g => g.Name, g => g.Body.GetProperty("name").GetString()!);
            var result = groups.Values.ToDictionary(v => v, _ => new List<NsgRuleText>(), StringComparer.Ordinal);
            foreach (var (name, b) in Resources(doc.RootElement, "azurerm_network_security_rule"))
            {
                foreach (var prop in b.EnumerateObject())
                    if (!s_azureRule.Contains(prop.Name)) throw new InvalidOperationException(name + ": unexpected attribute " + prop.Name);
                var reference = b.GetProperty("network_security_group_name").GetString()!;
                var m = System.Text.RegularExpressions.Regex.Match(reference, "^\\$\\{azurerm_network_security_group\\.([A-Za-z0-9_]+)\\.name\\}$");
                if (!m.Success || !groups.TryGetValue(m.Groups[1].Value, out var group)) throw new InvalidOperationException(name + ": bad group reference " + reference);
                result[group].Add(new NsgRuleText(b.GetProperty("name").GetString()!, b.GetProperty("priority").GetInt32(), b.GetProperty("direction").GetString()!,
                    b.GetProperty("access").GetString()!, b.GetProperty("protocol").GetString()!, OneOf(b, "source_address_prefix", "source_address_prefixes", name),
                    OneOf(b, "destination_address_prefix", "destination_address_prefixes", name), OneOf(b, "destination_port_range", "destination_port_ranges", name),
                    OneOf(b, "source_port_range", "source_port_ranges", name)));
            }
            return result;
        }

        public static List<GcpRuleText> ReadGcp(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var rules = new List<GcpRuleText>();
            foreach (var (name, b) in Resources(doc.RootElement, "google_compute_firewall"))
            {
                foreach (var prop in b.EnumerateObject())
                    if (!s_gcpRule.Contains(prop.Name)) throw new InvalidOperationException(name + ": unexpected attribute " + prop.Name);
                bool hasAllow = b.TryGetProperty("allow", out var allow);
                bool hasDeny = b.TryGetProperty("deny", out var deny);
                if (hasAllow == hasDeny) throw new InvalidOperationException(name + ": exactly one of allow and deny blocks");
                var matches = (hasAllow ? allow : deny).EnumerateArray()
                    .Select(m => new GcpMatchText(m.GetProperty("protocol").GetString()!, Strings(m, "ports"))).ToList();
                rules.Add(new GcpRuleText(b.GetProperty("name").GetString()!, b.GetProperty("network").GetString()!, b.GetProperty("priority").GetInt32(),
                    b.GetProperty("direction").GetString()!, hasAllow, Strings(b, "source_ranges"), Strings(b, "destination_ranges"), Strings(b, "target_tags"),
                    Strings(b, "target_service_accounts"), matches, b.TryGetProperty("disabled", out var d) && d.GetBoolean()));
            }
            return rules;
        }

        private static IReadOnlyList<string> Strings(JsonElement e, string name) =>
            e.TryGetProperty(name, out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToList() : new List<string>();

        private static IReadOnlyList<string> OneOf(JsonElement b, string singular, string plural, string rule)
        {
            bool one = b.TryGetProperty(singular, out var s);
            bool many = b.TryGetProperty(plural, out var p);
            if (one == many) throw new InvalidOperationException(rule + ": exactly one of " + singular + " and " + plural);
            return one ? new[] { s.GetString()! } : p.EnumerateArray().Select(x => x.GetString()!).ToList();
        }
    }
}
