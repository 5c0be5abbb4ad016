using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Connection commands: PING, ECHO, QUIT, SELECT.</summary>
internal static class ConnectionCommands
{
    [Command("PING", -1, Flags = "fast", Group = "connection", Summary = "Returns the server's liveliness response.",
        Syntax = "[message]")]
    public static void Ping(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (args.Count > 2)
        {
            reply.WriteError(Errors.WrongArity("ping"));
            return;
        }
        // A RESP2 subscriber gets ["pong", arg] instead of a plain reply (Redis pingCommand).
        if (session.Protocol == 2 && session.SubscriptionCount > 0)
        {
            reply.WriteArrayHeader(2);
            reply.WriteBulk("pong"u8);
            reply.WriteBulk(args.Count == 2 ? args[1] : ReadOnlySpan<byte>.Empty);
        }
        else if (args.Count == 2) reply.WriteBulk(args[1]);
        else reply.WriteSimpleString("PONG"u8);
    }

    [Command("ECHO", 2, Flags = "fast", Group = "connection", Summary = "Returns the given string.",
        Syntax = "message")]
    public static void Echo(Session session, CommandArgs args) => session.Reply.WriteBulk(args[1]);

    [Command("QUIT", -1, Flags = "noscript loading stale fast no_auth allow_busy", Group = "connection", Summary = "Closes the connection.")]
    public static void Quit(Session session, CommandArgs args)
    {
        session.Reply.WriteOk();
        session.CloseAfterReply = true;
    }

    [Command("SELECT", 2, Flags = "loading stale fast", Group = "connection", Summary = "Changes the selected database.",
        Syntax = "index")]
    public static void Select(Session session, CommandArgs args)
    {
        var db = DatabaseCommands.ResolveIndex(session, args[1]);
        if (db == null) return;
        session.Db = db;
        session.Reply.WriteOk();
    }
}
