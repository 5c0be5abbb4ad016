namespace HotGears.Engine.Gears.Pipeline;

/// <summary>
/// accumulate(f): a = f(a, r) from a = null; emits a once at the end, nothing when no call
/// succeeded since the start or the last failure (quirk 2: no record for no input). A failing call
/// resets the accumulator (spec §2.8).
/// </summary>
internal sealed class AccumulateSink(PipelineRun run, Func<object?, object?, object?> accumulate) : Sink(run)
{
    private object? _accumulator;
    private bool _has;

    public override void Push(object? record)
    {
        try
        {
            _accumulator = accumulate(_has ? _accumulator : null, record);
            _has = true;
        }
        catch (Exception ex)
        {
            _accumulator = null;
            _has = false;
            Run.Fail(ex);
        }
    }

    public override void Complete()
    {
        if (_has) Next.Push(_accumulator);
        Next.Complete();
    }
}

/// <summary>count(): the number of records as a native long; nothing for no input.</summary>
internal sealed class CountSink(PipelineRun run) : Sink(run)
{
    private long _count;

    public override void Push(object? record) => _count++;

    public override void Complete()
    {
        if (_count > 0) Next.Push(Run.Language.FromNative(_count));
        Next.Complete();
    }
}

/// <summary>avg(extractor): the mean as a native double; a failing extractor drops its record; nothing for no input.</summary>
internal sealed class AvgSink(PipelineRun run, Func<object?, double>? toNumber) : Sink(run)
{
    private double _sum;
    private long _count;

    public override void Push(object? record)
    {
        try
        {
            _sum += toNumber == null ? Run.Language.ToDouble(record) : toNumber(record);
            _count++;
        }
        catch (Exception ex)
        {
            Run.Fail(ex);
        }
    }

    public override void Complete()
    {
        if (_count > 0) Next.Push(Run.Language.FromNative(_sum / _count));
        Next.Complete();
    }
}

/// <summary>
/// distinct(): the first of each group of equal records. Lowered by RedisGears to an aggregate
/// over a set, so a record that cannot be hashed fails and, as any aggregate failure, empties the
/// set gathered so far.
/// </summary>
internal sealed class DistinctSink(PipelineRun run) : Sink(run)
{
    private readonly HashSet<object> _seen = new();
    private readonly List<object?> _records = new();

    public override void Push(object? record)
    {
        try
        {
            if (_seen.Add(Run.Language.DistinctKey(record))) _records.Add(record);
        }
        catch (Exception ex)
        {
            _seen.Clear();
            _records.Clear();
            Run.Fail(ex);
        }
    }

    public override void Complete()
    {
        foreach (var record in _records) Next.Push(record);
        Next.Complete();
    }
}

/// <summary>
/// sort(reverse): RedisGears gathers the records, sorts them with sorted(reverse=reverse) and
/// flatmaps the list, which pops it from the end; so the default reverse=True comes out
/// ascending (quirk 1), ties in reverse arrival order. A failed comparison is one error and no
/// record; no input, no record.
/// </summary>
internal sealed class SortSink(PipelineRun run, bool reverse) : Sink(run)
{
    private readonly List<object?> _records = new();

    public override void Push(object? record) => _records.Add(record);

    public override void Complete()
    {
        if (_records.Count > 0)
        {
            var order = new int[_records.Count];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            var language = Run.Language;
            try
            {
                // The emitted order: by value (ascending when reverse), ties last-arrived first.
                Array.Sort(order, (x, y) =>
                {
                    int c = language.Compare(_records[x], _records[y]);
                    if (c != 0) return reverse ? c : -c;
                    return y.CompareTo(x);
                });
            }
            catch (Exception ex)
            {
                Run.Fail(ex is InvalidOperationException { InnerException: { } inner } ? inner : ex);
                Next.Complete();
                return;
            }
            foreach (int i in order) Next.Push(_records[i]);
        }
        Next.Complete();
    }
}

/// <summary>
/// aggregate(zero, seqOp, combOp), as RedisGears lowers it: accumulate with seqOp, then (after
/// collect) accumulate with combOp, each replacing a falsy accumulator by a fresh zero on every
/// call (quirk 3). This sink is the first accumulate; the second is another instance.
/// </summary>
internal sealed class AggregateSink(PipelineRun run, Func<object?> zero, Func<object?, object?, object?> op) : Sink(run)
{
    private object? _accumulator;
    private bool _has;

    public override void Push(object? record)
    {
        try
        {
            var current = _has && Run.Language.IsTruthy(_accumulator) ? _accumulator : zero();
            _accumulator = op(current, record);
            _has = true;
        }
        catch (Exception ex)
        {
            _accumulator = null;
            _has = false;
            Run.Fail(ex);
        }
    }

    public override void Complete()
    {
        if (_has) Next.Push(_accumulator);
        Next.Complete();
    }
}
