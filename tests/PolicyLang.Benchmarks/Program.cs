using BenchmarkDotNet.Running;

namespace PolicyLang.Benchmarks
{
    public static class Program
    {
        /// <summary>Runs the benchmarks chosen on the command line, e.g. <c>-- --filter '*' --job short</c>.</summary>
        public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
