using System.Runtime.CompilerServices;
using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>String commands (t_string.c). Values are byte arrays, binary-safe.</summary>
internal static partial class StringCommands
{
    [Command("GET", 2, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Returns the string value of a key.", Complexity = "O(1)")]
    public static void Get(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        switch (session.Db.LookupRead(args[1]))
        {
            case null: reply.WriteNull(); break;
            case byte[] value: reply.WriteBulk(value); break;
            default: reply.WriteError(Errors.WrongType); break;
        }
    }

    [Command("MGET", -2, Flags = "readonly fast", FirstKey = 1, LastKey = -1, Step = 1, Group = "string",
        Summary = "Atomically returns the string values of one or more keys.", Complexity = "O(N) where N is the number of keys to retrieve.")]
    public static void MGet(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        reply.WriteArrayHeader(args.Count - 1);
        for (int i = 1; i < args.Count; i++)
        {
            if (session.Db.LookupRead(args[i]) is byte[] value) reply.WriteBulk(value);
            else reply.WriteNull();
        }
    }

    [Command("SET", -3, Flags = "write denyoom", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.", Complexity = "O(1)")]
    public static void Set(Session session, CommandArgs args)
    {
        if (!SetOptions.TryParse(session, args, 3, SetOptions.AllowedInSet, "set", out var options)) return;
        var db = session.Db;
        var reply = session.Reply;
        object? old = db.Get(args[1]);
        if (options.Get)
        {
            if (old is not (null or byte[]))
            {
                reply.WriteError(Errors.WrongType);
                return;
            }
            WriteBulkOrNull(reply, old);
        }
        bool exists = old != null;
        if ((options.Condition == SetCondition.IfMissing && exists) || (options.Condition == SetCondition.IfExists && !exists))
        {
            if (!options.Get) reply.WriteNull();
            return;
        }
        Store(db, args[1], args[2], keepTtl: options.KeepTtl);
        session.Server.Events.Notify(NotifyFlags.String, "set", args[1], db.Index);
        if (options.ExpireAtMs >= 0)
        {
            db.SetExpire(args[1], options.ExpireAtMs);
            session.Server.Events.Notify(NotifyFlags.Generic, "expire", args[1], db.Index);
        }
        if (!options.Get) reply.WriteOk();
    }

    [Command("INCR", 2, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.", Complexity = "O(1)")]
    public static void Incr(Session session, CommandArgs args) => IncrementBy(session, args[1], 1);

    [Command("DECR", 2, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.", Complexity = "O(1)")]
    public static void Decr(Session session, CommandArgs args) => IncrementBy(session, args[1], -1);

    [Command("INCRBY", 3, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Increments the integer value of a key by a number. Uses 0 as initial value if the key doesn't exist.", Complexity = "O(1)")]
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
        Summary = "Decrements a number from the integer value of a key. Uses 0 as initial value if the key doesn't exist.", Complexity = "O(1)")]
    public static void DecrBy(Session session, CommandArgs args)
    {
        if (!RedisNumbers.TryParseInt64(args[2], out long by) || by == long.MinValue)
        {
            session.Reply.WriteError(by == long.MinValue ? "ERR decrement would overflow"u8 : Errors.NotInteger);
            return;
        }
        IncrementBy(session, args[1], -by);
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
        if ((by < 0 && current < 0 && by < long.MinValue - current) || (by > 0 && current > 0 && by > long.MaxValue - current))
        {
            reply.WriteError(Errors.Overflow);
            return;
        }
        long result = current + by;
        Span<byte> digits = stackalloc byte[20];
        result.TryFormat(digits, out int length);
        Store(db, key, digits[..length], keepTtl: true);
        session.Server.Events.Notify(NotifyFlags.String, "incrby", key, db.Index);
        reply.WriteInteger(result);
    }

    /// <summary>
    /// Stores a string value, reusing the existing array when the length is unchanged (so
    /// steady-state SET and INCR allocate nothing). Callers fire their own events.
    /// </summary>
    internal static void Store(Database db, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool keepTtl)
    {
        ref object slot = ref db.FindOrAdd(key, out bool added);
        if (!added && slot is byte[] existing && existing.Length == value.Length) value.CopyTo(existing);
        else slot = value.ToArray();
        if (!added && !keepTtl) db.RemoveExpire(key);
    }

    private static void WriteBulkOrNull(RespWriter reply, object? value)
    {
        if (value is byte[] bytes) reply.WriteBulk(bytes);
        else reply.WriteNull();
    }
}
