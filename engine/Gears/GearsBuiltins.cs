using System.Globalization;
using System.Text;
using HotGears.Resp;

namespace HotGears.Engine.Gears;

/// <summary>
/// The builtins a gear's callbacks call (spec §2.7), language-neutral; front ends wrap them
/// (C#: Execute/Atomic/Log..., Python: execute/atomic/log...). They act on the execution running
/// on the calling thread, or, at a script's top level, on the engine running the script.
/// </summary>
public static class GearsBuiltins
{
    [ThreadStatic] private static Execution? t_execution;
    [ThreadStatic] private static bool t_inAtomic;
    [ThreadStatic] private static GearsCommandClient? t_client;

    /// <summary>The engine of the script running in this async flow (a script's top level).</summary>
    private static readonly AsyncLocal<GearsEngine?> ScriptEngine = new();

    /// <summary>The execution running on this thread, if any.</summary>
    public static Execution? CurrentExecution => t_execution;

    internal static Execution? Enter(Execution execution)
    {
        var previous = t_execution;
        t_execution = execution;
        return previous;
    }

    internal static void Leave(Execution? previous) => t_execution = previous;

    /// <summary>Makes the builtins of this async flow act on <paramref name="engine"/> (set before a script runs).</summary>
    internal static void EnterScript(GearsEngine engine) => ScriptEngine.Value = engine;

    /// <summary>The engine a thread the gear started itself registered with (registerGearsThread()).</summary>
    [ThreadStatic] private static GearsEngine? t_threadEngine;

    private static GearsEngine Engine =>
        t_execution?.Session.Engine ?? t_threadEngine ?? ScriptEngine.Value ?? throw new GearsErrorException("not inside a gears execution or script");

    /// <summary>registerTE(seconds, callback, keyName): see <see cref="TimeEvents"/>; false when the key exists.</summary>
    public static bool RegisterTimeEvent(long seconds, Func<bool> callback, string? keyName) => TimeEvents.Register(Engine, seconds, callback, keyName);

    /// <summary>registerGearsThread(): lets a thread a gear started itself call execute() and atomic().</summary>
    public static void RegisterThread(GearsEngine engine) => t_threadEngine = engine;

    /// <summary>
    /// Runs a command under the keyspace lock (re-entrant: a sync execution already holds it) and
    /// returns its reply as string (bulk/status; byte[] when not UTF-8), long, null or List&lt;object?&gt;;
    /// an error reply throws <see cref="GearsErrorException"/> with the error text.
    /// Arguments: byte[] raw, strings in UTF-8, anything else as its invariant text.
    /// </summary>
    public static object? Execute(string command, params object?[] args)
    {
        var server = Engine.Server;
        var client = t_client;
        if (client == null || client.Server != server) t_client = client = new GearsCommandClient(server);
        return FromReply(client.Execute(Encoding.UTF8.GetBytes(command), args, ToArgument));
    }

    /// <summary>A gear's argument as Redis receives it: bytes raw, strings in UTF-8, anything else as its invariant text.</summary>
    internal static byte[] ToArgument(object? value) => value switch
    {
        byte[] bytes => bytes,
        string text => Encoding.UTF8.GetBytes(text),
        null => "None"u8.ToArray(),
        IFormattable formattable => Encoding.UTF8.GetBytes(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => Encoding.UTF8.GetBytes(value.ToString() ?? ""),
    };

    /// <summary>A RESP2 reply as a value (spec §2.6): errors throw.</summary>
    internal static object? FromReply(RespValue reply) => reply.Type switch
    {
        RespType.Error => throw new GearsErrorException(reply.Text ?? ""),
        RespType.Integer => reply.Integer,
        RespType.Null => null,
        RespType.Array or RespType.Set or RespType.Push => reply.Items!.Select(FromReply).ToList(),
        RespType.Double => reply.Double.ToString("R", CultureInfo.InvariantCulture),
        _ => Utf8OrBytes(reply.Bytes ?? []),
    };

    /// <summary>A string when the bytes are valid UTF-8, else the bytes (Python: bytearray).</summary>
    public static object Utf8OrBytes(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : bytes;

    /// <summary>atomic(): holds the keyspace lock until disposed. Nesting throws "Already inside an atomic block".</summary>
    public static IDisposable Atomic()
    {
        if (t_inAtomic) throw new GearsErrorException("Already inside an atomic block");
        var gate = Engine.Server.Lock;
        Monitor.Enter(gate);
        t_inAtomic = true;
        return new AtomicBlock(gate);
    }

    /// <summary>Whether an atomic() block is open on this thread.</summary>
    public static bool IsInAtomicBlock => t_inAtomic;

    private sealed class AtomicBlock(object gate) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            t_inAtomic = false;
            Monitor.Exit(gate);
        }
    }

