using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using PolicyLang.TestSupport;

namespace PolicyLang.Benchmarks
{
    /// <summary>Adds the input size and the parse throughput (size / mean time) to the summary table.</summary>
    public sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            AddColumn(new InputSizeColumn(), new ThroughputColumn());
        }
    }

    internal static class InputSize
    {
        private static readonly ConcurrentDictionary<int, long> s_bytes = new ConcurrentDictionary<int, long>();

        /// <summary>UTF-8 bytes of the generated policy of the benchmark's <c>Lines</c> parameter, or null.</summary>
        public static long? Bytes(BenchmarkCase benchmarkCase)
        {
            foreach (var p in benchmarkCase.Parameters.Items)
                if (p.Name == "Lines" && p.Value is int lines)
                    return s_bytes.GetOrAdd(lines, n => Encoding.UTF8.GetByteCount(SyntheticPolicy.Generate(n)));
            return null;
        }

        /// <summary>1 MB = 1,000,000 bytes.</summary>
        public const double BytesPerMegabyte = 1_000_000;
    }

    public abstract class CustomColumn : IColumn
    {
        public abstract string Id { get; }
        public abstract string ColumnName { get; }
        public abstract string Legend { get; }
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public abstract string GetValue(Summary summary, BenchmarkCase benchmarkCase);
        public override string ToString() => ColumnName;
    }

    public sealed class InputSizeColumn : CustomColumn
    {
        public override string Id => nameof(InputSizeColumn);
        public override string ColumnName => "Size (MB)";
        public override string Legend => "Size of the parsed text in MB (10^6 bytes)";

        public override string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            InputSize.Bytes(benchmarkCase) is long bytes ? (bytes / InputSize.BytesPerMegabyte).ToString("0.000", CultureInfo.InvariantCulture) : "-";
    }

    public sealed class ThroughputColumn : CustomColumn
    {
        public override string Id => nameof(ThroughputColumn);
        public override string ColumnName => "MB/s";
        public override string Legend => "Throughput: Size (MB) / Mean (s)";

        public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            if (!(InputSize.Bytes(benchmarkCase) is long bytes) || mean is null || mean <= 0) return "-";
            double seconds = mean.Value / 1e9;
            return (bytes / InputSize.BytesPerMegabyte / seconds).ToString("0.00", CultureInfo.InvariantCulture);
        }
    }
}
