using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (zunionInterDiffGenericCommand).
/// Inputs may be sorted sets or plain sets (whose members score 1); missing keys are empty.
/// </summary>
internal static class SortedSetSetOperations
{
    private enum Operation { Union, Inter, Diff }

    private enum Aggregate { Sum, Min, Max }

    [Command("ZUNION", -3, Flags = "readonly movablekeys", Group = "sorted_set",
        Summary = "Add multiple sorted sets", Since = "6.2.0",
        Complexity = "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")]
    public static void ZUnion(Session session, CommandArgs args) => Combine(session, args, "zunion", Operation.Union, destination: false);

    [Command("ZINTER", -3, Flags = "readonly movablekeys", Group = "sorted_set",
        Summary = "Intersect multiple sorted sets", Since = "6.2.0",
        Complexity = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.")]
    public static void ZInter(Session session, CommandArgs args) => Combine(session, args, "zinter", Operation.Inter, destination: false);

    [Command("ZDIFF", -3, Flags = "readonly movablekeys", Group = "sorted_set",
        Summary = "Subtract multiple sorted sets", Since = "6.2.0",
        Complexity = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.")]
    public static void ZDiff(Session session, CommandArgs args) => Combine(session, args, "zdiff", Operation.Diff, destination: false);

    [Command("ZUNIONSTORE", -4, Flags = "write denyoom movablekeys", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Add multiple sorted sets and store the resulting sorted set in a new key", Since = "2.0.0",
        Complexity = "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")]
    public static void ZUnionStore(Session session, CommandArgs args) => Combine(session, args, "zunionstore", Operation.Union, destination: true);

    [Command("ZINTERSTORE", -4, Flags = "write denyoom movablekeys", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Intersect multiple sorted sets and store the resulting sorted set in a new key", Since = "2.0.0",
        Complexity = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.")]
    public static void ZInterStore(Session session, CommandArgs args) => Combine(session, args, "zinterstore", Operation.Inter, destination: true);

    [Command("ZDIFFSTORE", -4, Flags = "write denyoom movablekeys", FirstKey = 1, LastKey = 1, Step = 1, Group = "sorted_set",
        Summary = "Subtract multiple sorted sets and store the resulting sorted set in a new key", Since = "6.2.0",
        Complexity = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.")]
    public static void ZDiffStore(Session session, CommandArgs args) => Combine(session, args, "zdiffstore", Operation.Diff, destination: true);

    [Command("ZINTERCARD", -3, Flags = "readonly movablekeys", Group = "sorted_set",
        Summary = "Intersect multiple sorted sets and return the cardinality of the result", Since = "7.0.0",
        Complexity = "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.")]
    public static void ZInterCard(Session session, CommandArgs args) => Combine(session, args, "zintercard", Operation.Inter, destination: false);

    /// <summary>One input: a sorted set, a set, or nothing (a missing key), with its weight.</summary>
    private sealed class Source(object? value)
    {
        public object? Value { get; } = value;
        public double Weight = 1;

        public int Count => Value switch
        {
            SortedSetValue zset => zset.Count,
            SetValue set => set.Count,
            _ => 0,
        };

        public bool TryGetScore(ReadOnlySpan<byte> member, out double score)
        {
            score = 1;
            return Value switch
            {
                SortedSetValue zset => zset.TryGetScore(member, out score),
                SetValue set => set.Contains(member),
                _ => false,
            };
        }

        /// <summary>The members with their scores (copies of the members).</summary>
        public List<ZEntry> Entries()
        {
            var entries = new List<ZEntry>(Count);
            if (Value is SortedSetValue zset)
                for (var at = zset.At(0); at.IsValid; at.MoveNext()) entries.Add(at.Current);
            else if (Value is SetValue set)
                foreach (var member in set) entries.Add(new ZEntry(member.ToArray(), 1));
            return entries;
        }
    }

    private static void Combine(Session session, CommandArgs args, string command, Operation operation, bool destination)
    {
        var reply = session.Reply;
        bool cardinalityOnly = command == "zintercard";
        int countAt = destination ? 2 : 1;
        if (!RedisNumbers.TryParseInt64(args[countAt], out long keyCount))
        {
            reply.WriteError(Errors.NotInteger);
            return;
        }
        if (keyCount < 1)
        {
            reply.WriteError(Errors.AtLeastOneInputKey(command));
            return;
        }
        if (keyCount > args.Count - countAt - 1)
        {
            reply.WriteError(Errors.Syntax);
            return;
        }
        // Redis reads every input before it looks at the options, so WRONGTYPE comes first.
        var sources = new Source[keyCount];
        for (int i = 0; i < keyCount; i++)
        {
            object? value = session.Db.LookupRead(args[countAt + 1 + i]);
            if (value is not (null or SortedSetValue or SetValue))
            {
                reply.WriteError(Errors.WrongType);
                return;
            }
            sources[i] = new Source(value);
        }
        var aggregate = Aggregate.Sum;
        bool withScores = false;
        long limit = 0;
        bool weighted = operation != Operation.Diff && !cardinalityOnly;
        for (int i = countAt + 1 + (int)keyCount; i < args.Count; i++)
        {
            int remaining = args.Count - i;
            if (weighted && remaining >= keyCount + 1 && args.Is(i, "WEIGHTS"u8))
            {
                foreach (var source in sources)
                {
                    if (!RedisDouble.TryParse(args[++i], out source.Weight))
                    {
                        reply.WriteError(Errors.WeightNotFloat);
                        return;
                    }
                }
            }
            else if (weighted && remaining >= 2 && args.Is(i, "AGGREGATE"u8))
            {
                i++;
                if (args.Is(i, "SUM"u8)) aggregate = Aggregate.Sum;
                else if (args.Is(i, "MIN"u8)) aggregate = Aggregate.Min;
                else if (args.Is(i, "MAX"u8)) aggregate = Aggregate.Max;
                else
                {
                    reply.WriteError(Errors.Syntax);
                    return;
                }
            }
            else if (!destination && !cardinalityOnly && args.Is(i, "WITHSCORES"u8)) withScores = true;
            else if (cardinalityOnly && remaining >= 2 && args.Is(i, "LIMIT"u8))
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
        // Smallest first, stably (glibc's qsort is a merge sort): it decides the order scores are aggregated in.
        if (operation != Operation.Diff) sources = sources.OrderBy(s => s.Count).ToArray();
        if (cardinalityOnly)
        {
            reply.WriteInteger(Intersect(sources, aggregate, limit, result: null));
            return;
        }
        // Built as a skiplist, as Redis builds it: a reply then shows a -0 score as -0.
        var result = new SortedSetValue(session.Server.Config.ZSetListpack, skiplist: true);
        switch (operation)
        {
            case Operation.Inter: Intersect(sources, aggregate, 0, result); break;
            case Operation.Union: Union(sources, aggregate, result); break;
            default: Difference(sources, result); break;
        }
        if (destination)
        {
            result.ConvertToListpackIfFits();
            SortedSetReply.Store(session, args[1], result, command);
        }
        else SortedSetReply.WriteSpan(session, result, new RankSpan(0, result.Count), reverse: false, withScores);
    }

    /// <summary>
    /// The members of the first (smallest) input found in all the others, with their aggregated
    /// scores added to <paramref name="result"/> when given; returns how many, stopping at a nonzero limit.
    /// </summary>
    private static long Intersect(Source[] sources, Aggregate aggregate, long limit, SortedSetValue? result)
    {
        long found = 0;
        foreach (var entry in sources[0].Entries())
        {
            double score = Weighted(sources[0].Weight, entry.Score);
            bool everywhere = true;
            for (int j = 1; j < sources.Length && everywhere; j++)
            {
                everywhere = sources[j].TryGetScore(entry.Member, out double value);
                if (everywhere) score = Combine(score, value * sources[j].Weight, aggregate);
            }
            if (!everywhere) continue;
            found++;
            result?.Set(entry.Member, score);
            if (limit > 0 && found >= limit) break;
        }
        return found;
    }

    private static void Union(Source[] sources, Aggregate aggregate, SortedSetValue result)
    {
        var scores = new KeyTable<double>(sources[^1].Count);
        foreach (var source in sources)
        {
            foreach (var entry in source.Entries())
            {
                double score = Weighted(source.Weight, entry.Score);
                ref double total = ref scores.FindOrAdd(entry.Member, out bool added);
                total = added ? score : Combine(total, score, aggregate);
            }
        }
        foreach (var (member, score) in scores) result.Set(member, score);
    }

    /// <summary>The members of the first input in none of the others, with their scores (no weights here).</summary>
    private static void Difference(Source[] sources, SortedSetValue result)
    {
        foreach (var entry in sources[0].Entries())
        {
            bool elsewhere = false;
            for (int j = 1; j < sources.Length && !elsewhere; j++) elsewhere = sources[j].TryGetScore(entry.Member, out _);
            if (!elsewhere) result.Set(entry.Member, entry.Score);
        }
    }

    /// <summary>A score times its input's weight; inf × 0 counts as 0.</summary>
    private static double Weighted(double weight, double score)
    {
        double value = weight * score;
        return double.IsNaN(value) ? 0 : value;
    }

    /// <summary>zunionInterAggregate: a sum of opposite infinities is 0.</summary>
    private static double Combine(double total, double value, Aggregate aggregate) => aggregate switch
    {
        Aggregate.Sum => double.IsNaN(total + value) ? 0 : total + value,
        Aggregate.Min => value < total ? value : total,
        _ => value > total ? value : total,
    };
}
