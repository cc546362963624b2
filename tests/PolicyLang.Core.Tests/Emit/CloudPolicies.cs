namespace PolicyLang.Tests.Emit
{
    /// <summary>Policies that exercise the cloud backends' hard cases: covers with cut-outs, denies, families, defaults.</summary>
    internal static class CloudPolicies
    {
        public const string Zones =
            "zone app {\n  segment web {\n    subnet 10.1.0.0/24, fd00:1::/64\n  }\n" +
            "  segment pods {\n    kubernetes namespace \"shop\" selector \"app=web\"\n    subnet 10.1.16.0/20, fd00:1:10::/64\n  }\n" +
            "  segment jobs {\n    kubernetes namespace \"batch\" selector \"tier in (etl, ml), !legacy\"\n    subnet 10.1.32.0/20\n  }\n}\n" +
            "zone db {\n  subnet 10.2.0.0/24, fd00:2::/64\n}\n" +
            "zone ops {\n  segment tools {\n    subnet 10.3.0.0/24\n  }\n}\n" +
            "external partners {\n  subnet 198.51.100.0/24, 2001:db8:feed::/48\n}\n" +
            "external internet {\n  subnet 0.0.0.0/0, ::/0\n}\n" +
            "service https = tcp/443\n";

        public const string Flows =
            "allow internet -> app.web : https\n" +
            "allow partners -> app : tcp/8443, udp/4000-4010\n" +
            "allow app -> db : tcp/5432, udp/53\n" +
            "allow app.web -> internet : https\n" +
            "allow app.pods -> app.jobs : tcp/9000-9100\n" +
            "allow ops -> app : any\n" +
            "allow app.pods -> internet : tcp/80\n" +
            "deny ops.tools -> app.pods : tcp/22\n" +
            "deny app.web -> partners : any\n";

        public static string Policy(string defaultAction, string targets, string extraFlows = "") =>
            "policy cloud {\n  default " + defaultAction + "\n}\n" + Zones + Flows + extraFlows + targets;

        public const string Targets =
            "target az azure-nsg {\n  devices \"nsg-app\", \"nsg-app-2\"\n  zones app\n}\n" +
            "target g gcp-firewall {\n  devices \"projects/my-project/global/networks/vpc-one\"\n  zones app\n}\n" +
            "target gdb gcp-firewall {\n  devices \"vpc-two\"\n  zones db, ops\n}\n" +
            "target azdb azure-nsg {\n  devices \"nsg-db\"\n  zones db, ops\n}\n";
    }
}
