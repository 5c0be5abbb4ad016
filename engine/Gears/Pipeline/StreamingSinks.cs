namespace HotGears.Engine.Gears.Pipeline;

// The streaming operations: each passes records straight on, so a chain of them is one nested
// call per record with no collection in between. A callback runs inside try; the push to the
// next sink stays outside it, so a later step's failure is not taken for this one's.

internal sealed class MapSink(PipelineRun run, Func<object?, object?> map) : Sink(run)
{
    public override void Push(object? record)
    {
        object? mapped;
        try
        {
            mapped = map(record);
        }
        catch (Exception ex)
        {
            Run.Fail(ex);
            return;
        }
        Next.Push(mapped);
    }
}

/// <summary>The hidden first map: the reader's engine records as language records.</summary>
internal sealed class FromEngineSink(PipelineRun run) : Sink(run)
{
    private readonly IGearsLanguage _language = run.Language;

    public override void Push(object? record)
    {
        object? converted;
        try
        {
            converted = _language.FromEngineRecord(record);
        }
        catch (Exception ex)
        {
            Run.Fail(ex);
            return;
        }
        Next.Push(converted);
    }
}

/// <summary>convertToStr: str(record).</summary>
internal sealed class ToStrSink(PipelineRun run) : Sink(run)
{
    private readonly IGearsLanguage _language = run.Language;

    public override void Push(object? record)
    {
        string text;
        try
        {
            text = _language.ToStr(record);
        }
        catch (Exception ex)
        {
            Run.Fail(ex);
            return;
        }
        Next.Push(text);
    }
}

/// <summary>
/// flatmap: a list value is expanded from its last item to its first (quirk 1: RedisGears pops
/// the list); any other value passes as one record; an empty list drops the record.
/// </summary>
internal sealed class FlatMapSink(PipelineRun run, Func<object?, object?>? map) : Sink(run)
{
    private readonly IGearsLanguage _language = run.Language;

    public override void Push(object? record)
    {
        object? mapped;
        IReadOnlyList<object?>? items;
        try
        {
            mapped = map == null ? record : map(record);
            items = _language.AsList(mapped);
        }
        catch (Exception ex)
        {
            Run.Fail(ex);
            return;
        }
        if (items == null)
        {
            Next.Push(mapped);
            return;
        }
        for (int i = items.Count - 1; i >= 0; i--) Next.Push(items[i]);
    }
}

internal sealed class ForEachSink(PipelineRun run, Action<object?> action) : Sink(run)
{
    public override void Push(object? record)
    {
        try
        {
            action(record);
        }
        catch (Exception ex)
        {
            Run.Fail(ex);
            return;
        }
        Next.Push(record);
    }
}

internal sealed class FilterSink(PipelineRun run, Func<object?, bool> filter) : Sink(run)
{
    public override void Push(object? record)
    {
        bool keep;
        try
        {
            keep = filter(record);
        }
        catch (Exception ex)
        {
            Run.Fail(ex);
            return;
        }
        if (keep) Next.Push(record);
    }
}

/// <summary>limit(length, offset): skips <c>offset</c> records, passes <c>length</c>, drops the rest.</summary>
internal sealed class LimitSink(PipelineRun run, long length, long offset) : Sink(run)
{
    private long _seen;

    public override void Push(object? record)
    {
        long index = _seen++;
        if (index >= offset && index - offset < length) Next.Push(record);
    }
}
