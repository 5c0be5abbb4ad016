using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Consumer group commands (t_stream.c): XGROUP, XACK, XPENDING.</summary>
internal static class StreamGroupCommands
{
    private static readonly string[] Help =
    [
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.",
    ];

    [Command("XGROUP|HELP", 2, Flags = "loading stale", Since = "5.0.0",
        Summary = "Show helpful text about the different subcommands", Complexity = "O(1)")]
    public static void XGroupHelp(Session session, CommandArgs args) => HelpReply.Write(session, args, Help);

    /// <summary>What every XGROUP subcommand but HELP starts with (the head of xgroupCommand).</summary>
    private ref struct GroupTarget
    {
        public StreamValue? Stream;
        public ConsumerGroup? Group;
        public bool MakeStream;
        public long EntriesRead;
    }

    /// <summary>
    /// Parses CREATE/SETID options, looks the key and the group up, and checks that they exist
    /// where the subcommand needs them; false after replying an error.
    /// </summary>
    private static bool TryResolve(Session session, CommandArgs args, out GroupTarget target)
    {
        target = new GroupTarget { EntriesRead = ConsumerGroup.UnknownEntriesRead };
        var reply = session.Reply;
        bool create = args.Is(1, "CREATE"u8), setId = args.Is(1, "SETID"u8);
        for (int i = 5; i < args.Count;)
        {
            if (create && args.Is(i, "MKSTREAM"u8))
            {
                target.MakeStream = true;
                i++;
            }
            else if ((create || setId) && args.Is(i, "ENTRIESREAD"u8) && i + 1 < args.Count)
            {
                if (!StreamArgs.TryParseLong(session, args[i + 1], out target.EntriesRead)) return false;
                if (target.EntriesRead < 0 && target.EntriesRead != ConsumerGroup.UnknownEntriesRead)
                {
                    reply.WriteError("ERR value for ENTRIESREAD must be positive or -1"u8);
                    return false;
                }
                i += 2;
            }
            else
            {
                reply.WriteError(Errors.SubcommandSyntax(args));
                return false;
            }
        }
        if (!ValueLookup.TryWrite(session, args[2], out target.Stream)) return false;
        if (target.MakeStream) return true;
        if (target.Stream == null)
        {
            reply.WriteError("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."u8);
            return false;
        }
        target.Group = target.Stream.FindGroup(args[3]);
        if (target.Group == null && (setId || args.Is(1, "CREATECONSUMER"u8) || args.Is(1, "DELCONSUMER"u8)))
        {
            reply.WriteError(StreamArgs.NoGroupForKey(args.GetString(3), args.GetString(2)));
            return false;
        }
        return true;
    }

    [Command("XGROUP|CREATE", -5, Flags = "write denyoom", FirstKey = 2, LastKey = 2, Step = 1, Since = "5.0.0",
        Summary = "Create a consumer group.", Complexity = "O(1)")]
    public static void XGroupCreate(Session session, CommandArgs args)
    {
        if (!TryResolve(session, args, out var target)) return;
        var reply = session.Reply;
        if (args.Count > 8)
        {
            reply.WriteError(Errors.SubcommandSyntax(args));
            return;
        }
        StreamId id;
        if (args[4].SequenceEqual("$"u8)) id = target.Stream?.LastId ?? StreamId.Min;
        else if (!StreamArgs.TryParseId(session, args[4], out id, strict: true)) return;
        var stream = target.Stream;
        if (stream == null)
        {
            stream = new StreamValue();
            session.Db.Add(args[2], stream);
        }
        if (stream.CreateGroup(args[3], id, target.EntriesRead) == null)
        {
            reply.WriteError("BUSYGROUP Consumer Group name already exists"u8);
            return;
        }
        reply.WriteOk();
        StreamArgs.Notify(session, "xgroup-create", args[2]);
    }

    [Command("XGROUP|SETID", -5, Flags = "write", FirstKey = 2, LastKey = 2, Step = 1, Since = "5.0.0",
        Summary = "Set a consumer group to an arbitrary last delivered ID value.", Complexity = "O(1)")]
    public static void XGroupSetId(Session session, CommandArgs args)
    {
        if (!TryResolve(session, args, out var target)) return;
        if (args.Count != 5 && args.Count != 7)
        {
            session.Reply.WriteError(Errors.SubcommandSyntax(args));
            return;
        }
        StreamId id;
        if (args[4].SequenceEqual("$"u8)) id = target.Stream!.LastId;
        else if (!StreamArgs.TryParseId(session, args[4], out id)) return;
        target.Group!.LastDelivered = id;
        target.Group.EntriesRead = target.EntriesRead;
        session.Reply.WriteOk();
        StreamArgs.Notify(session, "xgroup-setid", args[2]);
    }

    [Command("XGROUP|DESTROY", 4, Flags = "write", FirstKey = 2, LastKey = 2, Step = 1, Since = "5.0.0",
        Summary = "Destroy a consumer group.",
        Complexity = "O(N) where N is the number of entries in the group's pending entries list (PEL).")]
    public static void XGroupDestroy(Session session, CommandArgs args)
    {
        if (!TryResolve(session, args, out var target)) return;
        if (target.Group == null)
        {
            session.Reply.WriteInteger(0);
            return;
        }
        target.Stream!.DestroyGroup(args[3]);
        session.Reply.WriteInteger(1);
        StreamArgs.Notify(session, "xgroup-destroy", args[2]);
        session.Server.Blocking.SignalReady(session.Db.Index, args[2]); // its blocked readers get NOGROUP
    }

