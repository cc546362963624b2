using System;
using PolicyLang.Text;
using Xunit;

namespace PolicyLang.Tests.Strings
{
    /// <summary><see cref="RecentStrings"/>: always the text asked for, the same instance for text met again while it is kept.</summary>
    public sealed class RecentStringsTests
    {
        [Fact]
        public void Text_met_again_is_the_same_string_and_every_answer_is_the_text()
        {
            var table = new RecentStrings(16, 8);
            var line = "permit tcp host 10.0.0.1 eq 22 permit tcp";
            var first = table.Get(line.AsSpan(0, 6));
            Assert.Equal("permit", first);
            Assert.Same(first, table.Get(line.AsSpan(31, 6)));
            // Longer than the limit: a new string each time, equal all the same.
            var a = table.Get(line.AsSpan(0, 20));
            var b = table.Get(line.AsSpan(0, 20));
            Assert.Equal(line.Substring(0, 20), a);
            Assert.NotSame(a, b);
        }

        [Fact]
        public void Many_distinct_texts_through_a_small_table_each_come_back_equal()
        {
            var table = new RecentStrings(4, 16);
            var rng = new Random(3);
            for (int i = 0; i < 5000; i++)
            {
                var text = rng.Next(0, 300).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(text, table.Get(("x" + text + "y").AsSpan(1, text.Length)));
            }
            Assert.Equal("", table.Get(ReadOnlySpan<char>.Empty));
        }

        [Fact]
        public void A_table_size_that_is_not_a_power_of_two_is_refused() =>
            Assert.Throws<ArgumentOutOfRangeException>(() => new RecentStrings(100, 8));
    }
}
