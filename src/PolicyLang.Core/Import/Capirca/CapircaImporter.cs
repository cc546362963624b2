using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Formatting;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.Text;

namespace PolicyLang.Import.Capirca
{
    /// <summary>
    /// Turns a Capirca policy (<c>.pol</c>) or an Aerleon one (<c>.yaml</c>) and its definitions (<c>.net</c>, <c>.svc</c>,
    /// Aerleon's <c>.yaml</c>) into PolicyLang: one policy file
    /// per filter (header), because each Capirca filter is a separate ACL. Network definitions become prefix lists (nested
    /// as written); every address lies in one of two external zones, <c>ipv4</c> (0.0.0.0/0) and <c>ipv6</c> (::/0), so
    /// that a definition can be a flow endpoint. Terms become named flows with their counters, logging, expiry and comments.
    /// <para>
    /// Capirca's terms are first-match; PolicyLang's denies override allows in any order. A deny term that only meets
    /// accepts written before it (a trailing "deny everything" term) changes nothing in first-match order and would
    /// override them here, so it is left out; a deny that meets accepts on both sides cannot be written exactly and is
    /// kept and named. Every import is then checked: the imported policy's allowed packets are compared with the
    /// first-match evaluation of the terms, per filter and address family, and a difference is reported with a packet.
    /// </para>
    /// <para>
    /// A term of <c>verbatim::</c> text becomes a <c>verbatim</c> block, in term order, in a target block of the filter for
    /// each header platform PolicyLang has an equivalent of that takes such text (<see cref="s_verbatimPlatforms"/>); text for
    /// a platform the filter does not target, or that has no such equivalent, stays a comment with a warning.
    /// </para>
    /// Source and destination ports become services such as <c>tcp/80</c>, <c>tcp/1024-65535 -> 22</c> and <c>udp/53 -> any</c>
    /// (see <c>Services</c>). Terms with keywords PolicyLang does not have yet (options, platform-specific terms, …) are left
    /// out with a warning and written as comments, so nothing is dropped silently.
    /// </summary>
    public static class CapircaImporter
    {
        private static readonly HashSet<string> s_supported = new HashSet<string>(StringComparer.Ordinal)
        {
            "action", "comment", "owner", "counter", "logging", "log-name", "expiration", "protocol", "destination-port", "source-port", "icmp-type",
            "source-address", "destination-address", "source-exclude", "destination-exclude",
        };

        private static readonly Dictionary<string, int> s_protocols = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["icmp"] = 1, ["igmp"] = 2, ["ipip"] = 4, ["tcp"] = 6, ["egp"] = 8, ["igp"] = 9, ["udp"] = 17, ["rdp"] = 27, ["ipv6"] = 41,
            ["rsvp"] = 46, ["gre"] = 47, ["esp"] = 50, ["ah"] = 51, ["icmpv6"] = 58, ["ospf"] = 89, ["pim"] = 103, ["vrrp"] = 112,
            ["l2tp"] = 115, ["sctp"] = 132, ["udplite"] = 136,
        };

