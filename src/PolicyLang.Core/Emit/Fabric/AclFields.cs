using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// The numbers and port ranges the ACL readers find in a configuration, checked: anything else is an
    /// <see cref="AclReadException"/> naming the line.
    /// </summary>
    public static class AclFields
    {
        /// <summary>A decimal number from 0 to <paramref name="max"/>.</summary>
        public static int Number(string text, int line, int max) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max
                ? n
                : throw new AclReadException(line, "expected a number 0-" + max.ToString(CultureInfo.InvariantCulture) + ", found '" + text + "'");

        /// <summary>
        /// An entry's port matches as the ACL semantics read them: a match of every port is no match, except every destination
        /// port beside a source port, which keeps a flow's own entry ('permit udp A eq 53 B range 0 65535') from reading as a
        /// return entry ('permit udp A eq 53 B'; see AclEntry.IsReturn).
        /// </summary>
        public static (IReadOnlyList<Interval>? Source, IReadOnlyList<Interval>? Destination) Normalized(IReadOnlyList<Interval>? source, IReadOnlyList<Interval>? destination)
        {
            static bool Every(IReadOnlyList<Interval>? l) => l != null && l.Count == 1 && l[0].Start == 0 && l[0].End == 65535;
            if (Every(source)) source = null;
            if (Every(destination) && source == null) destination = null;
            return (source, destination);
        }

        /// <summary>A port, or a range of two ports joined by <paramref name="separator"/> ("1000-2000", "1000:2000").</summary>
        public static Interval PortRange(string text, int line, char separator)
        {
            var parts = text.Split(separator);
            if (parts.Length > 2) throw new AclReadException(line, "expected a port or range, found '" + text + "'");
            ulong a = (ulong)Number(parts[0], line, 65535), b = parts.Length == 2 ? (ulong)Number(parts[1], line, 65535) : a;
            if (b < a) throw new AclReadException(line, "port range '" + text + "' ends before it starts");
            return new Interval(a, b);
        }
    }
}
