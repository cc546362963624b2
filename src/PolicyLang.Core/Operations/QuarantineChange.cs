using PolicyLang.Diagnostics;
using PolicyLang.IO;
using PolicyLang.Text;

namespace PolicyLang.Operations
{
    /// <summary>
    /// A quarantine or release, checked in memory: the files to write in order, what the policy says with the change, and
    /// which targets enforce it. Nothing is on the disk until <see cref="Apply"/>.
    /// </summary>
    public sealed class QuarantineChange
    {
        private static readonly byte[] s_bom = { 0xEF, 0xBB, 0xBF };

        internal QuarantineChange(QuarantineOutcome outcome, string problem)
        {
            Outcome = outcome;
            Problem = problem;
        }

        public QuarantineOutcome Outcome { get; internal set; }

        public bool Succeeded => Outcome == QuarantineOutcome.Done;

        /// <summary>Why the change is refused or fails, in one sentence; empty when it succeeded.</summary>
        public string Problem { get; internal set; }

        /// <summary>The address in canonical form (empty when it did not parse).</summary>
        public string Address { get; internal set; } = "";

        /// <summary>The zone the address lies in, when the policy places it in one.</summary>
        public string? Zone { get; internal set; }

        public string? Reason { get; internal set; }
        public DateTime? Expires { get; internal set; }

        /// <summary>The policy's entry file (the one with the policy header) and the overlay beside it.</summary>
        public string EntryPath { get; internal set; } = "";
        public string OverlayPath { get; internal set; } = "";

        /// <summary>In order: a crash between two writes never leaves a file importing one that is missing.</summary>
        public IReadOnlyList<QuarantineFileWrite> Writes { get; internal set; } = Array.Empty<QuarantineFileWrite>();

        /// <summary>Errors the change would add (what <c>policyc check</c> would newly report); the change fails with any.</summary>
        public IReadOnlyList<Diagnostic> NewErrors { get; internal set; } = Array.Empty<Diagnostic>();

        /// <summary>Warnings the change adds: an expectation it suspends (NP3013), an expiry that is near, a log prefix a target drops.</summary>
        public IReadOnlyList<Diagnostic> NewWarnings { get; internal set; } = Array.Empty<Diagnostic>();

        /// <summary>Errors the policy had before the change (they fail its build with or without it).</summary>
        public int ExistingErrors { get; internal set; }

        /// <summary>The targets whose rules carry the quarantine's flows, in declaration order (empty for a release).</summary>
        public IReadOnlyList<QuarantineEnforcement> Enforcement { get; internal set; } = Array.Empty<QuarantineEnforcement>();

        /// <summary>Every file's text as it would be after the change, by path: where the diagnostics point.</summary>
        public IReadOnlyDictionary<string, SourceText> Texts { get; internal set; } = new Dictionary<string, SourceText>();

        /// <summary>
        /// Writes the change: each file atomically, in order. First it checks that every file still holds the text the
        /// change was computed from, so an edit made meanwhile is never overwritten (an <see cref="IOException"/>, and
        /// nothing written). A UTF-8 byte order mark a file starts with is kept.
        /// </summary>
        public void Apply()
        {
            if (!Succeeded) throw new InvalidOperationException("the change did not succeed: " + Problem);
            var boms = new bool[Writes.Count];
            for (int i = 0; i < Writes.Count; i++)
            {
                var w = Writes[i];
                byte[]? bytes = File.Exists(w.Path) ? File.ReadAllBytes(w.Path) : null;
                var now = bytes == null ? null : SourceText.Decode(bytes);
                if (now != w.Original)
                    throw new IOException(w.Path + " changed since policyc read it; nothing was written, run the command again");
                boms[i] = bytes != null && bytes.Length >= 3 && bytes[0] == s_bom[0] && bytes[1] == s_bom[1] && bytes[2] == s_bom[2];
            }
            for (int i = 0; i < Writes.Count; i++)
            {
                var w = Writes[i];
                if (w.Content == null)
                {
                    File.Delete(w.Path);
                    continue;
                }
                var body = new UTF8Encoding(false).GetBytes(w.Content);
                AtomicFile.WriteAllBytes(w.Path, boms[i] ? s_bom.Concat(body).ToArray() : body);
            }
        }
    }
}
