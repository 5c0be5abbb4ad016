namespace HotGears.Engine.Keyspace;

/// <summary>
/// A stream (t_stream.c): entries in ID order with the stream's counters and consumer groups.
/// Entries are kept in an array with a moving head, so the common edits (append at the end, trim
/// at the front) cost O(1) and ranges are found by binary search. Where Redis would put each entry
/// among its radix-tree nodes is tracked by <see cref="StreamNode"/>, because approximate trimming
/// and XINFO depend on it.
/// </summary>
public sealed class StreamValue : IRedisValue
{
    private StreamEntry[] _entries = new StreamEntry[4];
    private int _head;
    private int _count;
    private readonly List<StreamNode> _nodes = [];

    public string TypeName => "stream";

    public string EncodingName => "stream";

    public int Length => _count;

    /// <summary>The ID of the last entry ever added, or set by XSETID.</summary>
    public StreamId LastId { get; set; }

    /// <summary>The largest ID deleted by XDEL (trimming does not count, as in Redis 7.0).</summary>
    public StreamId MaxDeletedId { get; set; }

    /// <summary>How many entries were ever added.</summary>
    public long EntriesAdded { get; set; }

    /// <summary>The first live entry's ID, 0-0 when empty (Redis's recorded first entry ID).</summary>
    public StreamId FirstId => _count == 0 ? StreamId.Min : _entries[_head].Id;

    /// <summary>Consumer groups by name, in byte order; null until the first is created.</summary>
    public SortedDictionary<byte[], ConsumerGroup>? Groups { get; private set; }

    /// <summary>The entry at a position, 0 being the first.</summary>
    public StreamEntry this[int index] => _entries[_head + index];

    /// <summary>The number of nodes of Redis's radix tree (radix-tree-keys).</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>The ID Redis generates for `*` (streamNextID): the time, or the last ID's successor when the clock is behind.</summary>
    public StreamId NextAutoId(long nowMs)
    {
        if ((ulong)nowMs > LastId.Ms) return new StreamId((ulong)nowMs, 0);
        LastId.TryIncrement(out var next);
        return next;
    }

    /// <summary>
    /// Appends an entry whose ID is greater than <see cref="LastId"/>. <paramref name="fieldsAndValues"/>
    /// is kept. The node limits are stream-node-max-bytes and stream-node-max-entries.
    /// </summary>
    public void Append(StreamId id, byte[][] fieldsAndValues, long nodeMaxBytes, long nodeMaxEntries)
    {
        if (id <= LastId) throw new InvalidOperationException("stream IDs must grow");
        if (nodeMaxBytes <= 0 || nodeMaxBytes > MaxListpackBytes) nodeMaxBytes = MaxListpackBytes;
        long payload = 0;
        foreach (var item in fieldsAndValues) payload += item.Length;
        var node = _nodes.Count == 0 ? null : _nodes[^1];
        if (node == null || node.IsFull(payload, nodeMaxBytes, nodeMaxEntries))
        {
            node = new StreamNode(id, fieldsAndValues);
            _nodes.Add(node);
        }
        node.Add(id, fieldsAndValues);
        MakeRoomAtEnd();
        _entries[_head + _count++] = new StreamEntry(id, fieldsAndValues, node);
        EntriesAdded++;
        LastId = id;
    }

    private const long MaxListpackBytes = 1L << 30; // STREAM_LISTPACK_MAX_SIZE

    /// <summary>The position of the first entry with an ID at or after <paramref name="id"/> (Length when none).</summary>
    public int IndexAtOrAfter(StreamId id)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (_entries[_head + middle].Id < id) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /// <summary>The position of the last entry with an ID at or before <paramref name="id"/> (-1 when none).</summary>
    public int IndexAtOrBefore(StreamId id)
    {
        int after = IndexAtOrAfter(id);
        return after < _count && _entries[_head + after].Id == id ? after : after - 1;
    }

    public StreamEntry? Find(StreamId id)
    {
        int at = IndexAtOrAfter(id);
        return at < _count && _entries[_head + at].Id == id ? _entries[_head + at] : null;
    }

