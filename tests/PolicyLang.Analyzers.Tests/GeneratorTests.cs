using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using PolicyLang.Analyzers.Generator;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Analyzers.Tests
{
    public class GeneratorTests
    {
        internal const string SmallPolicy =
            "policy small-lab {\n" +
            "  default deny\n" +
            "}\n" +
            "service nfs = tcp/2049\n" +
            "service web = tcp/80, tcp/443\n" +
            "service roce = udp/4791\n" +
            "service ping = icmp echo-request\n" +
            "service triton = tcp/8000-8001\n" +
            "service ssh-high = tcp/1024-65535 -> 22\n" +
            "service bundle = nfs, ping\n" +
            "class rdma {\n" +
            "  dscp 26\n" +
            "  queue 3\n" +
            "  lossless\n" +
            "  bandwidth 50%\n" +
            "}\n" +
            "class bulk {\n" +
            "  dscp cs1\n" +
            "  pcp 1\n" +
            "}\n" +
            "zone training {\n" +
            "  description \"GPU \\\"pods\\\"\"\n" +
            "  segment gpu-pod1 {\n" +
            "    vlan 110\n" +
            "    vni 10110\n" +
            "    subnet 10.10.0.0/18, fd00:10:0:1::/64\n" +
            "    mtu 9000\n" +
            "  }\n" +
            "}\n" +
            "zone storage {\n" +
            "  subnet 10.20.0.0/16\n" +
            "}\n" +
            "external internet {\n" +
            "  subnet 0.0.0.0/0\n" +
            "}\n" +
            "allow training -> storage : nfs, web, roce, ping, triton, bundle class rdma\n" +
            "allow storage -> internet : web class bulk\n";

        private static string ExpectedPath(string name) =>
            Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Analyzers.Tests", "Expected", name);

        /// <summary>The approved generated source; POLICYLANG_UPDATE_BASELINES=1 rewrites it from the actual output.</summary>
        private static string Expected(string name, string actual)
        {
            var path = ExpectedPath(name);
            if (Environment.GetEnvironmentVariable("POLICYLANG_UPDATE_BASELINES") == "1") File.WriteAllText(path, actual);
            return File.ReadAllText(path).Replace("\r\n", "\n");
        }

        private static CSharpSourceGeneratorTest<PolicyGenerator, DefaultVerifier> Test(string consumer, params (string Path, string Text)[] files)
        {
            var test = new CSharpSourceGeneratorTest<PolicyGenerator, DefaultVerifier>
            {
                ReferenceAssemblies = References.None,
                TestCode = consumer,
            };
            test.TestState.AdditionalReferences.AddRange(References.Net80);
            foreach (var f in files) test.TestState.AdditionalFiles.Add((f.Path, f.Text));
            return test;
        }

        [Fact]
        public async Task Generates_the_expected_source_for_a_policy_and_the_api_is_usable_from_csharp()
        {
            var actual = RunGenerator(new[] { ("/src/small.netpolicy", SmallPolicy) }, new Dictionary<string, string> { ["build_property.PolicyLangNamespace"] = "Acme.Network" });
            var expected = Expected("SmallLab.g.cs", actual);

            var consumer =
                "using Acme.Network;\n" +
                "public static class Uses\n" +
                "{\n" +
                "    public const int NfsPort = Policy.Services.Nfs.Port;\n" +
                "    public const string NfsProtocol = Policy.Services.Nfs.Protocol;\n" +
                "    public const int RdmaDscp = Policy.Classes.Rdma.Dscp;\n" +
                "    public const int RdmaQueue = Policy.Classes.Rdma.Queue;\n" +
                "    public const int BulkQueue = Policy.Classes.Bulk.Queue;\n" +
                "    public const int Vlan = Policy.Zones.Training.Segments.GpuPod1.Vlan;\n" +
                "    public static readonly System.Collections.Generic.IReadOnlyList<string> Prefixes = Policy.Zones.Training.Segments.GpuPod1.Prefixes;\n" +
                "    public static readonly System.Collections.Generic.IReadOnlyList<Policy.PortRange> Web = Policy.Services.Web.Ports;\n" +
                "    public static bool IsTriton(int port) => Policy.Services.Triton.Ports[0].Contains(port);\n" +
                "    public static bool IsHighSource(int port) => Policy.Services.SshHigh.Matches[0].SourcePorts[0].Contains(port);\n" +
                "    public const bool Internet = Policy.Zones.Internet.IsExternal;\n" +
                "}\n";
            var test = Test(consumer, ("/src/small.netpolicy", SmallPolicy));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.PolicyLangNamespace = Acme.Network\n"));
            test.TestState.GeneratedSources.Add((typeof(PolicyGenerator), CSharpWriter.HintName, SourceText.From(expected, Encoding.UTF8)));
            await test.RunAsync();
        }

        [Fact]
        public void The_generated_values_are_the_policys()
        {
            var asm = CompileAndLoad(new[] { ("/src/small.netpolicy", SmallPolicy) }, new Dictionary<string, string> { ["build_property.RootNamespace"] = "My.App" });
            object? Const(string type, string field) => asm.GetType(type, throwOnError: true)!.GetField(field)!.GetRawConstantValue();
            Assert.Equal(2049, Const("My.App.Policy+Services+Nfs", "Port"));
            Assert.Equal("tcp", Const("My.App.Policy+Services+Nfs", "Protocol"));
            Assert.Equal(6, Const("My.App.Policy+Services+Nfs", "ProtocolNumber"));
            Assert.Equal("udp", Const("My.App.Policy+Services+Roce", "Protocol"));
            Assert.Null(asm.GetType("My.App.Policy+Services+Web")!.GetField("Port")); // two ports: no single Port constant
            Assert.Null(asm.GetType("My.App.Policy+Services+Bundle")!.GetField("Protocol")); // tcp and icmp
            Assert.Equal(26, Const("My.App.Policy+Classes+Rdma", "Dscp"));
            Assert.Equal(3, Const("My.App.Policy+Classes+Rdma", "Queue"));
            Assert.Equal(true, Const("My.App.Policy+Classes+Rdma", "Lossless"));
            Assert.Equal(50, Const("My.App.Policy+Classes+Rdma", "Bandwidth"));
            Assert.Equal(8, Const("My.App.Policy+Classes+Bulk", "Dscp"));     // cs1
            Assert.Equal(1, Const("My.App.Policy+Classes+Bulk", "Queue"));    // no queue: the 802.1p priority
            Assert.Equal(110, Const("My.App.Policy+Zones+Training+Segments+GpuPod1", "Vlan"));
            Assert.Equal(10110, Const("My.App.Policy+Zones+Training+Segments+GpuPod1", "Vni"));
            Assert.Equal(9000, Const("My.App.Policy+Zones+Training+Segments+GpuPod1", "Mtu"));
            Assert.Equal("training.gpu-pod1", Const("My.App.Policy+Zones+Training+Segments+GpuPod1", "QualifiedName"));
            Assert.Equal("GPU \"pods\"", Const("My.App.Policy+Zones+Training", "Description"));
            Assert.Equal("small-lab", Const("My.App.Policy", "Name"));
            var prefixes = (IReadOnlyList<string>)asm.GetType("My.App.Policy+Zones+Training")!.GetField("Prefixes")!.GetValue(null)!;
            Assert.Equal(new[] { "10.10.0.0/18", "fd00:10:0:1::/64" }, prefixes);
        }

        [Fact]
        public void Names_become_safe_identifiers_and_collisions_resolve_deterministically()
        {
            var declarations = new[]
            {
                "zone public {\n  subnet 10.1.0.0/24\n}\n",
                "zone storage-io {\n  subnet 10.2.0.0/24\n}\n",
                "zone storage_io {\n  subnet 10.3.0.0/24\n}\n",
                "zone zones {\n  subnet 10.4.0.0/24\n  segment name {\n    subnet 10.4.0.0/25\n  }\n  segment qualified-name {\n    subnet 10.4.0.128/25\n  }\n}\n",
                "service port = tcp/80\n",
                "service services = tcp/81\n",
                "service name = tcp/82\n",
                "service int = tcp/83\n",
                "allow public -> storage-io : port, services, name, int\n",
            };
            var policy = string.Concat(declarations);
            var asm = CompileAndLoad(new[] { ("/src/names.netpolicy", policy) }, new Dictionary<string, string>());
            object? Const(string type, string field) => asm.GetType(type, throwOnError: true)!.GetField(field)!.GetRawConstantValue();
            Assert.Equal("public", Const("PolicyLang.Generated.Policy+Zones+Public", "Name"));
            Assert.Equal("storage-io", Const("PolicyLang.Generated.Policy+Zones+StorageIo", "Name"));
            Assert.Equal("storage_io", Const("PolicyLang.Generated.Policy+Zones+StorageIo_2", "Name"));
            Assert.Equal("zones", Const("PolicyLang.Generated.Policy+Zones+Zones_2", "Name"));
            Assert.Equal("name", Const("PolicyLang.Generated.Policy+Zones+Zones_2+Segments+Name_2", "Name"));
            Assert.Equal("qualified-name", Const("PolicyLang.Generated.Policy+Zones+Zones_2+Segments+QualifiedName_2", "Name"));
            Assert.Equal(80, Const("PolicyLang.Generated.Policy+Services+Port_2", "Port"));
            Assert.Equal(81, Const("PolicyLang.Generated.Policy+Services+Services_2", "Port"));
            Assert.Equal(82, Const("PolicyLang.Generated.Policy+Services+Name_2", "Port"));
            Assert.Equal(83, Const("PolicyLang.Generated.Policy+Services+Int", "Port"));

            // The same names in the opposite declaration order get the same identifiers.
            var reordered = CompileAndLoad(new[] { ("/src/names.netpolicy", string.Concat(declarations.Reverse())) }, new Dictionary<string, string>());
            Assert.Equal("storage_io", reordered.GetType("PolicyLang.Generated.Policy+Zones+StorageIo_2", throwOnError: true)!.GetField("Name")!.GetRawConstantValue());
            Assert.Equal("storage-io", reordered.GetType("PolicyLang.Generated.Policy+Zones+StorageIo", throwOnError: true)!.GetField("Name")!.GetRawConstantValue());
        }

        [Theory]
        [InlineData("line\\nbreak \\\"quoted\\\" back\\\\slash")]
        [InlineData("{{ $(rm -rf /) ; } */ /* <summary> & </summary>")]
        [InlineData("para\\u{2028}sep\\u{2029}nel\\u{85}tab\\t")]
        [InlineData("\\u{1F600} caf\\u{E9}")]
        public void Hostile_strings_are_escaped_and_round_trip(string written)
        {
            var policy = "zone lab {\n  description \"" + written + "\"\n  subnet 10.0.0.0/24\n}\n";
            var expected = Core.PolicyLang_Semantics_Description(policy);
            var asm = CompileAndLoad(new[] { ("/src/h.netpolicy", policy) }, new Dictionary<string, string>());
            Assert.Equal(expected, asm.GetType("PolicyLang.Generated.Policy+Zones+Lab")!.GetField("Description")!.GetRawConstantValue());
        }

        [Fact]
        public void A_long_hostile_name_set_compiles()
        {
            var name = "a" + string.Concat(Enumerable.Repeat("-x_y", 400));
            var policy = "zone " + name + " {\n  subnet 10.0.0.0/24\n}\nservice " + name + " = tcp/1\n";
            var asm = CompileAndLoad(new[] { ("/src/long.netpolicy", policy) }, new Dictionary<string, string>());
            Assert.NotNull(asm.GetType("PolicyLang.Generated.Policy+Zones+" + Identifiers.ToPascal(name)));
        }

        [Fact]
        public void Several_policies_get_one_nested_class_each()
        {
            var a = "policy alpha {\n  default deny\n}\nservice ssh = tcp/22\n";
            var b = "policy beta-net {\n  default deny\n}\nservice ssh = tcp/2222\n";
            var asm = CompileAndLoad(new[] { ("/src/a.netpolicy", a), ("/src/b.netpolicy", b) }, new Dictionary<string, string> { ["build_property.PolicyLangClassName"] = "Net" });
            Assert.Equal(22, asm.GetType("PolicyLang.Generated.Net+Alpha+Services+Ssh")!.GetField("Port")!.GetRawConstantValue());
            Assert.Equal(2222, asm.GetType("PolicyLang.Generated.Net+BetaNet+Services+Ssh")!.GetField("Port")!.GetRawConstantValue());
        }

        [Fact]
        public void A_broken_policy_reports_nothing_from_the_generator_and_still_generates_what_binds()
        {
            var policy = "service nfs = tcp/2049\nzone lab {\n  segment a {\n    vlan abc\n  }\n}\nservice = \n";
            var (output, diagnostics) = RunGeneratorWithDiagnostics(new[] { ("/src/b.netpolicy", policy) }, new Dictionary<string, string>());
            Assert.Empty(diagnostics);
            Assert.Contains("public const int Port = 2049;", output);
        }

        [Fact]
        public void No_policy_files_no_source()
        {
            var (output, diagnostics) = RunGeneratorWithDiagnostics(new[] { ("/src/readme.txt", "zone x {}") }, new Dictionary<string, string>());
            Assert.Empty(diagnostics);
            Assert.Equal("", output);
        }

        [Fact]
        public void Imports_are_resolved_among_the_additional_files()
        {
            var main = "policy split {\n  default deny\n}\nimport \"more/services.netpolicy\"\n";
            var more = "service nfs = tcp/2049\n";
            var output = RunGenerator(new[] { ("/src/main.netpolicy", main), ("/src/more/services.netpolicy", more) }, new Dictionary<string, string>());
            Assert.Contains("public const string Name = \"split\";", output);
            Assert.DoesNotContain("class Split", output); // one policy: members directly in Policy
            Assert.Contains("public const int Port = 2049;", output);
        }

        // --- helpers ---

        internal static string RunGenerator((string Path, string Text)[] files, IDictionary<string, string> options) =>
            RunGeneratorWithDiagnostics(files, options).Output;

        internal static (string Output, ImmutableArray<Diagnostic> Diagnostics) RunGeneratorWithDiagnostics((string Path, string Text)[] files, IDictionary<string, string> options)
        {
            var compilation = Compile.Create("public class Consumer { }");
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new PolicyGenerator().AsSourceGenerator() },
                files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)),
                (CSharpParseOptions)compilation.SyntaxTrees[0].Options,
                new TestOptionsProvider(options));
            driver = driver.RunGenerators(compilation);
            var result = driver.GetRunResult();
            var generated = result.GeneratedTrees.Select(t => t.GetText().ToString()).ToList();
            Assert.True(generated.Count <= 1);
            return (generated.FirstOrDefault() ?? "", result.Diagnostics);
        }

        internal static Assembly CompileAndLoad((string Path, string Text)[] files, IDictionary<string, string> options)
        {
            var source = RunGenerator(files, options);
            var compilation = Compile.Create(source);
            using var stream = new MemoryStream();
            var emit = compilation.Emit(stream);
            Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n" + source);
            Assert.DoesNotContain(emit.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
            return Assembly.Load(stream.ToArray());
        }
    }

    internal static class Core
    {
        /// <summary>The description Core binds from the policy text (the value the generated constant must hold).</summary>
        public static string PolicyLang_Semantics_Description(string policy)
        {
            var tree = PolicyLang.Syntax.PolicySyntaxTree.Parse(new PolicyLang.Text.SourceText(policy, "/x.netpolicy"));
            var compilation = PolicyLang.Semantics.PolicyCompilation.Create(new[] { tree });
            return compilation.Model.Zones[0].Description!;
        }
    }
}
