using System.Text;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Implements one command. Runs under the keyspace lock; replies through session.Reply.</summary>
public delegate void CommandHandler(Session session, CommandArgs args);

/// <summary>One entry of the command table (a command, a container such as CLIENT, or a subcommand).</summary>
public sealed class CommandDefinition
{
    private Dictionary<string, CommandDefinition>? _subcommands;
    private Dictionary<string, CommandDefinition>.AlternateLookup<ReadOnlySpan<char>> _subcommandLookup;

    public CommandDefinition(string name, int arity, CommandFlags flags, int firstKey, int lastKey, int step,
        string group, string summary, string since, string complexity, CommandHandler? handler, CommandDefinition? parent = null,
        bool isContainer = false, IReadOnlyList<ArgumentSpec>? arguments = null)
    {
        Name = name.ToLowerInvariant();
        Parent = parent;
        FullName = parent == null ? Name : parent.Name + "|" + Name;
        Arity = arity;
        Flags = flags;
        FirstKey = firstKey;
        LastKey = lastKey;
        Step = step;
        Group = group;
        Summary = summary;
        Since = since;
        Complexity = complexity;
        Handler = handler;
        Arguments = arguments ?? [];
        if (isContainer) CreateSubcommandTable();
    }

    /// <summary>Lowercase name: "get", or "id" for CLIENT ID.</summary>
    public string Name { get; }

    /// <summary>Name as Redis prints it in errors and COMMAND: "get", "client|id".</summary>
    public string FullName { get; }

    public CommandDefinition? Parent { get; }
    public int Arity { get; }
    public CommandFlags Flags { get; }
    public int FirstKey { get; }
    public int LastKey { get; }
    public int Step { get; }
    public string Group { get; }
    public string Summary { get; }
    public string Since { get; }
    public string Complexity { get; }
    public CommandHandler? Handler { get; }

    /// <summary>
    /// Takes over the command's calls (Gears command hooks); null, the usual case, costs the
    /// dispatcher one check. Set and cleared under the keyspace lock.
    /// </summary>
    public ICommandInterceptor? Interceptor { get; set; }

    /// <summary>The argument specs COMMAND DOCS reports, parsed from the declared syntax.</summary>
    public IReadOnlyList<ArgumentSpec> Arguments { get; }
    public CommandStats Stats { get; } = new();

    public bool IsContainer => _subcommands != null;

    public IEnumerable<CommandDefinition> Subcommands =>
        _subcommands?.Values.OrderBy(c => c.Name, StringComparer.Ordinal) ?? Enumerable.Empty<CommandDefinition>();

    public bool Has(CommandFlags flag) => (Flags & flag) != 0;

    public bool ArityAccepts(int count) => Arity >= 0 ? count == Arity : count >= -Arity;

    /// <summary>
    /// Adds a subcommand. A command declared with its own handler can have subcommands too
    /// (COMMAND runs alone, COMMAND INFO is a subcommand); its handler runs when none is given.
    /// </summary>
    internal void AddSubcommand(CommandDefinition sub)
    {
        if (_subcommands == null) CreateSubcommandTable();
        _subcommands!.Add(sub.Name, sub);
    }

    private void CreateSubcommandTable()
    {
        _subcommands = new Dictionary<string, CommandDefinition>(StringComparer.OrdinalIgnoreCase);
        _subcommandLookup = _subcommands.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public CommandDefinition? FindSubcommand(ReadOnlySpan<byte> name) =>
        _subcommands == null ? null : CommandTable.Lookup(_subcommandLookup, name);

    /// <summary>The ACL categories Redis derives from the group and the flags (COMMAND INFO field 7).</summary>
    public IEnumerable<string> AclCategories()
    {
        if (Has(CommandFlags.Write)) yield return "@write";
        if (Has(CommandFlags.Readonly)) yield return "@read";
        string? groupCategory = Group switch
        {
            "string" => "@string",
            "generic" => "@keyspace",
            "connection" => "@connection",
            "pubsub" => "@pubsub",
            "hash" => "@hash",
            "list" => "@list",
            "set" => "@set",
            "sorted_set" => "@sortedset",
            "stream" => "@stream",
            "bitmap" => "@bitmap",
            "transactions" => "@transaction",
            "scripting" => "@scripting",
            _ => null,
        };
        if (groupCategory != null && groupCategory != "@pubsub") yield return groupCategory;
        if (Has(CommandFlags.Admin)) { yield return "@admin"; yield return "@dangerous"; }
        if (Has(CommandFlags.Pubsub) || Group == "pubsub") yield return "@pubsub";
        yield return Has(CommandFlags.Fast) ? "@fast" : "@slow";
        if (Has(CommandFlags.Blocking)) yield return "@blocking";
    }

    /// <summary>The positions of the key arguments in <paramref name="argCount"/> arguments.</summary>
    public IEnumerable<int> KeyPositions(int argCount)
    {
        if (FirstKey <= 0) yield break;
        int last = LastKey >= 0 ? LastKey : argCount + LastKey;
        int step = Math.Max(1, Step);
        for (int i = FirstKey; i <= last && i < argCount; i += step) yield return i;
    }

    public override string ToString() => FullName;

    internal static CommandFlags ParseFlags(string text)
    {
        var flags = CommandFlags.None;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            flags |= Enum.Parse<CommandFlags>(word, ignoreCase: true);
        return flags;
    }

    /// <summary>Flag names as COMMAND INFO prints them (Redis keeps may_replicate to itself).</summary>
    public IEnumerable<string> FlagNames() =>
        Enum.GetValues<CommandFlags>().Where(f => f is not (CommandFlags.None or CommandFlags.May_Replicate) && Has(f))
            .Select(f => f.ToString().ToLowerInvariant());

    internal static string Describe(ReadOnlySpan<byte> name) => Encoding.UTF8.GetString(name);
}

/// <summary>Per-command counters shown by INFO commandstats. Updated under the keyspace lock.</summary>
public sealed class CommandStats
{
    public long Calls;
    public long Microseconds;
    public long RejectedCalls;
    public long FailedCalls;

    public void Reset() => Calls = Microseconds = RejectedCalls = FailedCalls = 0;
}
