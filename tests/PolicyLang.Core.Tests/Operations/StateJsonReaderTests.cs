using System;
using System.Linq;
using System.Text;
using PolicyLang.Emit.State;
using Xunit;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// The JSON reader's short cuts: strings without escapes are taken whole, short strings are shared, and open arrays and
    /// objects are collected on one list. None may change a value, an offset or the position of an error.
    /// </summary>
    public sealed class StateJsonReaderTests
    {
        [Fact]
        public void Many_short_strings_keep_their_own_values()
        {
            // Thousands of distinct short keys and values: more than the table of shared strings holds, so slots are reused.
            var sb = new StringBuilder("{");
            for (int i = 0; i < 20_000; i++) sb.Append(i == 0 ? "" : ", ").Append("\"k").Append(i).Append("\": [\"v").Append(i * 7).Append("\", ").Append(i).Append(']');
            sb.Append('}');
            var root = StateJson.Parse(sb.ToString());
            Assert.Equal(20_000, root.Members.Count);
            for (int i = 0; i < 20_000; i++)
            {
                var m = root.Members[i];
                Assert.Equal("k" + i, m.Key);
                Assert.Equal("v" + (i * 7), m.Value.Items[0].Text);
                Assert.Equal(i, m.Value.Items[1].AsInteger());
            }
        }

        [Fact]
        public void Nested_values_keep_their_order_offsets_and_ends()
        {
            const string text = "{\"a\": [1, {\"b\": [], \"c\": {}}, [\"x\\u0041\", \"y\"]], \"d\": \"e\\\"f\", \"a\": null}";
            var root = StateJson.Parse(text);
            Assert.Equal(new[] { "a", "d", "a" }, root.Members.Select(m => m.Key));
            var a = root["a"]!;
            Assert.Equal(3, a.Items.Count);
            Assert.Equal(text.IndexOf('['), a.Offset);
            Assert.Equal(text.IndexOf("], \"d\"", StringComparison.Ordinal) + 1, a.End);
            Assert.Empty(a.Items[1]["b"]!.Items);
            Assert.Empty(a.Items[1]["c"]!.Members);
            Assert.Equal(new[] { "xA", "y" }, a.Items[2].Items.Select(i => i.Text));
            Assert.Equal("e\"f", root.String("d"));
            Assert.Equal(JsonKind.Null, root.Members[2].Value.Kind);
            Assert.Equal(text.Length, root.End);
        }

        [Theory]
        [InlineData("{\"a\": \"abc", 10, "'\"' to close the string")]
        [InlineData("{\"a\": \"ab\u0001c\"}", 9, "U+0001")]
        [InlineData("{\"a\": \"a\\qb\"}", 9, "an escape such as")]
        [InlineData("{\"a\": \"a\\u00\"}", 10, "four hex digits")]
        [InlineData("{\"a\": [1, 2", 11, "the end of the file")]
        [InlineData("{\"a\": [1 2]}", 9, "',' or ']'")]
        [InlineData("{\"a\": 1} x", 9, "text after the JSON document")]
        public void A_broken_document_is_refused_at_the_position_of_the_fault(string text, int offset, string message)
        {
            var e = Assert.Throws<StateReadException>(() => StateJson.Parse(text));
            Assert.Equal(offset, e.Offset);
            Assert.Contains(message, e.Message);
        }

        /// <summary>Integers are read from the text in place: the same values as long.TryParse gives, edges of the range included.</summary>
        [Fact]
        public void Integers_read_in_place_are_what_long_parsing_gives()
        {
            var numbers = new[] { "0", "-0", "7", "007", "-12", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                "-9223372036854775809", "99999999999999999999", "1.5", "1e3", "-1E-2", "12.0" }
                .Concat(Enumerable.Range(0, 400).Select(i => (i % 2 == 0 ? "-" : "") + new string((char)('1' + i % 9), 1 + i % 21)));
            foreach (var n in numbers)
            {
                var root = StateJson.Parse("{\"n\": " + n + "}");
                long? expected = long.TryParse(n, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
                Assert.Equal(expected, root.Integer("n"));
                Assert.Equal(expected, root["n"]!.AsInteger());
            }
        }

        [Fact]
        public void A_document_cut_anywhere_is_refused_within_the_text()
        {
            var text = StateFiles.Read("mixed.json");
            for (int cut = 0; cut < text.Length; cut += 97)
            {
                var part = text.Substring(0, cut);
                var e = Assert.Throws<StateReadException>(() => StateJson.Parse(part));
                Assert.InRange(e.Offset, 0, part.Length);
            }
        }
    }
}
