using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Commands that work on keys whatever their type (db.c): delete, test, rename, copy, move.</summary>
internal static class KeyCommands
{
    [Command("DEL", -2, Flags = "write", FirstKey = 1, LastKey = -1, Step = 1,
        Summary = "Delete a key", Complexity = "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).",
        Syntax = "key [key ...]")]
    public static void Del(Session session, CommandArgs args) => DeleteKeys(session, args);

    // Values are freed by the garbage collector, so DEL already is what UNLINK promises.
    [Command("UNLINK", -2, Flags = "write fast", FirstKey = 1, LastKey = -1, Step = 1, Since = "4.0.0",
        Summary = "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.",
        Complexity = "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.",
        Syntax = "key [key ...]")]
    public static void Unlink(Session session, CommandArgs args) => DeleteKeys(session, args);

    private static void DeleteKeys(Session session, CommandArgs args)
    {
        var db = session.Db;
        int deleted = 0;
        for (int i = 1; i < args.Count; i++)
        {
            // An expired key is removed as expired (firing `expired`), not counted as deleted.
            if (db.ExpireIfNeeded(args[i]) || !db.Delete(args[i])) continue;
            session.Server.Events.Notify(NotifyFlags.Generic, "del", args[i], db.Index);
            deleted++;
        }
        session.Reply.WriteInteger(deleted);
    }

    [Command("EXISTS", -2, Flags = "readonly fast", FirstKey = 1, LastKey = -1, Step = 1,
        Summary = "Determine if a key exists", Complexity = "O(N) where N is the number of keys to check.",
        Syntax = "key [key ...]")]
    public static void Exists(Session session, CommandArgs args)
    {
        int count = 0; // a key named twice counts twice
        for (int i = 1; i < args.Count; i++)
            if (session.Db.LookupRead(args[i], LookupFlags.NoTouch) != null) count++;
        session.Reply.WriteInteger(count);
    }

    [Command("TOUCH", -2, Flags = "readonly fast", FirstKey = 1, LastKey = -1, Step = 1, Since = "3.2.1",
        Summary = "Alters the last access time of a key(s). Returns the number of existing keys specified.",
        Complexity = "O(N) where N is the number of keys that will be touched.",
        Syntax = "key [key ...]")]
    public static void Touch(Session session, CommandArgs args)
    {
        int count = 0;
        for (int i = 1; i < args.Count; i++)
            if (session.Db.LookupRead(args[i]) != null) count++;
        session.Reply.WriteInteger(count);
    }

    [Command("TYPE", 2, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1,
        Summary = "Determine the type stored at key", Complexity = "O(1)",
        Syntax = "key")]
    public static void Type(Session session, CommandArgs args)
    {
        var value = session.Db.LookupRead(args[1], LookupFlags.NoTouch);
        session.Reply.WriteSimpleString(value == null ? "none" : RedisValues.TypeName(value));
    }

    [Command("RANDOMKEY", 1, Flags = "readonly",
        Summary = "Return a random key from the keyspace", Complexity = "O(1)")]
    public static void RandomKey(Session session, CommandArgs args)
    {
        var key = session.Db.RandomKey();
        if (key == null) session.Reply.WriteNull();
        else session.Reply.WriteBulk(key);
    }

    [Command("RENAME", 3, Flags = "write", FirstKey = 1, LastKey = 2, Step = 1,
        Summary = "Rename a key", Complexity = "O(1)",
        Syntax = "key newkey")]
    public static void Rename(Session session, CommandArgs args) => Rename(session, args, onlyIfNew: false);

    [Command("RENAMENX", 3, Flags = "write fast", FirstKey = 1, LastKey = 2, Step = 1,
        Summary = "Rename a key, only if the new key does not exist", Complexity = "O(1)",
        Syntax = "key newkey")]
    public static void RenameNx(Session session, CommandArgs args) => Rename(session, args, onlyIfNew: true);

    private static void Rename(Session session, CommandArgs args, bool onlyIfNew)
    {
        var db = session.Db;
        var reply = session.Reply;
        ReadOnlySpan<byte> source = args[1], destination = args[2];
        if (db.Get(source) == null)
        {
            reply.WriteError(Errors.NoSuchKey);
            return;
        }
        // The destination is looked up even by RENAME, so that an expired one fires `expired`.
        bool renamed = !source.SequenceEqual(destination) && !(db.Get(destination) != null && onlyIfNew);
        if (renamed)
        {
            db.MoveKey(source, db, destination); // keeps the TTL
            session.Server.Events.Notify(NotifyFlags.Generic, "rename_from", source, db.Index);
            session.Server.Events.Notify(NotifyFlags.Generic, "rename_to", destination, db.Index);
        }
        // Renaming a key to itself succeeds without doing anything (RENAMENX: 0).
        if (onlyIfNew) reply.WriteInteger(renamed ? 1 : 0);
        else reply.WriteOk();
    }

    [Command("MOVE", 3, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1,
        Summary = "Move a key to another database", Complexity = "O(1)",
        Syntax = "key db")]
    public static void Move(Session session, CommandArgs args)
    {
        var source = session.Db;
        var target = DatabaseCommands.ResolveIndex(session, args[2]);
        if (target == null) return;
        if (target == source)
        {
            session.Reply.WriteError(Errors.SameObject);
            return;
        }
        ReadOnlySpan<byte> key = args[1];
        if (source.Get(key) == null || target.Get(key) != null)
        {
            session.Reply.WriteInteger(0);
            return;
        }
        source.MoveKey(key, target, key);
        session.Server.Events.Notify(NotifyFlags.Generic, "move_from", key, source.Index);
        session.Server.Events.Notify(NotifyFlags.Generic, "move_to", key, target.Index);
        session.Reply.WriteInteger(1);
    }

    [Command("COPY", -3, Flags = "write denyoom", FirstKey = 1, LastKey = 2, Step = 1, Since = "6.2.0",
        Summary = "Copy a key", Complexity = "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.",
        Syntax = "source destination [DB destination-db:integer] [REPLACE]")]
    public static void Copy(Session session, CommandArgs args)
    {
        var source = session.Db;
        var target = source;
        bool replace = false;
        for (int i = 3; i < args.Count; i++)
        {
            if (args.Is(i, "REPLACE"u8)) replace = true;
            else if (args.Is(i, "DB"u8) && i + 1 < args.Count)
            {
                var named = DatabaseCommands.ResolveIndex(session, args[++i]);
                if (named == null) return;
                target = named;
            }
            else
            {
                session.Reply.WriteError(Errors.Syntax);
                return;
            }
        }
        ReadOnlySpan<byte> key = args[1], newKey = args[2];
        if (target == source && key.SequenceEqual(newKey))
        {
            session.Reply.WriteError(Errors.SameObject);
            return;
        }
        var value = source.LookupRead(key);
        if (value == null || (target.Get(newKey) != null && !replace))
        {
            session.Reply.WriteInteger(0);
            return;
        }
        long expireAtMs = source.GetExpire(key);
        target.Delete(newKey);
        target.Add(newKey, RedisValues.DeepCopy(value));
        if (expireAtMs >= 0) target.SetExpire(newKey, expireAtMs);
        session.Server.Events.Notify(NotifyFlags.Generic, "copy_to", newKey, target.Index);
        session.Reply.WriteInteger(1);
    }
}
