using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Platforms;
using PolicyLang.Semantics;
using PolicyLang.Syntax;

namespace PolicyLang.Operations
{
    /// <summary>
    /// <c>policyc quarantine</c>: cut one address off from every flow in an emergency, and give it back. The quarantines
    /// live in an overlay file beside the policy's entry file, which the entry imports while the overlay has any. Every
    /// change is compiled in memory first and checked as <c>policyc check</c> checks (each target's validation
    /// included); a change that would add an error is refused with those errors, and nothing is written.
    /// </summary>
    public static class QuarantineOperation
    {
        public const string OverlayFileName = "quarantine.netpolicy";

        /// <summary>A reason is a line for the next person on call, not the incident report.</summary>
        public const int MaxReasonLength = 500;

        /// <summary>Quarantines <paramref name="address"/>: the overlay gains an entry, the entry file the import if it lacks it.</summary>
        /// <param name="expires">YYYY-MM-DD, today or later; null for no expiry.</param>
        public static QuarantineChange Add(IReadOnlyList<string> paths, string address, string? reason = null, string? expires = null,
            string? importRoot = null, CancellationToken cancellationToken = default)
        {
            var parsed = QuarantineAddress.Parse(address, out var error);
            if (parsed == null) return Refused(error);
            var today = PolicyClock.Today;
            if (reason != null && ReasonProblem(reason) is { } badReason) return Refused(badReason);
            DateTime? day = null;
            if (expires != null)
            {
                if (!PolicyClock.TryParseDay(expires.Trim(), out var d))
                    return Refused("the expiry " + StringSyntax.Quote(expires) + " is not a date written YYYY-MM-DD, such as " + PolicyClock.Format(today.AddDays(7)));
                if (d.Date < today)
                    return Refused("the expiry " + PolicyClock.Format(d) + " is in the past (today is " + PolicyClock.Format(today) + "); give today or a later date");
                day = d.Date;
            }

            var before = QuarantinePolicy.Load(paths, null, importRoot, cancellationToken, out var problem);
            if (before == null) return new QuarantineChange(QuarantineOutcome.InputError, problem);
            if (before.OverlayProblem() is { } overlayProblem) return Refused(overlayProblem);
            if (Duplicate(before, parsed) is { } duplicate) return Refused(duplicate);

            var newline = QuarantineText.NewLine(before.OverlayText ?? before.Entry.Text.Text);
            var overlay = QuarantineText.Append(before.OverlayText, QuarantineText.Entry(parsed, reason, day, today, newline), newline);
            var changes = new Dictionary<string, string?>(StringComparer.Ordinal) { [before.OverlayPath] = overlay };
            var writes = new List<QuarantineFileWrite> { new QuarantineFileWrite(before.OverlayPath, overlay, before.OverlayText, "quarantine of " + parsed + " added") };
            if (!before.Imported)
            {
                // The overlay is written first: a crash before the import leaves a file nothing imports, never an import of nothing.
                var entry = QuarantineText.WithImport(before.Entry, QuarantineText.ImportLine(OverlayFileName));
                changes[before.Entry.Path] = entry;
                writes.Add(new QuarantineFileWrite(before.Entry.Path, entry, before.Entry.Text.Text, QuarantineText.ImportLine(OverlayFileName) + " added"));
            }

            var after = QuarantinePolicy.Load(paths, changes, importRoot, cancellationToken, out problem);
            if (after == null) return new QuarantineChange(QuarantineOutcome.InputError, problem);
            var change = Compared(before, after, writes);
            change.Address = parsed.Text;
            change.Reason = reason;
            change.Expires = day;
            var bound = after.Policy.Model.Quarantines.FirstOrDefault(q => parsed.SameAs(QuarantineAddress.Of(q.Address)) && after.IsOverlay(q.Location.Path));
            change.Zone = bound?.Outbound.Source.Zone?.Name;
            if (change.NewErrors.Count > 0)
            {
                change.Outcome = QuarantineOutcome.PolicyErrors;
                change.Problem = "cannot quarantine " + parsed + ": " + Why(after, change.NewErrors, bound?.Outbound.Source.Zone) + "; nothing written";
                return change;
            }
            if (bound == null)
            {
                change.Outcome = QuarantineOutcome.PolicyErrors;
                change.Problem = "cannot quarantine " + parsed + ": the policy does not take up the new declaration (a bug in policyc: please report it); nothing written";
                return change;
            }
            change.Enforcement = Enforcement(after.Policy, bound);
            return change;
        }

