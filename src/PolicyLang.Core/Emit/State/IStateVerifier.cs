using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Text;

namespace PolicyLang.Emit.State
{
    /// <summary>
    /// A backend that can compare a running-state export of one of its devices or resources (what an operator exports
    /// with the platform's own tools) with the policy, on packet sets. <c>Operations/StateVerification</c> walks the
    /// state folder and calls it once per file; the verifier reads the file, decides what the running state lets through
    /// and reports every difference with a witness packet and the running-state object responsible.
    /// </summary>
    public interface IStateVerifier
    {
        /// <summary>What the target expects in its state folder, for messages and docs: "nft -j list ruleset of each gateway".</summary>
        string StateFormat { get; }

        /// <summary>The device or resource names the target expects a state file for (empty: any number of files, e.g. cloud exports).</summary>
        IReadOnlyList<string> ExpectedStates(TargetContext context);

        /// <summary>
        /// Whether the files of the target's folder are one state together (a cloud account's several describe outputs,
        /// a cluster's policies), rather than one file per device.
        /// </summary>
        bool CombinesFiles { get; }

        /// <summary>How applying the build again changes the running state, for <c>verify --plan</c>: what it replaces and what it leaves.</summary>
        string Reapply(TargetContext context);

        /// <summary>
        /// Compares exported files with the policy: one device's file, or, when <see cref="CombinesFiles"/>, every file of
        /// the target. Unreadable input is a finding (<see cref="DriftKind.Unreadable"/>), never an exception.
        /// </summary>
        IReadOnlyList<DriftFinding> Verify(TargetContext context, IReadOnlyList<StateFile> files);
    }

    /// <summary>One exported running-state file: its path as the user gave it, the device or resource it holds (the file
    /// name without its extension) and its text.</summary>
    public sealed class StateFile
    {
        private readonly Func<string>? _load;
        private readonly Func<byte[]>? _hash;
        private string? _text;
        private string? _sha256;

        public StateFile(string path, string name, string text)
        {
            Path = path;
            Name = name;
            _text = text;
        }

        /// <summary>
        /// A file read when its text is first needed (a state folder of thousands of exports need not sit in memory at once).
        /// <paramref name="hash"/>, when given, hashes the file's bytes (SHA-256) without decoding them, for <see cref="Sha256"/>.
        /// </summary>
        public StateFile(string path, string name, Func<string> load, Func<byte[]>? hash = null)
        {
            Path = path;
            Name = name;
            _load = load;
            _hash = hash;
        }

        /// <summary>
        /// A file read through <paramref name="open"/> when first needed: its text (<see cref="Text"/>), its bytes' SHA-256
        /// and, for readers that keep nothing of the text, its characters in a pooled buffer (<see cref="WithChars{T}"/>).
        /// </summary>
        public StateFile(string path, string name, Func<Stream> open)
        {
            Path = path;
            Name = name;
            _open = open;
            _load = () => WithBytes((bytes, count) => SourceText.Decode(bytes, count));
            _hash = () =>
            {
                using var stream = open();
                return PolicyLang.Text.Sha256.Hash(stream);
            };
        }

        private readonly Func<Stream>? _open;

        public string Path { get; }
        public string Name { get; }
        public string Text => _text ??= _load!();

