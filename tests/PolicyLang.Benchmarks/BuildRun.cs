using System;
using System.Collections.Generic;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Semantics;

namespace PolicyLang.Benchmarks
{
    /// <summary>What the build benchmarks measure: one <see cref="PolicyBuilder.Build"/>, which must succeed.</summary>
    internal static class BuildRun
    {
        /// <returns>The characters written, so the work cannot be optimized away.</returns>
        public static int Of(PolicyCompilation compilation, IReadOnlyCollection<string> targets)
        {
            var result = PolicyBuilder.Build(new[] { compilation }, targets);
            if (!result.Succeeded) throw new InvalidOperationException("build failed: " + string.Join("\n", result.Diagnostics.Where(d => d.IsError).Take(5)));
            return result.Artifacts.Sum(a => a.Content.Length);
        }
    }
}
