using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PolicyLang.Import.Capirca
{
    /// <summary>
    /// Aerleon's YAML forms of Capirca's files, read into the same model: policies (<c>filters:</c>, each with a
    /// <c>header</c> of <c>comment</c> and <c>targets: {platform: "name options"}</c> and <c>terms</c>, where a term may be
    /// <c>include: path</c> of a file holding <c>terms:</c>, and a term's <c>verbatim</c> is <c>{platform: text}</c>) and
    /// definitions (<c>networks: NAME: values: [address | name]</c>, <c>services: NAME: [port and protocol | name]</c>).
    /// Aerleon also reads Capirca's own formats; those go to the Capirca readers.
    /// </summary>
    public static class AerleonYaml
    {
        public static bool IsYaml(string path) => path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

        /// <summary>The definitions of a YAML file into <paramref name="into"/>.</summary>
        public static void ReadDefinitions(string path, CapircaDefinitions into, List<ImportMessage> errors, List<ImportMessage>? warnings = null)
        {
            var file = Path.GetFileName(path);
            var root = Load(path, errors);
            if (root == null) return;
            if (Child(root, "networks") is YamlMappingNode networks)
                foreach (var (name, node) in Entries(networks))
                {
                    var items = new List<CapircaDefinitions.Item>();
                    var values = node is YamlMappingNode m ? Child(m, "values") : node;
                    foreach (var v in Items(values))
                    {
                        var line = Line(v);
                        if (v is YamlMappingNode value && (Scalar(Child(value, "address")) ?? Scalar(Child(value, "name"))) is string text)
                            items.Add(new CapircaDefinitions.Item(text, file, line));
                        else if (v is YamlMappingNode fqdn && Scalar(Child(fqdn, "fqdn")) is string host)
                            warnings?.Add(new ImportMessage(file, line, "network '" + name + "': the host name '" + host + "' is left out (PolicyLang matches addresses; Aerleon uses names only on platforms that resolve them)"));
                        else errors.Add(new ImportMessage(file, line, "network '" + name + "': expected 'address: PREFIX' or 'name: NETWORK'"));
                    }
                    Add(into.Networks, name, items, file, Line(node), errors);
                }
            if (Child(root, "services") is YamlMappingNode services)
                foreach (var (name, node) in Entries(services))
                {
                    var items = new List<CapircaDefinitions.Item>();
                    foreach (var v in Items(node))
                    {
                        var line = Line(v);
                        if (v is YamlMappingNode value && Scalar(Child(value, "name")) is string other) items.Add(new CapircaDefinitions.Item(other, file, line));
                        else if (v is YamlMappingNode pp && Scalar(Child(pp, "port")) is string port && Scalar(Child(pp, "protocol")) is string protocol)
                            items.Add(new CapircaDefinitions.Item(port.Replace(" ", "") + "/" + protocol, file, line));
                        else errors.Add(new ImportMessage(file, line, "service '" + name + "': expected 'port: N' and 'protocol: P', or 'name: SERVICE'"));
                    }
                    Add(into.Services, name, items, file, Line(node), errors);
                }
        }

        /// <summary>The filters of a YAML policy; includes resolve against <paramref name="baseDirectory"/>.</summary>
        public static List<CapircaFilter> ReadPolicy(string path, string baseDirectory, List<ImportMessage> errors)
        {
            var file = Path.GetFileName(path);
            var filters = new List<CapircaFilter>();
            var root = Load(path, errors, named: true);
            if (root == null) return filters;
            if (Child(root, "filters") is not YamlSequenceNode list)
            {
                errors.Add(new ImportMessage(file, Line(root), "expected 'filters:' with a list of filters"));
                return filters;
            }
            foreach (var f in list.Children)
            {
                if (f is not YamlMappingNode map) { errors.Add(new ImportMessage(file, Line(f), "expected a filter with 'header' and 'terms'")); continue; }
                var filter = new CapircaFilter { Line = Line(f) };
                if (Child(map, "header") is YamlMappingNode header)
                {
                    if (Scalar(Child(header, "comment")) is string comment) filter.Comments.Add(comment);
                    if (Child(header, "targets") is YamlMappingNode targets)
                        foreach (var (platform, options) in Entries(targets))
                        {
                            var t = new List<string> { platform };
                            t.AddRange((Scalar(options) ?? "").Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries));
                            filter.Targets.Add(t);
                        }
                }
                Terms(Child(map, "terms"), file, baseDirectory, filter, errors, new Stack<string>());
                filters.Add(filter);
            }
            return filters;
        }

        private static void Terms(YamlNode? node, string file, string baseDirectory, CapircaFilter filter, List<ImportMessage> errors, Stack<string> including)
        {
            foreach (var t in Items(node))
            {
                if (t is not YamlMappingNode term) { errors.Add(new ImportMessage(file, Line(t), "expected a term")); continue; }
                if (Scalar(Child(term, "include")) is string include)
                {
                    var path = Path.GetFullPath(Path.Combine(baseDirectory, include));
                    if (!path.StartsWith(Path.GetFullPath(baseDirectory), StringComparison.Ordinal) || !File.Exists(path) || including.Contains(path) || including.Count > 16)
                    {
                        errors.Add(new ImportMessage(file, Line(t), "cannot include '" + include + "': expected a file under " + baseDirectory + " that does not include itself"));
                        continue;
                    }
                    var included = Load(path, errors);
                    including.Push(path);
                    if (included != null) Terms(Child(included, "terms"), Path.GetFileName(path), baseDirectory, filter, errors, including);
                    including.Pop();
                    continue;
                }
                var name = Scalar(Child(term, "name"));
                if (name == null) { errors.Add(new ImportMessage(file, Line(t), "a term without 'name'")); continue; }
                var result = new CapircaTerm(name, file, Line(t));
                foreach (var (key, value) in Entries(term))
                {
                    if (key == "name") continue;
                    if (key.Equals("verbatim", StringComparison.OrdinalIgnoreCase))
                    {
                        // A mapping of platform to text, each text one value that may hold line breaks.
                        if (value is not YamlMappingNode platforms) { errors.Add(new ImportMessage(file, Line(value), "term '" + name + "': 'verbatim' expected a mapping of platform to text")); continue; }
                        foreach (var (platform, text) in Entries(platforms))
                        {
                            if (Scalar(text) is string s) result.Verbatim.Add((platform, s));
                            else errors.Add(new ImportMessage(file, Line(text), "term '" + name + "': verbatim text for '" + platform + "' expected text"));
                        }
                        continue;
                    }
                    var values = new List<string>();
                    foreach (var v in value is YamlSequenceNode ? Items(value) : new[] { value })
                    {
                        var s = Scalar(v);
                        if (s == null) { errors.Add(new ImportMessage(file, Line(v), "term '" + name + "': '" + key + "' expected text or a list of text")); continue; }
                        // Comments are one text; other values are words separated by spaces, as Capirca writes them.
                        if (key == "comment" || key == "owner") values.Add(s.Trim());
                        else values.AddRange(s.Split(new[] { ' ', '\t', '\n' }, StringSplitOptions.RemoveEmptyEntries));
                    }
                    result.Fields[key.ToLowerInvariant()] = values;
                }
                filter.Terms.Add(result);
            }
        }

        /// <param name="named">The policy named on the command line (read as it is), not a definitions file or an include.</param>
        private static YamlMappingNode? Load(string path, List<ImportMessage> errors, bool named = false)
        {
            var file = Path.GetFileName(path);
            if (ImportFiles.Read(path, named, errors) is not { } text) return null;
            try
            {
                var stream = new YamlStream();
                using var reader = new StringReader(text);
                stream.Load(reader);
                if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
                {
                    errors.Add(new ImportMessage(file, 1, "expected a YAML mapping"));
                    return null;
                }
                return root;
            }
            catch (YamlException e)
            {
                errors.Add(new ImportMessage(file, (int)Math.Min(int.MaxValue, e.Start.Line), "not YAML: " + e.Message));
                return null;
            }
        }

        private static void Add(Dictionary<string, List<CapircaDefinitions.Item>> into, string name, List<CapircaDefinitions.Item> items, string file, int line, List<ImportMessage> errors)
        {
            if (into.ContainsKey(name)) errors.Add(new ImportMessage(file, line, "'" + name + "' is defined twice"));
            into[name] = items;
        }

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

        private static string? Scalar(YamlNode? node) => node is YamlScalarNode s ? s.Value : null;

        private static IEnumerable<YamlNode> Items(YamlNode? node) => node is YamlSequenceNode seq ? seq.Children : Array.Empty<YamlNode>();

        private static IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode map) =>
            map.Children.Where(kv => kv.Key is YamlScalarNode).Select(kv => (((YamlScalarNode)kv.Key).Value ?? "", kv.Value));

        private static int Line(YamlNode node) => (int)Math.Min(int.MaxValue, node.Start.Line);
    }
}
