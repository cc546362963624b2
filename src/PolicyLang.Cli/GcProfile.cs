using System.Runtime.InteropServices;

namespace PolicyLang.Cli
{
    /// <summary>
    /// Garbage collector settings for the commands that compare running state (verify, report --state), which want others than the rest, applied by starting the executable
    /// again in place (execve: the same process, arguments and environment, plus one setting), since the runtime reads them
    /// only at start.
    /// <para>
    /// The tool keeps generation 0 small (System.GC.DGen0GrowthPercent 5 in PolicyLang.Cli.csproj): a build or a check then
    /// peaks low, which the Kubernetes build of the Capirca comparison needs. <c>verify</c> instead streams gigabytes of
    /// exports through short-lived data: with that small generation 0 it collected about 400 times in a run of the
    /// 100,000-line policy's 931 exports, each time copying the exports in flight, a third of its time. At 100 % (the
    /// variable is read as hexadecimal: 0x64) it collects about 80 times.
    /// </para>
    /// <para>
    /// Only the native executable on Linux does this (its raw arguments and environment are read back from /proc, so nothing is
    /// re-encoded), and only for a state folder of <see cref="Threshold"/> or more; a variable the user set for the collector is
    /// left as it is, and a failed execve leaves the run as it was.
    /// </para>
    /// </summary>
    internal static class GcProfile
    {
        /// <summary>Set in the environment of the started-again process, so that it runs instead of starting again.</summary>
        public const string Marker = "POLICYC_GC_PROFILE";

        private const string Growth = "DOTNET_GCDGen0GrowthPercent";
        private const string VerifyGrowth = "64";

        /// <summary>The command an argument list runs: its first word that is no option (nor --import-root's value).</summary>
        public static string? CommandOf(string[] args)
        {
            for (int i = 0; i < args.Length; i++)
            {
                var a = args[i];
                if (a == "--import-root") { i++; continue; }
                if (a.StartsWith("-", StringComparison.Ordinal)) continue;
                return a;
            }
            return null;
        }

        /// <summary>Whether the command line compares running state: verify, and report with --state (which verifies).</summary>
        public static bool ComparesState(string[] args)
        {
            var command = CommandOf(args);
            return command == "verify"
                || (command == "report" && Array.Exists(args, a => a == "--state" || a.StartsWith("--state=", StringComparison.Ordinal)));
        }

        /// <summary>The value of --state, or null.</summary>
        public static string? StateFolderOf(string[] args)
        {
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--state" && i + 1 < args.Length) return args[i + 1];
                if (args[i].StartsWith("--state=", StringComparison.Ordinal)) return args[i].Substring("--state=".Length);
            }
            return null;
        }

        /// <summary>
        /// How much state is worth starting again for: below it, the few collections a run makes cost less than a second start
        /// (about 25 ms: verify of one gateway's export took 0.073 s instead of 0.047 s when it started again).
        /// </summary>
        public const long Threshold = 64L * 1024 * 1024;

        /// <summary>Whether the files under a folder add up to at least <paramref name="bytes"/> (false when it cannot be read).</summary>
        public static bool HoldsAtLeast(string folder, long bytes)
        {
            try
            {
                long total = 0;
                foreach (var f in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories))
                    if ((total += f.Length) >= bytes) return true;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
            return false;
        }

        /// <summary>Starts the executable again with verify's settings when it compares a large running state; returns only when it does not.</summary>
        public static void Apply(string[] args)
        {
            if (!ComparesState(args) || !OperatingSystem.IsLinux()) return;
            if (StateFolderOf(args) is not { } state || !HoldsAtLeast(state, Threshold)) return;
            // The framework-dependent tool runs under the dotnet host with its own runtimeconfig: left alone.
            if (System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported) return;
            if (Environment.GetEnvironmentVariable(Marker) != null || Environment.GetEnvironmentVariable(Growth) != null
                || Environment.GetEnvironmentVariable("DOTNET_GCgen0size") != null) return;
            try
            {
                var argv = Split(File.ReadAllBytes("/proc/self/cmdline"));
                var environment = Split(File.ReadAllBytes("/proc/self/environ"));
                if (argv.Count == 0) return;
                environment.Add(System.Text.Encoding.UTF8.GetBytes(Growth + "=" + VerifyGrowth));
                environment.Add(System.Text.Encoding.UTF8.GetBytes(Marker + "=verify"));
                Exec("/proc/self/exe", argv, environment);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        /// <summary>The NUL-terminated strings of a /proc file, as bytes.</summary>
        private static List<byte[]> Split(byte[] raw)
        {
            var parts = new List<byte[]>();
            int start = 0;
            for (int i = 0; i < raw.Length; i++)
            {
                if (raw[i] != 0) continue;
                parts.Add(raw.AsSpan(start, i - start).ToArray());
                start = i + 1;
            }
            if (start < raw.Length) parts.Add(raw.AsSpan(start).ToArray());
            return parts;
        }

        private static void Exec(string path, List<byte[]> argv, List<byte[]> environment)
        {
            var allocated = new List<IntPtr>();
            IntPtr Native(byte[] s)
            {
                var p = Marshal.AllocHGlobal(s.Length + 1);
                Marshal.Copy(s, 0, p, s.Length);
                Marshal.WriteByte(p, s.Length, 0);
                allocated.Add(p);
                return p;
            }
            try
            {
                var args = new IntPtr[argv.Count + 1];
                for (int i = 0; i < argv.Count; i++) args[i] = Native(argv[i]);
                var env = new IntPtr[environment.Count + 1];
                for (int i = 0; i < environment.Count; i++) env[i] = Native(environment[i]);
                execve(Native(System.Text.Encoding.UTF8.GetBytes(path)), args, env);
                // Only a failure returns: the run goes on as it is.
            }
            finally
            {
                foreach (var p in allocated) Marshal.FreeHGlobal(p);
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int execve(IntPtr path, IntPtr[] argv, IntPtr[] envp);
    }
}
