using System.Text;
using PolicyLang.Semantics;

namespace PolicyLang.Emit
{
    /// <summary>
    /// Writes a target's <c>verbatim</c> blocks into its configuration files, unread, fenced by two marker comments that
    /// name where the text comes from. The markers are what lets a reader of the output (a reviewer, translation
    /// validation) tell the unchecked lines from policyc's own.
    /// Only platforms whose configuration is a text a line can be appended to take verbatim text: switch configurations,
    /// NVUE command files and nftables scripts. Cloud templates, SONiC's config_db JSON and Kubernetes objects are
    /// structured documents a pasted line would break; there a block is "cannot express" (NP4001).
    /// </summary>
    public static class VerbatimOutput
    {
        public const string BeginMarker = "policyc verbatim begin";
        public const string EndMarker = "policyc verbatim end";

        /// <summary>The comment leader of a platform that takes verbatim text, or null for one that does not.</summary>
        public static string? CommentLeader(string platform) => platform switch
        {
            "arista-eos" or "cisco-nxos" or "cisco-iosxe" => "!",
            "juniper-junos" or "cumulus-nvue" or "nftables" => "#",
            _ => null,
        };

        /// <summary>Why a line cannot be written as verbatim text, or null when it can.</summary>
        public static string? Problem(string line)
        {
            foreach (var ch in line)
                if (ch != '\t' && (char.IsControl(ch) || ch == '\u2028' || ch == '\u2029'))
                    return "a verbatim line holds the control character U+" + ((int)ch).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)
                        + ": each string is one line of configuration; write further lines as further strings";
            var trimmed = line.TrimStart(' ', '\t', '!', '#');
            if (trimmed.StartsWith(EndMarker, StringComparison.Ordinal) || trimmed.StartsWith(BeginMarker, StringComparison.Ordinal))
                return "a verbatim line may not start with '" + (trimmed.StartsWith(EndMarker, StringComparison.Ordinal) ? EndMarker : BeginMarker)
                    + "': policyc fences verbatim text with that marker";
            return null;
        }

        /// <summary>Whether an artifact of the target is a configuration file that takes the target's verbatim text.</summary>
        public static bool Takes(Artifact artifact)
        {
            var path = artifact.RelativePath;
            if (path.IndexOf("/ansible/", StringComparison.Ordinal) >= 0) return false;
            return artifact.Platform switch
            {
                "nftables" => path.EndsWith(".nft", StringComparison.Ordinal),
                "arista-eos" or "cisco-nxos" or "cisco-iosxe" => path.EndsWith(".cfg", StringComparison.Ordinal),
                "juniper-junos" => path.EndsWith(".conf", StringComparison.Ordinal),
                "cumulus-nvue" => path.EndsWith(".nvue", StringComparison.Ordinal),
                _ => false,
            };
        }

        /// <summary>The artifacts with the target's verbatim blocks written into each configuration file (unchanged without blocks).</summary>
        public static IReadOnlyList<Artifact> Apply(TargetSymbol target, IReadOnlyList<Artifact> artifacts)
        {
            if (target.Verbatim.Count == 0) return artifacts;
            var leader = CommentLeader(target.Platform.Value);
            if (leader == null) return artifacts; // validation reported NP4001: no build gets here
            var result = new List<Artifact>(artifacts.Count);
            foreach (var a in artifacts)
                result.Add(Takes(a) ? new Artifact(a.Target, a.Platform, a.RelativePath, Insert(a.Content, a.Platform, leader, target.Verbatim), a.Rules) : a);
            return result;
        }

        private static string Insert(string content, string platform, string leader, IReadOnlyList<VerbatimText> blocks)
        {
            var nl = content.Contains("\r\n") ? "\r\n" : "\n";
            var sb = new StringBuilder();
            foreach (var b in blocks)
            {
                // The file name and line only: a full path would make the output depend on where the policy was checked out.
                var file = System.IO.Path.GetFileName(b.Location.Path);
                int line0 = b.Location.Text != null ? b.Location.Text.GetLinePosition(b.Location.Span.Start).Line + 1 : 0;
                sb.Append(leader).Append(' ').Append(BeginMarker).Append(": ").Append(b.Lines.Count).Append(" line(s) from ")
                  .Append(file.Length > 0 ? file : "the policy").Append(" line ").Append(line0).Append(", written as they stand: not read or checked by policyc").Append(nl);
                foreach (var line in b.Lines) sb.Append(line).Append(nl);
                sb.Append(leader).Append(' ').Append(EndMarker).Append(nl);
            }
            var text = sb.ToString();
            if (!content.EndsWith(nl, StringComparison.Ordinal) && content.Length > 0) content += nl;
            // EOS and IOS XE configurations end with 'end': configuration after it would not be read as configuration.
            if (platform is "arista-eos" or "cisco-iosxe")
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
            if (content.IndexOf(BeginMarker, StringComparison.Ordinal) < 0) return (content, 0);
            var sb = new StringBuilder(content.Length);
            int lines = 0;
            bool inside = false;
            int start = 0;
            while (start < content.Length)
            {
                int end = content.IndexOf('\n', start);
                int next = end < 0 ? content.Length : end + 1;
                var line = content.Substring(start, (end < 0 ? content.Length : end) - start).TrimEnd('\r');
                var bare = line.TrimStart(' ', '\t', '!', '#');
                if (!inside && bare.StartsWith(BeginMarker, StringComparison.Ordinal) && (line.StartsWith("!", StringComparison.Ordinal) || line.StartsWith("#", StringComparison.Ordinal)))
                    inside = true;
                else if (inside && bare.StartsWith(EndMarker, StringComparison.Ordinal) && (line.StartsWith("!", StringComparison.Ordinal) || line.StartsWith("#", StringComparison.Ordinal)))
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
