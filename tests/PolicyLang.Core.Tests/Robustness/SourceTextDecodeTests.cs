using System.IO;
using System.Linq;
using System.Text;
using CsCheck;
using PolicyLang.Text;
using Xunit;

namespace PolicyLang.Tests.Robustness
{
    /// <summary>
    /// <see cref="SourceText.Decode(byte[], int)"/> decodes UTF-8 in one pass instead of through a reader: it must give what
    /// the reader gave for any bytes (byte-order marks of UTF-8, UTF-16 and UTF-32, invalid sequences as U+FFFD), also for
    /// the first bytes of a longer, pooled buffer.
    /// </summary>
    public sealed class SourceTextDecodeTests
    {
        private static string ByReader(byte[] bytes, int count)
        {
            using var reader = new StreamReader(new MemoryStream(bytes, 0, count), new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        /// <summary>A UTF-16 or UTF-32 mark, whether the generator put it there or the random body begins with one.</summary>
        private static bool StartsWithWideMark(byte[] b) =>
            (b.Length >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
            || (b.Length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF);

        private static readonly byte[][] Marks =
        {
            new byte[0], new byte[] { 0xEF, 0xBB, 0xBF }, new byte[] { 0xFF, 0xFE }, new byte[] { 0xFE, 0xFF },
            new byte[] { 0xFF, 0xFE, 0, 0 }, new byte[] { 0, 0, 0xFE, 0xFF }, new byte[] { 0xEF, 0xBB },
        };

        [Fact]
        public void Decoding_gives_what_a_reader_gives_for_any_bytes()
        {
            Gen.Select(Gen.Int[0, Marks.Length - 1], Gen.Byte.Array[0, 64], Gen.Int[0, 8]).Sample((mark, body, slack) =>
            {
                var bytes = Marks[mark].Concat(body).ToArray();
                Assert.Equal(ByReader(bytes, bytes.Length), SourceText.Decode(bytes));
                var pooled = bytes.Concat(Enumerable.Repeat((byte)'x', slack)).ToArray();
                Assert.Equal(ByReader(bytes, bytes.Length), SourceText.Decode(pooled, bytes.Length));
            }, iter: 5000);
            Assert.Equal("{}", SourceText.Decode(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' }));
            Assert.Equal("a\uFFFDb", SourceText.Decode(new byte[] { (byte)'a', 0xC3, (byte)'b' }));
        }

        /// <summary>
        /// The pooled decoding (state exports read without a string per file) gives the same characters, so every offset a
        /// reader records is an offset of <see cref="PolicyLang.Emit.State.StateFile.Text"/>; a UTF-16 or UTF-32 file goes the string's way.
        /// </summary>
        [Fact]
        public void Pooled_decoding_and_a_state_files_characters_are_its_text()
        {
            Gen.Select(Gen.Int[0, Marks.Length - 1], Gen.Byte.Array[0, 64], Gen.Int[0, 8]).Sample((mark, body, slack) =>
            {
                var bytes = Marks[mark].Concat(body).ToArray();
                var expected = ByReader(bytes, bytes.Length);
                var pooled = bytes.Concat(Enumerable.Repeat((byte)'x', slack)).ToArray();
                if (SourceText.TryDecodePooled(pooled, bytes.Length, out var chars, out var length))
                {
                    Assert.Equal(expected, new string(chars, 0, length));
                    System.Buffers.ArrayPool<char>.Shared.Return(chars);
                }
                else Assert.True(StartsWithWideMark(bytes), "only UTF-16 and UTF-32 marks are decoded into a string");
                var file = new PolicyLang.Emit.State.StateFile("s/x.json", "x", () => new MemoryStream(bytes, writable: false));
                Assert.Equal(expected, file.WithChars(m => m.ToString()));
                Assert.Equal(expected, file.Text);
                Assert.Equal(expected, file.WithChars(m => m.ToString()));
            }, iter: 3000);
            // Found by the sampler: no mark from the list, but the random body begins with FF FE, a UTF-16 mark of its own.
            var wide = new byte[] { 0xFF, 0xFE, 214, 77, 120, 79 };
            Assert.False(SourceText.TryDecodePooled(wide, wide.Length, out _, out _));
            Assert.Equal(ByReader(wide, wide.Length), new PolicyLang.Emit.State.StateFile("s/x.json", "x", () => new MemoryStream(wide, writable: false)).Text);
        }
    }
}
