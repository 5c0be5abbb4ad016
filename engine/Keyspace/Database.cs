using System.Runtime.CompilerServices;
using HotGears.Engine.Notifications;

namespace HotGears.Engine.Keyspace;

/// <summary>
/// One numbered database: the keys with their values, and (as in Redis) a second table holding
/// the expiry time of the keys that have one. Expired keys are removed lazily when touched and
/// actively by <see cref="ExpiryCycle"/>; both ways fire the `expired` event.
/// All members run under the keyspace lock.
/// </summary>
public sealed class Database
{
    private readonly Server _server;
    private KeyTable<object> _keys = NewKeyTable();
    private KeyTable<long> _expires = new();

    public Database(Server server, int index)
    {
        _server = server;
        Index = index;
    }

    public int Index { get; }

    public int Count => _keys.Count;

    public int ExpiresCount => _expires.Count;

    internal KeyTable<object> Keys => _keys;

    internal KeyTable<long> Expires => _expires;

    /// <summary>
    /// The value of a live key, or a null ref. Expires the key first if its time has come, and
    /// records the access (OBJECT IDLETIME/FREQ), as Redis's lookupKeyWrite.
    /// </summary>
    public ref object Find(ReadOnlySpan<byte> key) => ref FindLive(key, touch: true);

    /// <summary>
    /// Looks a key up for reading (lookupKeyRead): counts a keyspace hit or miss (INFO), fires
    /// `keymiss` unless <see cref="LookupFlags.NoNotify"/>, records the access unless <see cref="LookupFlags.NoTouch"/>.
    /// </summary>
    public object? LookupRead(ReadOnlySpan<byte> key, LookupFlags flags = LookupFlags.None)
    {
        ref object value = ref FindLive(key, touch: (flags & LookupFlags.NoTouch) == 0);
        if (!Unsafe.IsNullRef(ref value))
        {
            _server.Stats.KeyspaceHits++;
            return value;
        }
        _server.Stats.KeyspaceMisses++;
        if ((flags & LookupFlags.NoNotify) == 0) _server.Events.Notify(NotifyFlags.KeyMiss, "keymiss", key, Index);
        return null;
    }

    private ref object FindLive(ReadOnlySpan<byte> key, bool touch)
    {
        ref object value = ref _keys.Find(key, out int entry);
        if (Unsafe.IsNullRef(ref value)) return ref value;
        if (_expires.Count != 0 && ExpireIfNeeded(key)) return ref Unsafe.NullRef<object>();
        if (touch)
        {
            _keys.SetStamp(entry, KeyAccess.Accessed(_keys.GetStamp(entry), _server.Config, _server.NowMs));
        }
        return ref value;
    }

    /// <summary>The access stamp of a live key (<see cref="KeyAccess"/>), without touching it; 0 when missing.</summary>
    public uint AccessStampOf(ReadOnlySpan<byte> key)
    {
        _keys.Find(key, out int entry);
        return entry < 0 ? 0 : _keys.GetStamp(entry);
    }

    /// <summary>The value of a live key, or null.</summary>
    public object? Get(ReadOnlySpan<byte> key)
    {
        ref object value = ref Find(key);
        return Unsafe.IsNullRef(ref value) ? null : value;
    }

    public bool Exists(ReadOnlySpan<byte> key) => !Unsafe.IsNullRef(ref Find(key));

    /// <summary>
    /// The slot of <paramref name="key"/>, created empty (null) when the key does not exist; the
    /// caller must then store a value. Fires `new` for a created key.
    /// Values are mutable in place (SET of an equal-length value, INCR, APPEND): anything that
    /// keeps a value beyond the keyspace lock must copy it.
    /// </summary>
    public ref object FindOrAdd(ReadOnlySpan<byte> key, out bool added)
    {
        if (_expires.Count != 0) ExpireIfNeeded(key);
        ref object slot = ref _keys.FindOrAdd(key, out added, out int entry)!;
        _keys.SetStamp(entry, added
            ? KeyAccess.New(_server.Config, _server.NowMs)
            : KeyAccess.Accessed(_keys.GetStamp(entry), _server.Config, _server.NowMs));
        if (added) KeyAdded(key);
        return ref slot;
    }

