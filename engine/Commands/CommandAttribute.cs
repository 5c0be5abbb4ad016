namespace HotGears.Engine.Commands;

/// <summary>
/// Declares a command on the static method that implements it: this is the one place a command's
/// metadata lives. The command table, dispatch, arity checks, COMMAND INFO/DOCS/LIST/GETKEYS and
/// key extraction are all derived from it. A name "PARENT|SUB" declares a subcommand.
/// Arity follows Redis: N means exactly N arguments (name included), -N at least N.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class CommandAttribute(string name, int arity) : Attribute
{
    public string Name { get; } = name;
    public int Arity { get; } = arity;

    /// <summary>Space-separated Redis flag names, e.g. "write denyoom fast".</summary>
    public string Flags { get; init; } = "";

    /// <summary>Position of the first key argument (0 when the command takes no key).</summary>
    public int FirstKey { get; init; }

    /// <summary>Position of the last key argument; -1 means the last argument, -2 the one before.</summary>
    public int LastKey { get; init; }

    /// <summary>Distance between key arguments (MSET: 2).</summary>
    public int Step { get; init; }

    /// <summary>The COMMAND DOCS group: string, generic, connection, server, pubsub, ...</summary>
    public string Group { get; init; } = "generic";

    public string Summary { get; init; } = "";
    public string Since { get; init; } = "1.0.0";
    public string Complexity { get; init; } = "";

    /// <summary>
    /// The arguments after the command name as Redis documents them, e.g. for SET
    /// "key value [NX | XX] [GET] ..."; COMMAND DOCS describes them from it (notation: <see cref="ArgumentSyntax"/>).
    /// </summary>
    public string Syntax { get; init; } = "";
}
