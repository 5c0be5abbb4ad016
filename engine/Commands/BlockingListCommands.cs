using HotGears.Engine.Blocking;
using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// The blocking list pops (t_list.c, blocked.c): they act as their non-blocking forms when a key
/// has elements; otherwise the client blocks (<see cref="Session.Block"/>) and is served later
/// from the first of its keys to get elements, or times out with a null array. A client that
/// may not block (inside MULTI) gets the timeout reply at once.
/// </summary>
internal static class BlockingListCommands
{
    [Command("BLPOP", -3, Flags = "write noscript blocking", FirstKey = 1, LastKey = -2, Step = 1, Group = "list",
        Summary = "Remove and get the first element in a list, or block until one is available", Since = "2.0.0",
        Complexity = "O(N) where N is the number of provided keys.")]
    public static void BLPop(Session session, CommandArgs args) => BlockingPop(session, args, ListEnd.Left);

    [Command("BRPOP", -3, Flags = "write noscript blocking", FirstKey = 1, LastKey = -2, Step = 1, Group = "list",
        Summary = "Remove and get the last element in a list, or block until one is available", Since = "2.0.0",
        Complexity = "O(N) where N is the number of provided keys.")]
    public static void BRPop(Session session, CommandArgs args) => BlockingPop(session, args, ListEnd.Right);

    private static void BlockingPop(Session session, CommandArgs args, ListEnd end)
    {
        if (!BlockingTimeout.TryParse(session, args[^1], out long deadlineMs)) return;
        PopOrBlock(session, args, 1, args.Count - 2, end, count: -1, deadlineMs);
    }

    [Command("BLMPOP", -5, Flags = "write blocking movablekeys", Group = "list",
        Summary = "Pop elements from a list, or block until one is available", Since = "7.0.0",
        Complexity = "O(N+M) where N is the number of provided keys and M is the number of elements returned.")]
    public static void BLMPop(Session session, CommandArgs args)
    {
        if (!ListCommands.TryParseMPop(session, args, 2, out var options)) return;
        if (!BlockingTimeout.TryParse(session, args[1], out long deadlineMs)) return;
        PopOrBlock(session, args, 3, options.KeyCount, options.End, options.Count, deadlineMs);
    }

    /// <summary><paramref name="count"/> -1 replies [key, element], otherwise [key, [elements]].</summary>
    private static void PopOrBlock(Session session, CommandArgs args, int firstKey, int keyCount, ListEnd end, long count, long deadlineMs) =>
        BlockingPops.PopOrBlock<ListValue>(session, args, firstKey, keyCount, deadlineMs,
            (s, key, list) => ListCommands.PopWithKey(s, key, list, end, count));

    [Command("BLMOVE", 6, Flags = "write denyoom noscript blocking", FirstKey = 1, LastKey = 2, Step = 1, Group = "list",
        Summary = "Pop an element from a list, push it to another list and return it; or block until one is available",
        Since = "6.2.0", Complexity = "O(1)")]
    public static void BLMove(Session session, CommandArgs args)
    {
        if (!ListCommands.TryParseEnd(session, args[3], out var from) || !ListCommands.TryParseEnd(session, args[4], out var to)) return;
        if (!BlockingTimeout.TryParse(session, args[5], out long deadlineMs)) return;
        MoveOrBlock(session, args, from, to, deadlineMs);
    }

    [Command("BRPOPLPUSH", 4, Flags = "write denyoom noscript blocking", FirstKey = 1, LastKey = 2, Step = 1, Group = "list",
        Summary = "Pop an element from a list, push it to another list and return it; or block until one is available",
        Since = "2.2.0", Complexity = "O(1)")]
    public static void BRPopLPush(Session session, CommandArgs args)
    {
        if (!BlockingTimeout.TryParse(session, args[3], out long deadlineMs)) return;
        MoveOrBlock(session, args, ListEnd.Right, ListEnd.Left, deadlineMs);
    }

    /// <summary>
    /// blmoveGenericCommand: moves at once when the source has elements, else blocks on the
    /// source. Served later, a destination of another type gets the client a WRONGTYPE reply.
    /// </summary>
    private static void MoveOrBlock(Session session, CommandArgs args, ListEnd from, ListEnd to, long deadlineMs)
    {
        if (!ValueLookup.TryWrite(session, args[1], out ListValue? source)) return;
        if (source != null)
        {
            ListCommands.Move(session, args[1], source, args[2], from, to);
            return;
        }
        if (!session.CanBlock)
        {
            session.Reply.WriteNull(); // unlike a timeout, which replies a null array
            return;
        }
        byte[] destination = args.ToArray(2);
        session.Block([args.ToArray(1)], deadlineMs, key =>
        {
            if (session.Db.Get(key) is not ListValue list) return false;
            ListCommands.Move(session, key, list, destination, from, to);
            return true;
        });
    }
}
