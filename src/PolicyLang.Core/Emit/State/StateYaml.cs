namespace PolicyLang.Emit.State
{
    /// <summary>
    /// Reads the YAML that tools export (<c>kubectl get … -o yaml</c>, <c>nv config show -o yaml</c>) into the same
    /// <see cref="JsonNode"/> tree as their JSON: block mappings and sequences by indentation, plain, single- and
    /// double-quoted scalars, literal and folded block scalars, flow collections of scalars (<c>[a, b]</c>, <c>{}</c>),
    /// comments and several documents (read as a sequence of them). Anchors, aliases, tags and complex keys are not what
    /// these exports hold: they are errors at their position, as is bad indentation. Scalars stay strings, except
    /// integers, true/false and null, which become those kinds (as the JSON export would have them).
    /// </summary>
    public static class StateYaml
    {
        public const int MaxDepth = 100;

        private sealed class Line(int number, int offset, int indent, string text)
        {
            public int Number { get; } = number;
            public int Offset { get; } = offset;
            public int Indent { get; } = indent;

            /// <summary>The content without indentation and trailing comment/white space.</summary>
            public string Text { get; } = text;
        }

        public static JsonNode Parse(string text)
        {
            var lines = new List<Line>();
            var documents = new List<List<Line>> { lines };
            int offset = 0, number = 0;
            while (offset <= text.Length)
            {
                int end = text.IndexOf('\n', offset);
                if (end < 0) end = text.Length;
                number++;
                var raw = text.Substring(offset, end - offset).TrimEnd('\r');
                if (number == 1 && raw.Length > 0 && raw[0] == '\uFEFF') { raw = raw.Substring(1); offset++; }
                int indent = 0;
                while (indent < raw.Length && raw[indent] == ' ') indent++;
                if (indent < raw.Length && raw[indent] == '\t') throw new StateReadException(offset + indent, "a tab in indentation (YAML indents with spaces)");
                var content = StripComment(raw.Substring(indent)).TrimEnd();
                if (raw.StartsWith("---", StringComparison.Ordinal) && (raw.Length == 3 || raw[3] == ' '))
                {
                    if (lines.Count > 0) documents.Add(lines = new List<Line>());
                }
                else if (raw == "...") { }
                // Blank lines are kept: a block scalar's text holds them; elsewhere the reader skips them.
                else lines.Add(new Line(number, offset + indent, indent, content));
                if (end >= text.Length) break;
                offset = end + 1;
            }
            var docs = documents.Where(d => d.Any(l => l.Text.Length > 0)).ToList();
            if (docs.Count == 0) throw new StateReadException(0, "an empty YAML document");
            var parsed = docs.Select(d => new Reader(text, d).Document()).ToList();
            return parsed.Count == 1 ? parsed[0] : new JsonNode(JsonKind.Array, 0, items: parsed);
        }

        private static string StripComment(string s)
        {
            if (s.StartsWith("#", StringComparison.Ordinal)) return "";
            bool single = false, dbl = false;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '\'' && !dbl) single = !single;
                else if (c == '"' && !single && (i == 0 || s[i - 1] != '\\')) dbl = !dbl;
                else if (c == '#' && !single && !dbl && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')) return s.Substring(0, i);
            }
            return s;
        }

        private sealed class Reader(string text, List<Line> lines)
        {
            private int _i;

            private void SkipBlank()
            {
                while (_i < lines.Count && lines[_i].Text.Length == 0) _i++;
            }

            public JsonNode Document()
            {
                SkipBlank();
                var node = Block(lines[_i].Indent, 0);
                SkipBlank();
                if (_i < lines.Count) throw new StateReadException(lines[_i].Offset, "unexpected indentation (line " + lines[_i].Number + ")");
                return node;
            }

            private JsonNode Block(int indent, int depth)
            {
                if (depth > MaxDepth) throw new StateReadException(lines[_i].Offset, "YAML nested deeper than " + MaxDepth + " levels");
                SkipBlank();
                var first = lines[_i];
                if (first.Text == "-" || first.Text.StartsWith("- ", StringComparison.Ordinal)) return Sequence(indent, depth);
                if (KeyEnd(first.Text) > 0) return Mapping(indent, depth);
                _i++;
                return Scalar(first.Text, first.Offset);
            }

            private JsonNode Sequence(int indent, int depth)
            {
                var items = new List<JsonNode>();
                int start = lines[_i].Offset;
                while (true)
                {
                    SkipBlank();
                    if (_i >= lines.Count) break;
                    var l = lines[_i];
                    if (l.Indent < indent) break;
                    if (l.Indent > indent) throw new StateReadException(l.Offset, "unexpected indentation in a sequence (line " + l.Number + ")");
                    if (l.Text != "-" && !l.Text.StartsWith("- ", StringComparison.Ordinal)) break;
                    if (l.Text == "-")
                    {
                        _i++;
                        SkipBlank();
                        if (_i < lines.Count && lines[_i].Indent > indent) items.Add(Block(lines[_i].Indent, depth + 1));
                        else items.Add(new JsonNode(JsonKind.Null, l.Offset));
                        continue;
                    }
                    // "- rest": the rest is a scalar, or the first line of a mapping indented at its column.
                    int column = l.Indent + 2;
                    while (column < l.Indent + l.Text.Length && text[l.Offset + column - l.Indent] == ' ') column++;
                    var rest = l.Text.Substring(column - l.Indent);
                    if (rest.StartsWith("- ", StringComparison.Ordinal) || rest == "-" || KeyEnd(rest) > 0)
                    {
                        lines[_i] = new Line(l.Number, l.Offset + (column - l.Indent), column, rest);
                        items.Add(Block(column, depth + 1));
                    }
                    else
                    {
                        _i++;
                        items.Add(Value(rest, l.Offset + (column - l.Indent), indent, depth));
                    }
                }
                return new JsonNode(JsonKind.Array, start, items: items);
            }

            private JsonNode Mapping(int indent, int depth)
            {
                var members = new List<KeyValuePair<string, JsonNode>>();
                int start = lines[_i].Offset;
                while (true)
                {
                    SkipBlank();
                    if (_i >= lines.Count) break;
                    var l = lines[_i];
                    if (l.Indent < indent) break;
                    if (l.Indent > indent) throw new StateReadException(l.Offset, "unexpected indentation in a mapping (line " + l.Number + ")");
                    int colon = KeyEnd(l.Text);
                    if (colon <= 0) break;
                    var key = Unquote(l.Text.Substring(0, colon).Trim(), l.Offset);
                    var after = l.Text.Substring(colon + 1);
                    var rest = after.Trim();
                    // A value's offset is where it starts, after the spaces that follow the colon (a diagnostic points at it).
                    int restOffset = l.Offset + colon + 1 + (rest.Length == 0 ? 0 : after.Length - after.TrimStart().Length);
                    _i++;
                    if (rest.Length == 0)
                    {
                        SkipBlank();
                        if (_i < lines.Count && (lines[_i].Indent > indent || (lines[_i].Indent == indent && (lines[_i].Text == "-" || lines[_i].Text.StartsWith("- ", StringComparison.Ordinal)))))
                            members.Add(new KeyValuePair<string, JsonNode>(key, Block(lines[_i].Indent, depth + 1)));
                        else members.Add(new KeyValuePair<string, JsonNode>(key, new JsonNode(JsonKind.Null, restOffset)));
                    }
                    else members.Add(new KeyValuePair<string, JsonNode>(key, Value(rest, restOffset, indent, depth)));
                }
                return new JsonNode(JsonKind.Object, start, members: members);
            }

            /// <summary>A value on the key's line: a block scalar indicator, a flow collection or a scalar.</summary>
            private JsonNode Value(string rest, int offset, int indent, int depth)
            {
                if (rest.StartsWith("&", StringComparison.Ordinal) || rest.StartsWith("*", StringComparison.Ordinal) || rest.StartsWith("!", StringComparison.Ordinal))
                    throw new StateReadException(offset, "anchors, aliases and tags are not read in state exports");
                if (rest[0] == '|' || rest[0] == '>') return BlockScalar(rest, offset, indent);
                if (rest[0] == '[' || rest[0] == '{') return Flow(rest, offset, depth);
                return Scalar(rest, offset);
            }

            private JsonNode BlockScalar(string header, int offset, int indent)
            {
                bool folded = header[0] == '>';
                bool keep = header.Contains("+"), strip = header.Contains("-");
                var parts = new List<string>();
                int blockIndent = -1;
                while (_i < lines.Count)
                {
                    var l = lines[_i];
                    var raw = RawLine(l);
                    int lead = raw.Length - raw.TrimStart(' ').Length;
                    if (raw.Trim().Length > 0 && lead <= indent) break;
                    if (raw.Trim().Length > 0 && blockIndent < 0) blockIndent = lead;
                    parts.Add(raw.Trim().Length == 0 ? "" : raw.Substring(Math.Min(blockIndent, raw.Length)));
                    _i++;
                }
                while (!keep && parts.Count > 0 && parts[parts.Count - 1].Length == 0) parts.RemoveAt(parts.Count - 1);
                var value = folded ? string.Join(" ", parts) : string.Join("\n", parts);
                if (!strip && parts.Count > 0) value += "\n";
                return new JsonNode(JsonKind.String, offset, value);
            }

            private string RawLine(Line l)
            {
                int start = l.Offset - l.Indent;
                int end = text.IndexOf('\n', start);
                return text.Substring(start, (end < 0 ? text.Length : end) - start).TrimEnd('\r');
            }

            private JsonNode Flow(string rest, int offset, int depth)
            {
                // Flow collections in exports are short and on one line: read them as JSON after quoting plain scalars.
                var sb = new StringBuilder();
                int i = 0;
                while (i < rest.Length)
                {
                    char c = rest[i];
                    if ("[]{},:".IndexOf(c) >= 0 || c == ' ') { sb.Append(c); i++; continue; }
                    if (c == '"' || c == '\'')
                    {
                        int end = rest.IndexOf(c, i + 1);
                        if (end < 0) throw new StateReadException(offset + i, "an unterminated string");
                        sb.Append(Quote(rest.Substring(i + 1, end - i - 1)));
                        i = end + 1;
                        continue;
                    }
                    int j = i;
                    while (j < rest.Length && "[]{},".IndexOf(rest[j]) < 0 && !(rest[j] == ':' && (j + 1 == rest.Length || rest[j + 1] == ' '))) j++;
                    var word = rest.Substring(i, j - i).Trim();
                    sb.Append(Scalar(word, offset + i) is { } n && n.Kind is JsonKind.Number or JsonKind.True or JsonKind.False or JsonKind.Null ? word : Quote(word));
                    i = j;
                }
                try
                {
                    var node = StateJson.Parse(sb.ToString());
                    return Shift(node, offset, depth);
                }
                catch (StateReadException e)
                {
                    throw new StateReadException(offset + Math.Min(e.Offset, rest.Length), "a flow collection: " + e.Message);
                }
            }

            private static JsonNode Shift(JsonNode n, int offset, int depth)
            {
                if (depth > MaxDepth) throw new StateReadException(offset, "YAML nested deeper than " + MaxDepth + " levels");
                return n.Kind switch
                {
                    JsonKind.Object => new JsonNode(JsonKind.Object, offset, members: n.Members.Select(m => new KeyValuePair<string, JsonNode>(m.Key, Shift(m.Value, offset, depth + 1))).ToList()),
                    JsonKind.Array => new JsonNode(JsonKind.Array, offset, items: n.Items.Select(x => Shift(x, offset, depth + 1)).ToList()),
                    _ => new JsonNode(n.Kind, offset, n.Text),
                };
            }

            private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

            private static string Unquote(string s, int offset)
            {
                if (s.Length >= 2 && ((s[0] == '"' && s[s.Length - 1] == '"') || (s[0] == '\'' && s[s.Length - 1] == '\'')))
                    return Scalar(s, offset).Text ?? "";
                if (s.StartsWith("?", StringComparison.Ordinal)) throw new StateReadException(offset, "complex mapping keys are not read in state exports");
                return s;
            }

            private static JsonNode Scalar(string s, int offset)
            {
                if (s.Length >= 2 && s[0] == '"' && s[s.Length - 1] == '"')
                {
                    try
                    {
                        return new JsonNode(JsonKind.String, offset, StateJson.Parse(s).Text);
                    }
                    catch (StateReadException e)
                    {
                        throw new StateReadException(offset + e.Offset, e.Message);
                    }
                }
                if (s.Length >= 2 && s[0] == '\'' && s[s.Length - 1] == '\'') return new JsonNode(JsonKind.String, offset, s.Substring(1, s.Length - 2).Replace("''", "'"));
                if (s == "null" || s == "~") return new JsonNode(JsonKind.Null, offset);
                if (s == "true") return new JsonNode(JsonKind.True, offset);
                if (s == "false") return new JsonNode(JsonKind.False, offset);
                if (s.Length > 0 && s.Length <= 18 && (char.IsDigit(s[0]) || (s[0] == '-' && s.Length > 1)) && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                    && !(s.Length > 1 && s[0] == '0'))
                    return new JsonNode(JsonKind.Number, offset, s);
                // A plain 1.5, -0.0e-5 or 1e999999 is a float to YAML (and to kubectl, which quotes a string that reads as one):
                // a number that is no integer, not a string that happens to look like a name.
                if (IsFloat(s)) return new JsonNode(JsonKind.Number, offset, s);
                if (s.StartsWith("&", StringComparison.Ordinal) || s.StartsWith("*", StringComparison.Ordinal) || s.StartsWith("!", StringComparison.Ordinal))
                    throw new StateReadException(offset, "anchors, aliases and tags are not read in state exports");
                return new JsonNode(JsonKind.String, offset, s);
            }

            /// <summary>A float as YAML's core schema reads a plain scalar: [-+]?(.D+|D+(.D*)?)([eE][-+]?D+)? with a fraction or an
            /// exponent, or .inf and .nan.</summary>
            private static bool IsFloat(string s)
            {
                if (s is ".inf" or "-.inf" or "+.inf" or ".Inf" or "-.Inf" or "+.Inf" or ".INF" or "-.INF" or "+.INF" or ".nan" or ".NaN" or ".NAN") return true;
                int i = 0;
                if (i < s.Length && (s[i] == '-' || s[i] == '+')) i++;
                int digits = 0;
                bool fraction = false;
                while (i < s.Length && s[i] >= '0' && s[i] <= '9') { i++; digits++; }
                if (i < s.Length && s[i] == '.')
                {
                    i++;
                    fraction = true;
                    while (i < s.Length && s[i] >= '0' && s[i] <= '9') { i++; digits++; }
                }
                if (digits == 0) return false;
                if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
                {
                    i++;
                    if (i < s.Length && (s[i] == '-' || s[i] == '+')) i++;
                    int exponent = 0;
                    while (i < s.Length && s[i] >= '0' && s[i] <= '9') { i++; exponent++; }
                    if (exponent == 0) return false;
                    fraction = true;
                }
                // Digits alone are the integers above (or, with a leading zero, left a string as before).
                return i == s.Length && fraction;
            }

            /// <summary>The index of the colon that ends a mapping key ("key: value" or "key:"), or -1.</summary>
            private static int KeyEnd(string s)
            {
                if (s.StartsWith("- ", StringComparison.Ordinal) || s == "-") return -1;
                int i = 0;
                if (s.Length > 0 && (s[0] == '"' || s[0] == '\''))
                {
                    int close = s.IndexOf(s[0], 1);
                    while (close > 0 && s[0] == '"' && s[close - 1] == '\\') close = s.IndexOf('"', close + 1);
                    if (close < 0) return -1;
                    i = close + 1;
                    return i < s.Length && s[i] == ':' && (i + 1 == s.Length || s[i + 1] == ' ') ? i : -1;
                }
                if (s.Length > 0 && (s[0] == '[' || s[0] == '{')) return -1;
                for (; i < s.Length; i++)
                    if (s[i] == ':' && (i + 1 == s.Length || s[i + 1] == ' ')) return i;
                return -1;
            }
        }
    }
}
