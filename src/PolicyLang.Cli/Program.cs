namespace PolicyLang.Cli
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            // verify of a large state and check or build of a large policy run with garbage collector settings of their own
            // (GcProfile): set before the runtime starts, so by starting again.
            GcProfile.Apply(args);
            return CliApp.Run(args, Console.Out, Console.Error);
        }
    }
}
