using HotGears.Engine.Keyspace;

namespace HotGears.Engine.Commands;

/// <summary>A run of ranks [Start, End) of a sorted set, empty when End &lt;= Start.</summary>
internal readonly record struct RankSpan(int Start, int End)
{
    public int Length => Math.Max(0, End - Start);

    /// <summary>
    /// Redis's start/stop indexes (ZRANGE, ZREMRANGEBYRANK): negative ones count from the end,
    /// stop is inclusive, and out-of-range ends are clamped.
    /// </summary>
    public static RankSpan FromIndexes(long start, long stop, int count)
    {
        if (start < 0) start += count;
        if (stop < 0) stop += count;
        if (start < 0) start = 0;
        if (start > stop || start >= count) return new RankSpan(0, 0);
        if (stop >= count) stop = count - 1;
        return new RankSpan((int)start, (int)stop + 1);
    }

    /// <summary>
    /// The LIMIT of the BYSCORE/BYLEX forms applied from the start (or, reversed, from the end):
    /// a negative offset selects nothing, a negative count everything after the offset.
    /// </summary>
    public RankSpan Limit(long offset, long count, bool reverse)
    {
        if (offset < 0) return new RankSpan(0, 0);
        long skip = Math.Min(offset, Length);
        long take = count < 0 ? Length - skip : Math.Min(count, Length - skip);
        return reverse
            ? new RankSpan((int)(End - skip - take), (int)(End - skip))
            : new RankSpan((int)(Start + skip), (int)(Start + skip + take));
    }
}

/// <summary>A score interval (zrangespec): "(" makes an end exclusive; "inf" and "-inf" are allowed.</summary>
internal readonly struct ScoreRange
{
    private readonly double _min, _max;
    private readonly bool _minExclusive, _maxExclusive;

    private ScoreRange(double min, bool minExclusive, double max, bool maxExclusive)
    {
        _min = min;
        _minExclusive = minExclusive;
        _max = max;
        _maxExclusive = maxExclusive;
    }

    /// <summary>zslParseRange; false means "ERR min or max is not a float".</summary>
    public static bool TryParse(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out ScoreRange range)
    {
        range = default;
        if (!TryParseBound(min, out double low, out bool lowExclusive) ||
            !TryParseBound(max, out double high, out bool highExclusive)) return false;
        range = new ScoreRange(low, lowExclusive, high, highExclusive);
        return true;
    }

    /// <summary>The ranks of the entries inside the interval.</summary>
    public RankSpan RanksIn(SortedSetValue zset) =>
        new(zset.CountBefore(new BelowMin(this)), zset.CountBefore(new UpToMax(this)));

    private static bool TryParseBound(ReadOnlySpan<byte> text, out double value, out bool exclusive)
    {
        exclusive = text.Length > 0 && text[0] == (byte)'(';
        return RedisDouble.TryParseRangeBound(exclusive ? text[1..] : text, out value);
    }

    private readonly struct BelowMin(ScoreRange range) : IEntryBound
    {
        public bool IsBefore(in ZEntry entry) => range._minExclusive ? entry.Score <= range._min : entry.Score < range._min;
    }

    private readonly struct UpToMax(ScoreRange range) : IEntryBound
    {
        public bool IsBefore(in ZEntry entry) => range._maxExclusive ? entry.Score < range._max : entry.Score <= range._max;
    }
}

/// <summary>
/// A member interval (zlexrangespec): "[x" inclusive, "(x" exclusive, "-" and "+" the ends of the
/// order. Meaningful when all members have the same score, as Redis documents.
/// </summary>
internal readonly struct LexRange
{
    private enum Kind : byte { Inclusive, Exclusive, Lowest, Highest }

    private readonly byte[] _min, _max;
    private readonly Kind _minKind, _maxKind;

    private LexRange(byte[] min, Kind minKind, byte[] max, Kind maxKind)
    {
        _min = min;
        _minKind = minKind;
        _max = max;
        _maxKind = maxKind;
    }

    /// <summary>zslParseLexRange; false means "ERR min or max not valid string range item".</summary>
    public static bool TryParse(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out LexRange range)
    {
        range = default;
        if (!TryParseItem(min, out var low, out var lowKind) || !TryParseItem(max, out var high, out var highKind)) return false;
        range = new LexRange(low, lowKind, high, highKind);
        return true;
    }

    /// <summary>The ranks of the entries inside the interval.</summary>
    public RankSpan RanksIn(SortedSetValue zset) =>
        new(zset.CountBefore(new BelowMin(this)), zset.CountBefore(new UpToMax(this)));

    private static bool TryParseItem(ReadOnlySpan<byte> text, out byte[] value, out Kind kind)
    {
        value = [];
        kind = Kind.Inclusive;
        if (text.IsEmpty) return false;
        switch (text[0])
        {
            case (byte)'+' when text.Length == 1:
                kind = Kind.Highest;
                return true;
            case (byte)'-' when text.Length == 1:
                kind = Kind.Lowest;
                return true;
            case (byte)'(':
            case (byte)'[':
                kind = text[0] == (byte)'(' ? Kind.Exclusive : Kind.Inclusive;
                value = text[1..].ToArray();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether a member comes before a bound, or is also before when it equals the bound.</summary>
    private static bool Before(byte[] member, byte[] bound, Kind kind, bool equalIsBefore) => kind switch
    {
        Kind.Lowest => false,
        Kind.Highest => true,
        _ => member.AsSpan().SequenceCompareTo(bound) is var c && (c < 0 || (c == 0 && equalIsBefore)),
    };

    private readonly struct BelowMin(LexRange range) : IEntryBound
    {
        public bool IsBefore(in ZEntry entry) =>
            Before(entry.Member, range._min, range._minKind, equalIsBefore: range._minKind == Kind.Exclusive);
    }

    private readonly struct UpToMax(LexRange range) : IEntryBound
    {
        public bool IsBefore(in ZEntry entry) =>
            Before(entry.Member, range._max, range._maxKind, equalIsBefore: range._maxKind == Kind.Inclusive);
    }
}
