namespace PolicyLang.Parsing
{
    /// <summary>
    /// Interns substrings of the source without allocating for ones seen before: names and keywords repeat
    /// thousands of times in a large policy. An open-addressing table keyed by a hash of the characters.
    /// <para>
    /// Each slot's hash is kept beside it, so a probe compares numbers in one array and reads a string only when its hash
    /// matches, and growing rehashes nothing. The slot is taken from the hash's high bits after a multiplication
    /// (Fibonacci hashing): names that differ only in a last digit ("zone-17", "zone-18") have neighbouring hashes, and with
    /// the low bits they fill runs of neighbouring slots that linear probing walks through (a 100,000-line policy spent
    /// most of this table's time loading strings of such runs).
    /// </para>
    /// </summary>
    internal sealed class StringTable
    {
        private const int MaxInternedLength = 48;
        private const int InitialBits = 10;
        private string?[] _slots = new string?[1 << InitialBits];
        private int[] _hashes = new int[1 << InitialBits];
        private int _shift = 32 - InitialBits;
        private int _count;

        public string Get(string text, int start, int length)
        {
            if (length > MaxInternedLength) return text.Substring(start, length);
            int hash = Hash(text, start, length);
            var slots = _slots;
            var hashes = _hashes;
            int mask = slots.Length - 1;
            int slot = SlotOf(hash);
            while (true)
            {
                var existing = slots[slot];
                if (existing == null)
                {
                    var s = text.Substring(start, length);
                    slots[slot] = s;
                    hashes[slot] = hash;
                    if (++_count * 2 > slots.Length) Grow();
                    return s;
                }
                if (hashes[slot] == hash && existing.Length == length && string.CompareOrdinal(existing, 0, text, start, length) == 0) return existing;
                slot = (slot + 1) & mask;
            }
        }

        internal static int Hash(string text, int start, int length)
        {
            int hash = 17;
            for (int i = 0; i < length; i++) hash = unchecked(hash * 31 + text[start + i]);
            return hash;
        }

        private int SlotOf(int hash) => (int)(unchecked((uint)hash * 2654435769u) >> _shift);

        private void Grow()
        {
            var oldSlots = _slots;
            var oldHashes = _hashes;
            _slots = new string?[oldSlots.Length * 2];
            _hashes = new int[oldSlots.Length * 2];
            _shift--;
            int mask = _slots.Length - 1;
            for (int k = 0; k < oldSlots.Length; k++)
            {
                var s = oldSlots[k];
                if (s == null) continue;
                int slot = SlotOf(oldHashes[k]);
                while (_slots[slot] != null) slot = (slot + 1) & mask;
                _slots[slot] = s;
                _hashes[slot] = oldHashes[k];
            }
        }
    }
}
