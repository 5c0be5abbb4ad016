using System.Text;
using HotGears.Engine.Keyspace;

namespace HotGears.Engine.Gears.Readers;

/// <summary>
/// StreamReader in batch mode: the entries of one stream after an ID, in stream order, as
/// XREAD STREAMS key fromId reads them. Each chunk is read under the keyspace lock; entries are
/// immutable, so they become records outside it.
/// </summary>
public sealed class StreamBatchSource : IRecordSource
{
    /// <summary>Entries read per hold of the keyspace lock.</summary>
    private const int ChunkSize = 1000;

    private readonly StreamAccess _access;
    private readonly string _key;
    private readonly byte[] _keyBytes;
    private readonly string _fromId;
    private StreamId? _after; // null until the first chunk parses fromId

    public StreamBatchSource(Server server, int db, string key, string fromId)
    {
        _access = new StreamAccess(server, db);
        _key = key;
        _keyBytes = Encoding.UTF8.GetBytes(key);
        _fromId = fromId;
    }

    /// <summary>Throws <see cref="GearsErrorException"/> with XREAD's error (a bad ID, WRONGTYPE): the execution's error.</summary>
    public bool ReadChunk(List<object?> chunk)
    {
        var after = _after ??= ParseFromId();
        List<StreamEntry> entries;
        try
        {
            entries = _access.ReadAfter(_keyBytes, after, ChunkSize);
        }
        catch (InvalidOperationException wrongType)
        {
            throw new GearsErrorException(wrongType.Message);
        }
        foreach (var entry in entries) chunk.Add(StreamRecords.FromEntry(_key, entry));
        if (entries.Count < ChunkSize) return false;
        _after = entries[^1].Id;
        return true;
    }

    /// <summary>XREAD's ID: "$" (nothing is newer than the last entry, and batch reads never wait), "ms" or "ms-seq".</summary>
    private StreamId ParseFromId()
    {
        if (_fromId == "$") return StreamId.Max;
        if (!StreamId.TryParse(Encoding.UTF8.GetBytes(_fromId), out var id))
            throw new GearsErrorException("ERR Invalid stream ID specified as stream command argument");
        return id;
    }
}
