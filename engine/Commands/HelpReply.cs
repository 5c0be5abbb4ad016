using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>The reply of a container's HELP subcommand, laid out as Redis's addReplyHelp lays it out.</summary>
internal static class HelpReply
{
    /// <param name="lines">The container's own lines; the header and the HELP entry are added here.</param>
    public static void Write(Session session, CommandArgs args, params ReadOnlySpan<string> lines)
    {
        var reply = session.Reply;
        reply.WriteArrayHeader(lines.Length + 3);
        reply.WriteSimpleString($"{args.GetString(0).ToUpperInvariant()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        foreach (var line in lines) reply.WriteSimpleString(line);
        reply.WriteSimpleString("HELP"u8);
        reply.WriteSimpleString("    Prints this help."u8);
    }
}
