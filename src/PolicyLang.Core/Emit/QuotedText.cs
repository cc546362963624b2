namespace PolicyLang.Emit
{
    /// <summary>What the quoted strings of the targets' formats (JSON, YAML double-quoted scalars, HCL) escape alike.</summary>
    internal static class QuotedText
    {
        /// <summary>Appends the escape of a quote, backslash, line feed, carriage return or tab; false for any other character.</summary>
        public static bool TryAppendCommonEscape(StringBuilder sb, char c)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); return true;
                case '\\': sb.Append("\\\\"); return true;
                case '\n': sb.Append("\\n"); return true;
                case '\r': sb.Append("\\r"); return true;
                case '\t': sb.Append("\\t"); return true;
                default: return false;
            }
        }
    }
}
