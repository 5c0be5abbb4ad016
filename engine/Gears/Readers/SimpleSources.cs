namespace HotGears.Engine.Gears.Readers;

/// <summary>A fixed list of records (ShardsIDReader's shard id, an event's one record).</summary>
internal sealed class ListSource(params object?[] records) : IRecordSource
{
    public bool ReadChunk(List<object?> chunk)
    {
        chunk.AddRange(records);
        return false;
    }

    public bool Reads => false;
}

/// <summary>A source that fails at once: the execution ends with this error.</summary>
internal sealed class FailedSource(string error) : IRecordSource
{
    public bool ReadChunk(List<object?> chunk) => throw new GearsErrorException(error);
}

/// <summary>A record made when the execution starts (event mode: the key's value is read then, under the keyspace lock).</summary>
internal sealed class LazySource(Server server, Func<object?> read) : IRecordSource
{
    public bool ReadChunk(List<object?> chunk)
    {
        lock (server.Lock) chunk.Add(read());
        return false;
    }
}

/// <summary>
/// PythonReader: the user's sequence (RunOptions.Generator, called when the run starts); its items
/// are language values already. Enumerated inside the language's callbacks scope (the GIL).
/// </summary>
internal sealed class SequenceSource(IGearsLanguage language, Func<IEnumerable<object?>> generator) : IRecordSource
{
    private const int Chunk = 1024;
    private IEnumerator<object?>? _items;

    public bool ReadChunk(List<object?> chunk)
    {
        using (language.EnterCallbacks())
        {
            _items ??= generator().GetEnumerator();
            for (int i = 0; i < Chunk; i++)
            {
                if (!_items.MoveNext())
                {
                    _items.Dispose();
                    return false;
                }
                chunk.Add(_items.Current);
            }
        }
        return true;
    }
}