    /// <summary>
    /// The entries with IDs in [start, end], at most <paramref name="count"/> of them (0: no limit),
    /// in ID order or, when <paramref name="reverse"/>, from <paramref name="end"/> down.
    /// </summary>
    public List<StreamEntry> Range(StreamId start, StreamId end, long count, bool reverse = false)
    {
        var found = new List<StreamEntry>();
        if (start > end) return found;
        int first = IndexAtOrAfter(start), last = IndexAtOrBefore(end);
        for (int i = reverse ? last : first; reverse ? i >= first : i <= last; i += reverse ? -1 : 1)
        {
            found.Add(this[i]);
            if (count > 0 && found.Count == count) break;
        }
        return found;
    }

    /// <summary>
    /// Deletes one entry as XDEL does: its node counts it as deleted (dropping the node when it was
    /// the node's last live entry) and <see cref="MaxDeletedId"/> grows to it. False when absent.
    /// </summary>
    public bool Delete(StreamId id)
    {
        int at = IndexAtOrAfter(id);
        if (at >= _count || _entries[_head + at].Id != id) return false;
        var node = _entries[_head + at].Node;
        RemoveAt(at);
        if (node.Live == 1) _nodes.Remove(node);
        else
        {
            node.Live--;
            node.Deleted++;
        }
        if (id > MaxDeletedId) MaxDeletedId = id;
        return true;
    }

    /// <summary>
    /// Trims the stream (streamTrim) to at most <paramref name="maxLength"/> entries, or (when
    /// <paramref name="maxLength"/> is negative) to entries not below <paramref name="minId"/>.
    /// Approximate trimming removes whole nodes only; <paramref name="limit"/> (0: none) caps the
    /// entries removed, counting whole nodes. Returns the number of entries removed.
    /// </summary>
    public long Trim(long maxLength, StreamId minId, bool approximate, long limit)
    {
        bool byLength = maxLength >= 0;
        long deleted = 0;
        while (_nodes.Count > 0)
        {
            if (byLength && _count <= maxLength) break;
            var node = _nodes[0];
            if (limit > 0 && deleted + node.Live > limit) break;
            bool removeNode = byLength ? _count - node.Live >= maxLength : node.LastId < minId;
            if (removeNode)
            {
                RemoveFromHead(node.Live);
                deleted += node.Live;
                _nodes.RemoveAt(0);
                continue;
            }
            if (approximate) break;
            // Mark entries of this node deleted from its start; the node stays even if none is left live.
            int removed = 0;
            while (node.Live > 0 && (byLength ? _count > maxLength : _entries[_head].Id < minId))
            {
                RemoveFromHead(1);
                node.Live--;
                node.Deleted++;
                removed++;
            }
            deleted += removed;
            break;
        }
        return deleted;
    }

    private void RemoveFromHead(int entries)
    {
        Array.Clear(_entries, _head, entries);
        _head += entries;
        _count -= entries;
        if (_count == 0) _head = 0;
    }

    private void RemoveAt(int index)
    {
        int at = _head + index;
        Array.Copy(_entries, at + 1, _entries, at, _count - index - 1);
        _entries[_head + --_count] = null!;
        if (_count == 0) _head = 0;
    }

    private void MakeRoomAtEnd()
    {
        if (_head + _count < _entries.Length) return;
        if (_head > 0 && _count <= _entries.Length / 2)
        {
            Array.Copy(_entries, _head, _entries, 0, _count);
            Array.Clear(_entries, _count, _head);
        }
        else
        {
            var grown = new StreamEntry[_entries.Length * 2];
            Array.Copy(_entries, _head, grown, 0, _count);
            _entries = grown;
        }
        _head = 0;
    }

    /// <summary>
    /// The number of nodes of Redis's radix tree (radix-tree-nodes) holding the node keys (16-byte
    /// big-endian master IDs): a compressed node per run of single-child bytes, one per branch and leaf.
    /// </summary>
    public int RadixTreeNodes()
    {
        if (_nodes.Count == 0) return 1;
        var keys = new byte[_nodes.Count][];
        for (int i = 0; i < keys.Length; i++) keys[i] = EncodeKey(_nodes[i].MasterId);
        return RadixNodes(keys, 0, keys.Length, 0);
    }

