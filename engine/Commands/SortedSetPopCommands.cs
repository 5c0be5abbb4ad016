using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// ZPOPMIN, ZPOPMAX and ZMPOP (genericZpopCommand). The blocking forms (BZPOPMIN, BZPOPMAX,
/// BZMPOP) belong with the blocking infrastructure.
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
        var reply = session.Reply;
        if (!RedisNumbers.TryParseInt64(args[1], out long keyCount) || keyCount < 1)
        {
            reply.WriteError(Errors.NumKeysNotPositive);
            return;
        }
        if (keyCount >= args.Count - 2)
        {
            reply.WriteError(Errors.Syntax);
            return;
        }
        int whereAt = 2 + (int)keyCount;
        bool max = args.Is(whereAt, "MAX"u8);
        if (!max && !args.Is(whereAt, "MIN"u8))
        {
            reply.WriteError(Errors.Syntax);
            return;
        }
        long count = 1;
        for (int i = whereAt + 1; i < args.Count; i++)
        {
            if (i == whereAt + 1 && args.Is(i, "COUNT"u8) && i + 1 < args.Count)
            {
                if (!RedisNumbers.TryParseInt64(args[++i], out count) || count < 1)
                {
                    reply.WriteError(Errors.CountNotPositive);
                    return;
                }
            }
            else
            {
                reply.WriteError(Errors.Syntax);
                return;
            }
        }
        for (int k = 2; k < whereAt; k++)
        {
            if (!ValueLookup.TryWrite(session, args[k], out SortedSetValue? zset)) return;
            if (zset == null) continue;
            int popped = (int)Math.Min(count, zset.Count);
            reply.WriteArrayHeader(2);
            reply.WriteBulk(args[k]);
            reply.WriteArrayHeader(popped);
            Pop(session, args[k], zset, popped, max, pairs: true);
            return;
        }
        reply.WriteNullArray();
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
