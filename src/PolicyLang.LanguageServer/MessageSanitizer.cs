using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using System.Threading.Tasks;

namespace PolicyLang.LanguageServer
{
    /// <summary>
    /// Sits between stdin and the JSON-RPC handler, so that no byte sequence from a client can end the session.
    /// StreamJsonRpc ends the connection on much that a buggy client can send (a broken header, a body that is not
    /// JSON, invalid UTF-8, an id that is not an integer, a lone surrogate in the method name, a response to a request
    /// it never sent, JSON nested deeper than 64, a <c>jsonrpc</c> member that is not a string, …). This layer:
    /// <list type="bullet">
    /// <item>finds each message's header itself, resynchronising on the next <c>Content-Length:</c> line after
    /// garbage, a header it cannot use (no length, <c>Content-Length: abc</c>, a length over
    /// <see cref="MaxContentLength"/>), a length too small (the body is not JSON: the bytes are scanned again for a
    /// header) or too large (a header line inside a body can never be JSON, so it ends the body early);</item>
    /// <item>re-writes every usable message as a canonical JSON-RPC 2.0 message (<c>"params": null</c> counts as no
    /// params), and drops, logged to stderr, what cannot be answered (responses, notifications it cannot pass on,
    /// requests whose id cannot be echoed);</item>
    /// <item>turns a request it cannot pass on into a call of <see cref="RejectMethod"/>, which answers with the given
    /// error for the same id: ParseError (-32700) for invalid UTF-8, InvalidRequest (-32600) without a usable method,
    /// InvalidParams (-32602) for params that are neither an object nor an array or nested too deeply.</item>
    /// </list>
    /// </summary>
    public sealed class MessageSanitizer
    {
        /// <summary>The internal method a rejected request is re-written to; its params are <c>{ code, message }</c>.</summary>
        public const string RejectMethod = "$/policyls/reject";

        /// <summary>Messages larger than this are skipped (their header is treated as broken) rather than buffered.</summary>
        public const int MaxContentLength = 256 * 1024 * 1024;

        /// <summary>StreamJsonRpc's reader refuses (fatally) messages nested deeper than this.</summary>
        public const int MaxDepth = 64;

        public const int ParseError = -32700;
        public const int InvalidRequest = -32600;
        public const int InvalidParams = -32602;

        private const int MaxHeaderBytes = 64 * 1024;

        /// <summary>How deep a message may be nested to still be parsed, for its id, when it is too deep to pass on.</summary>
        private const int DeepLimit = 100_000;
        private static readonly byte[] s_headerName = Encoding.ASCII.GetBytes("content-length");

