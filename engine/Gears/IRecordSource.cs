namespace HotGears.Engine.Gears;

/// <summary>
/// A reader in batch mode: hands out engine records (KeyRecord, StreamRecord, string, ...) chunk by
/// chunk. A source that reads the keyspace takes the keyspace lock for one chunk at a time, so a
/// long read never stalls other clients for long; the execution pushes each chunk through the
/// compiled pipeline outside the lock.
/// </summary>
public interface IRecordSource
{
    /// <summary>Appends the next records to <paramref name="chunk"/>; false once the source is exhausted (the chunk may still hold its last records).</summary>
    bool ReadChunk(List<object?> chunk);

    /// <summary>False for records already in hand: the execution then does not time reading them (readDuration 0).</summary>
    bool Reads => true;
}
