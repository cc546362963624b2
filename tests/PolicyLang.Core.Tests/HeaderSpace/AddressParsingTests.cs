using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using Xunit;

namespace PolicyLang.Tests.HeaderSpace
{
    public class AddressParsingTests
    {
        [Theory]
        [InlineData("10.0.0.1", "10.0.0.1")]
        [InlineData("0.0.0.0", "0.0.0.0")]
        [InlineData("255.255.255.255", "255.255.255.255")]
        [InlineData("::ffff:1.2.3.4", "1.2.3.4")]
        [InlineData("::FFFF:0102:0304", "1.2.3.4")]
        [InlineData("::", "::")]
        [InlineData("::1", "::1")]
        [InlineData("2001:db8::1", "2001:db8::1")]
        [InlineData("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
        [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]
        [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")]
        [InlineData("fe80::", "fe80::")]
        [InlineData("1:0:0:2:0:0:0:3", "1:0:0:2::3")]
        [InlineData("::1.2.3.4", "::102:304")]
        [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
        [InlineData("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0")]
        public void ParsesAndFormatsCanonically(string text, string expected)
        {
            Assert.True(IpAddress128.TryParse(text, out IpAddress128 address));
            Assert.Equal(expected, address.ToString());
            Assert.Equal(address, IpAddress128.Parse(expected));
        }

        [Theory]
        [InlineData("")]
        [InlineData("10.0.0")]
        [InlineData("10.0.0.256")]
        [InlineData("10.0.0.01")]
        [InlineData("10.0.0.1.")]
        [InlineData("1.2.3.4.5")]
        [InlineData(":::")]
        [InlineData("1::2::3")]
        [InlineData("1:2:3:4:5:6:7:8:9")]
        [InlineData("1:2:3:4:5:6:7")]
        [InlineData("12345::")]
        [InlineData("::1:")]
        [InlineData(":1::")]
        [InlineData("1.2.3.4::")]
        [InlineData("::g")]
        [InlineData(" 10.0.0.1")]
        [InlineData("+1::")]
        [InlineData("-1::")]
        [InlineData("1:: ")]
        [InlineData("0x1::")]
        [InlineData("1:ag::")]
        [InlineData("1:2:3:4:5:6:7:8::")]
        public void RejectsMalformedAddresses(string text)
        {
            Assert.False(IpAddress128.TryParse(text, out _));
        }

        [Theory]
        [InlineData("10.0.0.0/8", true)]
        [InlineData("10.0.0.0/08", false)]
        [InlineData("10.0.0.0/33", false)]
        [InlineData("10.0.0.0/", false)]
        [InlineData("10.0.0.0/+8", false)]
        [InlineData("10.0.0.0/ 8", false)]
        [InlineData("10.0.0.0/0", true)]
        [InlineData("/8", false)]
        [InlineData("::/0", true)]
        [InlineData("::/128", true)]
        [InlineData("::/129", false)]
        [InlineData("::/1000", false)]
        [InlineData("2001:DB8::/32", true)]
        [InlineData("2001:db8::/3a", false)]
        public void PrefixLengthsAreOneToThreeDigitsWithinTheFamily(string text, bool valid)
        {
            Assert.Equal(valid, IpPrefix.TryParse(text, out _));
        }

        /// <summary>Every IPv6 address as .NET writes it (RFC 5952, and with every group written out in upper case) reads back as itself.</summary>
        [Fact]
        public void IPv6AddressesWrittenByDotNetReadBack()
        {
            var rng = new System.Random(11);
            var bytes = new byte[16];
            for (int i = 0; i < 3000; i++)
            {
                rng.NextBytes(bytes);
                // Runs of zero groups, so that :: appears in many places.
                for (int g = 0; g < 8; g++) if (rng.Next(3) == 0) { bytes[2 * g] = 0; bytes[2 * g + 1] = 0; }
                if (i % 7 == 0) { for (int k = 0; k < 10; k++) bytes[k] = 0; bytes[10] = bytes[11] = 0xFF; } // mapped IPv4
                var ip = new System.Net.IPAddress(bytes);
                ulong high = 0, low = 0;
                for (int k = 0; k < 8; k++) { high = (high << 8) | bytes[k]; low = (low << 8) | bytes[k + 8]; }
                var expected = new IpAddress128(high, low);
                Assert.True(IpAddress128.TryParse(ip.ToString(), out var a), ip.ToString());
                Assert.Equal(expected, a);
                var full = string.Join(":", System.Linq.Enumerable.Range(0, 8).Select(g => ((bytes[2 * g] << 8) | bytes[2 * g + 1]).ToString("X4")));
                Assert.True(IpAddress128.TryParse(full, out var b), full);
                Assert.Equal(expected, b);
                Assert.True(IpPrefix.TryParse(full + "/128", out var p), full);
                Assert.Equal(expected, p.Address);
            }
        }

        [Fact]
        public void IPv4IsEmbeddedAsMapped()
        {
            IpAddress128 a = IpAddress128.Parse("10.1.2.3");
            Assert.True(a.IsIPv4Mapped);
            Assert.Equal(0UL, a.High);
            Assert.Equal(0x0000_FFFF_0A01_0203UL, a.Low);
            Assert.Equal(0x0A01_0203u, a.IPv4Value);
            Assert.False(IpAddress128.Parse("::1").IsIPv4Mapped);
            Assert.False(IpAddress128.Parse("::fffe:1.2.3.4").IsIPv4Mapped);
        }

        [Fact]
        public void OrderingIsNumeric()
        {
            Assert.True(IpAddress128.Parse("::1") < IpAddress128.Parse("0.0.0.0"));
            Assert.True(IpAddress128.Parse("10.0.0.255") < IpAddress128.Parse("10.0.1.0"));
            Assert.True(IpAddress128.Parse("255.255.255.255") < IpAddress128.Parse("2001:db8::"));
            Assert.True(IpAddress128.Parse("::ffff:ffff:ffff") > IpAddress128.Parse("::ffff:0:0"));
        }

        [Theory]
        [InlineData("10.0.0.0/16", "10.0.0.0/16", 112, 16, false)]
        [InlineData("10.0.5.7/16", "10.0.0.0/16", 112, 16, true)]
        [InlineData("0.0.0.0/0", "0.0.0.0/0", 96, 0, false)]
        [InlineData("::/0", "::/0", 0, 0, false)]
        [InlineData("10.0.0.1", "10.0.0.1/32", 128, 32, false)]
        [InlineData("::ffff:1.2.3.4", "1.2.3.4/32", 128, 32, false)]
        [InlineData("::ffff:10.0.0.0/104", "10.0.0.0/8", 104, 8, false)]
        [InlineData("::ffff:0:0/96", "0.0.0.0/0", 96, 0, false)]
        [InlineData("::ffff:0:0/95", "::fffe:0:0/95", 95, 95, true)]
        [InlineData("2001:db8::1/32", "2001:db8::/32", 32, 32, true)]
        [InlineData("2001:db8::/128", "2001:db8::/128", 128, 128, false)]
        [InlineData("fe80::1", "fe80::1/128", 128, 128, false)]
        public void ParsesPrefixes(string text, string expected, int length, int familyLength, bool hostBits)
        {
            Assert.True(IpPrefix.TryParse(text, out IpPrefix prefix, out bool hostBitsSet));
            Assert.Equal(expected, prefix.ToString());
            Assert.Equal(length, prefix.Length);
            Assert.Equal(familyLength, prefix.FamilyLength);
            Assert.Equal(hostBits, hostBitsSet);
            Assert.Equal(prefix, IpPrefix.Parse(expected));
        }

        [Theory]
        [InlineData("10.0.0.0/33")]
        [InlineData("10.0.0.0/")]
        [InlineData("10.0.0.0/-1")]
        [InlineData("10.0.0.0/08")]
        [InlineData("::/129")]
        [InlineData("/8")]
        [InlineData("10.0.0.0/8/8")]
        public void RejectsMalformedPrefixes(string text)
        {
            Assert.False(IpPrefix.TryParse(text, out _, out _));
        }

        [Fact]
        public void PrefixBoundsAndContainment()
        {
            IpPrefix p = IpPrefix.Parse("10.1.0.0/16");
            Assert.Equal(IpAddress128.Parse("10.1.0.0"), p.First);
            Assert.Equal(IpAddress128.Parse("10.1.255.255"), p.Last);
            Assert.True(p.Contains(IpAddress128.Parse("10.1.200.3")));
            Assert.False(p.Contains(IpAddress128.Parse("10.2.0.0")));
            Assert.True(p.IsIPv4);
            Assert.True(IpPrefix.Parse("10.0.0.0/8").Contains(p));
            Assert.False(p.Contains(IpPrefix.Parse("10.0.0.0/8")));

            IpPrefix all = IpPrefix.Parse("::/0");
            Assert.Equal(IpAddress128.Zero, all.First);
            Assert.Equal(IpAddress128.MaxValue, all.Last);
            Assert.False(all.IsIPv4);
            Assert.True(all.Contains(IpAddress128.Parse("192.168.1.1")));

            IpPrefix v4All = IpPrefix.Parse("0.0.0.0/0");
            Assert.Equal(IpAddress128.Parse("::ffff:0.0.0.0"), v4All.First);
            Assert.Equal(IpAddress128.Parse("::ffff:255.255.255.255"), v4All.Last);
            Assert.False(v4All.Contains(IpAddress128.Parse("::1")));
            Assert.Equal(IpPrefix.AllIPv4, v4All);

            IpPrefix v6 = IpPrefix.Parse("2001:db8::/32");
            Assert.Equal(IpAddress128.Parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"), v6.Last);
            Assert.Equal(IpPrefix.FromIPv4(0x0A000000, 8), IpPrefix.Parse("10.0.0.0/8"));
        }
    }
}
