using System.CommandLine;

namespace PolicyLang.Cli
{
    internal static class CommonOptions
    {
        public static Argument<string[]> Paths(string description) => new Argument<string[]>("paths")
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrMore,
        };

        public static Option<string> Format()
        {
            var o = new Option<string>("--format")
            {
                Description = "Output format for diagnostics: text (path(line,col): error NPxxxx: message) or json.",
                DefaultValueFactory = _ => "text",
            };
            o.AcceptOnlyFromAmong("text", "json");
            return o;
        }
    }
}