        /// <summary>
        /// Releases <paramref name="address"/>: its declaration and its comment lines leave the overlay, every other byte
        /// stays. When none is left, the import goes first and then the overlay.
        /// </summary>
        public static QuarantineChange Release(IReadOnlyList<string> paths, string address, string? importRoot = null, CancellationToken cancellationToken = default)
        {
            var parsed = QuarantineAddress.Parse(address, out var error);
            if (parsed == null) return Refused(error);
            var before = QuarantinePolicy.Load(paths, null, importRoot, cancellationToken, out var problem);
            if (before == null) return new QuarantineChange(QuarantineOutcome.InputError, problem);
            if (before.OverlayProblem() is { } overlayProblem) return Refused(overlayProblem);
            var declaration = before.OverlayDeclarations.FirstOrDefault(d => parsed.SameAs(QuarantineAddress.Of(d.Address.Text)));
            if (declaration == null) return Refused(NotInOverlay(before, parsed));

            var overlay = QuarantineText.WithoutLines(before.OverlayTree!, declaration, withComments: true);
            var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
            var writes = new List<QuarantineFileWrite>();
            bool last = PolicySyntaxTree.Parse(overlay).Declarations.Count == 0;
            if (last)
            {
                // The import goes before the overlay: a crash between the two leaves a file nothing imports, never an import of nothing.
                foreach (var tree in before.Importers)
                {
                    var text = QuarantinePolicy.WithoutImports(tree, before.OverlayPath);
                    changes[tree.Path] = text;
                    writes.Add(new QuarantineFileWrite(tree.Path, text, tree.Text.Text, QuarantineText.ImportLine(OverlayFileName) + " removed"));
                }
                changes[before.OverlayPath] = null;
                writes.Add(new QuarantineFileWrite(before.OverlayPath, null, before.OverlayText, "no quarantine left"));
            }
            else
            {
                changes[before.OverlayPath] = overlay;
                writes.Add(new QuarantineFileWrite(before.OverlayPath, overlay, before.OverlayText, "quarantine of " + parsed + " removed"));
            }

            var after = QuarantinePolicy.Load(paths, changes, importRoot, cancellationToken, out problem);
            if (after == null) return new QuarantineChange(QuarantineOutcome.InputError, problem);
            var change = Compared(before, after, writes);
            change.Address = parsed.Text;
            var released = before.Policy.Model.Quarantines.FirstOrDefault(q => parsed.SameAs(QuarantineAddress.Of(q.Address)) && before.IsOverlay(q.Location.Path));
            change.Zone = released?.Outbound.Source.Zone?.Name;
            change.Reason = released?.Reason;
            change.Expires = released?.Expires?.Value;
            if (change.NewErrors.Count > 0)
            {
                change.Outcome = QuarantineOutcome.PolicyErrors;
                change.Problem = "cannot release " + parsed + ": without the quarantine the policy has errors it does not have now; nothing written";
            }
            return change;
        }

        /// <summary>The policy's quarantines in declaration order, each with its reason and expiry.</summary>
        public static QuarantineListing List(IReadOnlyList<string> paths, string? importRoot = null, CancellationToken cancellationToken = default)
        {
            var policy = QuarantinePolicy.Load(paths, null, importRoot, cancellationToken, out var problem);
            if (policy == null) return new QuarantineListing(QuarantineOutcome.InputError, problem, "", Array.Empty<QuarantineEntry>(), Array.Empty<string>());
            var today = PolicyClock.Today;
            var entries = policy.Policy.Model.Quarantines.Select(q => new QuarantineEntry(q.Address, q.Location.Display, q.Reason, q.Expires?.Value,
                q.Expires is { } e ? (int)Math.Round((e.Value.Date - today).TotalDays) : (int?)null, policy.IsOverlay(q.Location.Path))).ToList();
            var notes = new List<string>();
            if (policy.OverlayText != null && !policy.Imported && policy.OverlayDeclarations.Count > 0)
                notes.Add(OverlayName(policy) + " holds " + Count(policy.OverlayDeclarations.Count, "quarantine") + " ("
                    + string.Join(", ", policy.OverlayDeclarations.Select(d => d.Address.Text)) + ") but no file of the policy imports it, so "
                    + (policy.OverlayDeclarations.Count == 1 ? "it is" : "they are") + " not in force (an interrupted run?): add "
                    + QuarantineText.ImportLine(OverlayFileName) + " to " + policy.Entry.Text.DisplayName + ", or delete the file");
            return new QuarantineListing(QuarantineOutcome.Done, "", policy.Policy.Name, entries, notes);
        }

