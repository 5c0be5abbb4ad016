using System.Text;
using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// List commands (t_list.c). A list whose last element goes is deleted, firing `del`. Replies and
/// events come in the order Redis writes and fires them. Creating a list key wakes clients
/// blocked on it (the database signals every created key, as Redis's dbAdd).
/// </summary>
internal static class ListCommands
{
    [Command("LPUSH", -3, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Prepend one or multiple elements to a list", Since = "1.0.0",
        Complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")]
    public static void LPush(Session session, CommandArgs args) => Push(session, args, ListEnd.Left, onlyIfExists: false);

    [Command("RPUSH", -3, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Append one or multiple elements to a list", Since = "1.0.0",
        Complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")]
    public static void RPush(Session session, CommandArgs args) => Push(session, args, ListEnd.Right, onlyIfExists: false);

    [Command("LPUSHX", -3, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Prepend an element to a list, only if the list exists", Since = "2.2.0",
        Complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")]
    public static void LPushX(Session session, CommandArgs args) => Push(session, args, ListEnd.Left, onlyIfExists: true);

    [Command("RPUSHX", -3, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Append an element to a list, only if the list exists", Since = "2.2.0",
        Complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")]
    public static void RPushX(Session session, CommandArgs args) => Push(session, args, ListEnd.Right, onlyIfExists: true);

    private static void Push(Session session, CommandArgs args, ListEnd end, bool onlyIfExists)
    {
        if (!ValueLookup.TryWrite(session, args[1], out ListValue? list)) return;
        if (list == null)
        {
            if (onlyIfExists)
            {
                session.Reply.WriteInteger(0);
                return;
            }
            list = new ListValue();
            session.Db.Set(args[1], list);
        }
        for (int i = 2; i < args.Count; i++) list.Push(args.ToArray(i), end);
        session.Reply.WriteInteger(list.Count);
        Notify(session, end == ListEnd.Left ? "lpush" : "rpush", args[1]);
    }

    [Command("LPOP", -2, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Remove and get the first elements in a list", Since = "1.0.0",
        Complexity = "O(N) where N is the number of elements returned")]
    public static void LPop(Session session, CommandArgs args) => Pop(session, args, ListEnd.Left);

    [Command("RPOP", -2, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Remove and get the last elements in a list", Since = "1.0.0",
        Complexity = "O(N) where N is the number of elements returned")]
    public static void RPop(Session session, CommandArgs args) => Pop(session, args, ListEnd.Right);

    /// <summary>[LR]POP key [count]: a bulk without count, an array with one (a null array for a missing key).</summary>
    private static void Pop(Session session, CommandArgs args, ListEnd end)
    {
        var reply = session.Reply;
        if (args.Count > 3)
        {
            reply.WriteError(Errors.WrongArity(args.GetString(0).ToLowerInvariant()));
            return;
        }
        bool hasCount = args.Count == 3;
        long count = 0;
        if (hasCount && (!RedisNumbers.TryParseInt64(args[2], out count) || count < 0))
        {
            reply.WriteError(Errors.MustBePositive);
            return;
        }
        if (!ValueLookup.TryWrite(session, args[1], out ListValue? list)) return;
        if (list == null)
        {
            if (hasCount) reply.WriteNullArray();
            else reply.WriteNull();
            return;
        }
        if (!hasCount)
        {
            reply.WriteBulk(list.Pop(end));
            ElementsRemoved(session, args[1], list, end);
            return;
        }
        if (count == 0)
        {
            reply.WriteArrayHeader(0);
            return;
        }
        PopRange(reply, list, end, count);
        ElementsRemoved(session, args[1], list, end);
    }

    [Command("LMPOP", -4, Flags = "write movablekeys", Group = "list",
        Summary = "Pop elements from a list", Since = "7.0.0",
        Complexity = "O(N+M) where N is the number of provided keys and M is the number of elements returned.")]
    public static void LMPop(Session session, CommandArgs args)
    {
        if (!TryParseMPop(session, args, 1, out var options)) return;
        for (int i = 0; i < options.KeyCount; i++)
        {
            var key = args[2 + i];
            if (!ValueLookup.TryWrite(session, key, out ListValue? list)) return;
            if (list == null) continue;
            PopWithKey(session, key, list, options.End, options.Count);
            return;
        }
        session.Reply.WriteNullArray();
    }

    [Command("LLEN", 2, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Get the length of a list", Since = "1.0.0", Complexity = "O(1)")]
    public static void LLen(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryRead(session, args[1], out ListValue? list)) return;
        session.Reply.WriteInteger(list?.Count ?? 0);
    }

    [Command("LINDEX", 3, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Get an element from a list by its index", Since = "1.0.0",
        Complexity = "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).")]
    public static void LIndex(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!ValueLookup.TryRead(session, args[1], out ListValue? list)) return;
        if (list == null)
        {
            reply.WriteNull();
            return;
        }
        if (!TryParseLong(session, args[2], out long index)) return;
        int position = list.Resolve(index);
        if (position < 0) reply.WriteNull();
        else reply.WriteBulk(list[position]);
    }

    [Command("LSET", 4, Flags = "write denyoom", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Set the value of an element in a list by its index", Since = "1.0.0",
        Complexity = "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).")]
    public static void LSet(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!ValueLookup.TryWrite(session, args[1], out ListValue? list)) return;
        if (list == null)
        {
            reply.WriteError(Errors.NoSuchKey);
            return;
        }
        if (!TryParseLong(session, args[2], out long index)) return;
        int position = list.Resolve(index);
        if (position < 0)
        {
            reply.WriteError(Errors.OutOfRange);
            return;
        }
        list[position] = args.ToArray(3);
        reply.WriteOk();
        Notify(session, "lset", args[1]);
    }

    [Command("LRANGE", 4, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Get a range of elements from a list", Since = "1.0.0",
        Complexity = "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.")]
    public static void LRange(Session session, CommandArgs args)
    {
        if (!TryParseLong(session, args[2], out long start) || !TryParseLong(session, args[3], out long stop)) return;
        if (!ValueLookup.TryRead(session, args[1], out ListValue? list)) return;
        var (first, count) = list == null ? (0, 0) : ClampRange(list.Count, start, stop);
        session.Reply.WriteArrayHeader(count);
        for (int i = 0; i < count; i++) session.Reply.WriteBulk(list![first + i]);
    }

    [Command("LTRIM", 4, Flags = "write", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Trim a list to the specified range", Since = "1.0.0",
        Complexity = "O(N) where N is the number of elements to be removed by the operation.")]
    public static void LTrim(Session session, CommandArgs args)
    {
        if (!TryParseLong(session, args[2], out long start) || !TryParseLong(session, args[3], out long stop)) return;
        if (!ValueLookup.TryWrite(session, args[1], out ListValue? list)) return;
        if (list != null)
        {
            var (first, count) = ClampRange(list.Count, start, stop);
            list.RemoveFromEnd(list.Count - first - count, ListEnd.Right);
            list.RemoveFromEnd(first, ListEnd.Left);
            Notify(session, "ltrim", args[1]);
            DeleteIfEmpty(session, args[1], list);
        }
        session.Reply.WriteOk();
    }

    [Command("LREM", 4, Flags = "write", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Remove elements from a list", Since = "1.0.0",
        Complexity = "O(N+M) where N is the length of the list and M is the number of elements removed.")]
    public static void LRem(Session session, CommandArgs args)
    {
        if (!TryParseLong(session, args[2], out long toRemove)) return;
        if (!ValueLookup.TryWrite(session, args[1], out ListValue? list)) return;
        if (list == null)
        {
            session.Reply.WriteInteger(0);
            return;
        }
        // A negative count scans from the tail; -LONG_MIN overflows in Redis and so removes all, as 0 does.
        long limit = toRemove == long.MinValue ? 0 : Math.Abs(toRemove);
        long removed = list.RemoveMatching(args[3], limit, fromTail: toRemove < 0);
        if (removed > 0) Notify(session, "lrem", args[1]);
        DeleteIfEmpty(session, args[1], list);
        session.Reply.WriteInteger(removed);
    }

    [Command("LINSERT", 5, Flags = "write denyoom", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Insert an element before or after another element in a list", Since = "2.2.0",
        Complexity = "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).")]
    public static void LInsert(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        bool after = args.Is(2, "AFTER"u8);
        if (!after && !args.Is(2, "BEFORE"u8))
        {
            reply.WriteError(Errors.Syntax);
            return;
        }
        if (!ValueLookup.TryWrite(session, args[1], out ListValue? list)) return;
        if (list == null)
        {
            reply.WriteInteger(0);
            return;
        }
        int pivot = list.IndexOf(args[3]);
        if (pivot < 0)
        {
            reply.WriteInteger(-1);
            return;
        }
        list.Insert(after ? pivot + 1 : pivot, args.ToArray(4));
        Notify(session, "linsert", args[1]);
        reply.WriteInteger(list.Count);
    }

    [Command("LPOS", -3, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "list",
        Summary = "Return the index of matching elements on a list", Since = "6.0.6",
        Complexity = "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.")]
    public static void LPos(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        long rank = 1, count = -1, maxLength = 0; // count -1: no COUNT option
        for (int i = 3; i < args.Count; i++)
        {
            bool hasValue = i + 1 < args.Count;
            if (hasValue && args.Is(i, "RANK"u8))
            {
                if (!TryParseLong(session, args[++i], out rank)) return;
                if (rank == 0)
                {
                    reply.WriteError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
                    return;
                }
            }
            else if (hasValue && args.Is(i, "COUNT"u8))
            {
                if (!TryParseNonNegative(session, args[++i], "ERR COUNT can't be negative", out count)) return;
            }
            else if (hasValue && args.Is(i, "MAXLEN"u8))
            {
                if (!TryParseNonNegative(session, args[++i], "ERR MAXLEN can't be negative", out maxLength)) return;
            }
            else
            {
                reply.WriteError(Errors.Syntax);
                return;
            }
        }
        bool fromTail = rank < 0;
        if (fromTail) rank = unchecked(-rank); // RANK -LONG_MIN stays negative, so every match qualifies, as in Redis

        if (!ValueLookup.TryRead(session, args[1], out ListValue? list)) return;
        var matches = new List<long>();
        if (list != null) FindMatches(list, args[2], rank, count, maxLength, fromTail, matches);
        if (count != -1)
        {
            reply.WriteArrayHeader(matches.Count);
            foreach (long index in matches) reply.WriteInteger(index);
        }
        else if (matches.Count == 0) reply.WriteNull();
        else reply.WriteInteger(matches[0]);
    }

    /// <summary>LPOS's scan: the indexes of the matches from the rank-th on, up to count of them (one without COUNT, all for 0).</summary>
    private static void FindMatches(ListValue list, ReadOnlySpan<byte> element, long rank, long count, long maxLength, bool fromTail, List<long> found)
    {
        long matches = 0;
        for (int scanned = 0; scanned < list.Count && (maxLength == 0 || scanned < maxLength); scanned++)
        {
            int index = fromTail ? list.Count - 1 - scanned : scanned;
            if (!list[index].AsSpan().SequenceEqual(element)) continue;
            matches++;
            if (matches < rank) continue;
            found.Add(index);
            if (count == -1 || (count != 0 && unchecked(matches - rank + 1) >= count)) return;
        }
    }

    [Command("LMOVE", 5, Flags = "write denyoom", FirstKey = 1, LastKey = 2, Step = 1, Group = "list",
        Summary = "Pop an element from a list, push it to another list and return it", Since = "6.2.0", Complexity = "O(1)")]
    public static void LMove(Session session, CommandArgs args)
    {
        if (!TryParseEnd(session, args[3], out var from) || !TryParseEnd(session, args[4], out var to)) return;
        MoveIfAny(session, args[1], args[2], from, to);
    }

    [Command("RPOPLPUSH", 3, Flags = "write denyoom", FirstKey = 1, LastKey = 2, Step = 1, Group = "list",
        Summary = "Remove the last element in a list, prepend it to another list and return it", Since = "1.2.0", Complexity = "O(1)")]
    public static void RPopLPush(Session session, CommandArgs args) => MoveIfAny(session, args[1], args[2], ListEnd.Right, ListEnd.Left);

    /// <summary>LMOVE: nil when the source is missing.</summary>
    private static void MoveIfAny(Session session, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ListEnd from, ListEnd to)
    {
        if (!ValueLookup.TryWrite(session, source, out ListValue? list)) return;
        if (list == null) session.Reply.WriteNull();
        else Move(session, source, list, destination, from, to);
    }

    /// <summary>
    /// Moves one element from <paramref name="source"/> (a non-empty list) to the destination
    /// list, created if missing, and replies with it; WRONGTYPE when the destination is not a
    /// list. Events: the push, then the pop, then `del` if the source emptied (lmoveGenericCommand).
    /// </summary>
    internal static void Move(Session session, ReadOnlySpan<byte> source, ListValue list, ReadOnlySpan<byte> destination, ListEnd from, ListEnd to)
    {
        if (!ValueLookup.TryWrite(session, destination, out ListValue? target)) return;
        byte[] value = list.Pop(from);
        if (target == null)
        {
            target = new ListValue();
            session.Db.Set(destination, target);
        }
        target.Push(value, to);
        Notify(session, to == ListEnd.Left ? "lpush" : "rpush", destination);
        session.Reply.WriteBulk(value);
        Notify(session, from == ListEnd.Left ? "lpop" : "rpop", source);
        DeleteIfEmpty(session, source, list);
    }

    /// <summary>
    /// Pops for a multi-key pop that chose <paramref name="key"/>: [key, element] for BLPOP/BRPOP
    /// (<paramref name="count"/> -1), [key, [elements...]] for LMPOP/BLMPOP.
    /// </summary>
    internal static void PopWithKey(Session session, ReadOnlySpan<byte> key, ListValue list, ListEnd end, long count)
    {
        var reply = session.Reply;
        reply.WriteArrayHeader(2);
        reply.WriteBulk(key);
        if (count == -1) reply.WriteBulk(list.Pop(end));
        else PopRange(reply, list, end, count);
        ElementsRemoved(session, key, list, end);
    }

    /// <summary>Replies with up to <paramref name="count"/> elements from one end, in popping order, and removes them.</summary>
    private static void PopRange(RespWriter reply, ListValue list, ListEnd end, long count)
    {
        int taken = (int)Math.Min(count, list.Count);
        reply.WriteArrayHeader(taken);
        for (int i = 0; i < taken; i++) reply.WriteBulk(list[end == ListEnd.Left ? i : list.Count - 1 - i]);
        list.RemoveFromEnd(taken, end);
    }

    /// <summary>listElementsRemoved: the pop event, then the key's deletion if the list emptied.</summary>
    private static void ElementsRemoved(Session session, ReadOnlySpan<byte> key, ListValue list, ListEnd end)
    {
        Notify(session, end == ListEnd.Left ? "lpop" : "rpop", key);
        DeleteIfEmpty(session, key, list);
    }

    private static void DeleteIfEmpty(Session session, ReadOnlySpan<byte> key, ListValue list)
    {
        if (list.Count != 0) return;
        session.Db.Delete(key);
        session.Server.Events.NotifyDeleted(key, session.Db.Index);
    }

    /// <summary>The options of LMPOP/BLMPOP after their numkeys argument.</summary>
    internal readonly record struct MPopOptions(int KeyCount, ListEnd End, long Count);

    /// <summary>Parses "numkeys key... LEFT|RIGHT [COUNT n]" from <paramref name="numKeysIndex"/>; false after replying the error.</summary>
    internal static bool TryParseMPop(Session session, CommandArgs args, int numKeysIndex, out MPopOptions options)
    {
        bool parsed = MPopArgs.TryParse(session, args, numKeysIndex, "LEFT"u8, "RIGHT"u8, out var mpop);
        options = new MPopOptions(mpop.KeyCount, mpop.Second ? ListEnd.Right : ListEnd.Left, mpop.Count);
        return parsed;
    }

    /// <summary>LEFT or RIGHT, case-insensitive; false after replying a syntax error.</summary>
    internal static bool TryParseEnd(Session session, ReadOnlySpan<byte> text, out ListEnd end)
    {
        end = Ascii.EqualsIgnoreCase(text, "RIGHT"u8) ? ListEnd.Right : ListEnd.Left;
        if (end == ListEnd.Right || Ascii.EqualsIgnoreCase(text, "LEFT"u8)) return true;
        session.Reply.WriteError(Errors.Syntax);
        return false;
    }

    /// <summary>Clamps LRANGE/LTRIM indexes (negative from the tail) to the first position and length of the range.</summary>
    private static (int First, int Count) ClampRange(int length, long start, long stop)
    {
        if (start < 0) start += length;
        if (stop < 0) stop += length;
        if (start < 0) start = 0;
        if (start > stop || start >= length) return (0, 0);
        if (stop >= length) stop = length - 1;
        return ((int)start, (int)(stop - start + 1));
    }

    private static bool TryParseLong(Session session, ReadOnlySpan<byte> text, out long value)
    {
        if (RedisNumbers.TryParseInt64(text, out value)) return true;
        session.Reply.WriteError(Errors.NotInteger);
        return false;
    }

    private static bool TryParseNonNegative(Session session, ReadOnlySpan<byte> text, string error, out long value)
    {
        if (RedisNumbers.TryParseInt64(text, out value) && value >= 0) return true;
        session.Reply.WriteError(error);
        return false;
    }

    private static void Notify(Session session, string eventName, ReadOnlySpan<byte> key) =>
        session.Server.Events.Notify(NotifyFlags.List, eventName, key, session.Db.Index);
}
