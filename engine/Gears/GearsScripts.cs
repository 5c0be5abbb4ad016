namespace HotGears.Engine.Gears;

/// <summary>
/// The options shared by RG.PYEXECUTE and RG.CSEXECUTE after the script text (spec §1.1):
/// [UNBLOCKING] [ID id] [DESCRIPTION d] [UPGRADE] [REPLACE_WITH id] [FORCE_REINSTALL_REQUIREMENTS]
/// [REQUIREMENTS req ...].
/// </summary>
public sealed class ScriptRequest
{
    public required string Code { get; init; }
    public bool Unblocking { get; init; }
    public string? Id { get; init; }
    public string? Description { get; init; }
    public bool Upgrade { get; init; }
    public string? ReplaceWith { get; init; }
    public bool ForceReinstallRequirements { get; init; }
    public IReadOnlyList<string> Requirements { get; init; } = [];
}

/// <summary>
/// A language front end: runs a script's top level in a Gears session. The script builds step
/// graphs and calls <see cref="GearsScriptContext.Run"/> (at most once) and
/// <see cref="GearsScriptContext.Register"/>; the engine turns the outcome into the command's reply.
/// </summary>
public interface IGearsScriptRunner
{
    /// <summary>
    /// Runs (compiling first if needed) on a background thread, never under the keyspace lock.
    /// A script error throws <see cref="GearsScriptException"/> whose message is the reply's error text.
    /// </summary>
    Task RunAsync(ScriptRequest request, GearsScriptContext context, CancellationToken cancellation);
}

/// <summary>An error that becomes the error reply of RG.PYEXECUTE / RG.CSEXECUTE (text without the leading '-').</summary>
public sealed class GearsScriptException(string message) : Exception(message);
