using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using PolicyLang.Text;
using Xunit;

namespace PolicyLang.Tests.Hashing
{
    /// <summary>The managed SHA-256 gives the standard digests: the FIPS 180-4 examples, and the platform's digest of random input fed in random pieces.</summary>
    public class Sha256Tests
    {
        [Theory]
        [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
        [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
        [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
        public void Standard_examples(string text, string digest)
        {
            Assert.Equal(digest, Sha256.HexOfUtf8(text));
        }

        [Fact]
        public void A_million_a()
        {
            var data = Encoding.ASCII.GetBytes(new string('a', 1_000_000));
            Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Sha256.Hex(Sha256.Hash(data)));
        }

        [Fact]
        public void Matches_the_platform_on_random_input_in_random_pieces()
        {
            // Lengths around the 55/56/64-byte padding boundaries matter most; pieces cross block edges at random.
            Gen.Select(Gen.Byte.Array[0, 300], Gen.Int[1, 70].Array[1, 12]).Sample((data, cuts) =>
            {
                var expected = SHA256.HashData(data);
                Assert.Equal(expected, Sha256.Hash(data));
                var sha = new Sha256();
                int at = 0, k = 0;
                while (at < data.Length)
                {
                    int n = Math.Min(cuts[k++ % cuts.Length], data.Length - at);
                    sha.Append(data, at, n);
                    at += n;
                }
                Assert.Equal(expected, sha.Digest());
                Assert.Equal(expected, Sha256.Hash(new MemoryStream(data)));
            }, iter: 2000);
        }

        [Theory]
        [InlineData(Sha256.PlatformFrom - 1)]
        [InlineData(Sha256.PlatformFrom)]
        [InlineData(Sha256.PlatformFrom + 65)]
        public void Large_inputs_give_the_same_digest_by_either_implementation(int length)
        {
            var data = new byte[length];
            new Random(length).NextBytes(data);
            var sha = new Sha256();
            sha.Append(data, 0, data.Length);
            var managed = sha.Digest();
            Assert.Equal(SHA256.HashData(data), managed);
            Assert.Equal(managed, Sha256.Hash(data));
        }

        [Fact]
        public void Takes_no_input_after_the_digest()
        {
            var sha = new Sha256();
            sha.Digest();
            Assert.Throws<InvalidOperationException>(() => sha.Append(new byte[1], 0, 1));
            Assert.Throws<InvalidOperationException>(() => sha.Digest());
            Assert.Throws<ArgumentOutOfRangeException>(() => new Sha256().Append(new byte[4], 2, 3));
        }

        [Fact]
        public void Hex_of_a_prefix()
        {
            Assert.Equal("ba78", Sha256.Hex(Sha256.Hash(Encoding.ASCII.GetBytes("abc")), 2));
        }

        [Theory]
        [InlineData(3, 1_000)]
        [InlineData(100, 90_000)]
        public void A_builds_manifest_digests_are_the_standard_ones_whether_its_files_add_up_to_the_platforms_share_or_not(int files, int length)
        {
            // 3 KB in all: the managed digest; 9 MB in all (each file small): the platform's. Text beyond ASCII counts its UTF-8 bytes.
            Assert.True(files * (long)length < PolicyLang.Emit.PolicyBuilder.PlatformDigestsFrom || files * (long)length > PolicyLang.Emit.PolicyBuilder.PlatformDigestsFrom + files);
            var artifacts = new System.Collections.Generic.List<PolicyLang.Emit.Artifact>();
            for (int i = 0; i < files; i++)
                artifacts.Add(new PolicyLang.Emit.Artifact("t", "nftables", "t/f" + i, new string((char)('a' + i % 26), length) + "é\u2713" + i));
            var digests = PolicyLang.Emit.PolicyBuilder.ArtifactDigests(artifacts, out var sizes);
            for (int i = 0; i < files; i++)
            {
                var bytes = new UTF8Encoding(false).GetBytes(artifacts[i].Content);
                Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), digests[i]);
                Assert.Equal(bytes.Length, sizes[i]);
            }
        }
    }
}
