using System.Diagnostics;
using HotGears.Engine.Gears.Pipeline;
using HotGears.Resp;

namespace HotGears.Engine.Gears;

/// <summary>An execution's status as RG.DUMPEXECUTIONS / RG.GETEXECUTION name it.</summary>
public enum ExecutionStatus { Created, Running, Done, Aborted }

/// <summary>
/// The command an execution is linked to (CommandReader hooks, KeysReader commands=): what
/// call_next(), get_command() and override_reply() act on.
/// </summary>
public interface IGearsCommandLink
{
    IReadOnlyList<string> Command { get; }
    object? CallNext(object?[] args);
    void OverrideReply(object? value);
}

/// <summary>
/// One run of a plan: its id, status, results and errors, timings. Results and errors are written
/// only by the thread running it and read once <see cref="IsDone"/>.
/// </summary>
public sealed class Execution
{
    // Made on demand: most executions are never waited for, cancelled from outside or timed.
    private CancellationTokenSource? _abort;
    private TaskCompletionSource? _completion;
    private volatile bool _abortRequested;
    private int _status; // ExecutionStatus
    private string? _abortReason;
    private string? _id;

    internal Execution(long number, GearsSession session, PipelinePlan plan, bool convertToStr, Registration? registration)
    {
        Number = number;
        Session = session;
        Plan = plan;
        ConvertToStr = convertToStr;
        Registration = registration;
    }

    /// <summary>The execution counter's value; <see cref="Id"/> is its text, made when first asked for.</summary>
    public long Number { get; }

    public string Id => _id ??= GearsIds.Format(Number);
    public GearsSession Session { get; }
    public PipelinePlan Plan { get; }
    public IGearsLanguage Language => Plan.Graph.Language;

    /// <summary>Results are str() of the records (written as bulk strings) rather than language values.</summary>
    public bool ConvertToStr { get; }

    /// <summary>The registration that triggered it; null for a run().</summary>
    public Registration? Registration { get; }

    public ExecutionStatus Status => (ExecutionStatus)Volatile.Read(ref _status);
    public bool IsDone => Status is ExecutionStatus.Done or ExecutionStatus.Aborted;

    public List<object?> Results { get; } = new();
    public List<string> Errors { get; } = new();

    /// <summary>Completes when the execution is done or aborted.</summary>
    public Task Completion
    {
        get
        {
            var completion = Volatile.Read(ref _completion);
            if (completion != null) return completion.Task;
            completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var existing = Interlocked.CompareExchange(ref _completion, completion, null);
            if (existing != null) return existing.Task;
            if (IsDone) completion.TrySetResult(); // it ended before anyone waited
            return completion.Task;
        }
    }

    /// <summary>Cancelled by RG.ABORTEXECUTION or the execution timeout: long callbacks check it (<see cref="GearsBuiltins.Cancellation"/>).</summary>
    public CancellationToken Cancellation => AbortSource.Token;

    /// <summary>True once aborted or timed out: what the engine checks between records (it makes no token).</summary>
    public bool IsStopping => _abortRequested || Volatile.Read(ref _abort) is { IsCancellationRequested: true };

    private CancellationTokenSource AbortSource
    {
        get
        {
            var source = Volatile.Read(ref _abort);
            if (source != null) return source;
            source = new CancellationTokenSource();
            var existing = Interlocked.CompareExchange(ref _abort, source, null);
            if (existing != null)
            {
                source.Dispose();
                return existing;
            }
            if (_abortRequested) source.Cancel(); // aborted before the token existed
            return source;
        }
    }

    /// <summary>Whether the callbacks may go asynchronous (isAsyncAllow()): false for a sync run inside MULTI/Lua.</summary>
    public bool AsyncAllowed { get; init; } = true;

    /// <summary>The command it is linked to, if any (CommandReader hooks, KeysReader commands=).</summary>
    public IGearsCommandLink? CommandLink { get; set; }

    public long TotalDurationMs { get; private set; }
    public long ReadDurationMs { get; private set; }

    /// <summary>Each plan step's own duration in ms (zeros unless ProfileExecutions was on).</summary>
    public IReadOnlyList<long> StepDurationsMs { get; private set; } = [];

    /// <summary>Status name: created, running, done, aborted.</summary>
    public string StatusName => Status switch
    {
        ExecutionStatus.Created => "created",
        ExecutionStatus.Running => "running",
        ExecutionStatus.Done => "done",
        _ => "aborted",
    };

    /// <summary>
    /// Aborts: one not yet started ends as "aborted"; a running one stops at its next record (or
    /// its callback's next check of <see cref="Cancellation"/>) and ends "done" with the abort as an
    /// error, as RedisGears' injected exception does. False when it was already done.
    /// </summary>
    public bool Abort(string reason = "Execution was aborted")
    {
        if (IsDone) return false;
        Interlocked.CompareExchange(ref _abortReason, reason, null);
        if (Interlocked.CompareExchange(ref _status, (int)ExecutionStatus.Aborted, (int)ExecutionStatus.Created) == (int)ExecutionStatus.Created)
        {
            Volatile.Read(ref _completion)?.TrySetResult();
            return true;
        }
        _abortRequested = true;
        Volatile.Read(ref _abort)?.Cancel();
        return true;
    }

