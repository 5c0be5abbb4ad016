using System.Buffers.Binary;
using System.Globalization;

namespace HotGears.Engine.Persistence;

/// <summary>Reads the entries of a listpack blob (listpack.c), as found in RDB payloads; integers come back as their decimal text.</summary>
public static class Listpack
{
    /// <summary>The entries, or null when the blob is malformed.</summary>
    public static List<byte[]>? TryRead(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 7 || BinaryPrimitives.ReadUInt32LittleEndian(blob) != blob.Length) return null;
        var entries = new List<byte[]>();
        int at = 6;
        while (true)
        {
            if (at >= blob.Length) return null;
            byte b = blob[at];
            if (b == 0xFF) return at == blob.Length - 1 ? entries : null;
            int header, length;
            long? number = null;
            if ((b & 0x80) == 0) (header, length, number) = (1, 0, b & 0x7F);
            else if ((b & 0xC0) == 0x80) (header, length) = (1, b & 0x3F);
            else if ((b & 0xE0) == 0xC0)
            {
                if (at + 1 >= blob.Length) return null;
                int value = ((b & 0x1F) << 8) | blob[at + 1];
                (header, length, number) = (2, 0, value >= 1 << 12 ? value - (1 << 13) : value);
            }
            else if ((b & 0xF0) == 0xE0)
            {
                if (at + 1 >= blob.Length) return null;
                (header, length) = (2, ((b & 0x0F) << 8) | blob[at + 1]);
            }
            else if (b == 0xF0)
            {
                if (at + 5 > blob.Length) return null;
                (header, length) = (5, (int)BinaryPrimitives.ReadUInt32LittleEndian(blob[(at + 1)..]));
            }
            else
            {
                int size = b switch { 0xF1 => 2, 0xF2 => 3, 0xF3 => 4, 0xF4 => 8, _ => -1 };
                if (size < 0 || at + 1 + size > blob.Length) return null;
                var raw = blob.Slice(at + 1, size);
                number = size switch
                {
                    2 => BinaryPrimitives.ReadInt16LittleEndian(raw),
                    3 => (raw[0] | (raw[1] << 8) | (raw[2] << 16)) << 8 >> 8, // sign-extend 24 bits
                    4 => BinaryPrimitives.ReadInt32LittleEndian(raw),
                    _ => BinaryPrimitives.ReadInt64LittleEndian(raw),
                };
                (header, length) = (1 + size, 0);
            }
            if (length < 0 || at + header + length > blob.Length) return null;
            entries.Add(number is { } n
                ? System.Text.Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture))
                : blob.Slice(at + header, length).ToArray());
            int entryLength = header + length;
            at += entryLength + BackLengthSize(entryLength);
        }
    }

    /// <summary>Bytes of the back-length that follows an entry of <paramref name="length"/> bytes.</summary>
    private static int BackLengthSize(int length) => length switch
    {
        <= 127 => 1,
        < 16383 => 2,
        < 2097151 => 3,
        < 268435455 => 4,
        _ => 5,
    };
}
