namespace PolicyLang.Parsing
{
    /// <summary>Splits a number token such as "150KB" or "20%" into its digits and its unit.</summary>
    public static class NumberSyntax
    {
        public static string DigitsOf(string text)
        {
            int i = 0;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9') i++;
            return text.Substring(0, i);
        }

        public static string UnitOf(string text) => text.Substring(DigitsOf(text).Length);

        /// <summary>The numeric value, or null when it does not fit in 64 bits.</summary>
        public static ulong? ValueOf(string text)
        {
            var digits = DigitsOf(text);
            return ulong.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : (ulong?)null;
        }
    }
}
