using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Operations;
using PolicyLang.Semantics;
using PolicyLang.Tests.Cli;
using PolicyLang.Workspace;

namespace PolicyLang.Tests.Operations.Quarantines
{
    /// <summary>
    /// A policy on the disk for <c>policyc quarantine</c> to change: a header file that imports zones and flows and names the
    /// targets, in canonical layout, clean under <c>policyc check</c>. Today is fixed (2026-12-04) while it lives.
    /// </summary>
    internal sealed class QuarantineFixture : IDisposable
    {
        public static readonly DateTime Today = new DateTime(2026, 12, 4);

        public const string Header = "# The lab: GPU nodes, their storage and the internet.\npolicy lab {\n  default deny\n}\n\n";

        public const string Imports = "import \"zones.netpolicy\"\nimport \"flows.netpolicy\"\n";

        public const string Gateway = "target gateway nftables {\n  zones gpu, store, internet\n  mode gateway\n}\n";

        public const string Leaves =
            "target leaves arista-eos {\n  zones gpu, store\n  device \"leaf1.lab.example.net\" {\n    interface \"Ethernet1\" carries gpu.nodes\n"
            + "    interface \"Ethernet2\" carries store.nas\n    interface \"Ethernet49/1\" uplink\n  }\n}\n";

        public const string Zones =
            "zone gpu {\n  segment nodes {\n    vlan 110\n    subnet 10.10.0.0/16, fd00:10::/64\n  }\n}\n\n"
            + "zone store {\n  segment nas {\n    vlan 120\n    subnet 10.20.0.0/16, fd00:20::/64\n  }\n}\n";

        public const string Internet = "\nexternal internet {\n  subnet 0.0.0.0/0, ::/0\n}\n";

        public const string Flows = "allow gpu -> store : tcp/2049\nallow gpu -> internet : tcp/443\nallow internet -> store : tcp/443\n";

        private readonly TempFolder _folder = new TempFolder();
        private readonly IDisposable _clock = PolicyClock.Use(Today);

        private QuarantineFixture(string main, string zones, string flows)
        {
            _folder.Write("main.netpolicy", main);
            _folder.Write("zones.netpolicy", zones);
            _folder.Write("flows.netpolicy", flows);
        }

        /// <summary>The lab with an nftables gateway over every zone and an Arista leaf over the internal ones.</summary>
        public static QuarantineFixture Lab() => new QuarantineFixture(Header + Imports + "\n" + Gateway + "\n" + Leaves, Zones + Internet, Flows);

        /// <summary>Any policy: the three files as given.</summary>
        public static QuarantineFixture Of(string main, string zones, string flows) => new QuarantineFixture(main, zones, flows);

        public string Folder => _folder.Path;
        public string Main => Path.Combine(Folder, "main.netpolicy");
        public string Overlay => Path.Combine(Folder, QuarantineOperation.OverlayFileName);
        public IReadOnlyList<string> Paths => new[] { Folder };

        /// <summary>Every file of the folder and its bytes, to show that a refused change touched nothing.</summary>
        public IReadOnlyDictionary<string, byte[]> Snapshot() =>
            Directory.GetFiles(Folder, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)
                .ToDictionary(f => f.Substring(Folder.Length), File.ReadAllBytes, StringComparer.Ordinal);

        public string Read(string name) => File.ReadAllText(Path.Combine(Folder, name));

        public void Write(string name, string text) => _folder.Write(name, text);

        /// <summary>What <c>policyc check</c> reports for the folder.</summary>
        public IReadOnlyList<PolicyLang.Diagnostics.Diagnostic> Check() =>
            PolicyBuilder.Check(PolicyCompilation.FromSourceSet(PolicySourceSet.Load(Paths)));

        public PolicyCompilation Compile() =>
            PolicyCompilation.FromSourceSet(PolicySourceSet.Load(Paths)).Single(c => c.Model.Header != null);

        public void Dispose()
        {
            _clock.Dispose();
            _folder.Dispose();
        }
    }
}
