namespace PolicyLang.Parsing
{
    /// <summary>
    /// Interns substrings of the source without allocating for ones seen before: names and keywords repeat
    /// thousands of times in a large policy. A small open-addressing table keyed by a hash of the characters.
    /// </summary>
    internal sealed class StringTable
    {
        private const int MaxInternedLength = 48;
        private string?[] _slots = new string?[1024];
        private int _count;

        public string Get(string text, int start, int length)
        {
            if (length > MaxInternedLength) return text.Substring(start, length);
            int hash = 17;
            for (int i = 0; i < length; i++) hash = unchecked(hash * 31 + text[start + i]);
            int mask = _slots.Length - 1;
            int slot = hash & mask;
            while (true)
            {
                var existing = _slots[slot];
                if (existing == null)
                {
                    var s = text.Substring(start, length);
                    _slots[slot] = s;
                    if (++_count * 2 > _slots.Length) Grow();
                    return s;
                }
                if (existing.Length == length && string.CompareOrdinal(existing, 0, text, start, length) == 0) return existing;
                slot = (slot + 1) & mask;
            }
        }

        private void Grow()
        {
            var old = _slots;
            _slots = new string?[old.Length * 2];
            int mask = _slots.Length - 1;
            foreach (var s in old)
            {
                if (s == null) continue;
                int hash = 17;
                foreach (char c in s) hash = unchecked(hash * 31 + c);
                int slot = hash & mask;
                while (_slots[slot] != null) slot = (slot + 1) & mask;
                _slots[slot] = s;
            }
        }
    }
}
