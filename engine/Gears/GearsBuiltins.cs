namespace HotGears.Engine.Gears;

/// <summary>
/// The builtins a gear's callbacks call (spec §2.7), language-neutral; front ends wrap them
/// (C#: Execute/Atomic/Log..., Python: execute/atomic/log...). They act on the execution running
/// on the calling thread.
/// </summary>
public static class GearsBuiltins
{
    // Contract only: the engine (issue 4, gears-core) implements these members.

    /// <summary>
    /// Runs a command under the keyspace lock (re-entrant: a sync execution already holds it) and
    /// returns its reply as string (bulk/status; byte[] when not UTF-8), long, null or List&lt;object?&gt;;
    /// an error reply throws <see cref="GearsErrorException"/> with the error text.
    /// </summary>
    public static object? Execute(string command, params object?[] args) => throw new NotImplementedException();

    /// <summary>atomic(): holds the keyspace lock until disposed. Nesting throws "Already inside an atomic block".</summary>
    public static IDisposable Atomic() => throw new NotImplementedException();

    /// <summary>log(msg, level): level debug|verbose|notice|warning; the line is prefixed "GEARS: ".</summary>
    public static void Log(string message, string level = "notice") => throw new NotImplementedException();

    /// <summary>configGet(key): only the extra (user) config dictionary; null when unset.</summary>
    public static string? ConfigGet(string key) => throw new NotImplementedException();

    /// <summary>gearsConfigGet(key, default).</summary>
    public static object? GearsConfigGet(string key, object? defaultValue = null) => throw new NotImplementedException();

    /// <summary>hashtag(): '06S' on a single server.</summary>
    public static string Hashtag() => "06S";

    /// <summary>call_next(args): the next hook or the original command (CommandReader hooks only, else "Can not get CommandHook ctx").</summary>
    public static object? CallNext(params object?[] args) => throw new NotImplementedException();

    /// <summary>get_command(): the argv of the command linked to the execution.</summary>
    public static IReadOnlyList<string> GetCommand() => throw new NotImplementedException();

    /// <summary>override_reply(value): replaces the linked command's reply (first call wins; later calls throw).</summary>
    public static void OverrideReply(object? value) => throw new NotImplementedException();

    /// <summary>isAsyncAllow().</summary>
    public static bool IsAsyncAllow() => throw new NotImplementedException();

    /// <summary>The running execution's abort token: long callbacks check it (RG.ABORTEXECUTION, execution timeout).</summary>
    public static CancellationToken Cancellation => throw new NotImplementedException();
}

/// <summary>An error reply of a command run through <see cref="GearsBuiltins.Execute"/> (Python: gears.error).</summary>
public sealed class GearsErrorException(string message) : Exception(message);
