using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace PolicyLang.LanguageServer
{
    /// <summary>
    /// Sits between stdin and the JSON-RPC handler. StreamJsonRpc treats some malformed messages (invalid JSON,
    /// params that are neither an object nor an array, a broken header) as fatal to the connection; an editor
    /// or a buggy client must never be able to end the session that way. This layer re-frames each message,
    /// drops what cannot be answered (logged to stderr), and turns a request with unusable params into a call
    /// of <see cref="InvalidParamsMethod"/>, which answers with an InvalidParams error for the same id.
    /// </summary>
    public sealed class MessageSanitizer
    {
        public const string InvalidParamsMethod = "$/policyls/invalidParams";

        /// <summary>Messages larger than this are skipped rather than buffered.</summary>
        public const int MaxContentLength = 256 * 1024 * 1024;

        private const int MaxHeaderBytes = 64 * 1024;

        private readonly Stream _input;
        private readonly Pipe _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));

        public MessageSanitizer(Stream input)
        {
            _input = input;
        }

        /// <summary>The cleaned, re-framed message stream.</summary>
        public Stream Output => _pipe.Reader.AsStream();

        public async Task RunAsync(CancellationToken cancellationToken = default)
        {
            var reader = new BufferedStream(_input, 64 * 1024);
            try
            {
                while (true)
                {
                    int? length = await ReadHeaderAsync(reader, cancellationToken).ConfigureAwait(false);
                    if (length == null) break; // end of input
                    if (length < 0 || length > MaxContentLength)
                    {
                        Log("skipping a message with an unusable Content-Length");
                        if (length > 0) await SkipAsync(reader, length.Value, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    var body = new byte[length.Value];
                    int read = 0;
                    while (read < body.Length)
                    {
                        int n = await reader.ReadAsync(body.AsMemory(read), cancellationToken).ConfigureAwait(false);
                        if (n == 0) break;
                        read += n;
                    }
                    if (read < body.Length) break; // truncated last message
                    var clean = Clean(body);
                    if (clean == null) continue;
                    var header = Encoding.ASCII.GetBytes("Content-Length: " + clean.Length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n");
                    await _pipe.Writer.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                    await _pipe.Writer.WriteAsync(clean, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException || e is OperationCanceledException || e is ObjectDisposedException)
            {
                Log("input ended: " + e.Message);
            }
            finally
            {
                await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
        }

        /// <summary>The message to pass on, or null to drop it.</summary>
        public static byte[]? Clean(byte[] body)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
            }
            catch (JsonException e)
            {
                Log("dropping a message that is not JSON: " + e.Message);
                return null;
            }
            if (node is not JsonObject message)
            {
                Log("dropping a message that is not a JSON object (batches are not supported by LSP)");
                return null;
            }
            var method = message["method"];
            var id = message["id"];
            bool hasMethod = method is JsonValue mv && mv.GetValueKind() == JsonValueKind.String;
            bool idOk = id == null || (id is JsonValue iv && (iv.GetValueKind() == JsonValueKind.String || iv.GetValueKind() == JsonValueKind.Number || iv.GetValueKind() == JsonValueKind.Null));
            if (!idOk)
            {
                Log("dropping a message whose id is neither a number nor a string");
                return null;
            }
            if (!hasMethod)
            {
                // A response to a request of ours (we send none that expect one) or garbage.
                if (message.ContainsKey("result") || message.ContainsKey("error")) return body;
                Log("dropping a message without a method");
                return null;
            }
            var parameters = message["params"];
            bool paramsOk = !message.ContainsKey("params") || parameters is JsonObject || parameters is JsonArray;
            if (paramsOk) return body;
            if (id == null)
            {
                Log("dropping notification '" + method!.GetValue<string>() + "' whose params are neither an object nor an array");
                return null;
            }
            var rewritten = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = id.DeepClone(),
                ["method"] = InvalidParamsMethod,
                ["params"] = new JsonObject { ["method"] = method!.GetValue<string>() },
            };
            return Encoding.UTF8.GetBytes(rewritten.ToJsonString());
        }

        /// <summary>Reads one header block; returns the Content-Length, -1 when it has none, null at end of input.</summary>
        private static async Task<int?> ReadHeaderAsync(Stream reader, CancellationToken cancellationToken)
        {
            var header = new StringBuilder();
            var one = new byte[1];
            while (true)
            {
                int n = await reader.ReadAsync(one.AsMemory(0, 1), cancellationToken).ConfigureAwait(false);
                if (n == 0) return null;
                header.Append((char)one[0]);
                if (header.Length > MaxHeaderBytes) return -1;
                int len = header.Length;
                if (len >= 4 && header[len - 4] == '\r' && header[len - 3] == '\n' && header[len - 2] == '\r' && header[len - 1] == '\n') break;
                if (len == 2 && header[0] == '\r' && header[1] == '\n') header.Clear(); // stray blank line between messages
            }
            foreach (var line in header.ToString().Split(new[] { "\r\n" }, StringSplitOptions.RemoveEmptyEntries))
            {
                int colon = line.IndexOf(':');
                if (colon <= 0) continue;
                if (!line.Substring(0, colon).Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
                return long.TryParse(line.Substring(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= int.MaxValue
                    ? (int)value
                    : -1;
            }
            return -1;
        }

        private static async Task SkipAsync(Stream reader, long count, CancellationToken cancellationToken)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                while (count > 0)
                {
                    int n = await reader.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
                    if (n == 0) return;
                    count -= n;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static void Log(string message) => Console.Error.WriteLine("policyls: " + message);
    }
}
