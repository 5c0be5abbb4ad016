using System.Text;
using HotGears.Resp;

namespace HotGears.Engine;

/// <summary>
/// Counts error replies by their code ("ERR", "WRONGTYPE") for INFO errorstats, and in total for
/// INFO stats' total_error_replies. Told by every session's reply writer; runs under the keyspace lock.
/// </summary>
public sealed class ErrorStats(ServerStats stats) : IErrorReplyObserver
{
    /// <summary>Distinct codes tracked at most: codes come from our own replies, but scripts may invent more.</summary>
    private const int MaxCodes = 128;

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void OnErrorReply(ReadOnlySpan<byte> code)
    {
        stats.TotalErrorReplies++;
        var lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> chars = stackalloc char[code.Length];
        Encoding.Latin1.GetChars(code, chars);
        if (lookup.TryGetValue(chars, out long count)) lookup[chars] = count + 1;
        else if (_counts.Count < MaxCodes) _counts[new string(chars)] = 1;
    }

    /// <summary>Codes with their counts, in byte order (as Redis lists them).</summary>
    public IEnumerable<KeyValuePair<string, long>> Counts => _counts.OrderBy(c => c.Key, StringComparer.Ordinal);

    public void Reset() => _counts.Clear();
}
