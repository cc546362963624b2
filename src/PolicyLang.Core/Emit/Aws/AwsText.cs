namespace PolicyLang.Emit.Aws
{
    /// <summary>
    /// The only ways policy text reaches the AWS output. Group names, group and rule descriptions and tags are reduced to
    /// the character set EC2 accepts for descriptions (a-z A-Z 0-9, space and . _ - : / ( ) # , @ [ ] + = &amp; ; { } ! $ *),
    /// at most 255 characters; every quoted string is then escaped for its file format: HCL (no "${" or "%{" template
    /// sequence survives) or a JSON/YAML double-quoted scalar. Resource labels and logical ids are rebuilt from letters,
    /// digits and '_'.
    /// </summary>
    public static class AwsText
    {
        public const int MaxDescription = 255;

        private const string DescriptionPunctuation = " ._-:/()#,@[]+=&;{}!$*";

        public static bool IsDescriptionChar(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || DescriptionPunctuation.IndexOf(c) >= 0;

        /// <summary>
        /// Text EC2 accepts as a description: characters outside the alphabet become '_', whitespace runs become one
        /// space, "${" becomes "$ {" (neither a Terraform template nor a CloudFormation reference), and text longer than 255
        /// characters is cut (ending in "...").
        /// </summary>
        public static string Description(string text)
        {
            var sb = new StringBuilder(Math.Min(text.Length, 300));
            bool space = false;
            foreach (char c in text)
            {
                if (char.IsWhiteSpace(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
                {
                    space = sb.Length > 0;
                    continue;
                }
                if (space) sb.Append(' ');
                space = false;
                // "${" would read as a template sequence in HCL and as a CloudFormation parameter reference: keep them apart.
                if (c == '{' && sb.Length > 0 && sb[sb.Length - 1] == '$') sb.Append(' ');
                sb.Append(IsDescriptionChar(c) ? c : '_');
                if (sb.Length > MaxDescription) break;
            }
            var s = sb.ToString();
            return s.Length > MaxDescription ? s.Substring(0, MaxDescription - 3) + "..." : s;
        }

        /// <summary>Letters, digits and '_' only, starting with a letter; long names keep a hash of the whole so they stay unique.</summary>
        public static string Identifier(string name, int maxLength = 200)
        {
            var sb = new StringBuilder(name.Length);
            foreach (char c in name)
                sb.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
            if (sb.Length == 0 || !char.IsLetter(sb[0])) sb.Insert(0, 'z');
            var s = sb.ToString();
            if (s.Length > maxLength) s = s.Substring(0, maxLength - 9) + "_" + Hash(name);
            return s;
        }

        /// <summary>A CloudFormation logical id: alphanumeric only, at most 255 characters.</summary>
        public static string LogicalId(string name)
        {
            var sb = new StringBuilder(name.Length);
            bool upper = true;
            foreach (char c in name)
            {
                bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                if (!alnum) { upper = true; continue; }
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            if (sb.Length == 0 || !char.IsLetter(sb[0])) sb.Insert(0, 'Z');
            var s = sb.ToString();
            if (s.Length > 240) s = s.Substring(0, 231) + Hash(name);
            return s;
        }

        /// <summary>A group name: the description alphabet, at most 255 characters; EC2 reserves names starting with "sg-".</summary>
        public static string GroupName(string name)
        {
            var s = Description(name).Replace(' ', '_');
            if (s.StartsWith("sg-", StringComparison.OrdinalIgnoreCase)) s = "x" + s;
            if (s.Length > MaxDescription) s = s.Substring(0, MaxDescription - 9) + "-" + Hash(name);
            return s;
        }

        /// <summary>An HCL quoted string literal, quotes included. Template sequences are escaped ("$${", "%%{").</summary>
        public static string Hcl(string value) => Terraform.Hcl.Quoted(value);

        /// <summary>A double-quoted scalar that is both valid JSON and valid YAML, quotes included; ASCII only.</summary>
        public static string Quoted(string value)
        {
            var sb = new StringBuilder(value.Length + 2).Append('"');
            foreach (char c in value)
            {
                if (QuotedText.TryAppendCommonEscape(sb, c)) continue;
                if (c < 0x20 || c >= 0x7F) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.Append('"').ToString();
        }

        /// <summary>Text for a '#' comment line (HCL and YAML): printable ASCII, one line.</summary>
        public static string Comment(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (char c in text) sb.Append(c >= 0x20 && c < 0x7F ? c : ' ');
            return sb.ToString().Trim();
        }

        private static string Hash(string text)
        {
            return PolicyLang.Text.Sha256.Hex(PolicyLang.Text.Sha256.Hash(Encoding.UTF8.GetBytes(text)), 4);
        }
    }
}