        /// <summary>
        /// Hands the file's characters to <paramref name="use"/>: decoded into a pooled buffer, valid only during the call,
        /// when the file is read through a stream and its text is not held yet; else its text. For readers that keep no
        /// part of the text (positions are the same as in <see cref="Text"/>): an export of megabytes decoded into a new
        /// string per device costs more in fresh memory than in reading.
        /// </summary>
        /// <param name="bytes">When the file is read as bytes (not held as text), called with them (the first count of the array,
        /// valid only during the call) before they are decoded: a caller may compare other files with them without reading this one again.</param>
        public T WithChars<T>(Func<ReadOnlyMemory<char>, T> use, Action<byte[], int>? bytes = null)
        {
            if (_text != null || _open == null) return use(Text.AsMemory());
            char[]? rented = null;
            int length = 0;
            string? decoded = WithBytes((content, count) =>
            {
                bytes?.Invoke(content, count);
                return SourceText.TryDecodePooled(content, count, out rented, out length) ? null : SourceText.Decode(content, count);
            });
            if (decoded != null)
            {
                _text = decoded;
                return use(decoded.AsMemory());
            }
            try
            {
                return use(new ReadOnlyMemory<char>(rented!, 0, length));
            }
            finally
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rented!);
            }
        }

        /// <summary>The file's bytes in a pooled buffer (the first count of it), for the call only.</summary>
        private T WithBytes<T>(Func<byte[], int, T> use)
        {
            using var stream = _open!();
            long size = stream.Length;
            if (size > int.MaxValue) throw new IOException(Path + " is too large to read");
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Max(1, size));
            try
            {
                return use(buffer, Fill(stream, buffer, (int)size));
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>
        /// Whether two files hold the same content, compared in full: their bytes when both are read through a stream (their
        /// lengths first), else their text. Cheaper than hashing both: a gateway's export of megabytes against its pair's is two
        /// reads and a comparison, and one of another length is not read at all.
        /// </summary>
        public bool SameContent(StateFile other)
        {
            if (ReferenceEquals(this, other)) return true;
            if (_open == null || other._open == null || _text != null || other._text != null) return string.Equals(Text, other.Text, StringComparison.Ordinal);
            using var a = _open();
            using var b = other._open!();
            if (a.Length != b.Length) return false;
            const int Chunk = 1 << 16;
            var x = System.Buffers.ArrayPool<byte>.Shared.Rent(Chunk);
            var y = System.Buffers.ArrayPool<byte>.Shared.Rent(Chunk);
            try
            {
                while (true)
                {
                    int n = Fill(a, x, Chunk), m = Fill(b, y, Chunk);
                    if (n != m || !x.AsSpan(0, n).SequenceEqual(y.AsSpan(0, m))) return false;
                    if (n < Chunk) return true;
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(x);
                System.Buffers.ArrayPool<byte>.Shared.Return(y);
            }
        }

        /// <summary>
        /// Whether the file's bytes are exactly the first <paramref name="count"/> of <paramref name="bytes"/> (another file's, as
        /// <see cref="WithChars{T}"/> handed them over): its length first, then its content block by block. A file held only as
        /// text is never the same (the caller then compares it as it would without the bytes).
        /// </summary>
        public bool SameContent(byte[] bytes, int count)
        {
            if (_open == null || _text != null) return false;
            using var stream = _open();
            if (stream.Length != count) return false;
            const int Chunk = 1 << 16;
            var block = System.Buffers.ArrayPool<byte>.Shared.Rent(Chunk);
            try
            {
                for (int at = 0; ; at += Chunk)
                {
                    int want = Math.Min(Chunk, count - at);
                    int n = Fill(stream, block, want);
                    if (n != want || !block.AsSpan(0, n).SequenceEqual(bytes.AsSpan(at, n))) return false;
                    // The whole length read: the file is that long and no longer (a file that grew since is not the same).
                    if (at + n == count) return Fill(stream, block, 1) == 0;
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(block);
            }
        }

        /// <summary>Reads up to <paramref name="count"/> bytes, fewer only at the end of the stream.</summary>
        private static int Fill(Stream stream, byte[] buffer, int count)
        {
            int read = 0;
            while (read < count)
            {
                int n = stream.Read(buffer, read, count - read);
                if (n == 0) break;
                read += n;
            }
            return read;
        }

        /// <summary>
        /// The SHA-256 of the file's content in hex: of its bytes when it was given a way to hash them, else of its text in
        /// UTF-8 (the same for a file that is UTF-8, as exports are).
        /// </summary>
        public string Sha256 => _sha256 ??= _hash != null ? Hex(_hash()) : PolicyLang.Emit.PolicyBuilder.Sha256(Text);

        private static string Hex(byte[] bytes) => PolicyLang.Text.Sha256.Hex(bytes);

        /// <summary>Drops the text of a file that can be read again (after it was compared and nothing needs its positions).</summary>
        public void Release()
        {
            if (_load == null) return;
            _text = null;
            // The line index holds the text it was made for: dropped with it. Kept, it held every switch export of a run (verify
            // of the 100,000-line policy's 931 exports: 93 texts, 131 MB, and their line starts, 27 MB, by a heap dump 14 s in).
            _lineStarts = null;
            _lineStartsOf = null;
        }

        /// <summary>The span of line <paramref name="line"/> (1-based; 0 or out of range: the start of the file).</summary>
        public TextSpan Line(int line)
        {
            if (line <= 0) return new TextSpan(0, 0);
            var text = Text;
            // Where each line starts, found once per text: a verifier asks for the line of every entry it reads, and a
            // switch configuration has tens of thousands (walking from the top each time made it quadratic).
            var starts = _lineStarts;
            if (starts == null || !ReferenceEquals(_lineStartsOf, text))
            {
                var list = new List<int> { 0 };
                for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) list.Add(i + 1);
                starts = list.ToArray();
                _lineStarts = starts;
                _lineStartsOf = text;
            }
            if (line > starts.Length) return new TextSpan(0, 0);
            int start = starts[line - 1];
            int end = line < starts.Length ? starts[line] - 1 : text.Length;
            if (end > start && text[end - 1] == '\r') end--;
            return TextSpan.FromBounds(start, end);
        }

        private int[]? _lineStarts;
        private string? _lineStartsOf;
    }

    public enum DriftKind
    {
        /// <summary>The running state allows traffic the policy denies.</summary>
        Exposure,

        /// <summary>The policy allows traffic the running state drops.</summary>
        Outage,

        /// <summary>Allowed on both sides, but classified, marked or carried differently (DSCP, queue, VLAN, VNI, MTU).</summary>
        Treatment,

        /// <summary>The file cannot be read as the platform's export.</summary>
        Unreadable,
    }

    /// <summary>
    /// One difference between the running state and the policy: what kind, on which device and where on it (interface,
    /// chain, group), an example packet, and the running-state object that decides it (a line, a rule handle, a resource
    /// id) with its span in the state file.
    /// </summary>
    public sealed class DriftFinding(DriftKind kind, string device, string scope, string detail, string responsible, TextSpan span, Packet? witness = null,
        PacketSet? region = null)
    {
        public DriftKind Kind { get; } = kind;
        public string Device { get; } = device;

        /// <summary>Where on the device: "Ethernet1 IPv4 forward", "hook forward", "security group sg-…".</summary>
        public string Scope { get; } = scope;

        /// <summary>For exposure and outage the witness packet's text; for treatment the difference; for unreadable the reason.</summary>
        public string Detail { get; } = detail;

        /// <summary>"line 42: 30 permit tcp any any", "rule handle 17 in inet filter forward", "the chain's policy drop".</summary>
        public string Responsible { get; } = responsible;

        public TextSpan Span { get; } = span;
        public Packet? Witness { get; } = witness;

        /// <summary>For exposure and outage: the part of the difference this object decides (the witness lies in it).</summary>
        public PacketSet? Region { get; } = region;

        /// <summary>The file the span is in, when the verifier compared several; null: the device's only file.</summary>
        public StateFile? File { get; init; }

        /// <summary>
        /// Whether the responsible object is one re-applying the build leaves alone (another nftables table, a group or
        /// rule made in a console, another NetworkPolicy): such drift stays until someone removes the object.
        /// </summary>
        public bool Foreign { get; init; }

        public DriftFinding WithFile(StateFile? file, TextSpan span) =>
            new DriftFinding(Kind, Device, Scope, Detail, Responsible, span, Witness, Region) { File = file, Foreign = Foreign };

        /// <summary>The same finding on another device whose export is the same text (a gateway pair).</summary>
        public DriftFinding ForDevice(string device, StateFile file) =>
            new DriftFinding(Kind, device, Scope, Detail, Responsible, Span, Witness, Region) { File = File == null ? null : file, Foreign = Foreign };

        public DriftFinding AsForeign(bool foreign) =>
            new DriftFinding(Kind, Device, Scope, Detail, Responsible, Span, Witness, Region) { File = File, Foreign = foreign };
    }

    /// <summary>An export that is not what the reader expects, at a position of the file.</summary>
    public sealed class StateReadException(int offset, string message) : FormatException(message)
    {
        /// <summary>UTF-16 offset in the file (0 when unknown).</summary>
        public int Offset { get; } = offset;
    }
}
