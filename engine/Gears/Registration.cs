using HotGears.Engine.Gears.Pipeline;
using HotGears.Resp;

namespace HotGears.Engine.Gears;

/// <summary>
/// A registered gear (register()): the common part of every reader's registration: its id,
/// session, compiled plan, mode, statistics (RG.DUMPREGISTRATIONS), and the two ways it runs an
/// execution: inline in the triggering command (sync) or through its own serial queue on the
/// session's pool (async, async_local): executions of one registration run one at a time, in
/// trigger order.
/// <para>
/// Event queue bound: the queue is soft-bounded by the RegistrationQueueSize config. An event that
/// finds it full is still queued (no event is ever dropped), and the client whose command raised
/// it is held (blocked, without a thread, after its command's reply) until the queue has drained
/// to half the bound: back-pressure on whoever produces the flood. Producers that cannot be held
/// (MULTI/EXEC, scripts, gears' own execute(), active expiry) go past the bound; those events are
/// counted as overflow (RG.DUMPREGISTRATIONS, INFO gears).
/// </para>
/// Subclasses: install/uninstall their event source (under the keyspace lock), write their args.
/// </summary>
public abstract class Registration
{
    private readonly Queue<Execution> _done = new();
    private SerialWorker? _worker;
    private TaskCompletionSource? _drained;
    private long _numTriggered, _numSuccess, _numFailures, _numAborted, _lastRunMs, _totalRunMs, _runs, _clientsHeld, _overflow;
    private string? _lastError;

    protected Registration(GearsSession session, StepGraph graph, RegisterOptions options)
    {
        Session = session;
        Graph = graph;
        Options = options;
        Plan = PipelinePlan.Compile(graph, options.ConvertToStr, options.Collect);
    }

    /// <summary>Assigned by the engine when register() is called.</summary>
    public string Id { get; internal set; } = "";
    public GearsSession Session { get; }
    public GearsEngine Engine => Session.Engine;
    public StepGraph Graph { get; }
    public RegisterOptions Options { get; }
    public PipelinePlan Plan { get; }
    public ExecutionMode Mode => Options.Mode;

    /// <summary>The reader's name in RG.DUMPREGISTRATIONS: KeysReader, StreamReader, CommandReader.</summary>
    public abstract string ReaderName { get; }

    /// <summary>Events queued and not yet started.</summary>
    public int QueueLength => _worker?.Count ?? 0;

    /// <summary>Times a client was held because the queue was full.</summary>
    public long ClientsHeld => Interlocked.Read(ref _clientsHeld);

    /// <summary>Events queued past the bound because their producer could not be held.</summary>
    public long QueueOverflow => Interlocked.Read(ref _overflow);

    public long NumTriggered => Interlocked.Read(ref _numTriggered);
    public long NumSuccess => Interlocked.Read(ref _numSuccess);
    public long NumFailures => Interlocked.Read(ref _numFailures);
    public long NumAborted => Interlocked.Read(ref _numAborted);
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Starts listening for events (under the keyspace lock). Validation belongs in the constructor.</summary>
    protected internal abstract void Install();

    /// <summary>Stops listening (under the keyspace lock). Queued executions still run unless aborted.</summary>
    protected internal abstract void Uninstall();

    /// <summary>RG.PAUSEREGISTRATIONS: null when done, else the error text.</summary>
    public virtual string? Pause() => $"Reader {ReaderName} does not support pause";

    /// <summary>RG.UNPAUSEREGISTRATIONS: null when done, else the error text.</summary>
    public virtual string? Unpause() => $"Reader {ReaderName} does not support unpause";

    /// <summary>
    /// A new execution of this registration (status created, in the executions list unless not
    /// <paramref name="listed"/>, counted as triggered). Call under the keyspace lock.
    /// </summary>
    protected Execution NewExecution(bool asyncAllowed = true, bool listed = true)
    {
        Interlocked.Increment(ref _numTriggered);
        return Engine.CreateExecution(Session, Plan, Options.ConvertToStr, this, asyncAllowed, listed);
    }

    /// <summary>Runs an execution inline on the calling thread (sync mode: inside the triggering command).</summary>
    protected void RunSync(Execution execution, IRecordSource source) => Engine.RunExecution(execution, source);

    /// <summary>
    /// Queues an execution on this registration's serial worker; <paramref name="source"/> is
    /// called when it starts. When the queue is over its bound, holds the client whose command is
    /// running (see the class remarks). Call under the keyspace lock.
    /// </summary>
    protected void RunAsync(Execution execution, Func<IRecordSource> source)
    {
        var worker = _worker ??= new SerialWorker(Session.Pool) { Dequeued = OnDequeued };
        worker.Post(() => Engine.RunExecution(execution, source()));
        if (worker.Count > Engine.Config.RegistrationQueueSize) HoldProducer();
    }

    private void HoldProducer()
    {
        var server = Engine.Server;
        var session = server.Dispatcher.Current;
        if (session == null || !session.CanBlock || session.InTransaction || session.IsBlocked)
        {
            Interlocked.Increment(ref _overflow);
            return;
        }
        var drained = _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Re-checked after publishing the task: the worker may have drained meanwhile.
        if (QueueLength <= Engine.Config.RegistrationQueueSize / 2) Interlocked.Exchange(ref _drained, null)?.TrySetResult();
        Interlocked.Increment(ref _clientsHeld);
        server.Blocking.BlockUntil(session, drained.Task, static _ => { });
    }

    private void OnDequeued(int remaining)
    {
        if (remaining <= Engine.Config.RegistrationQueueSize / 2 && Volatile.Read(ref _drained) != null)
            Interlocked.Exchange(ref _drained, null)?.TrySetResult();
    }

