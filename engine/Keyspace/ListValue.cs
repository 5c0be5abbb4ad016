namespace HotGears.Engine.Keyspace;

/// <summary>
/// A list (t_list.c): a ring buffer of elements, giving O(1) push and pop at both ends and O(1)
/// access by index. Redis 7.0 stores every list as a "quicklist" (the small-list "listpack"
/// encoding came in 7.2), so that is the only encoding reported. Elements are never changed in
/// place once stored (LSET replaces the array), which lets copies share them.
/// </summary>
public sealed class ListValue : IRedisValue
{
    private const int MinCapacity = 4;

    private byte[][] _items;  // capacity is a power of two, so positions wrap with a mask
    private int _head;        // position of element 0
    private int _count;

    public ListValue() => _items = new byte[MinCapacity][];

    private ListValue(byte[][] items, int count)
    {
        _items = items;
        _count = count;
    }

    public string TypeName => "list";

    public string EncodingName => "quicklist";

    public int Count => _count;

    /// <summary>The element at <paramref name="index"/> (0 is the head), which must be in range.</summary>
    public byte[] this[int index]
    {
        get => _items[Position(index)];
        set => _items[Position(index)] = value;
    }

    /// <summary>Converts a Redis index (negative counts from the tail) to a position, or -1 when out of range.</summary>
    public int Resolve(long index)
    {
        if (index < 0) index += _count;
        return index >= 0 && index < _count ? (int)index : -1;
    }

    public void Push(byte[] value, ListEnd end)
    {
        Grow();
        if (end == ListEnd.Left)
        {
            _head = (_head - 1) & (_items.Length - 1);
            _items[_head] = value;
        }
        else _items[Position(_count)] = value;
        _count++;
    }

    /// <summary>Removes and returns the element at one end; the list must not be empty.</summary>
    public byte[] Pop(ListEnd end)
    {
        int position = end == ListEnd.Left ? _head : Position(_count - 1);
        var value = _items[position];
        _items[position] = null!;
        if (end == ListEnd.Left) _head = (_head + 1) & (_items.Length - 1);
        _count--;
        Shrink();
        return value;
    }

    /// <summary>Removes <paramref name="count"/> elements (at most all) from one end.</summary>
    public void RemoveFromEnd(int count, ListEnd end)
    {
        count = Math.Min(count, _count);
        for (int i = 0; i < count; i++)
        {
            int position = end == ListEnd.Left ? Position(i) : Position(_count - 1 - i);
            _items[position] = null!;
        }
        if (end == ListEnd.Left) _head = Position(count);
        _count -= count;
        Shrink();
    }

    /// <summary>Inserts at <paramref name="index"/> (0..Count), moving the shorter side.</summary>
    public void Insert(int index, byte[] value)
    {
        Grow();
        if (index < _count / 2)
        {
            _head = (_head - 1) & (_items.Length - 1);
            _count++;
            for (int i = 0; i < index; i++) this[i] = this[i + 1];
        }
        else
        {
            _count++;
            for (int i = _count - 1; i > index; i--) this[i] = this[i - 1];
        }
        this[index] = value;
    }

    /// <summary>
    /// LREM: removes elements equal to <paramref name="value"/>, at most <paramref name="limit"/>
    /// of them (0: all), scanning from the head or, with <paramref name="fromTail"/>, from the tail.
    /// </summary>
    public long RemoveMatching(ReadOnlySpan<byte> value, long limit, bool fromTail)
    {
        // Compact the survivors towards the end the scan starts from, in one pass.
        long removed = 0;
        int step = fromTail ? -1 : 1;
        int read = fromTail ? _count - 1 : 0, write = read;
        for (int seen = 0; seen < _count; seen++, read += step)
        {
            var item = this[read];
            if ((limit == 0 || removed < limit) && item.AsSpan().SequenceEqual(value)) removed++;
            else
            {
                this[write] = item;
                write += step;
            }
        }
        if (removed == 0) return 0;
        int kept = _count - (int)removed;
        if (fromTail)
        {
            for (int i = 0; i < removed; i++) this[i] = null!;
            _head = Position((int)removed);
        }
        else
        {
            for (int i = kept; i < _count; i++) this[i] = null!;
        }
        _count = kept;
        Shrink();
        return removed;
    }

    /// <summary>Index of the first element equal to <paramref name="value"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> value)
    {
        for (int i = 0; i < _count; i++)
            if (this[i].AsSpan().SequenceEqual(value)) return i;
        return -1;
    }

    public IRedisValue DeepCopy()
    {
        var items = new byte[_items.Length][];
        for (int i = 0; i < _count; i++) items[i] = this[i];
        return new ListValue(items, _count);
    }

    private int Position(int index) => (_head + index) & (_items.Length - 1);

    private void Grow()
    {
        if (_count < _items.Length) return;
        Resize(_items.Length * 2);
    }

    /// <summary>Gives memory back once the list has shrunk to a quarter of its capacity.</summary>
    private void Shrink()
    {
        if (_items.Length > MinCapacity && _count <= _items.Length / 4) Resize(Math.Max(MinCapacity, _items.Length / 2));
    }

    private void Resize(int capacity)
    {
        var items = new byte[capacity][];
        for (int i = 0; i < _count; i++) items[i] = this[i];
        _items = items;
        _head = 0;
    }
}

/// <summary>An end of a list: LEFT is the head, RIGHT the tail.</summary>
public enum ListEnd
{
    Left,
    Right,
}
