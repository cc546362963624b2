using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using PolicyLang.E2E.Lab;

namespace PolicyLang.E2E.Aws
{
    /// <summary>Runs terraform and cfn-lint without a shell, in a working folder, with automation-friendly environment.</summary>
    internal static class ToolRun
    {
        public static CommandResult Run(string tool, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
        {
            var info = HostCommand.StartInfo(AwsTools.PathOf(tool), arguments);
            info.WorkingDirectory = workingDirectory;
            info.Environment["TF_IN_AUTOMATION"] = "1";
            info.Environment["TF_INPUT"] = "0";
            info.Environment["CHECKPOINT_DISABLE"] = "1";
            info.Environment["NO_COLOR"] = "1";
            if (tool == AwsTools.AwsCli)
            {
                // moto takes any credentials; the CLI must not look for real ones.
                info.Environment["AWS_ACCESS_KEY_ID"] = "test";
                info.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
                info.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
                info.Environment["AWS_CONFIG_FILE"] = "/dev/null";
                info.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
                info.Environment["AWS_PAGER"] = "";
            }
            // No provider download: a CLI configuration that only knows the local mirror.
            var mirror = AwsTools.Find(AwsTools.ProviderMirror);
            if (tool == AwsTools.Terraform && mirror != null)
            {
                var rc = Path.Combine(workingDirectory, ".terraformrc");
                File.WriteAllText(rc, "provider_installation {\n  filesystem_mirror {\n    path = \"" + mirror + "\"\n  }\n  direct {\n    exclude = [\"*/*\"]\n  }\n}\n");
                info.Environment["TF_CLI_CONFIG_FILE"] = rc;
            }
            using var process = new Process { StartInfo = info };
            process.Start();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Close();
            var timedOut = !process.WaitForExit((int)timeout.TotalMilliseconds);
            if (timedOut) HostCommand.Kill(process);
            Task.WaitAll(new Task[] { stdout, stderr }, TimeSpan.FromSeconds(5));
            return new CommandResult(HostCommand.Format(info.FileName, arguments), timedOut ? -1 : process.ExitCode,
                stdout.IsCompletedSuccessfully ? stdout.Result : "", stderr.IsCompletedSuccessfully ? stderr.Result : "", timedOut);
        }

        public static string TempDirectory(string stem)
        {
            var dir = Path.Combine(Path.GetTempPath(), "pl-aws-" + stem + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(dir);
            return dir;
        }

        public static void Delete(string dir)
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
