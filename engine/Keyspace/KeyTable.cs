using System.Runtime.CompilerServices;

namespace HotGears.Engine.Keyspace;

/// <summary>
/// A hash table from binary keys to values, built for the keyspace rather than borrowed from
/// Dictionary because the keyspace needs three things Dictionary cannot give:
/// lookups by a span of the request buffer (no key allocation per command), a power-of-two
/// bucket array so that SCAN's reverse-binary cursor stays correct while the table grows
/// (Redis's dictScan guarantee), and random sampling (RANDOMKEY, active expiry).
/// Collisions chain through entry indices; freed entries are reused through a free list.
/// Entries live in fixed-size chunks once the table is big, so growing never copies them nor
/// leaves a large discarded array behind (at a million keys that garbage was ~20 MB of RSS).
/// Each entry packs 8 bits of its key's hash (a tag that spares most key comparisons in a chain)
/// with a 24-bit access stamp (the keyspace's LRU/LFU clock, 24 bits as in Redis), so an entry is
/// 24 bytes on 64-bit: the full hash is recomputed from the key when the buckets grow.
/// Not thread-safe: the keyspace lock guards it.
/// </summary>
public sealed class KeyTable<TValue>
{
    private struct Entry
    {
        public byte[]? Key;   // null when the entry is free
        public TValue Value;
        public int Next;      // next entry in the chain + 1, 0 at the end (free entries: next free index)
        public uint TagAndStamp; // hash tag in the top 8 bits, access stamp in the low 24
    }

    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private int[] _buckets;   // entry index + 1, 0 when the bucket is empty
    private Entry[][] _chunks; // chunk 0 grows by doubling up to ChunkSize; later chunks are full size
    private int _capacity;    // entries available in the allocated chunks
    private int _used;        // entries handed out so far (live or free)
    private int _freeList = -1;
    private int _freeCount;
    private const int TagShift = 24;
    private const uint StampMask = (1u << TagShift) - 1;

