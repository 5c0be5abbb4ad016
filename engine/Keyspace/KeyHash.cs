using System.Buffers.Binary;
using System.Numerics;

namespace HotGears.Engine.Keyspace;

/// <summary>
/// The hash of a key: a fast 64-bit multiply-mix over 8-byte words, seeded at random per process
/// so that clients cannot choose keys that collide (hash flooding), folded to 32 bits.
/// (Random.Shared is seeded from the OS; the crypto RNG would load OpenSSL, ~5 MB of RSS, for 8 bytes.)
/// </summary>
public static class KeyHash
{
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue);
    private const ulong K1 = 0x9E3779B97F4A7C15;
    private const ulong K2 = 0xC2B2AE3D27D4EB4F;

    public static int Of(ReadOnlySpan<byte> key)
    {
        ulong h = Seed ^ ((ulong)key.Length * K1);
        while (key.Length >= 8)
        {
            h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(key)) * K2, 29);
            key = key[8..];
        }
        ulong tail = 0;
        for (int i = 0; i < key.Length; i++) tail |= (ulong)key[i] << (8 * i);
        h = (h ^ tail) * K1;
        h ^= h >> 32;
        h *= K2;
        h ^= h >> 29;
        return (int)h;
    }
}
