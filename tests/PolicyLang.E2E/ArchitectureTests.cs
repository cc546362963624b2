using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using PolicyLang.Platforms;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;
using Xunit;

namespace PolicyLang.E2E
{
    /// <summary>
    /// Every registered platform is complete: a description, its own folder, checks, golden files for every sample
    /// target of it, an exactness proof and a hostile-strings test (declared with [ProvesPlatform] in this or the unit
    /// test assembly), a reader where it is a switch, and an entry in the language reference. A platform added without
    /// one of them fails here with a message that names what is missing (docs/architecture.md, "Adding a platform").
    /// </summary>
    public sealed class ArchitectureTests
    {
        private static readonly Assembly[] s_testAssemblies =
        {
            typeof(ArchitectureTests).Assembly,
            typeof(PolicyLang.Tests.Emit.Fabric.TranslationValidationTests).Assembly,
        };

        private static string CoreSource => Path.Combine(RepositoryPaths.Root, "src", "PolicyLang.Core");
        private static string Reference => Path.Combine(RepositoryPaths.Root, "grammar", "README.md");
        private static string Golden => Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Emit", "Golden");

        public static IEnumerable<object[]> Platforms() => PlatformRegistry.Names.Select(n => new object[] { n });

        [Theory]
        [MemberData(nameof(Platforms))]
        public void A_registered_platform_has_everything_a_platform_needs(string platform)
        {
            var missing = Missing(PlatformRegistry.Find(platform)!).ToList();
            Assert.True(missing.Count == 0, "platform '" + platform + "' is incomplete (see docs/architecture.md, \"Adding a platform\"):\n- " + string.Join("\n- ", missing));
        }

        [Fact]
        public void A_platform_added_without_its_parts_fails_and_names_each_missing_part()
        {
            var missing = Missing(new UnfinishedBackend()).ToList();
            Assert.Contains(missing, m => m.StartsWith("a folder of its own", StringComparison.Ordinal));
            Assert.Contains(missing, m => m.StartsWith("an IAclReader in its folder", StringComparison.Ordinal));
            Assert.Contains(missing, m => m.StartsWith("a test class marked [ProvesPlatform(PlatformProof.Exact, \"example-os\")]", StringComparison.Ordinal));
            Assert.Contains(missing, m => m.StartsWith("a test class marked [ProvesPlatform(PlatformProof.HostileNames, \"example-os\")]", StringComparison.Ordinal));
            Assert.Contains(missing, m => m.StartsWith("a target in one of the samples", StringComparison.Ordinal));
            Assert.Contains(missing, m => m.StartsWith("a row '| `example-os` |", StringComparison.Ordinal));
            Assert.Contains(missing, m => m.StartsWith("documentation of option 'x'", StringComparison.Ordinal));
        }

        private sealed class UnfinishedBackend : IBackend
        {
            public PlatformDescription Description { get; } = new PlatformDescription("example-os", "Example OS", PlatformKind.Switch, PlatformCapabilities.Deny,
                options: new[] { new TargetOptionSpec("x", TargetOptionKind.Boolean, " ") },
                switchLimits: new SwitchLimits("eth[0-9]", "ethN", "lo", "lo", 9000, 100, "a guess", 32));
            public void Validate(TargetContext context) { }
            public IReadOnlyList<Artifact> Emit(TargetContext context) => Array.Empty<Artifact>();
        }

