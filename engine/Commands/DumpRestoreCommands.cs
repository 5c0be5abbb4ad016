using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Engine.Persistence;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>DUMP and RESTORE (cluster.c): a value as a Redis-compatible serialized payload, and back.</summary>
internal static class DumpRestoreCommands
{
    [Command("DUMP", 2, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "generic",
        Summary = "Return a serialized version of the value stored at the specified key.", Since = "2.6.0",
        Complexity = "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).")]
    public static void Dump(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (session.Db.LookupRead(args[1]) is not { } value)
        {
            reply.WriteNull();
            return;
        }
        if (DumpPayload.Create(value) is not { } payload)
        {
            reply.WriteError("ERR DUMP of this type is not supported by HotGears"u8);
            return;
        }
        reply.WriteBulk(payload);
    }

    [Command("RESTORE", -4, Flags = "write denyoom", FirstKey = 1, LastKey = 1, Step = 1, Group = "generic",
        Summary = "Create a key using the provided serialized value, previously obtained using DUMP.", Since = "2.6.0",
        Complexity = "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).")]
    public static void Restore(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        bool replace = false, absoluteTtl = false;
        long idleSeconds = -1, frequency = -1;
        for (int j = 4; j < args.Count; j++)
        {
            bool more = j + 1 < args.Count;
            if (args.Is(j, "REPLACE"u8)) replace = true;
            else if (args.Is(j, "ABSTTL"u8)) absoluteTtl = true;
            else if (args.Is(j, "IDLETIME"u8) && more && frequency == -1)
            {
                if (!TryParse(session, args[++j], out idleSeconds)) return;
                if (idleSeconds < 0)
                {
                    reply.WriteError("ERR Invalid IDLETIME value, must be >= 0"u8);
                    return;
                }
            }
            else if (args.Is(j, "FREQ"u8) && more && idleSeconds == -1)
            {
                if (!TryParse(session, args[++j], out frequency)) return;
                if (frequency is < 0 or > 255)
                {
                    reply.WriteError("ERR Invalid FREQ value, must be >= 0 and <= 255"u8);
                    return;
                }
            }
            else
            {
                reply.WriteError(Errors.Syntax);
                return;
            }
        }
        var db = session.Db;
        var key = args[1];
        if (!replace && db.Exists(key))
        {
            reply.WriteError("BUSYKEY Target key name already exists."u8);
            return;
        }
        if (!TryParse(session, args[2], out long ttl)) return;
        if (ttl < 0)
        {
            reply.WriteError("ERR Invalid TTL value, must be >= 0"u8);
            return;
        }
        if (!DumpPayload.Verify(args[3]))
        {
            reply.WriteError("ERR DUMP payload version or checksum are wrong"u8);
            return;
        }
        if (DumpPayload.TryLoad(args[3], session.Server.Config) is not { } value)
        {
            reply.WriteError("ERR Bad data format"u8);
            return;
        }
        var events = session.Server.Events;
        bool deleted = replace && db.Delete(key);
        long now = session.Server.NowMs;
        if (ttl > 0 && !absoluteTtl) ttl += now;
        if (ttl > 0 && ttl <= now)
        {
            // Already expired: the key is not created (a replaced one is just deleted).
            if (deleted) events.Notify(NotifyFlags.Generic, "del", key, db.Index);
            reply.WriteOk();
            return;
        }
        db.Add(key, value, KeyAccess.Restored(session.Server.Config, now, idleSeconds, frequency));
        if (ttl > 0) db.SetExpire(key, ttl);
        events.Notify(NotifyFlags.Generic, "restore", key, db.Index);
        reply.WriteOk();
    }

    private static bool TryParse(Session session, ReadOnlySpan<byte> text, out long value)
    {
        if (RedisNumbers.TryParseInt64(text, out value)) return true;
        session.Reply.WriteError(Errors.NotInteger);
        return false;
    }
}
