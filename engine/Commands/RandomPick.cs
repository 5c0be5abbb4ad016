using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// SRANDMEMBER, HRANDFIELD and ZRANDMEMBER with a count: its parsing, and with a positive count
/// below the size of the collection, distinct random elements picked the two ways Redis picks
/// them (t_set.c / t_hash.c / t_zset.c cases 3 and 4).
/// </summary>
internal static class RandomPick
{
    /// <summary>
    /// HRANDFIELD and ZRANDMEMBER's "key count [WITHVALUES|WITHSCORES]": the count within
    /// ±LONG_MAX, and with pairs within ±LONG_MAX/2. False after replying the error.
    /// </summary>
    public static bool TryParseCount(Session session, CommandArgs args, ReadOnlySpan<byte> pairsOption, out long count, out bool withPairs)
    {
        var reply = session.Reply;
        withPairs = false;
        if (!RedisNumbers.TryParseInt64(args[2], out count))
        {
            reply.WriteError(Errors.NotInteger);
            return false;
        }
        if (count == long.MinValue)
        {
            reply.WriteError(Errors.CountOutOfRange);
            return false;
        }
        if (args.Count > 4 || (args.Count == 4 && !args.Is(3, pairsOption)))
        {
            reply.WriteError(Errors.Syntax);
            return false;
        }
        withPairs = args.Count == 4;
        if (withPairs && (count < -long.MaxValue / 2 || count > long.MaxValue / 2))
        {
            reply.WriteError(Errors.ValueOutOfRange);
            return false;
        }
        return true;
    }

    /// <param name="all">Every element, in a new list.</param>
    /// <param name="sample">One element drawn at random.</param>
    /// <param name="identity">What makes two elements the same one.</param>
    public static List<T> Distinct<T>(int count, int size, Func<List<T>> all, Func<T> sample, Func<T, byte[]> identity)
    {
        if ((long)count * 3 > size)
        {
            // Close to the whole collection: drawing until enough distinct ones show up would be slow.
            var items = all();
            for (int i = 0; i < count; i++)
            {
                int j = Random.Shared.Next(i, items.Count);
                (items[i], items[j]) = (items[j], items[i]);
            }
            items.RemoveRange(count, items.Count - count);
            return items;
        }
        var seen = new HashSet<byte[]>(ByteArrayComparer.Instance);
        var picked = new List<T>(count);
        while (picked.Count < count)
        {
            var item = sample();
            if (seen.Add(identity(item))) picked.Add(item);
        }
        return picked;
    }
}
