using System.Text;
using HotGears.Engine.Keyspace;

namespace HotGears.Engine.Gears.Readers;

/// <summary>
/// The records of one StreamReader event execution: one batch read through the Gears consumer
/// group (XREADGROUP GROUP __gears_consumer_group__ __gears_client__ [COUNT n] STREAMS key >|0),
/// creating the group at ID 0 when the stream has none. Remembers the IDs it read, to be acked.
/// </summary>
internal sealed class StreamGroupSource(Server server, StreamAccess access, string key, long count, bool pending) : IRecordSource
{
    public static readonly byte[] Consumer = "__gears_client__"u8.ToArray();

    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);
    private bool _read;

    /// <summary>Whether this batch re-reads the entries delivered earlier but never acked.</summary>
    public bool ReadsPending { get; } = pending;

    /// <summary>The IDs of the entries read, in stream order.</summary>
    public List<StreamId> Ids { get; } = new();

    public bool ReadChunk(List<object?> chunk)
    {
        if (_read) return false;
        _read = true;
        lock (server.Lock)
        {
            if (access.GroupState(_key) == null)
            {
                if (access.Length(_key) == null) return false; // the stream is gone
                access.CreateGroup(_key, StreamId.Min);
            }
            if (ReadsPending)
            {
                foreach (var (id, entry) in access.ReadGroupPending(_key, Consumer, count))
                {
                    Ids.Add(id);
                    chunk.Add(entry == null ? new StreamRecord(key, id.ToString(), new Dictionary<string, string>()) : StreamRecords.FromEntry(key, entry));
                }
            }
            else
            {
                foreach (var entry in access.ReadGroup(_key, Consumer, count))
                {
                    Ids.Add(entry.Id);
                    chunk.Add(StreamRecords.FromEntry(key, entry));
                }
            }
        }
        return false;
    }
}
