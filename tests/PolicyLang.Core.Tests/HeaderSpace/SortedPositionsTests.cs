using System.Collections.Generic;
using System.Linq;
using CsCheck;
using PolicyLang.Analysis;
using Xunit;

namespace PolicyLang.Tests.HeaderSpace
{
    /// <summary>
    /// The union of the flow index's ascending position lists (<see cref="SortedPositions.Union"/>) against sorting their
    /// concatenation and dropping repeats: lists that overlap, repeat each other, are empty, and more lists than the merge
    /// takes (then it sorts).
    /// </summary>
    public class SortedPositionsTests
    {
        private static readonly Gen<List<List<int>>> Lists =
            Gen.Int[0, 200].HashSet[0, 60].Select(s => s.OrderBy(x => x).ToList()).List[0, 14];

        [Fact]
        public void Union_IsTheSortedDistinctConcatenation() =>
            Lists.Sample(lists =>
            {
                var expected = lists.SelectMany(l => l).Distinct().OrderBy(x => x).ToList();
                Assert.Equal(expected, SortedPositions.Union(lists));
            }, iter: 3000);

        [Fact]
        public void Union_OfTheSameListTwice_KeepsEachPositionOnce()
        {
            var list = new List<int> { 1, 4, 9 };
            Assert.Equal(new[] { 1, 4, 9 }, SortedPositions.Union(new List<List<int>> { list, list, new List<int>() }));
        }
    }
}
