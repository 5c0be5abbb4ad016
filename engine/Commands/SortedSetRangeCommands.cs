using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// The range commands of sorted sets (zrangeGenericCommand and zremrangeGenericCommand): by
/// rank, score or member, in either direction, replied or stored or removed.
/// </summary>
internal static class SortedSetRangeCommands
{
    private enum RangeType { Auto, Rank, Score, Lex }

    [Command("ZRANGE", -4, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Return a range of members in a sorted set", Since = "1.2.0",
        Complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.")]
    public static void ZRange(Session session, CommandArgs args) => Range(session, args, 1, RangeType.Auto, reverse: null);

    [Command("ZRANGESTORE", -5, Flags = "write denyoom", FirstKey = 1, LastKey = 2, Step = 1, Group = "sorted_set",
        Summary = "Store a range of members from sorted set into another key", Since = "6.2.0",
        Complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.")]
    public static void ZRangeStore(Session session, CommandArgs args) => Range(session, args, 2, RangeType.Auto, reverse: null);

    [Command("ZREVRANGE", -4, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Return a range of members in a sorted set, by index, with scores ordered from high to low", Since = "1.2.0",
        Complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.")]
    public static void ZRevRange(Session session, CommandArgs args) => Range(session, args, 1, RangeType.Rank, reverse: true);

    [Command("ZRANGEBYSCORE", -4, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Return a range of members in a sorted set, by score", Since = "1.0.5",
        Complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")]
    public static void ZRangeByScore(Session session, CommandArgs args) => Range(session, args, 1, RangeType.Score, reverse: false);

    [Command("ZREVRANGEBYSCORE", -4, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Return a range of members in a sorted set, by score, with scores ordered from high to low", Since = "2.2.0",
        Complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")]
    public static void ZRevRangeByScore(Session session, CommandArgs args) => Range(session, args, 1, RangeType.Score, reverse: true);

    [Command("ZRANGEBYLEX", -4, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Return a range of members in a sorted set, by lexicographical range", Since = "2.8.9",
        Complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")]
    public static void ZRangeByLex(Session session, CommandArgs args) => Range(session, args, 1, RangeType.Lex, reverse: false);

    [Command("ZREVRANGEBYLEX", -4, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", Since = "2.8.9",
        Complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")]
    public static void ZRevRangeByLex(Session session, CommandArgs args) => Range(session, args, 1, RangeType.Lex, reverse: true);

    /// <summary>
    /// zrangeGenericCommand: args[source] is the key, then min, max and the options. ZRANGESTORE
    /// (source 2, destination 1) takes no WITHSCORES. A null <paramref name="reverse"/> lets REV
    /// choose; an Auto type lets BYSCORE/BYLEX choose.
    /// </summary>
    private static void Range(Session session, CommandArgs args, int source, RangeType type, bool? reverse)
    {
        var reply = session.Reply;
        bool store = source == 2;
        bool withScores = false;
        long offset = 0, limit = -1;
        for (int i = source + 3; i < args.Count; i++)
        {
            if (!store && args.Is(i, "WITHSCORES"u8)) withScores = true;
            else if (args.Is(i, "LIMIT"u8) && args.Count - i - 1 >= 2)
            {
                if (!RedisNumbers.TryParseInt64(args[i + 1], out offset) || !RedisNumbers.TryParseInt64(args[i + 2], out limit))
                {
                    reply.WriteError(Errors.NotInteger);
                    return;
                }
                i += 2;
            }
            else if (reverse == null && args.Is(i, "REV"u8)) reverse = true;
            else if (type == RangeType.Auto && args.Is(i, "BYLEX"u8)) type = RangeType.Lex;
            else if (type == RangeType.Auto && args.Is(i, "BYSCORE"u8)) type = RangeType.Score;
            else
            {
                reply.WriteError(Errors.Syntax);
                return;
            }
        }
        bool backwards = reverse ?? false;
        if (type == RangeType.Auto) type = RangeType.Rank;
        // As in Redis, "LIMIT x -1" counts as no LIMIT.
        if (limit != -1 && type == RangeType.Rank)
        {
            reply.WriteError(Errors.LimitNeedsByScoreOrByLex);
            return;
        }
        if (withScores && type == RangeType.Lex)
        {
            reply.WriteError(Errors.WithScoresWithByLex);
            return;
        }
        // Reversed score and member ranges are given as max, min.
        bool swapped = backwards && type != RangeType.Rank;
        var min = args[swapped ? source + 2 : source + 1];
        var max = args[swapped ? source + 1 : source + 2];
        long start = 0, stop = 0;
        ScoreRange scores = default;
        LexRange members = default;
        switch (type)
        {
            case RangeType.Rank when !RedisNumbers.TryParseInt64(min, out start) || !RedisNumbers.TryParseInt64(max, out stop):
                reply.WriteError(Errors.NotInteger);
                return;
            case RangeType.Score when !ScoreRange.TryParse(min, max, out scores):
                reply.WriteError(Errors.MinMaxNotFloat);
                return;
            case RangeType.Lex when !LexRange.TryParse(min, max, out members):
                reply.WriteError(Errors.MinMaxNotLexItem);
                return;
        }
        if (!ValueLookup.TryRead(session, args[source], out SortedSetValue? zset)) return;
        RankSpan span = default;
        if (zset != null)
        {
            span = type switch
            {
                RangeType.Rank => Reversible(RankSpan.FromIndexes(start, stop, zset.Count), zset.Count, backwards),
                RangeType.Score => scores.RanksIn(zset).Limit(offset, limit, backwards),
                _ => members.RanksIn(zset).Limit(offset, limit, backwards),
            };
        }
        if (!store)
        {
            if (zset == null) reply.WriteArrayHeader(0);
            else SortedSetReply.WriteSpan(session, zset, span, backwards, withScores);
            return;
        }
        // Redis starts the destination as a skiplist when a rank range is known to be too long for a listpack.
        var limits = session.Server.Config.ZSetListpack;
        var result = new SortedSetValue(limits, skiplist: type == RangeType.Rank && span.Length > limits.MaxEntries);
        for (int rank = span.Start; rank < span.End; rank++) result.Set(zset![rank].Member, zset[rank].Score);
        SortedSetReply.Store(session, args[1], result, "zrangestore");
    }

    /// <summary>Indexes counted from the highest score are the mirror image of ascending ranks.</summary>
    private static RankSpan Reversible(RankSpan span, int count, bool reverse) =>
        reverse && span.Length > 0 ? new RankSpan(count - span.End, count - span.Start) : span;

    [Command("ZREMRANGEBYRANK", 4, Flags = "write", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Remove all members in a sorted set within the given indexes", Since = "2.0.0",
        Complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")]
    public static void ZRemRangeByRank(Session session, CommandArgs args)
    {
        if (!RedisNumbers.TryParseInt64(args[2], out long start) || !RedisNumbers.TryParseInt64(args[3], out long stop))
        {
            session.Reply.WriteError(Errors.NotInteger);
            return;
        }
        RemoveRange(session, args[1], "zremrangebyrank", zset => RankSpan.FromIndexes(start, stop, zset.Count));
    }

    [Command("ZREMRANGEBYSCORE", 4, Flags = "write", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Remove all members in a sorted set within the given scores", Since = "1.2.0",
        Complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")]
    public static void ZRemRangeByScore(Session session, CommandArgs args)
    {
        if (!ScoreRange.TryParse(args[2], args[3], out var range))
        {
            session.Reply.WriteError(Errors.MinMaxNotFloat);
            return;
        }
        RemoveRange(session, args[1], "zremrangebyscore", range.RanksIn);
    }

    [Command("ZREMRANGEBYLEX", 4, Flags = "write", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Remove all members in a sorted set between the given lexicographical range", Since = "2.8.9",
        Complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")]
    public static void ZRemRangeByLex(Session session, CommandArgs args)
    {
        if (!LexRange.TryParse(args[2], args[3], out var range))
        {
            session.Reply.WriteError(Errors.MinMaxNotLexItem);
            return;
        }
        RemoveRange(session, args[1], "zremrangebylex", range.RanksIn);
    }

    private static void RemoveRange(Session session, ReadOnlySpan<byte> key, string eventName, Func<SortedSetValue, RankSpan> ranks)
    {
        if (!ValueLookup.TryWrite(session, key, out SortedSetValue? zset)) return;
        int removed = 0;
        if (zset != null)
        {
            var span = ranks(zset);
            removed = span.Length;
            zset.RemoveRange(span.Start, removed);
        }
        if (removed > 0) MembersRemoved.Notify(session, key, NotifyFlags.ZSet, eventName, emptied: zset!.Count == 0);
        session.Reply.WriteInteger(removed);
    }
}
