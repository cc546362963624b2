namespace PolicyLang.E2E.Lab
{
    /// <summary>The kind of probe packet a <see cref="NetnsLab"/> sends.</summary>
    public enum ProbeProtocol
    {
        Tcp,
        Udp,
        /// <summary>ICMP / ICMPv6 echo request; the port is ignored.</summary>
        Icmp,
    }
}
