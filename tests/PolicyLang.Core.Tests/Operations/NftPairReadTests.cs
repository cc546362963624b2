using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using PolicyLang.Emit.State;
using PolicyLang.Operations;
using PolicyLang.Semantics;
using PolicyLang.Tests.Emit;
using Xunit;
using static PolicyLang.Tests.Operations.StateFiles;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// A gateway pair's exports are compared while the first is read: an export that holds the same bytes is not read again and
    /// gets the same findings, and one that differs anywhere (or only in length) is verified on its own, exactly as if it were
    /// alone in the folder.
    /// </summary>
    public sealed class NftPairReadTests
    {
        private static PolicyCompilation Pair() =>
            EmitTestHelper.Compile(Read("small.netpolicy").Replace("devices \"gw1\"", "devices \"gw1\", \"gw2\", \"gw3\""));

        /// <summary>Stream-backed exports, counting the bytes read of each.</summary>
        private static (StateFile[] Files, Dictionary<string, long> Reads) Files(params (string Name, string Text)[] exports)
        {
            var reads = new Dictionary<string, long>();
            var files = exports.Select(e =>
            {
                var bytes = Encoding.UTF8.GetBytes(e.Text);
                reads[e.Name] = 0;
                return new StateFile("state/gw/" + e.Name + ".json", e.Name, () => new CountingStream(bytes, n => { lock (reads) reads[e.Name] += n; }));
            }).ToArray();
            return (files, reads);
        }

        private sealed class CountingStream(byte[] bytes, Action<int> read) : MemoryStream(bytes, writable: false)
        {
            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = base.Read(buffer, offset, count);
                read(n);
                return n;
            }

            public override int Read(Span<byte> buffer)
            {
                int n = base.Read(buffer);
                read(n);
                return n;
            }
        }

        private static long Length(string text) => Encoding.UTF8.GetByteCount(text);

        private static string Findings(VerificationResult result, string device) =>
            string.Join("\n", result.Devices.Single(d => d.Device == device).Diagnostics.Select(d => d.Id + " " + d.Message + " @" + d.Span.Start));

        private static string Alone(string name, string text) =>
            Findings(StateFiles.Verify(Pair(), "gw", new StateFile("state/gw/" + name + ".json", name, text)), name);

        [Fact]
        public void An_export_with_the_bytes_of_the_one_read_before_is_not_read_again_and_gets_its_findings()
        {
            // Clean exports: each is read once in full, the first to be verified, the others to be compared with its bytes.
            var export = Read("small-gw1.json");
            var (files, reads) = Files(("gw1", export), ("gw2", export), ("gw3", export));
            var result = StateFiles.Verify(Pair(), "gw", files);
            Assert.Empty(result.Diagnostics);
            Assert.Equal(3, result.Devices.Count(d => d.IsClean));
            foreach (var device in new[] { "gw1", "gw2", "gw3" }) Assert.Equal(Length(export), reads[device]);

            // Drifted ones: each device gets the findings it gets alone (its own name, file and positions).
            var drifted = SmallExportWithout(13);
            var (same, _) = Files(("gw1", drifted), ("gw2", drifted), ("gw3", drifted));
            result = StateFiles.Verify(Pair(), "gw", same);
            foreach (var device in new[] { "gw1", "gw2", "gw3" })
            {
                Assert.NotEmpty(result.Devices.Single(d => d.Device == device).Diagnostics);
                Assert.Equal(Alone(device, drifted), Findings(result, device));
            }
        }

        [Theory]
        [InlineData("a port")]
        [InlineData("last byte")]
        [InlineData("first byte")]
        [InlineData("longer")]
        [InlineData("shorter")]
        public void An_export_that_differs_from_the_one_read_before_is_verified_on_its_own(string how)
        {
            var export = Read("small-gw1.json");
            // The other export is a different ruleset of the same length where it can be (a rule's handle changed) or of another length.
            int last = export.TrimEnd().Length - 1;
            var other = how switch
            {
                "a port" => ReplaceLast(export, "\"right\": 5432", "\"right\": 5433"),
                "last byte" => export.Substring(0, last) + "]" + export.Substring(last + 1),
                "first byte" => " " + export.Substring(1),
                "longer" => ReplaceLast(export, "\"right\": 5432", "\"right\": 54320"),
                _ => SmallExportWithout(13),
            };
            Assert.NotEqual(export, other);
            if (how is not ("longer" or "shorter")) Assert.Equal(Encoding.UTF8.GetByteCount(export), Encoding.UTF8.GetByteCount(other));
            var (files, reads) = Files(("gw1", export), ("gw2", other), ("gw3", export));
            var result = StateFiles.Verify(Pair(), "gw", files);
            Assert.Empty(Findings(result, "gw1"));
            Assert.NotEmpty(Findings(result, "gw2"));
            Assert.Equal(Alone("gw2", other), Findings(result, "gw2"));
            Assert.Empty(Findings(result, "gw3"));
            // gw3 holds gw1's bytes: read once, to compare them.
            Assert.Equal(Length(export), reads["gw1"]);
            Assert.Equal(Length(export), reads["gw3"]);
        }

        private static string ReplaceLast(string text, string what, string with)
        {
            int at = text.LastIndexOf(what, StringComparison.Ordinal);
            Assert.True(at >= 0);
            return text.Substring(0, at) + with + text.Substring(at + what.Length);
        }

        [Fact]
        public void A_sibling_that_cannot_be_opened_does_not_stop_the_export_being_read()
        {
            var export = Read("small-gw1.json");
            var bytes = Encoding.UTF8.GetBytes(export);
            int opens = 0;
            var gw1 = new StateFile("state/gw/gw1.json", "gw1", () => new MemoryStream(bytes, writable: false));
            // Locked the first time it is opened (while gw1 is read), readable by its own turn: verified on its own.
            var gw2 = new StateFile("state/gw/gw2.json", "gw2", () => opens++ == 0 ? throw new IOException("locked") : new MemoryStream(bytes, writable: false));
            var result = StateFiles.Verify(Pair(), "gw", gw1, gw2);
            // gw3 has no export here: the only diagnostic.
            Assert.Equal("NP6005", Assert.Single(result.Diagnostics).Id);
            Assert.Equal(2, result.Devices.Count(d => d.IsClean));
            Assert.Equal(2, opens);
        }

        [Fact]
        public void Exports_given_as_text_are_compared_as_before()
        {
            var export = Read("small-gw1.json");
            var result = StateFiles.Verify(Pair(), "gw",
                new StateFile("state/gw/gw1.json", "gw1", export), new StateFile("state/gw/gw2.json", "gw2", export), new StateFile("state/gw/gw3.json", "gw3", SmallExportWithout(13)));
            Assert.Empty(Findings(result, "gw1"));
            Assert.Empty(Findings(result, "gw2"));
            Assert.Equal(Alone("gw3", SmallExportWithout(13)), Findings(result, "gw3"));
        }
    }
}
