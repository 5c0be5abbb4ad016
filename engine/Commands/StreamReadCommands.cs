using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// XREAD and XREADGROUP (xreadCommand). A read is parsed once into a <see cref="StreamReadRequest"/>
/// and then served by <see cref="TryServe"/>, which can be called again later for a blocked client.
/// With BLOCK, a read that finds nothing blocks the client (a null array where it may not block,
/// and on timeout).
/// </summary>
internal static class StreamReadCommands
{
    /// <summary>COUNT used when a blocked read is served without one (XREAD_BLOCKED_DEFAULT_COUNT).</summary>
    public const long BlockedDefaultCount = 1000;

    [Command("XREAD", -4, Flags = "readonly blocking", Group = "stream",
        Summary = "Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.",
        Since = "5.0.0",
        Complexity = "For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.")]
    public static void XRead(Session session, CommandArgs args) => Read(session, args, withGroup: false);

    [Command("XREADGROUP", -7, Flags = "write blocking", Group = "stream",
        Summary = "Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.",
        Since = "5.0.0",
        Complexity = "For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.")]
    public static void XReadGroup(Session session, CommandArgs args) => Read(session, args, withGroup: true);

    private static void Read(Session session, CommandArgs args, bool withGroup)
    {
        var request = StreamReadRequest.TryParse(session, args, withGroup);
        if (request == null || TryServe(session, request)) return;
        if (request.BlockMs < 0 || !session.CanBlock)
        {
            session.Reply.WriteNullArray();
            return;
        }
        // BLOCK 0 waits forever (deadline 0); the read is retried when XADD signals one of the keys,
        // or when one is deleted or overwritten: a group read cannot outlive its stream.
        long deadlineMs = request.BlockMs == 0 ? 0 : session.Server.NowMs + request.BlockMs;
        session.Block(request.Keys, deadlineMs, key =>
        {
            if (request.Group == null || session.Db.Get(key) is StreamValue) return TryServe(session, request);
            session.Reply.WriteError("UNBLOCKED the stream key no longer exists"u8); // unblockDeletedStreamReadgroupClients
            return true;
        });
    }

    /// <summary>
    /// Serves the read if any stream has something for it: writes the reply and returns true.
    /// Returns false, having written nothing, when there is nothing to serve (the caller then
    /// blocks or replies a null array). Also true after replying NOGROUP when a group named by a
    /// blocked read was destroyed meanwhile.
    /// </summary>
    public static bool TryServe(Session session, StreamReadRequest request)
    {
        var served = new List<(byte[] Key, object Entries)>();
        for (int i = 0; i < request.Keys.Length; i++)
        {
            if (session.Db.LookupRead(request.Keys[i]) is not StreamValue stream) continue;
            ConsumerGroup? group = null;
            if (request.Group != null && (group = stream.FindGroup(request.Group)) == null)
            {
                session.Reply.WriteError("NOGROUP the consumer group this client was blocked on no longer exists"u8);
                return true;
            }
            var entries = ServeOne(session, request, stream, group, i);
            if (entries != null) served.Add((request.Keys[i], entries));
        }
        if (served.Count == 0) return false;
        WriteReply(session.Reply, served);
        return true;
    }

    /// <summary>What one stream gives the read: a list of entries, a consumer's history, or null for nothing.</summary>
    private static object? ServeOne(Session session, StreamReadRequest request, StreamValue stream, ConsumerGroup? group, int index)
    {
        var after = request.Ids[index];
        bool history = false;
        if (group != null)
        {
            if (after != StreamId.Max) history = true;
            else if (stream.Length > 0 && stream[stream.Length - 1].Id > group.LastDelivered) after = group.LastDelivered;
            else return null;
        }
        else if (stream.Length == 0 || stream[stream.Length - 1].Id <= after) return null;

        after.TryIncrement(out var start);
        if (group == null) return stream.Range(start, StreamId.Max, request.Count);
        var consumer = StreamArgs.LookupOrCreateConsumer(session, group, request.Consumer!, request.Keys[index]);
        long now = session.Server.NowMs;
        if (history) return stream.DeliverHistory(consumer, start, request.Count, now);
        return stream.DeliverNew(group, consumer, request.Count, request.NoAck, now);
    }

    /// <summary>Per stream, [key, entries] (RESP2) or key => entries (RESP3).</summary>
    private static void WriteReply(RespWriter reply, List<(byte[] Key, object Entries)> served)
    {
        bool asMap = reply.Protocol == 3;
        if (asMap) reply.WriteMapHeader(served.Count);
        else reply.WriteArrayHeader(served.Count);
        foreach (var (key, entries) in served)
        {
            if (!asMap) reply.WriteArrayHeader(2);
            reply.WriteBulk(key);
            if (entries is List<StreamEntry> list)
            {
                StreamArgs.WriteEntries(reply, list);
                continue;
            }
            var pending = (List<(StreamId Id, StreamEntry? Entry)>)entries;
            reply.WriteArrayHeader(pending.Count);
            foreach (var (id, entry) in pending)
            {
                if (entry != null)
                {
                    StreamArgs.WriteEntry(reply, entry);
                    continue;
                }
                // A pending entry deleted from the stream: its ID with no fields.
                reply.WriteArrayHeader(2);
                StreamArgs.WriteId(reply, id);
                reply.WriteNullArray();
            }
        }
    }
}

