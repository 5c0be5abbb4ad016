using System.Runtime.CompilerServices;
using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Setting, reading and removing key expiry times (expire.c).</summary>
internal static class ExpireCommands
{
    [Flags]
    private enum Condition { None = 0, Nx = 1, Xx = 2, Gt = 4, Lt = 8 }

    [Command("EXPIRE", -3, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1,
        Summary = "Set a key's time to live in seconds", Complexity = "O(1)",
        Syntax = "key seconds condition:[NX | XX | GT | LT]")]
    public static void Expire(Session session, CommandArgs args) => SetExpiry(session, args, "expire", relative: true, seconds: true);

    [Command("PEXPIRE", -3, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Since = "2.6.0",
        Summary = "Set a key's time to live in milliseconds", Complexity = "O(1)",
        Syntax = "key milliseconds condition:[NX | XX | GT | LT]")]
    public static void PExpire(Session session, CommandArgs args) => SetExpiry(session, args, "pexpire", relative: true, seconds: false);

    [Command("EXPIREAT", -3, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Since = "1.2.0",
        Summary = "Set the expiration for a key as a UNIX timestamp", Complexity = "O(1)",
        Syntax = "key unix-time-seconds condition:[NX | XX | GT | LT]")]
    public static void ExpireAt(Session session, CommandArgs args) => SetExpiry(session, args, "expireat", relative: false, seconds: true);

    [Command("PEXPIREAT", -3, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Since = "2.6.0",
        Summary = "Set the expiration for a key as a UNIX timestamp specified in milliseconds", Complexity = "O(1)",
        Syntax = "key unix-time-milliseconds condition:[NX | XX | GT | LT]")]
    public static void PExpireAt(Session session, CommandArgs args) => SetExpiry(session, args, "pexpireat", relative: false, seconds: false);

    /// <summary>expireGenericCommand: options, then the time, then the key; a time already past deletes the key.</summary>
    private static void SetExpiry(Session session, CommandArgs args, string commandName, bool relative, bool seconds)
    {
        var reply = session.Reply;
        if (!TryParseCondition(session, args, out var condition)) return;
        if (!RedisNumbers.TryParseInt64(args[2], out long when))
        {
            reply.WriteError(Errors.NotInteger);
            return;
        }
        // Negative times are allowed (they delete the key); only overflow is an error.
        long baseMs = relative ? session.Server.NowMs : 0;
        if ((seconds && (when > long.MaxValue / 1000 || when < long.MinValue / 1000)) ||
            (seconds ? when * 1000 : when) > long.MaxValue - baseMs)
        {
            reply.WriteError(Errors.InvalidExpireTime(commandName));
            return;
        }
        long atMs = (seconds ? when * 1000 : when) + baseMs;

        var db = session.Db;
        ReadOnlySpan<byte> key = args[1];
        if (Unsafe.IsNullRef(ref db.Find(key)) || !Allows(condition, db.GetExpire(key), atMs))
        {
            reply.WriteInteger(0);
            return;
        }
        if (atMs <= session.Server.NowMs)
        {
            db.Delete(key);
            session.Server.Events.Notify(NotifyFlags.Generic, "del", key, db.Index);
        }
        else
        {
            db.SetExpire(key, atMs);
            session.Server.Events.Notify(NotifyFlags.Generic, "expire", key, db.Index);
        }
        reply.WriteInteger(1);
    }

    /// <summary>NX: no expiry yet. XX: an expiry already. GT/LT: later/earlier than the current one, where none counts as infinite.</summary>
    private static bool Allows(Condition condition, long currentMs, long newMs)
    {
        bool persistent = currentMs == -1;
        if ((condition & Condition.Nx) != 0 && !persistent) return false;
        if ((condition & Condition.Xx) != 0 && persistent) return false;
        if ((condition & Condition.Gt) != 0 && (persistent || newMs <= currentMs)) return false;
        if ((condition & Condition.Lt) != 0 && !persistent && newMs >= currentMs) return false;
        return true;
    }

