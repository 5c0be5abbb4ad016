using System.Text;
using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// Sorted set commands on single members, counts and sampling (t_zset.c). A sorted set whose
/// last member goes is deleted, firing `del`. Ranges are in <see cref="SortedSetRangeCommands"/>,
/// pops in <see cref="SortedSetPopCommands"/>, set algebra in <see cref="SortedSetSetOperations"/>.
/// </summary>
internal static class SortedSetCommands
{
    [Flags]
    private enum AddFlags
    {
        None = 0,
        Nx = 1,
        Xx = 2,
        Gt = 4,
        Lt = 8,
        Incr = 16,
        Ch = 32,
    }

    [Command("ZADD", -4, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Add one or more members to a sorted set, or update its score if it already exists", Since = "1.2.0",
        Complexity = "O(log(N)) for each item added, where N is the number of elements in the sorted set.")]
    public static void ZAdd(Session session, CommandArgs args) => Add(session, args, AddFlags.None);

    [Command("ZINCRBY", 4, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Increment the score of a member in a sorted set", Since = "1.2.0",
        Complexity = "O(log(N)) where N is the number of elements in the sorted set.")]
    public static void ZIncrBy(Session session, CommandArgs args) => Add(session, args, AddFlags.Incr);

    /// <summary>
    /// zaddGenericCommand. ZINCRBY goes through the same option parsing, so "ZINCRBY key nx m"
    /// takes "nx" for an option and fails with a syntax error, as in Redis.
    /// </summary>
    private static void Add(Session session, CommandArgs args, AddFlags flags)
    {
        var reply = session.Reply;
        int first = 2;
        for (; first < args.Count; first++)
        {
            AddFlags option = args[first] switch
            {
                var a when Ascii.EqualsIgnoreCase(a, "NX"u8) => AddFlags.Nx,
                var a when Ascii.EqualsIgnoreCase(a, "XX"u8) => AddFlags.Xx,
                var a when Ascii.EqualsIgnoreCase(a, "CH"u8) => AddFlags.Ch,
                var a when Ascii.EqualsIgnoreCase(a, "INCR"u8) => AddFlags.Incr,
                var a when Ascii.EqualsIgnoreCase(a, "GT"u8) => AddFlags.Gt,
                var a when Ascii.EqualsIgnoreCase(a, "LT"u8) => AddFlags.Lt,
                _ => AddFlags.None,
            };
            if (option == AddFlags.None) break;
            flags |= option;
        }
        int pairs = (args.Count - first) / 2;
        bool Has(AddFlags flag) => (flags & flag) != 0;
        if ((args.Count - first) % 2 != 0 || pairs == 0)
        {
            reply.WriteError(Errors.Syntax);
            return;
        }
        if (Has(AddFlags.Nx) && Has(AddFlags.Xx))
        {
            reply.WriteError(Errors.XxAndNx);
            return;
        }
        if ((Has(AddFlags.Nx) && (Has(AddFlags.Gt) || Has(AddFlags.Lt))) || (Has(AddFlags.Gt) && Has(AddFlags.Lt)))
        {
            reply.WriteError(Errors.GtLtNx);
            return;
        }
        if (Has(AddFlags.Incr) && pairs > 1)
        {
            reply.WriteError(Errors.IncrSinglePair);
            return;
        }
        var scores = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            if (!RedisDouble.TryParse(args[first + 2 * i], out scores[i]))
            {
                reply.WriteError(Errors.NotFloat);
                return;
            }
        }
        if (!ValueLookup.TryWrite(session, args[1], out SortedSetValue? zset)) return;
        int added = 0, updated = 0, processed = 0;
        double result = 0;
        if (zset == null && !Has(AddFlags.Xx))
        {
            zset = new SortedSetValue(session.Server.Config.ZSetListpack);
            session.Db.Set(args[1], zset);
        }
        for (int i = 0; zset != null && i < pairs; i++)
        {
            var member = args[first + 2 * i + 1];
            double score = scores[i];
            bool exists = zset.TryGetScore(member, out double current);
            if (exists ? Has(AddFlags.Nx) : Has(AddFlags.Xx)) continue;
            if (exists && Has(AddFlags.Incr))
            {
                score += current;
                if (double.IsNaN(score))
                {
                    reply.WriteError(Errors.ScoreNaN);
                    NotifyIfChanged(session, args[1], flags, added + updated);
                    return;
                }
            }
            if (exists && ((Has(AddFlags.Lt) && score >= current) || (Has(AddFlags.Gt) && score <= current))) continue;
            processed++;
            result = score;
            if (!exists)
            {
                added++;
                zset.Add(member, score);
            }
            else if (score != current)
            {
                updated++;
                zset.Update(member, current, score);
            }
        }
        if (!Has(AddFlags.Incr)) reply.WriteInteger(Has(AddFlags.Ch) ? added + updated : added);
        else if (processed > 0) reply.WriteDouble(result);
        else reply.WriteNull();
        NotifyIfChanged(session, args[1], flags, added + updated);
    }

    private static void NotifyIfChanged(Session session, ReadOnlySpan<byte> key, AddFlags flags, int changes)
    {
        if (changes > 0) SortedSetReply.Notify(session, (flags & AddFlags.Incr) != 0 ? "zincr" : "zadd", key);
    }

    [Command("ZREM", -3, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Remove one or more members from a sorted set", Since = "1.2.0",
        Complexity = "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.")]
    public static void ZRem(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryWrite(session, args[1], out SortedSetValue? zset)) return;
        int removed = 0;
        for (int i = 2; zset != null && i < args.Count && zset.Count > 0; i++)
            if (zset.Remove(args[i])) removed++;
        if (removed > 0) MembersRemoved.Notify(session, args[1], NotifyFlags.ZSet, "zrem", emptied: zset!.Count == 0);
        session.Reply.WriteInteger(removed);
    }

    [Command("ZSCORE", 3, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Get the score associated with the given member in a sorted set", Since = "1.2.0", Complexity = "O(1)")]
    public static void ZScore(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryRead(session, args[1], out SortedSetValue? zset)) return;
        WriteScore(session, zset, args[2]);
    }

    [Command("ZMSCORE", -3, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Get the score associated with the given members in a sorted set", Since = "6.2.0",
        Complexity = "O(N) where N is the number of members being requested.")]
    public static void ZMScore(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryRead(session, args[1], out SortedSetValue? zset)) return;
        session.Reply.WriteArrayHeader(args.Count - 2);
        for (int i = 2; i < args.Count; i++) WriteScore(session, zset, args[i]);
    }

    private static void WriteScore(Session session, SortedSetValue? zset, ReadOnlySpan<byte> member)
    {
        if (zset != null && zset.TryGetScore(member, out double score)) session.Reply.WriteDouble(score);
        else session.Reply.WriteNull();
    }

    [Command("ZCARD", 2, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Get the number of members in a sorted set", Since = "1.2.0", Complexity = "O(1)")]
    public static void ZCard(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryRead(session, args[1], out SortedSetValue? zset)) return;
        session.Reply.WriteInteger(zset?.Count ?? 0);
    }

    [Command("ZCOUNT", 4, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Count the members in a sorted set with scores within the given values", Since = "2.0.0",
        Complexity = "O(log(N)) with N being the number of elements in the sorted set.")]
    public static void ZCount(Session session, CommandArgs args)
    {
        if (!ScoreRange.TryParse(args[2], args[3], out var range))
        {
            session.Reply.WriteError(Errors.MinMaxNotFloat);
            return;
        }
        if (!ValueLookup.TryRead(session, args[1], out SortedSetValue? zset)) return;
        session.Reply.WriteInteger(zset == null ? 0 : range.RanksIn(zset).Length);
    }

    [Command("ZLEXCOUNT", 4, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Count the number of members in a sorted set between a given lexicographical range", Since = "2.8.9",
        Complexity = "O(log(N)) with N being the number of elements in the sorted set.")]
    public static void ZLexCount(Session session, CommandArgs args)
    {
        if (!LexRange.TryParse(args[2], args[3], out var range))
        {
            session.Reply.WriteError(Errors.MinMaxNotLexItem);
            return;
        }
        if (!ValueLookup.TryRead(session, args[1], out SortedSetValue? zset)) return;
        session.Reply.WriteInteger(zset == null ? 0 : range.RanksIn(zset).Length);
    }

    [Command("ZRANK", 3, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Determine the index of a member in a sorted set", Since = "2.0.0", Complexity = "O(log(N))")]
    public static void ZRank(Session session, CommandArgs args) => Rank(session, args, reverse: false);

    [Command("ZREVRANK", 3, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Determine the index of a member in a sorted set, with scores ordered from high to low", Since = "2.0.0",
        Complexity = "O(log(N))")]
    public static void ZRevRank(Session session, CommandArgs args) => Rank(session, args, reverse: true);

    private static void Rank(Session session, CommandArgs args, bool reverse)
    {
        if (!ValueLookup.TryRead(session, args[1], out SortedSetValue? zset)) return;
        int rank = zset?.RankOf(args[2]) ?? -1;
        if (rank < 0) session.Reply.WriteNull();
        else session.Reply.WriteInteger(reverse ? zset!.Count - 1 - rank : rank);
    }

    [Command("ZRANDMEMBER", -2, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Get one or multiple random elements from a sorted set", Since = "6.2.0",
        Complexity = "O(N) where N is the number of elements returned")]
    public static void ZRandMember(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (args.Count == 2)
        {
            if (!ValueLookup.TryRead(session, args[1], out SortedSetValue? single)) return;
            if (single == null) reply.WriteNull();
            else reply.WriteBulk(single.RandomEntry().Member);
            return;
        }
        if (!RandomPick.TryParseCount(session, args, "WITHSCORES"u8, out long count, out bool withScores)) return;
        if (!ValueLookup.TryRead(session, args[1], out SortedSetValue? zset)) return;
        if (zset == null || count == 0)
        {
            reply.WriteArrayHeader(0);
            return;
        }
        if (count < 0 || count == 1)
        {
            // Repeats allowed: each pick is independent, and the reply can be as long as asked.
            long picks = Math.Abs(count);
            if (picks > (withScores && session.Protocol == 2 ? int.MaxValue / 2 : int.MaxValue))
            {
                reply.WriteError(Errors.ValueOutOfRange);
                return;
            }
            SortedSetReply.WriteHeader(session, (int)picks, withScores);
            for (long i = 0; i < picks; i++)
            {
                var entry = zset.RandomEntry();
                SortedSetReply.WriteEntry(session, entry.Member, entry.Score, withScores);
            }
            return;
        }
        if (count >= zset.Count)
        {
            // Redis walks a zset from its tail here.
            SortedSetReply.WriteSpan(session, zset, new RankSpan(0, zset.Count), reverse: true, withScores);
            return;
        }
        var picked = RandomPick.Distinct((int)count, zset.Count, () => Entries(zset), zset.RandomEntry, e => e.Member);
        SortedSetReply.WriteHeader(session, picked.Count, withScores);
        foreach (var entry in picked) SortedSetReply.WriteEntry(session, entry.Member, entry.Score, withScores);
    }

    [Command("ZSCAN", -3, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Incrementally iterate sorted sets elements and associated scores", Since = "2.8.0",
        Complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")]
    public static void ZScan(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!ScanOptions.TryParseCursor(session, args[2], out ulong cursor)) return;
        if (!ValueLookup.TryRead(session, args[1], out SortedSetValue? zset)) return;
        if (zset == null)
        {
            ScanOptions.WriteEmptyReply(reply);
            return;
        }
        if (!ScanOptions.TryParse(session, args, 3, allowType: false, out var options)) return;
        var found = new List<KeyValuePair<byte[], double>>();
        cursor = zset.Scan(cursor, options.Count, found);
        found.RemoveAll(entry => !options.Matches(entry.Key));
        ScanOptions.WriteReplyHeader(reply, cursor, found.Count * 2);
        Span<byte> text = stackalloc byte[32];
        foreach (var (member, score) in found)
        {
            reply.WriteBulk(member);
            // Scores travel as strings here, even in RESP3.
            reply.WriteBulk(text[..RespWriter.FormatDouble(score, text)]);
        }
    }

    private static List<ZEntry> Entries(SortedSetValue zset)
    {
        var entries = new List<ZEntry>(zset.Count);
        for (var at = zset.At(0); at.IsValid; at.MoveNext()) entries.Add(at.Current);
        return entries;
    }
}
