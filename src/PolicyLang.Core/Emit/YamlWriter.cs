namespace PolicyLang.Emit
{
    /// <summary>An ordered YAML mapping; values are strings, integers, booleans, tagged strings, nested mappings or lists.</summary>
    public sealed class YamlMap
    {
        public List<KeyValuePair<string, object>> Entries { get; } = new List<KeyValuePair<string, object>>();

        public YamlMap Add(string key, object value)
        {
            Entries.Add(new KeyValuePair<string, object>(key, value));
            return this;
        }
    }

    /// <summary>A string with a local tag, e.g. Ansible's <c>!unsafe</c> (a value it never templates).</summary>
    public sealed record YamlTagged(string Tag, string Value);

    /// <summary>
    /// Writes YAML as kubectl, Helm, Kustomize and ansible-inventory print it (Kubernetes manifests, Ansible inventories), through YamlDotNet's emitter: block style, sequences not
    /// indented under their key, and a string plain unless plain would read back as something else. A string is quoted
    /// when it would resolve to another type (true, no, ~, 80, 0x1F, 1e3, .inf, 2026-12-04) or when its characters do not
    /// allow a plain scalar (the emitter decides: ": ", " #", a leading indicator, leading or trailing space); characters
    /// outside printable ASCII are escaped in a double-quoted scalar. So no label, name or description can start a new
    /// key, document or line.
    /// </summary>
    public static class YamlWriter
    {
        private static readonly YamlDotNet.Core.EmitterSettings s_settings = new YamlDotNet.Core.EmitterSettings()
            .WithBestIndent(2).WithBestWidth(int.MaxValue).WithNewLine("\n").WithMaxSimpleKeyLength(1024);

        /// <param name="explicitStart">Start the document with <c>---</c> (a stream of several manifests).</param>
        public static void Document(StringBuilder sb, YamlMap map, bool explicitStart = true)
        {
            using var writer = new StringWriter(sb, CultureInfo.InvariantCulture);
            var emitter = new YamlDotNet.Core.Emitter(writer, s_settings);
            emitter.Emit(new YamlDotNet.Core.Events.StreamStart());
            emitter.Emit(new YamlDotNet.Core.Events.DocumentStart(null, null, isImplicit: !explicitStart));
            Write(emitter, map);
            emitter.Emit(new YamlDotNet.Core.Events.DocumentEnd(isImplicit: true));
            emitter.Emit(new YamlDotNet.Core.Events.StreamEnd());
        }

        /// <summary>The scalar of <paramref name="s"/> on its own, as <see cref="Document"/> writes it (for tests and messages).</summary>
        public static string Quote(string s)
        {
            var sb = new StringBuilder();
            using (var writer = new StringWriter(sb, CultureInfo.InvariantCulture))
            {
                var emitter = new YamlDotNet.Core.Emitter(writer, s_settings);
                emitter.Emit(new YamlDotNet.Core.Events.StreamStart());
                emitter.Emit(new YamlDotNet.Core.Events.DocumentStart(null, null, isImplicit: true));
                emitter.Emit(Scalar(s));
                emitter.Emit(new YamlDotNet.Core.Events.DocumentEnd(isImplicit: true));
                emitter.Emit(new YamlDotNet.Core.Events.StreamEnd());
            }
            var text = sb.ToString().TrimEnd('\n');
            // A document of an empty scalar alone gets an explicit start.
            return text.StartsWith("--- ", StringComparison.Ordinal) ? text.Substring(4) : text;
        }

        private static void Write(YamlDotNet.Core.IEmitter emitter, object value)
        {
            switch (value)
            {
                case string s:
                    emitter.Emit(Scalar(s));
                    break;
                case bool b:
                    emitter.Emit(new YamlDotNet.Core.Events.Scalar(null, null, b ? "true" : "false", YamlDotNet.Core.ScalarStyle.Plain, true, false));
                    break;
                case YamlTagged t:
                {
                    var plain = Scalar(t.Value).Style == YamlDotNet.Core.ScalarStyle.Plain;
                    emitter.Emit(new YamlDotNet.Core.Events.Scalar(null, t.Tag, t.Value, plain ? YamlDotNet.Core.ScalarStyle.Plain : YamlDotNet.Core.ScalarStyle.DoubleQuoted, false, false));
                    break;
                }
                case int i:
                    emitter.Emit(new YamlDotNet.Core.Events.Scalar(null, null, i.ToString(CultureInfo.InvariantCulture), YamlDotNet.Core.ScalarStyle.Plain, true, false));
                    break;
                case YamlMap m:
                    emitter.Emit(new YamlDotNet.Core.Events.MappingStart(null, null, true,
                        m.Entries.Count == 0 ? YamlDotNet.Core.Events.MappingStyle.Flow : YamlDotNet.Core.Events.MappingStyle.Block));
                    foreach (var e in m.Entries)
                    {
                        emitter.Emit(Scalar(e.Key));
                        Write(emitter, e.Value);
                    }
                    emitter.Emit(new YamlDotNet.Core.Events.MappingEnd());
                    break;
                case IList<object> list:
                    emitter.Emit(new YamlDotNet.Core.Events.SequenceStart(null, null, true,
                        list.Count == 0 ? YamlDotNet.Core.Events.SequenceStyle.Flow : YamlDotNet.Core.Events.SequenceStyle.Block));
                    foreach (var item in list) Write(emitter, item);
                    emitter.Emit(new YamlDotNet.Core.Events.SequenceEnd());
                    break;
                default:
                    throw new System.InvalidOperationException("Unsupported YAML value " + value.GetType().Name);
            }
        }

        /// <summary>
        /// A string scalar: plain when it reads back as the same string, else double-quoted with escapes (one quoting style,
        /// so that the shape of a file never depends on what a string holds beyond plain or not).
        /// </summary>
        private static YamlDotNet.Core.Events.Scalar Scalar(string s)
        {
            bool plain = s_plain.IsMatch(s) && !s.Contains(": ") && !s.EndsWith(":", StringComparison.Ordinal) && !ResolvesToAnotherType(s);
            return new YamlDotNet.Core.Events.Scalar(null, null, s, plain ? YamlDotNet.Core.ScalarStyle.Plain : YamlDotNet.Core.ScalarStyle.DoubleQuoted, plain, !plain);
        }

        // Plain only for a conservative alphabet: no indicator at the start, no '#' or quote anywhere, ':' only inside a word
        // (an IPv6 address, not a key), no space at either end.
        private static readonly Regex s_plain = new Regex(@"^[A-Za-z0-9_./][A-Za-z0-9_./@ ()+,=:-]*(?<! )$", RegexOptions.CultureInvariant);

        // YAML 1.1 and 1.2 core-schema values that are not strings (what go-yaml, PyYAML and kubectl read as bool, null,
        // number or timestamp), plus anything that starts like a number.
        private static readonly Regex s_typed = new Regex(
            @"^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
            + @"|[-+]?(?:\.[0-9]|[0-9])[0-9a-zA-Z_.:+-]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|<<|=)$",
            RegexOptions.CultureInvariant);

        private static bool ResolvesToAnotherType(string s) => s_typed.IsMatch(s);
    }
}
