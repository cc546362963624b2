using System;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>A temporary two-file policy: main.netpolicy (header, flows) imports defs.netpolicy (zones, services, classes).</summary>
    public sealed class TempWorkspace : IDisposable
    {
        public const string Defs =
            "service nfs = tcp/2049\n" +
            "\n" +
            "class storage-io {\n" +
            "  dscp af21\n" +
            "  queue 2\n" +
            "}\n" +
            "\n" +
            "zone training {\n" +
            "  segment gpu {\n" +
            "    vlan 110\n" +
            "    vni 10110\n" +
            "    subnet 10.10.0.0/16\n" +
            "    mtu 9000\n" +
            "  }\n" +
            "}\n" +
            "\n" +
            "zone storage {\n" +
            "  subnet 10.20.0.0/16, fd00:20::/48\n" +
            "}\n";

        // Line 5 is the flow; "storage" starts at character 18 of it.
        public const string Main =
            "policy lab {\n" +
            "  default deny\n" +
            "}\n" +
            "import \"defs.netpolicy\"\n" +
            "\n" +
            "allow training -> storage : nfs class storage-io\n";

        public TempWorkspace()
        {
            Root = Path.Combine(Path.GetTempPath(), "policyls-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
            File.WriteAllText(DefsPath, Defs);
            File.WriteAllText(MainPath, Main);
        }

        public string Root { get; }
        public string MainPath => Path.Combine(Root, "main.netpolicy");
        public string DefsPath => Path.Combine(Root, "defs.netpolicy");
        public string MainUri => new Uri(MainPath).AbsoluteUri;
        public string DefsUri => new Uri(DefsPath).AbsoluteUri;

        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); }
            catch (IOException) { }
        }

        public static JsonObject TextDocument(string uri) => new JsonObject { ["uri"] = uri };

        public static JsonObject Position(int line, int character) => new JsonObject { ["line"] = line, ["character"] = character };

        public static JsonObject Range(int startLine, int startCharacter, int endLine, int endCharacter) =>
            new JsonObject { ["start"] = Position(startLine, startCharacter), ["end"] = Position(endLine, endCharacter) };

        public static JsonObject PositionParams(string uri, int line, int character) =>
            new JsonObject { ["textDocument"] = TextDocument(uri), ["position"] = Position(line, character) };

        /// <param name="environment">Variables for the server process (POLICYLANG_TODAY fixes the day it takes as today).</param>
        public static async Task<LspClient> StartInitializedAsync(System.Collections.Generic.IReadOnlyDictionary<string, string>? environment = null)
        {
            var client = LspClient.Start(environment);
            var response = await client.RequestAsync("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = null,
                ["capabilities"] = new JsonObject(),
            });
            if (response["result"] == null) throw new InvalidOperationException("initialize failed: " + response.ToJsonString());
            await client.NotifyAsync("initialized", new JsonObject());
            return client;
        }

        public static Task OpenAsync(LspClient client, string uri, string text, int version = 1) =>
            client.NotifyAsync("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "netpolicy", ["version"] = version, ["text"] = text },
            });

        public static Task ChangeAsync(LspClient client, string uri, int version, JsonObject range, string text) =>
            client.NotifyAsync("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
                ["contentChanges"] = new JsonArray(new JsonObject { ["range"] = range, ["text"] = text }),
            });

        public static async Task<int> ShutdownAsync(LspClient client)
        {
            var response = await client.RequestAsync("shutdown", null);
            if (response.ContainsKey("error")) throw new InvalidOperationException("shutdown failed: " + response.ToJsonString());
            await client.NotifyAsync("exit", null);
            return await client.WaitForExitAsync();
        }
    }
}
