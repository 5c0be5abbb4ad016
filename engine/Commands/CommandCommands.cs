using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// COMMAND and its subcommands (server.c): everything they report comes from the command table,
/// i.e. from the [Command] attributes.
/// </summary>
internal static class CommandCommands
{
    [Command("COMMAND", -1, Flags = "loading stale", Group = "server", Since = "2.8.13",
        Summary = "Get array of Redis command details", Complexity = "O(N) where N is the total number of Redis commands")]
    public static void All(Session session, CommandArgs args) => WriteAllInfo(session);

    [Command("COMMAND|INFO", -2, Flags = "loading stale", Group = "server", Since = "2.8.13",
        Summary = "Get array of specific Redis command details, or all when no argument is given.",
        Complexity = "O(N) where N is the number of commands to look up",
        Syntax = "[command-name [command-name ...]]")]
    public static void Info(Session session, CommandArgs args)
    {
        if (args.Count == 2)
        {
            WriteAllInfo(session);
            return;
        }
        var reply = session.Reply;
        reply.WriteArrayHeader(args.Count - 2);
        for (int i = 2; i < args.Count; i++)
        {
            var command = CommandDescription.FindByFullName(session.Server.Commands, args.GetString(i));
            if (command == null) reply.WriteNull();
            else CommandDescription.WriteInfo(reply, command);
        }
    }

    private static void WriteAllInfo(Session session)
    {
        var commands = session.Server.Commands.All.ToList();
        session.Reply.WriteArrayHeader(commands.Count);
        foreach (var command in commands) CommandDescription.WriteInfo(session.Reply, command);
    }

    [Command("COMMAND|COUNT", 2, Flags = "loading stale", Group = "server", Since = "2.8.13",
        Summary = "Get total number of Redis commands", Complexity = "O(1)")]
    public static void Count(Session session, CommandArgs args) => session.Reply.WriteInteger(session.Server.Commands.Count);

    /// <summary>The requested commands' docs as a map; unknown names are left out.</summary>
    [Command("COMMAND|DOCS", -2, Flags = "loading stale", Group = "server", Since = "7.0.0",
        Summary = "Get array of specific Redis command documentation",
        Complexity = "O(N) where N is the number of commands to look up",
        Syntax = "[command-name [command-name ...]]")]
    public static void Docs(Session session, CommandArgs args)
    {
        var table = session.Server.Commands;
        var commands = new List<CommandDefinition>();
        if (args.Count == 2) commands.AddRange(table.All);
        for (int i = 2; i < args.Count; i++)
        {
            var command = CommandDescription.FindByFullName(table, args.GetString(i));
            if (command != null) commands.Add(command);
        }
        var reply = session.Reply;
        reply.WriteMapHeader(commands.Count);
        foreach (var command in commands)
        {
            reply.WriteBulk(command.FullName);
            CommandDescription.WriteDocs(reply, command);
        }
    }

    /// <summary>Names of all commands and subcommands, optionally those of one ACL category or matching a pattern.</summary>
    [Command("COMMAND|LIST", -2, Flags = "loading stale", Group = "server", Since = "7.0.0",
        Summary = "Get an array of Redis command names", Complexity = "O(N) where N is the total number of Redis commands",
        Syntax = "[FILTERBY filterby:(MODULE module-name | ACLCAT category | PATTERN pattern)]")]
    public static void List(Session session, CommandArgs args)
    {
        Func<CommandDefinition, bool> filter = _ => true;
        if (args.Count != 2)
        {
            // Exactly one filter, and nothing after it (Redis commandListCommand).
            if (args.Count != 5 || !args.Is(2, "FILTERBY"u8))
            {
                session.Reply.WriteError(Errors.Syntax);
                return;
            }
            string value = args.GetString(4);
            if (args.Is(3, "MODULE"u8)) filter = _ => false; // HotGears loads no modules
            else if (args.Is(3, "ACLCAT"u8))
                filter = c => c.AclCategories().Contains("@" + value, StringComparer.OrdinalIgnoreCase);
            else if (args.Is(3, "PATTERN"u8)) filter = c => Glob.Match(value, c.FullName, ignoreCase: true);
            else
            {
                session.Reply.WriteError(Errors.Syntax);
                return;
            }
        }
        var names = session.Server.Commands.All
            .SelectMany(c => c.Subcommands.Prepend(c))
            .Where(filter)
            .Select(c => c.FullName)
            .ToList();
        session.Reply.WriteArrayHeader(names.Count);
        foreach (var name in names) session.Reply.WriteBulk(name);
    }

    [Command("COMMAND|GETKEYS", -4, Flags = "loading stale", Group = "server", Since = "2.8.13",
        Summary = "Extract keys given a full Redis command", Complexity = "O(N) where N is the number of arguments to the command")]
    public static void GetKeys(Session session, CommandArgs args) => WriteKeys(session, args, withFlags: false);

    [Command("COMMAND|GETKEYSANDFLAGS", -4, Flags = "loading stale", Group = "server", Since = "7.0.0",
        Summary = "Extract keys and access flags given a full Redis command",
        Complexity = "O(N) where N is the number of arguments to the command")]
    public static void GetKeysAndFlags(Session session, CommandArgs args) => WriteKeys(session, args, withFlags: true);

    /// <summary>The keys of the command given as arguments, found as the dispatcher would find the command.</summary>
    private static void WriteKeys(Session session, CommandArgs args, bool withFlags)
    {
        var reply = session.Reply;
        var target = args.Slice(2);
        var command = session.Server.Commands.Find(target[0]);
        if (command is { IsContainer: true } && target.Count >= 2) command = command.FindSubcommand(target[1]);
        if (command == null)
        {
            reply.WriteError("ERR Invalid command specified");
            return;
        }
        if (command.FirstKey <= 0 && !command.Has(CommandFlags.Movablekeys))
        {
            reply.WriteError("ERR The command has no key arguments");
            return;
        }
        if (!command.ArityAccepts(target.Count))
        {
            reply.WriteError("ERR Invalid number of arguments specified for command");
            return;
        }
        var positions = command.KeyPositions(target.Count).ToList();
        if (positions.Count == 0 && !command.Has(CommandFlags.No_Mandatory_Keys))
        {
            reply.WriteError("ERR Invalid arguments specified for command");
            return;
        }
        var flags = CommandDescription.KeyFlags(command);
        reply.WriteArrayHeader(positions.Count);
        foreach (int position in positions)
        {
            if (withFlags)
            {
                reply.WriteArrayHeader(2);
                reply.WriteBulk(target[position]);
                CommandDescription.WriteStatusSet(reply, flags);
            }
            else reply.WriteBulk(target[position]);
        }
    }

    [Command("COMMAND|HELP", 2, Flags = "loading stale", Group = "server", Since = "5.0.0",
        Summary = "Show helpful text about the different subcommands", Complexity = "O(1)")]
    public static void Help(Session session, CommandArgs args) => HelpReply.Write(session, args,
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.");
}
