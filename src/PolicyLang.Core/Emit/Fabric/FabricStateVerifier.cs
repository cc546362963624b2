using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.State;
using PolicyLang.Text;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// Compares a switch's exported running configuration with the policy, interface by interface, with the semantics
    /// the translation validation proves the build with (<see cref="AclSemantics"/>, <see cref="AclScope"/>): for every
    /// interface of the device that carries segments and each address family,
    /// <list type="bullet">
    /// <item>the new traffic its inbound ACLs let in from the segments' hosts, against what the policy allows from them
    /// (plus the stateless replies an ACL must admit);</item>
    /// <item>the replies its return entries let through, against the policy's flows into the segments;</item>
    /// <item>what an outbound ACL on the interface drops of the traffic the policy allows into the segments.</item>
    /// </list>
    /// Every ACL bound counts, not only policyc's: a second ACL, an extra entry, a missing binding. Each finding names
    /// the entry (its line) or the binding responsible.
    /// </summary>
    public static class FabricStateVerifier
    {
        public static IReadOnlyList<DriftFinding> Verify(TargetContext context, StateFile file, Func<StateFile, ParsedConfig> read)
        {
            var device = FabricTarget.Facts(context.Target).FirstOrDefault(d => d.Name.Value == file.Name);
            if (device == null) return Array.Empty<DriftFinding>();
            ParsedConfig parsed;
            try
            {
                parsed = read(file);
            }
            catch (AclReadException e)
            {
                return new[] { DriftSets.Unreadable(file, e.Line > 0 ? file.Line(e.Line).Start : 0, e.Message) };
            }
            catch (StateReadException e)
            {
                return new[] { DriftSets.Unreadable(file, e.Offset, e.Message) };
            }
            var findings = new List<DriftFinding>();
            var preferred = DriftSets.InternalAddresses(context);
            var scopes = new Dictionary<string, AclScope>(StringComparer.Ordinal);
            foreach (var i in device.Interfaces.Where(i => !i.IsUplink && i.Segments.Count > 0))
            {
                foreach (var family in new[] { AclFamily.IPv4, AclFamily.IPv6 })
                {
                    var segments = i.Segments.Distinct().OrderBy(x => x.QualifiedName, StringComparer.Ordinal).ToList();
                    var names = string.Join(",", segments.Select(x => x.QualifiedName));
                    var key = names + (family == AclFamily.IPv4 ? ":4" : ":6");
                    // Interfaces that carry the same segments share one scope, the build's own (FabricModelBuilder): kept with the
                    // target's models, so the devices of a target work it out once.
                    if (!scopes.TryGetValue(key, out var expected))
                        scopes[key] = expected = context.ModelMemo("fabric-scope:" + names + "|" + family, () => AclScope.Compute(context.Flows, segments, family,
                            () => context.LocalMemo("fabric-allowed:" + names, () => AclScope.AllowedInBothFamilies(context.Flows, segments))));
                    var space = AclSemantics.Space(family);
                    var mine = AddressRangeSet.FromPrefixes(i.Segments.SelectMany(s => s.Prefixes.Select(p => p.Value))).Intersect(space);
                    if (mine.IsEmpty) continue;
                    var name = i.Name.Value;
                    var where = name + " " + (family == AclFamily.IPv4 ? "IPv4" : "IPv6");
                    var interfaceSpan = parsed.InterfaceLines.TryGetValue(name, out var ifLine) ? file.Line(ifLine) : new TextSpan(0, 0);
                    var inbound = Bound(parsed, name, family, inbound: true);
                    var outbound = Bound(parsed, name, family, inbound: false);

                    // New traffic from the segments' hosts.
                    var fromHosts = PacketSpace.Between(mine, space);
                    var forward = Lists(context, file, parsed, inbound, family, fromHosts, key + ":from", interfaceSpan, name, replies: false);
                    findings.AddRange(DriftSets.Compare(file.Name, where + " inbound", expected.Forward.Intersect(fromHosts), forward.Most, forward.Least,
                        p => forward.Blame(p, AclAction.Permit), p => forward.Blame(p, AclAction.Deny), preferred, DriftSets.AllowingFlow(context)));

                    // Replies the hosts send, in the coordinates of the flows they answer. A reply passes every entry whose
                    // match it falls in, return entry or not; replies of flows the policy never allows open nothing, so only
                    // the replies it drops of allowed flows count (the flow breaks).
                    var toHosts = PacketSpace.Between(space, mine);
                    var replies = Lists(context, file, parsed, inbound, family, toHosts, key + ":to", interfaceSpan, name, replies: true);
                    var answered = expected.Replies.Intersect(toHosts);
                    findings.AddRange(DriftSets.Compare(file.Name, where + " inbound replies", answered, answered, replies.Least,
                        p => replies.Blame(p, AclAction.Permit), p => replies.Blame(p, AclAction.Deny), preferred, DriftSets.AllowingFlow(context)));

                    // An outbound ACL can only take away: what it drops of the traffic the policy allows into the segments.
                    if (outbound.Count > 0)
                    {
                        var into = Lists(context, file, parsed, outbound, family, toHosts, key + ":to", interfaceSpan, name, replies: false);
                        var allowedInto = expected.AllowedTo.Intersect(toHosts);
                        findings.AddRange(DriftSets.Compare(file.Name, where + " outbound", allowedInto, allowedInto, into.Least,
                            p => into.Blame(p, AclAction.Permit), p => into.Blame(p, AclAction.Deny), preferred, DriftSets.AllowingFlow(context)));
                    }
                }
            }
            return findings;
        }

        private static List<AclBinding> Bound(ParsedConfig parsed, string iface, AclFamily family, bool inbound) =>
            parsed.Bindings.Where(b => b.Interface == iface && b.Family == family && b.Inbound == inbound).ToList();

        /// <summary>What the ACLs bound in one direction let through: all of them must permit a packet.</summary>
        private sealed class BoundLists
        {
            public PacketSet Most = PacketSet.Empty;
            public PacketSet Least = PacketSet.Empty;
            private readonly List<Action<List<(AclAction, PacketSet, string, TextSpan)>>> decide = new List<Action<List<(AclAction, PacketSet, string, TextSpan)>>>();
            private List<(AclAction Action, PacketSet Packets, string Responsible, TextSpan Span)>? decisions;

            /// <summary>Adds what decides packets, worked out only when a finding needs it: entry by entry, in order.</summary>
            public void Decide(Action<List<(AclAction, PacketSet, string, TextSpan)>> add) => decide.Add(add);

            public StateDecision Blame(Packet p, AclAction action)
            {
                if (decisions == null)
                {
                    decisions = new List<(AclAction Action, PacketSet Packets, string Responsible, TextSpan Span)>();
                    foreach (var add in decide) add(decisions);
                }
                foreach (var d in decisions)
                    if (d.Action == action && d.Packets.Contains(p)) return new StateDecision(d.Responsible, d.Span, d.Packets);
                return new StateDecision("no entry (unexpected)", new TextSpan(0, 0), PacketSet.All);
            }
        }

        /// <summary>
        /// What the ACLs bound let through within <paramref name="scope"/>. Only the permitted set is worked out here, run by
        /// run of entries with one action (<see cref="AclSemantics.FirstMatch"/>); which entry decides which packets (entry by
        /// entry, each against all before it) is worked out only if a finding needs someone to blame, as it is costly on
        /// thousands of entries and a clean device never needs it.
        /// </summary>
        /// <param name="scopeKey">Names <paramref name="scope"/> (the segments, family and direction it is made of): devices of a
        /// target that run the same ACL on interfaces of the same segments share what it lets through (a leaf pair's ACLs are the same).</param>
        private static BoundLists Lists(TargetContext context, StateFile file, ParsedConfig parsed, List<AclBinding> bindings, AclFamily family, PacketSet scope,
            string scopeKey, TextSpan interfaceSpan, string iface, bool replies)
        {
            var result = new BoundLists();
            if (bindings.Count == 0)
            {
                // No ACL: the interface forwards everything (replies included).
                result.Most = result.Least = scope;
                result.Decide(d => d.Add((AclAction.Permit, scope, "interface " + iface + " has no " + (family == AclFamily.IPv4 ? "IPv4" : "IPv6") + " ACL applied", interfaceSpan)));
                return result;
            }
            result.Most = scope;
            result.Least = scope;
            foreach (var b in bindings)
            {
                if (!parsed.Acls.TryGetValue(b.AclName, out var acl) || acl.Family != family)
                {
                    // An ACL applied but not defined: platforms differ (some permit everything, some deny); read it both ways.
                    result.Least = PacketSet.Empty;
                    var why = "interface " + iface + " applies ACL '" + b.AclName + "', which the configuration does not define";
                    result.Decide(d =>
                    {
                        d.Add((AclAction.Permit, scope, why, interfaceSpan));
                        d.Add((AclAction.Deny, scope, why, interfaceSpan));
                    });
                    continue;
                }
                var meaning = context.LocalMemo("verify-acl:" + Fingerprint(acl) + "|" + (replies ? "replies" : "forward") + "|" + scopeKey, () =>
                {
                    // Each entry's match as it is, the list's first-match result cut to the scope once: the same packets as cutting
                    // every entry first (first match commutes with intersection), without an intersection per entry.
                    var entries = new List<(AclAction Action, PacketSet Match)>(acl.Entries.Count);
                    foreach (var e in acl.Entries)
                    {
                        if (!replies && AclSemantics.NeverOpens(e)) { entries.Add((e.Action, PacketSet.Empty)); continue; }
                        entries.Add((e.Action, replies ? AclSemantics.ReplyMatch(e, family) : AclSemantics.Match(e, family)));
                    }
                    return Tuple.Create(entries, AclSemantics.FirstMatch(entries).Intersect(scope));
                });
                var matches = meaning.Item1;
                var permitted = meaning.Item2;
                result.Decide(d =>
                {
                    var seen = PacketSet.Empty;
                    for (int k = 0; k < matches.Count; k++)
                    {
                        var m = matches[k].Match.Intersect(scope).Except(seen);
                        if (m.IsEmpty) continue;
                        seen = seen.Union(m);
                        d.Add((matches[k].Action, m, Entry(file, acl, k), EntrySpan(file, acl, k)));
                    }
                    var implicitDeny = scope.Except(seen);
                    if (!implicitDeny.IsEmpty)
                        d.Add((AclAction.Deny, implicitDeny, "the end of ACL '" + acl.Name + "' (nothing matched: denied)", acl.Line > 0 ? file.Line(acl.Line) : interfaceSpan));
                });
                result.Most = result.Most.Intersect(permitted);
                result.Least = result.Least.Intersect(permitted);
            }
            return result;
        }

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ParsedAcl, string> s_fingerprints =
            new System.Runtime.CompilerServices.ConditionalWeakTable<ParsedAcl, string>();

        /// <summary>The SHA-256 of what an ACL's entries match, in order (every field but logging, as numbers): the same for the
        /// same ACL on two devices, whatever their lines, remarks and names.</summary>
        private static string Fingerprint(ParsedAcl acl) => s_fingerprints.GetValue(acl, a =>
        {
            // Written into one buffer per thread, kept between ACLs (an ACL of thousands of entries is hundreds of kilobytes).
            var writer = t_fingerprint ??= new FingerprintWriter();
            writer.Reset();
            writer.Byte(a.Family == AclFamily.IPv4 ? (byte)4 : (byte)6);
            foreach (var e in a.Entries)
            {
                writer.Byte(e.Action == AclAction.Permit ? (byte)1 : (byte)2);
                writer.Optional(e.Protocol);
                writer.Prefixes(e.Sources);
                writer.Prefixes(e.Destinations);
                writer.Ports(e.SourcePorts);
                writer.Ports(e.DestinationPorts);
                writer.Optional(e.IcmpType);
                writer.Optional(e.IcmpCode);
                writer.Byte(e.Established ? (byte)1 : (byte)0);
            }
            // Hundreds of kilobytes per large ACL, for every ACL of every device: the platform's hashing, which verify has loaded.
            return Convert.ToBase64String(PolicyLang.Text.Sha256.Platform(writer.ToArray()));
        });

        [ThreadStatic] private static FingerprintWriter? t_fingerprint;

        /// <summary>What an ACL's entries match, as bytes: every number seven bits at a time, the high bit saying more follow, so
        /// that every number, and so every entry, reads back one way.</summary>
        private sealed class FingerprintWriter
        {
            private byte[] _buffer = new byte[4096];
            private int _length;

            public void Reset() => _length = 0;

            public byte[] ToArray()
            {
                var bytes = new byte[_length];
                Buffer.BlockCopy(_buffer, 0, bytes, 0, _length);
                return bytes;
            }

            public void Byte(byte b)
            {
                if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
                _buffer[_length++] = b;
            }

            public void Number(ulong v)
            {
                do { Byte((byte)((v & 0x7F) | (v > 0x7F ? 0x80UL : 0))); v >>= 7; } while (v > 0);
            }

            public void Optional(int? v) => Number(v is int x ? (ulong)x + 1 : 0);

            public void Prefixes(IReadOnlyList<IpPrefix>? list)
            {
                Number(list == null ? 0 : (ulong)list.Count + 1);
                if (list == null) return;
                for (int i = 0; i < list.Count; i++)
                {
                    var p = list[i];
                    Number(p.Address.High);
                    Number(p.Address.Low);
                    Number((ulong)p.Length);
                }
            }

            public void Ports(IReadOnlyList<Interval>? list)
            {
                Number(list == null ? 0 : (ulong)list.Count + 1);
                if (list == null) return;
                for (int i = 0; i < list.Count; i++)
                {
                    Number(list[i].Start);
                    Number(list[i].End);
                }
            }
        }

        /// <summary>"line 27 of ACL 'X': 145 permit tcp 10.10.0.0/18 any eq 22" (the line as the export writes it), or the entry's name and meaning.</summary>
        private static string Entry(StateFile file, ParsedAcl acl, int k)
        {
            if (k < acl.EntryLines.Count && acl.EntryLines[k] > 0)
            {
                var span = file.Line(acl.EntryLines[k]);
                var text = file.Text.Substring(span.Start, span.Length).Trim();
                if (text.Length > 160) text = text.Substring(0, 157) + "…";
                return "line " + acl.EntryLines[k].ToString(CultureInfo.InvariantCulture) + " of ACL '" + acl.Name + "': " + text;
            }
            var name = k < acl.EntryNames.Count ? acl.EntryNames[k] + " " : "";
            return name + "of ACL '" + acl.Name + "' (" + acl.Entries[k] + ")";
        }

        private static TextSpan EntrySpan(StateFile file, ParsedAcl acl, int k)
        {
            if (k < acl.EntryLines.Count && acl.EntryLines[k] > 0) return file.Line(acl.EntryLines[k]);
            if (k < acl.EntryNames.Count)
            {
                // A JSON export: the entry's key, where it first appears.
                var key = acl.EntryNames[k];
                int space = key.IndexOf(' ');
                var quoted = "\"" + (space >= 0 ? key.Substring(space + 1) : key) + "\"";
                int at = file.Text.IndexOf(quoted, StringComparison.Ordinal);
                if (at >= 0) return new TextSpan(at, quoted.Length);
            }
            return acl.Line > 0 ? file.Line(acl.Line) : new TextSpan(0, 0);
        }
    }
}
