namespace HotGears.Engine.Gears.Pipeline;

/// <summary>The group key of a record: the extractor's string, or str(record) when the step has none.</summary>
internal static class GroupKeys
{
    public static string Of(PipelineRun run, Func<object?, string>? extractor, object? record) =>
        extractor == null ? run.Language.ToStr(record) : extractor(record);
}

/// <summary>
/// localgroupby/groupby (extractkey + accumulatebykey): a = reducer(k, a, r) per key from
/// a = null; emits {'key': k, 'value': a} per key at the end. A failing extractor drops its
/// record; a failing reducer resets that key's accumulator. With <paramref name="native"/> the
/// groups go on as engine <see cref="GroupRecord"/>s (to <see cref="RegroupSink"/>).
/// </summary>
internal sealed class GroupSink(PipelineRun run, Func<object?, string>? extractor, Func<string, object?, object?, object?> reducer, bool native)
    : Sink(run)
{
    private readonly Dictionary<string, object?> _groups = new(StringComparer.Ordinal);

    public override void Push(object? record)
    {
        string key;
        try
        {
            key = GroupKeys.Of(Run, extractor, record);
        }
        catch (Exception ex)
        {
            Run.Fail(ex);
            return;
        }
        _groups.TryGetValue(key, out var accumulator);
        try
        {
            _groups[key] = reducer(key, accumulator, record);
        }
        catch (Exception ex)
        {
            _groups.Remove(key);
            Run.Fail(ex);
        }
    }

    public override void Complete()
    {
        foreach (var (key, value) in _groups)
        {
            var group = new GroupRecord(key, value);
            Next.Push(native ? group : Run.Language.FromNative(group));
        }
        Next.Complete();
    }
}

/// <summary>
/// aggregateby's second half (after the repartition): combOp(k, a, value) per local group, a
/// replaced by a fresh zero while falsy (quirk 3). On a single server each key arrives once.
/// </summary>
internal sealed class RegroupSink(PipelineRun run, Func<object?> zero, Func<string, object?, object?, object?> combine) : Sink(run)
{
    private readonly Dictionary<string, object?> _groups = new(StringComparer.Ordinal);

    public override void Push(object? record)
    {
        var group = (GroupRecord)record!;
        _groups.TryGetValue(group.Key, out var accumulator);
        try
        {
            var current = Run.Language.IsTruthy(accumulator) ? accumulator : zero();
            _groups[group.Key] = combine(group.Key, current, group.Value);
        }
        catch (Exception ex)
        {
            _groups.Remove(group.Key);
            Run.Fail(ex);
        }
    }

    public override void Complete()
    {
        foreach (var (key, value) in _groups) Next.Push(Run.Language.FromNative(new GroupRecord(key, value)));
        Next.Complete();
    }
}

/// <summary>countby(extractor): {'key': k, 'value': count} per key, counted natively.</summary>
internal sealed class CountBySink(PipelineRun run, Func<object?, string>? extractor) : Sink(run)
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public override void Push(object? record)
    {
        string key;
        try
        {
            key = GroupKeys.Of(Run, extractor, record);
        }
        catch (Exception ex)
        {
            Run.Fail(ex);
            return;
        }
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, key, out _)++;
    }

    public override void Complete()
    {
        var language = Run.Language;
        foreach (var (key, count) in _counts) Next.Push(language.FromNative(new GroupRecord(key, language.FromNative(count))));
        Next.Complete();
    }
}

/// <summary>batchgroupby(extractor, reducer): reducer(k, records) once per key at the end.</summary>
internal sealed class BatchGroupSink(PipelineRun run, Func<object?, string> extractor, Func<string, List<object?>, object?> reducer) : Sink(run)
{
    private readonly Dictionary<string, List<object?>> _groups = new(StringComparer.Ordinal);

    public override void Push(object? record)
    {
        string key;
        try
        {
            key = extractor(record);
        }
        catch (Exception ex)
        {
            Run.Fail(ex);
            return;
        }
        if (!_groups.TryGetValue(key, out var records)) _groups[key] = records = new List<object?>();
        records.Add(record);
    }

    public override void Complete()
    {
        foreach (var (key, records) in _groups)
        {
            object? value;
            try
            {
                value = reducer(key, records);
            }
            catch (Exception ex)
            {
                Run.Fail(ex);
                continue;
            }
            Next.Push(Run.Language.FromNative(new GroupRecord(key, value)));
        }
        Next.Complete();
    }
}
