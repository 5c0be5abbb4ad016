using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>SLOWLOG GET, LEN, RESET, HELP (slowlog.c). The log itself is filled by the dispatcher.</summary>
internal static class SlowLogCommands
{
    /// <summary>The newest entries first, each [id, unix time, microseconds, [args], client address, client name].</summary>
    [Command("SLOWLOG|GET", -2, Flags = "admin loading stale", Group = "server", Since = "2.2.12",
        Summary = "Get the slow log's entries", Complexity = "O(N) where N is the number of entries returned",
        Syntax = "[count]")]
    public static void Get(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        var log = session.Server.SlowLog;
        if (args.Count > 3)
        {
            reply.WriteError(Errors.SubcommandSyntax(args.GetString(0), args.GetString(1)));
            return;
        }
        long count = 10;
        if (args.Count == 3 && (!RedisNumbers.TryParseInt64(args[2], out count) || count < -1))
        {
            reply.WriteError("ERR count should be greater than or equal to -1");
            return;
        }
        var entries = log.Newest(count == -1 ? log.Count : (int)Math.Min(count, int.MaxValue)).ToList();
        reply.WriteArrayHeader(entries.Count);
        foreach (var entry in entries)
        {
            reply.WriteArrayHeader(6);
            reply.WriteInteger(entry.Id);
            reply.WriteInteger(entry.UnixSeconds);
            reply.WriteInteger(entry.Microseconds);
            reply.WriteArrayHeader(entry.Args.Length);
            foreach (var arg in entry.Args) reply.WriteBulk(arg);
            reply.WriteBulk(entry.ClientAddress);
            reply.WriteBulk(entry.ClientName);
        }
    }

    [Command("SLOWLOG|LEN", 2, Flags = "admin loading stale", Group = "server", Since = "2.2.12",
        Summary = "Get the slow log's length", Complexity = "O(1)")]
    public static void Len(Session session, CommandArgs args) => session.Reply.WriteInteger(session.Server.SlowLog.Count);

    [Command("SLOWLOG|RESET", 2, Flags = "admin loading stale", Group = "server", Since = "2.2.12",
        Summary = "Clear all entries from the slow log", Complexity = "O(N) where N is the number of entries in the slowlog")]
    public static void Reset(Session session, CommandArgs args)
    {
        session.Server.SlowLog.Reset();
        session.Reply.WriteOk();
    }

    [Command("SLOWLOG|HELP", 2, Flags = "loading stale", Group = "server", Since = "6.2.0",
        Summary = "Show helpful text about the different subcommands", Complexity = "O(1)")]
    public static void Help(Session session, CommandArgs args) => HelpReply.Write(session, args,
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.");
}
