using System.Runtime.CompilerServices;

namespace HotGears.Engine.Keyspace;

/// <summary>
/// A sorted set (t_zset.c): members ordered by (score, member bytes), kept in a
/// <see cref="ScoreTree"/> for rank queries. Redis's two encodings differ here only in how a
/// member's score is found. A "listpack" zset (within zset-max-listpack-entries members of at
/// most zset-max-listpack-value bytes, see <see cref="ListpackLimits"/>) searches its entries linearly and costs little
/// more than the entries themselves; beyond that, for good as in Redis, it is a "skiplist" and
/// adds a <see cref="KeyTable{TValue}"/> from member to score (sharing the member arrays), which
/// also gives ZSCAN its cursor. A listpack stores scores as text where -0 reads back as 0, so
/// a listpack zset keeps no negative zero (a skiplist does), as in Redis.
/// Entries handed out are the stored ones: callers must not change their member arrays.
/// </summary>
public sealed class SortedSetValue : IRedisValue
{
    /// <summary>The default zset-max-listpack-entries.</summary>
    public const int MaxListpackEntries = 128;

    /// <summary>The default zset-max-listpack-value.</summary>
    public const int MaxListpackValue = 64;

    private readonly ListpackLimits _limits;
    private ScoreTree _tree = new();
    private KeyTable<double>? _scores; // null while the set is a listpack

    /// <summary>An empty set under the default limits.</summary>
    public SortedSetValue() : this(ListpackLimits.Default)
    {
    }

    /// <summary>
    /// An empty set under the server's zset-max-listpack-* <paramref name="limits"/>, in the
    /// skiplist encoding from the start when <paramref name="skiplist"/> (as Redis makes results it expects to be big).
    /// </summary>
    public SortedSetValue(ListpackLimits limits, bool skiplist = false)
    {
        _limits = limits;
        if (skiplist) _scores = new KeyTable<double>();
    }

    /// <summary>The limits this set converts by.</summary>
    public ListpackLimits Limits => _limits;

    public string TypeName => "zset";

    public string EncodingName => _scores == null ? "listpack" : "skiplist";

    public int Count => _tree.Count;

    public ZEntry this[int rank] => _tree[rank];

    public bool TryGetScore(ReadOnlySpan<byte> member, out double score)
    {
        if (_scores != null)
        {
            ref double stored = ref _scores.Find(member);
            bool found = !Unsafe.IsNullRef(ref stored);
            score = found ? stored : 0;
            return found;
        }
        for (var cursor = _tree.At(0); cursor.IsValid; cursor.MoveNext())
        {
            if (!cursor.Current.Member.AsSpan().SequenceEqual(member)) continue;
            score = cursor.Current.Score;
            return true;
        }
        score = 0;
        return false;
    }

    /// <summary>The 0-based rank of a member in ascending order, or -1 when it is not there.</summary>
    public int RankOf(ReadOnlySpan<byte> member)
    {
        if (!TryGetScore(member, out double score)) return -1;
        return _tree.CountBefore(new EntryBound(score, member));
    }

    /// <summary>
    /// Sets a member's score, adding the member when new (true). Converts to the skiplist
    /// encoding when the set outgrows the listpack limits.
    /// </summary>
    public bool Set(ReadOnlySpan<byte> member, double score)
    {
        if (!TryGetScore(member, out double current)) return Add(member, score);
        Update(member, current, score);
        return false;
    }

    /// <summary>Gives a member that is there with score <paramref name="current"/> a new score.</summary>
    public void Update(ReadOnlySpan<byte> member, double current, double score)
    {
        if (score == current) return;
        if (_scores == null) score = WithoutNegativeZero(score);
        var stored = RemoveFromTree(member, current);
        InsertIntoTree(stored, score);
        if (_scores != null) _scores.Find(member) = score;
    }

