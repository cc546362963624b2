using System;
using System.Text;
using PolicyLang.Emit.State;
using PolicyLang.Text;
using Xunit;

namespace PolicyLang.Tests.Operations
{
    /// <summary><see cref="StateFile.Line"/> finds line starts once per text; it must answer exactly as walking from the top does.</summary>
    public sealed class StateFileLineTests
    {
        /// <summary>The definition: walk line breaks from the start of the text.</summary>
        private static TextSpan Walk(string text, int line)
        {
            if (line <= 0) return new TextSpan(0, 0);
            int start = 0;
            for (int n = 1; n < line; n++)
            {
                int next = text.IndexOf('\n', start);
                if (next < 0) return new TextSpan(0, 0);
                start = next + 1;
            }
            int end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            if (end > start && text[end - 1] == '\r') end--;
            return TextSpan.FromBounds(start, end);
        }

        [Fact]
        public void Every_line_of_random_texts_spans_what_walking_from_the_top_gives()
        {
            var rng = new Random(5);
            var pieces = new[] { "\n", "\r\n", "\r", "a", "permit tcp any any", " ", "" };
            for (int round = 0; round < 300; round++)
            {
                var sb = new StringBuilder();
                int parts = rng.Next(0, 30);
                for (int i = 0; i < parts; i++) sb.Append(pieces[rng.Next(pieces.Length)]);
                var text = sb.ToString();
                var file = new StateFile("s/x.cfg", "x", text);
                for (int line = -1; line <= parts + 3; line++)
                    Assert.True(Walk(text, line).Equals(file.Line(line)), $"line {line} of {text.Replace("\r", "\\r").Replace("\n", "\\n")}");
            }
        }

        [Fact]
        public void A_released_file_keeps_nothing_of_its_text_after_its_lines_were_asked()
        {
            var (file, text) = ReadAndAskLines();
            file.Release();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.False(text.IsAlive, "the released text is still reachable (through the line index)");
            Assert.Equal(new TextSpan(4, 3), file.Line(2));
        }

        /// <summary>A file whose text was read and its lines asked; the text's only other reference is weak. Not inlined, so that
        /// no local of the test keeps the text alive.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static (StateFile File, WeakReference Text) ReadAndAskLines()
        {
            var file = new StateFile("s/x.cfg", "x", () => new StringBuilder().Append("one\ntwo\n").Append('x', 100_000).ToString());
            Assert.Equal(new TextSpan(4, 3), file.Line(2));
            return (file, new WeakReference(file.Text));
        }

        [Fact]
        public void A_file_read_again_after_release_gets_the_new_texts_lines()
        {
            var texts = new[] { "one\ntwo\nthree\n", "a much longer first line\nb\n" };
            int reads = 0;
            var file = new StateFile("s/x.cfg", "x", () => texts[reads++]);
            Assert.Equal(new TextSpan(4, 3), file.Line(2));
            file.Release();
            Assert.Equal(new TextSpan(25, 1), file.Line(2));
        }
    }
}
