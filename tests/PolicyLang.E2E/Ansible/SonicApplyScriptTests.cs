using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using PolicyLang.E2E.Lab;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric.Ansible;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;
using Xunit;

namespace PolicyLang.E2E.Ansible
{
    /// <summary>
    /// Runs the generated sonic_apply.py with python3 against stand-ins for SONiC's <c>config</c> and <c>sonic-db-cli</c>
    /// that record their arguments: a re-apply loads and deletes nothing, and a fragment that lost a rule, a field and a
    /// table deletes exactly those, after loading the new fragment, rules before their table.
    /// </summary>
    public sealed class SonicApplyScriptTests
    {
        private static void RequirePython()
        {
            if (ToolPaths.Find("python3") != null) return;
            const string message = "'python3' is not on PATH (Debian's ansible package depends on it); as root, .ci/install-prerequisites installs it";
            if (E2EPrerequisites.IsCi) Assert.Fail(message + " [CI=true, so this is a failure, not a skip]");
            Skip.If(true, message);
        }

        [SkippableFact]
        public void The_apply_script_replaces_what_policyc_wrote_before()
        {
            RequirePython();
            var compilations = PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Root, "samples/ai-platform") }));
            var target = compilations.SelectMany(c => c.Model.Targets).First(t => t.Platform.Value == "sonic");
            var result = PolicyBuilder.Build(compilations, new[] { target.Name });
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var script = result.Artifacts.Single(a => a.RelativePath == target.Name + "/" + AnsibleRollout.Folder + "/" + PolicyLang.Emit.Sonic.SonicBackend.ApplyScript).Content;
            var fragment = result.Artifacts.First(a => a.RelativePath.EndsWith(".json", StringComparison.Ordinal)).Content;

            var root = Path.Combine(Path.GetTempPath(), "pl-sonic-apply-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(root, "bin"));
            try
            {
                var log = Path.Combine(root, "calls.log");
                foreach (var tool in new[] { "config", "sonic-db-cli" })
                {
                    var fake = Path.Combine(root, "bin", tool);
                    File.WriteAllText(fake, "#!/bin/sh\nprintf '%s' \"" + tool + "\" >> \"$CALLS\"\nfor a in \"$@\"; do printf ' %s' \"$a\" >> \"$CALLS\"; done\necho >> \"$CALLS\"\n");
                    HostCommand.Run("/bin/chmod", new[] { "+x", fake }, TimeSpan.FromSeconds(10));
                }
                File.WriteAllText(Path.Combine(root, PolicyLang.Emit.Sonic.SonicBackend.ApplyScript), script);
                var applied = Path.Combine(root, "fragment.json.applied");

                List<string> Apply(string content)
                {
                    var path = Path.Combine(root, "fragment.json");
                    File.WriteAllText(path, content);
                    File.WriteAllText(log, "");
                    var run = HostCommand.Run("/usr/bin/env", new[]
                    {
                        "PATH=" + Path.Combine(root, "bin") + ":/usr/bin:/bin", "CALLS=" + log,
                        ToolPaths.Require("python3"), Path.Combine(root, PolicyLang.Emit.Sonic.SonicBackend.ApplyScript), path, applied,
                    }, TimeSpan.FromSeconds(60));
                    Assert.True(run.Succeeded, run.Describe());
                    Assert.Equal(content, File.ReadAllText(applied));
                    return File.ReadAllLines(log).Select(l => l.Replace(root, "ROOT")).ToList();
                }

                // First rollout: nothing was applied before, so nothing is deleted.
                Assert.Equal(new[] { "config load --yes ROOT/fragment.json" }, Apply(fragment));
                // Re-applying the same fragment deletes nothing either.
                Assert.Equal(new[] { "config load --yes ROOT/fragment.json" }, Apply(fragment));

                // A newer build: one ACL table and its rules gone, and one remaining rule without one of its fields.
                var json = JsonNode.Parse(fragment)!.AsObject();
                var tables = json["ACL_TABLE"]!.AsObject();
                var rules = json["ACL_RULE"]!.AsObject();
                var dropped = tables.Select(t => t.Key).Last();
                var droppedRules = rules.Select(r => r.Key).Where(k => k.StartsWith(dropped + "|", StringComparison.Ordinal)).ToList();
                Assert.NotEmpty(droppedRules);
                tables.Remove(dropped);
                foreach (var r in droppedRules) rules.Remove(r);
                var kept = rules.First();
                var field = kept.Value!.AsObject().Select(f => f.Key).First(f => f != "PRIORITY" && f != "PACKET_ACTION");
                kept.Value!.AsObject().Remove(field);
                var newer = json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

                var calls = Apply(newer);
                Assert.Equal("config load --yes ROOT/fragment.json", calls[0]);
                var expected = new List<string> { "sonic-db-cli CONFIG_DB HDEL ACL_RULE|" + kept.Key + " " + field };
                expected.AddRange(droppedRules.OrderBy(r => r, StringComparer.Ordinal).Select(r => "sonic-db-cli CONFIG_DB DEL ACL_RULE|" + r));
                expected.Add("sonic-db-cli CONFIG_DB DEL ACL_TABLE|" + dropped);
                Assert.Equal(expected, calls.Skip(1).ToList());

                // And once applied, the newer fragment re-applies as a no-op.
                Assert.Equal(new[] { "config load --yes ROOT/fragment.json" }, Apply(newer));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