        private static IEnumerable<string> Missing(IBackend backend)
        {
            var description = backend.Description;
            var platform = description.Name;
            if (string.IsNullOrWhiteSpace(description.DisplayName)) yield return "a display name in its PlatformDescription";
            foreach (var o in description.Options.Where(o => string.IsNullOrWhiteSpace(o.Description)))
                yield return "documentation of option '" + o.Name + "' (TargetOptionSpec.Description: hover and the reference show it)";

            var folder = Folder(backend);
            if (folder == null) yield return "a folder of its own: the backend " + backend.GetType().FullName + " should live in namespace PolicyLang.Emit.<Folder> in src/PolicyLang.Core/Emit/<Folder>/";
            else
            {
                var descriptionType = backend.GetType().Assembly.GetTypes().FirstOrDefault(t => t.Namespace == backend.GetType().Namespace
                    && t.GetField("Description", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) == description);
                if (descriptionType == null) yield return "a static class in its folder with 'public static readonly PlatformDescription Description' (e.g. " + folder + "Platform.cs)";
                if (!Directory.EnumerateFiles(Path.Combine(CoreSource, "Emit", folder), "*.scriban").Any() && description.Kind != PlatformKind.Kubernetes)
                    yield return "templates (*.scriban) in Emit/" + folder + "/: configurations are laid out by templates, the model computes"
                        + " (Kubernetes manifests alone are written by YamlWriter, a serializer of the model)";
            }

            if (description.Kind == PlatformKind.Switch)
            {
                var reader = backend.GetType().Assembly.GetTypes().Where(t => t.Namespace == backend.GetType().Namespace && typeof(IAclReader).IsAssignableFrom(t) && !t.IsAbstract)
                    .Select(t => (IAclReader)Activator.CreateInstance(t)!).FirstOrDefault(r => r.Platform == platform);
                if (reader == null) yield return "an IAclReader in its folder whose Platform is '" + platform + "' (TranslationValidator proves the emitted ACLs with it)";
            }

            foreach (PlatformProof proof in Enum.GetValues(typeof(PlatformProof)))
                if (!Proofs(proof).Contains(platform))
                    yield return "a test class marked [ProvesPlatform(PlatformProof." + proof + ", \"" + platform + "\")]" + (proof == PlatformProof.Exact
                        ? ": its output read back (reader, real tool or emulator) must admit exactly what the policy allows"
                        : ": hostile names, labels and strings must not add a line, statement or expression to its output");

            foreach (var (sample, target) in SampleTargets().Where(s => s.Target.Platform.Value == platform))
                if (!GoldenFiles(sample).Any(f => Path.GetFileName(f).StartsWith(target.Name + ".", StringComparison.Ordinal)))
                    yield return "golden files of target '" + target.Name + "' of sample " + sample + " (tests/PolicyLang.Core.Tests/Emit/Golden/" + sample + "/" + target.Name + ".*.approved.*)";
            if (!SampleTargets().Any(s => s.Target.Platform.Value == platform))
                yield return "a target in one of the samples (samples/*), so that its output is shown, approved and proven on a policy its tests did not write";

            if (!File.ReadAllText(Reference).Contains("| `" + platform + "` |"))
                yield return "a row '| `" + platform + "` | ... |' in the platform table of grammar/README.md (Targets)";
        }

        [Fact]
        public void The_reference_lists_exactly_the_registered_platforms()
        {
            var text = File.ReadAllText(Reference);
            var start = text.IndexOf("| platform | enforces on |", StringComparison.Ordinal);
            Assert.True(start >= 0, "grammar/README.md has no platform table ('| platform | enforces on |') under Targets");
            var end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
            var section = text.Substring(start, (end < 0 ? text.Length : end) - start);
            var listed = Regex.Matches(section, @"^\| `([a-z0-9-]+)` \|", RegexOptions.Multiline).Cast<Match>().Select(m => m.Groups[1].Value).Distinct().OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(PlatformRegistry.Names, listed);
        }

        [Fact]
        public void Nothing_outside_a_platforms_folder_names_it_but_the_registry()
        {
            var found = new List<string>();
            foreach (var backend in PlatformRegistry.Backends)
            {
                var name = "\"" + backend.Description.Name + "\"";
                var own = Path.Combine(CoreSource, "Emit", Folder(backend) ?? "?") + Path.DirectorySeparatorChar;
                foreach (var file in Directory.EnumerateFiles(CoreSource, "*.cs", SearchOption.AllDirectories))
                {
                    if (file.StartsWith(own, StringComparison.Ordinal) || file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)) continue;
                    if (s_languageWords.Contains((backend.Description.Name, Path.GetRelativePath(CoreSource, file).Replace('\\', '/')))) continue;
                    var lines = File.ReadAllLines(file);
                    for (int i = 0; i < lines.Length; i++)
                        if (lines[i].Contains(name) && !lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                            found.Add(Path.GetRelativePath(RepositoryPaths.Root, file) + ":" + (i + 1) + ": " + lines[i].Trim());
                }
            }
            Assert.True(found.Count == 0, "platform names outside their folders (move the knowledge into the platform's folder):\n" + string.Join("\n", found));
        }

