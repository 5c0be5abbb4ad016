using System.Globalization;
using HotGears.Engine.Gears.Pipeline;
using HotGears.Engine.Gears.Readers;

namespace HotGears.Engine.Gears;

/// <summary>
/// The Gears engine of a server (<c>Server.Gears</c>): its configuration, sessions,
/// registrations, the executions list and the two id counters (spec §4). Sessions and
/// registrations change under the keyspace lock (commands hold it). The executions list has a
/// small lock of its own: background executions enter and leave it without waiting for the
/// keyspace lock, which the clients' commands keep busy.
/// </summary>
public sealed partial class GearsEngine
{
    private readonly Dictionary<string, GearsSession> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Registration> _registrations = new(StringComparer.Ordinal);
    private readonly LinkedList<Execution> _executions = new();
    private readonly Dictionary<long, LinkedListNode<Execution>> _executionsByNumber = new();
    private readonly Lock _executionsGate = new();
    private long _lastExecutionId = -1;
    private long _lastPlanId = -1;

    public GearsEngine(Server server)
    {
        Server = server;
        foreach (var (name, value) in server.Config.GearsSettings)
        {
            Config.Set(name, value, atLoad: true, out string? error);
            if (error != null) Log.Warning($"gears: {error.Replace("(error) ", "")} ({name} {value})");
        }
    }

    public Server Server { get; }
    public GearsConfig Config { get; } = new();

    /// <summary>The language plugins the host installed (RG.DUMPPLUGINS), as RedisGears names and versions them.</summary>
    public List<(string Name, int Version)> Plugins { get; } = new();

    /// <summary>Registrations in the order they were installed (RG.DUMPREGISTRATIONS).</summary>
    public IEnumerable<Registration> Registrations => _registrations.Values;

    public int RegistrationCount => _registrations.Count;

    /// <summary>The executions in the list, oldest first (RG.DUMPEXECUTIONS): a copy.</summary>
    public Execution[] Executions
    {
        get
        {
            lock (_executionsGate) return [.. _executions];
        }
    }

    public int ExecutionCount
    {
        get
        {
            lock (_executionsGate) return _executions.Count;
        }
    }

    public GearsSession? FindSession(string id) => _sessions.GetValueOrDefault(id);

    public Registration? FindRegistration(string id) => _registrations.GetValueOrDefault(id);

    public Execution? FindExecution(string id)
    {
        if (!GearsIds.TryParse(id, out long number)) return null;
        lock (_executionsGate) return _executionsByNumber.GetValueOrDefault(number)?.Value;
    }

    /// <summary>The next plan (FEP) id: every run() and register() consumes one, as RedisGears' builders do.</summary>
    internal string NextPlanId() => GearsIds.Format(Interlocked.Increment(ref _lastPlanId));

    /// <summary>
    /// A new execution in status created, added to the executions list (the oldest entry falls off
    /// past MaxExecutions; a running one then finishes outside the list) unless <paramref name="listed"/>
    /// is false: a sync trigger, which nobody can see before it replies and leaves the list.
    /// </summary>
    internal Execution CreateExecution(GearsSession session, PipelinePlan plan, bool convertToStr, Registration? registration,
        bool asyncAllowed = true, bool listed = true)
    {
        var execution = new Execution(Interlocked.Increment(ref _lastExecutionId), session, plan, convertToStr, registration)
        {
            AsyncAllowed = asyncAllowed,
        };
        if (!listed) return execution;
        lock (_executionsGate)
        {
            _executionsByNumber[execution.Number] = _executions.AddLast(execution);
            long max = Config.MaxExecutions;
            while (max > 0 && _executions.Count > max) Unlist(_executions.First!.Value);
        }
        return execution;
    }

    /// <summary>Removes an execution from the list (it may still be running: it then finishes unlisted).</summary>
    internal void DropExecution(Execution execution)
    {
        lock (_executionsGate) Unlist(execution);
    }

    private void Unlist(Execution execution)
    {
        if (_executionsByNumber.Remove(execution.Number, out var node)) _executions.Remove(node);
    }

