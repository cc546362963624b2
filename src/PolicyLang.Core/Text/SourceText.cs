namespace PolicyLang.Text
{
    /// <summary>An immutable source file: its path, its characters and a line map built once.</summary>
    public sealed class SourceText
    {
        private int[]? _lineStarts;

        public SourceText(string text, string path = "")
            : this(text, path, null)
        {
        }

        /// <param name="displayName">How messages name the file (its path relative to the policy's folder); default: the file name.</param>
        public SourceText(string text, string path, string? displayName)
        {
            Text = text ?? throw new ArgumentNullException(nameof(text));
            Path = path ?? "";
            DisplayName = displayName ?? SafeFileName(Path);
        }

        public string Path { get; }

        /// <summary>How messages name the file: its path relative to the policy's folder, or its file name.</summary>
        public string DisplayName { get; }

        private static string SafeFileName(string path)
        {
            int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
            return slash >= 0 ? path.Substring(slash + 1) : path;
        }
        public string Text { get; }
        public int Length => Text.Length;
        public char this[int index] => Text[index];

        /// <summary>Reads a file as UTF-8 (a BOM selects UTF-16/32); invalid bytes become U+FFFD, never an exception.</summary>
        public static SourceText FromFile(string path)
        {
            var bytes = File.ReadAllBytes(path);
            return new SourceText(Decode(bytes), path);
        }

        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false, false);

        /// <summary>
        /// The text of a file's bytes: UTF-8, without its byte-order mark; a UTF-16 or UTF-32 mark selects that encoding.
        /// Invalid bytes become U+FFFD. UTF-8 is decoded in one pass into a string of its exact length (a reader grows a
        /// buffer and copies it again, which shows on exports of megabytes).
        /// </summary>
        public static string Decode(byte[] bytes) => Decode(bytes, bytes.Length);

        /// <summary>The text of the first <paramref name="count"/> bytes of <paramref name="bytes"/> (a pooled buffer may be longer).</summary>
        public static string Decode(byte[] bytes, int count)
        {
            if (!HasOtherMark(bytes, count))
            {
                int skip = Utf8MarkLength(bytes, count);
                return s_utf8.GetString(bytes, skip, count - skip);
            }
            using var reader = new StreamReader(new MemoryStream(bytes, 0, count), new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        /// <summary>
        /// Decodes the first <paramref name="count"/> bytes as <see cref="Decode(byte[], int)"/> does, into a buffer rented from
        /// <see cref="System.Buffers.ArrayPool{T}.Shared"/> (the caller returns it), and gives the text's length. A state
        /// export of megabytes read into a new string each time costs more in fresh memory than in decoding. Returns false,
        /// renting nothing, for a UTF-16 or UTF-32 mark: such a file is decoded into a string.
        /// </summary>
        public static bool TryDecodePooled(byte[] bytes, int count, out char[] rented, out int length)
        {
            rented = Array.Empty<char>();
            length = 0;
            if (HasOtherMark(bytes, count)) return false;
            int skip = Utf8MarkLength(bytes, count);
            length = s_utf8.GetCharCount(bytes, skip, count - skip);
            rented = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(1, length));
            s_utf8.GetChars(bytes, skip, count - skip, rented, 0);
            return true;
        }

        private static int Utf8MarkLength(byte[] bytes, int count) => count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;

        /// <summary>A UTF-16 (either order) or UTF-32 big-endian mark; UTF-32 little-endian starts like UTF-16's.</summary>
        private static bool HasOtherMark(byte[] bytes, int count) =>
            count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
            || (count >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF);

        public string ToString(TextSpan span) => Text.Substring(span.Start, span.Length);

        public SourceText WithChange(TextChange change)
        {
            var s = Text.Substring(0, change.Span.Start) + change.NewText + Text.Substring(change.Span.End);
            return new SourceText(s, Path, DisplayName);
        }

        public IReadOnlyList<int> LineStarts => _lineStarts ??= ComputeLineStarts(Text);

        public int LineCount => LineStarts.Count;

        public int GetLineIndex(int position)
        {
            var starts = (int[])LineStarts;
            int index = Array.BinarySearch(starts, position);
            return index >= 0 ? index : ~index - 1;
        }

        public LinePosition GetLinePosition(int position)
        {
            if (position < 0 || position > Text.Length) throw new ArgumentOutOfRangeException(nameof(position));
            int line = GetLineIndex(position);
            int lineStart = LineStarts[line];
            int column = 1;
            for (int i = lineStart; i < position; i++)
            {
                if (!(char.IsHighSurrogate(Text[i]) && i + 1 < position && char.IsLowSurrogate(Text[i + 1]))) column++;
            }
            return new LinePosition(line, position - lineStart, column);
        }

        /// <summary>The offset of a zero-based line and UTF-16 character, clamped into the text.</summary>
        public int GetPosition(int line, int character)
        {
            if (line < 0) return 0;
            if (line >= LineCount) return Text.Length;
            int start = LineStarts[line];
            int end = line + 1 < LineCount ? LineStarts[line + 1] : Text.Length;
            return Math.Min(start + Math.Max(0, character), end);
        }

        private static int[] ComputeLineStarts(string text)
        {
            var starts = new List<int> { 0 };
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\r')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                    starts.Add(i + 1);
                }
                else if (c == '\n')
                {
                    starts.Add(i + 1);
                }
            }
            return starts.ToArray();
        }

        public override string ToString() => Text;
    }
}
