namespace HotGears.Engine.Gears;

/// <summary>
/// What a running script (the top level of RG.PYEXECUTE / RG.CSEXECUTE) may do to the engine.
/// Registrations are collected and applied atomically when the script ends without error
/// (replacing the session's old ones on UPGRADE / REPLACE_WITH), and dropped if it fails.
/// </summary>
public sealed class GearsScriptContext
{
    // Contract only: the engine (issue 4, gears-core) implements these members.

    /// <summary>The session the script runs in (its id, description, registrations).</summary>
    public GearsSession Session => throw new NotImplementedException();

    /// <summary>
    /// run(): starts the execution and returns its id. A second call throws
    /// <see cref="GearsScriptException"/>("Can not run more then 1 executions in a single script").
    /// </summary>
    public string Run(StepGraph graph, RunOptions options) => throw new NotImplementedException();

    /// <summary>register(): validates the options (throws GearsScriptException with the spec's text) and returns the registration id at once.</summary>
    public string Register(StepGraph graph, RegisterOptions options) => throw new NotImplementedException();
}
