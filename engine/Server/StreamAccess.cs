using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;

namespace HotGears.Engine;

/// <summary>
/// In-process access to the streams of one database, for the Gears StreamReader. Every call takes
/// <see cref="Server.Lock"/> (re-entrant, so callers already holding it may call too) and changes
/// the stream exactly as the matching command would, firing the same keyspace events. Returned
/// entries are immutable snapshots: they stay valid after the lock is released.
/// </summary>
public sealed class StreamAccess(Server server, int db)
{
    /// <summary>The consumer group the StreamReader reads through.</summary>
    public static readonly byte[] GearsGroup = "__gears_consumer_group__"u8.ToArray();

    private Database Db => server.Databases[db];

    /// <summary>
    /// Up to <paramref name="count"/> entries (0: all) with IDs greater than <paramref name="after"/>
    /// (XREAD); empty when the key is missing; throws the WRONGTYPE error when it holds another type.
    /// </summary>
    public List<StreamEntry> ReadAfter(byte[] key, StreamId after, long count = 0)
    {
        lock (server.Lock)
        {
            var stream = Find(key);
            if (stream == null && Db.Get(key) != null) throw new InvalidOperationException(WrongType);
            if (stream == null || !after.TryIncrement(out var start)) return [];
            return stream.Range(start, StreamId.Max, count);
        }
    }

    /// <summary>
    /// Creates <paramref name="group"/> (default <see cref="GearsGroup"/>) on the stream, creating
    /// the stream when missing (XGROUP CREATE ... MKSTREAM), with its last delivered ID at
    /// <paramref name="lastDelivered"/> (null: the stream's last ID, as `$`). False when the group
    /// already exists; throws when the key holds another type.
    /// </summary>
    public bool CreateGroup(byte[] key, StreamId? lastDelivered = null, byte[]? group = null)
    {
        lock (server.Lock)
        {
            var stream = Find(key);
            if (stream == null)
            {
                if (Db.Get(key) != null) throw new InvalidOperationException(WrongType);
                stream = new StreamValue();
                Db.Add(key, stream);
            }
            if (stream.CreateGroup(group ?? GearsGroup, lastDelivered ?? stream.LastId, ConsumerGroup.UnknownEntriesRead) == null) return false;
            Notify("xgroup-create", key);
            return true;
        }
    }

    /// <summary>
    /// Delivers to <paramref name="consumer"/> up to <paramref name="count"/> (0: all) entries the
    /// group has not delivered yet, making them pending (XREADGROUP ... STREAMS key >). Empty when
    /// the stream or the group does not exist.
    /// </summary>
    public List<StreamEntry> ReadGroup(byte[] key, byte[] consumer, long count = 0, byte[]? group = null)
    {
        lock (server.Lock)
        {
            var stream = Find(key);
            var found = stream?.FindGroup(group ?? GearsGroup);
            if (found == null) return [];
            return stream!.DeliverNew(found, Consumer(key, found, consumer), count, noAck: false, server.NowMs);
        }
    }

    /// <summary>
    /// Delivers again up to <paramref name="count"/> (0: all) of the entries pending for
    /// <paramref name="consumer"/> (XREADGROUP ... STREAMS key 0); an entry deleted meanwhile comes
    /// with a null entry. Empty when the stream or the group does not exist.
    /// </summary>
    public List<(StreamId Id, StreamEntry? Entry)> ReadGroupPending(byte[] key, byte[] consumer, long count = 0, byte[]? group = null)
    {
        lock (server.Lock)
        {
            var stream = Find(key);
            var found = stream?.FindGroup(group ?? GearsGroup);
            if (found == null) return [];
            return stream!.DeliverHistory(Consumer(key, found, consumer), StreamId.Min, count, server.NowMs);
        }
    }

    /// <summary>The group's consumer, created (with its event) when missing, as XREADGROUP does; its seen time is now.</summary>
    private StreamConsumer Consumer(byte[] key, ConsumerGroup group, byte[] name)
    {
        var consumer = group.FindConsumer(name);
        if (consumer == null)
        {
            consumer = group.CreateConsumer(name, server.NowMs)!;
            Notify("xgroup-createconsumer", key);
        }
        consumer.SeenTimeMs = server.NowMs;
        return consumer;
    }

    /// <summary>Acknowledges entries of the group (XACK); returns how many were pending.</summary>
    public int Ack(byte[] key, IEnumerable<StreamId> ids, byte[]? group = null)
    {
        lock (server.Lock)
        {
            var found = Find(key)?.FindGroup(group ?? GearsGroup);
            return found == null ? 0 : ids.Count(found.Acknowledge);
        }
    }

    /// <summary>Removes the entries with IDs below <paramref name="minId"/> (XTRIM key MINID minId); returns how many.</summary>
    public long TrimBefore(byte[] key, StreamId minId)
    {
        lock (server.Lock)
        {
            long removed = Find(key)?.Trim(-1, minId, approximate: false, limit: 0) ?? 0;
            if (removed > 0) Notify("xtrim", key);
            return removed;
        }
    }

    /// <summary>Keeps the newest <paramref name="maxLength"/> entries (XTRIM key MAXLEN maxLength); returns how many were removed.</summary>
    public long TrimToLength(byte[] key, long maxLength)
    {
        lock (server.Lock)
        {
            long removed = Find(key)?.Trim(maxLength, StreamId.Min, approximate: false, limit: 0) ?? 0;
            if (removed > 0) Notify("xtrim", key);
            return removed;
        }
    }

    /// <summary>The number of entries (XLEN), or null when the key holds no stream.</summary>
    public long? Length(byte[] key)
    {
        lock (server.Lock) return Find(key)?.Length;
    }

    /// <summary>The group's pending entries count and last delivered ID, or null when there is no such stream or group.</summary>
    public (int Pending, StreamId LastDelivered)? GroupState(byte[] key, byte[]? group = null)
    {
        lock (server.Lock)
        {
            var found = Find(key)?.FindGroup(group ?? GearsGroup);
            return found == null ? null : (found.Pending.Count, found.LastDelivered);
        }
    }

    private const string WrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";

    private StreamValue? Find(byte[] key) => Db.Get(key) as StreamValue;

    private void Notify(string eventName, byte[] key) => server.Events.Notify(NotifyFlags.Stream, eventName, key, db);
}
