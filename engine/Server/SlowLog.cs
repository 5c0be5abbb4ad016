namespace HotGears.Engine;

/// <summary>The slow log (SLOWLOG GET/LEN/RESET). Written under the keyspace lock.</summary>
public sealed class SlowLog
{
    /// <summary>One logged command; <paramref name="Args"/> are the (possibly shortened) arguments as sent.</summary>
    public sealed record Entry(long Id, long UnixSeconds, long Microseconds, byte[][] Args, string ClientAddress, string ClientName);

    private readonly LinkedList<Entry> _entries = new();
    private long _nextId;

    public int Count => _entries.Count;

    public IEnumerable<Entry> Newest(int count) => _entries.Take(count);

    public void Add(Entry entry, int maxLength)
    {
        _entries.AddFirst(entry with { Id = _nextId++ });
        while (_entries.Count > maxLength) _entries.RemoveLast();
    }

    public void Reset() => _entries.Clear();
}
