using System.Globalization;

namespace HotGears.Engine.Gears;

/// <summary>
/// Execution and registration ids (spec §4): the 40-character node id ('0' × 40 on a single
/// server), a dash, a decimal counter. The two kinds come from two independent counters.
/// </summary>
public static class GearsIds
{
    /// <summary>The shard id of a single server.</summary>
    public const string ShardId = "0000000000000000000000000000000000000000";

    public static string Format(long counter) => ShardId + "-" + counter.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// RedisGears parses ids by position: shorter than 42 characters or without '-' at position 40
    /// means "not found"; so does another node id.
    /// </summary>
    public static bool TryParse(string id, out long counter)
    {
        counter = 0;
        return id.Length >= 42 && id[40] == '-' && id.AsSpan(0, 40).SequenceEqual(ShardId) &&
               long.TryParse(id.AsSpan(41), NumberStyles.None, CultureInfo.InvariantCulture, out counter);
    }

    /// <summary>A session id when the script gives no ID: 40 random hex characters.</summary>
    public static string RandomSessionId() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();

    /// <summary>A session ID option's charset: [A-Za-z0-9_-].</summary>
    public static bool IsValidSessionId(string id)
    {
        foreach (char c in id)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')) return false;
        return true;
    }
}
