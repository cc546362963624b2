using StreamJsonRpc;

namespace PolicyLang.LanguageServer.Features
{
    /// <summary>Renames a declared name and every reference to it, after checking the new name.</summary>
    public static class Rename
    {
        /// <summary>Fails the request when the symbol is not something a rename can change (the policy header).</summary>
        public static void EnsureRenamable(Symbol symbol)
        {
            if (symbol.Kind == SymbolKind.Policy)
                throw Failure("the policy's name is not referenced anywhere; edit it in place");
        }

        public static WorkspaceEdit Edits(SymbolOccurrences found, string newName, Func<string, string> uriFor)
        {
            var symbol = found.Symbol;
            EnsureRenamable(symbol);
            var what = Symbol.Describe(symbol.Kind);
            if (SyntaxFacts.IsReservedWord(newName))
                throw Failure("'" + newName + "' is a reserved word and cannot name a " + what);
            if (!SyntaxFacts.IsValidName(newName))
                throw Failure("'" + newName + "' is not a valid name: use ASCII letters, digits, '_' and inner '-', starting with a letter or '_'");
            var changes = new Dictionary<string, TextEdit[]>(StringComparer.Ordinal);
            if (string.Equals(newName, symbol.Name, StringComparison.Ordinal)) return new WorkspaceEdit(changes);
            foreach (var compilation in found.Compilations)
            {
                var clash = Clash(compilation.Model, symbol, newName);
                if (clash != null)
                    throw Failure("cannot rename " + symbol + " to '" + newName + "': " + clash + " is already declared at " + clash.Location.Display);
            }
            var edits = new Dictionary<string, List<TextEdit>>(StringComparer.Ordinal);
            foreach (var location in found.Declaration.Concat(found.References))
            {
                var written = location.Text.ToString(location.Span);
                string replacement;
                if (string.Equals(written, symbol.Name, StringComparison.Ordinal)) replacement = newName;
                else if (string.Equals(written, "\"" + symbol.Name + "\"", StringComparison.Ordinal)) replacement = "\"" + newName + "\"";
                else continue;
                var uri = uriFor(location.Path);
                if (!edits.TryGetValue(uri, out var list)) edits[uri] = list = new List<TextEdit>();
                list.Add(new TextEdit(Conversions.ToRange(location.Text, location.Span), replacement));
            }
            foreach (var entry in edits) changes[entry.Key] = entry.Value.ToArray();
            return new WorkspaceEdit(changes);
        }

        private static Symbol? Clash(PolicyModel model, Symbol symbol, string newName)
        {
            if (symbol is SegmentSymbol segment)
            {
                var zone = model.Zones.FirstOrDefault(z => z.Name == segment.Zone.Name);
                return zone?.Segments.FirstOrDefault(s => s.Name == newName);
            }
            return ModelSymbols.Named(model).FirstOrDefault(s => s.Kind == symbol.Kind && s.Name == newName);
        }

        private static LocalRpcException Failure(string message) => new LocalRpcException(message) { ErrorCode = ErrorCodes.RequestFailed };
    }
}
