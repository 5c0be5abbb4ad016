using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// The cursor and the MATCH / COUNT / TYPE options of SCAN, parsed as Redis's
/// parseScanCursorOrReply and scanGenericCommand do. HSCAN, SSCAN and ZSCAN take the same
/// options except TYPE.
/// </summary>
internal readonly struct ScanOptions
{
    private const long DefaultCount = 10;

    private ScanOptions(long count, byte[]? pattern, byte[]? typeName)
    {
        Count = count;
        Pattern = pattern;
        TypeName = typeName;
    }

    /// <summary>How many elements to gather (a hint, as in Redis).</summary>
    public long Count { get; }

    /// <summary>The MATCH pattern, or null when everything matches (no MATCH, or MATCH *).</summary>
    public byte[]? Pattern { get; }

    /// <summary>The TYPE filter, or null.</summary>
    public byte[]? TypeName { get; }

    public bool Matches(ReadOnlySpan<byte> element) => Pattern == null || Glob.Match(Pattern, element);

    /// <summary>Parses the options from <paramref name="first"/> on; replies the error and returns false when invalid.</summary>
    public static bool TryParse(Session session, CommandArgs args, int first, bool allowType, out ScanOptions options)
    {
        options = default;
        long count = DefaultCount;
        byte[]? pattern = null, typeName = null;
        for (int i = first; i < args.Count; i += 2)
        {
            bool hasValue = i + 1 < args.Count;
            if (hasValue && args.Is(i, "COUNT"u8))
            {
                if (!RedisNumbers.TryParseInt64(args[i + 1], out count))
                {
                    session.Reply.WriteError(Errors.NotInteger);
                    return false;
                }
                if (count < 1)
                {
                    session.Reply.WriteError(Errors.Syntax);
                    return false;
                }
            }
            else if (hasValue && args.Is(i, "MATCH"u8))
                pattern = args[i + 1].SequenceEqual("*"u8) ? null : args.ToArray(i + 1);
            else if (hasValue && allowType && args.Is(i, "TYPE"u8))
                typeName = args.ToArray(i + 1);
            else
            {
                session.Reply.WriteError(Errors.Syntax);
                return false;
            }
        }
        options = new ScanOptions(count, pattern, typeName);
        return true;
    }

    /// <summary>
    /// Parses a cursor as C's strtoul (base 10) with Redis's extra checks: a sign is allowed and
    /// "-n" wraps around, "" is 0, a leading space or anything after the digits is an error.
    /// </summary>
    public static bool TryParseCursor(Session session, ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && text[0] is (byte)'+' or (byte)'-')
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }
        int digitsEnd = i;
        bool overflow = false;
        for (; digitsEnd < text.Length && text[digitsEnd] is >= (byte)'0' and <= (byte)'9'; digitsEnd++)
        {
            uint digit = (uint)(text[digitsEnd] - '0');
            overflow |= cursor > (ulong.MaxValue - digit) / 10;
            cursor = unchecked(cursor * 10 + digit);
        }
        // strtoul stops at the first byte it cannot use (pointing back at the start when it read no
        // digits); Redis accepts the cursor only if that byte ends the C string.
        int stop = digitsEnd == i ? 0 : digitsEnd;
        if (overflow || (stop < text.Length && text[stop] != 0))
        {
            session.Reply.WriteError(Errors.InvalidCursor);
            return false;
        }
        if (negative) cursor = unchecked(0 - cursor);
        return true;
    }

    /// <summary>[cursor, [elements...]]: the cursor as a bulk string of the signed 64-bit value, as Redis 7.0 writes it.</summary>
    public static void WriteReplyHeader(RespWriter reply, ulong cursor, int elements)
    {
        reply.WriteArrayHeader(2);
        reply.WriteBulk(unchecked((long)cursor));
        reply.WriteArrayHeader(elements);
    }

    /// <summary>The reply for a missing key: cursor 0 and no elements.</summary>
    public static void WriteEmptyReply(RespWriter reply) => WriteReplyHeader(reply, 0, 0);
}
