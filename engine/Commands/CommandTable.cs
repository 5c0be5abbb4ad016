using System.Reflection;

namespace HotGears.Engine.Commands;

/// <summary>
/// Every command the server knows, built once at startup from the [Command] attributes of the
/// given assemblies (and later extended by plugins such as the Gears engine).
/// </summary>
public sealed class CommandTable
{
    private readonly Dictionary<string, CommandDefinition> _commands = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CommandDefinition>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public CommandTable() => _lookup = _commands.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _commands.Count;

    public IEnumerable<CommandDefinition> All => _commands.Values;

    public CommandDefinition? Find(ReadOnlySpan<byte> name) => Lookup(_lookup, name);

    public CommandDefinition? Find(string name) => _commands.GetValueOrDefault(name);

    /// <summary>Adds every [Command]-annotated static method of <paramref name="assembly"/>.</summary>
    public CommandTable AddFrom(Assembly assembly) => AddFrom(assembly.GetTypes());

    /// <summary>
    /// Adds the [Command]-annotated static methods of these types only: listing an assembly's
    /// types loads every assembly their bases come from (the scripting assembly's would load
    /// Roslyn, ~5 MB, into a server that may never compile a C# gear).
    /// </summary>
    public CommandTable AddFrom(params Type[] types)
    {
        var declarations = types
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .SelectMany(m => m.GetCustomAttributes<CommandAttribute>().Select(a => (Method: m, Attr: a)))
            .OrderBy(d => d.Attr.Name.Contains('|')); // containers before their subcommands
        foreach (var (method, attr) in declarations)
            Add(attr, method.CreateDelegate<CommandHandler>());
        return this;
    }

    public void Add(CommandAttribute attr, CommandHandler handler)
    {
        var flags = CommandDefinition.ParseFlags(attr.Flags);
        var arguments = ArgumentSyntax.Parse(attr.Syntax);
        int bar = attr.Name.IndexOf('|');
        if (bar < 0)
        {
            _commands.Add(attr.Name, new CommandDefinition(attr.Name, attr.Arity, flags, attr.FirstKey, attr.LastKey,
                attr.Step, attr.Group, attr.Summary, attr.Since, attr.Complexity, handler, arguments: arguments));
            return;
        }
        string parentName = attr.Name[..bar];
        if (!_commands.TryGetValue(parentName, out var parent))
        {
            parent = new CommandDefinition(parentName, -2, CommandFlags.None, 0, 0, 0, attr.Group,
                $"A container for {parentName.ToLowerInvariant()} commands.", attr.Since, "Depends on subcommand.",
                handler: null, isContainer: true);
            _commands.Add(parentName, parent);
        }
        parent.AddSubcommand(new CommandDefinition(attr.Name[(bar + 1)..], attr.Arity, flags, attr.FirstKey, attr.LastKey,
            attr.Step, attr.Group, attr.Summary, attr.Since, attr.Complexity, handler, parent, arguments: arguments));
    }

    /// <summary>Case-insensitive lookup by the raw name bytes, without allocating.</summary>
    internal static CommandDefinition? Lookup(Dictionary<string, CommandDefinition>.AlternateLookup<ReadOnlySpan<char>> lookup,
        ReadOnlySpan<byte> name)
    {
        if (name.Length > 64) return null;
        Span<char> chars = stackalloc char[name.Length];
        for (int i = 0; i < name.Length; i++) chars[i] = (char)name[i];
        return lookup.TryGetValue(chars, out var command) ? command : null;
    }
}