    /// <summary>
    /// Runs the plan over <paramref name="source"/> on the calling thread. Reader failures become an
    /// error and end the read; callback failures drop their records; an abort stops between
    /// records. Does nothing when the execution was aborted before it started.
    /// </summary>
    internal void Run(IRecordSource source, bool profile, long timeoutMs)
    {
        if (Interlocked.CompareExchange(ref _status, (int)ExecutionStatus.Running, (int)ExecutionStatus.Created) != (int)ExecutionStatus.Created)
            return;
        long started = Stopwatch.GetTimestamp();
        if (timeoutMs > 0) AbortSource.CancelAfter(TimeSpan.FromMilliseconds(timeoutMs));
        var run = new PipelineRun(Language, Errors);
        long[]? ticks = profile ? new long[Plan.Steps.Count] : null;
        var previous = GearsBuiltins.Enter(this);
        try
        {
            var head = Plan.Instantiate(run, Results, ticks);
            bool aborted = Pump(source, head);
            if (aborted) Errors.Add(_abortReason ?? (timeoutMs > 0 ? "Execution timed out" : "Execution was aborted"));
            if (!ConvertToStr) RenderResults();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Errors.Add(ex.Message);
        }
        finally
        {
            GearsBuiltins.Leave(previous);
            StepDurationsMs = ticks == null ? Plan.NoDurations : Plan.StepDurationsMs(ticks);
            TotalDurationMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (timeoutMs > 0) AbortSource.CancelAfter(Timeout.Infinite); // stops the timer
            Interlocked.Exchange(ref _status, (int)ExecutionStatus.Done); // a full fence before reading _completion
            Volatile.Read(ref _completion)?.TrySetResult();
        }
    }

    /// <summary>Reads the source chunk by chunk and pushes each chunk through the chain; true when aborted.</summary>
    private bool Pump(IRecordSource source, Sink head)
    {
        var chunk = t_spareChunk ?? new List<object?>();
        t_spareChunk = null; // a nested execution on this thread (execute() triggering a sync gear) takes its own
        long readTicks = 0;
        bool more = true, timed = source.Reads;
        try
        {
            while (more)
            {
                if (IsStopping) return true;
                chunk.Clear();
                long readStarted = timed ? Stopwatch.GetTimestamp() : 0;
                try
                {
                    more = source.ReadChunk(chunk);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Errors.Add(ex is GearsErrorException ? ex.Message : Language.FormatError(ex));
                    more = false;
                }
                if (timed) readTicks += Stopwatch.GetTimestamp() - readStarted;
                if (chunk.Count == 0) continue;
                using (Language.EnterCallbacks())
                {
                    for (int i = 0; i < chunk.Count; i++)
                    {
                        if (IsStopping) return true;
                        head.Push(chunk[i]);
                    }
                }
            }
            if (IsStopping) return true;
            using (Language.EnterCallbacks()) head.Complete();
            return false;
        }
        finally
        {
            ReadDurationMs = (long)(readTicks * 1000.0 / Stopwatch.Frequency);
            chunk.Clear();
            if (chunk.Capacity <= 4096) t_spareChunk = chunk;
        }
    }

    [ThreadStatic] private static List<object?>? t_spareChunk;

    private byte[][]? _rendered;

    /// <summary>
    /// Language values (convertToStr=False) are rendered as RESP once, by the execution's thread
    /// inside the language's callbacks scope: replies written later under the keyspace lock then
    /// never call into the language (Python would need its GIL there, which a thread waiting for
    /// the lock may hold). Their RESP2 forms (spec §2.6) do not depend on the protocol.
    /// </summary>
    private void RenderResults()
    {
        var rendered = new byte[Results.Count][];
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new RespWriter(buffer);
        using (Language.EnterCallbacks())
        {
            for (int i = 0; i < rendered.Length; i++)
            {
                buffer.ResetWrittenCount();
                try
                {
                    Language.WriteReply(writer, Results[i]);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    buffer.ResetWrittenCount();
                    writer.WriteError(Language.FormatError(ex).ReplaceLineEndings(" "));
                }
                rendered[i] = buffer.WrittenSpan.ToArray();
            }
        }
        _rendered = rendered;
    }

    /// <summary>[[results...], [errors...]] (RG.GETRESULTS, blocking runs). Call once the execution is done.</summary>
    public void WriteResults(RespWriter reply)
    {
        reply.WriteArrayHeader(2);
        reply.WriteArrayHeader(Results.Count);
        for (int i = 0; i < Results.Count; i++) WriteResult(reply, i);
        reply.WriteArrayHeader(Errors.Count);
        foreach (var error in Errors) reply.WriteBulk(error);
    }

    /// <summary>Result <paramref name="index"/>: a str() result is a bulk string; a language value its rendered reply (spec §2.6).</summary>
    public void WriteResult(RespWriter reply, int index)
    {
        if (_rendered != null) reply.WriteRaw(_rendered[index]);
        else if (Results[index] is string text) reply.WriteBulk(text);
        else Language.WriteReply(reply, Results[index]);
    }
}
