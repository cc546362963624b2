namespace PolicyLang.Cli
{
    internal static class CommonOptions
    {
        public static Argument<string[]> Paths(string description) => new Argument<string[]>("paths")
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrMore,
        };

        /// <param name="sarif">Whether the command also writes SARIF 2.1.0 (the commands whose output is findings).</param>
        public static Option<string> Format(bool sarif = false)
        {
            var o = new Option<string>("--format")
            {
                Description = "Output format for diagnostics: text (path(line,col): error NPxxxx: message), json"
                    + (sarif ? " or sarif (SARIF 2.1.0, for code scanning in CI)." : "."),
                DefaultValueFactory = _ => "text",
            };
            if (sarif) o.AcceptOnlyFromAmong("text", "json", "sarif");
            else o.AcceptOnlyFromAmong("text", "json");
            return o;
        }

        /// <summary>A command with its arguments and options, in the order given (the order of the help text).</summary>
        public static Command Command(string name, string description, params Symbol[] symbols)
        {
            var command = new Command(name, description);
            foreach (var symbol in symbols)
            {
                if (symbol is Argument argument) command.Arguments.Add(argument);
                else command.Options.Add((Option)symbol);
            }
            return command;
        }

        /// <summary>The paths a command was given, or none (the current folder).</summary>
        public static string[] PathsOf(this ParseResult parse, Argument<string[]> paths) => parse.GetValue(paths) ?? new string[0];
    }
}
