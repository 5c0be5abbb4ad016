namespace HotGears.Engine.Keyspace;

/// <summary>
/// A consumer group of a stream (streamCG): the last ID delivered, its logical read counter, the
/// pending entries list (delivered, not yet acknowledged) and the consumers. Each pending entry is
/// shared by the group's PEL and its owner's PEL, as in Redis.
/// </summary>
public sealed class ConsumerGroup(StreamId lastDelivered, long entriesRead)
{
    /// <summary>The value of <see cref="EntriesRead"/> when the counter is not known (SCG_INVALID_ENTRIES_READ).</summary>
    public const long UnknownEntriesRead = -1;

    public StreamId LastDelivered { get; set; } = lastDelivered;

    /// <summary>How many entries the group has read since the stream's first (the logical read counter), or <see cref="UnknownEntriesRead"/>.</summary>
    public long EntriesRead { get; set; } = entriesRead;

    public SortedSet<PendingEntry> Pending { get; } = new(PendingEntry.ById);

    /// <summary>Consumers by name, in byte order (as Redis's rax lists them).</summary>
    public SortedDictionary<byte[], StreamConsumer> Consumers { get; } = new(ByteOrder.Instance);

    public PendingEntry? FindPending(StreamId id) => Pending.TryGetValue(new PendingEntry(id), out var found) ? found : null;

    /// <summary>The pending entries with IDs in [from, to], in ID order.</summary>
    public static IEnumerable<PendingEntry> Range(SortedSet<PendingEntry> pel, StreamId from, StreamId to) =>
        from > to || pel.Count == 0 ? [] : pel.GetViewBetween(new PendingEntry(from), new PendingEntry(to));

    public StreamConsumer? FindConsumer(ReadOnlySpan<byte> name) =>
        Consumers.TryGetValue(name.ToArray(), out var consumer) ? consumer : null;

    /// <summary>Adds a consumer; null when one of that name exists.</summary>
    public StreamConsumer? CreateConsumer(ReadOnlySpan<byte> name, long nowMs)
    {
        var key = name.ToArray();
        if (Consumers.ContainsKey(key)) return null;
        var consumer = new StreamConsumer(key, nowMs);
        Consumers.Add(key, consumer);
        return consumer;
    }

    /// <summary>Removes a consumer and its pending entries from the group; returns how many it had pending.</summary>
    public int DeleteConsumer(StreamConsumer consumer)
    {
        int pending = consumer.Pending.Count;
        foreach (var entry in consumer.Pending) Pending.Remove(entry);
        Consumers.Remove(consumer.Name);
        return pending;
    }

    /// <summary>Removes an entry from the group PEL and its owner's; false when it was not pending.</summary>
    public bool Acknowledge(StreamId id)
    {
        var entry = FindPending(id);
        if (entry == null) return false;
        Pending.Remove(entry);
        entry.Owner?.Pending.Remove(entry);
        return true;
    }

    /// <summary>Gives a pending entry to <paramref name="consumer"/> (moving it out of its previous owner's PEL).</summary>
    public static void Assign(PendingEntry entry, StreamConsumer consumer)
    {
        if (entry.Owner == consumer) return;
        entry.Owner?.Pending.Remove(entry);
        entry.Owner = consumer;
        consumer.Pending.Add(entry);
    }

    public ConsumerGroup DeepCopy()
    {
        var copy = new ConsumerGroup(LastDelivered, EntriesRead);
        foreach (var (name, consumer) in Consumers)
        {
            var consumerCopy = new StreamConsumer(name, consumer.SeenTimeMs);
            copy.Consumers.Add(name, consumerCopy);
        }
        foreach (var entry in Pending)
        {
            var owner = copy.Consumers[entry.Owner!.Name];
            var entryCopy = new PendingEntry(entry.Id) { Owner = owner, DeliveryTimeMs = entry.DeliveryTimeMs, DeliveryCount = entry.DeliveryCount };
            copy.Pending.Add(entryCopy);
            owner.Pending.Add(entryCopy);
        }
        return copy;
    }
}

/// <summary>A consumer of a group (streamConsumer): its name, when it was last seen and its own PEL.</summary>
public sealed class StreamConsumer(byte[] name, long seenTimeMs)
{
    public byte[] Name { get; } = name;
    public long SeenTimeMs { get; set; } = seenTimeMs;
    public SortedSet<PendingEntry> Pending { get; } = new(PendingEntry.ById);
}

/// <summary>A delivered, unacknowledged entry (streamNACK).</summary>
public sealed class PendingEntry(StreamId id)
{
    public static readonly IComparer<PendingEntry> ById = Comparer<PendingEntry>.Create((a, b) => a.Id.CompareTo(b.Id));

    public StreamId Id { get; } = id;

    /// <summary>The consumer it was last delivered to.</summary>
    public StreamConsumer? Owner { get; set; }

    public long DeliveryTimeMs { get; set; }
    public long DeliveryCount { get; set; }
}
