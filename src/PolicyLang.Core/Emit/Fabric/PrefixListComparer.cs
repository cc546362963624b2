using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// Compares address lists by their prefixes, in order: the backends that write a list once and name it at each use (Junos
    /// prefix-lists, EOS field-sets) key their tables with it instead of with the list's text, which for large zones was most
    /// of what they allocated.
    /// </summary>
    internal sealed class PrefixListComparer : IEqualityComparer<IReadOnlyList<IpPrefix>>
    {
        public static readonly PrefixListComparer Instance = new PrefixListComparer();

        private PrefixListComparer()
        {
        }

        public bool Equals(IReadOnlyList<IpPrefix>? x, IReadOnlyList<IpPrefix>? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x == null || y == null || x.Count != y.Count) return false;
            for (int i = 0; i < x.Count; i++)
                if (!x[i].Equals(y[i])) return false;
            return true;
        }

        public int GetHashCode(IReadOnlyList<IpPrefix> list)
        {
            int hash = list.Count;
            for (int i = 0; i < list.Count; i++) hash = unchecked(hash * 31 + list[i].GetHashCode());
            return hash;
        }
    }
}