    public KeyTable(int capacity = 4)
    {
        capacity = (int)Math.Min(ChunkSize, Math.Max(4, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity)));
        _buckets = new int[capacity];
        _chunks = [new Entry[capacity]];
        _capacity = capacity;
    }

    public int Count => _used - _freeCount;

    private int Mask => _buckets.Length - 1;

    /// <summary>The stored value for <paramref name="key"/>, or a null ref when absent.</summary>
    public ref TValue Find(ReadOnlySpan<byte> key) => ref Find(key, out _);

    /// <summary>As <see cref="Find(ReadOnlySpan{byte})"/>, also giving the entry's position for <see cref="GetStamp"/>.</summary>
    public ref TValue Find(ReadOnlySpan<byte> key, out int entry)
    {
        entry = IndexOf(key, KeyHash.Of(key));
        if (entry < 0) return ref Unsafe.NullRef<TValue>();
        return ref At(entry).Value;
    }

    /// <summary>The 24-bit access stamp of a live entry (0 until set).</summary>
    public uint GetStamp(int entry) => At(entry).TagAndStamp & StampMask;

    public void SetStamp(int entry, uint stamp)
    {
        ref uint packed = ref At(entry).TagAndStamp;
        packed = (packed & ~StampMask) | (stamp & StampMask);
    }

    public bool ContainsKey(ReadOnlySpan<byte> key) => IndexOf(key, KeyHash.Of(key)) >= 0;

    /// <summary>The key object stored for <paramref name="key"/> (so other tables can share it), or null.</summary>
    public byte[]? StoredKey(ReadOnlySpan<byte> key)
    {
        int index = IndexOf(key, KeyHash.Of(key));
        return index < 0 ? null : At(index).Key;
    }

    /// <summary>
    /// The value slot for <paramref name="key"/>, adding the key (copied once) when absent.
    /// </summary>
    public ref TValue FindOrAdd(ReadOnlySpan<byte> key, out bool added) => ref FindOrAdd(key, out added, out _);

    /// <summary>As <see cref="FindOrAdd(ReadOnlySpan{byte}, out bool)"/>, also giving the entry's position for <see cref="GetStamp"/>.</summary>
    public ref TValue FindOrAdd(ReadOnlySpan<byte> key, out bool added, out int entry)
    {
        int hash = KeyHash.Of(key);
        entry = IndexOf(key, hash);
        added = entry < 0;
        if (added) entry = Insert(key.ToArray(), hash);
        return ref At(entry).Value;
    }

    /// <summary>Adds or replaces, storing <paramref name="key"/> itself (no copy).</summary>
    public void Set(byte[] key, TValue value)
    {
        int hash = KeyHash.Of(key);
        int index = IndexOf(key, hash);
        if (index < 0) index = Insert(key, hash);
        At(index).Value = value;
    }

    public bool Remove(ReadOnlySpan<byte> key) => Remove(key, out _);

    public bool Remove(ReadOnlySpan<byte> key, out TValue value)
    {
        int hash = KeyHash.Of(key);
        // Buckets and chain links share one encoding (index + 1), so one ref walks both.
        ref int link = ref _buckets[hash & Mask];
        while (link != 0)
        {
            int index = link - 1;
            ref Entry entry = ref At(index);
            if (entry.TagAndStamp >> TagShift == Tag(hash) && key.SequenceEqual(entry.Key))
            {
                link = entry.Next;
                value = entry.Value;
                entry.Key = null;
                entry.Value = default!;
                entry.Next = _freeList;
                _freeList = index;
                _freeCount++;
                return true;
            }
            link = ref entry.Next;
        }
        value = default!;
        return false;
    }

    /// <summary>
    /// One step of a SCAN: adds the entries of the bucket(s) at <paramref name="cursor"/> to
    /// <paramref name="output"/> and returns the next cursor (0 when the scan is complete).
    /// The cursor advances in reverse-binary order so that a key present for the whole scan is
    /// returned at least once even if the table grows in between.
    /// </summary>
    public ulong ScanStep(ulong cursor, List<KeyValuePair<byte[], TValue>> output)
    {
        ulong mask = (ulong)Mask;
        for (int link = _buckets[(int)(cursor & mask)]; link != 0;)
        {
            ref Entry entry = ref At(link - 1);
            output.Add(new(entry.Key!, entry.Value));
            link = entry.Next;
        }
        cursor |= ~mask;
        cursor = ReverseBits(cursor);
        cursor++;
        return ReverseBits(cursor);
    }

    /// <summary>
    /// Adds up to <paramref name="max"/> live entries from entry <paramref name="position"/> on, in
    /// storage order, and returns where to continue (-1 once the walk is complete). Entries never
    /// move, so a key present for the whole walk is visited exactly once even if the table changes
    /// between calls; the order follows memory, which makes a full read far faster than SCAN's
    /// bucket order (Gears' KeysReader).
    /// </summary>
    public int Walk(int position, int max, List<KeyValuePair<byte[], TValue>> output)
    {
        int added = 0;
        for (; position < _used; position++)
        {
            if (added == max) return position;
            ref Entry entry = ref At(position);
            if (entry.Key == null) continue;
            output.Add(new(entry.Key, entry.Value));
            added++;
        }
        return -1;
    }

    /// <summary>A uniformly chosen live entry, or false when the table is empty.</summary>
    public bool TryGetRandom(out byte[] key, out TValue value)
    {
        key = null!;
        value = default!;
        if (Count == 0) return false;
        // Random probes are fast while the entry array is dense; fall back to a walk otherwise.
        for (int attempt = 0; attempt < 64; attempt++)
        {
            ref Entry entry = ref At(Random.Shared.Next(_used));
            if (entry.Key is { } k)
            {
                key = k;
                value = entry.Value;
                return true;
            }
        }
        int start = Random.Shared.Next(_used);
        for (int n = 0; n < _used; n++)
        {
            ref Entry entry = ref At((start + n) % _used);
            if (entry.Key is { } k)
            {
                key = k;
                value = entry.Value;
                return true;
            }
        }
        return false;
    }

    public Enumerator GetEnumerator() => new(this);

    /// <summary>Walks live entries; the table must not change during the walk.</summary>
    public struct Enumerator(KeyTable<TValue> table)
    {
        private int _index = -1;

        public bool MoveNext()
        {
            while (++_index < table._used)
                if (table.At(_index).Key != null) return true;
            return false;
        }

        public readonly KeyValuePair<byte[], TValue> Current
        {
            get
            {
                ref Entry entry = ref table.At(_index);
                return new(entry.Key!, entry.Value);
            }
        }
    }

    private int IndexOf(ReadOnlySpan<byte> key, int hash)
    {
        uint tag = Tag(hash);
        for (int i = _buckets[hash & Mask] - 1; i >= 0; i = At(i).Next - 1)
        {
            ref Entry entry = ref At(i);
            if (entry.TagAndStamp >> TagShift == tag && key.SequenceEqual(entry.Key)) return i;
        }
        return -1;
    }

    private int Insert(byte[] key, int hash)
    {
        int index;
        if (_freeCount > 0)
        {
            index = _freeList;
            _freeList = At(index).Next;
            _freeCount--;
        }
        else
        {
            if (_used == _capacity) AddCapacity();
            index = _used++;
        }
        if (Count >= _buckets.Length) Rehash(_buckets.Length * 2);
        ref int bucket = ref _buckets[hash & Mask];
        At(index) = new Entry { Key = key, Next = bucket, TagAndStamp = Tag(hash) << TagShift };
        bucket = index + 1;
        return index;
    }

    private static uint Tag(int hash) => (uint)hash >> TagShift;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Entry At(int index) => ref _chunks[index >> ChunkBits][index & ChunkMask];

    private void AddCapacity()
    {
        if (_capacity < ChunkSize)
        {
            Array.Resize(ref _chunks[0], _capacity * 2);
            _capacity *= 2;
            return;
        }
        int chunk = _capacity >> ChunkBits;
        if (chunk == _chunks.Length) Array.Resize(ref _chunks, _chunks.Length * 2);
        _chunks[chunk] = new Entry[ChunkSize];
        _capacity += ChunkSize;
    }

    /// <summary>Rebuilds the chains for a bucket array of <paramref name="size"/> (a power of two).</summary>
    private void Rehash(int size)
    {
        _buckets = new int[size];
        int mask = size - 1;
        for (int i = 0; i < _used; i++)
        {
            ref Entry entry = ref At(i);
            if (entry.Key == null) continue; // free entries stay chained through the free list only
            ref int bucket = ref _buckets[KeyHash.Of(entry.Key) & mask];
            entry.Next = bucket;
            bucket = i + 1;
        }
    }

    private static ulong ReverseBits(ulong v)
    {
        v = ((v >> 1) & 0x5555555555555555) | ((v & 0x5555555555555555) << 1);
        v = ((v >> 2) & 0x3333333333333333) | ((v & 0x3333333333333333) << 2);
        v = ((v >> 4) & 0x0F0F0F0F0F0F0F0F) | ((v & 0x0F0F0F0F0F0F0F0F) << 4);
        return System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v);
    }
}
