using System.Runtime.InteropServices;

namespace PolicyLang.Cli
{
    /// <summary>
    /// Garbage collector settings for runs that want others than the tool's own, applied by starting the executable again in
    /// place (execve: the same process, arguments and environment, plus the settings), since the runtime reads them only at
    /// start.
    /// <para>
    /// The tool keeps generation 0 small (DATAS, System.GC.DGen0GrowthPercent 5 in PolicyLang.Cli.csproj): a build or a check
    /// of an ordinary policy then peaks low, which the Kubernetes build of the Capirca comparison needs. Two kinds of run want
    /// otherwise:
    /// </para>
    /// <list type="bullet">
    /// <item><c>verify</c> (and <c>report --state</c>) of a large running state streams gigabytes of exports through
    /// short-lived data: with that small generation 0 it collected about 400 times in a run of the 100,000-line policy's 931
    /// exports, each time copying the exports in flight, a third of its time. At a growth of 100 % (the variable is read as
    /// hexadecimal: 0x64) it collects about 80 times.</item>
    /// <item><c>check</c> and <c>build</c> of a large policy build its syntax tree and model (a 100,000-line policy keeps
    /// 1.2 million objects) while DATAS still runs one heap, collected by one thread while the other core waits: 135
    /// collections and 0.7 s of pauses in a 2.3 s check. Without DATAS, with generation 0 held to 16 MB
    /// (<c>GCGen0MaxBudget</c>, read as hexadecimal: 1000000), both heaps collect in parallel from the start: 40 collections
    /// and 0.5 s of pauses; without that cap generation 0 grows to hundreds of megabytes (515 MiB peak).</item>
    /// </list>
    /// <para>
    /// Only the native executable on Linux does this (its raw arguments and environment are read back from /proc, so nothing is
    /// re-encoded), only above the sizes below (a second start costs about 25 ms), never when the user set a collector
    /// variable (<c>DOTNET_GC…</c>, <c>DOTNET_gc…</c>) or the run was started again already; a failed execve leaves the run as
    /// it was.
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

        /// <summary>
        /// How large a policy is worth starting again for: the *.netpolicy files named on the command line (folders searched as
        /// the loader does; imports not followed). At 1 MB (a 30,000-line policy) the settings saved 0.06 s of a 0.69 s check
        /// for 30 MiB more; at 3.5 MB (100,000 lines) 4-10 % of a check (side by side, by the hour) and 7 % of the switch
        /// targets' build, for 15 MiB more; at 588 KB the Kubernetes build of the Capirca comparison would peak at 79 MiB instead of 52.
        /// </summary>
        public const long PolicyThreshold = 2L * 1024 * 1024;

        /// <summary>The commands whose large policies run better with <see cref="LargePolicySettings"/>: those measured.</summary>
        private static readonly string[] PolicyCommands = { "check", "build" };

        private static readonly string[] VerifySettings = { Growth + "=" + VerifyGrowth };

        /// <summary>DATAS off, generation 0 at most 16 MB per heap (hexadecimal).</summary>
        private static readonly string[] LargePolicySettings = { "DOTNET_GCDynamicAdaptationMode=0", "DOTNET_GCGen0MaxBudget=1000000" };

        /// <summary>The options of check and build that take a value, which is then no path.</summary>
        private static readonly string[] ValueOptions = { "--format", "--import-root", "-t", "--target", "-o", "--output" };

        /// <summary>The paths a check or build is given (the current folder when none is).</summary>
        public static List<string> PolicyPathsOf(string[] args)
        {
            var paths = new List<string>();
            bool command = false;
            for (int i = 0; i < args.Length; i++)
            {
                var a = args[i];
                if (Array.IndexOf(ValueOptions, a) >= 0) { i++; continue; }
                if (a.StartsWith("-", StringComparison.Ordinal)) continue;
                if (!command) { command = true; continue; }
                paths.Add(a);
            }
            if (paths.Count == 0) paths.Add(".");
            return paths;
        }

        /// <summary>Whether the policy files at the paths add up to at least <paramref name="bytes"/> (what cannot be read counts nothing).</summary>
        public static bool PoliciesHoldAtLeast(IEnumerable<string> paths, long bytes)
        {
            long total = 0;
            try
            {
                foreach (var path in paths)
                {
                    var files = Directory.Exists(path) ? PolicyLang.Workspace.PhysicalFileSystem.Instance.EnumeratePolicyFiles(path)
                        : File.Exists(path) ? new[] { path } : Array.Empty<string>();
                    foreach (var f in files)
                        if ((total += new FileInfo(f).Length) >= bytes) return true;
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
            }
            return false;
        }

        /// <summary>The settings a command line runs better with and the profile's name, or null for the tool's own.</summary>
        public static (string Name, string[] Settings)? ProfileFor(string[] args)
        {
            if (ComparesState(args))
                return StateFolderOf(args) is { } state && HoldsAtLeast(state, Threshold) ? ("verify", VerifySettings) : null;
            if (Array.IndexOf(PolicyCommands, CommandOf(args)) >= 0 && PoliciesHoldAtLeast(PolicyPathsOf(args), PolicyThreshold))
                return ("large-policy", LargePolicySettings);
            return null;
        }

        /// <summary>Whether the environment sets the collector already (the user's choice, left alone).</summary>
        public static bool SetsCollector(System.Collections.IDictionary environment)
        {
            foreach (var key in environment.Keys)
                if (key is string k && (k.StartsWith("DOTNET_GC", StringComparison.Ordinal) || k.StartsWith("DOTNET_gc", StringComparison.Ordinal)
                    || k.StartsWith("COMPlus_GC", StringComparison.Ordinal) || k.StartsWith("COMPlus_gc", StringComparison.Ordinal)))
                    return true;
            return false;
        }

        /// <summary>Starts the executable again with the settings of <see cref="ProfileFor"/>; returns only when it does not.</summary>
        public static void Apply(string[] args)
        {
            if (!OperatingSystem.IsLinux()) return;
            // The framework-dependent tool runs under the dotnet host with its own runtimeconfig: left alone.
            if (System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported) return;
            if (Environment.GetEnvironmentVariable(Marker) != null || SetsCollector(Environment.GetEnvironmentVariables())) return;
            if (ProfileFor(args) is not { } profile) return;
            try
            {
                var argv = Split(File.ReadAllBytes("/proc/self/cmdline"));
                var environment = Split(File.ReadAllBytes("/proc/self/environ"));
                if (argv.Count == 0) return;
                foreach (var setting in profile.Settings) environment.Add(System.Text.Encoding.UTF8.GetBytes(setting));
                environment.Add(System.Text.Encoding.UTF8.GetBytes(Marker + "=" + profile.Name));
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
