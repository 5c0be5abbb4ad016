using System.Globalization;
using HotGears.Resp;

namespace HotGears.Engine.Keyspace;

/// <summary>
/// A set (t_set.c), in Redis 7.0's two encodings. While every member is an integer in canonical
/// form (string2ll) and there are at most <see cref="MaxIntsetEntries"/> of them it is an
/// "intset": a sorted array of longs, which is why SMEMBERS of such a set lists them in numeric
/// order. Otherwise, and for good, a "hashtable": a <see cref="KeyTable{TValue}"/> of members,
/// which gives SSCAN its cursor and SPOP/SRANDMEMBER their sampling.
/// </summary>
public sealed class SetValue : IRedisValue
{
    /// <summary>set-max-intset-entries.</summary>
    public const int MaxIntsetEntries = 512;

    // The sorted long[] (exactly sized) or the KeyTable<bool>: a single field keeps the object small.
    private object _data;

    public SetValue() => _data = Array.Empty<long>();

    private SetValue(object data) => _data = data;

    public string TypeName => "set";

    public string EncodingName => _data is long[] ? "intset" : "hashtable";

    public int Count => _data is long[] ints ? ints.Length : ((KeyTable<bool>)_data).Count;

    public bool Contains(ReadOnlySpan<byte> member)
    {
        if (_data is KeyTable<bool> table) return table.ContainsKey(member);
        return RedisNumbers.TryParseInt64(member, out long n) && Array.BinarySearch((long[])_data, n) >= 0;
    }

    /// <summary>Adds a member; true when it was not there.</summary>
    public bool Add(ReadOnlySpan<byte> member)
    {
        if (_data is long[] ints)
        {
            if (RedisNumbers.TryParseInt64(member, out long n))
            {
                int at = Array.BinarySearch(ints, n);
                if (at >= 0) return false;
                at = ~at;
                var grown = new long[ints.Length + 1];
                Array.Copy(ints, grown, at);
                grown[at] = n;
                Array.Copy(ints, at, grown, at + 1, ints.Length - at);
                _data = grown;
                if (grown.Length > MaxIntsetEntries) ConvertToTable();
                return true;
            }
            ConvertToTable();
        }
        ((KeyTable<bool>)_data).FindOrAdd(member, out bool added);
        return added;
    }

    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (_data is KeyTable<bool> table) return table.Remove(member);
        var ints = (long[])_data;
        if (!RedisNumbers.TryParseInt64(member, out long n)) return false;
        int at = Array.BinarySearch(ints, n);
        if (at < 0) return false;
        var shrunk = new long[ints.Length - 1];
        Array.Copy(ints, shrunk, at);
        Array.Copy(ints, at + 1, shrunk, at, shrunk.Length - at);
        _data = shrunk;
        return true;
    }

    /// <summary>
    /// A uniformly chosen member; the set must not be empty. A hashtable member is the stored
    /// array itself: the caller must not change it.
    /// </summary>
    public byte[] RandomMember()
    {
        if (_data is long[] ints) return Format(ints[Random.Shared.Next(ints.Length)]);
        ((KeyTable<bool>)_data).TryGetRandom(out var member, out _);
        return member;
    }

    /// <summary>
    /// One SSCAN call: adds members to <paramref name="output"/> and returns the next cursor. An
    /// intset returns everything with cursor 0, as Redis does.
    /// </summary>
    public ulong Scan(ulong cursor, long count, List<byte[]> output)
    {
        if (_data is KeyTable<bool> table)
        {
            var entries = new List<KeyValuePair<byte[], bool>>();
            cursor = TableScan.Steps(table, cursor, count, entries);
            foreach (var entry in entries) output.Add(entry.Key);
            return cursor;
        }
        foreach (long n in (long[])_data) output.Add(Format(n));
        return 0;
    }

    public IRedisValue DeepCopy()
    {
        if (_data is long[] ints) return new SetValue(ints.Clone());
        var table = (KeyTable<bool>)_data;
        var copy = new KeyTable<bool>(table.Count);
        foreach (var entry in table) copy.Set((byte[])entry.Key.Clone(), true);
        return new SetValue(copy);
    }

    /// <summary>
    /// Walks the members (an intset in numeric order); the set must not change during the walk.
    /// A member is valid until the next step.
    /// </summary>
    public Enumerator GetEnumerator() => new(_data);

    public ref struct Enumerator
    {
        private readonly long[]? _ints;
        private KeyTable<bool>.Enumerator _table;
        private readonly byte[]? _digits;
        private int _index;
        private ReadOnlySpan<byte> _current;

        internal Enumerator(object data)
        {
            _index = -1;
            if (data is long[] ints)
            {
                _ints = ints;
                _digits = new byte[20];
            }
            else _table = ((KeyTable<bool>)data).GetEnumerator();
        }

        public bool MoveNext()
        {
            if (_ints == null)
            {
                if (!_table.MoveNext()) return false;
                _current = _table.Current.Key;
                return true;
            }
            if (++_index >= _ints.Length) return false;
            _ints[_index].TryFormat(_digits, out int length, default, CultureInfo.InvariantCulture);
            _current = _digits.AsSpan(0, length);
            return true;
        }

        public readonly ReadOnlySpan<byte> Current => _current;
    }

    private static byte[] Format(long n) => System.Text.Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture));

    private void ConvertToTable()
    {
        var table = new KeyTable<bool>(Count + 1);
        foreach (var member in this) table.Set(member.ToArray(), true);
        _data = table;
    }
}
