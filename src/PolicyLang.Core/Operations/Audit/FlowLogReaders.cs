using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.State;

namespace PolicyLang.Operations.Audit
{
    /// <summary>The flow-log formats <c>policyc audit</c> reads.</summary>
    public enum FlowLogFormat
    {
        /// <summary>AWS VPC flow logs: the default version 2 format, or a custom format whose first line names the fields.</summary>
        AwsVpc,

        /// <summary>Kernel log lines of nftables <c>log</c> statements (<c>journalctl -k</c>, <c>dmesg</c>, syslog), with the prefixes the nftables backend writes.</summary>
        NftablesLog,

        /// <summary><c>conntrack -L</c> or <c>conntrack -E</c> output: connections the firewall let through.</summary>
        Conntrack,

        /// <summary>JSON: GCP VPC flow logs (and firewall rules logging) as Cloud Logging exports them (one entry per line, or an array),
        /// and Azure NSG and VNet flow logs (blobs of <c>{"records": […]}</c>).</summary>
        Json,

        /// <summary>ACL log messages of the switches in syslog: EOS <c>%ACL-6-IPACCESS</c>, NX-OS <c>%ACLLOG-…-ACLLOG_FLOW_INTERVAL</c> and
        /// <c>ACLLOG_NEW_FLOW</c>, Junos <c>PFE_FW_SYSLOG_IP</c> (the <c>syslog</c> action of a firewall filter term).</summary>
        SwitchSyslog,
    }

    /// <summary>
    /// Reads flow logs as streams, line by line, into <see cref="FlowRecord"/>s. A line that is not a record of the format
    /// (a kernel message of another subsystem, an AWS NODATA record) is skipped and counted; a record that is broken (an
    /// address that does not parse, a field missing) is reported as a <see cref="MalformedRecord"/> with its line, and reading
    /// goes on. Nothing here throws on input.
    /// </summary>
    public sealed class FlowLogReader
    {
        private readonly Action<MalformedRecord> _malformed;

        public FlowLogReader(Action<MalformedRecord> malformed) => _malformed = malformed;

        /// <summary>Lines skipped as not being records (other kernel messages, NODATA and SKIPDATA records, blank lines).</summary>
        public long Skipped { get; private set; }

        /// <summary>The longest line read; longer lines are reported, not read.</summary>
        public const int MaxLine = 1 << 20;

        /// <summary>
        /// A file's stream as text: gzip (as AWS delivers flow logs to S3) is recognized by its magic bytes and decompressed on the fly.
        /// </summary>
        public static TextReader Open(Stream stream)
        {
            if (!stream.CanSeek) throw new ArgumentException("a seekable stream (a file) is needed to detect gzip", nameof(stream));
            int b1 = stream.ReadByte(), b2 = b1 < 0 ? -1 : stream.ReadByte();
            stream.Seek(0, SeekOrigin.Begin);
            Stream text = b1 == 0x1f && b2 == 0x8b ? new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress) : stream;
            return new StreamReader(text, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        }

        /// <summary>The format of a log from its first non-blank line, or null when it is none of them.</summary>
        public static FlowLogFormat? Detect(string firstLine)
        {
            var t = firstLine.TrimStart();
            // Kernel lines first: dmesg starts them with "[ seconds]".
            if (t.Contains(" SRC=") && t.Contains(" DST=")) return FlowLogFormat.NftablesLog;
            if (IsSwitchAclMessage(t)) return FlowLogFormat.SwitchSyslog;
            if (t.StartsWith("{", StringComparison.Ordinal)) return FlowLogFormat.Json;
            // An array of entries: "[" alone (pretty-printed) or followed by its first object; dmesg's "[ 12.5]" is not one.
            if (t.StartsWith("[", StringComparison.Ordinal) && t.Substring(1).TrimStart() is var rest && (rest.Length == 0 || rest[0] == '{' || rest[0] == ']'))
                return FlowLogFormat.Json;
            if (t.Contains(" src=") && t.Contains(" dst=")) return FlowLogFormat.Conntrack;
            var words = t.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 0 && (words.Contains("srcaddr") || words.Contains("pkt-srcaddr"))) return FlowLogFormat.AwsVpc;
            if (words.Length == s_awsDefault.Length && words[0] == "2") return FlowLogFormat.AwsVpc;
            return null;
        }