        /// <summary>
        /// Capirca generators whose verbatim text a PolicyLang platform takes: the same device OS and the same kind of
        /// configuration (Junos filters, EOS ACLs and traffic-policies, IOS and NX-OS ACLs, nftables rulesets). The others
        /// (IOS XR, ASA, SRX, iptables, the clouds, …) have no PolicyLang platform that takes their text.
        /// </summary>
        private static readonly Dictionary<string, string> s_verbatimPlatforms = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["juniper"] = "juniper-junos", ["juniperevo"] = "juniper-junos", ["arista"] = "arista-eos", ["arista_tp"] = "arista-eos",
            ["cisco"] = "cisco-iosxe", ["cisconx"] = "cisco-nxos", ["nftables"] = "nftables",
        };

        /// <summary>The keywords Capirca refuses beside <c>verbatim::</c> ("has both verbatim and non-verbatim tokens").</summary>
        private static readonly string[] s_notWithVerbatim = { "action", "source-port", "destination-port", "port", "protocol", "option" };

        private enum Family { V4, V6 }

        /// <summary>One side of a term: its address lists (null: every address) and the lists it excludes.</summary>
        private sealed class Side
        {
            public AddressRangeSet? Set;                       // the addresses left; null: any address
            public string? Base;                               // the prefix list the endpoint names; null: any
            public List<string> Excepts = new List<string>();  // prefix lists after 'except'
            public AddressRangeSet Excluded = AddressRangeSet.Empty;

            public bool Unconstrained => Base == null && Excepts.Count == 0;
            public bool ListOnly => Base != null && Excepts.Count == 0;
        }

        private sealed class Flow
        {
            public CapircaTerm Term = null!;
            public bool Allow;
            public Family Family;
            public string Source = "", Destination = "";
            public List<string> Services = new List<string>();
            public PacketSet Region = PacketSet.Empty;

            // What the endpoints were built from, and for a deny of every service, which side it constrains.
            public Side SourceSide = new Side(), DestinationSide = new Side();
            public AddressRangeSet SourceSet = AddressRangeSet.All, DestinationSet = AddressRangeSet.All;
            public bool AllServices;
            public List<string> SourceExcept = new List<string>(), DestinationExcept = new List<string>();
        }

        public static ImportResult Import(string policyPath, string definitionsDirectory, string? baseDirectory = null, SourceTool tool = SourceTool.Capirca)
        {
            var result = new ImportResult();
            var defs = CapircaDefinitions.Load(definitionsDirectory, result.Errors, result.Warnings);
            baseDirectory ??= Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(policyPath))) ?? ".";
            var yaml = AerleonYaml.IsYaml(policyPath);
            var filters = yaml
                ? AerleonYaml.ReadPolicy(policyPath, baseDirectory, result.Errors)
                : CapircaPolicyReader.Read(policyPath, baseDirectory, result.Errors);
            if (result.Errors.Count > 0) return result;
            var stem = Identifier(Path.GetFileNameWithoutExtension(policyPath), "policy");
            var used = new HashSet<string>(StringComparer.Ordinal);
            for (int n = 0; n < filters.Count; n++)
            {
                var filter = filters[n];
                var filterName = filter.Targets.Count > 0 && filter.Targets[0].Count > 1 ? filter.Targets[0][1] : stem + "-" + (n + 1).ToString(CultureInfo.InvariantCulture);
                var name = Identifier(filterName, "filter");
                var file = name;
                for (int k = 2; !used.Add(file); k++) file = name + "-" + k.ToString(CultureInfo.InvariantCulture);
                var text = new FilterWriter(defs, filter, file, Path.GetFileName(policyPath), new HeaderForms(tool, yaml), result).Write();
                if (text != null) result.Files[file + ".netpolicy"] = text;
            }
            return result;
        }

        /// <summary>A PolicyLang name for a Capirca one: letters, digits, '-' and '_', starting with a letter.</summary>
        public static string Identifier(string name, string fallback)
        {
            var sb = new StringBuilder();
            foreach (char c in name) sb.Append(SyntaxFacts.IsIdentifierPart(c) || c == '-' ? c : '_');
            var s = sb.ToString().Trim('-');
            while (s.Contains("--")) s = s.Replace("--", "-");
            if (s.Length == 0 || !SyntaxFacts.IsIdentifierStart(s[0])) s = fallback + "-" + s;
            if (s.Length > 63) s = s.Substring(0, 63).TrimEnd('-');
            return s;
        }

        /// <summary>A target block written for one header platform: the verbatim text of the filter's terms for it, in term order.</summary>
        private sealed class VerbatimTarget(string name, string capircaPlatform, string platform)
        {
            public string Name { get; } = name;
            public string CapircaPlatform { get; } = capircaPlatform;
            public string Platform { get; } = platform;
            public List<(CapircaTerm Term, List<string> Lines)> Blocks { get; } = new List<(CapircaTerm Term, List<string> Lines)>();
        }

        /// <summary>How the imported file names the tool and quotes the header's targets: as the policy file writes them.</summary>
        private sealed class HeaderForms(SourceTool tool, bool yaml)
        {
            public string Command => tool == SourceTool.Aerleon ? "aerleon" : "capirca";

            private string Tool => tool == SourceTool.Aerleon ? "Aerleon" : "Capirca";

            /// <summary>The comment lines quoting the targets: <c>target:: PLATFORM NAME OPTIONS</c> (.pol) or <c>targets:</c> and <c>PLATFORM: NAME OPTIONS</c> (YAML).</summary>
            public IEnumerable<string> Targets(List<List<string>> targets)
            {
                if (!yaml)
                {
                    foreach (var t in targets) yield return Tool + " target:: " + string.Join(" ", t);
                    yield break;
                }
                if (targets.Count == 0) yield break;
                yield return Tool + " targets:";
                foreach (var t in targets) yield return "  " + t[0] + ":" + (t.Count > 1 ? " " + string.Join(" ", t.Skip(1)) : "");
            }

            /// <summary>A header's target for a platform, as the policy file names it.</summary>
            public string Target(string platform) => yaml ? "'" + platform + "' under 'targets:'" : "'target:: " + platform + "'";
        }

        private sealed class FilterWriter(CapircaDefinitions defs, CapircaFilter filter, string name, string sourceFile, HeaderForms forms, ImportResult result)
        {
            private static readonly SourceText s_nowhere = new SourceText("", "capirca");
            private readonly Dictionary<string, VerbatimTarget> _targets = new Dictionary<string, VerbatimTarget>(StringComparer.Ordinal);
            private readonly StringBuilder _lists = new StringBuilder();
            private readonly Dictionary<string, string> _listNames = new Dictionary<string, string>(StringComparer.Ordinal);
            private readonly Dictionary<string, AddressRangeSet> _resolved = new Dictionary<string, AddressRangeSet>(StringComparer.Ordinal);
            private readonly HashSet<string> _flowNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            private readonly HashSet<string> _warned = new HashSet<string>(StringComparer.Ordinal);
            private readonly HashSet<string> _declared = new HashSet<string>(StringComparer.Ordinal) { "ipv4", "ipv6", "any" };

            // A term of a mixed filter is handled once per address family; what it says alike for both is said once.
            private void Warn(CapircaTerm? term, string text)
            {
                var message = new ImportMessage(term?.File ?? sourceFile, term?.Line ?? filter.Line, (term != null ? "term '" + term.Name + "': " : "") + text);
                if (_warned.Add(message.ToString())) result.Warnings.Add(message);
            }

            public string? Write()
            {
                var families = Families();
                var flows = new List<Flow>();
                var comments = new List<(int Index, string Text)>();
                var regions = new List<(CapircaTerm Term, bool Accept, PacketSet Region, bool Imported)>();
                foreach (var term in filter.Terms)
                {
                    if (term.Verbatim.Count > 0)
                    {
                        // Text PolicyLang does not read matches nothing the first-match check can see, as a term left out.
                        comments.AddRange(Verbatim(term).Select(text => (flows.Count, text)));
                        regions.Add((term, false, PacketSet.Empty, false));
                        continue;
                    }
                    var (termFlows, region, why) = Translate(term, families);
                    if (why != null)
                    {
                        comments.Add((flows.Count, "term " + term.Name + " (" + term.File + ":" + term.Line.ToString(CultureInfo.InvariantCulture) + ") not imported: " + why));
                        regions.Add((term, false, PacketSet.Empty, false));
                        continue;
                    }
                    bool accept = termFlows.Count > 0 ? termFlows[0].Allow : Action(term) == "accept";
                    regions.Add((term, accept, region, true));
                    flows.AddRange(termFlows);
                }

                // First-match against deny-overrides: a deny that meets only earlier accepts is left out (in first-match order it
                // changes nothing); one that meets accepts before and after it is kept, and the comparison below names a packet.
                var kept = new List<Flow>();
                var notes = new List<(int Index, Flow Flow, string Text)>();
                for (int i = 0; i < flows.Count; i++)
                {
                    var f = flows[i];
                    if (!f.Allow)
                    {
                        var earlier = PacketSet.UnionAll(flows.Take(i).Where(x => x.Allow && x.Term != f.Term).Select(x => x.Region));
                        var later = PacketSet.UnionAll(flows.Skip(i + 1).Where(x => x.Allow && x.Term != f.Term).Select(x => x.Region));
                        if (!f.Region.Overlaps(later))
                        {
                            notes.Add((i, f, "left out: no later term accepts what it denies, so in first-match order it only repeats the default deny (and here it would override the earlier accepts)"
                                + (f.Term.Fields.ContainsKey("logging") || f.Term.Fields.ContainsKey("counter") ? " (its logging or counter is lost)" : "")));
                            if (f.Term.Fields.ContainsKey("logging") || f.Term.Fields.ContainsKey("counter"))
                                Warn(f.Term, "left out: no later term accepts what it denies, so it only repeats the default deny; its logging or counter does not carry over");
                            continue;
                        }
                        if (f.Region.Overlaps(earlier))
                        {
                            // A deny of every service that constrains one side only (deny-to-internal before a default permit) can move into
                            // the later accepts it overlaps, as 'except' on that side: then it no longer touches the earlier accepts.
                            var dstOnly = f.AllServices && f.SourceSide.Unconstrained && f.DestinationSide.ListOnly;
                            var srcOnly = f.AllServices && f.DestinationSide.Unconstrained && f.SourceSide.ListOnly;
                            if (dstOnly || srcOnly)
                            {
                                var list = dstOnly ? f.DestinationSide.Base! : f.SourceSide.Base!;
                                var set = dstOnly ? f.DestinationSet : f.SourceSet;
                                foreach (var next in flows.Skip(i + 1).Where(x => x.Allow && x.Family == f.Family && x.Region.Overlaps(f.Region)))
                                {
                                    var side = dstOnly ? next.DestinationSet : next.SourceSet;
                                    if (side.IsSubsetOf(set)) { next.Region = PacketSet.Empty; next.DestinationExcept.Add(list); continue; }
                                    (dstOnly ? next.DestinationExcept : next.SourceExcept).Add(list);
                                    if (dstOnly) next.DestinationSet = next.DestinationSet.Except(set); else next.SourceSet = next.SourceSet.Except(set);
                                    next.Region = next.Region.Except(f.Region);
                                }
                                notes.Add((i, f, "is written as 'except " + list + "' on the " + (dstOnly ? "destination" : "source")
                                    + " of the later accepts it overlaps, so that it leaves the earlier accepts alone"));
                                if (f.Term.Fields.ContainsKey("logging") || f.Term.Fields.ContainsKey("counter"))
                                    Warn(f.Term, "written as 'except' on the later accepts; its logging or counter does not carry over");
                                continue;
                            }
                            Warn(f.Term, "denies packets an earlier term accepts and packets a later term accepts; PolicyLang's denies win in any order, so the import denies the overlap with the earlier accepts too");
                        }
                    }
                    else if (f.Region.IsEmpty && (f.SourceExcept.Count > 0 || f.DestinationExcept.Count > 0))
                    {
                        notes.Add((i, f, "left out: earlier denies take all of it"));
                        continue;
                    }
                    kept.Add(f);
                }
                comments.AddRange(Notes(flows, notes));

                // The comments on left-out flows come after those on the terms in between: in flow order, stably, none is lost.
                comments = comments.OrderBy(x => x.Index).ToList();
                var sb = new StringBuilder();
                sb.Append("# Imported by policyc import ").Append(forms.Command).Append(" from ").Append(Comment(sourceFile)).Append(", filter ").Append(Comment(name)).Append(".\n");
                foreach (var line in forms.Targets(filter.Targets)) sb.Append("# ").Append(Comment(line)).Append('\n');
                sb.Append(_targets.Count == 0
                    ? "# Add a target block for the devices that apply this filter (see the language reference, Targets).\n"
                    : "# Add the devices that apply this filter to the target blocks at the end, or a target block for another platform (see the language reference, Targets).\n");
                sb.Append("policy ").Append(name).Append(" {\n");
                if (filter.Comments.Count > 0) sb.Append("  description ").Append(Str(string.Join(" ", filter.Comments))).Append('\n');
                sb.Append("  default deny\n}\n\n");
                sb.Append("# Every address lies in one of two zones, so that a prefix list can be a flow endpoint.\n");
                sb.Append("external ipv4 {\n  subnet 0.0.0.0/0\n}\n\nexternal ipv6 {\n  subnet ::/0\n}\n\n");
                if (_lists.Length > 0) sb.Append(_lists).Append('\n');
                int c = 0;
                for (int i = 0; i <= flows.Count; i++)
                {
                    for (; c < comments.Count && comments[c].Index == i; c++) sb.Append("# ").Append(Comment(comments[c].Text)).Append('\n');
                    if (i < flows.Count && kept.Contains(flows[i])) sb.Append(FlowText(flows[i])).Append('\n');
                }
                foreach (var target in _targets.Values) sb.Append('\n').Append(TargetText(target));
                var text = sb.ToString();
                var tree = PolicySyntaxTree.Parse(text, name + ".netpolicy");
                if (tree.Diagnostics.Count > 0)
                {
                    // Only a bug in this writer gets here: say so rather than write a file that does not parse.
                    result.Errors.Add(new ImportMessage(sourceFile, filter.Line, "the import of filter '" + name + "' does not parse: " + tree.Diagnostics[0].Message));
                    return null;
                }
                var formatted = PolicyFormatter.Format(tree);
                Verify(formatted, families, regions);
                return formatted;
            }

            /// <summary>
            /// The comments on how flows were left out or rewritten: one per term when each of its flows (one per address family)
            /// was handled alike, one per flow naming its family when not, so a mixed filter's term is not described twice.
            /// </summary>
            private static IEnumerable<(int Index, string Text)> Notes(List<Flow> flows, List<(int Index, Flow Flow, string Text)> notes)
            {
                foreach (var term in notes.GroupBy(n => n.Flow.Term))
                {
                    var at = "term " + term.Key.Name + " (" + term.Key.File + ":" + term.Key.Line.ToString(CultureInfo.InvariantCulture) + ")";
                    var all = flows.Count(f => f.Term == term.Key);
                    if (term.Count() == all && term.Select(n => n.Text).Distinct(StringComparer.Ordinal).Count() == 1)
                    {
                        yield return (term.First().Index, at + " " + term.First().Text);
                        continue;
                    }
                    foreach (var n in term)
                        yield return (n.Index, at + (all > 1 ? " for " + (n.Flow.Family == Family.V4 ? "IPv4" : "IPv6") : "") + " " + n.Text);
                }
            }

            private void Verify(string text, List<Family> families, List<(CapircaTerm Term, bool Accept, PacketSet Region, bool Imported)> regions)
            {
                var compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, name + ".netpolicy") });
                var errors = compilation.Diagnostics.Where(d => d.IsError).ToList();
                if (errors.Count > 0)
                {
                    foreach (var e in errors.Take(5)) Warn(null, "the imported filter '" + name + "' has an error: " + e.Message);
                    return;
                }
                var space = PacketSet.UnionAll(families.Select(f => FamilySpace(f)));
                var expected = PacketSet.Empty;
                var decided = PacketSet.Empty;
                foreach (var r in regions)
                {
                    if (r.Accept) expected = expected.Union(r.Region.Except(decided));
                    decided = decided.Union(r.Region);
                }
                expected = expected.Intersect(space);
                var any = new Endpoint(null, null, new SourceLocation(s_nowhere, new TextSpan(0, 0)));
                var actual = compilation.Flows.AllowedBetween(any, any, null, space);
                foreach (var (difference, verb) in new[] { (expected.Except(actual), "denies"), (actual.Except(expected), "allows") })
                {
                    if (!difference.TryGetWitness(out var p)) continue;
                    var by = regions.FirstOrDefault(r => r.Region.Contains(p));
                    Warn(by.Term, "the import " + verb + " " + p + ", which the terms in first-match order " + (verb == "denies" ? "accept" : "deny")
                        + (by.Term != null ? " (decided by term '" + by.Term.Name + "')" : " (no term matches it)"));
                }
            }

            private List<Family> Families()
            {
                var options = filter.Targets.SelectMany(t => t.Skip(1)).ToList();
                if (options.Contains("mixed")) return new List<Family> { Family.V4, Family.V6 };
                if (options.Contains("inet6")) return new List<Family> { Family.V6 };
                // aclgen's k8s generator has no address family: it writes the IPv4 and the IPv6 addresses of a term.
                if (!options.Contains("inet") && filter.Targets.Count > 0 && filter.Targets.All(t => t.Count > 0 && t[0] == "k8s"))
                    return new List<Family> { Family.V4, Family.V6 };
                return new List<Family> { Family.V4 };
            }

            /// <summary>
            /// Carries a verbatim term's text into the target block of each header platform it is for; text for another
            /// platform stays a comment, with a warning. The comment lines to write at the term's place.
            /// </summary>
            private List<string> Verbatim(CapircaTerm term)
            {
                var at = term.Name + " (" + term.File + ":" + term.Line.ToString(CultureInfo.InvariantCulture) + ")";
                var comments = new List<string>();
                void KeepAsComment(string heading, IEnumerable<(string Platform, string Text)> texts)
                {
                    comments.Add("term " + at + heading);
                    foreach (var (platform, text) in texts)
                    {
                        comments.Add("  verbatim:: " + platform + ":");
                        comments.AddRange(Lines(text).Select(l => ("    " + l).TrimEnd()));
                    }
                }
                var expiration = term.Get("expiration").FirstOrDefault();
                if (expiration != null && PolicyClock.TryParseDay(expiration, out var day) && day < PolicyClock.Today)
                {
                    KeepAsComment(" not imported: " + Skip(term, "it expired on " + expiration + " (aclgen leaves expired terms out of its output too)"), term.Verbatim);
                    return comments;
                }
                var refused = s_notWithVerbatim.Where(term.Fields.ContainsKey).ToList();
                if (refused.Count > 0)
                {
                    KeepAsComment(" not imported: " + Skip(term, "Capirca refuses 'verbatim::' beside " + string.Join(", ", refused.Select(k => "'" + k + "::'"))), term.Verbatim);
                    return comments;
                }
                if (expiration != null) Warn(term, "'expiration:: " + expiration + "' does not carry over to verbatim text: take the text out by hand when it expires");
                var targeted = new HashSet<string>(filter.Targets.Where(t => t.Count > 0).Select(t => t[0]), StringComparer.Ordinal);
                foreach (var group in term.Verbatim.GroupBy(v => v.Platform, StringComparer.Ordinal))
                {
                    var platform = group.Key;
                    void NotImported(string why)
                    {
                        Warn(term, "its verbatim text for '" + platform + "' is not imported: " + why + "; kept as a comment");
                        KeepAsComment(": its verbatim text for " + platform + " is not imported: " + why, group);
                    }
                    if (!s_verbatimPlatforms.TryGetValue(platform, out var ours))
                    {
                        NotImported("no PolicyLang platform takes text for '" + platform + "'");
                        continue;
                    }
                    if (!targeted.Contains(platform))
                    {
                        NotImported("this filter has no " + forms.Target(platform) + " (aclgen does not write it either)");
                        continue;
                    }
                    var lines = new List<string>();
                    foreach (var (_, text) in group) lines.AddRange(Lines(text));
                    var dropped = lines.SelectMany(l => l.Where(Unwritable)).Distinct().ToList();
                    if (dropped.Count > 0)
                    {
                        Warn(term, "its verbatim text for '" + platform + "' holds " + string.Join(", ", dropped.Select(ch => "U+" + ((int)ch).ToString("X4", CultureInfo.InvariantCulture)))
                            + ", left out: a verbatim line holds no control character but tab");
                        lines = lines.Select(l => new string(l.Where(ch => !Unwritable(ch)).ToArray())).ToList();
                    }
                    var problem = lines.Select(VerbatimText.Problem).FirstOrDefault(x => x != null);
                    if (problem != null)
                    {
                        NotImported(problem);
                        continue;
                    }
                    if (!_targets.TryGetValue(platform, out var target))
                        _targets[platform] = target = new VerbatimTarget(Unique(Identifier(name + "-" + platform, "target")), platform, ours);
                    target.Blocks.Add((term, lines));
                    comments.Add("term " + at + ": its verbatim text for " + platform + " is in target " + target.Name);
                    Warn(term, "its verbatim text for '" + platform + "' is carried over unread into target '" + target.Name + "' (verbatim " + ours + "). Capirca writes it inside the filter, "
                        + "in the term's place; policyc writes it at the end of the configuration, so text that only makes sense inside a filter needs rewriting. "
                        + "The first-match check counts the term as matching nothing");
                }
                return comments;
            }

            /// <summary>A verbatim text's lines: split at its line breaks, the break that ends the last line not starting another.</summary>
            private static List<string> Lines(string text)
            {
                var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').ToList();
                if (lines.Count > 1 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
                return lines;
            }

            /// <summary>A character a verbatim line cannot hold (see <see cref="VerbatimText.Problem"/>): control characters but tab, line and paragraph separators.</summary>
            private static bool Unwritable(char c) => c != '\t' && (char.IsControl(c) || c == '\u2028' || c == '\u2029');

            private string TargetText(VerbatimTarget target)
            {
                var sb = new StringBuilder();
                sb.Append("# The verbatim text of this filter's terms for ").Append(Comment(forms.Target(target.CapircaPlatform))).Append(", written unread into the configuration of this target's devices.\n");
                sb.Append("target ").Append(target.Name).Append(' ').Append(target.Platform).Append(" {\n  zones ipv4, ipv6\n");
                foreach (var (term, lines) in target.Blocks)
                {
                    sb.Append("  # verbatim term ").Append(Comment(term.Name)).Append(" from ").Append(Comment(term.File)).Append(':').Append(term.Line.ToString(CultureInfo.InvariantCulture));
                    var comment = string.Join(" ", term.Get("comment"));
                    if (comment.Length > 0) sb.Append(": ").Append(Comment(comment));
                    sb.Append("\n  verbatim ").Append(target.Platform).Append(" {\n");
                    foreach (var line in lines) sb.Append("    ").Append(StringSyntax.Quote(line)).Append('\n');
                    sb.Append("  }\n");
                }
                return sb.Append("}\n").ToString();
            }

            private static PacketSet FamilySpace(Family f) =>
                f == Family.V4 ? PacketSpace.Between(AddressRangeSet.AllIPv4, AddressRangeSet.AllIPv4) : PacketSpace.Between(AddressRangeSet.All.Except(AddressRangeSet.AllIPv4), AddressRangeSet.All.Except(AddressRangeSet.AllIPv4));

            private static string Action(CapircaTerm term) => term.Get("action").FirstOrDefault() ?? "";

            /// <summary>The flows of one term (one per family that has addresses) and the packets it matches; or why it is left out.</summary>
            private (List<Flow> Flows, PacketSet Region, string? Why) Translate(CapircaTerm term, List<Family> families)
            {
                var flows = new List<Flow>();
                var action = Action(term);
                if (term.Get("action").Count != 1) return (flows, PacketSet.Empty, Skip(term, "expected one action, found " + term.Get("action").Count.ToString(CultureInfo.InvariantCulture)));
                if (action == "next") return (flows, PacketSet.Empty, Skip(term, "'action:: next' decides nothing"));
                if (action != "accept" && action != "deny" && action != "reject" && action != "reject-with-tcp-rst")
                    return (flows, PacketSet.Empty, Skip(term, "unknown action '" + action + "'"));
                var expiration = term.Get("expiration").FirstOrDefault();
                if (expiration != null && PolicyClock.TryParseDay(expiration, out var day) && day < PolicyClock.Today)
                    return (flows, PacketSet.Empty, Skip(term, "it expired on " + expiration + " (aclgen leaves expired terms out of its output too)"));
                var options = term.Get("option");
                if (options.Count > 0 && options.All(o => o == "established" || o == "tcp-established") && term.Fields.Keys.All(k => k == "option" || s_supported.Contains(k)))
                {
                    // In first-packet terms such a term matches nothing: its packets are replies, which PolicyLang's targets admit by state.
                    Warn(term, "matches replies of established connections only; PolicyLang admits the replies of allowed connections by itself");
                    return (flows, PacketSet.Empty, "it matches replies only ('option:: " + string.Join(" ", options) + "'), which PolicyLang's targets admit by connection state");
                }
                var unsupported = term.Fields.Keys.Where(k => !s_supported.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
                if (unsupported.Count > 0)
                    return (flows, PacketSet.Empty, Skip(term, "PolicyLang cannot express " + string.Join(", ", unsupported.Select(k => "'" + k + "::'")) + " yet"));
                if (action.StartsWith("reject", StringComparison.Ordinal)) Warn(term, "'" + action + "' becomes a deny: PolicyLang drops denied packets without a reset or ICMP error");

                var src = Addresses(term, "source-address", "source-exclude", out var srcWhy);
                var dst = Addresses(term, "destination-address", "destination-exclude", out var dstWhy);
                if (srcWhy != null || dstWhy != null) return (flows, PacketSet.Empty, Skip(term, srcWhy ?? dstWhy!));
                var services = Services(term, out var serviceWhy);
                if (serviceWhy != null) return (flows, PacketSet.Empty, Skip(term, serviceWhy));

                var region = PacketSet.Empty;
                foreach (var family in families)
                {
                    var space = family == Family.V4 ? AddressRangeSet.AllIPv4 : AddressRangeSet.All.Except(AddressRangeSet.AllIPv4);
                    var s = (src.Set ?? AddressRangeSet.All).Intersect(space);
                    var d = (dst.Set ?? AddressRangeSet.All).Intersect(space);
                    // IGMP is IPv4's (IPv6 has MLD, inside ICMPv6): aclgen leaves it out of IPv6 filters, and so does the import.
                    var matches = services.Where(m => family == Family.V4 ? m.Match.AppliesToIPv4 : m.Match.AppliesToIPv6 && m.Match.Protocol != 2).ToList();
                    if (s.IsEmpty || d.IsEmpty || matches.Count == 0) continue;
                    var packets = PacketSet.UnionAll(matches.Select(m => m.Match.ToPacketSet(s, d)));
                    region = region.Union(packets);
                    flows.Add(new Flow
                    {
                        Term = term, Allow = action == "accept", Family = family,
                        Source = Endpoint(src, family), Destination = Endpoint(dst, family),
                        Services = matches.Select(m => m.Text).ToList(), Region = packets,
                        SourceSide = src, DestinationSide = dst, SourceSet = s, DestinationSet = d, AllServices = !term.Fields.ContainsKey("protocol"),
                    });
                }
                if (flows.Count == 0) Warn(term, "matches no packet of this filter's address families; nothing imported");
                return (flows, region, null);
            }

            private string Skip(CapircaTerm term, string why)
            {
                Warn(term, "not imported: " + why);
                return why;
            }

            private Side Addresses(CapircaTerm term, string key, string excludeKey, out string? why)
            {
                why = null;
                var side = new Side();
                var names = term.Get(key);
                var excludes = term.Get(excludeKey);
                if (names.Count > 0)
                {
                    var lists = new List<string>();
                    foreach (var n in names) { var l = List(n, term, ref why); if (l != null) lists.Add(l); }
                    if (why != null) return side;
                    side.Base = lists.Count == 1 ? lists[0] : Combined(term.Name + "-" + (key.StartsWith("source", StringComparison.Ordinal) ? "src" : "dst"), lists);
                    side.Set = AddressRangeSet.Empty;
                    foreach (var n in names) side.Set = side.Set.Union(_resolved[n]);
                }
                if (excludes.Count > 0)
                {
                    var lists = new List<string>();
                    foreach (var n in excludes) { var l = List(n, term, ref why); if (l != null) lists.Add(l); }
                    if (why != null) return side;
                    side.Excepts = lists;
                    foreach (var n in excludes) side.Excluded = side.Excluded.Union(_resolved[n]);
                    side.Set = (side.Set ?? AddressRangeSet.All).Except(side.Excluded);
                }
                return side;
            }

            /// <summary>An endpoint for one family: the list (with the other family cut off where it has both), or the family's zone.</summary>
            private string Endpoint(Side side, Family family)
            {
                var space = family == Family.V4 ? AddressRangeSet.AllIPv4 : AddressRangeSet.All.Except(AddressRangeSet.AllIPv4);
                var text = side.Base ?? (family == Family.V4 ? "ipv4" : "ipv6");
                var excepts = new List<string>();
                var within = (side.Base != null ? _resolved[side.Base] : AddressRangeSet.All).Intersect(space);
                if (side.Base != null && !_resolved[side.Base].Except(space).IsEmpty) excepts.Add(family == Family.V4 ? "ipv6" : "ipv4");
                // Only the excluded lists with addresses of this family inside the base; others would remove nothing (NP2030).
                excepts.AddRange(side.Excepts.Where(e => _resolved[e].Overlaps(within)));
                return excepts.Count > 0 ? text + " except " + string.Join(", ", excepts) : text;
            }

            /// <summary>The prefix list of a network definition (declared on first use, nested lists first); null (why set) if unknown.</summary>
            private string? List(string capircaName, CapircaTerm term, ref string? why)
            {
                if (_listNames.TryGetValue(capircaName, out var known)) return known;
                var set = Resolve(capircaName, new Stack<string>(), out var error);
                if (set == null) { why = error; return null; }
                return _listNames[capircaName];
            }

            private AddressRangeSet? Resolve(string capircaName, Stack<string> path, out string? error)
            {
                error = null;
                if (_resolved.TryGetValue(capircaName, out var done)) return done;
                if (!defs.Networks.TryGetValue(capircaName, out var items)) { error = "unknown network '" + capircaName + "'"; return null; }
                if (path.Contains(capircaName)) { error = "network '" + capircaName + "' refers to itself"; return null; }
                if (path.Count >= 64) { error = "network '" + capircaName + "' is nested more than 64 deep"; return null; }
                path.Push(capircaName);
                var set = AddressRangeSet.Empty;
                var parts = new List<string>();
                foreach (var item in items)
                {
                    if (IpPrefix.TryParse(item.Value, out var prefix, out _))
                    {
                        var own = AddressRangeSet.FromPrefix(prefix);
                        if (!prefix.IsIPv4 && own.Overlaps(AddressRangeSet.AllIPv4))
                        {
                            // An IPv6 prefix never matches an IPv4 packet (::/8 in a bogon list), but in policy text it would cover the
                            // IPv4-mapped block where PolicyLang keeps IPv4: write the IPv6 part only, as the prefixes around the block.
                            own = own.Except(AddressRangeSet.AllIPv4);
                            set = set.Union(own);
                            parts.AddRange(own.ToPrefixes().Select(x => x.ToString()));
                            continue;
                        }
                        set = set.Union(own);
                        parts.Add(prefix.ToString());
                        continue;
                    }
                    var nested = Resolve(item.Value, path, out error);
                    if (nested == null) { path.Pop(); return null; }
                    set = set.Union(nested);
                    parts.Add(_listNames[item.Value]);
                }
                path.Pop();
                var name = Unique(Identifier(capircaName, "net"));
                _listNames[capircaName] = name;
                _resolved[capircaName] = set;
                _resolved[name] = set;
                if (parts.Count == 0) { error = "network '" + capircaName + "' has no address"; return null; }
                _lists.Append("prefixes ").Append(name).Append(" = ").Append(string.Join(", ", parts)).Append('\n');
                return set;
            }

            private string Combined(string stem, List<string> lists)
            {
                var name = Unique(Identifier(stem, "list"));
                _lists.Append("prefixes ").Append(name).Append(" = ").Append(string.Join(", ", lists)).Append('\n');
                _resolved[name] = AddressRangeSet.Empty;
                foreach (var l in lists) _resolved[name] = _resolved[name].Union(_resolved[l]);
                return name;
            }

            private string Unique(string name)
            {
                var n = name;
                for (int k = 2; SyntaxFacts.IsReservedWord(n) || !_declared.Add(n); k++) n = name + "-" + k.ToString(CultureInfo.InvariantCulture);
                return n;
            }

            private sealed class Svc(string text, ServiceMatch match)
            {
                public string Text { get; } = text;
                public ServiceMatch Match { get; } = match;
            }

            /// <summary>
            /// The services of a term. Capirca gathers the ports of a term's services over all its protocols into one list per
            /// side (<c>TranslatePorts</c>) and matches that list for each protocol; with both sides, a packet matches when its
            /// source port is in a source range and its destination port in a destination range. Each destination range is a
            /// service (<c>tcp/80</c>); with source ports, each pair of ranges is one (<c>tcp/1024-65535 -> 80</c>), and a
            /// source range without destination ports matches every destination port (<c>udp/53 -> any</c>).
            /// </summary>
            private List<Svc> Services(CapircaTerm term, out string? why)
            {
                why = null;
                var result = new List<Svc>();
                var at = new SourceLocation(s_nowhere, new TextSpan(0, 0));
                var protocols = new List<int>();
                foreach (var p in term.Get("protocol"))
                {
                    if (s_protocols.TryGetValue(p, out var number) || (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number <= 255)) protocols.Add(number);
                    else { why = "unknown protocol '" + p + "'"; return result; }
                }
                var destination = new List<(int Protocol, int From, int To)>();
                foreach (var s in term.Get("destination-port"))
                {
                    if (!ServicePorts(s, destination, new Stack<string>(), out why)) return result;
                }
                var source = new List<(int Protocol, int From, int To)>();
                foreach (var s in term.Get("source-port"))
                {
                    if (!ServicePorts(s, source, new Stack<string>(), out why)) return result;
                }
                bool anyPorts = destination.Count > 0 || source.Count > 0;
                var icmpTypes = term.Get("icmp-type");
                if (protocols.Count == 0)
                {
                    // aclgen refuses the whole policy here ("no source ports of the correct protocol"); the import leaves the term out.
                    if (anyPorts || icmpTypes.Count > 0) { why = "ports or ICMP types without a protocol (aclgen refuses such a term)"; return result; }
                    result.Add(new Svc("any", new ServiceMatch(null, null, null, null, at)));
                    return result;
                }
                var dstPorts = Merged(term, "destination", destination, protocols);
                var srcPorts = Merged(term, "source", source, protocols);
                // aclgen refuses a term whose services have no port of its protocols on one side ("no source ports of the correct protocol").
                if (destination.Count > 0 && dstPorts.Count == 0) { why = "no destination port of its services uses its protocols (aclgen refuses such a term)"; return result; }
                if (source.Count > 0 && srcPorts.Count == 0) { why = "no source port of its services uses its protocols (aclgen refuses such a term)"; return result; }
                foreach (var p in protocols.Distinct())
                {
                    bool hasPorts = p == ServiceMatch.Tcp || p == ServiceMatch.Udp || p == ServiceMatch.Sctp;
                    var name = ServiceMatch.ProtocolName(p);
                    if (anyPorts && hasPorts)
                    {
                        if (srcPorts.Count == 0)
                        {
                            foreach (var d in dstPorts)
                                result.Add(new Svc(name + "/" + PortText(d), new ServiceMatch(p, new[] { Range(d) }, null, null, at)));
                            continue;
                        }
                        foreach (var s in srcPorts)
                        {
                            if (dstPorts.Count == 0)
                                result.Add(new Svc(name + "/" + PortText(s) + " -> any", new ServiceMatch(p, null, null, null, at, sourcePorts: new[] { Range(s) })));
                            foreach (var d in dstPorts)
                                result.Add(new Svc(name + "/" + PortText(s) + " -> " + PortText(d), new ServiceMatch(p, new[] { Range(d) }, null, null, at, sourcePorts: new[] { Range(s) })));
                        }
                        continue;
                    }
                    if ((p == ServiceMatch.Icmp || p == ServiceMatch.Icmpv6) && icmpTypes.Count > 0)
                    {
                        var table = p == ServiceMatch.Icmp ? WellKnownNames.IcmpTypes : WellKnownNames.Icmpv6Types;
                        foreach (var t in icmpTypes)
                        {
                            var known = t == "unreachable" ? "destination-unreachable" : t == "timestamp" ? "timestamp-request" : t;
                            if (!table.TryGetValue(known, out var type)) { why = "ICMP type '" + t + "' has no PolicyLang name"; return result; }
                            result.Add(new Svc(name + " " + known, new ServiceMatch(p, null, type, null, at)));
                        }
                        continue;
                    }
                    if (anyPorts && !hasPorts) continue; // Capirca applies ports to the protocols that have them
                    result.Add(new Svc(p == ServiceMatch.Icmp || p == ServiceMatch.Icmpv6 || hasPorts ? name : "proto " + p.ToString(CultureInfo.InvariantCulture),
                        new ServiceMatch(p, null, null, null, at)));
                }
                if (result.Count == 0) why = "no port of its services uses its protocols";
                return result;
            }

            /// <summary>
            /// One side's port ranges as Capirca matches them: those its services define for any of the term's protocols, in
            /// order, each once. A protocol that gets ranges its services define for another protocol only is a warning, as it
            /// is in aclgen ("not defined with protocol …, but will be permitted").
            /// </summary>
            private List<(int From, int To)> Merged(CapircaTerm term, string side, List<(int Protocol, int From, int To)> ports, List<int> protocols)
            {
                var merged = ports.Where(x => protocols.Contains(x.Protocol)).Select(x => (x.From, x.To)).Distinct().ToList();
                foreach (var p in protocols.Distinct().Where(p => p == ServiceMatch.Tcp || p == ServiceMatch.Udp || p == ServiceMatch.Sctp))
                {
                    var own = IntervalSet.FromRanges(ports.Where(x => x.Protocol == p).Select(x => Range((x.From, x.To))), IntervalSet.PortMax);
                    var extra = IntervalSet.FromRanges(merged.Select(Range), IntervalSet.PortMax).Except(own);
                    if (!extra.IsEmpty)
                        Warn(term, ServiceMatch.ProtocolName(p) + " also matches " + side + " port(s) " + ServiceMatch.PortText(extra.Ranges)
                            + ", which its services define for another protocol only: Capirca matches the ports of all its services for each of its protocols (aclgen warns and does the same)");
                }
                return merged;
            }

            private static string PortText((int From, int To) r) =>
                r.From.ToString(CultureInfo.InvariantCulture) + (r.To != r.From ? "-" + r.To.ToString(CultureInfo.InvariantCulture) : "");

            private static Interval Range((int From, int To) r) => new Interval((ulong)r.From, (ulong)r.To);

            private bool ServicePorts(string service, List<(int, int, int)> into, Stack<string> path, out string? why)
            {
                why = null;
                if (!defs.Services.TryGetValue(service, out var items)) { why = "unknown service '" + service + "'"; return false; }
                if (path.Contains(service)) { why = "service '" + service + "' refers to itself"; return false; }
                if (path.Count >= 64) { why = "service '" + service + "' is nested more than 64 deep"; return false; }
                path.Push(service);
                foreach (var item in items)
                {
                    int slash = item.Value.IndexOf('/');
                    if (slash < 0)
                    {
                        if (!ServicePorts(item.Value, into, path, out why)) return false;
                        continue;
                    }
                    var range = item.Value.Substring(0, slash).Split('-');
                    var proto = item.Value.Substring(slash + 1);
                    if (!s_protocols.TryGetValue(proto, out var p) || range.Length > 2
                        || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from) || from > 65535
                        || !int.TryParse(range[range.Length - 1], NumberStyles.None, CultureInfo.InvariantCulture, out var to) || to > 65535 || to < from)
                    {
                        why = "service '" + service + "' has '" + item.Value + "' (" + item.File + ":" + item.Line.ToString(CultureInfo.InvariantCulture) + "), not PORT[-PORT]/PROTOCOL";
                        return false;
                    }
                    into.Add((p, from, to));
                }
                path.Pop();
                return true;
            }

            private string FlowText(Flow f)
            {
                var sb = new StringBuilder();
                string With(string endpoint, List<string> more) =>
                    more.Count == 0 ? endpoint : endpoint + (endpoint.Contains(" except ") ? ", " : " except ") + string.Join(", ", more.Distinct());
                sb.Append(f.Allow ? "allow " : "deny ").Append(With(f.Source, f.SourceExcept)).Append(" -> ").Append(With(f.Destination, f.DestinationExcept))
                    .Append(" : ").Append(string.Join(", ", f.Services));
                var name = Identifier(f.Term.Name, "term");
                var why = new List<string>();
                if (name != f.Term.Name && !f.Term.Name.StartsWith(name, StringComparison.Ordinal)) why.Add("flow names hold letters, digits, '_' and single '-'");
                else if (name != f.Term.Name) why.Add("cut to " + name.Length.ToString(CultureInfo.InvariantCulture) + " characters");
                // Names PolicyLang keeps for itself (NP1005, in any case): f12 and t20 (generated rule and term names), quarantine-….
                var lower = name.ToLowerInvariant();
                if ((lower.Length > 1 && (lower[0] == 'f' || lower[0] == 't') && lower.Skip(1).All(char.IsDigit))
                    || lower.Replace('_', '-').StartsWith("quarantine-", StringComparison.Ordinal))
                {
                    name = "term-" + name;
                    why.Add("PolicyLang reserves the name");
                }
                if (name.Length > 56)
                {
                    name = name.Substring(0, 56).TrimEnd('-');
                    why.Add("cut to 56 characters");
                }
                var unique = name;
                for (int k = 2; !_flowNames.Add(unique.Replace('_', '-')); k++)
                {
                    // A mixed filter's IPv6 half is NAME-v6 by design; another suffix means the name was taken.
                    bool v6 = k == 2 && f.Family == Family.V6;
                    unique = name + (v6 ? "-v6" : "-" + k.ToString(CultureInfo.InvariantCulture));
                    if (!v6 && k == 2 || k == 3) why.Add("the name is taken (names differ regardless of case and of '-' against '_')");
                }
                if (why.Count > 0) Warn(f.Term, "imported as flow '" + unique + "': " + string.Join("; ", why.Distinct()));
                sb.Append(" name ").Append(unique);
                if (f.Term.Fields.ContainsKey("counter")) sb.Append(" count");
                var logging = f.Term.Get("logging").FirstOrDefault();
                if (logging != null && logging != "false" && logging != "disable") sb.Append(" log");
                var expiration = f.Term.Get("expiration").FirstOrDefault();
                if (expiration != null)
                {
                    if (PolicyClock.TryParseDay(expiration, out _)) sb.Append(" expires ").Append(expiration);
                    else Warn(f.Term, "expiration '" + expiration + "' is not YYYY-MM-DD; not imported");
                }
                var comment = string.Join(" ", f.Term.Get("comment").Concat(f.Term.Get("owner").Select(o => "owner: " + o)));
                if (comment.Length > 0) sb.Append(" description ").Append(Str(comment));
                return sb.ToString();
            }

            /// <summary>A PolicyLang string literal: one line, quotes and backslashes escaped.</summary>
            private static string Str(string text)
            {
                var s = string.Join(" ", text.Split(new[] { '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries).Select(x => x.Trim()).Where(x => x.Length > 0));
                var sb = new StringBuilder("\"");
                foreach (char c in s)
                {
                    if (c == '"' || c == '\\') sb.Append('\\');
                    if (c < ' ') continue;
                    sb.Append(c);
                }
                return sb.Append('"').ToString();
            }

            /// <summary>Text for a '#' comment: one line, no control characters.</summary>
            private static string Comment(string text) =>
                new string(text.Select(c => c < ' ' ? ' ' : c).ToArray());
        }
    }
}
