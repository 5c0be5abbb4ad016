using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>XINFO (t_stream.c xinfoCommand): a stream, its groups and a group's consumers.</summary>
internal static class StreamInfoCommands
{
    /// <summary>XINFO STREAM FULL's default COUNT, which keeps a huge stream from stalling the server.</summary>
    private const long DefaultFullCount = 10;

    private static readonly string[] Help =
    [
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.",
    ];

    [Command("XINFO|HELP", 2, Flags = "loading stale", Since = "5.0.0",
        Summary = "Show helpful text about the different subcommands", Complexity = "O(1)")]
    public static void XInfoHelp(Session session, CommandArgs args) => HelpReply.Write(session, args, Help);

    [Command("XINFO|STREAM", -3, Flags = "readonly", FirstKey = 2, LastKey = 2, Step = 1, Since = "5.0.0",
        Summary = "Get information about a stream", Complexity = "O(1)")]
    public static void XInfoStream(Session session, CommandArgs args)
    {
        var stream = Lookup(session, args[2]);
        if (stream == null) return;
        var reply = session.Reply;
        int options = args.Count - 3;
        long count = DefaultFullCount;
        if (options != 0)
        {
            if ((options != 1 && options != 3) || !args.Is(3, "FULL"u8) || (options == 3 && !args.Is(4, "COUNT"u8)))
            {
                reply.WriteError(Errors.SubcommandSyntax(args));
                return;
            }
            if (options == 3)
            {
                if (!StreamArgs.TryParseLong(session, args[5], out count)) return;
                if (count < 0) count = DefaultFullCount;
            }
        }
        bool full = options != 0;
        reply.WriteMapHeader(full ? 9 : 10);
        reply.WriteBulk("length"u8);
        reply.WriteInteger(stream.Length);
        reply.WriteBulk("radix-tree-keys"u8);
        reply.WriteInteger(stream.NodeCount);
        reply.WriteBulk("radix-tree-nodes"u8);
        reply.WriteInteger(stream.RadixTreeNodes());
        reply.WriteBulk("last-generated-id"u8);
        StreamArgs.WriteId(reply, stream.LastId);
        reply.WriteBulk("max-deleted-entry-id"u8);
        StreamArgs.WriteId(reply, stream.MaxDeletedId);
        reply.WriteBulk("entries-added"u8);
        reply.WriteInteger(stream.EntriesAdded);
        reply.WriteBulk("recorded-first-entry-id"u8);
        StreamArgs.WriteId(reply, stream.FirstId);
        if (full) WriteFull(session, stream, count);
        else
        {
            reply.WriteBulk("groups"u8);
            reply.WriteInteger(stream.Groups?.Count ?? 0);
            reply.WriteBulk("first-entry"u8);
            WriteEntryOrNull(reply, stream, 0);
            reply.WriteBulk("last-entry"u8);
            WriteEntryOrNull(reply, stream, stream.Length - 1);
        }
    }

    private static void WriteEntryOrNull(RespWriter reply, StreamValue stream, int index)
    {
        if (stream.Length == 0) reply.WriteNull();
        else StreamArgs.WriteEntry(reply, stream[index]);
    }

    /// <summary>The rest of XINFO STREAM FULL: entries, then every group with its PEL and consumers; COUNT (0: all) caps each list.</summary>
    private static void WriteFull(Session session, StreamValue stream, long count)
    {
        var reply = session.Reply;
        reply.WriteBulk("entries"u8);
        StreamArgs.WriteEntries(reply, stream.Range(StreamId.Min, StreamId.Max, count));
        reply.WriteBulk("groups"u8);
        reply.WriteArrayHeader(stream.Groups?.Count ?? 0);
        foreach (var (name, group) in stream.Groups ?? [])
        {
            reply.WriteMapHeader(7);
            reply.WriteBulk("name"u8);
            reply.WriteBulk(name);
            reply.WriteBulk("last-delivered-id"u8);
            StreamArgs.WriteId(reply, group.LastDelivered);
            WriteEntriesReadAndLag(reply, stream, group);
            reply.WriteBulk("pel-count"u8);
            reply.WriteInteger(group.Pending.Count);
            reply.WriteBulk("pending"u8);
            var pending = Capped(group.Pending, count);
            reply.WriteArrayHeader(pending.Count);
            foreach (var entry in pending)
            {
                reply.WriteArrayHeader(4);
                StreamArgs.WriteId(reply, entry.Id);
                reply.WriteBulk(entry.Owner!.Name);
                reply.WriteInteger(entry.DeliveryTimeMs);
                reply.WriteInteger(entry.DeliveryCount);
            }
            reply.WriteBulk("consumers"u8);
            reply.WriteArrayHeader(group.Consumers.Count);
            foreach (var consumer in group.Consumers.Values)
            {
                reply.WriteMapHeader(4);
                reply.WriteBulk("name"u8);
                reply.WriteBulk(consumer.Name);
                reply.WriteBulk("seen-time"u8);
                reply.WriteInteger(consumer.SeenTimeMs);
                reply.WriteBulk("pel-count"u8);
                reply.WriteInteger(consumer.Pending.Count);
                reply.WriteBulk("pending"u8);
                var own = Capped(consumer.Pending, count);
                reply.WriteArrayHeader(own.Count);
                foreach (var entry in own)
                {
                    reply.WriteArrayHeader(3);
                    StreamArgs.WriteId(reply, entry.Id);
                    reply.WriteInteger(entry.DeliveryTimeMs);
                    reply.WriteInteger(entry.DeliveryCount);
                }
            }
        }
    }