        /// <summary>The records of one log; the format is detected from its first non-blank line unless given.</summary>
        public IEnumerable<FlowRecord> Read(TextReader reader, string file, FlowLogFormat? format = null)
        {
            long number = 0;
            Func<string, long, FlowRecord?>? parse = null;
            bool jsonLines = false;
            (long Line, string Text)? firstUnknown = null;
            MalformedRecord Unknown(long at, string text, string within) =>
                new MalformedRecord(file, at, "not a flow log this version reads (AWS VPC, nftables kernel log, conntrack, GCP or Azure flow-log JSON, "
                    + "EOS, NX-OS or Junos ACL syslog)" + within + ": '" + Clip(text) + "'");
            string? line;
            while ((line = ReadLine(reader)) != null)
            {
                number++;
                if (line.Length > MaxLine)
                {
                    _malformed(new MalformedRecord(file, number, "line longer than " + MaxLine.ToString(CultureInfo.InvariantCulture) + " characters"));
                    continue;
                }
                if (line.Trim().Length == 0) { Skipped++; continue; }
                if (parse == null && !jsonLines)
                {
                    var detected = format ?? Detect(line);
                    if (detected == null)
                    {
                        // A syslog or kernel log may start with other messages: the format is the first line's that has one.
                        if (number < DetectionLines) { Skipped++; firstUnknown ??= (number, line); continue; }
                        _malformed(Unknown(firstUnknown?.Line ?? number, firstUnknown?.Text ?? line, " in its first " + DetectionLines.ToString(CultureInfo.InvariantCulture) + " lines"));
                        yield break;
                    }
                    if (detected == FlowLogFormat.Json && (line.TrimStart().StartsWith("[", StringComparison.Ordinal) || !IsJsonDocument(line)))
                    {
                        // One JSON document over the rest of the file (an array export of gcloud logging read, an Azure blob): read whole.
                        foreach (var r in JsonDocument(line + "\n" + reader.ReadToEnd(), file)) yield return r;
                        yield break;
                    }
                    // JSON one document per line (GCP entries as a Cloud Logging sink writes them, or Azure blobs one per line).
                    if (detected == FlowLogFormat.Json) jsonLines = true;
                    else
                    {
                        parse = Parser(detected.Value, file, line, out bool header);
                        if (header) { Skipped++; continue; }
                    }
                }
                if (jsonLines)
                {
                    foreach (var r in JsonLine(line, number, file)) yield return r;
                    continue;
                }
                var record = parse!(line, number);
                if (record != null) yield return record.Value;
            }
            if (parse == null && !jsonLines && firstUnknown != null) _malformed(Unknown(firstUnknown.Value.Line, firstUnknown.Value.Text, ""));
        }

        /// <summary>Lines a log may start with before its first line of a known format (other syslog messages).</summary>
        public const int DetectionLines = 1000;

        /// <summary>A line, or null at the end; a line past <see cref="MaxLine"/> is returned cut (the caller reports it).</summary>
        private static string? ReadLine(TextReader reader)
        {
            var sb = new StringBuilder();
            int c;
            while ((c = reader.Read()) >= 0)
            {
                if (c == '\n') return sb.ToString();
                if (c == '\r') continue;
                if (sb.Length <= MaxLine) sb.Append((char)c);
            }
            return sb.Length > 0 ? sb.ToString() : null;
        }

        private static string Clip(string s) => s.Length > 80 ? s.Substring(0, 80) + "…" : s;

        private Func<string, long, FlowRecord?> Parser(FlowLogFormat format, string file, string first, out bool header)
        {
            header = false;
            switch (format)
            {
                case FlowLogFormat.AwsVpc:
                {
                    var words = first.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                    header = words.Contains("srcaddr") || words.Contains("pkt-srcaddr");
                    var fields = header ? words : s_awsDefault;
                    return (l, n) => Aws(l, n, file, fields);
                }
                case FlowLogFormat.NftablesLog: return (l, n) => Nft(l, n, file);
                case FlowLogFormat.Conntrack: return (l, n) => Conntrack(l, n, file);
                case FlowLogFormat.SwitchSyslog: return (l, n) => Switch(l, n, file);
                default: throw new InvalidOperationException("JSON logs are read by JsonLine and JsonDocument");
            }
        }