        /// <summary>Why a reason cannot go into the overlay; null when it can.</summary>
        public static string? ReasonProblem(string reason)
        {
            if (reason.Trim().Length == 0) return "the reason is empty; say why the address is cut off (an incident number helps whoever releases it)";
            if (reason.Length > MaxReasonLength)
                return "the reason is " + reason.Length.ToString(CultureInfo.InvariantCulture) + " characters long, more than " + MaxReasonLength.ToString(CultureInfo.InvariantCulture)
                    + "; keep the details in the incident and its reference in the reason";
            for (int i = 0; i < reason.Length; i++)
            {
                bool high = char.IsHighSurrogate(reason[i]);
                if (high && i + 1 < reason.Length && char.IsLowSurrogate(reason[i + 1])) { i++; continue; }
                if (high || char.IsLowSurrogate(reason[i]))
                    return "the reason holds an unpaired surrogate (U+" + ((int)reason[i]).ToString("X4", CultureInfo.InvariantCulture) + " at character "
                        + (i + 1).ToString(CultureInfo.InvariantCulture) + "), which is not text";
            }
            return null;
        }

        private static QuarantineChange Refused(string problem) => new QuarantineChange(QuarantineOutcome.Refused, problem);

        private static string? Duplicate(QuarantinePolicy policy, QuarantineAddress address)
        {
            foreach (var q in policy.Policy.Model.Quarantines)
            {
                var other = QuarantineAddress.Of(q.Address);
                if (address.SameAs(other)) return address + " is already quarantined at " + q.Location.Display + Because(q.Reason);
                if (address.Inside(other)) return address + " lies inside " + q.Address + ", already quarantined at " + q.Location.Display + Because(q.Reason);
            }
            // An overlay no file imports (a run interrupted between its two writes) holds quarantines the model does not.
            foreach (var d in policy.OverlayDeclarations)
            {
                var other = QuarantineAddress.Of(d.Address.Text);
                if (!address.Inside(other)) continue;
                var where = new SourceLocation(policy.OverlayTree!.Text, d.AbsoluteSpan(d)).Display;
                var what = address.SameAs(other) ? address + " is already quarantined at " + where : address + " lies inside " + d.Address.Text + ", already quarantined at " + where;
                return what + ", though no file of the policy imports " + OverlayFileName + " (an interrupted run?): add "
                    + QuarantineText.ImportLine(OverlayFileName) + " to " + policy.Entry.Text.DisplayName + ", or release " + d.Address.Text + " and quarantine it again";
            }
            return null;
        }

        private static string NotInOverlay(QuarantinePolicy policy, QuarantineAddress address)
        {
            var quarantines = policy.Policy.Model.Quarantines;
            var same = quarantines.FirstOrDefault(q => address.SameAs(QuarantineAddress.Of(q.Address)));
            if (same != null)
                return address + " is quarantined at " + same.Location.Display + ", not in " + OverlayFileName + " where policyc keeps its quarantines: remove that declaration by hand";
            var wider = quarantines.FirstOrDefault(q => address.Inside(QuarantineAddress.Of(q.Address)));
            if (wider != null)
                return address + " is not quarantined on its own: it lies inside " + wider.Address + ", quarantined at " + wider.Location.Display + "; release " + wider.Address + " to give it back";
            return address + " is not quarantined; " + (quarantines.Count == 0 ? "the policy has no quarantines"
                : "the policy quarantines " + string.Join(", ", quarantines.Select(q => q.Address)));
        }

