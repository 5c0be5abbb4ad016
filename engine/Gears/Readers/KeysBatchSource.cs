using System.Text;
using HotGears.Engine.Keyspace;

namespace HotGears.Engine.Gears.Readers;

/// <summary>
/// KeysReader and KeysOnlyReader in batch mode: the keys matching a glob (SCAN MATCH semantics),
/// walked in the key table's storage order a chunk at a time, each chunk under one hold of the
/// keyspace lock (so a long read never stalls other clients for long; a key present for the whole
/// read is returned exactly once). With noScan the pattern is one exact key name.
/// KeysReader records are <see cref="KeyRecord"/>s (values copied under the lock);
/// KeysOnlyReader records are the key names.
/// </summary>
internal sealed class KeysBatchSource : IRecordSource
{
    /// <summary>Keys per lock hold for KeysReader: enough to amortize the lock, short enough to keep latency low.</summary>
    public const int DefaultChunk = 4096;

    private readonly Server _server;
    private readonly Database _db;
    private readonly byte[] _pattern;
    private readonly PatternKind _kind;
    private readonly bool _noScan;
    private readonly bool _keysOnly;
    private readonly bool _readValue;
    private readonly int _chunk;
    private readonly List<KeyValuePair<byte[], object>> _found = new();
    private readonly KeyTable<object> _table;
    private int _position;

    private enum PatternKind { All, Prefix, Glob }

    public KeysBatchSource(Server server, string pattern, bool noScan, bool keysOnly, bool readValue, int chunk = DefaultChunk)
    {
        _server = server;
        _db = server.Databases[0];
        _table = _db.Keys;
        _pattern = Encoding.UTF8.GetBytes(pattern);
        _noScan = noScan;
        _keysOnly = keysOnly;
        _readValue = readValue;
        _chunk = Math.Max(1, chunk);
        int star = Array.IndexOf(_pattern, (byte)'*');
        _kind = pattern == "*" ? PatternKind.All
            : star == _pattern.Length - 1 && _pattern.AsSpan(0, star).IndexOfAny("?[\\"u8) < 0 ? PatternKind.Prefix
            : PatternKind.Glob;
    }

    public bool ReadChunk(List<object?> chunk)
    {
        lock (_server.Lock)
        {
            if (_noScan)
            {
                ReadExact(chunk);
                return false;
            }
            if (_db.Keys != _table) return false; // FLUSHDB / SWAPDB: the keys left to read are gone
            _found.Clear();
            _position = _table.Walk(_position, _chunk, _found);
            foreach (var (key, value) in _found)
            {
                if (!Matches(key) || _db.IsExpired(key)) continue;
                if (_keysOnly) chunk.Add(Encoding.UTF8.GetString(key));
                else if (!_readValue) chunk.Add(new KeyRecord(key, null, null, null, null, hasValue: false));
                else chunk.Add(KeyRecords.FromValue(key, value, null));
            }
            return _position >= 0;
        }
    }

    private void ReadExact(List<object?> chunk)
    {
        if (_keysOnly)
        {
            if (KeyRecords.LiveValue(_db, _pattern) != null) chunk.Add(Encoding.UTF8.GetString(_pattern));
            return;
        }
        chunk.Add(KeyRecords.Read(_db, _pattern, _readValue, null));
    }

    private bool Matches(byte[] key) => _kind switch
    {
        PatternKind.All => true,
        PatternKind.Prefix => key.AsSpan().StartsWith(_pattern.AsSpan(0, _pattern.Length - 1)),
        _ => Glob.Match(_pattern, key),
    };
}
