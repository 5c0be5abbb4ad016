using HotGears.Engine.Blocking;
using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// BZPOPMIN, BZPOPMAX and BZMPOP (blockingGenericZpopCommand): ZPOPMIN/ZPOPMAX/ZMPOP on the first
/// key holding a sorted set, else the client blocks until ZADD (or anything creating the key)
/// feeds one of them, or times out with a null array.
/// </summary>
internal static class BlockingSortedSetCommands
{
    [Command("BZPOPMIN", -3, Flags = "write noscript blocking fast", FirstKey = 1, LastKey = -2, Step = 1, Group = "sorted_set",
        Summary = "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available",
        Since = "5.0.0", Complexity = "O(log(N)) with N being the number of elements in the sorted set.")]
    public static void BZPopMin(Session session, CommandArgs args) => BlockingPopOne(session, args, max: false);

    [Command("BZPOPMAX", -3, Flags = "write noscript blocking fast", FirstKey = 1, LastKey = -2, Step = 1, Group = "sorted_set",
        Summary = "Remove and return the member with the highest score from one or more sorted sets, or block until one is available",
        Since = "5.0.0", Complexity = "O(log(N)) with N being the number of elements in the sorted set.")]
    public static void BZPopMax(Session session, CommandArgs args) => BlockingPopOne(session, args, max: true);

    /// <summary>BZPOPMIN/BZPOPMAX key [key ...] timeout: replies [key, member, score].</summary>
    private static void BlockingPopOne(Session session, CommandArgs args, bool max)
    {
        if (!BlockingTimeout.TryParse(session, args[^1], out long deadlineMs)) return;
        PopOrBlock(session, args, 1, args.Count - 2, max, count: 1, nested: false, deadlineMs);
    }

    [Command("BZMPOP", -5, Flags = "write blocking movablekeys", Group = "sorted_set",
        Summary = "Remove and return members with scores in a sorted set or block until one is available", Since = "7.0.0",
        Complexity = "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.")]
    public static void BZMPop(Session session, CommandArgs args)
    {
        // As zmpopGenericCommand: the keys and options are checked before the timeout.
        if (!MPopArgs.TryParse(session, args, 2, "MIN"u8, "MAX"u8, out var options)) return;
        if (!BlockingTimeout.TryParse(session, args[1], out long deadlineMs)) return;
        PopOrBlock(session, args, 3, options.KeyCount, options.Second, options.Count, nested: true, deadlineMs);
    }

    private static void PopOrBlock(Session session, CommandArgs args, int firstKey, int keyCount, bool max, long count, bool nested,
        long deadlineMs) =>
        BlockingPops.PopOrBlock<SortedSetValue>(session, args, firstKey, keyCount, deadlineMs,
            (s, key, zset) => SortedSetPopCommands.PopWithKey(s, key, zset, count, max, nested));
}
