using HotGears.Resp;

namespace HotGears.Engine.Keyspace;

/// <summary>
/// The bookkeeping of one of Redis's stream nodes (a listpack in the radix tree), without the bytes:
/// entries live in <see cref="StreamValue"/>. Redis's observable behaviour depends on where nodes
/// begin and end (approximate trimming drops whole nodes only; XINFO shows the radix tree's size),
/// and a node fills by entry count (stream-node-max-entries) or by listpack size
/// (stream-node-max-bytes), so the size the listpack would have is tracked here.
/// </summary>
internal sealed class StreamNode
{
    private const int ListpackHeaderBytes = 7; // total-bytes (4) + count (2) + end marker (1)

    /// <summary>Listpack bytes apart from the live/deleted counters, which are re-encoded as they change.</summary>
    private long _fixedBytes;

    public StreamNode(StreamId masterId, byte[][] fieldsAndValues)
    {
        MasterId = masterId;
        int fieldCount = fieldsAndValues.Length / 2;
        MasterFields = new byte[fieldCount][];
        for (int i = 0; i < fieldCount; i++) MasterFields[i] = fieldsAndValues[i * 2];
        // The master entry: live count, deleted count (both tracked apart), field count, the fields, a 0 terminator.
        _fixedBytes = ListpackHeaderBytes + IntegerBytes(fieldCount) + IntegerBytes(0);
        foreach (var field in MasterFields) _fixedBytes += StringBytes(field);
    }

    /// <summary>The ID of the node's first entry, its key in the radix tree.</summary>
    public StreamId MasterId { get; }

    public byte[][] MasterFields { get; }

    /// <summary>The ID of the last entry added to the node, deleted or not.</summary>
    public StreamId LastId { get; private set; }

    public int Live { get; set; }
    public int Deleted { get; set; }

    public long Bytes => _fixedBytes + IntegerBytes(Live) + IntegerBytes(Deleted);

    public StreamNode Clone() => (StreamNode)MemberwiseClone();

    /// <summary>True when an entry whose fields and values total <paramref name="payload"/> bytes must start a new node.</summary>
    public bool IsFull(long payload, long maxBytes, long maxEntries) =>
        Bytes + payload >= maxBytes || (maxEntries > 0 && Live + Deleted >= maxEntries);

    /// <summary>Accounts for an appended entry, encoded as streamAppendItem encodes it.</summary>
    public void Add(StreamId id, byte[][] fieldsAndValues)
    {
        int fieldCount = fieldsAndValues.Length / 2;
        bool sameFields = fieldCount == MasterFields.Length;
        for (int i = 0; sameFields && i < fieldCount; i++) sameFields = fieldsAndValues[i * 2].AsSpan().SequenceEqual(MasterFields[i]);
        long bytes = IntegerBytes(sameFields ? 2 : 0) + IntegerBytes(unchecked((long)(id.Ms - MasterId.Ms)))
            + IntegerBytes(unchecked((long)(id.Seq - MasterId.Seq)));
        if (!sameFields) bytes += IntegerBytes(fieldCount);
        for (int i = 0; i < fieldCount; i++)
        {
            if (!sameFields) bytes += StringBytes(fieldsAndValues[i * 2]);
            bytes += StringBytes(fieldsAndValues[i * 2 + 1]);
        }
        bytes += IntegerBytes(3 + fieldCount + (sameFields ? 0 : fieldCount + 1));
        _fixedBytes += bytes;
        LastId = id;
        Live++;
    }

    /// <summary>Listpack bytes of a string element: stored as an integer when it reads as one.</summary>
    private static long StringBytes(byte[] text)
    {
        if (text.Length <= 20 && RedisNumbers.TryParseInt64(text, out long value)) return IntegerBytes(value);
        int header = text.Length < 64 ? 1 : text.Length < 4096 ? 2 : 5;
        return WithBacklen(header + text.Length);
    }

    private static long IntegerBytes(long value) => WithBacklen(value switch
    {
        >= 0 and <= 127 => 1,
        >= -4096 and <= 4095 => 2,
        >= short.MinValue and <= short.MaxValue => 3,
        >= -8388608 and <= 8388607 => 4,
        >= int.MinValue and <= int.MaxValue => 5,
        _ => 9,
    });

    /// <summary>An element's encoded length plus the back-length that follows it.</summary>
    private static long WithBacklen(long length) =>
        length + (length <= 127 ? 1 : length < 16383 ? 2 : length < 2097151 ? 3 : length < 268435455 ? 4 : 5);
}
