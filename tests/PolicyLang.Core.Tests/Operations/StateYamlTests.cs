using System.Linq;
using System.Text;
using CsCheck;
using PolicyLang.Emit.State;
using Xunit;

namespace PolicyLang.Tests.Operations
{
    public sealed class StateYamlTests
    {
        /// <summary>A node as compact JSON, for comparing what YAML and JSON readers make of the same data.</summary>
        public static string ToJson(JsonNode n) => n.Kind switch
        {
            JsonKind.Object => "{" + string.Join(",", n.Members.Select(m => Quote(m.Key) + ":" + ToJson(m.Value))) + "}",
            JsonKind.Array => "[" + string.Join(",", n.Items.Select(ToJson)) + "]",
            JsonKind.String => Quote(n.Text!),
            JsonKind.Number => n.Text!,
            JsonKind.True => "true",
            JsonKind.False => "false",
            _ => "null",
        };

        /// <summary>A node as block YAML, the way nv config show -o yaml and kubectl -o yaml lay it out.</summary>
        public static string ToYaml(JsonNode n)
        {
            var sb = new StringBuilder();
            Yaml(sb, n, 0, inSequence: false);
            return sb.ToString();
        }

        private static void Yaml(StringBuilder sb, JsonNode n, int indent, bool inSequence)
        {
            string pad = new string(' ', indent);
            if (n.Kind == JsonKind.Object && n.Members.Count > 0)
            {
                bool first = true;
                foreach (var m in n.Members)
                {
                    sb.Append(first && inSequence ? "" : pad).Append('\'').Append(m.Key).Append("':");
                    first = false;
                    if (m.Value.Kind is JsonKind.Object or JsonKind.Array && (m.Value.Members.Count > 0 || m.Value.Items.Count > 0))
                    {
                        sb.Append('\n');
                        Yaml(sb, m.Value, m.Value.Kind == JsonKind.Array ? indent : indent + 2, false);
                    }
                    else sb.Append(' ').Append(Scalar(m.Value)).Append('\n');
                }
            }
            else if (n.Kind == JsonKind.Array && n.Items.Count > 0)
            {
                foreach (var item in n.Items)
                {
                    sb.Append(pad).Append("- ");
                    if (item.Kind is JsonKind.Object && item.Members.Count > 0) Yaml(sb, item, indent + 2, true);
                    else sb.Append(Scalar(item)).Append('\n');
                }
            }
            else sb.Append(pad).Append(Scalar(n)).Append('\n');
        }

        private static string Scalar(JsonNode n) => n.Kind switch
        {
            JsonKind.Object => "{}",
            JsonKind.Array => "[]",
            JsonKind.String => "'" + n.Text!.Replace("'", "''") + "'",
            _ => ToJson(n),
        };

