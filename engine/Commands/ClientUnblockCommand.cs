using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>CLIENT UNBLOCK (networking.c): wakes a client blocked in a blocking command.</summary>
internal static class ClientUnblockCommand
{
    [Command("CLIENT|UNBLOCK", -3, Flags = "admin noscript loading stale", Group = "connection",
        Summary = "Unblock a client blocked in a blocking command from a different connection", Since = "5.0.0",
        Complexity = "O(log N) where N is the number of client connections")]
    public static void Unblock(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (args.Count > 4)
        {
            reply.WriteError(Errors.SubcommandSyntax(args));
            return;
        }
        bool withError = args.Count == 4 && args.Is(3, "ERROR"u8);
        if (args.Count == 4 && !withError && !args.Is(3, "TIMEOUT"u8))
        {
            reply.WriteError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            return;
        }
        if (!RedisNumbers.TryParseInt64(args[2], out long id))
        {
            reply.WriteError(Errors.NotInteger);
            return;
        }
        var target = session.Server.Clients.Find(id);
        reply.WriteInteger(target != null && session.Server.Blocking.Unblock(target, withError) ? 1 : 0);
    }
}
