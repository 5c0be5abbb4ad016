using HotGears.Resp;
using System.Runtime.CompilerServices;

namespace HotGears.Engine.Keyspace;

/// <summary>
/// A hash (t_hash.c). Small hashes are packed as Redis packs them in a listpack: one byte array
/// holding [length][field][length][value]... in insertion order, searched linearly; a hash of a
/// few short fields then costs two objects. A hash outgrows that form for good (as in Redis) when
/// it gets more than <see cref="MaxPackedEntries"/> fields or a field or value longer than
/// <see cref="MaxPackedLength"/> bytes (which is also what lets one byte hold a length); it then
/// lives in a <see cref="KeyTable{TValue}"/>, which gives HSCAN its cursor and HRANDFIELD its sampling.
/// Stored values may be overwritten in place: copy anything kept beyond the keyspace lock.
/// </summary>
public sealed class HashValue : IRedisValue
{
    /// <summary>hash-max-listpack-entries.</summary>
    public const int MaxPackedEntries = 128;

    /// <summary>hash-max-listpack-value.</summary>
    public const int MaxPackedLength = 64;

    // The packed byte[] or the KeyTable<byte[]>: a single field keeps the object at its minimum size.
    private object _data;

    public HashValue() => _data = Array.Empty<byte>();

    private HashValue(object data) => _data = data;

    public string TypeName => "hash";

    public string EncodingName => _data is byte[] ? "listpack" : "hashtable";

    public int Count
    {
        get
        {
            if (_data is KeyTable<byte[]> table) return table.Count;
            int count = 0;
            for (var e = new PackedCursor((byte[])_data); e.MoveNext();) count++;
            return count;
        }
    }

    public bool TryGet(ReadOnlySpan<byte> field, out ReadOnlySpan<byte> value)
    {
        if (_data is KeyTable<byte[]> table)
        {
            ref byte[] stored = ref table.Find(field);
            bool found = !Unsafe.IsNullRef(ref stored);
            value = found ? stored : default;
            return found;
        }
        var packed = (byte[])_data;
        int at = FindPacked(packed, field);
        value = at < 0 ? default : PackedItem(packed, at + 1 + field.Length);
        return at >= 0;
    }

    public bool Contains(ReadOnlySpan<byte> field) => TryGet(field, out _);

    /// <summary>Sets a field; true when the field is new.</summary>
    public bool Set(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        if (_data is byte[] packed)
        {
            if (field.Length <= MaxPackedLength && value.Length <= MaxPackedLength)
            {
                bool added = SetPacked(packed, field, value);
                if (added && Count > MaxPackedEntries) ConvertToTable();
                return added;
            }
            ConvertToTable();
        }
        ref byte[] slot = ref ((KeyTable<byte[]>)_data).FindOrAdd(field, out bool isNew);
        if (!isNew && slot.Length == value.Length) value.CopyTo(slot);
        else slot = value.ToArray();
        return isNew;
    }

    /// <summary>
    /// Sets the pairs args[first], args[first + 1], ... (HSET); returns how many fields are new.
    /// A packed hash that stays packed is rebuilt once rather than once per field, so that loading
    /// many small hashes leaves no garbage behind to fragment the heap.
    /// </summary>
    public int SetPairs(CommandArgs args, int first)
    {
        if (_data is byte[] packed && StaysPacked(args, first)) return SetPairsPacked(packed, args, first);
        int created = 0;
        for (int i = first; i < args.Count; i += 2)
            if (Set(args[i], args[i + 1])) created++;
        return created;
    }

    private bool StaysPacked(CommandArgs args, int first)
    {
        if (Count + (args.Count - first) / 2 > MaxPackedEntries) return false;
        for (int i = first; i < args.Count; i++)
            if (args[i].Length > MaxPackedLength) return false;
        return true;
    }

    public bool Remove(ReadOnlySpan<byte> field)
    {
        if (_data is KeyTable<byte[]> table) return table.Remove(field);
        var packed = (byte[])_data;
        int at = FindPacked(packed, field);
        if (at < 0) return false;
        int end = at + 1 + field.Length;
        end += 1 + packed[end];
        var shrunk = new byte[packed.Length - (end - at)];
        packed.AsSpan(0, at).CopyTo(shrunk);
        packed.AsSpan(end).CopyTo(shrunk.AsSpan(at));
        _data = shrunk;
        return true;
    }

    /// <summary>A uniformly chosen entry; the hash must not be empty.</summary>
    public HashEntry RandomEntry()
    {
        if (_data is KeyTable<byte[]> table)
        {
            table.TryGetRandom(out var field, out var value);
            return new HashEntry(field, value);
        }
        int skip = Random.Shared.Next(Count);
        var e = new PackedCursor((byte[])_data);
        while (e.MoveNext() && skip-- > 0) { }
        return e.Current;
    }

    /// <summary>
    /// One HSCAN call: adds entries to <paramref name="output"/> and returns the next cursor. A
    /// packed hash returns everything with cursor 0, as Redis does for a listpack.
    /// </summary>
    public ulong Scan(ulong cursor, long count, List<KeyValuePair<byte[], byte[]>> output)
    {
        if (_data is KeyTable<byte[]> table) return TableScan.Steps(table, cursor, count, output, stepsPerEntry: 20);
        foreach (var entry in this) output.Add(new(entry.Field.ToArray(), entry.Value.ToArray()));
        return 0;
    }