        [Fact]
        public void A_platforms_folder_uses_no_other_platforms_folder()
        {
            // What two platforms share lives in a shared layer (Emit/Fabric, Emit/CloudFirewall, Emit/Terraform), not in
            // one of them: otherwise removing or changing one platform breaks another.
            var folders = PlatformRegistry.Backends.Select(Folder).Where(f => f != null).Select(f => f!).Distinct().ToList();
            var found = new List<string>();
            foreach (var folder in folders)
            {
                var others = folders.Where(f => f != folder).ToList();
                foreach (var file in Directory.EnumerateFiles(Path.Combine(CoreSource, "Emit", folder), "*.cs", SearchOption.AllDirectories))
                {
                    var text = File.ReadAllText(file);
                    foreach (var other in others.Where(o => Regex.IsMatch(text, @"\bPolicyLang\.Emit\." + o + @"\b")))
                        found.Add(Path.GetRelativePath(RepositoryPaths.Root, file) + " uses Emit/" + other);
                }
            }
            Assert.True(found.Count == 0, "platform folders that depend on each other (move what they share into a shared layer):\n" + string.Join("\n", found));
        }

        /// <summary>Words of the language that happen to be a platform's name: the segment setting 'kubernetes namespace "NS"'.</summary>
        private static readonly HashSet<(string, string)> s_languageWords = new HashSet<(string, string)>
        {
            ("kubernetes", "Parsing/Grammar.Rules.cs"),
            ("kubernetes", "Semantics/Binder.Values.cs"),
            // The Capirca importer writes policy text: it maps Capirca's generator names to the platform names a target names.
            ("juniper-junos", "Import/Capirca/CapircaImporter.cs"),
            ("arista-eos", "Import/Capirca/CapircaImporter.cs"),
            ("cisco-iosxe", "Import/Capirca/CapircaImporter.cs"),
            ("cisco-nxos", "Import/Capirca/CapircaImporter.cs"),
            ("nftables", "Import/Capirca/CapircaImporter.cs"),
        };

        [Fact]
        public void Descriptions_are_immutable()
        {
            foreach (var t in new[] { typeof(PlatformDescription), typeof(SwitchLimits), typeof(VlanRange), typeof(TargetOptionSpec) })
            {
                Assert.All(t.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => Assert.True(p.SetMethod == null || !p.SetMethod.IsPublic, t.Name + "." + p.Name + " has a public setter"));
                Assert.All(t.GetFields(BindingFlags.Public | BindingFlags.Instance), f => Assert.True(f.IsInitOnly, t.Name + "." + f.Name + " is a writable field"));
            }
        }

        /// <summary>The folder of a backend under src/PolicyLang.Core/Emit, from its namespace (PolicyLang.Emit.Folder).</summary>
        private static string? Folder(IBackend backend)
        {
            var ns = backend.GetType().Namespace ?? "";
            const string prefix = "PolicyLang.Emit.";
            if (!ns.StartsWith(prefix, StringComparison.Ordinal) || ns.IndexOf('.', prefix.Length) >= 0) return null;
            var folder = ns.Substring(prefix.Length);
            return Directory.Exists(Path.Combine(CoreSource, "Emit", folder)) ? folder : null;
        }

        private static HashSet<string> Proofs(PlatformProof proof) => new HashSet<string>(
            s_testAssemblies.SelectMany(a => a.GetTypes())
                .SelectMany(t => t.GetCustomAttributes<ProvesPlatformAttribute>(inherit: false))
                .Where(a => a.Proof == proof)
                .SelectMany(a => a.Platforms),
            StringComparer.Ordinal);

        private static IEnumerable<string> GoldenFiles(string sample)
        {
            var dir = Path.Combine(Golden, sample);
            return Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.approved.*", SearchOption.AllDirectories) : Enumerable.Empty<string>();
        }

        private static List<(string Sample, TargetSymbol Target)>? s_sampleTargets;

        /// <summary>Every target of every sample policy (a folder of samples/ with .netpolicy files).</summary>
        private static List<(string Sample, TargetSymbol Target)> SampleTargets() => s_sampleTargets ??=
            Directory.EnumerateDirectories(RepositoryPaths.Samples)
                .Where(d => Directory.EnumerateFiles(d, "*.netpolicy", SearchOption.AllDirectories).Any())
                .OrderBy(d => d, StringComparer.Ordinal)
                .SelectMany(d => PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { d }))
                    .SelectMany(c => c.Model.Targets).Select(t => (Path.GetFileName(d), t)))
                .ToList();
    }
}