    private static bool TryParseCondition(Session session, CommandArgs args, out Condition condition)
    {
        condition = Condition.None;
        for (int i = 3; i < args.Count; i++)
        {
            if (args.Is(i, "NX"u8)) condition |= Condition.Nx;
            else if (args.Is(i, "XX"u8)) condition |= Condition.Xx;
            else if (args.Is(i, "GT"u8)) condition |= Condition.Gt;
            else if (args.Is(i, "LT"u8)) condition |= Condition.Lt;
            else
            {
                session.Reply.WriteError($"ERR Unsupported option {args.GetString(i)}");
                return false;
            }
        }
        if ((condition & Condition.Nx) != 0 && condition != Condition.Nx)
        {
            session.Reply.WriteError("ERR NX and XX, GT or LT options at the same time are not compatible"u8);
            return false;
        }
        if ((condition & (Condition.Gt | Condition.Lt)) == (Condition.Gt | Condition.Lt))
        {
            session.Reply.WriteError("ERR GT and LT options at the same time are not compatible"u8);
            return false;
        }
        return true;
    }

    [Command("TTL", 2, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1,
        Summary = "Get the time to live for a key in seconds", Complexity = "O(1)",
        Syntax = "key")]
    public static void Ttl(Session session, CommandArgs args) => ReplyExpiry(session, args[1], milliseconds: false, absolute: false);

    [Command("PTTL", 2, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Since = "2.6.0",
        Summary = "Get the time to live for a key in milliseconds", Complexity = "O(1)",
        Syntax = "key")]
    public static void PTtl(Session session, CommandArgs args) => ReplyExpiry(session, args[1], milliseconds: true, absolute: false);

    [Command("EXPIRETIME", 2, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Since = "7.0.0",
        Summary = "Get the expiration Unix timestamp for a key", Complexity = "O(1)",
        Syntax = "key")]
    public static void ExpireTime(Session session, CommandArgs args) => ReplyExpiry(session, args[1], milliseconds: false, absolute: true);

    [Command("PEXPIRETIME", 2, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Since = "7.0.0",
        Summary = "Get the expiration Unix timestamp for a key in milliseconds", Complexity = "O(1)",
        Syntax = "key")]
    public static void PExpireTime(Session session, CommandArgs args) => ReplyExpiry(session, args[1], milliseconds: true, absolute: true);

    /// <summary>-2 for a missing key, -1 for a key without expiry, else the time left or the expiry time.</summary>
    private static void ReplyExpiry(Session session, ReadOnlySpan<byte> key, bool milliseconds, bool absolute)
    {
        var db = session.Db;
        if (db.LookupRead(key, LookupFlags.NoTouch) == null)
        {
            session.Reply.WriteInteger(-2);
            return;
        }
        long expireAtMs = db.GetExpire(key);
        if (expireAtMs == -1)
        {
            session.Reply.WriteInteger(-1);
            return;
        }
        long ms = Math.Max(0, absolute ? expireAtMs : expireAtMs - session.Server.NowMs);
        // Seconds are rounded to nearest, without overflowing near long.MaxValue.
        session.Reply.WriteInteger(milliseconds ? ms : ms / 1000 + (ms % 1000 + 500) / 1000);
    }

    [Command("PERSIST", 2, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Since = "2.2.0",
        Summary = "Remove the expiration from a key", Complexity = "O(1)",
        Syntax = "key")]
    public static void Persist(Session session, CommandArgs args)
    {
        var db = session.Db;
        ReadOnlySpan<byte> key = args[1];
        bool persisted = !Unsafe.IsNullRef(ref db.Find(key)) && db.RemoveExpire(key);
        if (persisted) session.Server.Events.Notify(NotifyFlags.Generic, "persist", key, db.Index);
        session.Reply.WriteInteger(persisted ? 1 : 0);
    }
}
