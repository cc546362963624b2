namespace PolicyLang.E2E.Lab
{
    /// <summary>
    /// What the destination namespace's input-hook counters saw during one probe
    /// (see <see cref="NetnsLab.ObservedDscp"/>).
    /// </summary>
    /// <param name="Dscp">The DSCP value the receiver counted.</param>
    /// <param name="Delivered">Whether the probe itself succeeded (reply received).</param>
    /// <param name="MarkedPackets">Probe packets that arrived carrying <paramref name="Dscp"/>.</param>
    /// <param name="TotalPackets">All probe packets that arrived (same address, protocol and port), marked or not.</param>
    public sealed record DscpObservation(int Dscp, bool Delivered, long MarkedPackets, long TotalPackets)
    {
        /// <summary>At least one probe packet arrived with the DSCP value.</summary>
        public bool Seen => MarkedPackets > 0;

        public override string ToString() =>
            $"dscp {Dscp}: {MarkedPackets} of {TotalPackets} packet(s) marked, probe {(Delivered ? "delivered" : "not delivered")}";
    }
}
