using PolicyLang.Emit.CloudFirewall;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Gcp
{
    /// <summary>
    /// Names GCP sees: rule names, network tags and service-account ids (RFC 1035: a lowercase letter, then letters,
    /// digits and '-', not ending in '-'). An instance in segment S of zone Z carries the tags "Z" and "Z--S" (the
    /// double '-' cannot occur inside a policy name), or runs as the service account of its segment.
    /// </summary>
    public static class GcpNames
    {
        public const int MaxName = 63;

        public static string Tag(ZoneSymbol zone, SegmentSymbol? segment)
        {
            var raw = segment == null ? CloudText.Slug(zone.Name) : CloudText.Slug(zone.Name) + "--" + CloudText.Slug(segment.Name);
            return Fit(raw, zone.Name + "." + (segment?.Name ?? ""), MaxName);
        }

        /// <summary>A service account id (6–30 characters) for a zone or segment.</summary>
        public static string ServiceAccountId(ZoneSymbol zone, SegmentSymbol? segment)
        {
            var tag = Tag(zone, segment);
            if (tag.Length >= 6 && tag.Length <= 30) return tag;
            return CloudText.Cut(tag, 21) + "-" + CloudText.ShortHash(zone.Name + "." + (segment?.Name ?? ""));
        }

        /// <summary>Fits a slug into an RFC 1035 name: starts with a letter, at most <paramref name="max"/> characters, distinct when cut.</summary>
        public static string Fit(string slug, string original, int max)
        {
            if (slug.Length == 0 || !(slug[0] >= 'a' && slug[0] <= 'z')) slug = "pl-" + slug;
            slug = slug.TrimEnd('-');
            if (slug.Length <= max) return slug;
            return CloudText.Cut(slug, max - 9) + "-" + CloudText.ShortHash(original);
        }
    }
}
