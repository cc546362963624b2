using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>
    /// A minimal LSP client, as an editor would be: starts <c>dotnet policyls.dll</c>, frames JSON-RPC messages
    /// with Content-Length headers on its stdin, and reads responses and notifications from its stdout.
    /// Every wait is bounded by <see cref="Timeout"/>.
    /// </summary>
    public sealed class LspClient : IAsyncDisposable
    {
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

        private readonly Process _process;
        private readonly Stream _stdin;
        private readonly SemaphoreSlim _writeLock = new SemaphoreSlim(1, 1);
        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new ConcurrentDictionary<int, TaskCompletionSource<JsonObject>>();
        private readonly List<JsonObject> _notifications = new List<JsonObject>();
        private readonly StringBuilder _stderr = new StringBuilder();
        private readonly Task _reader;
        private readonly bool _latestDiagnosticsOnly;
        private int _nextId;
        private int _publishCount;

        private LspClient(Process process, bool latestDiagnosticsOnly)
        {
            _process = process;
            _latestDiagnosticsOnly = latestDiagnosticsOnly;
            _stdin = process.StandardInput.BaseStream;
            _reader = Task.Run(ReadLoopAsync);
            process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
            process.BeginErrorReadLine();
        }

        public static string ServerPath =>
            typeof(LspClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PolicyLsPath").Value!;

        /// <summary>
        /// Starts the server. <paramref name="latestDiagnosticsOnly"/>: keep only the last publishDiagnostics per document
        /// and stage (for long sessions; <see cref="PublishCount"/> still counts them all).
        /// </summary>
        public static LspClient Start(IReadOnlyDictionary<string, string>? environment = null, bool latestDiagnosticsOnly = false)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(ServerPath);
            if (environment != null)
                foreach (var (name, value) in environment) info.Environment[name] = value;
            var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the server");
            return new LspClient(process, latestDiagnosticsOnly);
        }

        /// <summary>How many publishDiagnostics notifications have arrived.</summary>
        public int PublishCount => Volatile.Read(ref _publishCount);

        public int ExitCode => _process.ExitCode;

        public string Stderr
        {
            get { lock (_stderr) return _stderr.ToString(); }
        }

        public bool HasExited => _process.HasExited;

        /// <summary>Sends a request and waits for its response (the whole message: result or error).</summary>
        public async Task<JsonObject> RequestAsync(string method, JsonNode? parameters, int? id = null)
        {
            int requestId = id ?? Interlocked.Increment(ref _nextId);
            var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[requestId] = tcs;
            var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = requestId, ["method"] = method };
            if (parameters != null) message["params"] = parameters;
            await SendAsync(message).ConfigureAwait(false);
            return await Bounded(tcs.Task, "a response to " + method).ConfigureAwait(false);
        }

        /// <summary>Sends a hand-made request message and waits for the response with that id.</summary>
        public async Task<JsonObject> SendAndWaitAsync(JsonObject message, int id)
        {
            var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = tcs;
            await SendAsync(message).ConfigureAwait(false);
            return await Bounded(tcs.Task, "a response to request " + id).ConfigureAwait(false);
        }

        /// <summary>Sends a request without waiting; returns its id and the pending response.</summary>
        public (int Id, Task<JsonObject> Response) BeginRequest(string method, JsonNode? parameters)
        {
            int requestId = Interlocked.Increment(ref _nextId);
            var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[requestId] = tcs;
            var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = requestId, ["method"] = method };
            if (parameters != null) message["params"] = parameters;
            SendAsync(message).GetAwaiter().GetResult();
            return (requestId, Bounded(tcs.Task, "a response to " + method));
        }

        /// <summary>Registers interest in the response with this id (for a request sent by hand, e.g. as raw bytes).</summary>
        public Task<JsonObject> Expect(int id, string what)
        {
            var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_pending.TryAdd(id, tcs)) throw new InvalidOperationException("id " + id + " is already pending");
            return Bounded(tcs.Task, what);
        }

        /// <summary>Forgets a registered id that will not be answered.</summary>
        public void Forget(int id) => _pending.TryRemove(id, out _);

        public int NextId() => Interlocked.Increment(ref _nextId);

        /// <summary>Writes bytes to the server's stdin as they are: no framing.</summary>
        public async Task SendBytesAsync(byte[] bytes)
        {
            await _writeLock.WaitAsync().ConfigureAwait(false);
            try
            {
                await _stdin.WriteAsync(bytes).ConfigureAwait(false);
                await _stdin.FlushAsync().ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }

        public static byte[] Frame(JsonObject message)
        {
            var body = Encoding.UTF8.GetBytes(message.ToJsonString());
            return Frame(body);
        }

        public static byte[] Frame(byte[] body) =>
            Encoding.ASCII.GetBytes("Content-Length: " + body.Length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n").Concat(body).ToArray();

        public Task NotifyAsync(string method, JsonNode? parameters)
        {
            var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
            if (parameters != null) message["params"] = parameters;
            return SendAsync(message);
        }

        public Task SendAsync(JsonObject message) => SendRawAsync(Encoding.UTF8.GetBytes(message.ToJsonString()));

        public async Task SendRawAsync(byte[] body)
        {
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

        /// <summary>
        /// Waits for a publishDiagnostics for the URI that satisfies the predicate; returns its params. Only complete
        /// checked publishes (no stage) count unless <paramref name="syntaxStage"/> is true: then only the immediate ones
        /// (<c>policylang.stage = "syntax"</c>) do.
        /// </summary>
        /// <summary>Waits for a publishDiagnostics of one stage (<c>policylang.stage</c>, e.g. "policy") for the URI.</summary>
        public Task<JsonObject> WaitForStageAsync(string uri, string stage, Func<JsonObject, bool> predicate) =>
            WaitForAnyDiagnosticsAsync(uri, p => (string?)p["policylang"]?["stage"] == stage && predicate(p));

        public async Task<JsonObject> WaitForDiagnosticsAsync(string uri, Func<JsonObject, bool> predicate, bool syntaxStage = false)
        {
            var inner = predicate;
            return await WaitForAnyDiagnosticsAsync(uri,
                p => (syntaxStage ? (string?)p["policylang"]?["stage"] == "syntax" : p["policylang"]?["stage"] == null) && inner(p)).ConfigureAwait(false);
        }

        private async Task<JsonObject> WaitForAnyDiagnosticsAsync(string uri, Func<JsonObject, bool> predicate)
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (DateTime.UtcNow < deadline)
            {
                lock (_notifications)
                {
                    var match = _notifications
                        .Where(n => (string?)n["method"] == "textDocument/publishDiagnostics")
                        .Select(n => (JsonObject)n["params"]!)
                        .LastOrDefault(p => (string?)p["uri"] == uri && predicate(p));
                    if (match != null) return match;
                }
                if (_process.HasExited) throw new InvalidOperationException("the server exited: " + Stderr);
                await Task.Delay(20).ConfigureAwait(false);
            }
            throw new TimeoutException("no matching diagnostics for " + uri + " within " + Timeout + "; received: " + DescribeNotifications() + "\nstderr: " + Stderr);
        }

        public IReadOnlyList<JsonObject> Notifications
        {
            get { lock (_notifications) return _notifications.ToList(); }
        }

        private string DescribeNotifications()
        {
            lock (_notifications) return string.Join("\n", _notifications.Select(n => n.ToJsonString()));
        }

        public async Task<int> WaitForExitAsync()
        {
            using var cts = new CancellationTokenSource(Timeout);
            try
            {
                await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("the server did not exit within " + Timeout + "; stderr: " + Stderr);
            }
            return _process.ExitCode;
        }

        private async Task<T> Bounded<T>(Task<T> task, string what)
        {
            var finished = await Task.WhenAny(task, Task.Delay(Timeout)).ConfigureAwait(false);
            if (finished != task) throw new TimeoutException("no " + what + " within " + Timeout + "; stderr: " + Stderr);
            return await task.ConfigureAwait(false);
        }

        private async Task ReadLoopAsync()
        {
            var stdout = _process.StandardOutput.BaseStream;
            try
            {
                while (true)
                {
                    int length = await ReadHeaderAsync(stdout).ConfigureAwait(false);
                    if (length < 0) break;
                    var body = new byte[length];
                    int read = 0;
                    while (read < length)
                    {
                        int n = await stdout.ReadAsync(body.AsMemory(read)).ConfigureAwait(false);
                        if (n == 0) return;
                        read += n;
                    }
                    var message = JsonNode.Parse(body)!.AsObject();
                    if (message["id"] is JsonValue idValue && message["method"] == null && idValue.TryGetValue<int>(out var id))
                    {
                        if (_pending.TryRemove(id, out var tcs)) tcs.TrySetResult(message);
                    }
                    else
                    {
                        bool publish = (string?)message["method"] == "textDocument/publishDiagnostics";
                        if (publish) Interlocked.Increment(ref _publishCount);
                        lock (_notifications)
                        {
                            if (publish && _latestDiagnosticsOnly)
                            {
                                var p = message["params"];
                                string? uri = (string?)p?["uri"];
                                string? stage = (string?)p?["policylang"]?["stage"];
                                _notifications.RemoveAll(n => (string?)n["method"] == "textDocument/publishDiagnostics"
                                    && (string?)n["params"]?["uri"] == uri && (string?)n["params"]?["policylang"]?["stage"] == stage);
                            }
                            _notifications.Add(message);
                        }
                    }
                }
            }
            finally
            {
                foreach (var pending in _pending.Values) pending.TrySetException(new IOException("the server closed its output; stderr: " + Stderr));
            }
        }

        private static async Task<int> ReadHeaderAsync(Stream stream)
        {
            var header = new StringBuilder();
            var one = new byte[1];
            while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                int n = await stream.ReadAsync(one.AsMemory(0, 1)).ConfigureAwait(false);
                if (n == 0) return -1;
                header.Append((char)one[0]);
            }
            var line = header.ToString().Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            return int.Parse(line.Substring("Content-Length:".Length).Trim(), CultureInfo.InvariantCulture);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                try { _process.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { }
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
            try { await _reader.ConfigureAwait(false); }
            catch (Exception) { }
            _process.Dispose();
        }
    }
}
