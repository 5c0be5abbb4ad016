using HotGears.Engine.Gears;

namespace HotGears.Scripting.CSharp;

/// <summary>
/// A reader token (KeysReader, StreamReader ...): what GB(reader) starts from, typed by the
/// records the reader hands to the first step, so that GB(CommandReader).Map(args => args[1])
/// is checked by the compiler.
/// </summary>
public sealed class GearsReader<TRecord>
{
    internal GearsReader(ReaderKind kind) => Kind = kind;

    internal ReaderKind Kind { get; }

    public override string ToString() => Kind == ReaderKind.PythonReader ? "Sequence" : Kind.ToString();
}

/// <summary>The reader tokens, and the reader names GB("KeysReader") accepts.</summary>
public static class GearsReaders
{
    public static readonly GearsReader<KeyRecord> KeysReader = new(ReaderKind.KeysReader);
    public static readonly GearsReader<string> KeysOnlyReader = new(ReaderKind.KeysOnlyReader);
    public static readonly GearsReader<StreamRecord> StreamReader = new(ReaderKind.StreamReader);
    public static readonly GearsReader<IReadOnlyList<string>> CommandReader = new(ReaderKind.CommandReader);
    public static readonly GearsReader<string> ShardsIDReader = new(ReaderKind.ShardsIDReader);

    /// <summary>A user-supplied sequence (RedisGears' PythonReader): Run(items) or Run(() => items).</summary>
    public static readonly GearsReader<object?> Sequence = new(ReaderKind.PythonReader);

    /// <summary>GB("name"): the reader names of RedisGears (spec §2.1), plus "Sequence".</summary>
    internal static ReaderKind Parse(string name) => name switch
    {
        "KeysReader" => ReaderKind.KeysReader,
        "KeysOnlyReader" => ReaderKind.KeysOnlyReader,
        "StreamReader" => ReaderKind.StreamReader,
        "CommandReader" => ReaderKind.CommandReader,
        "ShardsIDReader" => ReaderKind.ShardsIDReader,
        "PythonReader" or "Sequence" => ReaderKind.PythonReader,
        _ => throw new GearsScriptException("the given reader are not exists"),
    };
}
