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
    private KeyTable<object> _keys = new();
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

    /// <summary>The value of a live key, or a null ref. Expires the key first if its time has come.</summary>
    public ref object Find(ReadOnlySpan<byte> key)
    {
        ref object value = ref _keys.Find(key);
        if (!Unsafe.IsNullRef(ref value) && _expires.Count != 0 && ExpireIfNeeded(key))
            return ref Unsafe.NullRef<object>();
        return ref value;
    }

    /// <summary>
    /// Looks a key up for reading: counts a keyspace hit or miss (INFO) and fires `keymiss`.
    /// </summary>
    public object? LookupRead(ReadOnlySpan<byte> key)
    {
        object? value = Get(key);
        if (value != null) _server.Stats.KeyspaceHits++;
        else
        {
            _server.Stats.KeyspaceMisses++;
            _server.Events.Notify(NotifyFlags.KeyMiss, "keymiss", key, Index);
        }
        return value;
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
        ref object slot = ref _keys.FindOrAdd(key, out added)!;
        if (added) _server.Events.Notify(NotifyFlags.New, "new", key, Index);
        return ref slot;
    }

    /// <summary>Stores a value as SET does: replaces any value and, unless <paramref name="keepTtl"/>, the expiry.</summary>
    public void Set(ReadOnlySpan<byte> key, object value, bool keepTtl = false)
    {
        ref object slot = ref FindOrAdd(key, out bool added);
        slot = value;
        if (!added && !keepTtl && _expires.Count != 0) _expires.Remove(key);
    }

    /// <summary>Stores a value under a key object the caller hands over (RENAME, MOVE, SWAPDB).</summary>
    internal void SetOwned(byte[] key, object value) => _keys.Set(key, value);

    public bool Delete(ReadOnlySpan<byte> key)
    {
        if (!_keys.Remove(key)) return false;
        if (_expires.Count != 0) _expires.Remove(key);
        return true;
    }

    /// <summary>Removes a key and hands back its value and expiry (-1 when none).</summary>
    public bool Take(ReadOnlySpan<byte> key, out object value, out long expireAtMs)
    {
        expireAtMs = -1;
        if (!_keys.Remove(key, out value)) return false;
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
        _keys = new KeyTable<object>();
        _expires = new KeyTable<long>();
    }

    /// <summary>Exchanges contents with another database (SWAPDB).</summary>
    public void SwapWith(Database other)
    {
        (_keys, other._keys) = (other._keys, _keys);
        (_expires, other._expires) = (other._expires, _expires);
    }

    public byte[]? RandomKey()
    {
        // A key that turns out to be expired is removed and another one is drawn, as Redis does.
        for (int attempt = 0; attempt < 100 && _keys.Count > 0; attempt++)
        {
            if (!_keys.TryGetRandom(out var key, out _)) return null;
            if (_expires.Count == 0 || !ExpireIfNeeded(key)) return key;
        }
        return null;
    }

    /// <summary>True when the key has an expiry in the past; the key is then deleted and `expired` fired.</summary>
    public bool ExpireIfNeeded(ReadOnlySpan<byte> key)
    {
        ref long at = ref _expires.Find(key);
        if (Unsafe.IsNullRef(ref at) || at > _server.NowMs) return false;
        DeleteExpired(key);
        return true;
    }

    internal void DeleteExpired(ReadOnlySpan<byte> key)
    {
        _keys.Remove(key);
        _expires.Remove(key);
        _server.Stats.ExpiredKeys++;
        _server.Events.Notify(NotifyFlags.Expired, "expired", key, Index);
    }
}
