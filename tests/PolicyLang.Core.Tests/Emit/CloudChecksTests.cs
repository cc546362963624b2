using System.Linq;
using Xunit;

namespace PolicyLang.Tests.Emit
{
    /// <summary>One cloud-firewall layer: the same mistake is the same code with the same wording on aws, azure-nsg and gcp-firewall.</summary>
    public sealed class CloudChecksTests
    {
        private const string Policy =
            "zone app {\n  subnet 10.1.0.0/16\n}\nzone db {\n  subnet 10.2.0.0/16\n}\nallow app -> db : tcp/5432\n";

        [Theory]
        [InlineData("aws", "the VPC")]
        [InlineData("azure-nsg", "the network security group")]
        [InlineData("gcp-firewall", "the VPC network")]
        public void A_cloud_target_without_a_device_is_NP4253(string platform, string resource)
        {
            var text = Policy + "target t " + platform + " {\n  zones app, db\n}\n";
            var d = Assert.Single(EmitTestHelper.Build(text, "t").Diagnostics, x => x.IsError);
            Assert.Equal("NP4253", d.Id);
            Assert.Equal("target 't' (" + platform + "): expected at least one device naming " + resource + ", found none", d.Message);
            Assert.StartsWith("t " + platform + " {", text.Substring(d.Span.Start), System.StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("aws", "vpc-nothex!")]
        [InlineData("azure-nsg", "-nsg;rm")]
        [InlineData("gcp-firewall", "Net_Work")]
        public void A_device_that_names_no_valid_resource_is_NP4252_at_the_name(string platform, string name)
        {
            var text = Policy + "target t " + platform + " {\n  devices \"" + name + "\"\n  zones app, db\n}\n";
            var errors = EmitTestHelper.Build(text, "t").Diagnostics.Where(x => x.IsError).ToList();
            var d = Assert.Single(errors);
            Assert.Equal("NP4252", d.Id);
            Assert.Equal("\"" + name + "\"", text.Substring(d.Span.Start, d.Span.Length));
            Assert.StartsWith("target 't' (" + platform + "): expected ", d.Message);
            Assert.EndsWith(", found '" + name + "'", d.Message);
        }
    }
}
