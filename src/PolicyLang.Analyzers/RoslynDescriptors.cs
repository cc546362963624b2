using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Catalog = PolicyLang.Diagnostics.DiagnosticCatalog;
using CoreDescriptor = PolicyLang.Diagnostics.DiagnosticDescriptor;
using CoreSeverity = PolicyLang.Diagnostics.DiagnosticSeverity;

namespace PolicyLang.Analyzers
{
    /// <summary>
    /// Roslyn descriptors made from the one catalog (<see cref="Catalog"/>): code, title, category, default severity,
    /// description and help link all come from there. Core renders each message, so the Roslyn message format is the
    /// rendered text itself ("{0}"): no message is written twice.
    /// </summary>
    internal static class RoslynDescriptors
    {
        public const string MessageFormat = "{0}";

        /// <summary>Every code of the catalog, in code order.</summary>
        public static readonly ImmutableArray<DiagnosticDescriptor> All = Catalog.All.Select(Create).ToImmutableArray();

        private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = All.ToDictionary(d => d.Id, d => d);

        public static DiagnosticDescriptor Get(string id) => s_byId[id];

        public static bool TryGet(string id, out DiagnosticDescriptor descriptor) => s_byId.TryGetValue(id, out descriptor!);

        private static DiagnosticDescriptor Create(CoreDescriptor d) => new DiagnosticDescriptor(
            d.Id,
            d.Title,
            MessageFormat,
            "PolicyLang." + d.Category,
            ToRoslyn(d.DefaultSeverity),
            isEnabledByDefault: true,
            description: d.Description,
            helpLinkUri: d.HelpLink,
            customTags: "PolicyLang");

        public static DiagnosticSeverity ToRoslyn(CoreSeverity severity) => severity switch
        {
            CoreSeverity.Error => DiagnosticSeverity.Error,
            CoreSeverity.Warning => DiagnosticSeverity.Warning,
            CoreSeverity.Info => DiagnosticSeverity.Info,
            _ => DiagnosticSeverity.Hidden,
        };
    }
}
