using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Set commands (t_set.c). A set whose last member goes is deleted, firing `del`.</summary>
internal static class SetCommands
{
    [Command("SADD", -3, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "set",
        Summary = "Add one or more members to a set", Since = "1.0.0",
        Complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
        Syntax = "key member [member ...]")]
    public static void SAdd(Session session, CommandArgs args)
    {
        var set = ValueLookup.GetOrCreate<SetValue>(session, args[1]);
        if (set == null) return;
        int added = 0;
        for (int i = 2; i < args.Count; i++)
            if (set.Add(args[i])) added++;
        if (added > 0) Notify(session, "sadd", args[1]);
        session.Reply.WriteInteger(added);
    }

    [Command("SREM", -3, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "set",
        Summary = "Remove one or more members from a set", Since = "1.0.0",
        Complexity = "O(N) where N is the number of members to be removed.",
        Syntax = "key member [member ...]")]
    public static void SRem(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryWrite(session, args[1], out SetValue? set)) return;
        int removed = 0;
        bool emptied = false;
        for (int i = 2; set != null && i < args.Count && !emptied; i++)
        {
            if (!set.Remove(args[i])) continue;
            removed++;
            emptied = set.Count == 0;
        }
        if (removed > 0) MembersRemoved.Notify(session, args[1], NotifyFlags.Set, "srem", emptied);
        session.Reply.WriteInteger(removed);
    }

    [Command("SMOVE", 4, Flags = "write fast", FirstKey = 1, LastKey = 2, Step = 1, Group = "set",
        Summary = "Move a member from one set to another", Since = "1.0.0", Complexity = "O(1)",
        Syntax = "source destination member")]
    public static void SMove(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        var db = session.Db;
        object? source = db.Get(args[1]);
        object? destination = db.Get(args[2]);
        if (source == null)
        {
            reply.WriteInteger(0);
            return;
        }
        if (source is not SetValue from || destination is not (null or SetValue))
        {
            reply.WriteError(Errors.WrongType);
            return;
        }
        var to = (SetValue?)destination;
        if (from == to)
        {
            reply.WriteInteger(from.Contains(args[3]) ? 1 : 0);
            return;
        }
        if (!from.Remove(args[3]))
        {
            reply.WriteInteger(0);
            return;
        }
        Notify(session, "srem", args[1]);
        if (from.Count == 0)
        {
            db.Delete(args[1]);
            session.Server.Events.NotifyDeleted(args[1], session.Db.Index);
        }
        if (to == null)
        {
            to = new SetValue();
            db.Set(args[2], to);
        }
        if (to.Add(args[3])) Notify(session, "sadd", args[2]);
        reply.WriteInteger(1);
    }

    [Command("SISMEMBER", 3, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "set",
        Summary = "Determine if a given value is a member of a set", Since = "1.0.0", Complexity = "O(1)",
        Syntax = "key member")]
    public static void SIsMember(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryRead(session, args[1], out SetValue? set)) return;
        session.Reply.WriteInteger(set != null && set.Contains(args[2]) ? 1 : 0);
    }

    [Command("SMISMEMBER", -3, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "set",
        Summary = "Returns the membership associated with the given elements for a set", Since = "6.2.0",
        Complexity = "O(N) where N is the number of elements being checked for membership",
        Syntax = "key member [member ...]")]
    public static void SMIsMember(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryRead(session, args[1], out SetValue? set)) return;
        session.Reply.WriteArrayHeader(args.Count - 2);
        for (int i = 2; i < args.Count; i++) session.Reply.WriteInteger(set != null && set.Contains(args[i]) ? 1 : 0);
    }

    [Command("SCARD", 2, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "set",
        Summary = "Get the number of members in a set", Since = "1.0.0", Complexity = "O(1)",
        Syntax = "key")]
    public static void SCard(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryRead(session, args[1], out SetValue? set)) return;
        session.Reply.WriteInteger(set?.Count ?? 0);
    }

    [Command("SPOP", -2, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "set",
        Summary = "Remove and return one or multiple random members from a set", Since = "1.0.0",
        Complexity = "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.",
        Syntax = "key [count]")]
    public static void SPop(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (args.Count > 3)
        {
            reply.WriteError(Errors.Syntax);
            return;
        }
        if (args.Count == 3)
        {
            PopMany(session, args);
            return;
        }
        if (!ValueLookup.TryWrite(session, args[1], out SetValue? set)) return;
        if (set == null)
        {
            reply.WriteNull();
            return;
        }
        byte[] member = set.RandomMember();
        set.Remove(member);
        Notify(session, "spop", args[1]);
        reply.WriteBulk(member);
        if (set.Count == 0)
        {
            session.Db.Delete(args[1]);
            session.Server.Events.NotifyDeleted(args[1], session.Db.Index);
        }
    }

    /// <summary>SPOP key count: a set reply; asking for the whole set (or more) deletes the key.</summary>
    private static void PopMany(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!RedisNumbers.TryParseInt64(args[2], out long count) || count < 0)
        {
            reply.WriteError(Errors.MustBePositive);
            return;
        }
        if (!ValueLookup.TryWrite(session, args[1], out SetValue? set)) return;
        if (set == null || count == 0)
        {
            reply.WriteSetHeader(0);
            return;
        }
        Notify(session, "spop", args[1]);
        if (count >= set.Count)
        {
            UnionOrDiff(session, args, 1, 2, destination: -1, diff: false);
            session.Db.Delete(args[1]);
            session.Server.Events.NotifyDeleted(args[1], session.Db.Index);
            return;
        }
        reply.WriteSetHeader((int)count);
        for (long i = 0; i < count; i++)
        {
            byte[] member = set.RandomMember();
            set.Remove(member);
            reply.WriteBulk(member);
        }
    }

    [Command("SRANDMEMBER", -2, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "set",
        Summary = "Get one or multiple random members from a set", Since = "1.0.0",
        Complexity = "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.",
        Syntax = "key [count]")]
    public static void SRandMember(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (args.Count > 3)
        {
            reply.WriteError(Errors.Syntax);
            return;
        }
        if (args.Count == 2)
        {
            if (!ValueLookup.TryRead(session, args[1], out SetValue? single)) return;
            if (single == null) reply.WriteNull();
            else reply.WriteBulk(single.RandomMember());
            return;
        }
        if (!RedisNumbers.TryParseInt64(args[2], out long count))
        {
            reply.WriteError(Errors.NotInteger);
            return;
        }
        if (count == long.MinValue)
        {
            reply.WriteError(Errors.CountOutOfRange);
            return;
        }
        if (!ValueLookup.TryRead(session, args[1], out SetValue? set)) return;
        if (set == null || count == 0)
        {
            reply.WriteArrayHeader(0);
            return;
        }
        if (count < 0 || count == 1)
        {
            // Repeats allowed: each pick is independent, and the reply can be as long as asked.
            long picks = Math.Abs(count);
            if (picks > int.MaxValue)
            {
                reply.WriteError(Errors.ValueOutOfRange);
                return;
            }
            reply.WriteArrayHeader((int)picks);
            for (long i = 0; i < picks; i++) reply.WriteBulk(set.RandomMember());
            return;
        }
        int size = set.Count;
        if (count >= size)
        {
            reply.WriteArrayHeader(size);
            foreach (var member in set) reply.WriteBulk(member);
            return;
        }
        var picked = RandomPick.Distinct((int)count, size, () => Members(set), set.RandomMember, m => m);
        reply.WriteArrayHeader(picked.Count);
        foreach (var member in picked) reply.WriteBulk(member);
    }

    [Command("SMEMBERS", 2, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "set",
        Summary = "Get all the members in a set", Since = "1.0.0", Complexity = "O(N) where N is the set cardinality.",
        Syntax = "key")]
    public static void SMembers(Session session, CommandArgs args) => Intersect(session, args, 1, args.Count, destination: -1);

    [Command("SINTER", -2, Flags = "readonly", FirstKey = 1, LastKey = -1, Step = 1, Group = "set",
        Summary = "Intersect multiple sets", Since = "1.0.0",
        Complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
        Syntax = "key [key ...]")]
    public static void SInter(Session session, CommandArgs args) => Intersect(session, args, 1, args.Count, destination: -1);

    [Command("SINTERSTORE", -3, Flags = "write denyoom", FirstKey = 1, LastKey = -1, Step = 1, Group = "set",
        Summary = "Intersect multiple sets and store the resulting set in a key", Since = "1.0.0",
        Complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
        Syntax = "destination key [key ...]")]
    public static void SInterStore(Session session, CommandArgs args) => Intersect(session, args, 2, args.Count, destination: 1);

    // The key count comes first, so no fixed key positions (Redis: keynum key spec, movablekeys).
    [Command("SINTERCARD", -3, Flags = "readonly movablekeys", Group = "set",
        Summary = "Intersect multiple sets and return the cardinality of the result", Since = "7.0.0",
        Complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
        Syntax = "numkeys key [key ...] [LIMIT limit]")]
    public static void SInterCard(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!RedisNumbers.TryParseInt64(args[1], out long keyCount) || keyCount < 1)
        {
            reply.WriteError(Errors.NumKeysNotPositive);
            return;
        }
        if (keyCount > args.Count - 2)
        {
            reply.WriteError(Errors.NumKeysTooMany);
            return;
        }
        int end = 2 + (int)keyCount;
        long limit = 0;
        for (int i = end; i < args.Count; i++)
        {
            if (args.Is(i, "LIMIT"u8) && i + 1 < args.Count)
            {
                if (!RedisNumbers.TryParseInt64(args[++i], out limit) || limit < 0)
                {
                    reply.WriteError(Errors.LimitNegative);
                    return;
                }
            }
            else
            {
                reply.WriteError(Errors.Syntax);
                return;
            }
        }
        Intersect(session, args, 2, end, destination: -1, cardinalityOnly: true, limit);
    }

    [Command("SUNION", -2, Flags = "readonly", FirstKey = 1, LastKey = -1, Step = 1, Group = "set",
        Summary = "Add multiple sets", Since = "1.0.0", Complexity = "O(N) where N is the total number of elements in all given sets.",
        Syntax = "key [key ...]")]
    public static void SUnion(Session session, CommandArgs args) => UnionOrDiff(session, args, 1, args.Count, destination: -1, diff: false);

    [Command("SUNIONSTORE", -3, Flags = "write denyoom", FirstKey = 1, LastKey = -1, Step = 1, Group = "set",
        Summary = "Add multiple sets and store the resulting set in a key", Since = "1.0.0",
        Complexity = "O(N) where N is the total number of elements in all given sets.",
        Syntax = "destination key [key ...]")]
    public static void SUnionStore(Session session, CommandArgs args) => UnionOrDiff(session, args, 2, args.Count, destination: 1, diff: false);

    [Command("SDIFF", -2, Flags = "readonly", FirstKey = 1, LastKey = -1, Step = 1, Group = "set",
        Summary = "Subtract multiple sets", Since = "1.0.0", Complexity = "O(N) where N is the total number of elements in all given sets.",
        Syntax = "key [key ...]")]
    public static void SDiff(Session session, CommandArgs args) => UnionOrDiff(session, args, 1, args.Count, destination: -1, diff: true);

    [Command("SDIFFSTORE", -3, Flags = "write denyoom", FirstKey = 1, LastKey = -1, Step = 1, Group = "set",
        Summary = "Subtract multiple sets and store the resulting set in a key", Since = "1.0.0",
        Complexity = "O(N) where N is the total number of elements in all given sets.",
        Syntax = "destination key [key ...]")]
    public static void SDiffStore(Session session, CommandArgs args) => UnionOrDiff(session, args, 2, args.Count, destination: 1, diff: true);

    [Command("SSCAN", -3, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "set",
        Summary = "Incrementally iterate Set elements", Since = "2.8.0",
        Complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
        Syntax = "key cursor [MATCH pattern] [COUNT count]")]
    public static void SScan(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!ScanOptions.TryParseCursor(session, args[2], out ulong cursor)) return;
        if (!ValueLookup.TryRead(session, args[1], out SetValue? set)) return;
        if (set == null)
        {
            ScanOptions.WriteEmptyReply(reply);
            return;
        }
        if (!ScanOptions.TryParse(session, args, 3, allowType: false, out var options)) return;
        var found = new List<byte[]>();
        cursor = set.Scan(cursor, options.Count, found);
        found.RemoveAll(member => !options.Matches(member));
        ScanOptions.WriteReplyHeader(reply, cursor, found.Count);
        foreach (var member in found) reply.WriteBulk(member);
    }

    /// <summary>
    /// SINTER, SMEMBERS, SINTERSTORE and SINTERCARD over the keys args[first..end): a missing key is
    /// an empty set (and so the result), but a key of another type is WRONGTYPE wherever it is.
    /// The smallest set is walked, so its order (numeric for an intset) is the reply's.
    /// </summary>
    private static void Intersect(Session session, CommandArgs args, int first, int end, int destination,
        bool cardinalityOnly = false, long limit = 0)
    {
        var reply = session.Reply;
        if (!TryReadSets(session, args, first, end, out var sets)) return;
        if (sets.Contains(null))
        {
            if (destination >= 0) StoreResult(session, args[destination], new SetValue(), "sinterstore");
            else if (cardinalityOnly) reply.WriteInteger(0);
            else reply.WriteSetHeader(0);
            return;
        }
        var ordered = sets.OrderBy(s => s!.Count).ToArray(); // stable, as Redis's qsort is in practice
        var smallest = ordered[0]!;
        var result = new List<byte[]>();
        long cardinality = 0;
        foreach (var member in smallest)
        {
            bool everywhere = true;
            for (int j = 1; j < ordered.Length && everywhere; j++)
                everywhere = ordered[j] == smallest || ordered[j]!.Contains(member);
            if (!everywhere) continue;
            cardinality++;
            if (cardinalityOnly)
            {
                if (limit > 0 && cardinality >= limit) break;
            }
            else result.Add(member.ToArray());
        }
        if (cardinalityOnly) reply.WriteInteger(cardinality);
        else if (destination >= 0) StoreResult(session, args[destination], ToSet(result), "sinterstore");
        else
        {
            reply.WriteSetHeader(result.Count);
            foreach (var member in result) reply.WriteBulk(member);
        }
    }

    /// <summary>
    /// SUNION, SDIFF and their STORE forms over the keys args[first..end) (missing keys are empty
    /// sets). The result is built as a new set, so it is an intset, numerically ordered, whenever
    /// it can be one.
    /// </summary>
    private static void UnionOrDiff(Session session, CommandArgs args, int first, int end, int destination, bool diff)
    {
        if (!TryReadSets(session, args, first, end, out var sets)) return;
        var result = new SetValue();
        if (!diff)
        {
            foreach (var set in sets)
                if (set != null)
                    foreach (var member in set) result.Add(member);
        }
        else if (sets[0] is { } from && !sets.Skip(1).Contains(from))
        {
            var others = sets.Skip(1).OfType<SetValue>().ToArray();
            // Redis's choice: test each member of the first set against the others (better when
            // few), or copy the first set and remove the others' members (better when many).
            long testWork = (long)from.Count * others.Length / 2;
            long removeWork = from.Count + others.Sum(s => (long)s.Count);
            if (testWork <= removeWork)
            {
                foreach (var member in from)
                    if (!InAny(others, member)) result.Add(member);
            }
            else
            {
                foreach (var member in from) result.Add(member);
                foreach (var other in others)
                {
                    foreach (var member in other) result.Remove(member);
                    if (result.Count == 0) break;
                }
            }
        }
        if (destination >= 0)
        {
            StoreResult(session, args[destination], result, diff ? "sdiffstore" : "sunionstore");
            return;
        }
        session.Reply.WriteSetHeader(result.Count);
        foreach (var member in result) session.Reply.WriteBulk(member);
    }

    /// <summary>
    /// The sets at args[first..end), null for missing keys; false after replying WRONGTYPE.
    /// Every key is looked up (and counted as a hit or miss) even when one is missing.
    /// </summary>
    private static bool TryReadSets(Session session, CommandArgs args, int first, int end, out SetValue?[] sets)
    {
        sets = new SetValue?[end - first];
        for (int i = first; i < end; i++)
            if (!ValueLookup.TryRead(session, args[i], out sets[i - first])) return false;
        return true;
    }

    /// <summary>
    /// The STORE commands: a nonempty result replaces the destination (whatever its type, and
    /// dropping its TTL); an empty one deletes it.
    /// </summary>
    private static void StoreResult(Session session, ReadOnlySpan<byte> destination, SetValue result, string eventName)
    {
        var db = session.Db;
        int count = result.Count;
        session.Reply.WriteInteger(count);
        if (count > 0)
        {
            db.Set(destination, result);
            Notify(session, eventName, destination);
        }
        else if (db.Delete(destination)) session.Server.Events.NotifyDeleted(destination, session.Db.Index);
    }

    private static bool InAny(SetValue[] sets, ReadOnlySpan<byte> member)
    {
        foreach (var set in sets)
            if (set.Contains(member)) return true;
        return false;
    }

    private static SetValue ToSet(List<byte[]> members)
    {
        var set = new SetValue();
        foreach (var member in members) set.Add(member);
        return set;
    }

    private static List<byte[]> Members(SetValue set)
    {
        var members = new List<byte[]>(set.Count);
        foreach (var member in set) members.Add(member.ToArray());
        return members;
    }

    private static void Notify(Session session, string eventName, ReadOnlySpan<byte> key) =>
        session.Server.Events.Notify(NotifyFlags.Set, eventName, key, session.Db.Index);

}