    private static int RadixNodes(byte[][] keys, int from, int to, int depth)
    {
        const int KeyLength = 16;
        if (depth == KeyLength) return 1;
        // Keys are sorted and distinct: the first and last of a range share what all of them share.
        int common = depth;
        while (common < KeyLength && keys[from][common] == keys[to - 1][common]) common++;
        if (common > depth) return 1 + RadixNodes(keys, from, to, common);
        int nodes = 1;
        for (int start = from; start < to;)
        {
            int end = start + 1;
            while (end < to && keys[end][depth] == keys[start][depth]) end++;
            nodes += RadixNodes(keys, start, end, depth + 1);
            start = end;
        }
        return nodes;
    }

    private static byte[] EncodeKey(StreamId id)
    {
        var key = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(key, id.Ms);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(8), id.Seq);
        return key;
    }

    // ---- Consumer groups ----

    public ConsumerGroup? FindGroup(ReadOnlySpan<byte> name) =>
        Groups != null && Groups.TryGetValue(name.ToArray(), out var group) ? group : null;

    /// <summary>Creates a group; null when one of that name exists.</summary>
    public ConsumerGroup? CreateGroup(ReadOnlySpan<byte> name, StreamId lastDelivered, long entriesRead)
    {
        Groups ??= new SortedDictionary<byte[], ConsumerGroup>(ByteOrder.Instance);
        var key = name.ToArray();
        if (Groups.ContainsKey(key)) return null;
        var group = new ConsumerGroup(lastDelivered, entriesRead);
        Groups.Add(key, group);
        return group;
    }

    public bool DestroyGroup(ReadOnlySpan<byte> name) => Groups != null && Groups.Remove(name.ToArray());

    /// <summary>
    /// True when the range [start, end] may hold a deleted entry (streamRangeHasTombstones): only the
    /// largest deleted ID is known, so this answers for it.
    /// </summary>
    public bool RangeHasTombstones(StreamId start, StreamId end)
    {
        if (_count == 0 || MaxDeletedId.IsZero) return false;
        if (FirstId > MaxDeletedId) return false;
        return start <= MaxDeletedId && MaxDeletedId <= end;
    }

    /// <summary>
    /// The logical read counter of an ID, its distance from the first entry ever added
    /// (streamEstimateDistanceFromFirstEverEntry), or <see cref="ConsumerGroup.UnknownEntriesRead"/>
    /// when it cannot be known (inside a fragmented stream, or in the future).
    /// </summary>
    public long EstimateDistanceFromFirstEverEntry(StreamId id)
    {
        if (EntriesAdded == 0) return 0;
        if (_count == 0 && id <= LastId) return EntriesAdded;
        int toLast = id.CompareTo(LastId);
        if (toLast == 0) return EntriesAdded;
        if (toLast > 0) return ConsumerGroup.UnknownEntriesRead;
        if (MaxDeletedId.IsZero || MaxDeletedId < FirstId)
        {
            int toFirst = id.CompareTo(FirstId);
            if (toFirst < 0) return EntriesAdded - _count;
            if (toFirst == 0) return EntriesAdded - _count + 1;
        }
        return ConsumerGroup.UnknownEntriesRead;
    }

    /// <summary>How many entries the group has yet to read (streamReplyWithCGLag); null when unknown.</summary>
    public long? Lag(ConsumerGroup group)
    {
        if (EntriesAdded == 0) return 0;
        if (group.EntriesRead != ConsumerGroup.UnknownEntriesRead && !RangeHasTombstones(group.LastDelivered, StreamId.Max))
            return EntriesAdded - group.EntriesRead;
        long read = EstimateDistanceFromFirstEverEntry(group.LastDelivered);
        return read == ConsumerGroup.UnknownEntriesRead ? null : EntriesAdded - read;
    }

    /// <summary>
    /// Delivers to <paramref name="consumer"/> the entries after the group's last delivered ID, at
    /// most <paramref name="count"/> (0: all), as streamReplyWithRange does for a group: the group's
    /// last ID and read counter advance, and unless <paramref name="noAck"/> each entry becomes
    /// pending for the consumer (taken over from another consumer if XGROUP SETID made it pending twice).
    /// </summary>
    public List<StreamEntry> DeliverNew(ConsumerGroup group, StreamConsumer consumer, long count, bool noAck, long nowMs)
    {
        var delivered = new List<StreamEntry>();
        if (!group.LastDelivered.TryIncrement(out var start)) return delivered;
        for (int i = IndexAtOrAfter(start); i < _count; i++)
        {
            var entry = this[i];
            if (entry.Id > group.LastDelivered)
            {
                if (group.EntriesRead != ConsumerGroup.UnknownEntriesRead && !RangeHasTombstones(entry.Id, StreamId.Max))
                    group.EntriesRead++;
                else if (EntriesAdded != 0)
                    group.EntriesRead = EstimateDistanceFromFirstEverEntry(entry.Id);
                group.LastDelivered = entry.Id;
            }
            if (!noAck)
            {
                var pending = group.FindPending(entry.Id);
                if (pending == null)
                {
                    pending = new PendingEntry(entry.Id);
                    group.Pending.Add(pending);
                }
                ConsumerGroup.Assign(pending, consumer);
                pending.DeliveryTimeMs = nowMs;
                pending.DeliveryCount = 1;
            }
            delivered.Add(entry);
            if (count > 0 && delivered.Count == count) break;
        }
        return delivered;
    }

    /// <summary>
    /// The consumer's pending entries from <paramref name="start"/> on, at most <paramref name="count"/>
    /// (0: all), as streamReplyWithRangeFromConsumerPEL: each still in the stream counts as delivered
    /// again; one no longer in the stream comes with a null entry.
    /// </summary>
    public List<(StreamId Id, StreamEntry? Entry)> DeliverHistory(StreamConsumer consumer, StreamId start, long count, long nowMs)
    {
        var delivered = new List<(StreamId, StreamEntry?)>();
        foreach (var pending in ConsumerGroup.Range(consumer.Pending, start, StreamId.Max))
        {
            if (count > 0 && delivered.Count == count) break;
            var entry = Find(pending.Id);
            if (entry != null)
            {
                pending.DeliveryTimeMs = nowMs;
                pending.DeliveryCount++;
            }
            delivered.Add((pending.Id, entry));
        }
        return delivered;
    }

    public IRedisValue DeepCopy()
    {
        var copy = new StreamValue { LastId = LastId, MaxDeletedId = MaxDeletedId, EntriesAdded = EntriesAdded };
        var nodeCopies = new Dictionary<StreamNode, StreamNode>();
        foreach (var node in _nodes)
        {
            var nodeCopy = node.Clone();
            nodeCopies.Add(node, nodeCopy);
            copy._nodes.Add(nodeCopy);
        }
        copy._entries = new StreamEntry[Math.Max(4, _count)];
        for (int i = 0; i < _count; i++)
        {
            var entry = this[i];
            copy._entries[i] = new StreamEntry(entry.Id, entry.FieldsAndValues, nodeCopies[entry.Node]);
        }
        copy._count = _count;
        if (Groups != null)
        {
            copy.Groups = new SortedDictionary<byte[], ConsumerGroup>(ByteOrder.Instance);
            foreach (var (name, group) in Groups) copy.Groups.Add(name, group.DeepCopy());
        }
        return copy;
    }
}

/// <summary>A stream entry: its ID and its fields and values, alternating. Entries are never changed once added.</summary>
public sealed class StreamEntry
{
    internal StreamEntry(StreamId id, byte[][] fieldsAndValues, StreamNode node)
    {
        Id = id;
        FieldsAndValues = fieldsAndValues;
        Node = node;
    }

    public StreamId Id { get; }
    public byte[][] FieldsAndValues { get; }
    internal StreamNode Node { get; }
}
