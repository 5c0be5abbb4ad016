namespace HotGears.Engine.Commands;

/// <summary>Argument types as COMMAND DOCS names them (server.c ARG_TYPE_STR).</summary>
public enum ArgumentType { String, Integer, Double, Key, Pattern, UnixTime, PureToken, OneOf, Block }

/// <summary>Argument flags as COMMAND DOCS names them: optional, multiple, multiple_token.</summary>
[Flags]
public enum ArgumentFlags { None = 0, Optional = 1, Multiple = 2, MultipleToken = 4 }

/// <summary>
/// One argument of a command as COMMAND DOCS describes it. OneOf and Block arguments hold their
/// parts in <see cref="Arguments"/>; key arguments carry the index of their key spec (-1 otherwise).
/// </summary>
public sealed record ArgumentSpec(string Name, ArgumentType Type, string? Token = null,
    ArgumentFlags Flags = ArgumentFlags.None, int KeySpecIndex = -1, IReadOnlyList<ArgumentSpec>? Arguments = null)
{
    public IReadOnlyList<ArgumentSpec> Arguments { get; init; } = Arguments ?? [];

    public bool Has(ArgumentFlags flag) => (Flags & flag) != 0;

    public string TypeName => TypeNames[(int)Type];

    private static readonly string[] TypeNames =
        ["string", "integer", "double", "key", "pattern", "unix-time", "pure-token", "oneof", "block"];

    /// <summary>The argument type with the wire name <paramref name="name"/>, if there is one.</summary>
    public static ArgumentType? TypeNamed(string name)
    {
        int index = Array.IndexOf(TypeNames, name);
        return index < 0 ? null : (ArgumentType)index;
    }

    /// <summary>Flag names in the order Redis prints them.</summary>
    public IEnumerable<string> FlagNames()
    {
        if (Has(ArgumentFlags.Optional)) yield return "optional";
        if (Has(ArgumentFlags.Multiple)) yield return "multiple";
        if (Has(ArgumentFlags.MultipleToken)) yield return "multiple_token";
    }

    /// <summary>Same name, type, token and parts, whatever the flags: "key" and the "key" of "[key ...]".</summary>
    public bool SameShape(ArgumentSpec other) =>
        Name == other.Name && Type == other.Type && Token == other.Token &&
        Arguments.Count == other.Arguments.Count && Arguments.Zip(other.Arguments).All(p => p.First.SameShape(p.Second));
}
