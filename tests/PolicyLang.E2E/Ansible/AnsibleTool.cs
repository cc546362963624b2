using System;
using System.Collections.Generic;
using System.IO;
using PolicyLang.E2E.Lab;
using PolicyLang.Emit;
using Xunit;

namespace PolicyLang.E2E.Ansible
{
    /// <summary>
    /// Runs ansible-playbook / ansible-inventory over generated artifacts written to a scratch folder. A missing
    /// Ansible skips the test with a message naming it, except under CI=true, where it fails.
    /// </summary>
    internal static class AnsibleTool
    {
        public static void Require()
        {
            if (ToolPaths.Find("ansible-playbook") != null && ToolPaths.Find("ansible-inventory") != null) return;
            var message = "'ansible-playbook' and 'ansible-inventory' (Debian package ansible) are not on PATH; as root, .ci/install-prerequisites installs them";
            if (E2EPrerequisites.IsCi) Assert.Fail(message + " [CI=true, so this is a failure, not a skip]");
            Skip.If(true, message);
        }

        /// <summary>Writes the artifacts under a new scratch folder, keeping their relative paths; returns the folder.</summary>
        public static string WriteAll(IEnumerable<Artifact> artifacts)
        {
            var root = Path.Combine(Path.GetTempPath(), "pl-ansible-" + Guid.NewGuid().ToString("N"));
            foreach (var a in artifacts)
            {
                var file = Path.Combine(root, a.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, a.Content);
            }
            return root;
        }

        public static CommandResult Run(string tool, string workingFolder, params string[] arguments)
        {
            var args = new List<string>(arguments);
            var env = new List<string> { "ANSIBLE_LOCAL_TEMP=" + Path.Combine(workingFolder, ".ansible-tmp"), "ANSIBLE_NOCOLOR=1", "LC_ALL=C.UTF-8", "LANG=C.UTF-8", "ANSIBLE_FORCE_COLOR=0" };
            // env(1) sets the variables and changes nothing else; a cwd matters because ansible reads ansible.cfg from it.
            var all = new List<string>();
            all.AddRange(env);
            all.Add("sh");
            all.Add("-c");
            all.Add("cd \"$0\" && exec \"$@\"");
            all.Add(workingFolder);
            all.Add(ToolPaths.Require(tool));
            all.AddRange(args);
            return HostCommand.Run("/usr/bin/env", all, TimeSpan.FromSeconds(120));
        }
    }
}