    /// <summary>Runs an execution on the calling thread and does the bookkeeping of its end.</summary>
    internal void RunExecution(Execution execution, IRecordSource source)
    {
        execution.Run(source, Config.ProfileExecutions, Config.ExecutionTimeout);
        if (execution.Registration is not { } registration) return;
        registration.OnExecutionDone(execution);
        lock (_executionsGate)
        {
            if (registration.KeepDone(execution, Config.MaxExecutionsPerRegistration) is { } old) Unlist(old);
        }
    }

    /// <summary>Starts a batch run on the session's pool; the reader's source is made when it starts.</summary>
    internal Execution StartRun(GearsSession session, StepGraph graph, RunOptions options)
    {
        if (options.Mode == ExecutionMode.Sync) throw new GearsScriptException("unknown execution mode");
        var source = BatchSources.Factory(Server, graph, options); // validates the reader first
        NextPlanId();
        var plan = PipelinePlan.Compile(graph, options.ConvertToStr, options.Collect);
        var execution = CreateExecution(session, plan, options.ConvertToStr, registration: null);
        session.Pool.Post(() =>
        {
            IRecordSource reader;
            try
            {
                reader = source();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                reader = new FailedSource(ex is GearsErrorException or GearsScriptException ? ex.Message : graph.Language.FormatError(ex));
            }
            RunExecution(execution, reader);
        });
        return execution;
    }

    /// <summary>RG.ABORTEXECUTION: false when there is no such execution.</summary>
    public bool AbortExecution(string id)
    {
        var execution = FindExecution(id);
        if (execution == null) return false;
        execution.Abort();
        return true;
    }

    /// <summary>Installs registrations (under the lock), replacing a session's old ones.</summary>
    internal void Install(GearsSession session, IReadOnlyList<Registration> registrations, GearsSession? replaced)
    {
        lock (Server.Lock)
        {
            if (replaced != null)
            {
                foreach (var old in replaced.RegistrationList)
                {
                    old.Uninstall();
                    _registrations.Remove(old.Id);
                }
                replaced.RegistrationList.Clear();
                replaced.Dead = true;
                _sessions.Remove(replaced.Id);
            }
            if (registrations.Count == 0) return;
            _sessions[session.Id] = session;
            foreach (var registration in registrations)
            {
                registration.Install();
                _registrations[registration.Id] = registration;
                session.RegistrationList.Add(registration);
            }
        }
    }

    /// <summary>RG.UNREGISTER: removes a registration; with abortPending its queued executions are aborted.</summary>
    public bool Unregister(string id, bool abortPending)
    {
        lock (Server.Lock)
        {
            if (!_registrations.Remove(id, out var registration)) return false;
            registration.Uninstall();
            var session = registration.Session;
            session.RegistrationList.Remove(registration);
            if (session.RegistrationList.Count == 0 && _sessions.GetValueOrDefault(session.Id) == session) _sessions.Remove(session.Id);
            if (abortPending)
            {
                foreach (var execution in Executions)
                    if (execution.Registration == registration && execution.Status == ExecutionStatus.Created) execution.Abort();
            }
            return true;
        }
    }

    /// <summary>The INFO gears section.</summary>
    internal void WriteInfo(Action<string, string> add)
    {
        add("gears_executions", ExecutionCount.ToString(CultureInfo.InvariantCulture));
        add("gears_registrations", _registrations.Count.ToString(CultureInfo.InvariantCulture));
        add("gears_sessions", _sessions.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var registration in _registrations.Values)
        {
            add("gears_registration_" + registration.Id,
                $"reader={registration.ReaderName},mode={registration.ModeName},queue_length={registration.QueueLength}," +
                $"clients_held={registration.ClientsHeld},queue_overflow={registration.QueueOverflow}," +
                $"triggered={registration.NumTriggered},success={registration.NumSuccess},failures={registration.NumFailures},aborted={registration.NumAborted}");
        }
    }
}
