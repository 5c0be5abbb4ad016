using System.Diagnostics.CodeAnalysis;
using HotGears.Engine.Gears;

namespace HotGears.Scripting.CSharp;

/// <summary>
/// The globals of a C# gear script: everything here is in scope unqualified — GB()/GearsBuilder(),
/// the reader tokens, and the builtins of spec §2.7 as thin wrappers over GearsBuiltins.
/// </summary>
public sealed class GearsGlobals
{
    private readonly IGearsActions _actions;

    internal GearsGlobals(IGearsActions actions) => _actions = actions;

    public GearsReader<KeyRecord> KeysReader => GearsReaders.KeysReader;
    public GearsReader<string> KeysOnlyReader => GearsReaders.KeysOnlyReader;
    public GearsReader<StreamRecord> StreamReader => GearsReaders.StreamReader;
    public GearsReader<IReadOnlyList<string>> CommandReader => GearsReaders.CommandReader;
    public GearsReader<string> ShardsIDReader => GearsReaders.ShardsIDReader;
    public GearsReader<object?> Sequence => GearsReaders.Sequence;

    /// <summary>GB(): a KeysReader gear.</summary>
    public GearsBuilder<KeyRecord> GB() => GB(KeysReader);

    /// <summary>GB(reader, defaultArg, desc): defaultArg is run()'s argument when none is given; desc shows in RG.DUMPREGISTRATIONS.</summary>
    public GearsBuilder<TRecord> GB<TRecord>(GearsReader<TRecord> reader, string defaultArg = "*", string? desc = null) =>
        new(new StepGraph(reader.Kind, DotNetLanguage.Instance) { DefaultArg = defaultArg, Description = desc }, _actions);

    /// <summary>GB("StreamReader"): the reader by its RedisGears name; records are untyped.</summary>
    public GearsBuilder<object?> GB(string reader, string defaultArg = "*", string? desc = null) =>
        new(new StepGraph(GearsReaders.Parse(reader), DotNetLanguage.Instance) { DefaultArg = defaultArg, Description = desc }, _actions);

    public GearsBuilder<KeyRecord> GearsBuilder() => GB();

    public GearsBuilder<TRecord> GearsBuilder<TRecord>(GearsReader<TRecord> reader, string defaultArg = "*", string? desc = null) =>
        GB(reader, defaultArg, desc);

    public GearsBuilder<object?> GearsBuilder(string reader, string defaultArg = "*", string? desc = null) =>
        GB(reader, defaultArg, desc);

    /// <summary>execute(): a command's reply as string, long, null or List&lt;object?&gt;; an error reply throws GearsErrorException.</summary>
    public object? Execute(string command, params object?[] args) => GearsBuiltins.Execute(command, args);

    /// <summary>atomic(): <c>using (Atomic()) { ... }</c> holds the keyspace lock for the block.</summary>
    public IDisposable Atomic() => GearsBuiltins.Atomic();

    /// <summary>log(): level debug|verbose|notice|warning.</summary>
    public void Log(string message, string level = "notice") => GearsBuiltins.Log(message, level);

    /// <summary>configGet(): the extra (user) configuration only; null when unset.</summary>
    public string? ConfigGet(string key) => GearsBuiltins.ConfigGet(key);

    public object? GearsConfigGet(string key, object? defaultValue = null) => GearsBuiltins.GearsConfigGet(key, defaultValue);

    /// <summary>hashtag(): '06S' on a single server.</summary>
    public string Hashtag() => GearsBuiltins.Hashtag();

    /// <summary>flat_error(): fails the record (or the script) with exactly this text; <c>throw FlatError(...)</c> reads well too.</summary>
    [DoesNotReturn]
    public Exception FlatError(string message) => throw new GearsErrorException(message);

    /// <summary>call_next(): in a command hook, the next hook or the original command.</summary>
    public object? CallNext(params object?[] args) => GearsBuiltins.CallNext(args);

    /// <summary>override_reply(): replaces the reply of the command linked to the execution.</summary>
    public void OverrideReply(object? value) => GearsBuiltins.OverrideReply(value);

    /// <summary>get_command(): the argv of the command linked to the execution.</summary>
    public IReadOnlyList<string> GetCommand() => GearsBuiltins.GetCommand();

    public bool IsAsyncAllow() => GearsBuiltins.IsAsyncAllow();

    /// <summary>The running execution's abort token (RG.ABORTEXECUTION, execution timeout): long callbacks check it.</summary>
    public CancellationToken Cancellation => GearsBuiltins.Cancellation;
}
