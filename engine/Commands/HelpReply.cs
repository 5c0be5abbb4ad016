namespace HotGears.Engine.Commands;

/// <summary>The reply of a container's HELP subcommand, framed as Redis's addReplyHelp frames it.</summary>
internal static class HelpReply
{
    /// <summary>Writes a header naming <paramref name="command"/>, the given lines, and the lines for HELP itself, each as a status.</summary>
    public static void Write(Session session, string command, ReadOnlySpan<string> lines)
    {
        var reply = session.Reply;
        reply.WriteArrayHeader(lines.Length + 3);
        reply.WriteSimpleString($"{command.ToUpperInvariant()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        foreach (var line in lines) reply.WriteSimpleString(line);
        reply.WriteSimpleString("HELP");
        reply.WriteSimpleString("    Prints this help.");
    }
}
