using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>The reply of a container's HELP subcommand, laid out as Redis's addReplyHelp.</summary>
internal static class HelpReply
{
    /// <summary>
    /// A header naming the command as the client typed it (upper-cased), the given lines, and the
    /// HELP entry itself, each a status reply.
    /// </summary>
    public static void Write(Session session, CommandArgs args, params string[] lines)
    {
        var reply = session.Reply;
        reply.WriteArrayHeader(lines.Length + 3);
        reply.WriteSimpleString($"{args.GetString(0).ToUpperInvariant()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        foreach (var line in lines) reply.WriteSimpleString(line);
        reply.WriteSimpleString("HELP"u8);
        reply.WriteSimpleString("    Prints this help."u8);
    }
}
