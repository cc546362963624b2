namespace PolicyLang.Import.Capirca
{
    /// <summary>
    /// Capirca's naming definitions: networks (<c>*.net</c>: <c>NAME = 10.0.0.0/8  # comment</c>, continuation lines
    /// with more addresses or names) and services (<c>*.svc</c>: <c>NAME = 53/udp 53/tcp</c>, names of other services);
    /// Aerleon's YAML definitions (<c>*.yaml</c>) read into the same form (<see cref="AerleonYaml"/>).
    /// </summary>
    public sealed class CapircaDefinitions
    {
        public sealed class Item(string value, string file, int line)
        {
            public string Value { get; } = value;
            public string File { get; } = file;
            public int Line { get; } = line;
        }

        public Dictionary<string, List<Item>> Networks { get; } = new Dictionary<string, List<Item>>(StringComparer.Ordinal);
        public Dictionary<string, List<Item>> Services { get; } = new Dictionary<string, List<Item>>(StringComparer.Ordinal);

        /// <summary>Reads every <c>.net</c> and <c>.svc</c> file of a folder (sorted by name, so the result does not depend on the file system's order).</summary>
        public static CapircaDefinitions Load(string directory, List<ImportMessage> errors, List<ImportMessage>? warnings = null)
        {
            var d = new CapircaDefinitions();
            foreach (var path in Directory.GetFiles(directory).OrderBy(p => p, StringComparer.Ordinal))
            {
                var ext = Path.GetExtension(path);
                if (ext == ".net" || ext == ".svc")
                {
                    if (ImportFiles.Read(path, named: false, errors) is { } text) d.Read(text, Path.GetFileName(path), ext == ".net" ? d.Networks : d.Services, errors);
                }
                else if (AerleonYaml.IsYaml(path)) AerleonYaml.ReadDefinitions(path, d, errors, warnings);
            }
            return d;
        }

        public void Read(string text, string file, Dictionary<string, List<Item>> into, List<ImportMessage> errors)
        {
            List<Item>? current = null;
            var lines = text.Replace("\r\n", "\n").Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                int hash = line.IndexOf('#');
                if (hash >= 0) line = line.Substring(0, hash);
                if (line.Trim().Length == 0) continue;
                int eq = line.IndexOf('=');
                if (eq > 0 && !char.IsWhiteSpace(line[0]))
                {
                    var name = line.Substring(0, eq).Trim();
                    if (name.Length == 0 || name.Any(char.IsWhiteSpace))
                    {
                        errors.Add(new ImportMessage(file, i + 1, "expected 'NAME = values', found '" + Clip(lines[i]) + "'"));
                        current = null;
                        continue;
                    }
                    if (into.ContainsKey(name)) errors.Add(new ImportMessage(file, i + 1, "'" + name + "' is defined twice"));
                    into[name] = current = new List<Item>();
                    line = line.Substring(eq + 1);
                }
                else if (current == null)
                {
                    errors.Add(new ImportMessage(file, i + 1, "expected 'NAME = values', found '" + Clip(lines[i]) + "'"));
                    continue;
                }
                foreach (var word in line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
                    current.Add(new Item(word, file, i + 1));
            }
        }

        internal static string Clip(string s) => s.Length > 60 ? s.Substring(0, 60) + "…" : s;
    }

    /// <summary>One filter of a Capirca policy: its header and its terms, in order.</summary>
    public sealed class CapircaFilter
    {
        /// <summary>The header's <c>target::</c> lines (platform, filter name, options).</summary>
        public List<List<string>> Targets { get; } = new List<List<string>>();
        public List<string> Comments { get; } = new List<string>();
        public List<CapircaTerm> Terms { get; } = new List<CapircaTerm>();
        public int Line { get; set; }
    }

    /// <summary>
    /// A term: its name and its <c>keyword:: values</c>, values in order (quotes removed from strings); its
    /// <c>verbatim::</c> text apart, as (platform, text) pairs in order, because a text is one value that may hold line breaks.
    /// </summary>
    public sealed class CapircaTerm(string name, string file, int line)
    {
        public string Name { get; } = name;
        public string File { get; } = file;
        public int Line { get; } = line;
        public Dictionary<string, List<string>> Fields { get; } = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        public List<(string Platform, string Text)> Verbatim { get; } = new List<(string Platform, string Text)>();

        public IReadOnlyList<string> Get(string key) => Fields.TryGetValue(key, out var v) ? v : (IReadOnlyList<string>)Array.Empty<string>();
    }

    /// <summary>
    /// Reads a Capirca <c>.pol</c> file: <c>#include 'path'</c> lines (relative to the policies' base folder), <c>header
    /// { … }</c> blocks that start filters, and <c>term NAME { … }</c> blocks of <c>keyword:: values</c>; <c>#</c> starts
    /// a comment outside strings.
    /// </summary>
    public static class CapircaPolicyReader
    {
        private static readonly Regex s_escapedString = new Regex("\\G\"([^\"\\\\]*(?:\\\\\"[^\"\\\\]*)+)\"", RegexOptions.CultureInvariant);

        private sealed class Token(string text, bool quoted, string file, int line)
        {
            public string Text { get; } = text;
            public bool Quoted { get; } = quoted;
            public string File { get; } = file;
            public int Line { get; } = line;
        }

        public static List<CapircaFilter> Read(string path, string baseDirectory, List<ImportMessage> errors)
        {
            var tokens = new List<Token>();
            Tokenize(path, baseDirectory, tokens, errors, new Stack<string>(), named: true);
            var filters = new List<CapircaFilter>();
            CapircaFilter? filter = null;
            int i = 0;
            while (i < tokens.Count)
            {
                var t = tokens[i];
                if (!t.Quoted && t.Text == "header" && i + 1 < tokens.Count && tokens[i + 1].Text == "{")
                {
                    filter = new CapircaFilter { Line = t.Line };
                    filters.Add(filter);
                    var fields = Block(tokens, ref i, i + 2, t, errors);
                    foreach (var (key, values) in fields)
                    {
                        if (key == "target") filter.Targets.Add(values);
                        else if (key == "comment") filter.Comments.Add(string.Join(" ", values));
                    }
                    continue;
                }
                if (!t.Quoted && t.Text == "term" && i + 2 < tokens.Count && tokens[i + 2].Text == "{")
                {
                    var term = new CapircaTerm(tokens[i + 1].Text, t.File, t.Line);
                    var fields = Block(tokens, ref i, i + 3, t, errors);
                    foreach (var (key, values) in fields)
                    {
                        if (key == "verbatim")
                        {
                            if (values.Count == 2) term.Verbatim.Add((values[0], values[1]));
                            else errors.Add(new ImportMessage(t.File, t.Line, "term '" + term.Name + "': expected 'verbatim:: PLATFORM \"text\"'"));
                            continue;
                        }
                        if (!term.Fields.TryGetValue(key, out var list)) term.Fields[key] = list = new List<string>();
                        list.AddRange(values);
                    }
                    if (filter == null) errors.Add(new ImportMessage(t.File, t.Line, "term '" + term.Name + "' comes before any header"));
                    else filter.Terms.Add(term);
                    continue;
                }
                errors.Add(new ImportMessage(t.File, t.Line, "expected 'header {' or 'term NAME {', found '" + CapircaDefinitions.Clip(t.Text) + "'"));
                i++;
            }
            return filters;
        }

        /// <summary>The <c>keyword:: values</c> of a block whose first token is at <paramref name="start"/>; leaves <paramref name="i"/> after its '}'.</summary>
        private static List<(string Key, List<string> Values)> Block(List<Token> tokens, ref int i, int start, Token opener, List<ImportMessage> errors)
        {
            var fields = new List<(string, List<string>)>();
            List<string>? values = null;
            int j = start;
            for (; j < tokens.Count; j++)
            {
                var t = tokens[j];
                if (!t.Quoted && t.Text == "}") { i = j + 1; return fields; }
                if (!t.Quoted && t.Text.EndsWith("::", StringComparison.Ordinal))
                {
                    values = new List<string>();
                    fields.Add((t.Text.Substring(0, t.Text.Length - 2).ToLowerInvariant(), values));
                    continue;
                }
                if (values == null) { errors.Add(new ImportMessage(t.File, t.Line, "expected 'keyword::', found '" + CapircaDefinitions.Clip(t.Text) + "'")); continue; }
                values.Add(t.Text);
            }
            errors.Add(new ImportMessage(opener.File, opener.Line, "'" + opener.Text + "' block is not closed"));
            i = j;
            return fields;
        }

        /// <param name="named">The policy named on the command line (read as it is), not a file it includes.</param>
        private static void Tokenize(string path, string baseDirectory, List<Token> tokens, List<ImportMessage> errors, Stack<string> including, bool named = false)
        {
            var file = Path.GetFileName(path);
            var text = ImportFiles.Read(path, named, errors);
            if (text == null) return;
            int line = 1;
            for (int p = 0; p < text.Length;)
            {
                char c = text[p];
                if (c == '\n') { line++; p++; continue; }
                if (char.IsWhiteSpace(c)) { p++; continue; }
                if (c == '#')
                {
                    int end = text.IndexOf('\n', p);
                    if (end < 0) end = text.Length;
                    var comment = text.Substring(p, end - p).Trim();
                    if (comment.StartsWith("#include", StringComparison.Ordinal)) Include(comment, file, line, baseDirectory, tokens, errors, including);
                    p = end;
                    continue;
                }
                if (c == '"')
                {
                    int start = line;
                    // Capirca's ESCAPEDSTRING: a string that holds \" (and no other backslash) ends at the first bare quote,
                    // and its \" stand for quotes; any other string ends at the next quote, backslashes and all.
                    var escaped = s_escapedString.Match(text, p);
                    if (escaped.Success)
                    {
                        tokens.Add(new Token(escaped.Groups[1].Value.Replace("\\\"", "\""), true, file, start));
                        line += escaped.Value.Count(ch => ch == '\n');
                        p += escaped.Length;
                        continue;
                    }
                    int end = p + 1;
                    while (end < text.Length && text[end] != '"') { if (text[end] == '\n') line++; end++; }
                    if (end >= text.Length) { errors.Add(new ImportMessage(file, start, "unterminated string")); return; }
                    tokens.Add(new Token(text.Substring(p + 1, end - p - 1), true, file, start));
                    p = end + 1;
                    continue;
                }
                if (c == '{' || c == '}') { tokens.Add(new Token(c.ToString(), false, file, line)); p++; continue; }
                int w = p;
                while (w < text.Length && !char.IsWhiteSpace(text[w]) && text[w] != '{' && text[w] != '}' && text[w] != '"' && text[w] != '#') w++;
                tokens.Add(new Token(text.Substring(p, w - p), false, file, line));
                p = w;
            }
        }

        private static void Include(string directive, string file, int line, string baseDirectory, List<Token> tokens, List<ImportMessage> errors, Stack<string> including)
        {
            var rest = directive.Substring("#include".Length).Trim().Trim('\'', '"');
            var path = Path.GetFullPath(Path.Combine(baseDirectory, rest));
            var root = Path.GetFullPath(baseDirectory);
            if (!path.StartsWith(root, StringComparison.Ordinal) || !File.Exists(path))
            {
                errors.Add(new ImportMessage(file, line, "cannot include '" + rest + "': expected a file under " + baseDirectory));
                return;
            }
            if (including.Contains(path) || including.Count > 16)
            {
                errors.Add(new ImportMessage(file, line, "'" + rest + "' includes itself"));
                return;
            }
            including.Push(path);
            Tokenize(path, baseDirectory, tokens, errors, including);
            including.Pop();
        }
    }
}
