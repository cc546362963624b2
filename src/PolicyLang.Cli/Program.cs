namespace PolicyLang.Cli
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            // verify runs with garbage collector settings of its own (GcProfile): set before the runtime starts, so by starting again.
            GcProfile.Apply(args);
            return CliApp.Run(args, Console.Out, Console.Error);
        }
    }
}
