namespace HotGears.Engine.Persistence;

/// <summary>CRC-64/Jones as Redis computes it (crc64.c): reflected, polynomial 0xad93d23594c935a9, starting from 0.</summary>
public static class Crc64
{
    private const ulong ReflectedPoly = 0x95AC9329AC4BC9B5; // 0xad93d23594c935a9 with its bits reversed

    private static readonly ulong[] Table = BuildTable();

    public static ulong Compute(ReadOnlySpan<byte> data, ulong crc = 0)
    {
        foreach (byte b in data) crc = Table[(byte)(crc ^ b)] ^ (crc >> 8);
        return crc;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (uint i = 0; i < 256; i++)
        {
            ulong crc = i;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPoly : crc >> 1;
            table[i] = crc;
        }
        return table;
    }
}
