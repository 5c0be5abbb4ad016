using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;

namespace HotGears.Engine.Transactions;

/// <summary>
/// WATCHed keys (Redis's per-db watched_keys): for each database, the clients watching each key.
/// A keyspace listener: every event but `keymiss` reports a modified key and makes the EXEC of the
/// clients watching it fail. Whole-database changes (FLUSHDB, FLUSHALL, SWAPDB) fire no events;
/// those commands call <see cref="TouchAllInDb"/>. All members run under the keyspace lock.
/// </summary>
public sealed class WatchRegistry : IKeyspaceListener
{
    private readonly Server _server;
    private readonly Dictionary<byte[], List<WatchedKey>>[] _byDb;
    private int _watchedKeyCount; // keys with at least one watcher, over all databases: 0 makes events free

    public WatchRegistry(Server server)
    {
        _server = server;
        _byDb = new Dictionary<byte[], List<WatchedKey>>[server.Databases.Length];
        for (int i = 0; i < _byDb.Length; i++) _byDb[i] = new(ByteArrayComparer.Instance);
    }

    internal void Watch(Transaction owner, Database db, ReadOnlySpan<byte> key)
    {
        foreach (var watched in owner.Watched)
            if (watched.Db == db.Index && key.SequenceEqual(watched.Key)) return;
        var keys = _byDb[db.Index];
        if (!keys.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var storedKey, out var watchers))
        {
            storedKey = key.ToArray();
            watchers = new List<WatchedKey>(1);
            keys.Add(storedKey, watchers);
            _watchedKeyCount++;
        }
        var entry = new WatchedKey(owner, db.Index, storedKey, db.IsExpired(key));
        owner.Watched.Add(entry);
        watchers.Add(entry);
    }

    internal void UnwatchAll(Transaction owner)
    {
        foreach (var watched in owner.Watched)
        {
            var keys = _byDb[watched.Db];
            var watchers = keys[watched.Key];
            watchers.Remove(watched);
            if (watchers.Count != 0) continue;
            keys.Remove(watched.Key);
            _watchedKeyCount--;
        }
        owner.Watched.Clear();
    }

    /// <summary>True when a key the client watches has expired since it was watched (EXEC checks this: expiry may not have been noticed yet).</summary>
    internal bool AnyExpiredSinceWatched(Transaction owner)
    {
        foreach (var watched in owner.Watched)
            if (!watched.WasExpired && _server.Databases[watched.Db].IsExpired(watched.Key)) return true;
        return false;
    }

    public void OnKeyspaceEvent(in KeyspaceEvent e)
    {
        if (_watchedKeyCount == 0 || (e.Type & NotifyFlags.KeyMiss) != 0) return;
        Touch(e.Db, e.Key);
    }

    /// <summary>Redis's touchWatchedKey: the key was modified.</summary>
    private void Touch(int dbIndex, ReadOnlySpan<byte> key)
    {
        if (!_byDb[dbIndex].GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var watchers)) return;
        var db = _server.Databases[dbIndex];
        // Backwards: unwatching a client removes its one entry here, at i.
        for (int i = watchers.Count - 1; i >= 0; i--)
        {
            var watched = watchers[i];
            if (watched.WasExpired)
            {
                // A key already expired when watched, now deleted: logically no change. From now
                // on it is a missing key like any other.
                if (!db.Keys.ContainsKey(key)) watched.WasExpired = false;
                continue;
            }
            watched.Owner.WatchTouched = true;
            UnwatchAll(watched.Owner); // nothing more can change the outcome: stop listening
        }
    }

    /// <summary>
    /// Redis's touchAllWatchedKeysInDb, called before <paramref name="emptied"/> loses its keys
    /// (FLUSHDB, FLUSHALL) or gets those of <paramref name="replacedWith"/> (SWAPDB). A watched key
    /// is touched if it exists on either side, except for expired-but-not-deleted keys: an expired
    /// key that disappears, or that is replaced by another expired key, or a missing key replaced
    /// by an expired one, is no change.
    /// </summary>
    public void TouchAllInDb(Database emptied, Database? replacedWith)
    {
        if (_watchedKeyCount == 0) return;
        foreach (var (key, watchers) in _byDb[emptied.Index])
        {
            bool inEmptied = emptied.Keys.ContainsKey(key);
            bool inReplacement = replacedWith != null && replacedWith.Keys.ContainsKey(key);
            if (!inEmptied && !inReplacement) continue;
            foreach (var watched in watchers)
            {
                if (watched.WasExpired)
                {
                    if (!inReplacement)
                    {
                        watched.WasExpired = false;
                        continue;
                    }
                    if (replacedWith!.IsExpired(key)) continue;
                }
                else if (!inEmptied && replacedWith!.IsExpired(key))
                {
                    watched.WasExpired = true;
                    continue;
                }
                // Marked only: unwatching here would change the collections being walked.
                watched.Owner.WatchTouched = true;
            }
        }
    }
}
