using HotGears.Resp;

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

    /// <summary>
    /// Parses RG.PYEXECUTE / RG.CSEXECUTE arguments (args[1] is the code; options are
    /// case-insensitive, in any order; every argument after REQUIREMENTS is a requirement).
    /// False with the error text (without '-') to reply.
    /// </summary>
    public static bool TryParse(CommandArgs args, out ScriptRequest? request, out string? error)
    {
        request = null;
        error = null;
        bool unblocking = false, upgrade = false, force = false;
        string? id = null, description = null, replaceWith = null;
        var requirements = new List<string>();
        for (int i = 2; i < args.Count; i++)
        {
            if (args.Is(i, "UNBLOCKING"u8)) unblocking = true;
            else if (args.Is(i, "UPGRADE"u8)) upgrade = true;
            else if (args.Is(i, "FORCE_REINSTALL_REQUIREMENTS"u8)) force = true;
            else if (args.Is(i, "ID"u8))
            {
                if (++i >= args.Count)
                {
                    error = "ID is missing";
                    return false;
                }
                id = args.GetString(i);
                if (!GearsIds.IsValidSessionId(id))
                {
                    error = "ID must be compose of: ['A'-'Z' | 'a'-'z' | '0' - '9' | '-' | '_']";
                    return false;
                }
            }
            else if (args.Is(i, "DESCRIPTION"u8))
            {
                if (++i >= args.Count)
                {
                    error = "DESCRIPTION is missing";
                    return false;
                }
                description = args.GetString(i);
            }
            else if (args.Is(i, "REPLACE_WITH"u8))
            {
                if (++i >= args.Count)
                {
                    error = "REPLACE_WITH is missing";
                    return false;
                }
                replaceWith = args.GetString(i);
            }
            else if (args.Is(i, "REQUIREMENTS"u8))
            {
                while (++i < args.Count) requirements.Add(args.GetString(i));
            }
            else
            {
                error = "Unknown arguments were given: " + args.GetString(i);
                return false;
            }
        }
        request = new ScriptRequest
        {
            Code = args.GetString(1),
            Unblocking = unblocking,
            Id = id,
            Description = description,
            Upgrade = upgrade,
            ReplaceWith = replaceWith,
            ForceReinstallRequirements = force,
            Requirements = requirements,
        };
        return true;
    }
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
