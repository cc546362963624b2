using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Semantics;

namespace PolicyLang.Analysis.Rules
{
    /// <summary>Runs test blocks: each expectation is one packet and the verdict the policy must give it.</summary>
    internal static class TestRules
    {
        public static void Check(CheckContext c)
        {
            // A test is about the design: it runs without quarantines, and what a quarantine suspends is a warning.
            var design = c.WithoutQuarantines;
            foreach (var result in Run(design))
            {
                var expected = result.Expectation.Expected == FlowAction.Allow ? "allow" : "deny";
                if (!result.Passed)
                {
                    c.Report(DiagnosticCatalog.TestFailed, result.Expectation.Location, result.Test.Name, expected, result.Packet, result.Explanation);
                    continue;
                }
                if (ReferenceEquals(design, c)) continue;
                var (verdict, flow) = c.Flows.Evaluate(result.Packet);
                if (verdict == result.Expectation.Expected) continue;
                c.Report(DiagnosticCatalog.QuarantineSuspends, result.Expectation.Location,
                    "test '" + result.Test.Name + "' (expect " + expected + " " + result.Packet + ")", AssertionRules.QuarantineOf(c, result.Packet),
                    "the policy denies it " + Decider(flow));
            }
        }

        public static IEnumerable<TestResult> Run(CheckContext c)
        {
            foreach (var test in c.Model.Tests)
            {
                foreach (var e in test.Expectations)
                {
                    var packet = PacketFor(e);
                    var (verdict, flow) = c.Flows.Evaluate(packet);
                    string explanation = (verdict == FlowAction.Allow ? "allows it " : "denies it ") + Decider(flow);
                    yield return new TestResult(test, e, packet, verdict == e.Expected, explanation);
                }
            }
        }

        /// <summary>What decides a packet: <c>by the flow at … (…)</c>, or <c>by the default action</c> when no flow matches it.</summary>
        private static string Decider(FlowRule? flow) => flow != null ? "by " + FlowCitation.WithText(flow) : "by the default action";

        /// <summary>A concrete packet for an expectation: the first port of the service, ICMP type and code 0 when not given,
        /// the first source port it names (<c>tcp/40000 -> 22</c>) or else a client's ephemeral port.</summary>
        public static Packet PacketFor(TestExpectation e)
        {
            var s = e.Service;
            byte protocol = (byte)(s.Protocol ?? ServiceMatch.Tcp);
            ushort port = (ushort)(s.Ports?.FirstOrDefault().Start ?? 0);
            ushort sourcePort = s.SourcePorts is { Count: > 0 } sp ? (ushort)sp[0].Start : Packet.EphemeralPort;
            return new Packet(e.Source, e.Destination, protocol, port, (byte)(s.IcmpType ?? 0), (byte)(s.IcmpCode ?? 0), sourcePort);
        }
    }

    public sealed class TestResult(
        PolicyTest test, TestExpectation expectation, Packet packet, bool passed, string explanation)
    {
        public PolicyTest Test { get; } = test;
        public TestExpectation Expectation { get; } = expectation;
        public Packet Packet { get; } = packet;
        public bool Passed { get; } = passed;
        public string Explanation { get; } = explanation;

        /// <summary>It passes against the policy without quarantines, but a quarantine cuts it off while it lasts (NP3013).</summary>
        public bool Suspended { get; internal set; }
    }
}
