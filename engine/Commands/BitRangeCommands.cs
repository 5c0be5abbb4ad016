using System.Numerics;
using System.Runtime.InteropServices;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// BITCOUNT and BITPOS: scans over a range of a string given in bytes or (BIT) in bits. A bit range
/// becomes a byte range plus masks of the bits of its first and last bytes that lie outside it.
/// </summary>
internal static partial class BitCommands
{
    /// <summary>A resolved range: bytes First..Last, and the out-of-range bits of those two bytes.</summary>
    private readonly record struct ByteRange(long First, long Last, byte FirstMask, byte LastMask)
    {
        public bool IsEmpty => First > Last;

        public static ByteRange Whole(int length) => new(0, length - 1, 0, 0);
    }

    [Command("BITCOUNT", -2, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "bitmap",
        Summary = "Count set bits in a string", Since = "2.6.0", Complexity = "O(N)",
        Syntax = "key index:[start end index_unit:[BYTE | BIT]]")]
    public static void BitCount(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        object? current = session.Db.LookupRead(args[1]);
        if (current is not byte[] value)
        {
            if (current == null) reply.WriteInteger(0);
            else reply.WriteError(Errors.WrongType);
            return;
        }

        ByteRange range;
        if (args.Count is 4 or 5)
        {
            if (!TryParseInteger(session, args[2], out long start) || !TryParseInteger(session, args[3], out long end)) return;
            if (start < 0 && end < 0 && start > end)
            {
                reply.WriteInteger(0);
                return;
            }
            bool inBits = false;
            if (args.Count == 5 && !TryParseUnit(session, args, 4, out inBits)) return;
            range = Resolve(value.Length, start, end, inBits);
        }
        else if (args.Count == 2) range = ByteRange.Whole(value.Length);
        else
        {
            reply.WriteError(Errors.Syntax);
            return;
        }

        if (range.IsEmpty)
        {
            reply.WriteInteger(0);
            return;
        }
        long count = PopCount(value.AsSpan((int)range.First, (int)(range.Last - range.First + 1)))
                     - BitOperations.PopCount((uint)(value[range.First] & range.FirstMask))
                     - BitOperations.PopCount((uint)(value[range.Last] & range.LastMask));
        reply.WriteInteger(count);
    }

    [Command("BITPOS", -3, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "bitmap",
        Summary = "Find first bit set or clear in a string", Since = "2.8.7", Complexity = "O(N)",
        Syntax = "key bit index:[start end_index:[end index_unit:[BYTE | BIT]]]")]
    public static void BitPos(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!TryParseInteger(session, args[2], out long bit)) return;
        if (bit is not (0 or 1))
        {
            reply.WriteError(Errors.BitArgumentInvalid);
            return;
        }
        object? current = session.Db.LookupRead(args[1]);
        if (current is not byte[] value)
        {
            // A missing key is an endless run of zeros.
            if (current == null) reply.WriteInteger(bit == 1 ? -1 : 0);
            else reply.WriteError(Errors.WrongType);
            return;
        }

        ByteRange range;
        bool endGiven = false;
        if (args.Count is >= 4 and <= 6)
        {
            if (!TryParseInteger(session, args[3], out long start)) return;
            bool inBits = false;
            if (args.Count == 6 && !TryParseUnit(session, args, 5, out inBits)) return;
            long end = -1;
            if (args.Count >= 5)
            {
                if (!TryParseInteger(session, args[4], out end)) return;
                endGiven = true;
            }
            range = Resolve(value.Length, start, end, inBits);
        }
        else if (args.Count == 3) range = ByteRange.Whole(value.Length);
        else
        {
            reply.WriteError(Errors.Syntax);
            return;
        }

