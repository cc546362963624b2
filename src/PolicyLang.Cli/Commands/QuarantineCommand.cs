using PolicyLang.Operations;
using PolicyLang.Semantics;
using PolicyLang.Syntax;

namespace PolicyLang.Cli.Commands
{
    /// <summary>
    /// <c>policyc quarantine [paths…] --address A [--reason TEXT] [--expires DATE] | --release A | --list</c>: cut one address
    /// off from every flow in an emergency, give it back, or list what is cut off. The change goes into the overlay
    /// <c>quarantine.netpolicy</c> beside the policy's entry file and is checked as <c>policyc check</c> checks before
    /// anything is written (see docs/quarantine.md).
    /// </summary>
    public static class QuarantineCommand
    {
        public static Command Create(CliContext context)
        {
            var paths = CommonOptions.Paths("Policy files or folders (one policy). Default: the current folder.");
            var address = new Option<string?>("--address") { Description = "Quarantine this IPv4 or IPv6 address or prefix (10.10.1.5, fd00:10::/64): it loses every flow, both ways." };
            var reason = new Option<string?>("--reason") { Description = "Why, in one line for whoever releases it (at most " + QuarantineOperation.MaxReasonLength + " characters); an incident number helps." };
            var expires = new Option<string?>("--expires") { Description = "The quarantine's last day, YYYY-MM-DD (today or later); from the day after, the policy has an error (NP3010) until it is released or given a later date." };
            var release = new Option<string?>("--release") { Description = "Release this address: its lines leave the overlay; when none is left, the overlay and its import go." };
            var list = new Option<bool>("--list") { Description = "List the policy's quarantines with reason and expiry (also what the command does with no option)." };
            var command = CommonOptions.Command("quarantine",
                "Cut one address off from every flow in an emergency, or give it back: an overlay file beside the policy's entry file, checked as 'check' checks before anything is written.",
                paths, address, reason, expires, release, list);
            command.SetAction(parse => Run(context, parse.PathsOf(paths), parse.GetValue(address), parse.GetValue(reason), parse.GetValue(expires),
                parse.GetValue(release), parse.GetValue(list)));
            return command;
        }

        public static int Run(CliContext context, string[] paths, string? address, string? reason, string? expires, string? release, bool list)
        {
            string? usage = address != null && release != null ? "give --address or --release, not both"
                : list && (address != null || release != null) ? "--list lists; it takes no --address or --release"
                : (reason != null || expires != null) && address == null ? "--reason and --expires go with --address"
                : null;
            if (usage != null)
            {
                context.Error.WriteLine("policyc: error: " + usage);
                return ExitCodes.UsageOrIoError;
            }
            if (address != null) return Finish(context, QuarantineOperation.Add(paths, address, reason, expires, context.ImportRoot), added: true);
            if (release != null) return Finish(context, QuarantineOperation.Release(paths, release, context.ImportRoot), added: false);
            return List(context, QuarantineOperation.List(paths, context.ImportRoot));
        }

