using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>Byte sequences that are not well-framed LSP messages, for the storm and the framing fuzz test.</summary>
    internal static class Malformed
    {
        public enum Kind
        {
            NotJsonBody,          // a correct header, a body that is not JSON
            InvalidUtf8Request,   // a correct frame, invalid UTF-8 in a string of a request: answered with ParseError
            InvalidUtf8Change,    // the same in a didChange: dropped (the document must not change)
            NonNumericLength,     // Content-Length: abc
            MissingLength,        // a header without Content-Length
            NoHeader,             // a JSON body with no header at all
            LengthTooSmall,       // a request cut short: lost, the rest is skipped
            LengthTooLarge,       // a request whose length runs into the next message
            LengthOverLimit,      // Content-Length: 99999999999
            BrokenHeaderLine,     // a header line that is not "Name: value"
            HeaderOnly,           // a header whose body is the start of the next message
            Binary,               // random bytes, NUL, 0xFF, control characters
            Response,             // a response to a request the server never sent
            LfOnlyHeader,         // a header with bare LF line ends (accepted)
        }

        public static readonly Kind[] All = (Kind[])Enum.GetValues(typeof(Kind));

        /// <summary>
        /// Bytes for the kind. <paramref name="answeredId"/> is set when the server must answer a request in them, with
        /// the error <paramref name="expectedCode"/> (null: a result). Nothing else in them may take effect.
        /// </summary>
        public static byte[] Create(Kind kind, Random rng, string uri, int version, Func<int> nextId, out int? answeredId, out int? expectedCode)
        {
            answeredId = null;
            expectedCode = null;
            JsonObject Hover(int id) => new JsonObject
            {
                ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "textDocument/hover",
                ["params"] = new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = new JsonObject { ["line"] = 0, ["character"] = 0 } },
            };
            byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
            switch (kind)
            {
                case Kind.NotJsonBody:
                    return LspClient.Frame(Pick(rng, Utf8("{ this is not json"), Utf8("[1, 2"), Utf8("\"unterminated"), Utf8("{\"jsonrpc\":\"2.0\",\"id\":"), RandomBytes(rng, 1 + rng.Next(64)), Array.Empty<byte>()));
                case Kind.InvalidUtf8Request:
                {
                    int id = nextId();
                    answeredId = id;
                    expectedCode = -32700;
                    var body = Utf8(Hover(id).ToJsonString()).ToList();
                    int at = body.IndexOf((byte)'f'); // inside "file:///…"
                    body.InsertRange(at, Pick(rng, new byte[] { 0xFF }, new byte[] { 0xC3 }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xF8, 0x88, 0x80, 0x80, 0x80 }, new byte[] { 0xC0, 0xAF }));
                    return LspClient.Frame(body.ToArray());
                }
                case Kind.InvalidUtf8Change:
                {
                    var change = new JsonObject
                    {
                        ["jsonrpc"] = "2.0", ["method"] = "textDocument/didChange",
                        ["params"] = new JsonObject
                        {
                            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
                            ["contentChanges"] = new JsonArray(new JsonObject { ["range"] = RangeJson(0, 0, 0, 0), ["text"] = "MARK" }),
                        },
                    };
                    var body = Utf8(change.ToJsonString()).ToList();
                    int at = body.IndexOf((byte)'M');
                    body.InsertRange(at, new byte[] { 0xFF, 0xFE });
                    return LspClient.Frame(body.ToArray());
                }
                case Kind.NonNumericLength:
                    return Utf8(Pick(rng, "Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}", "Content-Length: -5\r\n\r\n{}", "Content-Length: \r\n\r\n{}", "Content-Length: 1e3\r\n\r\n{}", "Content-Length: 0x10\r\n\r\n{\"a\":1}"));
                case Kind.MissingLength:
                    return Utf8(Pick(rng, "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}", "\r\n\r\n{}", "X-Whatever: 12\r\n\r\n{\"id\":1}"));
                case Kind.NoHeader:
                    return Utf8(Hover(nextId()).ToJsonString());
                case Kind.LengthTooSmall:
                {
                    var body = Utf8(Hover(nextId()).ToJsonString());
                    int claimed = rng.Next(body.Length);
                    return Utf8("Content-Length: " + claimed.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n").Concat(body).ToArray();
                }
                case Kind.LengthTooLarge:
                {
                    var body = Utf8(Hover(nextId()).ToJsonString());
                    int claimed = body.Length + 1 + rng.Next(rng.Next(2) == 0 ? 40 : 4000);
                    return Utf8("Content-Length: " + claimed.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n").Concat(body).ToArray();
                }
                case Kind.LengthOverLimit:
                    return Utf8("Content-Length: " + Pick(rng, "99999999999", "268435457", "18446744073709551617", "2147483648") + "\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}");
                case Kind.BrokenHeaderLine:
                    return Utf8(Pick(rng, "Content-Length: 2\r\ngarbage without colon\r\n\r\n{}", "Content-Length: 2\r\n\u0001\r\n\r\n{}", "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"));
                case Kind.HeaderOnly:
                    return Utf8("Content-Length: " + (1 + rng.Next(30)).ToString(CultureInfo.InvariantCulture) + "\r\n\r\n");
                case Kind.Binary:
                    return RandomBytes(rng, 1 + rng.Next(200));
                case Kind.Response:
                    return LspClient.Frame(Utf8(Pick(rng, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":1}", "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"error\":{\"code\":\"bad\"}}", "{\"jsonrpc\":\"2.0\",\"result\":null}")));
                case Kind.LfOnlyHeader:
                {
                    int id = nextId();
                    answeredId = id;
                    var body = Utf8(Hover(id).ToJsonString());
                    return Utf8("Content-Length: " + body.Length.ToString(CultureInfo.InvariantCulture) + "\n\n").Concat(body).ToArray();
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind));
            }
        }

        public static JsonObject RangeJson(int l0, int c0, int l1, int c1) => new JsonObject
        {
            ["start"] = new JsonObject { ["line"] = l0, ["character"] = c0 },
            ["end"] = new JsonObject { ["line"] = l1, ["character"] = c1 },
        };

        private const string Structural = "{}[]\":,\r\n 0123456789";

        public static byte[] RandomBytes(Random rng, int count)
        {
            var bytes = new byte[count];
            for (int i = 0; i < count; i++)
            {
                bytes[i] = rng.Next(4) switch
                {
                    0 => (byte)rng.Next(0x20),                 // control characters, NUL
                    1 => (byte)(0x80 + rng.Next(0x80)),        // invalid or partial UTF-8
                    2 => (byte)Structural[rng.Next(Structural.Length)],
                    _ => (byte)(0x20 + rng.Next(0x5f)),
                };
            }
            return bytes;
        }

        /// <summary>A string with control characters, DEL and surrogates shown as \\uXXXX, for failure messages.</summary>
        public static string Printable(string s)
        {
            var sb = new StringBuilder();
            foreach (var c in s) sb.Append(c < 0x20 || c == 0x7f || char.IsSurrogate(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString());
            return sb.ToString();
        }

        private static T Pick<T>(Random rng, params T[] items) => items[rng.Next(items.Length)];
    }
}