        reply.WriteInteger(range.IsEmpty ? -1 : FindBit(value, range, (int)bit, endGiven));
    }

    /// <summary>
    /// The position of the first <paramref name="bit"/> in a non-empty range, scanning its masked
    /// first byte, its whole middle bytes and its masked last byte in turn (bitposCommand). Without
    /// an explicit end a clear bit may be found just past the string, which is zero-padded; with
    /// one, that means -1.
    /// </summary>
    private static long FindBit(byte[] value, ByteRange range, int bit, bool endGiven)
    {
        long start = range.First;
        long bytes = range.Last - range.First + 1;
        long position = FindPosition();
        if (endGiven && bit == 0 && position == bytes << 3) return -1;
        return position == -1 ? -1 : position + (start << 3);

        long FindPosition()
        {
            long found;
            if (range.FirstMask != 0)
            {
                byte first = Masked(value[start], range.FirstMask);
                if (bytes == 1 && range.LastMask != 0) first = Masked(first, range.LastMask);
                found = FirstBit(new ReadOnlySpan<byte>(in first), bit);
                if (bytes == 1 || (found != -1 && found != 8)) return found;
                start++;
                bytes--;
            }
            long middle = bytes - (range.LastMask != 0 ? 1 : 0);
            if (middle > 0)
            {
                found = FirstBit(value.AsSpan((int)start, (int)middle), bit);
                if (bytes == middle || (found != -1 && found != middle << 3)) return found;
                start += middle;
                bytes -= middle;
            }
            byte last = Masked(value[range.Last], range.LastMask);
            return FirstBit(new ReadOnlySpan<byte>(in last), bit);
        }

        // Bits outside the range are made to look like the bit we are not looking for.
        byte Masked(byte b, byte mask) => bit == 1 ? (byte)(b & ~mask) : (byte)(b | mask);
    }

    /// <summary>
    /// The first <paramref name="bit"/> in <paramref name="bytes"/>, the bytes being followed by
    /// zeros (redisBitpos): a clear bit is always found, a set bit may not be (-1).
    /// </summary>
    private static long FirstBit(ReadOnlySpan<byte> bytes, int bit)
    {
        int index = bytes.IndexOfAnyExcept(bit == 1 ? (byte)0 : (byte)0xFF);
        if (index < 0) return bit == 1 ? -1 : (long)bytes.Length << 3;
        uint b = bit == 1 ? bytes[index] : (byte)~bytes[index];
        return ((long)index << 3) + BitOperations.LeadingZeroCount(b) - 24;
    }

    /// <summary>Turns start/end (negative: from the end) into a clamped byte range with edge masks.</summary>
    private static ByteRange Resolve(int length, long start, long end, bool inBits)
    {
        long total = inBits ? (long)length << 3 : length;
        if (start < 0) start = Math.Max(total + start, 0);
        if (end < 0) end = Math.Max(total + end, 0);
        if (end >= total) end = total - 1;
        if (!inBits || start > end) return new ByteRange(start, end, 0, 0);
        byte firstMask = (byte)~((1 << (8 - (int)(start & 7))) - 1);
        byte lastMask = (byte)((1 << (7 - (int)(end & 7))) - 1);
        return new ByteRange(start >> 3, end >> 3, firstMask, lastMask);
    }

    private static long PopCount(ReadOnlySpan<byte> bytes)
    {
        long count = 0;
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (ulong word in words) count += BitOperations.PopCount(word);
        foreach (byte b in bytes[(words.Length * sizeof(ulong))..]) count += BitOperations.PopCount(b);
        return count;
    }

    private static bool TryParseInteger(Session session, ReadOnlySpan<byte> arg, out long value)
    {
        if (RedisNumbers.TryParseInt64(arg, out value)) return true;
        session.Reply.WriteError(Errors.NotInteger);
        return false;
    }

    /// <summary>The BYTE | BIT unit keyword.</summary>
    private static bool TryParseUnit(Session session, CommandArgs args, int index, out bool inBits)
    {
        inBits = args.Is(index, "BIT"u8);
        if (inBits || args.Is(index, "BYTE"u8)) return true;
        session.Reply.WriteError(Errors.Syntax);
        return false;
    }
}