        private static string Quote(string s)
        {
            var sb = new StringBuilder("\"");
            foreach (var c in s)
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c == '\n') sb.Append("\\n");
                else if (c < ' ') sb.Append("\\u").Append(((int)c).ToString("x4"));
                else sb.Append(c);
            }
            return sb.Append('"').ToString();
        }

        [Fact]
        public void Kubectl_and_nvue_shapes_read_as_their_json()
        {
            var yaml = "# comment\napiVersion: v1\nitems:\n- kind: NetworkPolicy\n  metadata:\n    name: \"a\" # trailing\n    labels: {}\n    annotations:\n"
                + "      note: |\n        line one\n        line two\n      folded: >-\n        a\n        b\n  spec:\n    ports: [80, \"443\", 'x y']\n    ingress:\n    - {}\n    - from:\n      - podSelector:\n          matchLabels:\n            app: web\n"
                + "    empty:\n    flag: true\n    n: null\n    zero: 0\n    octal: 0755\n";
            Assert.Equal("{\"apiVersion\":\"v1\",\"items\":[{\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":\"a\",\"labels\":{},\"annotations\":{\"note\":\"line one\\nline two\\n\",\"folded\":\"a b\"}},"
                + "\"spec\":{\"ports\":[80,\"443\",\"x y\"],\"ingress\":[{},{\"from\":[{\"podSelector\":{\"matchLabels\":{\"app\":\"web\"}}}]}],\"empty\":null,\"flag\":true,\"n\":null,\"zero\":0,\"octal\":\"0755\"}}]}",
                ToJson(StateYaml.Parse(yaml)));
            var nvue = "- header:\n    model: VX\n    rev-id: 1.0\n- set:\n    acl:\n      A:\n        rule:\n          '10':\n            action:\n              permit: {}\n        type: ipv4\n";
            Assert.Equal("[{\"header\":{\"model\":\"VX\",\"rev-id\":1.0}},{\"set\":{\"acl\":{\"A\":{\"rule\":{\"10\":{\"action\":{\"permit\":{}}}},\"type\":\"ipv4\"}}}}]", ToJson(StateYaml.Parse(nvue)));
            Assert.Equal("[{\"a\":1},{\"b\":2}]", ToJson(StateYaml.Parse("---\na: 1\n---\nb: 2\n")));
            // Plain floats are numbers, as YAML's core schema (and kubectl, which quotes a string that reads as one) has them;
            // digits with a leading zero stay the strings they were.
            Assert.Equal("{\"f\":[1.5,-0.0e-5,1e999999,.5,1.,\"e5\",\"1e\",\"1.5.1\",\"0755\",\"1.5\"]}",
                ToJson(StateYaml.Parse("f:\n- 1.5\n- -0.0e-5\n- 1e999999\n- .5\n- 1.\n- e5\n- 1e\n- 1.5.1\n- 0755\n- '1.5'\n")));
            // A value's offset is where it starts, not at the spaces after its key's colon.
            var doc = "a:    x\nb: 'y'\n";
            Assert.Equal(doc.IndexOf('x'), StateYaml.Parse(doc)["a"]!.Offset);
            Assert.Equal(doc.IndexOf('\''), StateYaml.Parse(doc)["b"]!.Offset);
        }

        [Fact]
        public void What_a_yaml_writer_lays_out_reads_back_as_the_same_tree()
        {
            var json = "{\"a\":[{\"b\":{\"c\":[1,2,{\"d\":\"x: y # z\"}]}},{}],\"e\":{\"f\":{}},\"g\":\"it's\"}";
            var node = StateJson.Parse(json);
            Assert.Equal(ToJson(node), ToJson(StateYaml.Parse(ToYaml(node))));
        }

        [Theory]
        [InlineData("a: 1\n  b: 2\n", "unexpected indentation")]
        [InlineData("a:\n\tb: 1\n", "a tab in indentation")]
        [InlineData("a: &x 1\n", "anchors, aliases and tags")]
        [InlineData("a: [1, 2\n", "flow collection")]
        [InlineData("", "an empty YAML document")]
        public void Bad_yaml_is_an_error_at_a_position(string text, string message)
        {
            var e = Assert.Throws<StateReadException>(() => StateYaml.Parse(text));
            Assert.Contains(message, e.Message);
            Assert.InRange(e.Offset, 0, text.Length);
        }

        [Fact]
        public void Random_text_and_deep_nesting_never_throw_anything_else()
        {
            var deep = new StringBuilder();
            for (int i = 0; i < 300; i++) deep.Append(new string(' ', i)).Append("k:\n");
            Assert.Throws<StateReadException>(() => StateYaml.Parse(deep.ToString()));
            Gen.String[Gen.Char["ab:- {}[]'\"#|>\n 0123"], 0, 80].Sample(s =>
            {
                try { StateYaml.Parse(s); }
                catch (StateReadException e) { Assert.InRange(e.Offset, 0, s.Length); }
            }, iter: 5000);
        }
    }
}
