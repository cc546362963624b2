using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.E2E.Lab;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.Junos;
using PolicyLang.Import.Capirca;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.E2E.Import
{
    /// <summary>
    /// Capirca's own sample policies (tests/PolicyLang.Core.Tests/Import/capirca, copied from google/capirca with its
    /// licence) through Debian's Capirca 2.0.6 <c>aclgen</c> and through <c>policyc import capirca</c>: for every Junos filter
    /// aclgen writes, the first packets the filter (read back by policyc's Junos reader, first match, source ports included) lets through are
    /// compared with the imported policy's allowed packets, per address family. Terms the import left out (with a
    /// warning) are taken out of aclgen's filter too; what remains must be equal, unless the import itself warned of a difference.
    /// </summary>
    public sealed class CapircaEquivalenceTests
    {
        private readonly ITestOutputHelper _output;

        public CapircaEquivalenceTests(ITestOutputHelper output) => _output = output;

        private static string Data => Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Import", "capirca");

        [SkippableFact]
        public void Imports_of_Capiras_samples_allow_what_aclgens_Junos_filters_allow()
        {
            var aclgen = ToolPaths.Find("aclgen");
            if (aclgen == null)
            {
                if (E2EPrerequisites.IsCi) Assert.Fail("'aclgen' (Debian python3-capirca) is not on PATH [CI=true, so this is a failure, not a skip]");
                Skip.If(true, "'aclgen' (Debian python3-capirca) is not on PATH");
            }
            var work = Path.Combine(Path.GetTempPath(), "policyc-capirca-e2e-" + Guid.NewGuid().ToString("N"));
            try
            {
                Copy(Data, work);
                var policies = Path.Combine(work, "policies");
                var defs = Path.Combine(work, "def");
                int equal = 0, explained = 0;
                var failures = new List<string>();
                foreach (var pol in Directory.GetFiles(Path.Combine(policies, "pol"), "*.pol").OrderBy(p => p, StringComparer.Ordinal))
                {
                    var text = File.ReadAllText(pol);
                    if (!text.Contains("target:: juniper ", StringComparison.Ordinal)) continue;
                    var outDir = Path.Combine(work, "out", Path.GetFileNameWithoutExtension(pol));
                    Directory.CreateDirectory(outDir);
                    var run = HostCommand.Run(aclgen, new[] { "--base_directory=" + policies, "--definitions_directory=" + defs, "--output_directory=" + outDir, "--policy_file=" + pol },
                        TimeSpan.FromSeconds(120));
                    var jcl = Directory.GetFiles(outDir, "*.jcl");
                    if (jcl.Length == 0) { _output.WriteLine(Path.GetFileName(pol) + ": aclgen wrote no Junos filter: " + run.Describe()); continue; }

                    var import = CapircaImporter.Import(pol, defs, policies);
                    Assert.True(import.Errors.Count == 0, Path.GetFileName(pol) + ": " + string.Join("; ", import.Errors));
                    // Terms the import left out (keywords PolicyLang has no words for yet) are taken out of aclgen's filter too: the
                    // comparison is of the terms both sides carry, in their first-match order.
                    var skipped = import.Warnings.Where(w => w.Text.Contains(": not imported:") || w.Text.Contains("matches replies of established connections only"))
                        .Select(w => w.Text.Substring(6, w.Text.IndexOf("':", StringComparison.Ordinal) - 6)).ToHashSet(StringComparer.Ordinal);
                    var filterText = File.ReadAllText(jcl.Single());
                    foreach (var name in skipped) filterText = WithoutTerm(filterText, name);
                    var parsed = new JunosAclReader().Read(filterText);
                    foreach (var acl in parsed.Acls.Values)
                    {
                        var file = import.Files.Keys.FirstOrDefault(k => k == CapircaImporter.Identifier(acl.Name, "filter") + ".netpolicy");
                        Assert.True(file != null, Path.GetFileName(pol) + ": no import of filter " + acl.Name + " among " + string.Join(", ", import.Files.Keys));
                        var compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(import.Files[file!], file!) });
                        var errors = compilation.Diagnostics.Where(d => d.IsError).ToList();
                        Assert.True(errors.Count == 0, file + ": " + string.Join("\n", errors));
                        var space = AclSemantics.FamilySpace(acl.Family);
                        var theirs = FirstPackets(acl.Entries, acl.Family);
                        var any = new Endpoint(null, null, default);
                        var ours = compilation.Flows.AllowedBetween(any, any, null, space);
                        var left = import.Warnings.Where(w => w.Text.Contains("the import ")).ToList();
                        if (theirs.Equals(ours))
                        {
                            equal++;
                            _output.WriteLine($"{Path.GetFileName(pol)} {acl.Name} ({acl.Family}): equal");
                            continue;
                        }
                        var diff = theirs.Except(ours).Union(ours.Except(theirs));
                        diff.TryGetWitness(out var p);
                        if (left.Count == 0)
                        {
                            failures.Add($"{Path.GetFileName(pol)} {acl.Name} ({acl.Family}): the import {(ours.Contains(p) ? "allows" : "denies")} {p}, aclgen's filter {(theirs.Contains(p) ? "allows" : "denies")} it, and the import warned of nothing");
                            continue;
                        }
                        explained++;
                        _output.WriteLine($"{Path.GetFileName(pol)} {acl.Name} ({acl.Family}): differs at {p}, where the import warned: {string.Join(" | ", left.Select(w => w.ToString()))}");
                    }
                }
                _output.WriteLine($"{equal} filter(s) equal, {explained} differing where the import warned");
                Assert.True(failures.Count == 0, string.Join("\n", failures));
                Assert.True(equal > 0, "no Junos filter compared equal");
            }
            finally
            {
                if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            }
        }

        /// <summary>
        /// The packets aclgen's filter permits, first match, leaving out only <c>tcp-established</c> entries (their terms are
        /// left out of the import too). aclgen's filters are stateless: a UDP term of source ports without destination ports
        /// (<c>source-port:: HIGH_PORTS</c>, which the import writes <c>udp/1024-65535 -> any</c>) matches first packets like
        /// any other. <see cref="AclSemantics.Forward"/> reads such an entry as a return entry (policyc's own filters write the
        /// whole destination range where they mean first packets), so it is not used here.
        /// </summary>
        private static PacketSet FirstPackets(IEnumerable<AclEntry> entries, AclFamily family)
        {
            var permitted = PacketSet.Empty;
            var seen = PacketSet.Empty;
            foreach (var e in entries.Where(e => !e.Established))
            {
                var match = AclSemantics.Match(e, family);
                if (e.Action == AclAction.Permit) permitted = permitted.Union(match.Except(seen));
                seen = seen.Union(match);
            }
            return permitted.Intersect(AclSemantics.FamilySpace(family));
        }

        /// <summary>The Junos text without the block <c>term NAME { … }</c> (braces balanced; comments hold none in aclgen's output).</summary>
        private static string WithoutTerm(string text, string name)
        {
            var marker = "term " + name + " {";
            int at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) return text;
            int depth = 0, i = at + marker.Length - 1;
            for (; i < text.Length; i++)
            {
                if (text[i] == '{') depth++;
                else if (text[i] == '}' && --depth == 0) break;
            }
            return text.Substring(0, at) + text.Substring(Math.Min(text.Length, i + 1));
        }

        private static void Copy(string from, string to)
        {
            foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, file.Replace(from, to, StringComparison.Ordinal), overwrite: true);
        }
    }
}