        private readonly Stream _input;
        private readonly Pipe _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));

        // Unconsumed input is _buffer[_start.._end). Positions the parser keeps are relative to _start.
        private byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;
        private bool _eof;

        public MessageSanitizer(Stream input)
        {
            _input = input;
        }

        /// <summary>The cleaned, re-framed message stream.</summary>
        public Stream Output => _pipe.Reader.AsStream();

        public async Task RunAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                while (true)
                {
                    var message = await ReadMessageAsync(cancellationToken).ConfigureAwait(false);
                    if (message == null) break; // end of input
                    var header = Encoding.ASCII.GetBytes("Content-Length: " + message.Length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n");
                    await _pipe.Writer.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                    await _pipe.Writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException || e is OperationCanceledException || e is ObjectDisposedException)
            {
                Log("input ended: " + e.Message);
            }
            catch (Exception e)
            {
                // A bug here must not look like the end of input to the rest of the server without a trace.
                Log("the message reader failed: " + e);
            }
            finally
            {
                await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
        }

        /// <summary>The next message to pass on (already cleaned), or null at the end of input.</summary>
        private async Task<byte[]?> ReadMessageAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                // 1. Find a Content-Length header line; everything before it is skipped.
                int name = FindHeaderName(0, out int scanned);
                if (name < 0)
                {
                    Consume(scanned, skipped: true);
                    if (!await FillAsync(cancellationToken).ConfigureAwait(false)) return null;
                    continue;
                }
                Consume(name, skipped: true);
                var header = ParseHeader(out long length, out int bodyStart, out int resumeAt, out string? problem);
                if (header == HeaderResult.NeedMore)
                {
                    if (!await FillAsync(cancellationToken).ConfigureAwait(false)) return null;
                    continue;
                }
                if (header == HeaderResult.Broken)
                {
                    Log("skipping a broken header (" + problem + ")");
                    Consume(resumeAt);
                    continue;
                }

                // 2. The body. A header line inside it means the length was too large: the body ends there.
                int scanFrom = bodyStart;
                bool restart = false;
                while (Available - bodyStart < length)
                {
                    int embedded = FindEmbeddedHeader(scanFrom, out scanFrom);
                    if (embedded >= 0)
                    {
                        Log("a message was shorter than its Content-Length (" + length.ToString(CultureInfo.InvariantCulture) + "): skipping it, at the next header");
                        Consume(embedded);
                        restart = true;
                        break;
                    }
                    if (!await FillAsync(cancellationToken).ConfigureAwait(false)) return null; // truncated last message
                }
                if (restart) continue;

                // 3. A body that is not JSON (a length too small, garbage) is scanned again for a header.
                // Clean copies what it passes on: the buffer is reused.
                CleanResult result;
                byte[]? clean;
                try
                {
                    result = Clean(_buffer.AsMemory(_start + bodyStart, (int)length), out clean);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A bug in the cleaning of one message must cost that message only, not the session.
                    Log("dropping a message that could not be cleaned: " + e);
                    result = CleanResult.Drop;
                    clean = null;
                }
                if (result == CleanResult.NotJson)
                {
                    Consume(bodyStart);
                    continue;
                }
                Consume(bodyStart + (int)length);
                if (result == CleanResult.Forward) return clean;
            }
        }

        // ---- input buffer ----

        private int Available => _end - _start;

        private byte At(int relative) => _buffer[_start + relative];

        /// <summary>Consumes input; logs it when <paramref name="skipped"/> and it is more than blank lines and other headers.</summary>
        private void Consume(int count, bool skipped = false)
        {
            if (count <= 0) return;
            if (skipped && !IsBlankOrHeaderLines(_start, count)) Log("skipping " + count.ToString(CultureInfo.InvariantCulture) + " bytes that are not part of a message");
            _start += count;
        }

        /// <summary>Reads more input, keeping what is unconsumed; false at the end of input.</summary>
        private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_eof) return false;
            if (_start > 0 && (_end == _buffer.Length || _start >= _buffer.Length / 2))
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, Available);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                var larger = new byte[checked(_buffer.Length * 2)];
                Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
                _buffer = larger;
            }
            int n = await _input.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                _eof = true;
                return false;
            }
            _end += n;
            return true;
        }

        private bool IsBlankOrHeaderLines(int absoluteStart, int count)
        {
            bool colonOnLine = false, lineHasText = false;
            for (int i = absoluteStart; i < absoluteStart + count; i++)
            {
                byte b = _buffer[i];
                if (b == (byte)'\n')
                {
                    if (lineHasText && !colonOnLine) return false;
                    colonOnLine = lineHasText = false;
                }
                else if (b == (byte)'\r' || b == (byte)' ' || b == (byte)'\t') { }
                else if (b < 0x20 || b >= 0x7f) return false;
                else
                {
                    lineHasText = true;
                    if (b == (byte)':') colonOnLine = true;
                }
            }
            return !lineHasText || colonOnLine;
        }

        // ---- header scanning ----

        private enum HeaderResult { Ok, NeedMore, Broken }

        /// <summary>
        /// The position of the next "Content-Length" (any case) at or after <paramref name="from"/>, or -1; then
        /// <paramref name="scanned"/> is how many bytes from the start can be dropped (a partial name at the end is kept).
        /// </summary>
        private int FindHeaderName(int from, out int scanned)
        {
            int available = Available;
            for (int i = from; i < available; i++)
            {
                int matched = MatchName(i);
                if (matched == s_headerName.Length)
                {
                    scanned = i;
                    return i;
                }
                if (i + matched == available)
                {
                    scanned = i; // a prefix of the name runs to the end: keep it
                    return -1;
                }
            }
            scanned = available;
            return -1;
        }

        /// <summary>How many bytes of "content-length" (any case) match at the position.</summary>
        private int MatchName(int position)
        {
            int available = Available;
            int n = 0;
            while (n < s_headerName.Length && position + n < available && ToLower(At(position + n)) == s_headerName[n]) n++;
            return n;
        }

        private static byte ToLower(byte b) => b >= (byte)'A' && b <= (byte)'Z' ? (byte)(b + 32) : b;

        /// <summary>
        /// Parses the header block starting with the Content-Length name at position 0: <c>Content-Length: digits</c>,
        /// then other header lines up to an empty line (lines may end in CRLF or LF).
        /// </summary>
        private HeaderResult ParseHeader(out long length, out int bodyStart, out int resumeAt, out string? problem)
        {
            length = 0;
            bodyStart = 0;
            resumeAt = 1;
            problem = null;
            int available = Available;
            int p = s_headerName.Length;
            var first = MatchLengthLine(ref p, out length);
            if (first == HeaderResult.NeedMore)
            {
                if (available > MaxHeaderBytes)
                {
                    problem = "a header line longer than " + MaxHeaderBytes.ToString(CultureInfo.InvariantCulture) + " bytes";
                    return HeaderResult.Broken;
                }
                return HeaderResult.NeedMore;
            }
            if (first == HeaderResult.Broken)
            {
                problem = "Content-Length is not a number";
                return HeaderResult.Broken;
            }
            while (true)
            {
                int lineStart = p;
                int newline = -1;
                for (int i = p; i < available; i++)
                {
                    if (At(i) == (byte)'\n')
                    {
                        newline = i;
                        break;
                    }
                }
                if (newline < 0)
                {
                    if (available > MaxHeaderBytes)
                    {
                        problem = "a header longer than " + MaxHeaderBytes.ToString(CultureInfo.InvariantCulture) + " bytes";
                        return HeaderResult.Broken;
                    }
                    return HeaderResult.NeedMore;
                }
                int lineEnd = newline > lineStart && At(newline - 1) == (byte)'\r' ? newline - 1 : newline;
                if (lineEnd == lineStart)
                {
                    bodyStart = newline + 1;
                    break;
                }
                if (!IsHeaderLine(lineStart, lineEnd))
                {
                    // Resume at this line: it may hold the next message's header (after a partial one).
                    problem = "a header line that is not 'Name: value'";
                    resumeAt = lineStart;
                    return HeaderResult.Broken;
                }
                p = newline + 1;
                if (p > MaxHeaderBytes)
                {
                    problem = "a header longer than " + MaxHeaderBytes.ToString(CultureInfo.InvariantCulture) + " bytes";
                    return HeaderResult.Broken;
                }
            }
            if (length > MaxContentLength)
            {
                problem = "Content-Length " + length.ToString(CultureInfo.InvariantCulture) + " is over the limit of " + MaxContentLength.ToString(CultureInfo.InvariantCulture);
                return HeaderResult.Broken;
            }
            return HeaderResult.Ok;
        }

        /// <summary>After the name: <c>[ \t]* ':' [ \t]* digits [ \t]* (CRLF | LF)</c>; advances past the line.</summary>
        private HeaderResult MatchLengthLine(ref int p, out long value)
        {
            value = 0;
            int available = Available;
            while (p < available && IsBlank(At(p))) p++;
            if (p >= available) return HeaderResult.NeedMore;
            if (At(p) != (byte)':') return HeaderResult.Broken;
            p++;
            while (p < available && IsBlank(At(p))) p++;
            if (p >= available) return HeaderResult.NeedMore;
            int digits = 0;
            while (p < available && At(p) >= (byte)'0' && At(p) <= (byte)'9')
            {
                if (value <= int.MaxValue) value = value * 10 + (At(p) - '0'); // saturates above the limit
                p++;
                digits++;
            }
            if (p >= available) return HeaderResult.NeedMore;
            if (digits == 0) return HeaderResult.Broken;
            while (p < available && IsBlank(At(p))) p++;
            if (p >= available) return HeaderResult.NeedMore;
            if (At(p) == (byte)'\n')
            {
                p++;
                return HeaderResult.Ok;
            }
            if (At(p) != (byte)'\r') return HeaderResult.Broken;
            if (p + 1 >= available) return HeaderResult.NeedMore;
            if (At(p + 1) != (byte)'\n') return HeaderResult.Broken;
            p += 2;
            return HeaderResult.Ok;
        }

        private static bool IsBlank(byte b) => b == (byte)' ' || b == (byte)'\t';

        /// <summary>A header line other than the first: <c>Name: value</c>, printable, and not a second Content-Length.</summary>
        private bool IsHeaderLine(int start, int end)
        {
            int colon = -1;
            for (int i = start; i < end; i++)
            {
                byte b = At(i);
                if (b < 0x20 && b != (byte)'\t') return false;
                if (b == (byte)':' && colon < 0) colon = i;
                if (MatchName(i) == s_headerName.Length) return false;
            }
            return colon > start;
        }

        /// <summary>
        /// The position of a Content-Length header line (<c>Content-Length: digits</c> up to the line break) at or after
        /// <paramref name="from"/>, or -1; <paramref name="next"/> is where to continue once more input has arrived.
        /// Such a line can never occur in JSON (the name would be in a string, and a raw line break cannot), so inside a
        /// body it means the body was cut short and the next message has begun.
        /// </summary>
        private int FindEmbeddedHeader(int from, out int next)
        {
            int available = Available;
            for (int i = from; i < available; i++)
            {
                int matched = MatchName(i);
                if (matched < s_headerName.Length)
                {
                    if (i + matched == available)
                    {
                        next = i;
                        return -1;
                    }
                    continue;
                }
                int p = i + matched;
                var line = MatchLengthLine(ref p, out _);
                if (line == HeaderResult.Ok)
                {
                    next = i;
                    return i;
                }
                if (line == HeaderResult.NeedMore)
                {
                    next = i;
                    return -1;
                }
            }
            next = available;
            return -1;
        }

        // ---- message cleaning ----

        public enum CleanResult
        {
            /// <summary>Pass on the cleaned message.</summary>
            Forward,
            /// <summary>Nothing to pass on (logged).</summary>
            Drop,
            /// <summary>The body is not JSON: scan it again for a header.</summary>
            NotJson,
        }

        /// <summary>Decides what to do with a body, and writes the canonical message to pass on.</summary>
        public static CleanResult Clean(ReadOnlyMemory<byte> body, out byte[]? message)
        {
            message = null;
            if (body.Span.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) body = body.Slice(3); // a UTF-8 byte order mark
            // JsonDocument does not check UTF-8 inside strings; StreamJsonRpc fails on it later, fatally.
            bool utf8 = Utf8.IsValid(body.Span);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
            }
            catch (JsonException e)
            {
                if (!IsTooDeep(body.Span))
                {
                    Log("dropping a message that is not JSON: " + e.Message);
                    return CleanResult.NotJson;
                }
                using var deep = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = DeepLimit });
                return RejectOrDrop(deep.RootElement, InvalidParams, "the message is nested more than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels deep", out message);
            }
            using (document)
            {
                var root = document.RootElement;
                if (!utf8) return RejectOrDrop(root, ParseError, "the message is not valid UTF-8", out message);
                if (root.ValueKind != JsonValueKind.Object)
                {
                    Log("dropping a message that is not a JSON object (batches are not supported by LSP)");
                    return CleanResult.Drop;
                }
                JsonElement? id = null, method = null, parameters = null;
                bool isResponse = false;
                foreach (var property in root.EnumerateObject())
                {
                    // Duplicate members: the last one counts, as in JavaScript's JSON.parse.
                    if (property.NameEquals("id")) id = property.Value;
                    else if (property.NameEquals("method")) method = property.Value;
                    else if (property.NameEquals("params")) parameters = property.Value;
                    else if (property.NameEquals("result") || property.NameEquals("error")) isResponse = true;
                }
                if (method == null && isResponse)
                {
                    Log("dropping a response: the server sends no requests");
                    return CleanResult.Drop;
                }
                if (method == null || method.Value.ValueKind != JsonValueKind.String || !TryGetString(method.Value, out var name))
                    return RejectOrDrop(root, InvalidRequest, "a request needs a method name (a string)", out message);
                object? requestId = null;
                if (id != null && id.Value.ValueKind != JsonValueKind.Null)
                {
                    if (!TryGetId(id.Value, out requestId))
                    {
                        Log("dropping '" + name + "': its id is neither an integer nor a string");
                        return CleanResult.Drop;
                    }
                }
                else if (id != null)
                {
                    Log("'" + name + "' has the id null: handled as a notification");
                }
                if (parameters != null && parameters.Value.ValueKind != JsonValueKind.Null
                    && parameters.Value.ValueKind != JsonValueKind.Object && parameters.Value.ValueKind != JsonValueKind.Array)
                {
                    if (requestId == null)
                    {
                        Log("dropping notification '" + name + "' whose params are neither an object nor an array");
                        return CleanResult.Drop;
                    }
                    message = Canonical(requestId, RejectMethod, w => WriteError(w, InvalidParams, "invalid params for '" + name + "': expected an object"));
                    return CleanResult.Forward;
                }
                var raw = parameters is { ValueKind: JsonValueKind.Object or JsonValueKind.Array } p ? p : (JsonElement?)null;
                message = Canonical(requestId, name, raw == null ? null : w => w.WriteRawValue(JsonMarshal.GetRawUtf8Value(raw.Value), skipInputValidation: true));
                return CleanResult.Forward;
            }
        }

        /// <summary>For a request with an id that can be echoed: a call of <see cref="RejectMethod"/>; otherwise nothing.</summary>
        private static CleanResult RejectOrDrop(JsonElement root, int code, string reason, out byte[]? message)
        {
            message = null;
            if (root.ValueKind == JsonValueKind.Object)
            {
                JsonElement? id = null;
                foreach (var property in root.EnumerateObject())
                    if (property.NameEquals("id")) id = property.Value;
                if (id != null && TryGetId(id.Value, out var requestId))
                {
                    Log("answering a request with error " + code.ToString(CultureInfo.InvariantCulture) + ": " + reason);
                    message = Canonical(requestId, RejectMethod, w => WriteError(w, code, reason));
                    return CleanResult.Forward;
                }
            }
            Log("dropping a message that cannot be answered: " + reason);
            return CleanResult.Drop;
        }

        private static void WriteError(Utf8JsonWriter writer, int code, string reason)
        {
            writer.WriteStartObject();
            writer.WriteNumber("code", code);
            writer.WriteString("message", reason);
            writer.WriteEndObject();
        }

        private static byte[] Canonical(object? id, string method, Action<Utf8JsonWriter>? writeParams)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("jsonrpc", "2.0");
                if (id is long number) writer.WriteNumber("id", number);
                else if (id is string text) writer.WriteString("id", text);
                writer.WriteString("method", method);
                if (writeParams != null)
                {
                    writer.WritePropertyName("params");
                    writeParams(writer);
                }
                writer.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }

        /// <summary>An id StreamJsonRpc can echo: an integer that fits in a long, or a string of valid UTF-16.</summary>
        private static bool TryGetId(JsonElement element, out object? id)
        {
            id = null;
            if (element.ValueKind == JsonValueKind.Number)
            {
                if (element.TryGetInt64(out var value))
                {
                    id = value;
                    return true;
                }
                if (element.TryGetDecimal(out var d) && d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue)
                {
                    id = (long)d;
                    return true;
                }
                return false;
            }
            if (element.ValueKind == JsonValueKind.String && TryGetString(element, out var s))
            {
                id = s;
                return true;
            }
            return false;
        }

        /// <summary>The string, unless it holds invalid UTF-8 or an escaped lone surrogate.</summary>
        private static bool TryGetString(JsonElement element, out string value)
        {
            try
            {
                value = element.GetString() ?? "";
                if (!HasLoneSurrogate(value)) return true;
            }
            catch (InvalidOperationException)
            {
            }
            value = "";
            return false;
        }

        private static bool HasLoneSurrogate(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
                else if (char.IsSurrogate(s[i])) return true;
            }
            return false;
        }

        /// <summary>Whether the body is JSON that only fails for being nested deeper than <see cref="MaxDepth"/>.</summary>
        private static bool IsTooDeep(ReadOnlySpan<byte> body)
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = DeepLimit });
            try
            {
                while (reader.Read()) { }
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static void Log(string message) => Console.Error.WriteLine("policyls: " + message);
    }
}
