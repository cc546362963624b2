using System.Collections.Generic;
using System.Linq;
using System.Text;
using CsCheck;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;
using PolicyLang.Tests.Emit;
using Xunit;

namespace PolicyLang.Tests.Semantics
{
    /// <summary>
    /// Which addresses an external zone owns (<see cref="AddressOwnership"/>), against the rule it states, address by address:
    /// no internal zone's address; of the external zones whose prefixes hold the address (an IPv6 prefix never holds an
    /// IPv4-mapped one), those with the longest such prefix. Random policies of nested prefixes, in both families and across
    /// zones, some starting where another zone's does.
    /// </summary>
    public sealed class AddressOwnershipTests
    {
        private static readonly string[] Prefixes =
        {
            "0.0.0.0/0", "::/0", "10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.128/25", "10.1.2.200", "100.64.0.0/10",
            "100.64.1.0/24", "172.16.0.0/12", "2001:db8::/32", "2001:db8::/48", "2001:db8:1::/48", "2001:db8:1:2::/64", "2001:db8:1:2::7", "fd00::/8",
        };

        private static readonly string[] Internal = { "10.1.3.0/24", "10.9.0.0/16", "2001:db8:1:3::/64", "fd00:9::/32" };

        private static readonly Gen<string> PolicyText =
            Gen.Int[0, Prefixes.Length - 1].Array[1, 3].Array[1, 5].Select(Gen.Int[0, Internal.Length], (zones, internals) =>
            {
                var sb = new StringBuilder("policy p {\n  default deny\n}\n");
                for (int z = 0; z < zones.Length; z++)
                    sb.Append("external x").Append(z).Append(" {\n  subnet ").Append(string.Join(", ", zones[z].Distinct().Select(i => Prefixes[i]))).Append("\n}\n");
                for (int i = 0; i < internals; i++)
                    sb.Append("zone in").Append(i).Append(" {\n  subnet ").Append(Internal[i]).Append("\n}\n");
                return sb.ToString();
            });

        private static bool Holds(IpPrefix prefix, IpAddress128 address) => prefix.Contains(address) && (prefix.IsIPv4 || !address.IsIPv4Mapped);

        /// <summary>The addresses worth asking about: each prefix's ends and their neighbours.</summary>
        private static IEnumerable<IpAddress128> Probes(IEnumerable<IpPrefix> prefixes)
        {
            foreach (var p in prefixes)
            {
                yield return p.First;
                yield return p.Last;
                if (p.First != IpAddress128.Zero) yield return p.First.Decrement();
                if (p.Last != IpAddress128.MaxValue) yield return p.Last.Increment();
            }
        }

        [Fact]
        public void An_external_zone_owns_the_addresses_its_longest_prefixes_hold_outside_every_internal_zone()
        {
            int compiled = 0;
            PolicyText.Sample(text =>
            {
                var compilation = EmitTestHelper.Compile(text);
                if (compilation.PolicyDiagnostics.Any(d => d.IsError)) return true;
                System.Threading.Interlocked.Increment(ref compiled);
                var model = compilation.Model;
                var addresses = compilation.Addresses;
                var externals = model.Zones.Where(z => z.IsExternal).ToList();
                var internals = model.Zones.Where(z => !z.IsExternal).SelectMany(z => z.AllPrefixes).ToList();
                foreach (var x in Probes(model.Zones.SelectMany(z => z.AllPrefixes)).Distinct())
                {
                    bool isInternal = internals.Any(p => Holds(p, x));
                    int longest = externals.SelectMany(z => z.AllPrefixes).Where(p => Holds(p, x)).Select(p => p.Length).DefaultIfEmpty(-1).Max();
                    foreach (var zone in externals)
                    {
                        bool expected = !isInternal && longest >= 0 && zone.AllPrefixes.Any(p => Holds(p, x) && p.Length == longest);
                        if (addresses.Of(zone).Contains(x) != expected) return false;
                    }
                }
                return true;
            }, iter: 300, print: t => t);
            Assert.True(compiled >= 150, "only " + compiled + " of 300 random policies compiled");
        }

        /// <summary>
        /// The compilation takes the ownership the binder worked out for its 'except' and prefix endpoints
        /// (<see cref="PolicyModel.BoundOwnership"/>): it must be the one the compilation would work out from the bound model.
        /// </summary>
        [Fact]
        public void The_binders_ownership_is_the_one_the_bound_model_gives()
        {
            int taken = 0;
            PolicyText.Select(Gen.Int[0, Internal.Length - 1], Gen.Int[0, Prefixes.Length - 1]).Sample((text, own, other) =>
            {
                // A zone declared after the flow too: the binder binds every zone before any flow.
                var flows = "allow in0 -> x0 except " + Prefixes[other] + " : tcp/443\nallow " + Internal[own] + " -> any : udp/53\n";
                var compilation = EmitTestHelper.Compile(text + flows + "zone late {\n  subnet 192.0.2.0/24\n}\n");
                var model = compilation.Model;
                if (model.BoundOwnership == null) return true;
                System.Threading.Interlocked.Increment(ref taken);
                var fresh = new AddressOwnership(model);
                Assert.Same(model.BoundOwnership, compilation.Addresses);
                foreach (var zone in model.Zones)
                    if (!fresh.Of(zone).Equals(compilation.Addresses.Of(zone))) return false;
                foreach (var segment in model.Segments)
                    if (!fresh.Of(segment).Equals(compilation.Addresses.Of(segment))) return false;
                return true;
            }, iter: 200, print: t => t.Item1);
            Assert.True(taken >= 100, "the binder made an ownership for only " + taken + " of 200 policies");
        }
    }
}