        private static readonly string[] s_awsDefault =
            { "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status" };

        private FlowRecord? Bad(string file, long line, string reason)
        {
            _malformed(new MalformedRecord(file, line, reason));
            return null;
        }

        private FlowRecord? Aws(string line, long number, string file, string[] fields)
        {
            var w = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            if (w.Length != fields.Length)
                return Bad(file, number, "expected " + fields.Length.ToString(CultureInfo.InvariantCulture) + " fields (" + string.Join(" ", fields.Take(4)) + " …), found " + w.Length.ToString(CultureInfo.InvariantCulture));
            string? Field(string name)
            {
                int i = Array.IndexOf(fields, name);
                return i < 0 || w[i] == "-" ? null : w[i];
            }
            var status = Field("log-status");
            if (status == "NODATA" || status == "SKIPDATA") { Skipped++; return null; }
            var src = Field("pkt-srcaddr") ?? Field("srcaddr");
            var dst = Field("pkt-dstaddr") ?? Field("dstaddr");
            if (src == null || dst == null) return Bad(file, number, "no source or destination address");
            if (!IpAddress128.TryParse(src, out var s)) return Bad(file, number, "source address '" + Clip(src) + "' does not parse");
            if (!IpAddress128.TryParse(dst, out var d)) return Bad(file, number, "destination address '" + Clip(dst) + "' does not parse");
            if (!Number(Field("protocol"), 255, out long protocol)) return Bad(file, number, "protocol '" + Field("protocol") + "' is not a number 0-255");
            int sport = Number(Field("srcport"), 65535, out long sp) ? (int)sp : -1;
            int dport = Number(Field("dstport"), 65535, out long dp) ? (int)dp : -1;
            long? start = Number(Field("start"), long.MaxValue, out long t) ? t : null;
            var verdict = Field("action") switch { "ACCEPT" => RecordVerdict.Accepted, "REJECT" => RecordVerdict.Rejected, _ => RecordVerdict.Unknown };
            Number(Field("packets"), long.MaxValue, out long packets);
            Number(Field("bytes"), long.MaxValue, out long bytes);
            return new FlowRecord(start, s, d, (byte)protocol, sport, dport, verdict, Math.Max(1, packets), bytes, -1, file, number);
        }

        private static bool Number(string? text, long max, out long value) =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;

