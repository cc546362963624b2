using System;
using DotnetConsumer.Network;

namespace DotnetConsumer
{
    /// <summary>
    /// Uses the policy's names as checked C# symbols: rename the service nfs in network.netpolicy and this file
    /// stops compiling where it uses Policy.Services.Nfs.
    /// </summary>
    public static class Program
    {
        public static int Main()
        {
            Console.WriteLine($"policy {Policy.Name}");
            Console.WriteLine($"nfs {Policy.Services.Nfs.Protocol}/{Policy.Services.Nfs.Port}");
            Console.WriteLine($"triton {string.Join(",", Policy.Services.Triton.Ports)}");
            Console.WriteLine($"interactive dscp {Policy.Classes.Interactive.Dscp} queue {Policy.Classes.Interactive.Queue}");
            Console.WriteLine($"serving vlan {Policy.Zones.Inference.Segments.Serving.Vlan} prefixes {string.Join(",", Policy.Zones.Inference.Segments.Serving.Prefixes)}");
            Console.WriteLine($"storage prefixes {string.Join(",", Policy.Zones.Storage.Prefixes)}");

            // Constants work where C# needs constants.
            switch (ParsePort(Environment.GetEnvironmentVariable("PORT")))
            {
                case Policy.Services.Nfs.Port:
                    Console.WriteLine("PORT is the nfs port");
                    break;
            }
            return 0;
        }

        private static int ParsePort(string? text) => int.TryParse(text, out var port) ? port : -1;
    }
}
