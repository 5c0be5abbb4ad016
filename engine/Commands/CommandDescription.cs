using System.Text;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// Describes commands the way COMMAND INFO and COMMAND DOCS do (server.c addReplyCommandInfo and
/// addReplyCommandDocs), entirely from their <see cref="CommandDefinition"/>.
/// </summary>
internal static class CommandDescription
{
    /// <summary>
    /// A command by the name COMMAND INFO/DOCS accept: "get", or "config|get" for a subcommand
    /// (as Redis's lookupCommandBySds: exactly one level, "get|x" finds nothing).
    /// </summary>
    public static CommandDefinition? FindByFullName(CommandTable table, string name)
    {
        int bar = name.IndexOf('|');
        if (bar < 0) return table.Find(name);
        if (name.IndexOf('|', bar + 1) >= 0) return null;
        return table.Find(name[..bar])?.FindSubcommand(Encoding.UTF8.GetBytes(name[(bar + 1)..]));
    }

    /// <summary>
    /// The key-spec flags of a command's keys. Commands declare first/last/step, not key specs,
    /// so the flags follow from read/write: "RO access" for readers, "RW access update" (the most
    /// common write spec) for writers.
    /// </summary>
    public static string[] KeyFlags(CommandDefinition command) =>
        command.Has(CommandFlags.Write) ? ["RW", "access", "update"] :
        command.Has(CommandFlags.Readonly) ? ["RO", "access"] : ["RO"];

    /// <summary>
    /// The 10-element COMMAND INFO entry: name, arity, flags, first key, last key, step, ACL
    /// categories, tips, key specs, subcommands.
    /// </summary>
    public static void WriteInfo(RespWriter reply, CommandDefinition command)
    {
        reply.WriteArrayHeader(10);
        reply.WriteBulk(command.FullName);
        reply.WriteInteger(command.Arity);
        WriteStatusSet(reply, command.FlagNames().ToList());
        reply.WriteInteger(command.FirstKey);
        reply.WriteInteger(command.LastKey);
        reply.WriteInteger(command.Step);
        WriteStatusSet(reply, command.AclCategories().ToList());
        reply.WriteSetHeader(0); // tips: none are declared
        WriteKeySpecs(reply, command);
        if (command.IsContainer)
        {
            var subcommands = command.Subcommands.ToList();
            reply.WriteArrayHeader(subcommands.Count);
            foreach (var sub in subcommands) WriteInfo(reply, sub);
        }
        else reply.WriteSetHeader(0);
    }

    /// <summary>The single range key spec equivalent to first/last/step (none for commands without keys).</summary>
    private static void WriteKeySpecs(RespWriter reply, CommandDefinition command)
    {
        if (command.FirstKey <= 0)
        {
            reply.WriteSetHeader(0);
            return;
        }
        reply.WriteSetHeader(1);
        reply.WriteMapHeader(3);
        reply.WriteBulk("flags"u8);
        WriteStatusSet(reply, KeyFlags(command));
        reply.WriteBulk("begin_search"u8);
        reply.WriteMapHeader(2);
        reply.WriteBulk("type"u8);
        reply.WriteBulk("index"u8);
        reply.WriteBulk("spec"u8);
        reply.WriteMapHeader(1);
        reply.WriteBulk("index"u8);
        reply.WriteInteger(command.FirstKey);
        reply.WriteBulk("find_keys"u8);
        reply.WriteMapHeader(2);
        reply.WriteBulk("type"u8);
        reply.WriteBulk("range"u8);
        reply.WriteBulk("spec"u8);
        reply.WriteMapHeader(3);
        reply.WriteBulk("lastkey"u8);
        // A key spec counts the last key from the first one; a negative one counts from the end.
        reply.WriteInteger(command.LastKey >= 0 ? command.LastKey - command.FirstKey : command.LastKey);
        reply.WriteBulk("keystep"u8);
        reply.WriteInteger(Math.Max(1, command.Step));
        reply.WriteBulk("limit"u8);
        reply.WriteInteger(0);
    }

    /// <summary>
    /// The COMMAND DOCS map: summary, since, group, complexity, the arguments (when the command takes
    /// any) and, for a container, its subcommands' docs.
    /// </summary>
    public static void WriteDocs(RespWriter reply, CommandDefinition command)
    {
        bool hasArguments = command.Arguments.Count > 0;
        // redis-cli reads summary and group unconditionally: they are always present.
        reply.WriteMapHeader(4 + (hasArguments ? 1 : 0) + (command.IsContainer ? 1 : 0));
        reply.WriteBulk("summary"u8);
        reply.WriteBulk(command.Summary);
        reply.WriteBulk("since"u8);
        reply.WriteBulk(command.Since);
        reply.WriteBulk("group"u8);
        reply.WriteBulk(command.Group);
        reply.WriteBulk("complexity"u8);
        reply.WriteBulk(command.Complexity);
        if (hasArguments)
        {
            reply.WriteBulk("arguments"u8);
            WriteArguments(reply, command.Arguments);
        }
        if (!command.IsContainer) return;
        var subcommands = command.Subcommands.ToList();
        reply.WriteBulk("subcommands"u8);
        reply.WriteMapHeader(subcommands.Count);
        foreach (var sub in subcommands)
        {
            reply.WriteBulk(sub.FullName);
            WriteDocs(reply, sub);
        }
    }

    /// <summary>Argument specs in the order of fields Redis uses (server.c addReplyCommandArgList).</summary>
    private static void WriteArguments(RespWriter reply, IReadOnlyList<ArgumentSpec> arguments)
    {
        reply.WriteArrayHeader(arguments.Count);
        foreach (var argument in arguments)
        {
            bool hasParts = argument.Type is ArgumentType.OneOf or ArgumentType.Block;
            reply.WriteMapHeader(2 + (argument.KeySpecIndex >= 0 ? 1 : 0) + (argument.Token != null ? 1 : 0) +
                (argument.Flags != ArgumentFlags.None ? 1 : 0) + (hasParts ? 1 : 0));
            reply.WriteBulk("name"u8);
            reply.WriteBulk(argument.Name);
            reply.WriteBulk("type"u8);
            reply.WriteBulk(argument.TypeName);
            if (argument.KeySpecIndex >= 0)
            {
                reply.WriteBulk("key_spec_index"u8);
                reply.WriteInteger(argument.KeySpecIndex);
            }
            if (argument.Token != null)
            {
                reply.WriteBulk("token"u8);
                reply.WriteBulk(argument.Token);
            }
            if (argument.Flags != ArgumentFlags.None)
            {
                reply.WriteBulk("flags"u8);
                WriteStatusSet(reply, argument.FlagNames().ToList());
            }
            if (hasParts)
            {
                reply.WriteBulk("arguments"u8);
                WriteArguments(reply, argument.Arguments);
            }
        }
    }

    public static void WriteStatusSet(RespWriter reply, IReadOnlyList<string> items)
    {
        reply.WriteSetHeader(items.Count);
        foreach (var item in items) reply.WriteSimpleString(item);
    }
}
