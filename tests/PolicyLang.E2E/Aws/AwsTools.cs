using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.E2E.Lab;
using Xunit;

namespace PolicyLang.E2E.Aws
{
    /// <summary>
    /// The AWS validators: terraform with a local provider mirror (the folder holding registry.terraform.io/hashicorp/aws),
    /// cfn-lint and moto_server. A test calls <see cref="Require"/> with what it needs: a missing tool skips it with a message
    /// naming the tool, or fails it under CI=true. TF_PLUGIN_MIRROR overrides where the mirror is looked for.
    /// </summary>
    public static class AwsTools
    {
        public const string Terraform = "terraform";
        public const string ProviderMirror = "the terraform AWS provider mirror (registry.terraform.io/hashicorp/aws)";
        public const string CfnLint = "cfn-lint";
        public const string MotoServer = "moto_server";
        public const string AwsCli = "aws";

        private static readonly Lazy<string?> s_mirror = new Lazy<string?>(FindMirror);

        public static string? Find(string tool)
        {
            if (tool == ProviderMirror) return s_mirror.Value;
            var found = ToolPaths.Find(tool);
            if (found != null) return found;
            // Python tools installed through pyenv or pip --user are often not on a service's PATH.
            var home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
            foreach (var dir in new[] { Path.Combine(home, ".pyenv", "shims"), Path.Combine(home, ".local", "bin"), "/root/.pyenv/shims", "/root/.local/bin" })
            {
                var candidate = Path.Combine(dir, tool);
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>Writes moto_provider.tf into <paramref name="dir"/>: the aws provider pointed at a moto endpoint, with no credential or account checks.</summary>
        public static void WriteMotoProvider(string dir, string endpoint) =>
            File.WriteAllText(Path.Combine(dir, "moto_provider.tf"),
                "provider \"aws\" {\n  region                      = \"us-east-1\"\n  access_key                  = \"test\"\n  secret_key                  = \"test\"\n"
                + "  skip_credentials_validation = true\n  skip_requesting_account_id  = true\n  skip_metadata_api_check     = true\n  skip_region_validation      = true\n"
                + "  endpoints {\n    ec2 = \"" + endpoint + "\"\n    sts = \"" + endpoint + "\"\n  }\n}\n");

        public static string PathOf(string tool) => Find(tool) ?? throw new InvalidOperationException(tool + " not found");

        /// <summary>Skips (or, under CI=true, fails) the test when a tool is missing; the message names each one.</summary>
        public static void Require(params string[] tools)
        {
            var missing = tools.Where(t => Find(t) == null).ToList();
            if (missing.Count == 0) return;
            var message = "AWS validators missing: " + string.Join(", ", missing)
                + " (terraform and its provider mirror are preinstalled on development and CI machines; .ci/install-prerequisites installs cfn-lint, moto and the AWS CLI with pip when it can)";
            if (E2EPrerequisites.IsCi) Assert.Fail(message + " [CI=true, so this is a failure, not a skip]");
            Skip.If(true, message);
        }

        private static string? FindMirror()
        {
            var candidates = new List<string>();
            var env = Environment.GetEnvironmentVariable("TF_PLUGIN_MIRROR");
            if (!string.IsNullOrEmpty(env)) candidates.Add(env);
            var home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
            candidates.AddRange(new[]
            {
                "/opt/tf-plugins", "/opt/terraform/plugins", "/usr/share/terraform/plugins", "/usr/local/share/terraform/plugins",
                Path.Combine(home, ".terraform.d", "plugins"), Path.Combine(home, ".local", "share", "terraform", "plugins"),
            });
            foreach (var c in candidates)
            {
                var aws = Path.Combine(c, "registry.terraform.io", "hashicorp", "aws");
                if (Directory.Exists(aws) && Directory.EnumerateFiles(aws, "terraform-provider-aws*", SearchOption.AllDirectories).Any()) return c;
            }
            return null;
        }
    }
}