    /// <summary>Adds a member that is not there (true); see <see cref="Set"/>.</summary>
    public bool Add(ReadOnlySpan<byte> member, double score)
    {
        if (_scores == null && !_limits.Fit(Count + 1, member.Length)) ConvertToSkiplist();
        if (_scores == null) score = WithoutNegativeZero(score);
        byte[] copy = member.ToArray();
        InsertIntoTree(copy, score);
        _scores?.Set(copy, score);
        return true;
    }

    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (!TryGetScore(member, out double score)) return false;
        RemoveFromTree(member, score);
        _scores?.Remove(member);
        return true;
    }

    /// <summary>Removes <paramref name="count"/> entries from <paramref name="rank"/> on.</summary>
    public void RemoveRange(int rank, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (_scores != null) _scores.Remove(_tree[rank].Member);
            _tree.RemoveAt(rank);
        }
    }

    /// <summary>How many entries come before the bound (see <see cref="IEntryBound"/>).</summary>
    public int CountBefore<TBound>(TBound bound) where TBound : IEntryBound, allows ref struct => _tree.CountBefore(bound);

    /// <summary>A cursor on the entry at <paramref name="rank"/> (invalid when out of range).</summary>
    public ScoreTree.Cursor At(int rank) => _tree.At(rank);

    /// <summary>A uniformly chosen entry; the set must not be empty.</summary>
    public ZEntry RandomEntry() => _tree[Random.Shared.Next(Count)];

    /// <summary>
    /// One ZSCAN call: adds entries to <paramref name="output"/> and returns the next cursor. A
    /// listpack returns everything with cursor 0, as Redis does.
    /// </summary>
    public ulong Scan(ulong cursor, long count, List<KeyValuePair<byte[], double>> output)
    {
        if (_scores != null) return TableScan.Steps(_scores, cursor, count, output, stepsPerEntry: 20);
        for (var at = _tree.At(0); at.IsValid; at.MoveNext()) output.Add(new(at.Current.Member, at.Current.Score));
        return 0;
    }

    public IRedisValue DeepCopy()
    {
        var copy = new SortedSetValue(_limits);
        if (_scores != null) copy._scores = new KeyTable<double>(Count);
        for (var at = _tree.At(0); at.IsValid; at.MoveNext())
        {
            byte[] member = (byte[])at.Current.Member.Clone();
            copy._tree.Insert(copy.Count, new ZEntry(member, at.Current.Score));
            copy._scores?.Set(member, at.Current.Score);
        }
        return copy;
    }

    /// <summary>
    /// zsetConvertToListpackIfNeeded: back to a listpack when the set fits one (used for results
    /// that were built as skiplists).
    /// </summary>
    public void ConvertToListpackIfFits()
    {
        if (_scores == null || Count > _limits.MaxEntries) return;
        for (var at = _tree.At(0); at.IsValid; at.MoveNext())
            if (at.Current.Member.Length > _limits.MaxValue) return;
        var tree = new ScoreTree();
        for (var at = _tree.At(0); at.IsValid; at.MoveNext())
            tree.Insert(tree.Count, at.Current with { Score = WithoutNegativeZero(at.Current.Score) });
        _tree = tree;
        _scores = null;
    }

    private static double WithoutNegativeZero(double score) => score + 0.0;

    private void InsertIntoTree(byte[] member, double score) =>
        _tree.Insert(_tree.CountBefore(new EntryBound(score, member)), new ZEntry(member, score));

    /// <summary>Removes a member known to have <paramref name="score"/>; returns the stored member array.</summary>
    private byte[] RemoveFromTree(ReadOnlySpan<byte> member, double score)
    {
        int rank = _tree.CountBefore(new EntryBound(score, member));
        byte[] stored = _tree[rank].Member;
        _tree.RemoveAt(rank);
        return stored;
    }

    private void ConvertToSkiplist()
    {
        var scores = new KeyTable<double>(Count + 1);
        for (var at = _tree.At(0); at.IsValid; at.MoveNext()) scores.Set(at.Current.Member, at.Current.Score);
        _scores = scores;
    }

    /// <summary>The position of (score, member) in the order.</summary>
    private readonly ref struct EntryBound(double score, ReadOnlySpan<byte> member) : IEntryBound
    {
        private readonly ReadOnlySpan<byte> _member = member;

        public bool IsBefore(in ZEntry entry) =>
            entry.Score < score || (entry.Score == score && entry.Member.AsSpan().SequenceCompareTo(_member) < 0);
    }
}