        /// <summary>Compares the policy before and after a change: the diagnostics it adds, matched by SARIF fingerprint.</summary>
        private static QuarantineChange Compared(QuarantinePolicy before, QuarantinePolicy after, IReadOnlyList<QuarantineFileWrite> writes)
        {
            var known = new HashSet<string>(before.Fingerprints(), StringComparer.Ordinal);
            var added = after.Diagnostics.Zip(after.Fingerprints(), (d, f) => (d, f)).Where(p => !known.Contains(p.f)).Select(p => p.d).ToList();
            return new QuarantineChange(QuarantineOutcome.Done, "")
            {
                EntryPath = before.Entry.Path,
                OverlayPath = before.OverlayPath,
                Writes = writes,
                NewErrors = added.Where(d => d.IsError).ToList(),
                NewWarnings = added.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList(),
                ExistingErrors = before.Diagnostics.Count(d => d.IsError),
                Texts = after.Texts,
            };
        }

        /// <summary>The reason a change fails, from the errors it would add.</summary>
        private static string Why(QuarantinePolicy after, IReadOnlyList<Diagnostic> errors, ZoneSymbol? zone)
        {
            var reasons = new List<string>();
            var cannot = after.Policy.Model.Targets.Where(t => after.Policy.TargetDiagnostics(t).Any(d => d.Id == DiagnosticCatalog.TargetCannotExpress.Id
                && errors.Any(e => e.Id == d.Id && e.Path == d.Path && e.Span == d.Span && e.Message == d.Message))).ToList();
            if (cannot.Count > 0)
                reasons.Add(string.Join("; ", cannot.Select(t => "target '" + t.Name + "' (" + t.Platform.Value + ") cannot deny one address"
                    + (zone != null && !t.Zones.Contains(zone) ? " (it does not hold zone " + zone.Name + ", but admits traffic to or from the address)" : "")))
                    + " (NP4001; see docs/quarantine.md)");
            if (errors.Any(e => e.Id == DiagnosticCatalog.EndpointInNoZone.Id))
                reasons.Add("the address lies in no zone of the policy (NP2028): a quarantine cuts off an address the policy places in a zone");
            if (errors.Any(e => e.Id == DiagnosticCatalog.EndpointStraddlesZones.Id))
                reasons.Add("the prefix spans several zones (NP2029): quarantine each zone's part on its own");
            var others = errors.Where(e => e.Id != DiagnosticCatalog.TargetCannotExpress.Id && e.Id != DiagnosticCatalog.EndpointInNoZone.Id
                && e.Id != DiagnosticCatalog.EndpointStraddlesZones.Id).ToList();
            if (others.Count > 0)
                reasons.Add((reasons.Count > 0 ? "and it adds " : "it adds ") + Count(others.Count, "more error") + " ("
                    + string.Join(", ", others.Select(e => e.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal)) + ")");
            return string.Join("; ", reasons);
        }

        /// <summary>
        /// The targets whose relevant flows (what a build of the target carries) include the quarantine's flows. One that
        /// cannot deny a single address passed the check only because it admits none of the address's traffic.
        /// </summary>
        private static IReadOnlyList<QuarantineEnforcement> Enforcement(PolicyCompilation compilation, Quarantine quarantine)
        {
            var zone = quarantine.Outbound.Source.Zone;
            var result = new List<QuarantineEnforcement>();
            foreach (var target in compilation.Model.Targets)
            {
                var flows = new TargetContext(compilation, target, new List<Diagnostic>()).RelevantFlows;
                if (!flows.Contains(quarantine.Outbound) && !flows.Contains(quarantine.Inbound)) continue;
                var platform = PlatformRegistry.Describe(target.Platform.Value);
                result.Add(new QuarantineEnforcement(target.Name, target.Platform.Value, zone != null && target.Zones.Contains(zone),
                    target.Zones.Select(z => z.Name).ToList(), platform != null && !platform.Can(PlatformCapabilities.NarrowEndpoints)));
            }
            return result;
        }

        private static string Because(string? reason) => reason == null ? "" : " (" + StringSyntax.Quote(reason) + ")";

        private static string OverlayName(QuarantinePolicy policy) => policy.OverlayTree?.Text.DisplayName ?? OverlayFileName;

        private static string Count(int n, string word) => n.ToString(CultureInfo.InvariantCulture) + " " + word + (n == 1 ? "" : "s");
    }
}
