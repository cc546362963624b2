using System.Text;
using PolicyLang.Platforms;
using PolicyLang.Semantics;

namespace PolicyLang.Emit
{
    /// <summary>
    /// Writes a target's <c>verbatim</c> blocks into its configuration files, unread, fenced by two marker comments that
    /// name where the text comes from. The markers are what lets a reader of the output (a reviewer, translation
    /// validation) tell the unchecked lines from policyc's own.
    /// Only platforms whose configuration is a text a line can be appended to take verbatim text: switch configurations,
    /// NVUE command files and nftables scripts: each platform says how in its description (<see cref="VerbatimFormat"/>).
    /// Cloud templates, SONiC's config_db JSON and Kubernetes objects are structured documents a pasted line would break;
    /// there a block is "cannot express" (NP4001).
    /// </summary>
    public static class VerbatimOutput
    {
        /// <summary>Whether an artifact of the target is a configuration file that takes the target's verbatim text.</summary>
        public static bool Takes(Artifact artifact, VerbatimFormat format) =>
            artifact.RelativePath.IndexOf("/ansible/", StringComparison.Ordinal) < 0 && artifact.RelativePath.EndsWith(format.FileExtension, StringComparison.Ordinal);

        /// <summary>The artifacts with the target's verbatim blocks written into each configuration file (unchanged without blocks).</summary>
        public static IReadOnlyList<Artifact> Apply(TargetSymbol target, IReadOnlyList<Artifact> artifacts)
        {
            if (target.Verbatim.Count == 0) return artifacts;
            var format = PlatformRegistry.Describe(target.Platform.Value)?.Verbatim;
            if (format == null) return artifacts; // validation reported NP4001: no build gets here
            var result = new List<Artifact>(artifacts.Count);
            foreach (var a in artifacts)
                result.Add(Takes(a, format) ? new Artifact(a.Target, a.Platform, a.RelativePath, Insert(a.Content, format, target), () => a.Rules) : a);
            return result;
        }

        private static string Insert(string content, VerbatimFormat format, TargetSymbol target)
        {
            var nl = content.Contains("\r\n") ? "\r\n" : "\n";
            var leader = format.CommentLeader;
            var sb = new StringBuilder();
            var blocks = target.Verbatim;
            for (int i = 0; i < blocks.Count; i++)
            {
                var b = blocks[i];
                // The file name and the block's place in its target, not a full path or a line number: the output must not
                // depend on where the policy was checked out, nor change when lines are added above the block.
                var file = System.IO.Path.GetFileName(b.Location.Path);
                sb.Append(leader).Append(' ').Append(VerbatimText.BeginMarker).Append(": ").Append(b.Lines.Count).Append(" line(s) of verbatim block ")
                  .Append(i + 1).Append(" of target ").Append(target.Name).Append(" in ").Append(file.Length > 0 ? file : "the policy")
                  .Append(", written as they stand: not read or checked by policyc").Append(nl);
                foreach (var line in b.Lines) sb.Append(line).Append(nl);
                sb.Append(leader).Append(' ').Append(VerbatimText.EndMarker).Append(nl);
            }
            var text = sb.ToString();
            if (!content.EndsWith(nl, StringComparison.Ordinal) && content.Length > 0) content += nl;
            if (format.BeforeFinalEnd)
            {
                var endLine = nl + "end" + nl;
                if (content.EndsWith(endLine, StringComparison.Ordinal))
                    return content.Substring(0, content.Length - endLine.Length + nl.Length) + text + "end" + nl;
            }
            return content + text;
        }

        /// <summary>
        /// A configuration text without its verbatim blocks, and how many lines they held: what translation validation and
        /// readers of policyc's own output read (the fenced lines are unverified by design).
        /// </summary>
        public static (string Text, int VerbatimLines) Strip(string content)
        {
            if (content.IndexOf(VerbatimText.BeginMarker, StringComparison.Ordinal) < 0) return (content, 0);
            var sb = new StringBuilder(content.Length);
            int lines = 0;
            bool inside = false;
            int start = 0;
            while (start < content.Length)
            {
                int end = content.IndexOf('\n', start);
                int next = end < 0 ? content.Length : end + 1;
                var line = content.Substring(start, (end < 0 ? content.Length : end) - start).TrimEnd('\r');
                bool comment = line.StartsWith("!", StringComparison.Ordinal) || line.StartsWith("#", StringComparison.Ordinal);
                var bare = line.TrimStart(' ', '\t', '!', '#');
                if (!inside && comment && bare.StartsWith(VerbatimText.BeginMarker, StringComparison.Ordinal))
                    inside = true;
                else if (inside && comment && bare.StartsWith(VerbatimText.EndMarker, StringComparison.Ordinal))
                    inside = false;
                else if (inside)
                    lines++;
                else
                    sb.Append(content, start, next - start);
                start = next;
            }
            return (sb.ToString(), lines);
        }
    }
}