    private static List<PendingEntry> Capped(SortedSet<PendingEntry> pel, long count) =>
        count == 0 ? pel.ToList() : pel.Take((int)Math.Min(count, int.MaxValue)).ToList();

    [Command("XINFO|GROUPS", 3, Flags = "readonly", FirstKey = 2, LastKey = 2, Step = 1, Since = "5.0.0",
        Summary = "List the consumer groups of a stream", Complexity = "O(1)")]
    public static void XInfoGroups(Session session, CommandArgs args)
    {
        var stream = Lookup(session, args[2]);
        if (stream == null) return;
        var reply = session.Reply;
        reply.WriteArrayHeader(stream.Groups?.Count ?? 0);
        foreach (var (name, group) in stream.Groups ?? [])
        {
            reply.WriteMapHeader(6);
            reply.WriteBulk("name"u8);
            reply.WriteBulk(name);
            reply.WriteBulk("consumers"u8);
            reply.WriteInteger(group.Consumers.Count);
            reply.WriteBulk("pending"u8);
            reply.WriteInteger(group.Pending.Count);
            reply.WriteBulk("last-delivered-id"u8);
            StreamArgs.WriteId(reply, group.LastDelivered);
            WriteEntriesReadAndLag(reply, stream, group);
        }
    }

    /// <summary>entries-read and lag, each null when unknown.</summary>
    private static void WriteEntriesReadAndLag(RespWriter reply, StreamValue stream, ConsumerGroup group)
    {
        reply.WriteBulk("entries-read"u8);
        if (group.EntriesRead == ConsumerGroup.UnknownEntriesRead) reply.WriteNull();
        else reply.WriteInteger(group.EntriesRead);
        reply.WriteBulk("lag"u8);
        if (stream.Lag(group) is { } lag) reply.WriteInteger(lag);
        else reply.WriteNull();
    }

    [Command("XINFO|CONSUMERS", 4, Flags = "readonly", FirstKey = 2, LastKey = 2, Step = 1, Since = "5.0.0",
        Summary = "List the consumers in a consumer group", Complexity = "O(1)")]
    public static void XInfoConsumers(Session session, CommandArgs args)
    {
        var stream = Lookup(session, args[2]);
        if (stream == null) return;
        var reply = session.Reply;
        var group = stream.FindGroup(args[3]);
        if (group == null)
        {
            reply.WriteError(StreamArgs.NoGroupForKey(args.GetString(3), args.GetString(2)));
            return;
        }
        long now = session.Server.NowMs;
        reply.WriteArrayHeader(group.Consumers.Count);
        foreach (var consumer in group.Consumers.Values)
        {
            reply.WriteMapHeader(3);
            reply.WriteBulk("name"u8);
            reply.WriteBulk(consumer.Name);
            reply.WriteBulk("pending"u8);
            reply.WriteInteger(consumer.Pending.Count);
            reply.WriteBulk("idle"u8);
            reply.WriteInteger(Math.Max(0, now - consumer.SeenTimeMs));
        }
    }

    /// <summary>The stream at a key; null after replying "no such key" or WRONGTYPE.</summary>
    private static StreamValue? Lookup(Session session, ReadOnlySpan<byte> key)
    {
        if (!ValueLookup.TryRead(session, key, out StreamValue? stream)) return null;
        if (stream == null) session.Reply.WriteError(Errors.NoSuchKey);
        return stream;
    }
}
