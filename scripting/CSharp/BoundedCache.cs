namespace HotGears.Scripting.CSharp;

/// <summary>A thread-safe least-recently-used map of a fixed capacity; values are made once per key, outside the lock.</summary>
internal sealed class BoundedCache<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, Lazy<TValue> Value)>> _map = new();
    private readonly LinkedList<(TKey Key, Lazy<TValue> Value)> _order = new(); // most recent first
    private readonly Lock _lock = new();

    public int Count
    {
        get { lock (_lock) return _map.Count; }
    }

    /// <summary>The cached value, or the one <paramref name="make"/> makes (concurrent callers for one key share one call).</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> make)
    {
        Lazy<TValue> value;
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                value = node.Value.Value;
            }
            else
            {
                value = new Lazy<TValue>(() => make(key), LazyThreadSafetyMode.ExecutionAndPublication);
                _map[key] = _order.AddFirst((key, value));
                if (_map.Count > capacity)
                {
                    _map.Remove(_order.Last!.Value.Key);
                    _order.RemoveLast();
                }
            }
        }
        return value.Value;
    }
}
