using System.Runtime.CompilerServices;
using HotGears.Engine.Notifications;
using HotGears.Engine.Util;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Strings used as numbers: INCR and friends (64-bit integers) and INCRBYFLOAT (long double).</summary>
internal static partial class StringCommands
{
    [Command("INCR", 2, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Increment the integer value of a key by one", Complexity = "O(1)",
        Syntax = "key")]
    public static void Incr(Session session, CommandArgs args) => IncrementBy(session, args[1], 1);

    [Command("DECR", 2, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Decrement the integer value of a key by one", Complexity = "O(1)",
        Syntax = "key")]
    public static void Decr(Session session, CommandArgs args) => IncrementBy(session, args[1], -1);

    [Command("INCRBY", 3, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Increment the integer value of a key by the given amount", Complexity = "O(1)",
        Syntax = "key increment")]
    public static void IncrBy(Session session, CommandArgs args)
    {
        if (!RedisNumbers.TryParseInt64(args[2], out long by))
        {
            session.Reply.WriteError(Errors.NotInteger);
            return;
        }
        IncrementBy(session, args[1], by);
    }

    [Command("DECRBY", 3, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Decrement the integer value of a key by the given number", Complexity = "O(1)",
        Syntax = "key decrement")]
    public static void DecrBy(Session session, CommandArgs args)
    {
        if (!RedisNumbers.TryParseInt64(args[2], out long by))
        {
            session.Reply.WriteError(Errors.NotInteger);
            return;
        }
        if (by == long.MinValue) // cannot be negated
        {
            session.Reply.WriteError(Errors.DecrementOverflow);
            return;
        }
        IncrementBy(session, args[1], -by);
    }

    [Command("INCRBYFLOAT", 3, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Increment the float value of a key by the given amount", Since = "2.6.0", Complexity = "O(1)",
        Syntax = "key increment:double")]
    public static void IncrByFloat(Session session, CommandArgs args)
    {
        var db = session.Db;
        var reply = session.Reply;
        object? current = db.Get(args[1]);
        if (current is not (null or byte[]))
        {
            reply.WriteError(Errors.WrongType);
            return;
        }
        var value = LongDouble.FromInt64(0);
        if ((current is byte[] text && !LongDouble.TryParse(text, out value)) || !LongDouble.TryParse(args[2], out var increment))
        {
            reply.WriteError(Errors.NotFloat);
            return;
        }
        if (!value.TryAdd(increment, out var sum))
        {
            reply.WriteError(Errors.WouldProduceNaNOrInfinity);
            return;
        }
        byte[] result = sum.ToHumanText();
        db.Set(args[1], result, keepTtl: true);
        session.Server.Events.Notify(NotifyFlags.String, "incrbyfloat", args[1], db.Index);
        reply.WriteBulk(result);
    }

    private static void IncrementBy(Session session, ReadOnlySpan<byte> key, long by)
    {
        var db = session.Db;
        var reply = session.Reply;
        ref object slot = ref db.Find(key);
        long current = 0;
        if (!Unsafe.IsNullRef(ref slot))
        {
            if (slot is not byte[] text)
            {
                reply.WriteError(Errors.WrongType);
                return;
            }
            if (!RedisNumbers.TryParseInt64(text, out current))
            {
                reply.WriteError(Errors.NotInteger);
                return;
            }
        }
        if (!RedisNumbers.TryAdd(current, by, out long result))
        {
            reply.WriteError(Errors.Overflow);
            return;
        }
        Span<byte> digits = stackalloc byte[20];
        result.TryFormat(digits, out int length);
        Store(db, key, digits[..length], keepTtl: true);
        session.Server.Events.Notify(NotifyFlags.String, "incrby", key, db.Index);
        reply.WriteInteger(result);
    }
}
