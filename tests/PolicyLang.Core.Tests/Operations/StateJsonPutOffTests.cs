using System;
using System.IO;
using System.Linq;
using System.Text;
using CsCheck;
using PolicyLang.Emit.Nftables;
using PolicyLang.Emit.State;
using Xunit;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// Values put off (the arrays and objects of one member name, only measured until a reader asks for them: an nft export's
    /// rule expressions) read exactly as values read at once: the same kinds, offsets, ends and texts, and for a broken
    /// document the same error at the same position, whether or not a reader looked at the broken value. Only a value a reader
    /// vouched for (its text met before, read in full) is never read.
    /// </summary>
    public sealed class StateJsonPutOffTests
    {
        /// <summary>Everything a reader can see of a value, in document order (reading every value put off on the way).</summary>
        private static string Walk(JsonNode n)
        {
            var sb = new StringBuilder();
            void Visit(JsonNode v)
            {
                sb.Append(v.Kind).Append('@').Append(v.Offset).Append('-').Append(v.End);
                if (v.Text != null) sb.Append('=').Append(v.Text);
                sb.Append('(');
                foreach (var item in v.Items) Visit(item);
                foreach (var m in v.Members) { sb.Append(m.Key).Append(':'); Visit(m.Value); }
                sb.Append(')');
            }
            Visit(n);
            return sb.ToString();
        }

        private static string Outcome(Func<string> run)
        {
            try
            {
                return "read " + run();
            }
            catch (StateReadException e)
            {
                return "error at " + e.Offset + ": " + e.Message;
            }
        }

        /// <summary>The text with one edit at <paramref name="pos"/>: a character replaced (0), inserted (1) or removed (2).</summary>
        private static string Edited(string text, int pos, int how, char c) => how switch
        {
            0 => text.Remove(pos, 1).Insert(pos, c.ToString()),
            1 => text.Insert(pos, c.ToString()),
            _ => text.Remove(pos, 1),
        };

        private static string Full(string text) => Outcome(() => StateJson.Read(text.AsMemory(), Walk));

        private static string PutOff(string text, Func<JsonNode, string> read) => Outcome(() => StateJson.Read(text.AsMemory(), read, putOff: "expr"));

        private const string Document =
            "{\"nftables\": [{\"rule\": {\"family\": \"inet\", \"handle\": 4, \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": "
            + "{\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": 443}}, {\"accept\": null}]}}, "
            + "{\"rule\": {\"family\": \"inet\", \"handle\": 5, \"expr\": [{\"match\": {\"right\": \"a\\\"b\\\\]\"}}, {\"drop\": null}], \"comment\": \"x\"}}, "
            + "{\"set\": {\"name\": \"s\", \"expr\": {\"elem\": [[1, 2], {\"range\": [\"10.0.0.0\", \"10.0.0.9\"]}]}}}, "
            + "{\"rule\": {\"expr\": 7}}, {\"rule\": {\"expr\": []}}, {\"rule\": {\"expr\": {}}}]}";

        [Fact]
        public void A_document_reads_the_same_with_its_expressions_put_off()
        {
            var full = Full(Document);
            Assert.StartsWith("read ", full);
            Assert.Equal(full, PutOff(Document, Walk));
        }

        [Fact]
        public void Broken_documents_give_the_same_error_whether_the_reader_looks_at_the_broken_value_or_not()
        {
            // Random edits anywhere (inside expressions, their strings and brackets, and around them), read by a reader that
            // walks everything and by one that looks at nothing: the same value or the same error as reading at once.
            Gen.Select(Gen.Int[0, Document.Length - 1], Gen.Int[0, 2], Gen.Char["{}[]\":,\\ \n0123456789aetrunlfx\u0001"])
                .Sample((pos, how, c) =>
                {
                    var text = Edited(Document, pos, how, c);
                    var full = Full(text);
                    Assert.Equal(full, PutOff(text, Walk));
                    var nothing = PutOff(text, _ => "");
                    Assert.Equal(full.StartsWith("error", StringComparison.Ordinal) ? full : "read ", nothing);
                }, iter: 3000, threads: 1);
        }

        [Theory]
        [InlineData("{\"expr\": [1,, 2]}")]
        [InlineData("{\"expr\": [tru]}")]
        [InlineData("{\"expr\": {\"a\" 1}}")]
        [InlineData("{\"expr\": [1}]}")]
        [InlineData("{\"expr\": [\"a\u0001\"]}")]
        [InlineData("{\"expr\": [\"a\\q\"]}")]
        [InlineData("{\"expr\": [1, 2")]
        [InlineData("{\"expr\": [1], \"b\": x}")]
        public void An_expression_no_reader_looks_at_is_still_checked(string text)
        {
            var full = Full(text);
            Assert.StartsWith("error", full);
            Assert.Equal(full, PutOff(text, _ => ""));
            Assert.Equal(full, PutOff(text, Walk));
        }

        [Fact]
        public void Nesting_past_the_limit_inside_an_expression_is_the_same_error()
        {
            foreach (int extra in new[] { -3, -2, -1, 0, 1, 2 })
            {
                int depth = StateJson.MaxDepth + extra;
                var text = "{\"expr\": " + new string('[', depth) + "1" + new string(']', depth) + "}";
                var full = Full(text);
                Assert.Equal(full, PutOff(text, Walk));
                Assert.Equal(full.StartsWith("error", StringComparison.Ordinal) ? full : "read ", PutOff(text, _ => ""));
            }
        }

        [Fact]
        public void A_vouched_expression_is_not_read_and_one_beside_it_is()
        {
            // The reader vouches for the first rule's expressions (a memo met their text before) and looks at nothing else: the
            // vouched value is not read at all (here it is broken, which only a reader's own mistake could make so), the other is.
            const string text = "{\"a\": {\"expr\": [1,, 2]}, \"b\": {\"expr\": [3, 4]}}";
            Assert.Equal("read ok", PutOff(text, root => { root["a"]!["expr"]!.KnownValid(); return "ok"; }));
            const string broken = "{\"a\": {\"expr\": [1, 2]}, \"b\": {\"expr\": [3,, 4]}}";
            Assert.Equal(Full(broken), PutOff(broken, root => { root["a"]!["expr"]!.KnownValid(); return "ok"; }));
        }

        /// <summary>
        /// The nft reader with its memo (which puts expressions off and vouches for those it finds): an export with random edits
        /// reads as it reads without the memo, rules and errors alike, after the memo learnt every rule of the unedited export.
        /// </summary>
        [Fact]
        public void Edited_nft_exports_read_through_the_memo_as_without_it()
        {
            var export = StateFiles.Read("small-gw1.json");
            var memo = new NftRuleMemo();
            NftState.Read(export.AsMemory(), memo);
            NftState.Read(export.AsMemory(), memo);
            string Rules(NftState s) => string.Join("\n", s.Chains.SelectMany(c => c.Rules).Select(r => r.Handle + " " + r.Offset + " " + r.Verdict + " " + r.Text + " " + r.Uncertain + " " + r.Match));
            Gen.Select(Gen.Int[0, export.Length - 1], Gen.Int[0, 2], Gen.Char["{}[]\":,\\ 0123456789@acdeiprstx"])
                .Sample((pos, how, c) =>
                {
                    var text = Edited(export, pos, how, c);
                    Assert.Equal(Outcome(() => Rules(NftState.Read(text))), Outcome(() => Rules(NftState.Read(text.AsMemory(), memo))));
                }, iter: 1500, threads: 1);
            Assert.True(memo.Hits > 0);
        }

        [Fact]
        public void Files_are_the_same_content_only_when_every_byte_is()
        {
            var folder = Path.Combine(Path.GetTempPath(), "policylang-same-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                // Longer than one chunk of the comparison, differing in the last byte, in the first, or in length.
                var text = new string('a', 200_000) + "{\"x\": 1}";
                StateFile At(string name, string content)
                {
                    var path = Path.Combine(folder, name);
                    File.WriteAllText(path, content);
                    return new StateFile(path, name, () => File.OpenRead(path));
                }
                var a = At("a.json", text);
                var same = At("b.json", text);
                var last = At("c.json", text.Substring(0, text.Length - 1) + "]");
                var first = At("d.json", "b" + text.Substring(1));
                var longer = At("e.json", text + " ");
                Assert.True(a.SameContent(same));
                Assert.True(same.SameContent(a));
                // Against bytes another file handed over while it was read: the same answers, and a file given as text is never the same.
                var bytes = Encoding.UTF8.GetBytes(text);
                var padded = new byte[bytes.Length + 7];
                bytes.CopyTo(padded, 0);
                Assert.True(same.SameContent(padded, bytes.Length));
                Assert.False(last.SameContent(padded, bytes.Length));
                Assert.False(first.SameContent(padded, bytes.Length));
                Assert.False(longer.SameContent(padded, bytes.Length));
                Assert.False(a.SameContent(padded, bytes.Length - 1));
                Assert.False(new StateFile("t.json", "t", text).SameContent(padded, bytes.Length));
                Assert.True(At("empty1.json", "").SameContent(padded, 0));
                Assert.False(At("empty2.json", "").SameContent(padded, 1));
                Assert.False(a.SameContent(last));
                Assert.False(a.SameContent(first));
                Assert.False(a.SameContent(longer));
                // A file given as text compares by text.
                Assert.True(new StateFile("t.json", "t", text).SameContent(a));
                Assert.False(new StateFile("t.json", "t", text + " ").SameContent(a));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