    /// <summary>Stores a value as SET does: replaces any value and, unless <paramref name="keepTtl"/>, the expiry.</summary>
    public void Set(ReadOnlySpan<byte> key, object value, bool keepTtl = false)
    {
        ref object slot = ref FindOrAdd(key, out bool added);
        if (!added) Replacing(key, slot);
        slot = value;
        if (!added && !keepTtl && _expires.Count != 0) _expires.Remove(key);
    }

    /// <summary>Adds a key that does not exist, with a new value (Redis's dbAdd): fires `new`.</summary>
    public void Add(ReadOnlySpan<byte> key, object value) => Add(key, value, KeyAccess.New(_server.Config, _server.NowMs));

    /// <summary>Adds a key that does not exist with a given access stamp (<see cref="KeyAccess"/>): fires `new`.</summary>
    internal void Add(ReadOnlySpan<byte> key, object value, uint stamp)
    {
        _keys.FindOrAdd(key, out _, out int entry) = value;
        _keys.SetStamp(entry, stamp);
        KeyAdded(key);
    }

    /// <summary>
    /// A key was created (Redis's dbAdd): fires `new`, and wakes clients blocked on the key
    /// whatever created it (a push, RENAME, MOVE, COPY...), as Redis 7.0 signals it ready there.
    /// </summary>
    private void KeyAdded(ReadOnlySpan<byte> key)
    {
        _server.Events.Notify(NotifyFlags.New, "new", key, Index);
        _server.Blocking.SignalReady(Index, key);
    }

    /// <summary>
    /// Moves a live key, with its value, expiry and access stamp, to <paramref name="newKey"/> in
    /// <paramref name="target"/> (RENAME, MOVE), replacing what was there. Fires `new` at the target.
    /// </summary>
    public void MoveKey(ReadOnlySpan<byte> key, Database target, ReadOnlySpan<byte> newKey)
    {
        object value = _keys.Find(key, out int entry);
        uint stamp = _keys.GetStamp(entry);
        long expireAtMs = GetExpire(key);
        target.Delete(newKey);
        target.Add(newKey, value, stamp);
        if (expireAtMs >= 0) target.SetExpire(newKey, expireAtMs);
        Delete(key);
    }

    public bool Delete(ReadOnlySpan<byte> key)
    {
        if (!_keys.Remove(key, out object old)) return false;
        if (_expires.Count != 0) _expires.Remove(key);
        Replacing(key, old);
        return true;
    }

    /// <summary>
    /// A value is leaving <paramref name="key"/> (deleted or overwritten). Clients blocked in
    /// XREADGROUP on a stream that goes must be told, so its key is signalled ready (as Redis's
    /// dbGenericDelete and dbOverwrite do); they are answered once the command is done.
    /// </summary>
    public void Replacing(ReadOnlySpan<byte> key, object old)
    {
        if (old is StreamValue) _server.Blocking.SignalReady(Index, key);
    }

    /// <summary>Removes a key and hands back its value and expiry (-1 when none).</summary>
    public bool Take(ReadOnlySpan<byte> key, out object value, out long expireAtMs)
    {
        expireAtMs = -1;
        if (!_keys.Remove(key, out value)) return false;
        Replacing(key, value);
        if (_expires.Count != 0 && _expires.Remove(key, out long at)) expireAtMs = at;
        return true;
    }

    /// <summary>Unix time in ms at which the key expires, or -1.</summary>
    public long GetExpire(ReadOnlySpan<byte> key)
    {
        if (_expires.Count == 0) return -1;
        ref long at = ref _expires.Find(key);
        return Unsafe.IsNullRef(ref at) ? -1 : at;
    }