        private static int Finish(CliContext context, QuarantineChange change, bool added)
        {
            switch (change.Outcome)
            {
                case QuarantineOutcome.Refused:
                case QuarantineOutcome.InputError:
                    context.Error.WriteLine("policyc: error: " + change.Problem);
                    return ExitCodes.UsageOrIoError;
                case QuarantineOutcome.PolicyErrors:
                    DiagnosticPrinter.Print(context.Out, change.NewErrors, change.Texts, "text");
                    context.Error.WriteLine("policyc: error: " + change.Problem);
                    return ExitCodes.PolicyErrors;
            }
            try
            {
                change.Apply();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                context.Error.WriteLine("policyc: error: cannot write the quarantine: " + e.Message);
                return ExitCodes.UsageOrIoError;
            }

            var output = context.Out;
            output.WriteLine((added ? "quarantined " : "released ") + change.Address + (change.Zone != null ? " (zone " + change.Zone + ")" : ""));
            if (change.Reason != null) output.WriteLine("  reason " + StringSyntax.Quote(change.Reason));
            if (change.Expires is { } day) output.WriteLine("  expires " + PolicyClock.Format(day));
            foreach (var w in change.Writes)
                output.WriteLine((w.Deletes ? "deleted " : w.Original == null ? "created " : "wrote ") + CliContext.DisplayPath(w.Path) + ": " + w.Purpose);
            if (added) WriteEnforcement(output, change);
            if (change.NewWarnings.Count > 0) DiagnosticPrinter.Print(output, change.NewWarnings, change.Texts, "text");
            if (change.ExistingErrors > 0)
                context.Error.WriteLine("policyc: note: the policy already had " + Plural(change.ExistingErrors, "error") + " before this change; its build fails until they are fixed");
            output.WriteLine("next: review with 'policyc diff', then build and roll out as usual" + (added ? "; release with 'policyc quarantine --release " + change.Address + "'" : ""));
            return ExitCodes.Success;
        }

        private static void WriteEnforcement(TextWriter output, QuarantineChange change)
        {
            if (change.Enforcement.Count == 0)
            {
                output.WriteLine("enforced by no target: the policy has no target that carries the quarantine, so nothing on the network changes");
                return;
            }
            output.WriteLine("enforced by " + Plural(change.Enforcement.Count, "target") + ":");
            foreach (var e in change.Enforcement)
            {
                output.WriteLine("  " + e + (e.ByDefaultDeny
                    ? ": admits none of the address's traffic (its default deny; it cannot deny one address)"
                    : e.HoldsZone
                    ? ": holds zone " + change.Zone + ", every packet from or to " + change.Address + " it sees"
                    : ": zones " + string.Join(", ", e.Zones) + ", the address's traffic to and from them"));
            }
            if (change.Zone != null && !change.Enforcement.Any(e => e.HoldsZone && !e.ByDefaultDeny))
                output.WriteLine("  no target holds zone " + change.Zone + ": the address is cut off only where its traffic crosses the targets above");
        }

        private static int List(CliContext context, QuarantineListing listing)
        {
            if (listing.Outcome != QuarantineOutcome.Done)
            {
                context.Error.WriteLine("policyc: error: " + listing.Problem);
                return ExitCodes.UsageOrIoError;
            }
            var output = context.Out;
            foreach (var q in listing.Entries)
            {
                string expiry;
                if (q.Expires is not { } day) expiry = "no expiry";
                else if (q.Expired) expiry = "EXPIRED " + PolicyClock.Format(day) + " (" + Days(-q.DaysLeft!.Value) + " ago): the policy has an error (NP3010) until it is released or given a later date";
                else expiry = "expires " + PolicyClock.Format(day) + (q.DaysLeft == 0 ? " (today is its last day)" : " (in " + Days(q.DaysLeft!.Value) + ")");
                output.WriteLine(q.Address + " at " + q.Location + ": " + expiry);
                output.WriteLine("  " + (q.Reason != null ? "reason " + StringSyntax.Quote(q.Reason) : "no reason given"));
            }
            foreach (var note in listing.Notes) context.Error.WriteLine("policyc: note: " + note);
            int expired = listing.Entries.Count(e => e.Expired);
            output.WriteLine("policy " + listing.Policy + ": " + (listing.Entries.Count == 0 ? "no quarantines"
                : Plural(listing.Entries.Count, "quarantine") + (expired > 0 ? ", " + expired.ToString(CultureInfo.InvariantCulture) + " expired" : "")));
            return ExitCodes.Success;
        }

        private static string Days(int n) => n == 1 ? "1 day" : n.ToString(CultureInfo.InvariantCulture) + " days";

        private static string Plural(int n, string word) => n.ToString(CultureInfo.InvariantCulture) + " " + word + (n == 1 ? "" : "s");
    }
}
