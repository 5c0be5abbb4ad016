namespace HotGears.Engine.Keyspace;

/// <summary>
/// A type's *-max-listpack-entries / *-max-listpack-value settings. Values keep a reference to
/// their server's instance and read it whenever they grow, so CONFIG SET applies at once (as
/// Redis reads server.zset_max_listpack_* on every add).
/// </summary>
public sealed class ListpackLimits(long maxEntries, long maxValue)
{
    /// <summary>Redis's zset defaults: 128 entries of at most 64 bytes.</summary>
    public static ListpackLimits Default { get; } = new(128, 64);

    public long MaxEntries { get; set; } = maxEntries;

    public long MaxValue { get; set; } = maxValue;

    /// <summary>Whether <paramref name="entries"/> entries, the longest <paramref name="longestValue"/> bytes, fit a listpack.</summary>
    public bool Fit(long entries, long longestValue) => entries <= MaxEntries && longestValue <= MaxValue;
}
