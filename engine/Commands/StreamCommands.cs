using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// Stream entry commands (t_stream.c): XADD XLEN XRANGE XREVRANGE XDEL XTRIM XSETID. Unlike the
/// other types, a stream that loses its last entry stays in the keyspace.
/// </summary>
internal static class StreamCommands
{
    [Command("XADD", -5, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "stream",
        Summary = "Appends a new entry to a stream", Since = "5.0.0",
        Complexity = "O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.")]
    public static void XAdd(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!StreamTrimArgs.TryParse(session, args, xadd: true, out var options)) return;
        int fieldsAt = options.IdIndex + 1;
        int pairs = args.Count - fieldsAt;
        if (pairs < 2 || pairs % 2 == 1)
        {
            reply.WriteError(Errors.WrongArity("xadd"));
            return;
        }
        if (options.Id is { IsZero: true } && options.SeqGiven)
        {
            reply.WriteError("ERR The ID specified in XADD must be greater than 0-0"u8);
            return;
        }
        if (!ValueLookup.TryWrite(session, args[1], out StreamValue? stream)) return;
        if (stream == null && options.NoMakeStream)
        {
            reply.WriteNull();
            return;
        }
        var current = stream ?? new StreamValue();
        if (current.LastId == StreamId.Max)
        {
            reply.WriteError("ERR The stream has exhausted the last possible ID, unable to add more items"u8);
            return;
        }
        if (!TryNewId(current, options, session.Server.NowMs, out var id))
        {
            reply.WriteError("ERR The ID specified in XADD is equal or smaller than the target stream top item"u8);
            return;
        }
        if (stream == null) session.Db.Add(args[1], current);
        var config = session.Server.Config;
        var fields = new byte[args.Count - fieldsAt][];
        for (int i = 0; i < fields.Length; i++) fields[i] = args.ToArray(fieldsAt + i);
        current.Append(id, fields, config.StreamNodeMaxBytes, config.StreamNodeMaxEntries);
        StreamArgs.WriteId(reply, id);
        StreamArgs.Notify(session, "xadd", args[1]);
        session.Server.Blocking.SignalReady(session.Db.Index, args[1]); // wakes XREAD/XREADGROUP ... BLOCK
        if (options.Apply(current) > 0) StreamArgs.Notify(session, "xtrim", args[1]);
    }

    /// <summary>The ID of the entry to add (streamAppendItem); false when it would not be above the last ID.</summary>
    private static bool TryNewId(StreamValue stream, in StreamTrimArgs options, long nowMs, out StreamId id)
    {
        var last = stream.LastId;
        if (options.Id is not { } given) id = stream.NextAutoId(nowMs);
        else if (options.SeqGiven || last.Ms != given.Ms) id = given;
        else if (last.Seq == ulong.MaxValue)
        {
            id = given;
            return false;
        }
        else id = new StreamId(last.Ms, last.Seq + 1);
        return id > last;
    }

    [Command("XLEN", 2, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "stream",
        Summary = "Return the number of entries in a stream", Since = "5.0.0", Complexity = "O(1)")]
    public static void XLen(Session session, CommandArgs args)
    {
        if (ValueLookup.TryRead(session, args[1], out StreamValue? stream)) session.Reply.WriteInteger(stream?.Length ?? 0);
    }

    [Command("XRANGE", -4, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "stream",
        Summary = "Return a range of elements in a stream, with IDs matching the specified IDs interval", Since = "5.0.0",
        Complexity = "O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).")]
    public static void XRange(Session session, CommandArgs args) => Range(session, args, reverse: false);

    [Command("XREVRANGE", -4, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "stream",
        Summary = "Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE", Since = "5.0.0",
        Complexity = "O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).")]
    public static void XRevRange(Session session, CommandArgs args) => Range(session, args, reverse: true);

    private static void Range(Session session, CommandArgs args, bool reverse)
    {
        var reply = session.Reply;
        if (!StreamArgs.TryParseIntervalEnd(session, args[reverse ? 3 : 2], isStart: true, out var start)) return;
        if (!StreamArgs.TryParseIntervalEnd(session, args[reverse ? 2 : 3], isStart: false, out var end)) return;
        long count = -1;
        for (int i = 4; i < args.Count; i++)
        {
            if (!args.Is(i, "COUNT"u8) || i + 1 >= args.Count)
            {
                reply.WriteError(Errors.Syntax);
                return;
            }
            if (!StreamArgs.TryParseLong(session, args[++i], out count)) return;
            if (count < 0) count = 0;
        }
        if (!ValueLookup.TryRead(session, args[1], out StreamValue? stream)) return;
        if (stream == null) reply.WriteArrayHeader(0);
        else if (count == 0) reply.WriteNullArray();
        else StreamArgs.WriteEntries(reply, stream.Range(start, end, Math.Max(count, 0), reverse));
    }

    [Command("XDEL", -3, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "stream",
        Summary = "Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.",
        Since = "5.0.0", Complexity = "O(1) for each single item to delete in the stream, regardless of the stream size.")]
    public static void XDel(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryWrite(session, args[1], out StreamValue? stream)) return;
        if (stream == null)
        {
            session.Reply.WriteInteger(0);
            return;
        }
        if (!TryParseIds(session, args, 2, out var ids)) return;
        int deleted = 0;
        foreach (var id in ids)
            if (stream.Delete(id)) deleted++;
        if (deleted > 0) StreamArgs.Notify(session, "xdel", args[1]);
        session.Reply.WriteInteger(deleted);
    }

    /// <summary>Parses every ID from <paramref name="from"/> on (strictly) before anything is changed.</summary>
    internal static bool TryParseIds(Session session, CommandArgs args, int from, out StreamId[] ids)
    {
        ids = new StreamId[args.Count - from];
        for (int i = 0; i < ids.Length; i++)
            if (!StreamArgs.TryParseId(session, args[from + i], out ids[i], strict: true)) return false;
        return true;
    }

    [Command("XTRIM", -4, Flags = "write", FirstKey = 1, LastKey = 1, Step = 1, Group = "stream",
        Summary = "Trims the stream to (approximately if '~' is passed) a certain size", Since = "5.0.0",
        Complexity = "O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.")]
    public static void XTrim(Session session, CommandArgs args)
    {
        if (!StreamTrimArgs.TryParse(session, args, xadd: false, out var options)) return;
        if (!ValueLookup.TryWrite(session, args[1], out StreamValue? stream)) return;
        long deleted = stream == null ? 0 : options.Apply(stream);
        if (deleted > 0) StreamArgs.Notify(session, "xtrim", args[1]);
        session.Reply.WriteInteger(deleted);
    }

    [Command("XSETID", -3, Flags = "write denyoom fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "stream",
        Summary = "An internal command for replicating stream values", Since = "5.0.0", Complexity = "O(1)")]
    public static void XSetId(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!StreamArgs.TryParseId(session, args[2], out var id, strict: true)) return;
        long entriesAdded = -1;
        var maxDeleted = StreamId.Min;
        for (int i = 3; i < args.Count; i += 2)
        {
            bool more = i + 1 < args.Count;
            if (args.Is(i, "ENTRIESADDED"u8) && more)
            {
                if (!StreamArgs.TryParseLong(session, args[i + 1], out entriesAdded)) return;
                if (entriesAdded < 0)
                {
                    reply.WriteError("ERR entries_added must be positive"u8);
                    return;
                }
            }
            else if (args.Is(i, "MAXDELETEDID"u8) && more)
            {
                if (!StreamArgs.TryParseId(session, args[i + 1], out maxDeleted, strict: true)) return;
                if (id < maxDeleted)
                {
                    reply.WriteError("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id"u8);
                    return;
                }
            }
            else
            {
                reply.WriteError(Errors.Syntax);
                return;
            }
        }
        if (!ValueLookup.TryWrite(session, args[1], out StreamValue? stream)) return;
        if (stream == null)
        {
            reply.WriteError(Errors.NoSuchKey);
            return;
        }
        if (stream.Length > 0)
        {
            if (id < stream[stream.Length - 1].Id)
            {
                reply.WriteError("ERR The ID specified in XSETID is smaller than the target stream top item"u8);
                return;
            }
            if (entriesAdded != -1 && stream.Length > entriesAdded)
            {
                reply.WriteError("ERR The entries_added specified in XSETID is smaller than the target stream length"u8);
                return;
            }
        }
        stream.LastId = id;
        if (entriesAdded != -1) stream.EntriesAdded = entriesAdded;
        if (!maxDeleted.IsZero) stream.MaxDeletedId = maxDeleted;
        reply.WriteOk();
        StreamArgs.Notify(session, "xsetid", args[1]);
    }
}
