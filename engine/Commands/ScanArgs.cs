using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// The cursor and options of HSCAN/SSCAN (db.c parseScanCursorOrReply and scanGenericCommand),
/// and the shape of their reply.
/// </summary>
internal readonly struct ScanArgs
{
    /// <summary>The MATCH pattern, or null when there is none (or it is "*", which matches everything).</summary>
    public byte[]? Pattern { get; init; }

    public long Count { get; init; }

    public bool Matches(ReadOnlySpan<byte> element) => Pattern == null || Glob.Match(Pattern, element);

    /// <summary>
    /// strtoul in base 10, as Redis calls it: an optional sign ("-1" wraps around), digits only,
    /// no leading space, not beyond 2^64-1. The empty string is cursor 0.
    /// </summary>
    public static bool TryParseCursor(ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        if (text.IsEmpty) return true;
        bool negative = text[0] == (byte)'-';
        if (text[0] is (byte)'-' or (byte)'+') text = text[1..];
        if (text.IsEmpty) return false;
        foreach (byte c in text)
        {
            uint digit = (uint)(c - '0');
            if (digit > 9 || cursor > (ulong.MaxValue - digit) / 10) return false;
            cursor = cursor * 10 + digit;
        }
        if (negative) cursor = unchecked(0 - cursor);
        return true;
    }

    /// <summary>Parses [MATCH pattern] [COUNT count] from <paramref name="first"/> on; replies the error and returns false when invalid.</summary>
    public static bool TryParseOptions(Session session, CommandArgs args, int first, out ScanArgs options)
    {
        options = default;
        byte[]? pattern = null;
        long count = 10;
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
            else
            {
                session.Reply.WriteError(Errors.Syntax);
                return false;
            }
        }
        options = new ScanArgs { Pattern = pattern, Count = count };
        return true;
    }

    /// <summary>[cursor, [elements...]]: the cursor as a bulk string of the signed 64-bit value, as Redis writes it.</summary>
    public static void WriteReplyHeader(RespWriter reply, ulong cursor, int elements)
    {
        reply.WriteArrayHeader(2);
        reply.WriteBulk(unchecked((long)cursor));
        reply.WriteArrayHeader(elements);
    }

    /// <summary>The reply for a missing key: cursor 0 and no elements.</summary>
    public static void WriteEmptyReply(RespWriter reply) => WriteReplyHeader(reply, 0, 0);
}