        /// <summary>"… kernel: [12.3] PREFIX IN=eth0 OUT=eth1 SRC=a DST=b LEN=60 TOS=0x00 … PROTO=TCP SPT=1 DPT=443 …".</summary>
        private FlowRecord? Nft(string line, long number, string file)
        {
            int srcAt = line.IndexOf(" SRC=", StringComparison.Ordinal);
            if (srcAt < 0 || line.IndexOf(" DST=", StringComparison.Ordinal) < 0) { Skipped++; return null; }
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var word in line.Substring(srcAt + 1).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = word.IndexOf('=');
                if (eq > 0 && !fields.ContainsKey(word.Substring(0, eq))) fields[word.Substring(0, eq)] = word.Substring(eq + 1);
            }
            if (!fields.TryGetValue("SRC", out var src) || !IpAddress128.TryParse(src, out var s)) return Bad(file, number, "SRC does not parse");
            if (!fields.TryGetValue("DST", out var dst) || !IpAddress128.TryParse(dst, out var d)) return Bad(file, number, "DST does not parse");
            if (!fields.TryGetValue("PROTO", out var proto)) return Bad(file, number, "no PROTO");
            int protocol = proto switch
            {
                "TCP" => 6,
                "UDP" => 17,
                "ICMP" => 1,
                "ICMPv6" => 58,
                "SCTP" => 132,
                _ => Number(proto, 255, out long p) ? (int)p : -1,
            };
            if (protocol < 0) return Bad(file, number, "PROTO '" + Clip(proto) + "' is not a protocol");
            int Port(string key) => fields.TryGetValue(key, out var v) && Number(v, 65535, out long n) ? (int)n : -1;
            // The kernel prints an IPv4 TOS byte split in two: TOS= the low bits (mask 0x1E) and PREC= the precedence (0xE0); IPv6's
            // TC= is the whole traffic class. DSCP is the top six bits.
            int dscp = -1;
            if (fields.TryGetValue("TOS", out var tosText) && Hex(tosText) is int tos)
                dscp = (tos | (fields.TryGetValue("PREC", out var prec) && Hex(prec) is int p ? p : 0)) >> 2;
            else if (fields.TryGetValue("TC", out var tc) && Number(tc, 255, out long tcValue)) dscp = (int)tcValue >> 2;
            // The prefix the nftables backend writes: "policyc LABEL allow|deny <source>-><destination>: ", where LABEL is the
            // flow's name or f<index>.
            var head = line.Substring(0, srcAt);
            var verdict = RecordVerdict.Unknown;
            for (int at = head.IndexOf("policyc ", StringComparison.Ordinal); at >= 0 && verdict == RecordVerdict.Unknown;
                 at = head.IndexOf("policyc ", at + 1, StringComparison.Ordinal))
            {
                var rest = head.Substring(at + "policyc ".Length).Split(' ');
                if (rest.Length > 1) verdict = rest[1] == "allow" ? RecordVerdict.Accepted : rest[1] == "deny" ? RecordVerdict.Rejected : RecordVerdict.Unknown;
            }
            return new FlowRecord(SyslogTime(line), s, d, (byte)protocol, Port("SPT"), Port("DPT"), verdict, 1,
                fields.TryGetValue("LEN", out var len) && Number(len, int.MaxValue, out long l) ? l : 0, dscp, file, number,
                Port("TYPE") is int type && type <= 255 ? type : -1, Port("CODE") is int code && code <= 255 ? code : -1);
        }

        private static bool IsSwitchAclMessage(string line) =>
            (line.Contains("%ACL-") && line.Contains("ACCESS: list ")) || line.Contains("ACLLOG_FLOW_INTERVAL:") || line.Contains("ACLLOG_NEW_FLOW:")
            || line.Contains("PFE_FW_SYSLOG_IP");

        private static int ProtocolNumber(string name) => name.ToLowerInvariant() switch
        {
            "tcp" => 6,
            "udp" => 17,
            "icmp" => 1,
            "icmpv6" or "icmp6" or "ipv6-icmp" => 58,
            "sctp" => 132,
            "ip" or "ipv6" => -2,
            _ => Number(name, 255, out long p) ? (int)p : -1,
        };

        /// <summary>
        /// One switch ACL log message (other syslog messages are skipped):
        /// EOS "%ACL-6-IPACCESS: list NAME INTF denied|permitted PROTO SRC(SPORT) -&gt; DST(DPORT)";
        /// NX-OS "%ACLLOG-5-ACLLOG_FLOW_INTERVAL: Src IP: A, Dst IP: B, Src Port: P, Dst Port: Q, Src Intf: I, Protocol: "TCP"(6)[, ACL Name: N, ACE Action: Permit|Deny], Hit-count: N";
        /// Junos "PFE_FW_SYSLOG_IP: FW: INTF A|D|R PROTO SRC DST SPORT DPORT (N packets)" and the IPv6 form with SA, DA, SP and DP.
        /// </summary>
        private FlowRecord? Switch(string line, long number, string file)
        {
            if (!IsSwitchAclMessage(line)) { Skipped++; return null; }
            var time = SyslogTime(line);
            int at;
            if ((at = line.IndexOf("ACCESS: list ", StringComparison.Ordinal)) >= 0)
            {
                var w = line.Substring(at + "ACCESS: list ".Length).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                int arrow = Array.IndexOf(w, "->");
                if (w.Length < 6 || arrow != 5 || arrow + 1 >= w.Length) return Bad(file, number, "expected 'list NAME INTERFACE denied|permitted PROTOCOL SOURCE -> DESTINATION'");
                var verdict = w[2] == "denied" ? RecordVerdict.Rejected : w[2] == "permitted" ? RecordVerdict.Accepted : RecordVerdict.Unknown;
                int protocol = ProtocolNumber(w[3]);
                if (protocol == -1) return Bad(file, number, "unknown protocol '" + Clip(w[3]) + "'");
                if (!EndPoint(w[4], out var s, out int sport) || !EndPoint(w[arrow + 1], out var d, out int dport)) return Bad(file, number, "an address does not parse");
                return new FlowRecord(time, s, d, (byte)Math.Max(0, protocol), sport, dport, verdict, 1, 0, -1, file, number);
            }
            if (line.Contains("ACLLOG_"))
            {
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                int colon = line.IndexOf("ACLLOG_", StringComparison.Ordinal);
                colon = line.IndexOf(": ", colon, StringComparison.Ordinal);
                foreach (var part in line.Substring(colon + 2).Split(','))
                {
                    var kv = part.Split(new[] { ':', '=' }, 2);
                    if (kv.Length == 2) fields[kv[0].Trim()] = kv[1].Trim();
                }
                if (!fields.TryGetValue("Src IP", out var src) || !IpAddress128.TryParse(src, out var s)) return Bad(file, number, "Src IP does not parse");
                if (!fields.TryGetValue("Dst IP", out var dst) || !IpAddress128.TryParse(dst, out var d)) return Bad(file, number, "Dst IP does not parse");
                // Protocol: "TCP"(6)
                int protocol = -1;
                if (fields.TryGetValue("Protocol", out var proto))
                {
                    int open = proto.LastIndexOf('('), close = proto.LastIndexOf(')');
                    if (open >= 0 && close > open && Number(proto.Substring(open + 1, close - open - 1), 255, out long p)) protocol = (int)p;
                }
                if (protocol < 0) return Bad(file, number, "Protocol is not \"NAME\"(NUMBER)");
                int Port(string key) => fields.TryGetValue(key, out var v) && Number(v, 65535, out long n) ? (int)n : -1;
                var action = fields.TryGetValue("ACE Action", out var a) ? a : "";
                var verdict = action.StartsWith("Permit", StringComparison.OrdinalIgnoreCase) ? RecordVerdict.Accepted
                    : action.StartsWith("Deny", StringComparison.OrdinalIgnoreCase) ? RecordVerdict.Rejected : RecordVerdict.Unknown;
                long hits = fields.TryGetValue("Hit-count", out var h) && Number(h, long.MaxValue, out long hc) ? hc : 1;
                bool ports = protocol == 6 || protocol == 17 || protocol == 132;
                // IP(253) and protocol 0 are "any": the log does not say which; read as the protocol the entry names no more precisely.
                return new FlowRecord(time, s, d, (byte)(protocol > 255 ? 0 : protocol), ports ? Port("Src Port") : -1, ports ? Port("Dst Port") : -1, verdict, Math.Max(1, hits), 0, -1, file, number);
            }
            at = line.IndexOf("FW: ", StringComparison.Ordinal);
            if (at < 0) return Bad(file, number, "expected 'FW: INTERFACE ACTION PROTOCOL …'");
            var x = line.Substring(at + 4).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries).ToList();
            if (x.Count < 5) return Bad(file, number, "expected 'FW: INTERFACE ACTION PROTOCOL SOURCE DESTINATION …'");
            var junosVerdict = x[1] == "A" ? RecordVerdict.Accepted : x[1] == "D" || x[1] == "R" ? RecordVerdict.Rejected : RecordVerdict.Unknown;
            int junosProtocol = ProtocolNumber(x[2]);
            if (junosProtocol < 0) return Bad(file, number, "unknown protocol '" + Clip(x[2]) + "'");
            // The IPv6 form names its fields: SA a DA b SP p DP q.
            string? Named(string key) { int i = x.IndexOf(key); return i >= 0 && i + 1 < x.Count ? x[i + 1] : null; }
            var sa = Named("SA") ?? x[3];
            var da = Named("DA") ?? (x.Count > 4 ? x[4] : null);
            if (!IpAddress128.TryParse(sa, out var js) || da == null || !IpAddress128.TryParse(da, out var jd)) return Bad(file, number, "an address does not parse");
            var sp = Named("SP") ?? (x.Count > 5 && Named("SA") == null ? x[5] : null);
            var dp = Named("DP") ?? (x.Count > 6 && Named("SA") == null ? x[6] : null);
            long count = 1;
            int paren = line.LastIndexOf('(');
            if (paren >= 0)
            {
                var inner = line.Substring(paren + 1).Split(' ');
                if (inner.Length > 0 && Number(inner[0], long.MaxValue, out long c)) count = c;
            }
            bool hasPorts = junosProtocol == 6 || junosProtocol == 17 || junosProtocol == 132;
            return new FlowRecord(time, js, jd, (byte)junosProtocol, hasPorts && Number(sp, 65535, out long spv) ? (int)spv : -1,
                hasPorts && Number(dp, 65535, out long dpv) ? (int)dpv : -1, junosVerdict, Math.Max(1, count), 0, -1, file, number);
        }

        /// <summary>"10.0.0.1(1234)" or "10.0.0.1".</summary>
        private static bool EndPoint(string text, out IpAddress128 address, out int port)
        {
            port = -1;
            int open = text.IndexOf('(');
            var host = open >= 0 ? text.Substring(0, open) : text;
            if (open >= 0 && text.EndsWith(")", StringComparison.Ordinal) && Number(text.Substring(open + 1, text.Length - open - 2), 65535, out long p)) port = (int)p;
            return IpAddress128.TryParse(host, out address);
        }

        private static int? Hex(string text) =>
            text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && int.TryParse(text.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int v)
                && v >= 0 && v <= 255 ? v : null;

        /// <summary>The time at the start of a line as <c>journalctl -o short-iso</c> and RFC 5424 syslog write it; null otherwise
        /// (BSD syslog has no year, dmesg counts from boot).</summary>
        private static long? SyslogTime(string line)
        {
            if (line.StartsWith("<", StringComparison.Ordinal) && line.IndexOf('>') is int gt && gt > 0 && gt < 6) line = line.Substring(gt + 1);
            // NX-OS: "2019 May 22 16:20:45 host …".
            if (line.Length >= 20 && char.IsDigit(line[0]) && line[4] == ' '
                && DateTimeOffset.TryParseExact(line.Substring(0, 20).Replace("  ", " "), new[] { "yyyy MMM d HH:mm:ss", "yyyy MMM dd HH:mm:ss" }, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var nx))
                return nx.ToUnixTimeSeconds();
            int space = line.IndexOf(' ');
            var first = space > 0 ? line.Substring(0, space) : line;
            if (first.Length >= 19 && char.IsDigit(first[0])
                && DateTimeOffset.TryParse(first, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                return t.ToUnixTimeSeconds();
            return null;
        }

        /// <summary>"[NEW] tcp 6 120 SYN_SENT src=a dst=b sport=1 dport=443 [UNREPLIED] src=b dst=a …" (the first tuple is the original direction).</summary>
        private FlowRecord? Conntrack(string line, long number, string file)
        {
            var words = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            string? Value(string key)
            {
                foreach (var w in words)
                    if (w.StartsWith(key + "=", StringComparison.Ordinal)) return w.Substring(key.Length + 1);
                return null;
            }
            var src = Value("src");
            var dst = Value("dst");
            if (src == null || dst == null) { Skipped++; return null; }
            if (!IpAddress128.TryParse(src, out var s)) return Bad(file, number, "src '" + Clip(src) + "' does not parse");
            if (!IpAddress128.TryParse(dst, out var d)) return Bad(file, number, "dst '" + Clip(dst) + "' does not parse");
            // The protocol number follows its name: "tcp 6", or "ipv4 2 tcp 6" in /proc/net/nf_conntrack.
            int protocol = -1;
            for (int i = 0; i + 1 < words.Length && protocol < 0; i++)
                if (!words[i].Contains("=") && words[i] is "tcp" or "udp" or "icmp" or "icmpv6" or "sctp" or "unknown" or "gre" or "dccp" or "udplite"
                    && Number(words[i + 1], 255, out long p)) protocol = (int)p;
            if (protocol < 0) return Bad(file, number, "no protocol name and number");
            int Port(string key) => Number(Value(key), 65535, out long n) ? (int)n : -1;
            int Small(string key) => Number(Value(key), 255, out long n) ? (int)n : -1;
            Number(Value("packets"), long.MaxValue, out long packets);
            Number(Value("bytes"), long.MaxValue, out long bytes);
            return new FlowRecord(null, s, d, (byte)protocol, Port("sport"), Port("dport"), RecordVerdict.Accepted, Math.Max(1, packets), bytes, -1, file, number,
                Small("type"), Small("code"));
        }

        private static bool IsJsonDocument(string line)
        {
            try
            {
                StateJson.Parse(line);
                return true;
            }
            catch (StateReadException)
            {
                return false;
            }
        }

        /// <summary>One line holding one JSON document: a GCP entry, or an Azure blob with its records.</summary>
        private IEnumerable<FlowRecord> JsonLine(string line, long number, string file)
        {
            JsonNode node;
            try
            {
                node = StateJson.Parse(line);
            }
            catch (StateReadException e)
            {
                _malformed(new MalformedRecord(file, number, "JSON: " + e.Message));
                yield break;
            }
            if (node.IsObject && node["records"] is { IsArray: true } records)
            {
                foreach (var r in Azure(records, file, number)) yield return r;
                yield break;
            }
            if (Gcp(node, file, number) is { } g) yield return g;
        }

        /// <summary>A whole document: an array of GCP entries, an Azure blob (<c>{"records": […]}</c>) or one GCP entry.</summary>
        private IEnumerable<FlowRecord> JsonDocument(string text, string file)
        {
            JsonNode root;
            try
            {
                root = StateJson.Parse(text);
            }
            catch (StateReadException e)
            {
                _malformed(new MalformedRecord(file, 1, "JSON: " + e.Message));
                yield break;
            }
            if (root.IsObject && root["records"] is { IsArray: true } records)
            {
                foreach (var r in Azure(records, file, 0)) yield return r;
                yield break;
            }
            if (!root.IsArray)
            {
                if (Gcp(root, file, 1) is { } single) yield return single;
                yield break;
            }
            for (int i = 0; i < root.Items.Count; i++)
                if (Gcp(root.Items[i], file, i + 1) is { } r) yield return r;
        }

        /// <summary>
        /// Azure flow logs: NSG flow logs (<c>records[].properties.flows[].flows[].flowTuples</c>, version 1
        /// "time,src,dst,sport,dport,T|U,I|O,A|D" and version 2 with the flow state and packet and byte counts) and VNet flow
        /// logs (<c>records[].flowRecords.flows[].flowGroups[].flowTuples</c>, "ms,src,dst,sport,dport,protocol,I|O,B|C|E|D,
        /// encryption,packets,bytes,packets,bytes", where the state D is a denied flow). A tuple is placed by its record and
        /// tuple index: "file:record N tuple M" cannot be a line, so the line is the record's (the document's line, or 0 for a
        /// whole-file blob) and the reason names the tuple.
        /// </summary>
        private IEnumerable<FlowRecord> Azure(JsonNode records, string file, long line)
        {
            for (int i = 0; i < records.Items.Count; i++)
            {
                var record = records.Items[i];
                long at = line > 0 ? line : i + 1;
                var tuples = new List<(string Tuple, bool Vnet)>();
                if (record["flowRecords"]?["flows"] is { IsArray: true } vflows)
                    foreach (var f in vflows.Items)
                        if (f["flowGroups"] is { IsArray: true } groups)
                            foreach (var g in groups.Items)
                                if (g["flowTuples"] is { IsArray: true } t) tuples.AddRange(t.Items.Where(x => x.IsString).Select(x => (x.Text!, true)));
                if (record["properties"]?["flows"] is { IsArray: true } nflows)
                    foreach (var f in nflows.Items)
                        if (f["flows"] is { IsArray: true } inner)
                            foreach (var g in inner.Items)
                                if (g["flowTuples"] is { IsArray: true } t) tuples.AddRange(t.Items.Where(x => x.IsString).Select(x => (x.Text!, false)));
                if (tuples.Count == 0) { Skipped++; continue; }
                foreach (var (tuple, vnet) in tuples)
                    if (AzureTuple(tuple, vnet, file, at) is { } r) yield return r;
            }
        }

        private FlowRecord? AzureTuple(string tuple, bool vnet, string file, long line)
        {
            var f = tuple.Split(',');
            if (f.Length < 8) return Bad(file, line, "flow tuple '" + Clip(tuple) + "' has " + f.Length.ToString(CultureInfo.InvariantCulture) + " fields, expected at least 8");
            if (!IpAddress128.TryParse(f[1], out var s) || !IpAddress128.TryParse(f[2], out var d)) return Bad(file, line, "flow tuple '" + Clip(tuple) + "': an address does not parse");
            int protocol = vnet ? (Number(f[5], 255, out long p) ? (int)p : -1) : f[5] == "T" ? 6 : f[5] == "U" ? 17 : -1;
            if (protocol < 0) return Bad(file, line, "flow tuple '" + Clip(tuple) + "': protocol '" + Clip(f[5]) + "'");
            long? time = Number(f[0], long.MaxValue, out long t) ? (vnet ? t / 1000 : t) : null;
            RecordVerdict verdict;
            if (vnet) verdict = f[7] == "D" ? RecordVerdict.Rejected : RecordVerdict.Accepted;
            else verdict = f[7] == "A" ? RecordVerdict.Accepted : f[7] == "D" ? RecordVerdict.Rejected : RecordVerdict.Unknown;
            // Counts: VNet fields 9-12, NSG version 2 fields 9-12 (source to destination first); a "B"egin tuple has none yet.
            long packets = f.Length > 9 && Number(f[9], long.MaxValue, out long pk) ? pk : 0;
            long bytes = f.Length > 10 && Number(f[10], long.MaxValue, out long by) ? by : 0;
            int Port(string x) => Number(x, 65535, out long v) ? (int)v : -1;
            // The tuple is always written in the direction of the flow (source, destination), whether I(nbound) or O(utbound).
            return new FlowRecord(time, s, d, (byte)protocol, Port(f[3]), Port(f[4]), verdict, Math.Max(1, packets), bytes, -1, file, line);
        }

        /// <summary>A LogEntry with <c>jsonPayload.connection</c>; <c>jsonPayload.disposition</c> (firewall rules logging) gives the verdict.</summary>
        private FlowRecord? Gcp(JsonNode entry, string file, long number)
        {
            var payload = entry.IsObject ? entry["jsonPayload"] : null;
            var connection = payload?["connection"];
            if (connection == null || !connection.IsObject) return Bad(file, number, "no jsonPayload.connection");
            var src = connection.String("src_ip");
            var dst = connection.String("dest_ip");
            if (src == null || !IpAddress128.TryParse(src, out var s)) return Bad(file, number, "connection.src_ip does not parse");
            if (dst == null || !IpAddress128.TryParse(dst, out var d)) return Bad(file, number, "connection.dest_ip does not parse");
            long? Int(JsonNode? node, string key) => node?[key] is { } v ? v.IsNumber ? v.AsInteger() : v.IsString && Number(v.Text, long.MaxValue, out long n) ? n : null : null;
            var protocol = Int(connection, "protocol");
            if (protocol == null || protocol < 0 || protocol > 255) return Bad(file, number, "connection.protocol is not a number 0-255");
            long? time = null;
            var start = payload!.String("start_time") ?? entry.String("timestamp");
            if (start != null && DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) time = t.ToUnixTimeSeconds();
            var verdict = payload.String("disposition") switch { "ALLOWED" => RecordVerdict.Accepted, "DENIED" => RecordVerdict.Rejected, _ => RecordVerdict.Accepted };
            int Port(string key) => Int(connection, key) is long p && p >= 0 && p <= 65535 ? (int)p : -1;
            return new FlowRecord(time, s, d, (byte)protocol.Value, Port("src_port"), Port("dest_port"), verdict,
                Math.Max(1, Int(payload, "packets_sent") ?? 1), Int(payload, "bytes_sent") ?? 0, -1, file, number);
        }
    }
}
