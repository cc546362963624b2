using System.IO;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.State;
using PolicyLang.Operations;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;

namespace PolicyLang.Tests.Operations
{
    /// <summary>Test data of the running-state readers (tests/PolicyLang.Core.Tests/Operations/State) and helpers around them.</summary>
    internal static class StateFiles
    {
        public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Operations", "State");

        public static string Read(string name) => File.ReadAllText(Path.Combine(Folder, name));

        /// <summary>The small gateway policy whose ruleset nft exported into small-gw1.json.</summary>
        public static PolicyCompilation Small() =>
            PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { Path.Combine(Folder, "small.netpolicy") })).Single();

        public static VerificationResult Verify(PolicyCompilation compilation, string target, params StateFile[] files) =>
            StateVerification.Verify(compilation, new[] { new TargetState(target, "state/" + target + "/", files) });

        /// <summary>small-gw1.json with the rule of that handle taken out by hand (handle 13: web -> db tcp/5432 over IPv4, an outage).</summary>
        public static string SmallExportWithout(int handle)
        {
            using var json = System.Text.Json.JsonDocument.Parse(Read("small-gw1.json"));
            var kept = json.RootElement.GetProperty("nftables").EnumerateArray()
                .Where(e => !(e.TryGetProperty("rule", out var r) && r.GetProperty("handle").GetInt32() == handle))
                .Select(e => e.GetRawText());
            return "{\"nftables\": [" + string.Join(", ", kept) + "]}";
        }

        public static Packet Packet(string src, string dst, byte protocol, ushort port, byte icmpType = 0, byte icmpCode = 0) =>
            new Packet(IpAddress128.Parse(src), IpAddress128.Parse(dst), protocol, port, icmpType, icmpCode);
    }
}