/// <summary>
/// A parsed XREAD/XREADGROUP, kept independent of the command's arguments so that a blocked client
/// can be served from it later. IDs are resolved: `$` became the stream's last ID at parse time,
/// and `>` is <see cref="StreamId.Max"/> (meaning the group's last delivered ID when served).
/// </summary>
internal sealed class StreamReadRequest
{
    public required byte[][] Keys { get; init; }
    public required StreamId[] Ids { get; init; }
    public byte[]? Group { get; init; }
    public byte[]? Consumer { get; init; }

    /// <summary>At most this many entries per stream; 0 for no limit.</summary>
    public long Count { get; init; }

    public bool NoAck { get; init; }

    /// <summary>BLOCK's timeout in milliseconds (0: forever), or -1 without BLOCK.</summary>
    public long BlockMs { get; init; } = -1;

    /// <summary>Parses and validates the read (keys, types, groups, IDs); null after replying an error.</summary>
    public static StreamReadRequest? TryParse(Session session, CommandArgs args, bool withGroup)
    {
        var reply = session.Reply;
        long block = -1, count = 0;
        int streamsAt = 0;
        byte[]? group = null, consumer = null;
        bool noAck = false;
        for (int i = 1; i < args.Count; i++)
        {
            int more = args.Count - i - 1;
            if (args.Is(i, "BLOCK"u8) && more > 0)
            {
                if (!StreamArgs.TryParseLong(session, args[++i], out block, "ERR timeout is not an integer or out of range")) return null;
                if (block < 0)
                {
                    reply.WriteError("ERR timeout is negative"u8);
                    return null;
                }
            }
            else if (args.Is(i, "COUNT"u8) && more > 0)
            {
                if (!StreamArgs.TryParseLong(session, args[++i], out count)) return null;
                if (count < 0) count = 0;
            }
            else if (args.Is(i, "STREAMS"u8) && more > 0)
            {
                streamsAt = i + 1;
                if ((args.Count - streamsAt) % 2 != 0)
                {
                    reply.WriteError("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."u8);
                    return null;
                }
                break;
            }
            else if (args.Is(i, "GROUP"u8) && more >= 2)
            {
                if (!withGroup)
                {
                    reply.WriteError("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead."u8);
                    return null;
                }
                group = args.ToArray(i + 1);
                consumer = args.ToArray(i + 2);
                i += 2;
            }
            else if (args.Is(i, "NOACK"u8))
            {
                if (!withGroup)
                {
                    reply.WriteError("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead."u8);
                    return null;
                }
                noAck = true;
            }
            else
            {
                reply.WriteError(Errors.Syntax);
                return null;
            }
        }
        if (streamsAt == 0)
        {
            reply.WriteError(Errors.Syntax);
            return null;
        }
        if (withGroup && group == null)
        {
            reply.WriteError("ERR Missing GROUP option for XREADGROUP"u8);
            return null;
        }
        int streams = (args.Count - streamsAt) / 2;
        var keys = new byte[streams][];
        var ids = new StreamId[streams];
        for (int k = 0; k < streams; k++)
        {
            keys[k] = args.ToArray(streamsAt + k);
            var idText = args[streamsAt + streams + k];
            if (!ValueLookup.TryRead(session, keys[k], out StreamValue? stream)) return null;
            if (group != null && stream?.FindGroup(group) == null)
            {
                reply.WriteError($"NOGROUP No such key '{args.GetString(streamsAt + k)}' or consumer group '{System.Text.Encoding.UTF8.GetString(group)}' in XREADGROUP with GROUP option");
                return null;
            }
            if (idText.SequenceEqual("$"u8))
            {
                if (withGroup)
                {
                    reply.WriteError("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set."u8);
                    return null;
                }
                ids[k] = stream?.LastId ?? StreamId.Min;
            }
            else if (idText.SequenceEqual(">"u8))
            {
                if (!withGroup)
                {
                    reply.WriteError("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option."u8);
                    return null;
                }
                ids[k] = StreamId.Max;
            }
            else if (!StreamArgs.TryParseId(session, idText, out ids[k], strict: true)) return null;
        }
        return new StreamReadRequest { Keys = keys, Ids = ids, Group = group, Consumer = consumer, Count = count, NoAck = noAck, BlockMs = block };
    }
}
