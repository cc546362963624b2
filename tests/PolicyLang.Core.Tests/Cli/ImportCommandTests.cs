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
    }
}
