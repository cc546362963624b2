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
    }
}
