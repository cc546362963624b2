using System;
using System.Collections.Generic;
using System.Linq;

namespace PolicyLang.E2E.Lab
{
    /// <summary>
    /// One zone of a <see cref="NetnsLab"/>: a name and the addresses of its test host, in CIDR form
    /// (<c>10.10.0.5/16</c>, <c>fd00:10::5/64</c>). The lab gives the gateway the first address of each
    /// prefix (<c>10.10.0.1</c>, <c>fd00:10::1</c>), so a host address must not be that one.
    /// </summary>
    public sealed class LabZone
    {
        public LabZone(string name, params string[] hostAddresses)
            : this(name, (IEnumerable<string>)hostAddresses)
        {
        }

        public LabZone(string name, IEnumerable<string> hostAddresses)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a zone needs a name", nameof(name));
            ArgumentNullException.ThrowIfNull(hostAddresses);
            Name = name;
            HostAddresses = hostAddresses.ToArray();
            if (HostAddresses.Count == 0) throw new ArgumentException($"zone '{name}' needs at least one host address", nameof(hostAddresses));
        }

        public string Name { get; }

        /// <summary>The host's addresses with prefix lengths, as given.</summary>
        public IReadOnlyList<string> HostAddresses { get; }

        public override string ToString() => Name + " [" + string.Join(", ", HostAddresses) + "]";
    }
}
