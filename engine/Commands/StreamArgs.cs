using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Argument parsing and reply forms shared by the stream commands (t_stream.c helpers).</summary>
internal static class StreamArgs
{
    public static ReadOnlySpan<byte> InvalidId => "ERR Invalid stream ID specified as stream command argument"u8;

    /// <summary>Parses an ID (streamParseIDOrReply / streamParseStrictIDOrReply), replying the error when invalid.</summary>
    public static bool TryParseId(Session session, ReadOnlySpan<byte> text, out StreamId id, ulong missingSeq = 0, bool strict = false)
    {
        if (StreamId.TryParse(text, out id, missingSeq, strict)) return true;
        session.Reply.WriteError(InvalidId);
        return false;
    }

    /// <summary>
    /// Parses one end of an interval (streamParseIntervalIDOrReply): "(" makes it exclusive, and
    /// is then moved to the next ID (for a start) or the previous one (for an end), as XRANGE does.
    /// </summary>
    public static bool TryParseIntervalEnd(Session session, ReadOnlySpan<byte> text, bool isStart, out StreamId id)
    {
        bool exclusive = text.Length > 1 && text[0] == '(';
        if (!TryParseId(session, exclusive ? text[1..] : text, out id, isStart ? 0 : ulong.MaxValue, strict: exclusive)) return false;
        if (!exclusive) return true;
        if (isStart ? id.TryIncrement(out id) : id.TryDecrement(out id)) return true;
        session.Reply.WriteError(isStart ? "ERR invalid start ID for the interval"u8 : "ERR invalid end ID for the interval"u8);
        return false;
    }

    /// <summary>getLongLongFromObjectOrReply: replies <paramref name="error"/> (or the generic integer error) when not an integer.</summary>
    public static bool TryParseLong(Session session, ReadOnlySpan<byte> text, out long value, string? error = null)
    {
        if (RedisNumbers.TryParseInt64(text, out value)) return true;
        if (error == null) session.Reply.WriteError(Errors.NotInteger);
        else session.Reply.WriteError(error);
        return false;
    }

    public static void WriteId(RespWriter reply, StreamId id)
    {
        Span<byte> text = stackalloc byte[StreamId.MaxFormattedLength];
        reply.WriteBulk(text[..id.Format(text)]);
    }

    /// <summary>An entry as [id, [field, value, ...]].</summary>
    public static void WriteEntry(RespWriter reply, StreamEntry entry)
    {
        reply.WriteArrayHeader(2);
        WriteId(reply, entry.Id);
        reply.WriteArrayHeader(entry.FieldsAndValues.Length);
        foreach (var item in entry.FieldsAndValues) reply.WriteBulk(item);
    }

    public static void WriteEntries(RespWriter reply, List<StreamEntry> entries)
    {
        reply.WriteArrayHeader(entries.Count);
        foreach (var entry in entries) WriteEntry(reply, entry);
    }

    /// <summary>Looks up the group of a stream for XREADGROUP/XPENDING/XCLAIM/XAUTOCLAIM; null when either is missing.</summary>
    public static ConsumerGroup? FindGroup(object? value, ReadOnlySpan<byte> name) => (value as StreamValue)?.FindGroup(name);

    /// <summary>The -NOGROUP error of XPENDING, XCLAIM and XAUTOCLAIM.</summary>
    public static string NoGroup(CommandArgs args) => $"NOGROUP No such key '{args.GetString(1)}' or consumer group '{args.GetString(2)}'";

    /// <summary>The -NOGROUP error of XGROUP and XINFO CONSUMERS.</summary>
    public static string NoGroupForKey(string group, string key) => $"NOGROUP No such consumer group '{group}' for key name '{key}'";

    public static void Notify(Session session, string eventName, ReadOnlySpan<byte> key) =>
        session.Server.Events.Notify(Notifications.NotifyFlags.Stream, eventName, key, session.Db.Index);

    /// <summary>The consumer of a group, created (firing `xgroup-createconsumer`) when missing; its seen time is refreshed.</summary>
    public static StreamConsumer LookupOrCreateConsumer(Session session, ConsumerGroup group, ReadOnlySpan<byte> name, ReadOnlySpan<byte> key)
    {
        long now = session.Server.NowMs;
        var consumer = group.FindConsumer(name);
        if (consumer != null)
        {
            consumer.SeenTimeMs = now;
            return consumer;
        }
        consumer = group.CreateConsumer(name, now)!;
        Notify(session, "xgroup-createconsumer", key);
        return consumer;
    }
}
