using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using static PolicyLang.LanguageServer.Tests.TempWorkspace;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>
    /// Whatever bytes arrive on stdin, <c>policyls</c> keeps serving: broken frames are skipped up to the next
    /// <c>Content-Length:</c> header, messages it cannot pass on are answered with an error or dropped, and the next
    /// valid request is answered. Everything here is sent as raw bytes.
    /// </summary>
    public sealed class FramingTests
    {
        private readonly ITestOutputHelper _output;

        public FramingTests(ITestOutputHelper output)
        {
            _output = output;
        }

        private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

        private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

        private static JsonObject HoverMessage(int id, string uri, int line = 5, int character = 8) => new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "textDocument/hover",
            ["params"] = PositionParams(uri, line, character),
        };

        /// <summary>A valid hover request on the open document: it must be answered with the hover of zone training.</summary>
        private static async Task AssertStillServingAsync(LspClient client, TempWorkspace ws)
        {
            var hover = await client.RequestAsync("textDocument/hover", PositionParams(ws.MainUri, 5, 8));
            Assert.False(hover.ContainsKey("error"), hover.ToJsonString());
            Assert.Contains("zone training", (string?)hover["result"]!["contents"]!["value"]);
            Assert.False(client.HasExited);
        }

        [Fact]
        public async Task Invalid_UTF8_in_a_request_string_gets_a_parse_error_for_its_id_and_the_server_keeps_serving()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, Main);

            // 0xFF can never occur in UTF-8; StreamJsonRpc used to end the process on it ("Cannot transcode invalid UTF-8").
            foreach (var bad in new[] { new byte[] { 0xFF }, new byte[] { 0xC3, 0x28 }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xC0, 0xAF } })
            {
                int id = client.NextId();
                var body = Concat(Ascii("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\"file:///x"),
                    bad, Ascii(".netpolicy\"},\"position\":{\"line\":0,\"character\":0}}}"));
                var answer = client.Expect(id, "a parse error");
                await client.SendRawAsync(body);
                var error = (await answer)["error"]!;
                Assert.Equal(-32700, (int)error["code"]!); // ParseError
                Assert.Contains("UTF-8", (string?)error["message"]);
            }

            // In the method name and in the jsonrpc member too.
            int methodId = client.NextId();
            var inMethod = client.Expect(methodId, "a parse error");
            await client.SendRawAsync(Concat(Ascii("{\"jsonrpc\":\"2.0\",\"id\":" + methodId + ",\"method\":\"textDocument/ho"), new byte[] { 0xFF }, Ascii("ver\",\"params\":{}}")));
            Assert.Equal(-32700, (int)(await inMethod)["error"]!["code"]!);

            // An id that cannot be echoed, and a notification: nothing to answer, dropped.
            await client.SendRawAsync(Concat(Ascii("{\"jsonrpc\":\"2.0\",\"id\":\"a"), new byte[] { 0xFF }, Ascii("\",\"method\":\"textDocument/hover\",\"params\":{}}")));
            await client.SendRawAsync(Concat(Ascii("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"" + ws.MainUri + "\",\"version\":2},\"contentChanges\":[{\"text\":\"zone "),
                new byte[] { 0xFF }, Ascii("\"}]}}")));

            // The dropped didChange did not replace the document: hover still finds the flow's zone.
            await AssertStillServingAsync(client, ws);
            Assert.Contains("not valid UTF-8", client.Stderr);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        private const string ShutdownBody = "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"shutdown\"}";
        private const string ExitBody = "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}";

        /// <summary>Broken frames; several carry a shutdown or exit that would show if the server ever obeyed them.</summary>
        public static IEnumerable<object[]> BrokenFrames() => new[]
        {
            new object[] { "non-numeric length", Ascii("Content-Length: abc\r\n\r\n" + ShutdownBody) },
            new object[] { "negative length", Ascii("Content-Length: -" + ExitBody.Length + "\r\n\r\n" + ExitBody) },
            new object[] { "empty length", Ascii("Content-Length: \r\n\r\n" + ExitBody) },
            new object[] { "hexadecimal length", Ascii("Content-Length: 0x" + ExitBody.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n\r\n" + ExitBody) },
            new object[] { "missing Content-Length", Ascii("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + ExitBody) },
            new object[] { "no header at all", Ascii(ExitBody) },
            new object[] { "length too small", Ascii("Content-Length: " + (ShutdownBody.Length - 1) + "\r\n\r\n" + ShutdownBody) },
            new object[] { "length far too small", Ascii("Content-Length: 3\r\n\r\n" + ShutdownBody) },
            new object[] { "length too large", Ascii("Content-Length: " + (ShutdownBody.Length + 1) + "\r\n\r\n" + ShutdownBody) },
            new object[] { "length far too large", Ascii("Content-Length: 5000\r\n\r\n" + ShutdownBody) },
            new object[] { "length over the limit", Ascii("Content-Length: 99999999999999\r\n\r\n" + ExitBody) },
            new object[] { "zero length", Ascii("Content-Length: 0\r\n\r\n") },
            new object[] { "a header without a body", Ascii("Content-Length: 30\r\n\r\n") },
            new object[] { "a header line without a colon", Ascii("Content-Length: " + ExitBody.Length + "\r\nnonsense\r\n\r\n" + ExitBody) },
            new object[] { "two Content-Length lines", Ascii("Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}") },
            new object[] { "a header cut off", Ascii("Content-Length: 12") },
            new object[] { "a header name cut off", Ascii("Content-Le") },
            new object[] { "binary garbage", new byte[] { 0, 1, 2, 0xFF, 0xFE, 13, 10, 13, 10, 0x7B, 0x22, 0x80, 0 } },
        };

        [Fact]
        public async Task After_each_broken_frame_the_next_valid_requests_are_answered()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, Main);
            foreach (var frame in BrokenFrames())
            {
                var (what, bytes) = ((string)frame[0], (byte[])frame[1]);
                await client.SendBytesAsync(bytes);
                try
                {
                    // The next request follows at once: for a length too large, the server must not wait for the rest of
                    // the body. A second one shows a resync that ate the first request's neighbour.
                    await AssertStillServingAsync(client, ws);
                    await AssertStillServingAsync(client, ws);
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException("after the broken frame '" + what + "': " + e.Message);
                }
            }
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task A_frame_split_into_single_bytes_and_a_header_in_bare_LF_are_read()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, Main);
            int id = client.NextId();
            var answer = client.Expect(id, "a hover sent byte by byte");
            foreach (var b in LspClient.Frame(HoverMessage(id, ws.MainUri)))
                await client.SendBytesAsync(new[] { b });
            Assert.Contains("zone training", (string?)(await answer)["result"]!["contents"]!["value"]);

            int lf = client.NextId();
            var lfAnswer = client.Expect(lf, "a hover with LF line ends in its header");
            var body = Encoding.UTF8.GetBytes(HoverMessage(lf, ws.MainUri).ToJsonString());
            await client.SendBytesAsync(Concat(Ascii("Content-Length: " + body.Length + "\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n"), body));
            Assert.Contains("zone training", (string?)(await lfAnswer)["result"]!["contents"]!["value"]);
            Assert.Equal(0, await ShutdownAsync(client));
        }

        /// <summary>JSON that StreamJsonRpc used to treat as fatal to the connection, and what the server now answers.</summary>
        public static IEnumerable<object?[]> FatalBeforeMessages() => new[]
        {
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"textDocument/hover\",\"params\":{}}", null },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234567890,\"method\":\"textDocument/hover\",\"params\":{}}", null },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":1e400,\"method\":\"textDocument/hover\",\"params\":{}}", null },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":\"\\ud800\",\"method\":\"textDocument/hover\",\"params\":{}}", null },
            new object?[] { "{\"jsonrpc\":5,\"id\":-7,\"method\":\"textDocument/hover\",\"params\":{}}", "result" },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"\\ud800\",\"params\":{}}", "-32600" },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":5}", "-32600" },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":-7}", "-32600" },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"textDocument/hover\",\"method\":\"textDocument/hover\",\"params\":{}}", "result" },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":-8,\"id\":-7,\"method\":\"textDocument/hover\",\"params\":{}}", "result" },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":1}", null },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":1}", null },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":\"x\"}}", null },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":1,\"message\":\"m\"}}", null },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"textDocument/hover\",\"params\":{\"a\":" + new string('[', 70) + new string(']', 70) + "}}", "-32602" },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"textDocument/hover\",\"params\":{\"a\":" + new string('[', 62) + new string(']', 62) + "}}", "result" }, // depth 64: the limit
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"textDocument/hover\",\"params\":{\"a\":" + new string('[', 63) + new string(']', 63) + "}}", "-32602" },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"textDocument/hover\",\"params\":\"garbage\"}", "-32602" },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"textDocument/hover\",\"params\":5}", "-32602" },
            new object?[] { "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"textDocument/hover\",\"params\":{}}", null },
            new object?[] { "[{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"textDocument/hover\",\"params\":{}}]", null },
        };

        [Fact]
        public async Task Messages_that_used_to_end_the_connection_are_answered_or_dropped()
        {
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, Main);
            foreach (var row in FatalBeforeMessages())
            {
                var (json, expected) = ((string)row[0]!, (string?)row[1]);
                try
                {
                    // Where an answer is due, it is for id -7 (an id the client never uses itself).
                    var answer = expected == null ? null : client.Expect(-7, "an answer");
                    await client.SendRawAsync(Encoding.UTF8.GetBytes(json));
                    await AssertStillServingAsync(client, ws);
                    if (answer != null)
                    {
                        var message = await answer;
                        if (expected == "result") Assert.False(message.ContainsKey("error"), message.ToJsonString());
                        else Assert.Equal(int.Parse(expected!, CultureInfo.InvariantCulture), (int?)message["error"]?["code"]);
                    }
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException("after " + json + ": " + e.Message);
                }
            }
            Assert.Equal(0, await ShutdownAsync(client));
        }

        [Fact]
        public async Task Shutdown_and_exit_with_null_params_end_the_process_with_0()
        {
            await using var client = await StartInitializedAsync();
            // initialized with null params is not refused either.
            await client.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "initialized", ["params"] = null });
            int id = client.NextId();
            var response = await client.SendAndWaitAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "shutdown", ["params"] = null }, id);
            Assert.False(response.ContainsKey("error"), response.ToJsonString());
            Assert.True(response.ContainsKey("result"));
            Assert.Null(response["result"]);
            await client.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "exit", ["params"] = null });
            Assert.Equal(0, await client.WaitForExitAsync());
        }

        [Fact]
        public async Task Exit_with_null_params_without_shutdown_ends_the_process_with_1()
        {
            await using var client = await StartInitializedAsync();
            await client.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "exit", ["params"] = null });
            Assert.Equal(1, await client.WaitForExitAsync());
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("[]")]
        public async Task Shutdown_and_exit_with_empty_params_work_too(string parameters)
        {
            await using var client = await StartInitializedAsync();
            int id = client.NextId();
            var answer = client.Expect(id, "shutdown");
            await client.SendRawAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"shutdown\",\"params\":" + parameters + "}"));
            Assert.False((await answer).ContainsKey("error"));
            await client.SendRawAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"exit\",\"params\":" + parameters + "}"));
            Assert.Equal(0, await client.WaitForExitAsync());
        }

        /// <summary>
        /// Seeded random garbage between valid requests, for a few seconds: random bytes, broken and partial headers,
        /// fragments of JSON, malformed frames of every kind, odd envelopes, frames split over several writes. After each
        /// chunk a valid request must be answered (a resync on its header is always possible: a Content-Length header line
        /// can never occur inside JSON), answers owed to the chunk itself must be the right errors, and the process never
        /// exits. <c>POLICYLS_FUZZ_SEED</c> and <c>POLICYLS_FUZZ_SECONDS</c> override the seed and the duration.
        /// </summary>
        [Fact]
        public async Task Framing_fuzz_random_bytes_between_valid_requests_never_end_the_session()
        {
            int seed = int.TryParse(Environment.GetEnvironmentVariable("POLICYLS_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 7919;
            double seconds = double.TryParse(Environment.GetEnvironmentVariable("POLICYLS_FUZZ_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 4;
            var rng = new Random(seed);
            using var ws = new TempWorkspace();
            await using var client = await StartInitializedAsync();
            await OpenAsync(client, ws.MainUri, Main);
            var watch = Stopwatch.StartNew();
            int chunks = 0, bytes = 0, answeredErrors = 0;
            var recent = new Queue<string>();
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                var chunk = FuzzChunk(rng, client, ws.MainUri, out var owed);
                recent.Enqueue(Malformed.Printable(Encoding.Latin1.GetString(chunk.Take(200).ToArray())));
                if (recent.Count > 10) recent.Dequeue();
                await SendInPiecesAsync(client, chunk, rng);
                chunks++;
                bytes += chunk.Length;

                int id = client.NextId();
                var valid = client.Expect(id, "an answer to the valid request after chunk " + chunks);
                await SendInPiecesAsync(client, LspClient.Frame(HoverMessage(id, ws.MainUri)), rng);
                JsonObject answer;
                try
                {
                    answer = await valid;
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException("seed " + seed + ", chunk " + chunks + ": the valid request after it was not answered (" + e.Message + ")\nlast chunks:\n  "
                        + string.Join("\n  ", recent) + "\nexited: " + client.HasExited);
                }
                Assert.True(answer["result"] is JsonObject, "seed " + seed + ", chunk " + chunks + ": " + answer.ToJsonString() + "\nlast chunks:\n  " + string.Join("\n  ", recent));
                foreach (var (owedAnswer, code) in owed)
                {
                    var error = await owedAnswer;
                    Assert.Equal(code, (int?)error["error"]?["code"]);
                    answeredErrors++;
                }
                Assert.False(client.HasExited);
            }
            _output.WriteLine(FormattableString.Invariant($"seed {seed}: {chunks} garbage chunks ({bytes} bytes), each followed by a valid request that was answered; {answeredErrors} error answers owed by chunks; {watch.Elapsed.TotalSeconds:0.0} s"));
            Assert.Equal(0, await ShutdownAsync(client));
        }

        /// <summary>Writes bytes in one to four pieces, sometimes with a short pause, as a pipe may deliver them.</summary>
        private static async Task SendInPiecesAsync(LspClient client, byte[] bytes, Random rng)
        {
            int pieces = rng.Next(4) == 0 ? 1 + rng.Next(4) : 1;
            int offset = 0;
            for (int i = 0; i < pieces && offset < bytes.Length; i++)
            {
                int length = i == pieces - 1 ? bytes.Length - offset : rng.Next(bytes.Length - offset + 1);
                await client.SendBytesAsync(bytes.AsSpan(offset, length).ToArray());
                offset += length;
                if (rng.Next(8) == 0) await Task.Delay(1 + rng.Next(5));
            }
            if (offset < bytes.Length) await client.SendBytesAsync(bytes.AsSpan(offset).ToArray());
        }

        private static readonly string[] s_fragments =
        {
            "Content-Length", "content-length", "CONTENT-LENGTH", ":", ": ", " ", "\t", "\r\n", "\n", "\r", "\r\n\r\n", "0", "7", "42", "65536", "-1", "abc",
            "Content-Type: application/vscode-jsonrpc; charset=utf-8", "{", "}", "[", "]", "\"", ",", "\"jsonrpc\":\"2.0\"", "\"id\":", "1", "\"x\"",
            "\"method\":\"textDocument/hover\"", "\"method\":", "\"params\":", "null", "true", "{\"textDocument\":{\"uri\":\"file:///x.netpolicy\"}}", "\\ud800",
            "\\u0000", "\\", "\u00e9", "\U0001F600", "\0",
        };

        /// <summary>One chunk of garbage; <paramref name="owed"/> lists requests in it the server must answer, with the error code.</summary>
        private static byte[] FuzzChunk(Random rng, LspClient client, string uri, out List<(Task<JsonObject> Answer, int Code)> owed)
        {
            owed = new List<(Task<JsonObject>, int)>();
            switch (rng.Next(5))
            {
                case 0:
                    return Malformed.RandomBytes(rng, 1 + rng.Next(rng.Next(4) == 0 ? 4000 : 100));
                case 1:
                {
                    var sb = new StringBuilder();
                    int n = 1 + rng.Next(12);
                    for (int i = 0; i < n; i++) sb.Append(s_fragments[rng.Next(s_fragments.Length)]);
                    var chunk = Encoding.UTF8.GetBytes(sb.ToString());
                    if (rng.Next(4) == 0) chunk = chunk.Concat(new[] { (byte)(0x80 + rng.Next(0x80)) }).ToArray();
                    return chunk;
                }
                case 2:
                {
                    var kind = Malformed.All[rng.Next(Malformed.All.Length)];
                    var chunk = Malformed.Create(kind, rng, uri, 1, client.NextId, out var answeredId, out var code);
                    // Registered before the chunk is sent: the answer may come at once.
                    if (answeredId != null && code != null) owed.Add((client.Expect(answeredId.Value, "the error owed for a " + kind), code.Value));
                    return chunk;
                }
                case 3:
                {
                    // A well-framed odd envelope (ids the client never uses, so answers are ignored).
                    string[] ids = { "1.5", "1e400", "123456789012345678901234567890", "\"\\ud800\"", "null", "true", "{}", "-3", "\"s\"" };
                    string[] methods = { "\"textDocument/hover\"", "\"\\ud800\"", "5", "null", "\"\"", "\"$/policyls/reject\"", "\"textDocument/teleport\"" };
                    string[] parameters = { "{}", "[]", "null", "5", "\"p\"", "{\"textDocument\":{\"uri\":\"" + uri + "\"},\"position\":{\"line\":-1,\"character\":1e9}}", "{\"a\":" + new string('[', 80) + new string(']', 80) + "}" };
                    string[] extras = { "", ",\"result\":1", ",\"error\":5", ",\"jsonrpc\":7", ",\"id\":-2", ",\"method\":\"x\"" };
                    var members = new List<string> { "\"jsonrpc\":\"2.0\"" };
                    if (rng.Next(5) > 0) members.Add("\"id\":" + ids[rng.Next(ids.Length)]);
                    if (rng.Next(5) > 0) members.Add("\"method\":" + methods[rng.Next(methods.Length)]);
                    if (rng.Next(3) > 0) members.Add("\"params\":" + parameters[rng.Next(parameters.Length)]);
                    var json = "{" + string.Join(",", members.OrderBy(_ => rng.Next())) + extras[rng.Next(extras.Length)] + "}";
                    return LspClient.Frame(Encoding.UTF8.GetBytes(json));
                }
                default:
                {
                    // A broken header in front of a real message of ours, which is then lost or answered.
                    var body = Encoding.UTF8.GetBytes(HoverMessage(-1, uri).ToJsonString());
                    string length = rng.Next(4) switch
                    {
                        0 => rng.Next(body.Length).ToString(CultureInfo.InvariantCulture),
                        1 => (body.Length + 1 + rng.Next(500)).ToString(CultureInfo.InvariantCulture),
                        2 => "x" + body.Length,
                        _ => body.Length + " " + rng.Next(9),
                    };
                    return Concat(Ascii("Content-Length: " + length + (rng.Next(2) == 0 ? "\r\n\r\n" : "\r\n")), body);
                }
            }
        }
    }
}
