using System.Runtime.CompilerServices;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Commands on parts of a string: APPEND, STRLEN, GETRANGE (SUBSTR), SETRANGE.</summary>
internal static partial class StringCommands
{
    [Command("APPEND", 3, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Append a value to a key", Since = "2.0.0",
        Complexity = "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.",
        Syntax = "key value")]
    public static void Append(Session session, CommandArgs args)
    {
        var db = session.Db;
        var suffix = args[2];
        ref object slot = ref db.Find(args[1]);
        long length;
        if (Unsafe.IsNullRef(ref slot))
        {
            db.Set(args[1], suffix.ToArray());
            length = suffix.Length;
        }
        else
        {
            if (slot is not byte[] value)
            {
                session.Reply.WriteError(Errors.WrongType);
                return;
            }
            if (!CheckStringLength(session, value.Length, suffix.Length)) return;
            var grown = Grow(value, value.Length + suffix.Length);
            suffix.CopyTo(grown.AsSpan(value.Length));
            slot = grown;
            length = grown.Length;
        }
        session.Server.Events.Notify(NotifyFlags.String, "append", args[1], db.Index);
        session.Reply.WriteInteger(length);
    }

    [Command("STRLEN", 2, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Get the length of the value stored in a key", Since = "2.2.0", Complexity = "O(1)",
        Syntax = "key")]
    public static void StrLen(Session session, CommandArgs args)
    {
        switch (session.Db.LookupRead(args[1]))
        {
            case null: session.Reply.WriteInteger(0); break;
            case byte[] value: session.Reply.WriteInteger(value.Length); break;
            default: session.Reply.WriteError(Errors.WrongType); break;
        }
    }

    private const string GetRangeComplexity = "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.";

    [Command("GETRANGE", 4, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Get a substring of the string stored at a key", Since = "2.4.0", Complexity = GetRangeComplexity,
        Syntax = "key start end")]
    [Command("SUBSTR", 4, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Get a substring of the string stored at a key", Complexity = GetRangeComplexity,
        Syntax = "key start end")]
    public static void GetRange(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!RedisNumbers.TryParseInt64(args[2], out long start) || !RedisNumbers.TryParseInt64(args[3], out long end))
        {
            reply.WriteError(Errors.NotInteger);
            return;
        }
        object? current = session.Db.LookupRead(args[1]);
        if (current is not byte[] value)
        {
            if (current == null) reply.WriteBulk(ReadOnlySpan<byte>.Empty);
            else reply.WriteError(Errors.WrongType);
            return;
        }
        long length = value.Length;
        if (start < 0 && end < 0 && start > end)
        {
            reply.WriteBulk(ReadOnlySpan<byte>.Empty);
            return;
        }
        if (start < 0) start = Math.Max(length + start, 0);
        if (end < 0) end = Math.Max(length + end, 0);
        if (end >= length) end = length - 1;
        if (start > end) reply.WriteBulk(ReadOnlySpan<byte>.Empty);
        else reply.WriteBulk(value.AsSpan((int)start, (int)(end - start + 1)));
    }

    [Command("SETRANGE", 4, Flags = "write denyoom", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Overwrite part of a string at key starting at the specified offset", Since = "2.2.0",
        Complexity = "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.",
        Syntax = "key offset value")]
    public static void SetRange(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!RedisNumbers.TryParseInt64(args[2], out long offset))
        {
            reply.WriteError(Errors.NotInteger);
            return;
        }
        if (offset < 0)
        {
            reply.WriteError(Errors.OffsetOutOfRange);
            return;
        }
        var db = session.Db;
        var patch = args[3];
        ref object slot = ref db.Find(args[1]);
        byte[] value;
        if (Unsafe.IsNullRef(ref slot))
        {
            // Setting nothing on a missing key creates nothing.
            if (patch.IsEmpty)
            {
                reply.WriteInteger(0);
                return;
            }
            if (!CheckStringLength(session, offset, patch.Length)) return;
            value = new byte[offset + patch.Length];
            db.Set(args[1], value);
        }
        else
        {
            if (slot is not byte[] existing)
            {
                reply.WriteError(Errors.WrongType);
                return;
            }
            if (patch.IsEmpty)
            {
                reply.WriteInteger(existing.Length);
                return;
            }
            if (!CheckStringLength(session, offset, patch.Length)) return;
            value = Grow(existing, offset + patch.Length);
            slot = value;
        }
        patch.CopyTo(value.AsSpan((int)offset));
        session.Server.Events.Notify(NotifyFlags.String, "setrange", args[1], db.Index);
        reply.WriteInteger(value.Length);
    }

    /// <summary>
    /// The longest string that may be created: proto-max-bulk-len, within what a .NET array can hold.
    /// </summary>
    internal static long MaxStringLength(Server server) => Math.Min(server.Config.Limits.MaxBulkLength, Array.MaxLength);

    /// <summary>
    /// The array itself when it already has <paramref name="length"/> bytes or more, else a
    /// zero-padded copy of that length (values are mutable in place, so no copy is needed otherwise).
    /// </summary>
    internal static byte[] Grow(byte[] value, long length)
    {
        if (value.Length >= length) return value;
        var grown = new byte[length];
        value.CopyTo(grown, 0);
        return grown;
    }

    /// <summary>Replies the error and returns false when a string of size + extra bytes would be too long (checkStringLength).</summary>
    private static bool CheckStringLength(Session session, long size, long extra)
    {
        long max = MaxStringLength(session.Server);
        if (size <= max && extra <= max - size) return true; // written so that it cannot overflow
        session.Reply.WriteError(Errors.StringTooLong);
        return false;
    }
}
