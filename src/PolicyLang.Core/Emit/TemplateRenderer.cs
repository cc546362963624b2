using System.Collections.Concurrent;
using Scriban;
using Scriban.Runtime;

namespace PolicyLang.Emit
{
    /// <summary>
    /// Renders the Scriban templates embedded in this assembly (Emit/&lt;Backend&gt;/*.scriban). Templates only lay
    /// out a model that the backend has already validated and escaped for its target; they compute nothing.
    /// </summary>
    public static class TemplateRenderer
    {
        private static readonly ConcurrentDictionary<string, Template> s_cache = new ConcurrentDictionary<string, Template>(StringComparer.Ordinal);

        /// <summary>Renders e.g. "Nftables/ruleset.scriban" with the model's properties in snake_case.</summary>
        public static string Render(string name, object model) => Render(s_cache.GetOrAdd(name, Load), model);

        /// <summary>The embedded text of a template, e.g. to render a modified copy with <see cref="RenderSource"/>.</summary>
        public static string Source(string name)
        {
            var resource = "PolicyLang.Templates." + name.Replace('/', '.').Replace('\\', '.');
            var assembly = typeof(TemplateRenderer).Assembly;
            var actual = assembly.GetManifestResourceNames().FirstOrDefault(n => string.Equals(n.Replace('/', '.').Replace('\\', '.'), resource, StringComparison.Ordinal))
                ?? throw new InvalidOperationException("Template not embedded: " + name);
            using var stream = assembly.GetManifestResourceStream(actual)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        /// <summary>Renders template text that is not embedded (tests render deliberately altered templates this way).</summary>
        public static string RenderSource(string source, object model)
        {
            var template = Template.Parse(source, "inline");
            if (template.HasErrors) throw new InvalidOperationException("Template has errors: " + string.Join("; ", template.Messages));
            return Render(template, model);
        }

#if NET
        // Scriban imports the model's members by reflection. The native AOT policyc keeps every member of PolicyLang.Core
        // (TrimmerRootAssembly in PolicyLang.Cli.csproj), and .ci/tool-check compares its outputs with the JIT-compiled
        // tool's, byte for byte.
        [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "PolicyLang.Core, whose types are the template models, is rooted in the AOT build.")]
#endif
        private static string Render(Template template, object model)
        {
            var globals = new ScriptObject();
            globals.Import(model);
            // A context costs more to make than a small template to render (its built-in functions are set up anew: 3 % of the
            // fabric build's processor time went to making about 3,000). Each thread keeps one and lends it to one render at a
            // time (a render that renders another, from a model's property, makes its own); the model's globals are pushed for
            // the render and popped after it, so what a template assigns goes with them. A context that wrote a large text is
            // not kept: a thread of a long-lived host (the language server, an analyzer) would hold its buffers.
            var context = t_idle;
            t_idle = null;
            context ??= NewContext();
            context.PushGlobal(globals);
            string text;
            try
            {
                text = template.Render(context);
            }
            finally
            {
                context.PopGlobal();
            }
            if (text.Length <= KeptContextText) t_idle = context;
            return text.Replace("\r\n", "\n");
        }

        [ThreadStatic] private static TemplateContext? t_idle;

        /// <summary>The longest text whose context a thread keeps for its next render (a large render costs far more than a context).</summary>
        private const int KeptContextText = 256 * 1024;

        // No limits: Scriban's default LimitToString cuts long values at 1 MB with "...", which would silently truncate a ruleset.
        private static TemplateContext NewContext() =>
            new TemplateContext { StrictVariables = true, EnableRelaxedMemberAccess = false, LoopLimit = 0, LimitToString = 0, RecursiveLimit = 0 };

        private static Template Load(string name)
        {
            var template = Template.Parse(Source(name), name);
            if (template.HasErrors) throw new InvalidOperationException("Template " + name + " has errors: " + string.Join("; ", template.Messages));
            return template;
        }
    }
}