    /// <summary>log(msg, level): level debug|verbose|notice|warning; the line is prefixed "GEARS: ".</summary>
    public static void Log(string message, string level = "notice")
    {
        string line = "GEARS: " + message;
        switch (level)
        {
            case "debug": HotGears.Engine.Log.Debug(line); break;
            case "verbose": HotGears.Engine.Log.Verbose(line); break;
            case "notice": HotGears.Engine.Log.Notice(line); break;
            case "warning": HotGears.Engine.Log.Warning(line); break;
            default: throw new GearsErrorException("Log level should be one of the following : debug,verbose,notice,warning");
        }
    }

    /// <summary>configGet(key): only the extra (user) config dictionary; null when unset.</summary>
    public static string? ConfigGet(string key) => Engine.Config.GetExtra(key);

    /// <summary>gearsConfigGet(key, default).</summary>
    public static object? GearsConfigGet(string key, object? defaultValue = null) => Engine.Config.Get(key) ?? defaultValue;

    /// <summary>hashtag(): '06S' on a single server.</summary>
    public static string Hashtag() => "06S";

    private static IGearsCommandLink CommandLink =>
        t_execution?.CommandLink ?? throw new GearsErrorException("Can not get CommandHook ctx");

    /// <summary>call_next(args): the next hook or the original command (CommandReader hooks only, else "Can not get CommandHook ctx").</summary>
    public static object? CallNext(params object?[] args) => CommandLink.CallNext(args);

    /// <summary>get_command(): the argv of the command linked to the execution.</summary>
    public static IReadOnlyList<string> GetCommand() => CommandLink.Command;

    /// <summary>override_reply(value): replaces the linked command's reply (first call wins; later calls throw).</summary>
    public static void OverrideReply(object? value) => CommandLink.OverrideReply(value);

    /// <summary>isAsyncAllow().</summary>
    public static bool IsAsyncAllow() => t_execution is { AsyncAllowed: true };

    /// <summary>
    /// Lets go of the keyspace lock if this thread holds it (a sync execution waiting for something
    /// another thread finishes, which may need the lock): returns how many times it was held, for
    /// <see cref="RetakeKeyspaceLock"/>. The execution then goes on as an async one would, as
    /// RedisGears says of a sync execution that awaits.
    /// </summary>
    public static int ReleaseKeyspaceLock()
    {
        if (t_execution?.Session.Engine.Server.Lock is not { } gate) return 0;
        int depth = 0;
        for (; Monitor.IsEntered(gate); depth++) Monitor.Exit(gate);
        return depth;
    }

    /// <summary>Takes the keyspace lock back as often as <see cref="ReleaseKeyspaceLock"/> let it go.</summary>
    public static void RetakeKeyspaceLock(int depth)
    {
        if (depth == 0 || t_execution?.Session.Engine.Server.Lock is not { } gate) return;
        for (int i = 0; i < depth; i++) Monitor.Enter(gate);
    }

    /// <summary>Throws OperationCanceledException once the running execution is aborted or timed out (no token is made until then).</summary>
    public static void ThrowIfAborted()
    {
        if (t_execution is { IsStopping: true } execution) execution.Cancellation.ThrowIfCancellationRequested();
    }

    /// <summary>The running execution's abort token: long callbacks check it (RG.ABORTEXECUTION, execution timeout).</summary>
    public static CancellationToken Cancellation => t_execution?.Cancellation ?? CancellationToken.None;
}

/// <summary>An error reply of a command run through <see cref="GearsBuiltins.Execute"/> (Python: gears.error).</summary>
public sealed class GearsErrorException(string message) : Exception(message);
