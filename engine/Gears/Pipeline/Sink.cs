namespace HotGears.Engine.Gears.Pipeline;

/// <summary>
/// One compiled operation of a pipeline: records are pushed in one at a time and pushed on to
/// <see cref="Next"/> (streaming steps), or buffered until <see cref="Complete"/> (aggregations),
/// which then pushes the results on and completes the next sink. A failing callback turns its
/// record into an error of the run and drops it; the other records go on.
/// </summary>
internal abstract class Sink(PipelineRun run)
{
    protected readonly PipelineRun Run = run;

    /// <summary>The following operation (set once when the chain is built; null only for the last).</summary>
    public Sink Next = null!;

    public abstract void Push(object? record);

    /// <summary>The input ended: aggregations emit what they gathered.</summary>
    public virtual void Complete() => Next.Complete();
}

/// <summary>The end of the chain: keeps the results.</summary>
internal sealed class ResultSink(PipelineRun run, List<object?> results) : Sink(run)
{
    public override void Push(object? record) => results.Add(record);

    public override void Complete() { }
}

/// <summary>
/// Wraps a sink when ProfileExecutions is on: adds the time spent in it, including the sinks
/// after it, to its step (the plan subtracts the next step's time afterwards).
/// </summary>
internal sealed class ProfilingSink(PipelineRun run, Sink inner, long[] ticks, int step) : Sink(run)
{
    public override void Push(object? record)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        inner.Push(record);
        ticks[step] += System.Diagnostics.Stopwatch.GetTimestamp() - started;
    }

    public override void Complete()
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        inner.Complete();
        ticks[step] += System.Diagnostics.Stopwatch.GetTimestamp() - started;
    }
}