    public IRedisValue DeepCopy()
    {
        if (_data is byte[] packed) return new HashValue(packed.Clone());
        var table = (KeyTable<byte[]>)_data;
        var copy = new KeyTable<byte[]>(table.Count);
        foreach (var entry in table) copy.Set((byte[])entry.Key.Clone(), (byte[])entry.Value.Clone());
        return new HashValue(copy);
    }

    /// <summary>Walks the entries (in insertion order while packed); the hash must not change during the walk.</summary>
    public Enumerator GetEnumerator() => new(_data);

    public ref struct Enumerator
    {
        private PackedCursor _packed;
        private KeyTable<byte[]>.Enumerator _table;
        private readonly bool _isTable;

        internal Enumerator(object data)
        {
            if (data is KeyTable<byte[]> table)
            {
                _table = table.GetEnumerator();
                _isTable = true;
            }
            else _packed = new PackedCursor((byte[])data);
        }

        public bool MoveNext() => _isTable ? _table.MoveNext() : _packed.MoveNext();

        public readonly HashEntry Current
        {
            get
            {
                if (!_isTable) return _packed.Current;
                var entry = _table.Current;
                return new HashEntry(entry.Key, entry.Value);
            }
        }
    }

    /// <summary>Walks a packed array: each entry is two length-prefixed items.</summary>
    private struct PackedCursor(byte[] packed)
    {
        private int _next;
        private int _field = -1;

        public bool MoveNext()
        {
            if (_next >= packed.Length) return false;
            _field = _next;
            int value = _field + 1 + packed[_field];
            _next = value + 1 + packed[value];
            return true;
        }

        public readonly HashEntry Current =>
            new(PackedItem(packed, _field), PackedItem(packed, _field + 1 + packed[_field]));
    }

    private static ReadOnlySpan<byte> PackedItem(byte[] packed, int at) => packed.AsSpan(at + 1, packed[at]);

    /// <summary>Offset of the entry whose field is <paramref name="field"/>, or -1.</summary>
    private static int FindPacked(ReadOnlySpan<byte> packed, ReadOnlySpan<byte> field)
    {
        if (field.Length > MaxPackedLength) return -1;
        for (int at = 0; at < packed.Length;)
        {
            int length = packed[at];
            if (length == field.Length && packed.Slice(at + 1, length).SequenceEqual(field)) return at;
            at += 1 + length;
            at += 1 + packed[at];
        }
        return -1;
    }

    /// <summary>Sets a field of a packed hash (lengths already checked); true when the field is new.</summary>
    private bool SetPacked(byte[] packed, ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        int at = FindPacked(packed, field);
        if (at >= 0 && packed[at + 1 + field.Length] == value.Length)
        {
            value.CopyTo(packed.AsSpan(at + 2 + field.Length)); // same length: in place
            return false;
        }
        var scratch = Scratch(packed, out int length);
        bool added = EditPacked(scratch, ref length, field, value);
        _data = scratch.AsSpan(0, length).ToArray();
        return added;
    }

    /// <summary>HSET's pairs for a hash that stays packed: edited in the scratch buffer, then stored with one allocation.</summary>
    private int SetPairsPacked(byte[] packed, CommandArgs args, int first)
    {
        var scratch = Scratch(packed, out int length);
        int created = 0;
        for (int i = first; i < args.Count; i += 2)
            if (EditPacked(scratch, ref length, args[i], args[i + 1])) created++;
        _data = scratch.AsSpan(0, length).ToArray();
        return created;
    }

    // Room for the largest packed hash plus the field that makes it outgrow the packing. Per
    // thread: edits run under the keyspace lock, but from any thread.
    [ThreadStatic] private static byte[]? t_scratch;

    private static byte[] Scratch(byte[] packed, out int length)
    {
        var scratch = t_scratch ??= new byte[(MaxPackedEntries + 1) * (2 + 2 * MaxPackedLength)];
        packed.CopyTo(scratch, 0);
        length = packed.Length;
        return scratch;
    }

    /// <summary>Sets a field in packed bytes <c>buffer[..length]</c>, which has room for it; true when new.</summary>
    private static bool EditPacked(Span<byte> buffer, ref int length, ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        int at = FindPacked(buffer[..length], field);
        if (at < 0)
        {
            length = WriteItem(buffer, WriteItem(buffer, length, field), value);
            return true;
        }
        int valueAt = at + 1 + field.Length;
        int tail = valueAt + 1 + buffer[valueAt];
        buffer[tail..length].CopyTo(buffer[(valueAt + 1 + value.Length)..]); // memmove: the ranges may overlap
        length += value.Length - buffer[valueAt];
        WriteItem(buffer, valueAt, value);
        return false;
    }

    private static int WriteItem(Span<byte> target, int at, ReadOnlySpan<byte> item)
    {
        target[at] = (byte)item.Length;
        item.CopyTo(target[(at + 1)..]);
        return at + 1 + item.Length;
    }

    private void ConvertToTable()
    {
        var table = new KeyTable<byte[]>(Count + 1);
        foreach (var entry in this) table.Set(entry.Field.ToArray(), entry.Value.ToArray());
        _data = table;
    }
}

/// <summary>One field of a hash and its value, as views valid until the hash changes.</summary>
public readonly ref struct HashEntry(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
{
    public ReadOnlySpan<byte> Field { get; } = field;
    public ReadOnlySpan<byte> Value { get; } = value;
}
