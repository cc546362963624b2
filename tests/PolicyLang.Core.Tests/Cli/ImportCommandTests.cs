using System.IO;
using Xunit;

namespace PolicyLang.Tests.Cli
{
    /// <summary><c>policyc import capirca|aerleon</c>: the files name the command that wrote them (the importer itself is tested in Import/).</summary>
    public sealed class ImportCommandTests
    {
        [Fact]
        public void Import_aerleon_and_import_capirca_name_their_own_tool_in_the_files_they_write()
        {
            using var dir = new TempFolder();
            var defs = Path.GetDirectoryName(dir.Write("def/NETWORK.net", "WEB = 10.1.1.0/24\n"))!;
            var yaml = dir.Write("policies/pol/edge.yaml", "filters:\n  - header:\n      targets:\n        juniper: edge inet\n    terms:\n"
                + "      - name: web\n        destination-address: WEB\n        protocol: tcp\n        action: accept\n");
            var pol = dir.Write("policies/pol/edge.pol", "header {\n  target:: juniper edge inet\n}\nterm web {\n  destination-address:: WEB\n  protocol:: tcp\n  action:: accept\n}\n");

            var aerleon = CliRunner.Run("import", "aerleon", "--pol", yaml, "--defs", defs, "-o", Path.Combine(dir.Path, "aerleon"));
            Assert.True(aerleon.Exit == 0, aerleon.Out + aerleon.Error);
            Assert.StartsWith("# Imported by policyc import aerleon from edge.yaml, filter edge.\n# Aerleon targets:\n#   juniper: edge inet\n",
                File.ReadAllText(Path.Combine(dir.Path, "aerleon", "edge.netpolicy")));

            var capirca = CliRunner.Run("import", "capirca", "--pol", pol, "--defs", defs, "-o", Path.Combine(dir.Path, "capirca"));
            Assert.True(capirca.Exit == 0, capirca.Out + capirca.Error);
            Assert.StartsWith("# Imported by policyc import capirca from edge.pol, filter edge.\n# Capirca target:: juniper edge inet\n",
                File.ReadAllText(Path.Combine(dir.Path, "capirca", "edge.netpolicy")));
        }

        [Fact]
        public void A_named_pipe_or_a_link_to_nothing_among_the_definitions_is_reported_not_waited_on()
        {
            if (!System.OperatingSystem.IsLinux()) return; // named pipes: the CI machine is Linux
            using var dir = new TempFolder();
            var defs = Path.GetDirectoryName(dir.Write("def/NETWORK.net", "WEB = 10.1.1.0/24\n"))!;
            var pol = dir.Write("policies/pol/edge.pol", "header {\n  target:: juniper edge inet\n}\nterm web {\n  destination-address:: WEB\n  protocol:: tcp\n  action:: accept\n}\n");
            // A pipe has no size: read as an empty definitions file, which defines nothing.
            Assert.True(VerifyCommandTests.MakePipe(Path.Combine(defs, "EXTRA.net")));
            var (exit, output, error) = VerifyCommandTests.RunWithin("import", "capirca", "--pol", pol, "--defs", defs, "-o", Path.Combine(dir.Path, "out1"));
            Assert.True(exit == 0, output + error);
            Assert.True(File.Exists(Path.Combine(dir.Path, "out1", "edge.netpolicy")), output + error);
            // An empty YAML file is no mapping of definitions: an error naming it, as for an empty file.
            Assert.True(VerifyCommandTests.MakePipe(Path.Combine(defs, "EXTRA.yaml")));
            (exit, output, error) = VerifyCommandTests.RunWithin("import", "capirca", "--pol", pol, "--defs", defs, "-o", Path.Combine(dir.Path, "out1b"));
            Assert.True(exit != 0, output + error);
            Assert.Contains("EXTRA.yaml:1: expected a YAML mapping", output + error);

            // A link to nothing: an error naming the file, not an exception.
            File.Delete(Path.Combine(defs, "EXTRA.net"));
            File.Delete(Path.Combine(defs, "EXTRA.yaml"));
            File.CreateSymbolicLink(Path.Combine(defs, "MISSING.svc"), Path.Combine(dir.Path, "nowhere.svc"));
            (exit, output, error) = VerifyCommandTests.RunWithin("import", "capirca", "--pol", pol, "--defs", defs, "-o", Path.Combine(dir.Path, "out2"));
            Assert.True(exit != 0, output + error);
            Assert.Contains("MISSING.svc: cannot read the file: ", output + error);
        }
    }
}
