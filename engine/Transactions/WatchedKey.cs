namespace HotGears.Engine.Transactions;

/// <summary>One key one client WATCHes: listed both by the client's transaction and by the registry.</summary>
internal sealed class WatchedKey(Transaction owner, int db, byte[] key, bool wasExpired)
{
    public Transaction Owner { get; } = owner;
    public int Db { get; } = db;
    public byte[] Key { get; } = key;

    /// <summary>
    /// The key had already expired (but was not yet deleted) when watched: its later deletion by
    /// expiry is no change, and neither is its expiring. Redis's watchedKey.expired.
    /// </summary>
    public bool WasExpired { get; set; } = wasExpired;
}
