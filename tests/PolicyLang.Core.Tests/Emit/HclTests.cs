using PolicyLang.Emit.Terraform;
using Xunit;

namespace PolicyLang.Tests.Emit
{
    /// <summary>
    /// The HCL layout the Terraform outputs share. The expectations are what terraform fmt 1.11 writes for the same input
    /// (tests/PolicyLang.E2E TerraformFmtTests runs the real terraform fmt -check on every output).
    /// </summary>
    public sealed class HclTests
    {
        [Fact]
        public void A_run_of_one_line_attributes_aligns_at_its_widest_name_and_absent_ones_are_left_out()
        {
            Assert.Equal(new[]
            {
                "name               = \"a\"",
                "priority           = 1000",
                "destination_ranges = [\"10.0.0.0/8\", \"::/0\"]",
            }, Hcl.Attributes(("name", Hcl.Quoted("a")), ("project", null), ("priority", "1000"), ("destination_ranges", Hcl.List(new[] { "10.0.0.0/8", "::/0" }))));
        }

        [Fact]
        public void A_multi_line_value_ends_the_run_takes_one_space_and_the_next_run_aligns_on_its_own()
        {
            var tags = Hcl.Object(new[] { (Hcl.Quoted("Name"), Hcl.Quoted("x")), (Hcl.Quoted("policyc:zone"), Hcl.Quoted("db")) });
            Assert.Equal(new[]
            {
                "description = \"d\"",
                "vpc_id      = var.vpc_id",
                "tags = {",
                "  \"Name\"         = \"x\"",
                "  \"policyc:zone\" = \"db\"",
                "}",
                "egress  = false",
                "to_port = 22",
            }, Hcl.Attributes(("description", Hcl.Quoted("d")), ("vpc_id", "var.vpc_id"), ("tags", tags), ("egress", "false"), ("to_port", "22")));
        }

        [Fact]
        public void Widths_count_characters_as_terraform_does()
        {
            // terraform fmt counts grapheme clusters: "ä" and "e" + U+0301 are one column each, "日本" two.
            Assert.Equal(3, Hcl.Columns("\"ä\""));
            Assert.Equal(3, Hcl.Columns("\"e\u0301\""));
            Assert.Equal(4, Hcl.Columns("\"日本\""));
            Assert.Equal(new[] { "\"ä\"   = 1", "\"abc\" = 2" }, Hcl.Attributes(("\"ä\"", "1"), ("\"abc\"", "2")));
            Assert.Equal("{}", Hcl.Object(System.Array.Empty<(string, string)>()));
        }

        [Fact]
        public void Quoted_strings_escape_template_sequences_and_stay_ascii()
        {
            Assert.Equal("\"a$${b}%%{c}$d\\\"\\\\\\n\\u00E4\"", Hcl.Quoted("a${b}%{c}$d\"\\\nä"));
            Assert.Equal("[\"a\", \"b\\\"\"]", Hcl.List(new[] { "a", "b\"" }));
        }
    }
}
