using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Microsoft.VisualStudio.Threading;
using StreamJsonRpc;

namespace PolicyLang.LanguageServer
{
    /// <summary><c>policyls</c>: the PolicyLang language server, speaking LSP over stdin/stdout.</summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            if (args.Length > 0 && (args[0] == "--version" || args[0] == "-v"))
            {
                Console.WriteLine(typeof(Program).Assembly.GetName().Version);
                return 0;
            }
            var input = Console.OpenStandardInput();
            var output = Console.OpenStandardOutput();
            // stdout carries the protocol: anything else written to Console.Out would corrupt it.
            Console.SetOut(Console.Error);
            return await RunAsync(input, output).ConfigureAwait(false);
        }

        /// <summary>Serves one client until it sends <c>exit</c> or closes the stream; returns the exit code.</summary>
        public static async Task<int> RunAsync(Stream input, Stream output)
        {
            EnsureReaderThreads();
            var formatter = new SystemTextJsonFormatter();
            formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            formatter.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            var sanitizer = new MessageSanitizer(input);
            var pump = Task.Run(() => sanitizer.RunAsync());
            var handler = new HeaderDelimitedMessageHandler(output, sanitizer.Output, formatter);
            var rpc = new PolicyJsonRpc(handler);
            var server = new PolicyLanguageServer((method, parameters) => rpc.NotifyWithParameterObjectAsync(method, parameters));
            var context = new NonConcurrentSynchronizationContext(sticky: false);
            context.UnhandledException += (_, e) => Console.Error.WriteLine("policyls: " + e);
            rpc.SynchronizationContext = context;
            rpc.AddLocalRpcTarget(server, new JsonRpcTargetOptions { MethodNameTransform = name => name, UseSingleObjectParameterDeserialization = false });
            rpc.StartListening();

            var finished = await Task.WhenAny(server.ExitCode, rpc.Completion).ConfigureAwait(false);
            int code = finished == server.ExitCode ? await server.ExitCode.ConfigureAwait(false) : (server.ShutdownRequested ? 0 : 1);
            if (finished != server.ExitCode)
            {
                try { await rpc.Completion.ConfigureAwait(false); }
                catch (Exception e) { Console.Error.WriteLine("policyls: connection ended: " + e.Message); }
            }
            rpc.Dispose();
            _ = pump;
            return code;
        }

        /// <summary>
        /// Requests and checks run on pool threads, and so does the connection's reader: while a long request binds, the reader
        /// must still read the client's <c>$/cancelRequest</c> (and the next messages). Beyond its minimum (one thread per core)
        /// the pool adds threads only about twice a second, so with every core's thread busy (a request and a check, or one
        /// request on a one-core machine) the cancellation waited, and the request ran to its end and answered. A few threads
        /// more than the cores start at once instead; the work they run is still bounded by the requests and checks in flight.
        /// </summary>
        internal static void EnsureReaderThreads()
        {
            ThreadPool.GetMinThreads(out int workers, out int completion);
            int wanted = Environment.ProcessorCount + 4;
            if (workers < wanted) ThreadPool.SetMinThreads(wanted, completion);
        }
    }
}
