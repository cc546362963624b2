using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace PolicyLang.Benchmarks.Lsp
{
    /// <summary>A publishDiagnostics as received: when (client clock), for which version, how many diagnostics.</summary>
    public sealed record Publish(TimeSpan At, int? Version, int Count, string? Stage = null);

    /// <summary>A small LSP client over the server's stdio that timestamps every message as it arrives.</summary>
    public sealed class BenchClient : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Stream _stdin;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly SemaphoreSlim _writeLock = new SemaphoreSlim(1, 1);
        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new ConcurrentDictionary<int, TaskCompletionSource<JsonObject>>();
        private readonly Dictionary<string, List<Publish>> _published = new Dictionary<string, List<Publish>>(StringComparer.Ordinal);
        private readonly Task _reader;
        private int _nextId;

        private BenchClient(Process process)
        {
            _process = process;
            _stdin = process.StandardInput.BaseStream;
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) Console.Error.WriteLine("policyls: " + e.Data); };
            process.BeginErrorReadLine();
            _reader = Task.Factory.StartNew(ReadLoop, TaskCreationOptions.LongRunning);
        }

        public TimeSpan Now => _clock.Elapsed;

        public static BenchClient Start(string serverDll)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(serverDll);
            return new BenchClient(Process.Start(info) ?? throw new InvalidOperationException("could not start " + serverDll));
        }

        public async Task<JsonObject> RequestAsync(string method, JsonNode? parameters)
        {
            int id = Interlocked.Increment(ref _nextId);
            var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = tcs;
            var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
            if (parameters != null) message["params"] = parameters;
            await SendAsync(message).ConfigureAwait(false);
            var done = await Task.WhenAny(tcs.Task, Task.Delay(TimeSpan.FromMinutes(2))).ConfigureAwait(false);
            if (done != tcs.Task) throw new TimeoutException("no response to " + method);
            var response = await tcs.Task.ConfigureAwait(false);
            if (response.ContainsKey("error")) throw new InvalidOperationException(method + " failed: " + response.ToJsonString());
            return response;
        }

        public Task NotifyAsync(string method, JsonNode? parameters)
        {
            var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
            if (parameters != null) message["params"] = parameters;
            return SendAsync(message);
        }

        /// <summary>Inserts text at a position (one keystroke).</summary>
        public Task ChangeAsync(string uri, int version, int line, int character, string text)
        {
            var position = new JsonObject { ["line"] = line, ["character"] = character };
            return NotifyAsync("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
                ["contentChanges"] = new JsonArray(new JsonObject
                {
                    ["range"] = new JsonObject { ["start"] = position.DeepClone(), ["end"] = position.DeepClone() },
                    ["text"] = text,
                }),
            });
        }

        /// <summary>
        /// Waits for a publishDiagnostics of this version: the first one (<paramref name="full"/> false), or the
        /// complete one (true: the server marks the checked publish of a version as the last for it, see PolicyLang.LanguageServer's README).
        /// </summary>
        public async Task<Publish> WaitForPublishAsync(string uri, int version, TimeSpan timeout, bool full)
        {
            var deadline = _clock.Elapsed + timeout;
            while (_clock.Elapsed < deadline)
            {
                lock (_published)
                {
                    if (_published.TryGetValue(uri, out var list))
                    {
                        var match = full ? list.LastOrDefault(p => p.Version == version && p.Count >= 0 && _complete.Contains((uri, version)))
                                         : list.FirstOrDefault(p => p.Version == version);
                        if (match != null) return match;
                    }
                }
                if (_process.HasExited) throw new InvalidOperationException("the server exited");
                await Task.Delay(1).ConfigureAwait(false);
            }
            throw new TimeoutException($"no {(full ? "complete " : "")}diagnostics for version {version} of {uri} within {timeout}");
        }

        private readonly HashSet<(string, int)> _complete = new HashSet<(string, int)>();

        /// <summary>The publish of one stage of a version (e.g. "policy": the policy's own check, before target validation), if it came.</summary>
        public Publish? Stage(string uri, int version, string stage)
        {
            lock (_published)
                return _published.TryGetValue(uri, out var list) ? list.FirstOrDefault(p => p.Version == version && p.Stage == stage) : null;
        }

        private async Task SendAsync(JsonObject message)
        {
            var body = Encoding.UTF8.GetBytes(message.ToJsonString());
            var header = Encoding.ASCII.GetBytes("Content-Length: " + body.Length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n");
            await _writeLock.WaitAsync().ConfigureAwait(false);
            try
            {
                await _stdin.WriteAsync(header).ConfigureAwait(false);
                await _stdin.WriteAsync(body).ConfigureAwait(false);
                await _stdin.FlushAsync().ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }

        private void ReadLoop()
        {
            var stdout = _process.StandardOutput.BaseStream;
            var header = new StringBuilder();
            while (true)
            {
                header.Clear();
                while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                {
                    int b = stdout.ReadByte();
                    if (b < 0) return;
                    header.Append((char)b);
                }
                var lengthLine = header.ToString().Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                int length = int.Parse(lengthLine.Substring("Content-Length:".Length).Trim(), CultureInfo.InvariantCulture);
                var body = new byte[length];
                int read = 0;
                while (read < length)
                {
                    int n = stdout.Read(body, read, length - read);
                    if (n == 0) return;
                    read += n;
                }
                var at = _clock.Elapsed;
                var message = JsonNode.Parse(body)!.AsObject();
                if (message["method"] == null && message["id"] is JsonValue idValue && idValue.TryGetValue<int>(out var id))
                {
                    if (_pending.TryRemove(id, out var tcs)) tcs.TrySetResult(message);
                }
                else if ((string?)message["method"] == "textDocument/publishDiagnostics")
                {
                    var p = message["params"]!;
                    var uri = (string)p["uri"]!;
                    var version = (int?)p["version"];
                    var diagnostics = p["diagnostics"]!.AsArray();
                    lock (_published)
                    {
                        if (!_published.TryGetValue(uri, out var list)) _published[uri] = list = new List<Publish>();
                        list.Add(new Publish(at, version, diagnostics.Count, (string?)p["policylang"]?["stage"]));
                        // The checked (complete) publish of a version is the one that is not marked as carried over.
                        if (version != null && p["policylang"]?["stage"] == null) _complete.Add((uri, version.Value));
                    }
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                if (!_process.WaitForExit(5000))
                {
                    try { _process.Kill(entireProcessTree: true); }
                    catch (InvalidOperationException) { }
                }
            }
            try { await _reader.ConfigureAwait(false); }
            catch (IOException) { }
            _process.Dispose();
        }
    }
}
