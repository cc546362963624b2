using PolicyLang.Diagnostics;
using PolicyLang.Semantics;

namespace PolicyLang.Analysis.Rules
{
    /// <summary>
    /// Flows with <c>expires DATE</c>: an error from the day after the date (an expired exception must not be shipped), a
    /// warning within the policy's window before it. Today is <see cref="PolicyClock.Today"/>.
    /// </summary>
    internal static class ExpiryRules
    {
        public static void Check(CheckContext c)
        {
            var today = PolicyClock.Today;
            int window = c.Model.Header?.ExpiryWarningDays ?? PolicyHeader.DefaultExpiryWarningDays;
            foreach (var flow in c.Model.Flows)
            {
                if (flow.Expires is not { } expires) continue;
                var days = (int)Math.Round((expires.Value.Date - today).TotalDays);
                var date = PolicyClock.Format(expires.Value);
                if (days < 0)
                    c.Report(DiagnosticCatalog.FlowExpired, expires.Location, Capitalized(flow.Title), date, days == -1 ? "yesterday" : Days(-days) + " ago");
                else if (days <= window && window > 0)
                    c.Report(DiagnosticCatalog.FlowExpiresSoon, expires.Location, Capitalized(flow.Title), date,
                        days == 0 ? "today is its last day" : days == 1 ? "tomorrow" : "in " + Days(days));
            }
        }

        private static string Days(int n) => n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " day" : " days");

        private static string Capitalized(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);
    }
}
