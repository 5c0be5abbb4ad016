using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// String commands that read or replace whole values (t_string.c): the GET and SET families.
/// Values are byte arrays, binary-safe. Counters, ranges, bits and LCS live in sibling files.
/// </summary>
internal static partial class StringCommands
{
    [Command("GET", 2, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Get the value of a key", Complexity = "O(1)",
        Syntax = "key")]
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
        Summary = "Get the values of all the given keys", Complexity = "O(N) where N is the number of keys to retrieve.",
        Syntax = "key [key ...]")]
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
        Summary = "Set the string value of a key", Complexity = "O(1)",
        Syntax = "key value condition:[NX | XX] [GET] " +
            "expiration:[EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]")]
    public static void Set(Session session, CommandArgs args)
    {
        if (!SetOptions.TryParse(session, args, 3, SetOptions.AllowedInSet, out var options)) return;
        long expireAtMs = -1;
        if (options.HasExpire && !options.TryGetExpireAt(session, args, "set", out expireAtMs)) return;
        var reply = session.Reply;
        if (options.Get && !TryWriteCurrentValue(session, args[1])) return;
        bool stored = SetGeneric(session, args[1], args[2], options.Condition, options.KeepTtl, expireAtMs);
        if (options.Get) return;
        if (stored) reply.WriteOk();
        else reply.WriteNull();
    }

    [Command("SETNX", 3, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Set the value of a key, only if the key does not exist", Complexity = "O(1)",
        Syntax = "key value")]
    public static void SetNx(Session session, CommandArgs args) =>
        session.Reply.WriteInteger(SetGeneric(session, args[1], args[2], SetCondition.IfMissing, keepTtl: false, expireAtMs: -1) ? 1 : 0);

    [Command("SETEX", 4, Flags = "write denyoom", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Set the value and expiration of a key", Since = "2.0.0", Complexity = "O(1)",
        Syntax = "key seconds value")]
    public static void SetEx(Session session, CommandArgs args) => SetWithExpire(session, args, seconds: true, "setex");

    [Command("PSETEX", 4, Flags = "write denyoom", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Set the value and expiration in milliseconds of a key", Since = "2.6.0", Complexity = "O(1)",
        Syntax = "key milliseconds value")]
    public static void PSetEx(Session session, CommandArgs args) => SetWithExpire(session, args, seconds: false, "psetex");

    [Command("GETSET", 3, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Set the string value of a key and return its old value", Complexity = "O(1)",
        Syntax = "key value")]
    public static void GetSet(Session session, CommandArgs args)
    {
        if (!TryWriteCurrentValue(session, args[1])) return;
        Store(session.Db, args[1], args[2], keepTtl: false);
        session.Server.Events.Notify(NotifyFlags.String, "set", args[1], session.Db.Index);
    }

    [Command("GETDEL", 2, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Get the value of a key and delete the key", Since = "6.2.0", Complexity = "O(1)",
        Syntax = "key")]
    public static void GetDel(Session session, CommandArgs args)
    {
        if (!TryWriteCurrentValue(session, args[1])) return;
        if (session.Db.Delete(args[1])) session.Server.Events.Notify(NotifyFlags.Generic, "del", args[1], session.Db.Index);
    }

    [Command("GETEX", -2, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "string",
        Summary = "Get the value of a key and optionally set its expiration", Since = "6.2.0", Complexity = "O(1)",
        Syntax = "key expiration:[EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]")]
    public static void GetEx(Session session, CommandArgs args)
    {
        if (!SetOptions.TryParse(session, args, 2, SetOptions.AllowedInGetEx, out var options)) return;
        var db = session.Db;
        var reply = session.Reply;
        object? current = db.LookupRead(args[1]);
        if (current is not byte[] value)
        {
            if (current == null) reply.WriteNull();
            else reply.WriteError(Errors.WrongType);
            return;
        }
        // As in Redis, the expire value is validated only once the key is known to hold a string.
        long expireAtMs = -1;
        if (options.HasExpire && !options.TryGetExpireAt(session, args, "getex", out expireAtMs)) return;
        reply.WriteBulk(value);

        var events = session.Server.Events;
        if (options.IsAbsolute && expireAtMs <= session.Server.NowMs)
        {
            db.Delete(args[1]);
            events.Notify(NotifyFlags.Generic, "del", args[1], db.Index);
        }
        else if (options.HasExpire)
        {
            db.SetExpire(args[1], expireAtMs);
            events.Notify(NotifyFlags.Generic, "expire", args[1], db.Index);
        }
        else if (options.Persist && db.RemoveExpire(args[1]))
        {
            events.Notify(NotifyFlags.Generic, "persist", args[1], db.Index);
        }
    }

    [Command("MSET", -3, Flags = "write denyoom", FirstKey = 1, LastKey = -1, Step = 2, Group = "string",
        Summary = "Set multiple keys to multiple values", Since = "1.0.1", Complexity = "O(N) where N is the number of keys to set.",
        Syntax = "key value [key value ...]")]
    public static void MSet(Session session, CommandArgs args)
    {
        if (!HasKeyValuePairs(session, args, "mset")) return;
        StoreAll(session, args);
        session.Reply.WriteOk();
    }

    [Command("MSETNX", -3, Flags = "write denyoom", FirstKey = 1, LastKey = -1, Step = 2, Group = "string",
        Summary = "Set multiple keys to multiple values, only if none of the keys exist", Since = "1.0.1",
        Complexity = "O(N) where N is the number of keys to set.",
        Syntax = "key value [key value ...]")]
    public static void MSetNx(Session session, CommandArgs args)
    {
        if (!HasKeyValuePairs(session, args, "msetnx")) return;
        for (int i = 1; i < args.Count; i += 2)
        {
            if (session.Db.Exists(args[i]))
            {
                session.Reply.WriteInteger(0);
                return;
            }
        }
        StoreAll(session, args);
        session.Reply.WriteInteger(1);
    }

    /// <summary>
    /// Stores a string value, reusing the existing array when the length is unchanged (so
    /// steady-state SET and INCR allocate nothing). Callers fire their own events.
    /// </summary>
    internal static void Store(Database db, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool keepTtl)
    {
        ref object slot = ref db.FindOrAdd(key, out bool added);
        if (!added && slot is byte[] existing && existing.Length == value.Length) value.CopyTo(existing);
        else
        {
            if (!added) db.Replacing(key, slot);
            slot = value.ToArray();
        }
        if (!added && !keepTtl) db.RemoveExpire(key);
    }

    /// <summary>
    /// The store step shared by SET, SETNX, SETEX and PSETEX (setGenericCommand once its checks
    /// passed): honours the NX/XX condition, replaces the TTL unless kept, fires `set` and, with an
    /// expiry (-1: none), `expire`. False when the condition prevented the write.
    /// </summary>
    private static bool SetGeneric(Session session, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, SetCondition condition,
        bool keepTtl, long expireAtMs)
    {
        var db = session.Db;
        if (condition != SetCondition.Always && db.Exists(key) == (condition == SetCondition.IfMissing)) return false;
        Store(db, key, value, keepTtl);
        var events = session.Server.Events;
        events.Notify(NotifyFlags.String, "set", key, db.Index);
        if (expireAtMs >= 0)
        {
            db.SetExpire(key, expireAtMs);
            events.Notify(NotifyFlags.Generic, "expire", key, db.Index);
        }
        return true;
    }

    /// <summary>SETEX / PSETEX key time value.</summary>
    private static void SetWithExpire(Session session, CommandArgs args, bool seconds, string commandName)
    {
        if (!SetOptions.TryGetExpireAt(session, args[2], seconds, relative: true, commandName, out long expireAtMs)) return;
        SetGeneric(session, args[1], args[3], SetCondition.Always, keepTtl: false, expireAtMs);
        session.Reply.WriteOk();
    }

    /// <summary>
    /// Replies the current value of a string key (null when missing), counting the read as GET
    /// does; replies WRONGTYPE and returns false for another type (getGenericCommand).
    /// </summary>
    private static bool TryWriteCurrentValue(Session session, ReadOnlySpan<byte> key)
    {
        switch (session.Db.LookupRead(key))
        {
            case null: session.Reply.WriteNull(); return true;
            case byte[] value: session.Reply.WriteBulk(value); return true;
            default: session.Reply.WriteError(Errors.WrongType); return false;
        }
    }

    /// <summary>MSET and MSETNX take key/value pairs; an odd count is an arity error, as Redis reports it.</summary>
    private static bool HasKeyValuePairs(Session session, CommandArgs args, string commandName)
    {
        if (args.Count % 2 == 1) return true;
        session.Reply.WriteError(Errors.WrongArity(commandName));
        return false;
    }

    private static void StoreAll(Session session, CommandArgs args)
    {
        var db = session.Db;
        for (int i = 1; i < args.Count; i += 2)
        {
            Store(db, args[i], args[i + 1], keepTtl: false);
            session.Server.Events.Notify(NotifyFlags.String, "set", args[i], db.Index);
        }
    }
}
