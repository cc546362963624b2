using System.Globalization;
using System.Threading;

namespace PolicyLang.Semantics
{
    /// <summary>
    /// The day policyc takes as today, for flows that expire. It is the UTC date, unless the environment variable
    /// <c>POLICYLANG_TODAY</c> names another day (YYYY-MM-DD: to see what will have expired by a change window, or to
    /// reproduce a past run), or a caller fixes one for its own flow of execution with <see cref="Use"/> (tests, hosts).
    /// </summary>
    public static class PolicyClock
    {
        public const string EnvironmentVariable = "POLICYLANG_TODAY";

        private static readonly AsyncLocal<DateTime?> s_fixed = new AsyncLocal<DateTime?>();

        public static DateTime Today
        {
            get
            {
                if (s_fixed.Value is { } day) return day;
                return DayOf(Environment.GetEnvironmentVariable(EnvironmentVariable), out _) ?? DateTime.UtcNow.Date;
            }
        }

        /// <summary>What is wrong with this process's <c>POLICYLANG_TODAY</c> (NP9003's message), or null when it is unset or a day.
        /// For hosts that cannot stop (an analyzer inside a compiler) and report it instead.</summary>
        public static string? EnvironmentProblem()
        {
            DayOf(Environment.GetEnvironmentVariable(EnvironmentVariable), out var problem);
            return problem;
        }

        /// <summary>
        /// The day a value of <c>POLICYLANG_TODAY</c> names; null when it is unset, or when it is not a day written YYYY-MM-DD,
        /// which <paramref name="problem"/> then says (NP9003). <see cref="Today"/> passes over such a value, so front ends
        /// refuse to run with it rather than judge expiry dates against a day the user did not mean.
        /// </summary>
        public static DateTime? DayOf(string? value, out string? problem)
        {
            problem = null;
            if (string.IsNullOrEmpty(value)) return null;
            if (TryParseDay(value!.Trim(), out var day)) return day;
            problem = Diagnostics.DiagnosticCatalog.BadToday.Format(EnvironmentVariable, value);
            return null;
        }

        /// <summary>Takes <paramref name="day"/> as today in this flow of execution until the result is disposed.</summary>
        public static IDisposable Use(DateTime day)
        {
            var previous = s_fixed.Value;
            s_fixed.Value = day.Date;
            return new Restore(previous);
        }

        /// <summary>A calendar day written YYYY-MM-DD, exactly.</summary>
        public static bool TryParseDay(string text, out DateTime day) =>
            DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out day)
            && text.Length == 10;

        public static string Format(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private sealed class Restore(DateTime? previous) : IDisposable
        {
            public void Dispose() => s_fixed.Value = previous;
        }
    }
}
