using PolicyLang.Diagnostics;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Aws
{
    /// <summary>
    /// The aws target's options (declared in the platform's <see cref="PolicyLang.Platforms.PlatformDescription.Options"/>; the binder checks names and kinds,
    /// this class the ranges). Defaults are AWS's default quotas.
    /// </summary>
    public sealed class AwsOptions
    {
        public const string NetworkAclsName = "network-acls";
        public const string SplitGroupsName = "split-groups";
        public const string GroupsPerInterfaceName = "groups-per-interface";
        public const string RulesPerGroupName = "rules-per-group";
        public const string NaclRulesName = "nacl-rules";
        public const string FlowLogsName = "flow-logs";

        private static readonly System.Text.RegularExpressions.Regex s_s3Arn = new System.Text.RegularExpressions.Regex(
            "^arn:aws(-[a-z]+)*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9!_.*()/-]{1,200})?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>The S3 bucket ARN of the VPC flow log for 'log' flows; null when the target has none.</summary>
        public string? FlowLogs { get; private set; }

        /// <summary>Deny flows become network ACL entries (off: a deny that takes traffic away from an allow is an error).</summary>
        public bool NetworkAcls { get; private set; }

        /// <summary>A zone whose rules exceed one group's quota gets more groups (off: the excess is an error).</summary>
        public bool SplitGroups { get; private set; }

        /// <summary>Security groups one network interface may carry: 5 by default, at most 16.</summary>
        public int GroupsPerInterface { get; private set; } = 5;
        public SourceLocation? GroupsPerInterfaceLocation { get; private set; }

        /// <summary>Inbound (and, separately, outbound) rules per group and address family: 60 by default, at most 1000.</summary>
        public int RulesPerGroup { get; private set; } = 60;
        public SourceLocation? RulesPerGroupLocation { get; private set; }

        /// <summary>Network ACL rules per direction and address family: 20 by default, at most 40.</summary>
        public int NaclRules { get; private set; } = 20;

        public static AwsOptions Read(TargetContext context, bool report)
        {
            var target = context.Target;
            var o = new AwsOptions
            {
                NetworkAcls = target.Option(NetworkAclsName)?.Value.Value == "on",
                SplitGroups = target.Option(SplitGroupsName)?.Value.Value == "on",
            };
            int Number(string name, int fallback, int min, int max, out SourceLocation? location)
            {
                location = null;
                var option = target.Option(name);
                if (option == null) return fallback;
                location = option.Value.Location;
                if (int.TryParse(option.Value.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
                return fallback; // the binder reports values out of the declared range

            }
            o.GroupsPerInterface = Number(GroupsPerInterfaceName, 5, 1, 16, out var gLocation);
            o.GroupsPerInterfaceLocation = gLocation;
            o.RulesPerGroup = Number(RulesPerGroupName, 60, 1, 1000, out var rLocation);
            o.RulesPerGroupLocation = rLocation;
            o.NaclRules = Number(NaclRulesName, 20, 1, 40, out _);
            var flowLogs = target.Option(FlowLogsName);
            if (flowLogs != null)
            {
                if (s_s3Arn.IsMatch(flowLogs.Value.Value)) o.FlowLogs = flowLogs.Value.Value;
                else if (report) context.Report(DiagnosticCatalog.AwsFlowLogDestination, flowLogs.Value.Location, AwsText.Comment(flowLogs.Value.Value));
            }
            if (report && o.RulesPerGroup * o.GroupsPerInterface > 1000)
                context.Report(DiagnosticCatalog.AwsRulesTimesGroups, o.RulesPerGroupLocation ?? o.GroupsPerInterfaceLocation ?? target.Location,
                    o.RulesPerGroup.ToString(CultureInfo.InvariantCulture), o.GroupsPerInterface.ToString(CultureInfo.InvariantCulture),
                    (o.RulesPerGroup * o.GroupsPerInterface).ToString(CultureInfo.InvariantCulture));
            return o;
        }
    }
}
