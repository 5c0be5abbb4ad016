using HotGears.Engine.Gears.Registrations;

namespace HotGears.Engine.Gears;

/// <summary>
/// What a running script (the top level of RG.PYEXECUTE / RG.CSEXECUTE) may do to the engine.
/// Registrations are collected and applied atomically when the script ends without error
/// (replacing the session's old ones on UPGRADE / REPLACE_WITH), and dropped if it fails.
/// </summary>
public sealed class GearsScriptContext
{
    private readonly GearsEngine _engine;
    private readonly List<Registration> _registrations = new();
    private readonly object _gate = new();

    internal GearsScriptContext(GearsEngine engine, GearsSession session)
    {
        _engine = engine;
        Session = session;
    }

    /// <summary>The session the script runs in (its id, description, registrations).</summary>
    public GearsSession Session { get; }

    /// <summary>The execution run() started, if any.</summary>
    internal Execution? Execution { get; private set; }

    /// <summary>The registrations register() made, to install when the script succeeds.</summary>
    internal IReadOnlyList<Registration> PendingRegistrations => _registrations;

    /// <summary>
    /// run(): starts the execution and returns its id. A second call throws
    /// <see cref="GearsScriptException"/>("Can not run more then 1 executions in a single script").
    /// </summary>
    public string Run(StepGraph graph, RunOptions options)
    {
        lock (_gate)
        {
            if (Execution != null) throw new GearsScriptException("Can not run more then 1 executions in a single script");
            Execution = _engine.StartRun(Session, graph, options);
            return Execution.Id;
        }
    }

    /// <summary>register(): validates the options (throws GearsScriptException with the spec's text) and returns the registration id at once.</summary>
    public string Register(StepGraph graph, RegisterOptions options)
    {
        Registration[] pending;
        lock (_gate) pending = [.. _registrations];
        var registration = RegistrationFactory.Create(Session, graph, options, pending);
        registration.Id = _engine.NextPlanId();
        lock (_gate) _registrations.Add(registration);
        return registration.Id;
    }
}
