using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Architecture
{
    /// <summary>
    /// The rooms of PolicyLang.Core and what each may use (docs/architecture.md): a phase uses the phases before it, never
    /// the ones after, except at the three front doors named below. Read from the sources' namespaces.
    /// </summary>
    public sealed class RoomDependencyTests
    {
        private static readonly Dictionary<string, string[]> s_allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Text"] = new string[0],
            ["Diagnostics"] = new[] { "Text" },
            ["HeaderSpace"] = new string[0],
            ["Syntax"] = new[] { "Text", "Diagnostics" },
            ["Parsing"] = new[] { "Text", "Diagnostics", "Syntax", "HeaderSpace" },
            ["Formatting"] = new[] { "Text", "Syntax" },
            ["Workspace"] = new[] { "Text", "Diagnostics", "Syntax" },
            ["Platforms"] = new string[0],
            ["Semantics"] = new[] { "Text", "Diagnostics", "Syntax", "Parsing", "HeaderSpace", "Platforms", "Workspace" },
            ["Analysis"] = new[] { "Text", "Diagnostics", "HeaderSpace", "Platforms", "Semantics" },
            ["Emit"] = new[] { "Text", "Diagnostics", "HeaderSpace", "Platforms", "Semantics", "Analysis" },
            ["IO"] = new[] { "Diagnostics", "Emit" },
            ["Review"] = new[] { "Text", "Diagnostics", "Syntax", "HeaderSpace", "Platforms", "Semantics", "Analysis", "Emit" },
            ["Operations"] = new[] { "Text", "Diagnostics", "Syntax", "HeaderSpace", "Platforms", "Workspace", "Semantics", "Analysis", "Emit", "IO", "Review" },
            ["Import"] = new[] { "Text", "Diagnostics", "Syntax", "HeaderSpace", "Semantics", "Analysis", "Formatting" },
        };

        /// <summary>Front doors: one type that starts the next phase for its callers.</summary>
        private static readonly Dictionary<string, string> s_frontDoors = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Syntax/PolicySyntaxTree.cs"] = "Parsing",         // PolicySyntaxTree.Parse runs the parser
            ["Semantics/PolicyCompilation.cs"] = "Analysis",    // a compilation's diagnostics include the checker's
            ["Platforms/PlatformRegistry.cs"] = "Emit",         // the registry composes the platforms' backends
        };

        private static readonly Regex s_reference = new Regex(@"\bPolicyLang\.(Text|Syntax|Parsing|Diagnostics|Platforms|Semantics|Analysis\.HeaderSpace|Analysis|Emit|Formatting|Workspace|IO|Review|Operations|Import)\b");

        private static string Room(string relative)
        {
            if (relative.StartsWith("Analysis/HeaderSpace/", StringComparison.Ordinal)) return "HeaderSpace";
            return relative.Substring(0, relative.IndexOf('/'));
        }

        [Fact]
        public void Each_room_uses_only_the_rooms_before_it()
        {
            var core = Path.Combine(RepositoryPaths.Root, "src", "PolicyLang.Core");
            var wrong = new List<string>();
            var files = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(core, f).Replace('\\', '/'))
                .Where(f => f.Contains('/') && !f.StartsWith("obj/", StringComparison.Ordinal) && !f.StartsWith("bin/", StringComparison.Ordinal))
                .ToList();
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var room = Room(file);
                Assert.True(s_allowed.ContainsKey(room), "room '" + room + "' (" + file + ") is not in docs/architecture.md and this test");
                foreach (Match m in s_reference.Matches(File.ReadAllText(Path.Combine(core, file))))
                {
                    var used = m.Groups[1].Value == "Analysis.HeaderSpace" ? "HeaderSpace" : m.Groups[1].Value;
                    if (used == room || s_allowed[room].Contains(used)) continue;
                    if (s_frontDoors.TryGetValue(file, out var door) && door == used) continue;
                    wrong.Add(file + " (" + room + ") uses " + used);
                }
            }
            Assert.True(wrong.Count == 0, "dependencies against the architecture (docs/architecture.md):\n" + string.Join("\n", wrong.Distinct()));
        }
    }
}
