using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Engine.Util;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Hash commands (t_hash.c). A hash whose last field goes is deleted, firing `del`.</summary>
internal static class HashCommands
{
    [Command("HSET", -4, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Set the string value of a hash field", Since = "2.0.0",
        Complexity = "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.",
        Syntax = "key field value [field value ...]")]
    public static void HSet(Session session, CommandArgs args) => SetFields(session, args, "hset");

    [Command("HMSET", -4, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Set multiple hash fields to multiple values", Since = "2.0.0",
        Complexity = "O(N) where N is the number of fields being set.",
        Syntax = "key field value [field value ...]")]
    public static void HMSet(Session session, CommandArgs args) => SetFields(session, args, "hmset");

    /// <summary>HSET replies the number of new fields, the deprecated HMSET just OK.</summary>
    private static void SetFields(Session session, CommandArgs args, string command)
    {
        if (args.Count % 2 == 1)
        {
            session.Reply.WriteError(Errors.WrongArity(command));
            return;
        }
        var hash = ValueLookup.GetOrCreate<HashValue>(session, args[1]);
        if (hash == null) return;
        int created = hash.SetPairs(args, 2, session.Server.Config.HashListpack);
        if (command == "hset") session.Reply.WriteInteger(created);
        else session.Reply.WriteOk();
        Notify(session, "hset", args[1]);
    }

    [Command("HSETNX", 4, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Set the value of a hash field, only if the field does not exist", Since = "2.0.0", Complexity = "O(1)",
        Syntax = "key field value")]
    public static void HSetNx(Session session, CommandArgs args)
    {
        var hash = ValueLookup.GetOrCreate<HashValue>(session, args[1]);
        if (hash == null) return;
        if (hash.Contains(args[2]))
        {
            session.Reply.WriteInteger(0);
            return;
        }
        hash.Set(args[2], args[3], session.Server.Config.HashListpack);
        session.Reply.WriteInteger(1);
        Notify(session, "hset", args[1]);
    }