    /// <summary>Called by the engine when one of its executions ends: statistics, and the per-registration list.</summary>
    internal void OnExecutionDone(Execution execution)
    {
        if (execution.Status == ExecutionStatus.Aborted) Interlocked.Increment(ref _numAborted);
        else if (execution.Errors.Count > 0)
        {
            Interlocked.Increment(ref _numFailures);
            Volatile.Write(ref _lastError, execution.Errors[0]);
        }
        else Interlocked.Increment(ref _numSuccess);
        Interlocked.Exchange(ref _lastRunMs, execution.TotalDurationMs);
        Interlocked.Add(ref _totalRunMs, execution.TotalDurationMs);
        Interlocked.Increment(ref _runs);
    }

    /// <summary>Keeps the registration's last finished executions; returns the one that fell off, if any (caller holds the executions list's lock).</summary>
    internal Execution? KeepDone(Execution execution, long max)
    {
        _done.Enqueue(execution);
        return max > 0 && _done.Count > max ? _done.Dequeue() : null;
    }

    /// <summary>RG.CLEARREGISTRATIONSSTATS: numTriggered keeps the runs still in flight.</summary>
    public void ClearStats()
    {
        long completed = Interlocked.Exchange(ref _numSuccess, 0) + Interlocked.Exchange(ref _numFailures, 0) + Interlocked.Exchange(ref _numAborted, 0);
        Interlocked.Add(ref _numTriggered, -completed);
        Interlocked.Exchange(ref _lastRunMs, 0);
        Interlocked.Exchange(ref _totalRunMs, 0);
        Interlocked.Exchange(ref _runs, 0);
        Volatile.Write(ref _lastError, null);
        ClearReaderStats();
    }

    /// <summary>Resets reader-specific statistics (stream lag).</summary>
    protected virtual void ClearReaderStats() { }

    /// <summary>The mode's name: sync, async, async_local.</summary>
    public string ModeName => Mode switch
    {
        ExecutionMode.Sync => "sync",
        ExecutionMode.AsyncLocal => "async_local",
        _ => "async",
    };

    /// <summary>
    /// One entry of RG.DUMPREGISTRATIONS (12 elements as RedisGears, then queueLength, clientsHeld,
    /// queueOverflow); without the session's PD pair for RG.PYDUMPSESSIONS VERBOSE.
    /// </summary>
    public void WriteDump(RespWriter reply, bool withSession = true)
    {
        reply.WriteArrayHeader(withSession ? 18 : 16);
        reply.WriteBulk("id");
        reply.WriteBulk(Id);
        reply.WriteBulk("reader");
        reply.WriteBulk(ReaderName);
        reply.WriteBulk("desc");
        if (Graph.Description == null) reply.WriteNull();
        else reply.WriteBulk(Graph.Description);
        reply.WriteBulk("RegistrationData");
        WriteRegistrationData(reply);
        if (withSession)
        {
            reply.WriteBulk("PD");
            reply.WriteBulk(Session.Describe());
        }
        reply.WriteBulk("ExecutionThreadPool");
        reply.WriteBulk("DefaultPool");
        reply.WriteBulk("queueLength");
        reply.WriteInteger(QueueLength);
        reply.WriteBulk("clientsHeld");
        reply.WriteInteger(ClientsHeld);
        reply.WriteBulk("queueOverflow");
        reply.WriteInteger(QueueOverflow);
    }

    /// <summary>
    /// RegistrationData: the common statistics, lastError and the reader's args (20 elements for
    /// KeysReader and CommandReader). StreamReader overrides it to add its lag and status fields.
    /// </summary>
    protected virtual void WriteRegistrationData(RespWriter reply)
    {
        reply.WriteArrayHeader(20);
        WriteCommonStats(reply);
        WriteLastError(reply);
        reply.WriteBulk("args");
        WriteArgs(reply);
    }

    /// <summary>mode … avgRunDurationMS: 16 elements.</summary>
    protected void WriteCommonStats(RespWriter reply)
    {
        reply.WriteBulk("mode");
        reply.WriteBulk(ModeName);
        reply.WriteBulk("numTriggered");
        reply.WriteInteger(NumTriggered);
        reply.WriteBulk("numSuccess");
        reply.WriteInteger(NumSuccess);
        reply.WriteBulk("numFailures");
        reply.WriteInteger(NumFailures);
        reply.WriteBulk("numAborted");
        reply.WriteInteger(NumAborted);
        reply.WriteBulk("lastRunDurationMS");
        reply.WriteInteger(Interlocked.Read(ref _lastRunMs));
        reply.WriteBulk("totalRunDurationMS");
        long total = Interlocked.Read(ref _totalRunMs), runs = Interlocked.Read(ref _runs);
        reply.WriteInteger(total);
        reply.WriteBulk("avgRunDurationMS");
        reply.WriteDouble(runs == 0 ? 0 : (double)total / runs);
    }

    /// <summary>lastError: 2 elements.</summary>
    protected void WriteLastError(RespWriter reply)
    {
        reply.WriteBulk("lastError");
        if (LastError is { } error) reply.WriteBulk(error);
        else reply.WriteNull();
    }

    /// <summary>The reader's "args" value (an array).</summary>
    protected abstract void WriteArgs(RespWriter reply);

    /// <summary>Writes a list of strings, or nil for null.</summary>
    protected static void WriteList(RespWriter reply, IReadOnlyList<string>? items)
    {
        if (items == null)
        {
            reply.WriteNull();
            return;
        }
        reply.WriteArrayHeader(items.Count);
        foreach (var item in items) reply.WriteBulk(item);
    }
}
