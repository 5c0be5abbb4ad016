using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// ZPOPMIN, ZPOPMAX and ZMPOP (genericZpopCommand); the blocking forms are in
/// <see cref="BlockingSortedSetCommands"/>.
/// </summary>
internal static class SortedSetPopCommands
{
    [Command("ZPOPMIN", -2, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Remove and return members with the lowest scores in a sorted set", Since = "5.0.0",
        Complexity = "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")]
    public static void ZPopMin(Session session, CommandArgs args) => PopMinMax(session, args, max: false);

    [Command("ZPOPMAX", -2, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Remove and return members with the highest scores in a sorted set", Since = "5.0.0",
        Complexity = "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")]
    public static void ZPopMax(Session session, CommandArgs args) => PopMinMax(session, args, max: true);

    /// <summary>
    /// Without a count: a flat [member, score] (empty when the key is missing). With one: the
    /// entries, flat in RESP2 and as pairs in RESP3.
    /// </summary>
    private static void PopMinMax(Session session, CommandArgs args, bool max)
    {
        var reply = session.Reply;
        if (args.Count > 3)
        {
            reply.WriteError(Errors.Syntax);
            return;
        }
        long count = 1;
        if (args.Count == 3 && (!RedisNumbers.TryParseInt64(args[2], out count) || count < 0))
        {
            reply.WriteError(Errors.MustBePositive);
            return;
        }
        if (!ValueLookup.TryWrite(session, args[1], out SortedSetValue? zset)) return;
        if (zset == null || count == 0)
        {
            reply.WriteArrayHeader(0);
            return;
        }
        bool pairs = args.Count == 3 && session.Protocol == 3;
        int popped = (int)Math.Min(count, zset.Count);
        reply.WriteArrayHeader(pairs ? popped : popped * 2);
        Pop(session, args[1], zset, popped, max, pairs);
    }

    [Command("ZMPOP", -4, Flags = "write movablekeys", Group = "sorted_set",
        Summary = "Remove and return members with scores in a sorted set", Since = "7.0.0",
        Complexity = "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.")]
    public static void ZMPop(Session session, CommandArgs args)
    {
        if (!MPopArgs.TryParse(session, args, 1, "MIN"u8, "MAX"u8, out var options)) return;
        for (int k = 2; k < 2 + options.KeyCount; k++)
        {
            if (!ValueLookup.TryWrite(session, args[k], out SortedSetValue? zset)) return;
            if (zset == null) continue;
            PopWithKey(session, args[k], zset, options.Count, max: options.Second, nested: true);
            return;
        }
        session.Reply.WriteNullArray();
    }

    /// <summary>
    /// Pops up to <paramref name="count"/> entries and replies them after the key: flat
    /// [key, member, score] (BZPOPMIN/BZPOPMAX), or <paramref name="nested"/> [key, [[member, score]...]] (ZMPOP, BZMPOP).
    /// </summary>
    internal static void PopWithKey(Session session, ReadOnlySpan<byte> key, SortedSetValue zset, long count, bool max, bool nested)
    {
        var reply = session.Reply;
        int popped = (int)Math.Min(count, zset.Count);
        if (nested)
        {
            reply.WriteArrayHeader(2);
            reply.WriteBulk(key);
            reply.WriteArrayHeader(popped);
        }
        else
        {
            reply.WriteArrayHeader(popped * 2 + 1);
            reply.WriteBulk(key);
        }
        Pop(session, key, zset, popped, max, pairs: nested);
    }

    /// <summary>
    /// Removes and replies <paramref name="count"/> entries from one end (the reply header is the
    /// caller's), firing zpopmin/zpopmax once and `del` when the set empties.
    /// </summary>
    private static void Pop(Session session, ReadOnlySpan<byte> key, SortedSetValue zset, int count, bool max, bool pairs)
    {
        SortedSetReply.Notify(session, max ? "zpopmax" : "zpopmin", key);
        for (int i = 0; i < count; i++)
        {
            int rank = max ? zset.Count - 1 : 0;
            var entry = zset[rank];
            zset.RemoveRange(rank, 1);
            SortedSetReply.WriteEntry(session.Reply, entry.Member, entry.Score, withScore: true, asPair: pairs);
        }
        if (zset.Count == 0)
        {
            session.Db.Delete(key);
            session.Server.Events.NotifyDeleted(key, session.Db.Index);
        }
    }
}
