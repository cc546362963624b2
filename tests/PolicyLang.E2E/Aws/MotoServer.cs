using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.Http;
using System.Threading;
using PolicyLang.E2E.Lab;

namespace PolicyLang.E2E.Aws
{
    /// <summary>A moto_server (the local AWS emulator) on 127.0.0.1 and a free port, started on first use and stopped on dispose.</summary>
    public sealed class MotoServer : IDisposable
    {
        private Process? _process;
        private readonly object _gate = new object();

        public int Port { get; private set; }
        public string Endpoint => "http://127.0.0.1:" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Starts the server if it is not running; returns its endpoint.</summary>
        public string Start()
        {
            lock (_gate)
            {
                if (_process != null && !_process.HasExited) return Endpoint;
                Port = FreePort();
                var info = HostCommand.StartInfo(AwsTools.PathOf(AwsTools.MotoServer), new[] { "-H", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                _process = Process.Start(info)!;
                _process.OutputDataReceived += (_, _) => { };
                _process.ErrorDataReceived += (_, _) => { };
                _process.BeginOutputReadLine();
                _process.BeginErrorReadLine();
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (DateTime.UtcNow < deadline)
                {
                    if (_process.HasExited) throw new InvalidOperationException("moto_server exited with " + _process.ExitCode);
                    try
                    {
                        using var response = http.GetAsync(Endpoint + "/moto-api/").GetAwaiter().GetResult();
                        return Endpoint;
                    }
                    catch (HttpRequestException) { }
                    catch (System.Threading.Tasks.TaskCanceledException) { }
                    Thread.Sleep(200);
                }
                throw new InvalidOperationException("moto_server did not answer on " + Endpoint + " within 60 s");
            }
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_process != null) HostCommand.Kill(_process);
                _process?.Dispose();
                _process = null;
            }
        }
    }
}
