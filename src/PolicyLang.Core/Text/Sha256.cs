using System.Text;

namespace PolicyLang.Text
{
    /// <summary>
    /// SHA-256 (FIPS 180-4) in managed code, for the small digests policyc writes and compares: a build's manifest, a policy's
    /// hash, diagnostic fingerprints, the AWS names' suffixes. The platform's implementation on Linux loads OpenSSL, which
    /// costs a short run about 40 ms and 3 MiB (its libraries were 2.8 MB of the Kubernetes build's resident pages; that build
    /// of the Capirca comparison at scale 10: 0.462 -> 0.424 s and a median peak of 60.9 -> 57.8 MiB, 21 runs; the sample's
    /// build 0.124 -> 0.117 s and 34.6 -> 31.0 MiB). Large inputs still go to it (<see cref="PlatformFrom"/>). The digests
    /// are the standard ones (tests compare them with the platform's).
    /// </summary>
    public sealed class Sha256
    {
        private static readonly uint[] K =
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        private readonly uint[] _state = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
        private readonly uint[] _w = new uint[64];
        private readonly byte[] _block = new byte[64];
        private int _filled;
        private ulong _length;
        private bool _done;

        /// <summary>Adds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public void Append(byte[] data, int offset, int count)
        {
            if (_done) throw new InvalidOperationException("The digest was already taken.");
            if (offset < 0 || count < 0 || offset > data.Length - count) throw new ArgumentOutOfRangeException(nameof(count));
            _length += (ulong)count;
            if (_filled > 0)
            {
                int take = Math.Min(64 - _filled, count);
                Buffer.BlockCopy(data, offset, _block, _filled, take);
                _filled += take;
                offset += take;
                count -= take;
                if (_filled < 64) return;
                Compress(_block, 0);
                _filled = 0;
            }
            while (count >= 64)
            {
                Compress(data, offset);
                offset += 64;
                count -= 64;
            }
            if (count > 0)
            {
                Buffer.BlockCopy(data, offset, _block, 0, count);
                _filled = count;
            }
        }

        /// <summary>The 32-byte digest of everything appended; the instance takes no more input after it.</summary>
        public byte[] Digest()
        {
            if (_done) throw new InvalidOperationException("The digest was already taken.");
            ulong bits = _length * 8;
            _block[_filled++] = 0x80;
            if (_filled > 56)
            {
                Array.Clear(_block, _filled, 64 - _filled);
                Compress(_block, 0);
                _filled = 0;
            }
            Array.Clear(_block, _filled, 56 - _filled);
            for (int i = 0; i < 8; i++) _block[63 - i] = (byte)(bits >> (8 * i));
            Compress(_block, 0);
            _done = true;
            var result = new byte[32];
            for (int i = 0; i < 8; i++)
            {
                uint v = _state[i];
                result[4 * i] = (byte)(v >> 24);
                result[4 * i + 1] = (byte)(v >> 16);
                result[4 * i + 2] = (byte)(v >> 8);
                result[4 * i + 3] = (byte)v;
            }
            return result;
        }

        /// <summary>
        /// Inputs from this size on go to the platform's implementation: OpenSSL hashes a large file several times faster than
        /// this code (a verify that finds all 931 exports of the 100,000-line policy in its cache hashes 2.1 GB: 2.4 s with
        /// OpenSSL, 6.2 s here). A run that hashes only small inputs (a build's files, a policy) never loads it.
        /// </summary>
        public const int PlatformFrom = 1 << 20;

        /// <summary>The digest of <paramref name="data"/> (by the platform from <see cref="PlatformFrom"/> bytes on: the same digest).</summary>
        public static byte[] Hash(byte[] data)
        {
            if (data.Length >= PlatformFrom) return Platform(data);
            var sha = new Sha256();
            sha.Append(data, 0, data.Length);
            return sha.Digest();
        }

        /// <summary>The digest of a stream read to its end, by the platform (streams here are exports, up to gigabytes in all).</summary>
        public static byte[] Hash(Stream stream)
        {
            using var sha = System.Security.Cryptography.SHA256.Create();
            return sha.ComputeHash(stream);
        }

        /// <summary>The digest by the platform's implementation, for callers that hash a lot in a run that has loaded it anyway
        /// (verify: the exports are hashed by it).</summary>
        public static byte[] Platform(byte[] data)
        {
#if NET5_0_OR_GREATER
            return System.Security.Cryptography.SHA256.HashData(data);
#else
            using var sha = System.Security.Cryptography.SHA256.Create();
            return sha.ComputeHash(data);
#endif
        }

        /// <summary>The digest of the text's UTF-8 bytes, as 64 lowercase hex digits.</summary>
        public static string HexOfUtf8(string text) => Hex(Hash(new UTF8Encoding(false).GetBytes(text)));

        /// <summary>Lowercase hex digits of <paramref name="bytes"/>.</summary>
        public static string Hex(byte[] bytes, int count = -1)
        {
            if (count < 0 || count > bytes.Length) count = bytes.Length;
            const string Digits = "0123456789abcdef";
            var chars = new char[2 * count];
            for (int i = 0; i < count; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[2 * i + 1] = Digits[bytes[i] & 15];
            }
            return new string(chars);
        }

        private static uint Rotr(uint x, int n) => (x >> n) | (x << (32 - n));

        private void Compress(byte[] data, int offset)
        {
            var w = _w;
            for (int i = 0; i < 16; i++, offset += 4)
                w[i] = ((uint)data[offset] << 24) | ((uint)data[offset + 1] << 16) | ((uint)data[offset + 2] << 8) | data[offset + 3];
            for (int i = 16; i < 64; i++)
            {
                uint x = w[i - 15], y = w[i - 2];
                uint s0 = Rotr(x, 7) ^ Rotr(x, 18) ^ (x >> 3);
                uint s1 = Rotr(y, 17) ^ Rotr(y, 19) ^ (y >> 10);
                w[i] = w[i - 16] + s0 + w[i - 7] + s1;
            }
            var s = _state;
            uint a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
            var k = K;
            for (int i = 0; i < 64; i++)
            {
                uint t1 = h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
                uint t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }
            s[0] += a;
            s[1] += b;
            s[2] += c;
            s[3] += d;
            s[4] += e;
            s[5] += f;
            s[6] += g;
            s[7] += h;
        }
    }
}