    [Command("XGROUP|CREATECONSUMER", 5, Flags = "write denyoom", FirstKey = 2, LastKey = 2, Step = 1, Since = "6.2.0",
        Summary = "Create a consumer in a consumer group.", Complexity = "O(1)")]
    public static void XGroupCreateConsumer(Session session, CommandArgs args)
    {
        if (!TryResolve(session, args, out var target)) return;
        bool created = target.Group!.CreateConsumer(args[4], session.Server.NowMs) != null;
        session.Reply.WriteInteger(created ? 1 : 0);
        if (created) StreamArgs.Notify(session, "xgroup-createconsumer", args[2]);
    }

    [Command("XGROUP|DELCONSUMER", 5, Flags = "write", FirstKey = 2, LastKey = 2, Step = 1, Since = "5.0.0",
        Summary = "Delete a consumer from a consumer group.", Complexity = "O(1)")]
    public static void XGroupDelConsumer(Session session, CommandArgs args)
    {
        if (!TryResolve(session, args, out var target)) return;
        var consumer = target.Group!.FindConsumer(args[4]);
        long pending = consumer == null ? 0 : target.Group.DeleteConsumer(consumer);
        session.Reply.WriteInteger(pending);
        if (consumer != null) StreamArgs.Notify(session, "xgroup-delconsumer", args[2]);
    }

    [Command("XACK", -4, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "stream",
        Summary = "Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.",
        Since = "5.0.0", Complexity = "O(1) for each message ID processed.")]
    public static void XAck(Session session, CommandArgs args)
    {
        if (!ValueLookup.TryRead(session, args[1], out StreamValue? stream)) return;
        var group = stream?.FindGroup(args[2]);
        if (group == null)
        {
            session.Reply.WriteInteger(0);
            return;
        }
        if (!StreamCommands.TryParseIds(session, args, 3, out var ids)) return;
        int acknowledged = 0;
        foreach (var id in ids)
            if (group.Acknowledge(id)) acknowledged++;
        session.Reply.WriteInteger(acknowledged);
    }

    [Command("XPENDING", -3, Flags = "readonly", FirstKey = 1, LastKey = 1, Step = 1, Group = "stream",
        Summary = "Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.",
        Since = "5.0.0",
        Complexity = "O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.")]
    public static void XPending(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (args.Count != 3 && (args.Count < 6 || args.Count > 9))
        {
            reply.WriteError(Errors.Syntax);
            return;
        }
        long minIdle = 0, count = 0;
        StreamId start = default, end = default;
        int consumerAt = -1;
        if (args.Count >= 6)
        {
            int startAt = 3;
            if (args.Is(3, "IDLE"u8))
            {
                if (!StreamArgs.TryParseLong(session, args[4], out minIdle)) return;
                if (args.Count < 8)
                {
                    reply.WriteError(Errors.Syntax);
                    return;
                }
                startAt += 2;
            }
            if (!StreamArgs.TryParseLong(session, args[startAt + 2], out count)) return;
            if (count < 0) count = 0;
            if (!StreamArgs.TryParseIntervalEnd(session, args[startAt], isStart: true, out start)) return;
            if (!StreamArgs.TryParseIntervalEnd(session, args[startAt + 1], isStart: false, out end)) return;
            if (startAt + 3 < args.Count) consumerAt = startAt + 3;
        }
        if (!ValueLookup.TryRead(session, args[1], out StreamValue? stream)) return;
        var group = stream?.FindGroup(args[2]);
        if (group == null)
        {
            reply.WriteError(StreamArgs.NoGroup(args));
            return;
        }
        if (args.Count == 3) WritePendingSummary(reply, group);
        else WritePendingRange(session, args, group, start, end, count, minIdle, consumerAt);
    }

    private static void WritePendingSummary(RespWriter reply, ConsumerGroup group)
    {
        reply.WriteArrayHeader(4);
        reply.WriteInteger(group.Pending.Count);
        if (group.Pending.Count == 0)
        {
            reply.WriteNull();
            reply.WriteNull();
            reply.WriteNullArray();
            return;
        }
        StreamArgs.WriteId(reply, group.Pending.Min!.Id);
        StreamArgs.WriteId(reply, group.Pending.Max!.Id);
        int owners = group.Consumers.Values.Count(c => c.Pending.Count > 0);
        reply.WriteArrayHeader(owners);
        foreach (var (name, consumer) in group.Consumers)
        {
            if (consumer.Pending.Count == 0) continue;
            reply.WriteArrayHeader(2);
            reply.WriteBulk(name);
            reply.WriteBulk(consumer.Pending.Count);
        }
    }

    private static void WritePendingRange(Session session, CommandArgs args, ConsumerGroup group, StreamId start, StreamId end,
        long count, long minIdle, int consumerAt)
    {
        var reply = session.Reply;
        var pel = group.Pending;
        if (consumerAt >= 0)
        {
            var consumer = group.FindConsumer(args[consumerAt]);
            if (consumer == null)
            {
                reply.WriteArrayHeader(0);
                return;
            }
            pel = consumer.Pending;
        }
        long now = session.Server.NowMs;
        var found = new List<PendingEntry>();
        foreach (var entry in ConsumerGroup.Range(pel, start, end))
        {
            if (found.Count == count) break;
            if (minIdle != 0 && now - entry.DeliveryTimeMs < minIdle) continue;
            found.Add(entry);
        }
        reply.WriteArrayHeader(found.Count);
        foreach (var entry in found)
        {
            reply.WriteArrayHeader(4);
            StreamArgs.WriteId(reply, entry.Id);
            reply.WriteBulk(entry.Owner!.Name);
            reply.WriteInteger(Math.Max(0, now - entry.DeliveryTimeMs));
            reply.WriteInteger(entry.DeliveryCount);
        }
    }
}
