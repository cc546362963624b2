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
                if (flow.Quarantine == null && flow.Expires is { } expires) Report(c, expires, Capitalized(flow.Title), today, window);
            }
            foreach (var q in c.Model.Quarantines)
            {
                if (q.Expires is { } expires) Report(c, expires, "The quarantine of " + q.Address, today, window);
            }
        }

        private static void Report(CheckContext c, Located<DateTime> expires, string what, DateTime today, int window)
        {
            var days = (int)Math.Round((expires.Value.Date - today).TotalDays);
            var date = PolicyClock.Format(expires.Value);
            if (days < 0)
                c.Report(DiagnosticCatalog.FlowExpired, expires.Location, what, date, days == -1 ? "yesterday" : Days(-days) + " ago");
            else if (days <= window && window > 0)
                c.Report(DiagnosticCatalog.FlowExpiresSoon, expires.Location, what, date,
                    days == 0 ? "today is its last day" : days == 1 ? "tomorrow" : "in " + Days(days));
        }

        private static string Days(int n) => n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " day" : " days");

        private static string Capitalized(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);
    }
}