    /// <summary>Sets the expiry of an existing key (the expiry table shares the key object).</summary>
    public void SetExpire(ReadOnlySpan<byte> key, long unixMs)
    {
        var stored = _keys.StoredKey(key) ?? throw new InvalidOperationException("SetExpire on a missing key");
        _expires.Set(stored, unixMs);
    }

    public bool RemoveExpire(ReadOnlySpan<byte> key) => _expires.Count != 0 && _expires.Remove(key);

    public void Clear()
    {
        _server.Blocking.SignalWaitedKeys(Index); // blocked XREADGROUP clients learn their stream is gone
        _keys = NewKeyTable();
        _expires = new KeyTable<long>();
    }

    private static KeyTable<object> NewKeyTable() => new();

    /// <summary>Exchanges contents with another database (SWAPDB).</summary>
    public void SwapWith(Database other)
    {
        (_keys, other._keys) = (other._keys, _keys);
        (_expires, other._expires) = (other._expires, _expires);
        _server.Blocking.SignalWaitedKeys(Index);
        _server.Blocking.SignalWaitedKeys(other.Index);
    }

    public byte[]? RandomKey()
    {
        // A key that turns out to be expired is removed and another one is drawn, as Redis does;
        // each miss removes a key, so this ends.
        while (_keys.TryGetRandom(out var key, out _))
            if (_expires.Count == 0 || !ExpireIfNeeded(key)) return key;
        return null;
    }

    /// <summary>The keys that have not expired, in table order; expired keys are skipped, not deleted (KEYS). The database must not change during the walk.</summary>
    public IEnumerable<byte[]> LiveKeys()
    {
        foreach (var (key, _) in _keys)
            if (!IsExpired(key)) yield return key;
    }

    /// <summary>
    /// One SCAN call over the keys (the loop of Redis's scanGenericCommand): walks buckets from
    /// <paramref name="cursor"/> until <paramref name="count"/> keys are found, the walk ends, or
    /// 10×count buckets have been visited (bounding the work on a sparse table). Returns the next
    /// cursor. Found keys may have expired: the caller filters them.
    /// </summary>
    public ulong Scan(ulong cursor, long count, List<KeyValuePair<byte[], object>> found)
    {
        long maxBuckets = count > long.MaxValue / 10 ? long.MaxValue : count * 10;
        do cursor = _keys.ScanStep(cursor, found);
        while (cursor != 0 && maxBuckets-- > 0 && found.Count < count);
        return cursor;
    }

    /// <summary>True when the key has an expiry in the past; the key is then deleted and `expired` fired.</summary>
    public bool ExpireIfNeeded(ReadOnlySpan<byte> key)
    {
        if (!IsExpired(key)) return false;
        DeleteExpired(key);
        return true;
    }

    /// <summary>True when the key is still stored but its expiry time has passed (Redis's keyIsExpired).</summary>
    internal bool IsExpired(ReadOnlySpan<byte> key)
    {
        if (_expires.Count == 0) return false;
        ref long at = ref _expires.Find(key);
        return !Unsafe.IsNullRef(ref at) && at <= _server.NowMs;
    }

    internal void DeleteExpired(ReadOnlySpan<byte> key)
    {
        _keys.Remove(key);
        _expires.Remove(key);
        _server.Stats.ExpiredKeys++;
        _server.Events.Notify(NotifyFlags.Expired, "expired", key, Index);
    }
}

/// <summary>How a read lookup treats the key (Redis's LOOKUP_* flags).</summary>
[Flags]
public enum LookupFlags
{
    None = 0,

    /// <summary>Do not record the access (TYPE, EXISTS, TTL, OBJECT).</summary>
    NoTouch = 1,

    /// <summary>Do not fire `keymiss` when the key is missing (OBJECT).</summary>
    NoNotify = 2,
}