    [Command("HGET", 3, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Get the value of a hash field", Since = "2.0.0", Complexity = "O(1)",
        Syntax = "key field")]
    public static void HGet(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryRead(session, args[1], out HashValue? hash)) return;
        WriteField(session.Reply, hash, args[2]);
    }

    [Command("HMGET", -3, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Get the values of all the given hash fields", Since = "2.0.0",
        Complexity = "O(N) where N is the number of fields being requested.",
        Syntax = "key field [field ...]")]
    public static void HMGet(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryRead(session, args[1], out HashValue? hash)) return;
        session.Reply.WriteArrayHeader(args.Count - 2);
        for (int i = 2; i < args.Count; i++) WriteField(session.Reply, hash, args[i]);
    }

    [Command("HDEL", -3, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Delete one or more hash fields", Since = "2.0.0",
        Complexity = "O(N) where N is the number of fields to be removed.",
        Syntax = "key field [field ...]")]
    public static void HDel(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryWrite(session, args[1], out HashValue? hash)) return;
        int deleted = 0;
        bool emptied = false;
        for (int i = 2; hash != null && i < args.Count && !emptied; i++)
        {
            if (!hash.Remove(args[i])) continue;
            deleted++;
            emptied = hash.Count == 0;
        }
        if (deleted > 0) MembersRemoved.Notify(session, args[1], NotifyFlags.Hash, "hdel", emptied);
        session.Reply.WriteInteger(deleted);
    }

    [Command("HLEN", 2, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Get the number of fields in a hash", Since = "2.0.0", Complexity = "O(1)",
        Syntax = "key")]
    public static void HLen(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryRead(session, args[1], out HashValue? hash)) return;
        session.Reply.WriteInteger(hash?.Count ?? 0);
    }

    [Command("HSTRLEN", 3, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Get the length of the value of a hash field", Since = "3.2.0", Complexity = "O(1)",
        Syntax = "key field")]
    public static void HStrLen(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryRead(session, args[1], out HashValue? hash)) return;
        ReadOnlySpan<byte> value = default;
        hash?.TryGet(args[2], out value);
        session.Reply.WriteInteger(value.Length);
    }

    [Command("HEXISTS", 3, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Determine if a hash field exists", Since = "2.0.0", Complexity = "O(1)",
        Syntax = "key field")]
    public static void HExists(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryRead(session, args[1], out HashValue? hash)) return;
        session.Reply.WriteInteger(hash != null && hash.Contains(args[2]) ? 1 : 0);
    }

    [Command("HKEYS", 2, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Get all the fields in a hash", Since = "2.0.0", Complexity = "O(N) where N is the size of the hash.",
        Syntax = "key")]
    public static void HKeys(Session session, CommandArgs args) => WriteAll(session, args[1], fields: true, values: false);

    [Command("HVALS", 2, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Get all the values in a hash", Since = "2.0.0", Complexity = "O(N) where N is the size of the hash.",
        Syntax = "key")]
    public static void HVals(Session session, CommandArgs args) => WriteAll(session, args[1], fields: false, values: true);

    [Command("HGETALL", 2, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Get all the fields and values in a hash", Since = "2.0.0", Complexity = "O(N) where N is the size of the hash.",
        Syntax = "key")]
    public static void HGetAll(Session session, CommandArgs args) => WriteAll(session, args[1], fields: true, values: true);

    /// <summary>HKEYS and HVALS reply an array, HGETALL a map (a flat array in RESP2).</summary>
    private static void WriteAll(Session session, ReadOnlySpan<byte> key, bool fields, bool values)
    {
        if (!ValueLookup.TryRead(session, key, out HashValue? hash)) return;
        var reply = session.Reply;
        int count = hash?.Count ?? 0;
        if (fields && values) reply.WriteMapHeader(count);
        else reply.WriteArrayHeader(count);
        if (hash == null) return;
        foreach (var entry in hash)
        {
            if (fields) reply.WriteBulk(entry.Field);
            if (values) reply.WriteBulk(entry.Value);
        }
    }

    [Command("HINCRBY", 4, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Increment the integer value of a hash field by the given number", Since = "2.0.0", Complexity = "O(1)",
        Syntax = "key field increment")]
    public static void HIncrBy(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!RedisNumbers.TryParseInt64(args[3], out long by))
        {
            reply.WriteError(Errors.NotInteger);
            return;
        }
        var hash = ValueLookup.GetOrCreate<HashValue>(session, args[1]);
        if (hash == null) return;
        long current = 0;
        if (hash.TryGet(args[2], out var text) && !RedisNumbers.TryParseInt64(text, out current))
        {
            reply.WriteError(Errors.HashValueNotInteger);
            return;
        }
        if (!RedisNumbers.TryAdd(current, by, out long result))
        {
            reply.WriteError(Errors.Overflow);
            return;
        }
        Span<byte> digits = stackalloc byte[20];
        result.TryFormat(digits, out int length);
        hash.Set(args[2], digits[..length], session.Server.Config.HashListpack);
        reply.WriteInteger(result);
        Notify(session, "hincrby", args[1]);
    }

    [Command("HINCRBYFLOAT", 4, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Increment the float value of a hash field by the given amount", Since = "2.6.0", Complexity = "O(1)",
        Syntax = "key field increment:double")]
    public static void HIncrByFloat(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!LongDouble.TryParse(args[3], out var by))
        {
            reply.WriteError(Errors.NotFloat);
            return;
        }
        if (!by.IsFinite)
        {
            reply.WriteError(Errors.NaNOrInfinity);
            return;
        }
        var hash = ValueLookup.GetOrCreate<HashValue>(session, args[1]);
        if (hash == null) return;
        var current = LongDouble.FromInt64(0);
        if (hash.TryGet(args[2], out var text) && !LongDouble.TryParse(text, out current))
        {
            reply.WriteError(Errors.HashValueNotFloat);
            return;
        }
        if (!current.TryAdd(by, out var result))
        {
            reply.WriteError(Errors.WouldProduceNaNOrInfinity);
            return;
        }
        byte[] formatted = result.ToHumanText();
        hash.Set(args[2], formatted, session.Server.Config.HashListpack);
        reply.WriteBulk(formatted);
        Notify(session, "hincrbyfloat", args[1]);
    }

    [Command("HRANDFIELD", -2, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Get one or multiple random fields from a hash", Since = "6.2.0",
        Complexity = "O(N) where N is the number of fields returned",
        Syntax = "key options:[count [WITHVALUES]]")]
    public static void HRandField(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (args.Count == 2)
        {
            if (!ValueLookup.TryRead(session, args[1], out HashValue? single)) return;
            if (single == null) reply.WriteNull();
            else reply.WriteBulk(single.RandomEntry().Field);
            return;
        }
        if (!RandomPick.TryParseCount(session, args, "WITHVALUES"u8, out long count, out bool withValues)) return;
        if (!ValueLookup.TryRead(session, args[1], out HashValue? hash)) return;
        if (hash == null || count == 0)
        {
            reply.WriteArrayHeader(0);
            return;
        }
        bool flatPairs = withValues && session.Protocol == 2;
        if (count < 0 || count == 1)
        {
            // Repeats allowed: each pick is independent, and the reply can be as long as asked.
            long picks = Math.Abs(count);
            if (picks > (flatPairs ? int.MaxValue / 2 : int.MaxValue))
            {
                reply.WriteError(Errors.ValueOutOfRange);
                return;
            }
            reply.WriteArrayHeader((int)(flatPairs ? picks * 2 : picks));
            for (long i = 0; i < picks; i++)
            {
                var entry = hash.RandomEntry();
                WriteRandomEntry(session, entry.Field, entry.Value, withValues);
            }
            return;
        }
        int size = hash.Count;
        if (count >= size)
        {
            reply.WriteArrayHeader(flatPairs ? size * 2 : size);
            foreach (var entry in hash) WriteRandomEntry(session, entry.Field, entry.Value, withValues);
            return;
        }
        var picked = RandomPick.Distinct((int)count, size, () => Entries(hash), () => CopyOf(hash.RandomEntry()), e => e.Key);
        reply.WriteArrayHeader(flatPairs ? picked.Count * 2 : picked.Count);
        foreach (var (field, value) in picked) WriteRandomEntry(session, field, value, withValues);
    }

    /// <summary>A field, or a field and its value: a pair of its own in RESP3, two flat elements in RESP2.</summary>
    private static void WriteRandomEntry(Session session, ReadOnlySpan<byte> field, ReadOnlySpan<byte> value, bool withValue)
    {
        var reply = session.Reply;
        if (withValue && session.Protocol == 3) reply.WriteArrayHeader(2);
        reply.WriteBulk(field);
        if (withValue) reply.WriteBulk(value);
    }

    [Command("HSCAN", -3, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "hash",
        Summary = "Incrementally iterate hash fields and associated values", Since = "2.8.0",
        Complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
        Syntax = "key cursor [MATCH pattern] [COUNT count]")]
    public static void HScan(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!ScanOptions.TryParseCursor(session, args[2], out ulong cursor)) return;
        if (!ValueLookup.TryRead(session, args[1], out HashValue? hash)) return;
        if (hash == null)
        {
            ScanOptions.WriteEmptyReply(reply);
            return;
        }
        if (!ScanOptions.TryParse(session, args, 3, allowType: false, out var options)) return;
        var found = new List<KeyValuePair<byte[], byte[]>>();
        cursor = hash.Scan(cursor, options.Count, found);
        found.RemoveAll(entry => !options.Matches(entry.Key));
        ScanOptions.WriteReplyHeader(reply, cursor, found.Count * 2);
        foreach (var (field, value) in found)
        {
            reply.WriteBulk(field);
            reply.WriteBulk(value);
        }
    }

    private static void WriteField(RespWriter reply, HashValue? hash, ReadOnlySpan<byte> field)
    {
        if (hash != null && hash.TryGet(field, out var value)) reply.WriteBulk(value);
        else reply.WriteNull();
    }

    private static List<KeyValuePair<byte[], byte[]>> Entries(HashValue hash)
    {
        var entries = new List<KeyValuePair<byte[], byte[]>>(hash.Count);
        foreach (var entry in hash) entries.Add(CopyOf(entry));
        return entries;
    }

    private static KeyValuePair<byte[], byte[]> CopyOf(HashEntry entry) => new(entry.Field.ToArray(), entry.Value.ToArray());

    private static void Notify(Session session, string eventName, ReadOnlySpan<byte> key) =>
        session.Server.Events.Notify(NotifyFlags.Hash, eventName, key, session.Db.Index);
}
