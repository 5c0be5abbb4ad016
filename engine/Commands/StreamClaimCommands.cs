using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// XCLAIM and XAUTOCLAIM (t_stream.c): pending entries change owner. Both create the claiming
/// consumer on the first entry they claim, and drop from the PEL entries no longer in the stream.
/// </summary>
internal static class StreamClaimCommands
{
    [Command("XCLAIM", -6, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "stream",
        Summary = "Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.",
        Since = "5.0.0", Complexity = "O(log N) with N being the number of messages in the PEL of the consumer group.")]
    public static void XClaim(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!ValueLookup.TryRead(session, args[1], out StreamValue? stream)) return;
        var group = stream?.FindGroup(args[2]);
        if (group == null)
        {
            reply.WriteError(StreamArgs.NoGroup(args));
            return;
        }
        if (!StreamArgs.TryParseLong(session, args[4], out long minIdle, "ERR Invalid min-idle-time argument for XCLAIM")) return;
        if (minIdle < 0) minIdle = 0;

        // IDs run until the first argument that is not one; options follow.
        var ids = new List<StreamId>();
        int at = 5;
        for (; at < args.Count && StreamId.TryParse(args[at], out var id, strict: true); at++) ids.Add(id);
        long now = session.Server.NowMs, retryCount = -1, deliveryTime = -1;
        bool force = false, justId = false;
        var lastId = StreamId.Min;
        for (; at < args.Count; at++)
        {
            bool more = at + 1 < args.Count;
            if (args.Is(at, "FORCE"u8)) force = true;
            else if (args.Is(at, "JUSTID"u8)) justId = true;
            else if (args.Is(at, "IDLE"u8) && more)
            {
                if (!StreamArgs.TryParseLong(session, args[++at], out long idle, "ERR Invalid IDLE option argument for XCLAIM")) return;
                deliveryTime = now - idle;
            }
            else if (args.Is(at, "TIME"u8) && more)
            {
                if (!StreamArgs.TryParseLong(session, args[++at], out deliveryTime, "ERR Invalid TIME option argument for XCLAIM")) return;
            }
            else if (args.Is(at, "RETRYCOUNT"u8) && more)
            {
                if (!StreamArgs.TryParseLong(session, args[++at], out retryCount, "ERR Invalid RETRYCOUNT option argument for XCLAIM")) return;
            }
            else if (args.Is(at, "LASTID"u8) && more)
            {
                if (!StreamArgs.TryParseId(session, args[++at], out lastId, strict: true)) return;
            }
            else
            {
                reply.WriteError($"ERR Unrecognized XCLAIM option '{args.GetString(at)}'");
                return;
            }
        }
        if (lastId > group.LastDelivered) group.LastDelivered = lastId;
        // A bogus time (negative or in the future) means now, as does no IDLE/TIME at all.
        if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now;

        StreamConsumer? consumer = null;
        var claimed = new List<(StreamId Id, StreamEntry Entry)>();
        foreach (var id in ids)
        {
            var pending = group.FindPending(id);
            var entry = stream!.Find(id);
            if (entry == null)
            {
                if (pending != null) group.Acknowledge(id);
                continue;
            }
            if (pending == null)
            {
                if (!force) continue;
                pending = new PendingEntry(id) { DeliveryCount = 1 }; // as streamCreateNACK; the claim below counts again
                group.Pending.Add(pending);
            }
            else if (minIdle != 0 && now - pending.DeliveryTimeMs < minIdle) continue;
            consumer ??= StreamArgs.LookupOrCreateConsumer(session, group, args[3], args[1]);
            ConsumerGroup.Assign(pending, consumer);
            pending.DeliveryTimeMs = deliveryTime;
            if (retryCount >= 0) pending.DeliveryCount = retryCount;
            else if (!justId) pending.DeliveryCount++;
            claimed.Add((id, entry));
        }
        WriteClaimed(reply, claimed, justId);
    }

    [Command("XAUTOCLAIM", -6, Flags = "write fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "stream",
        Summary = "Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.",
        Since = "6.2.0", Complexity = "O(1) if COUNT is small.")]
    public static void XAutoClaim(Session session, CommandArgs args)
    {
        const long AttemptsFactor = 10;
        var reply = session.Reply;
        if (!StreamArgs.TryParseLong(session, args[4], out long minIdle, "ERR Invalid min-idle-time argument for XAUTOCLAIM")) return;
        if (minIdle < 0) minIdle = 0;
        if (!StreamArgs.TryParseIntervalEnd(session, args[5], isStart: true, out var start)) return;
        long count = 100;
        bool justId = false;
        for (int at = 6; at < args.Count; at++)
        {
            if (args.Is(at, "COUNT"u8) && at + 1 < args.Count)
            {
                // COUNT is capped so that COUNT * 16 bytes of deleted IDs can be counted in a long.
                if (!RedisNumbers.TryParseInt64(args[++at], out count) || count < 1 || count > long.MaxValue / 16)
                {
                    reply.WriteError("ERR COUNT must be > 0"u8);
                    return;
                }
            }
            else if (args.Is(at, "JUSTID"u8)) justId = true;
            else
            {
                reply.WriteError(Errors.Syntax);
                return;
            }
        }
        if (!ValueLookup.TryRead(session, args[1], out StreamValue? stream)) return;
        var group = stream?.FindGroup(args[2]);
        if (group == null)
        {
            reply.WriteError(StreamArgs.NoGroup(args));
            return;
        }

        long attempts = count * AttemptsFactor, now = session.Server.NowMs;
        // The entries this call may visit, and the one after them (the next call's cursor).
        var visit = new List<PendingEntry>();
        foreach (var pending in ConsumerGroup.Range(group.Pending, start, StreamId.Max))
        {
            visit.Add(pending);
            if (visit.Count > attempts) break;
        }
        StreamConsumer? consumer = null;
        var claimed = new List<(StreamId Id, StreamEntry Entry)>();
        var deleted = new List<StreamId>();
        int next = 0;
        while (attempts-- > 0 && count > 0 && next < visit.Count)
        {
            var pending = visit[next++];
            var entry = stream!.Find(pending.Id);
            if (entry == null)
            {
                group.Acknowledge(pending.Id);
                deleted.Add(pending.Id);
                count--;
                continue;
            }
            if (minIdle != 0 && now - pending.DeliveryTimeMs < minIdle) continue;
            consumer ??= StreamArgs.LookupOrCreateConsumer(session, group, args[3], args[1]);
            ConsumerGroup.Assign(pending, consumer);
            pending.DeliveryTimeMs = now;
            if (!justId) pending.DeliveryCount++;
            claimed.Add((pending.Id, entry));
            count--;
        }
        reply.WriteArrayHeader(3);
        StreamArgs.WriteId(reply, next < visit.Count ? visit[next].Id : StreamId.Min);
        WriteClaimed(reply, claimed, justId);
        reply.WriteArrayHeader(deleted.Count);
        foreach (var id in deleted) StreamArgs.WriteId(reply, id);
    }

    /// <summary>The claimed entries, or with JUSTID only their IDs.</summary>
    private static void WriteClaimed(RespWriter reply, List<(StreamId Id, StreamEntry Entry)> claimed, bool justId)
    {
        reply.WriteArrayHeader(claimed.Count);
        foreach (var (id, entry) in claimed)
        {
            if (justId) StreamArgs.WriteId(reply, id);
            else StreamArgs.WriteEntry(reply, entry);
        }
    }
}
