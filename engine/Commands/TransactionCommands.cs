using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// MULTI, EXEC, DISCARD, WATCH, UNWATCH (multi.c). The queuing itself happens in the
/// <see cref="Dispatcher"/>, which sees every command first.
/// </summary>
internal static class TransactionCommands
{
    [Command("MULTI", 1, Flags = "noscript loading stale fast allow_busy", Group = "transactions", Since = "1.2.0",
        Summary = "Mark the start of a transaction block", Complexity = "O(1)")]
    public static void Multi(Session session, CommandArgs args)
    {
        if (session.Transaction.Active)
        {
            session.Reply.WriteError("ERR MULTI calls can not be nested"u8);
            return;
        }
        session.Transaction.Begin();
        session.Reply.WriteOk();
    }

    [Command("EXEC", 1, Flags = "noscript loading stale skip_slowlog", Group = "transactions", Since = "1.2.0",
        Summary = "Execute all commands issued after MULTI", Complexity = "Depends on commands in the transaction")]
    public static void Exec(Session session, CommandArgs args)
    {
        var transaction = session.Transaction;
        var reply = session.Reply;
        if (!transaction.Active)
        {
            reply.WriteError("ERR EXEC without MULTI"u8);
            return;
        }
        var watches = session.Server.Watches;
        if (watches.AnyExpiredSinceWatched(transaction)) transaction.WatchTouched = true;
        if (transaction.QueuingFailed || transaction.WatchTouched)
        {
            if (transaction.QueuingFailed) reply.WriteError("EXECABORT Transaction discarded because of previous errors."u8);
            else reply.WriteNullArray();
            transaction.Discard();
            return;
        }

        // Unwatch first: the transaction's own writes must not mark it (or anything) touched.
        transaction.Unwatch();
        var dispatcher = session.Server.Dispatcher;
        var queued = transaction.Queued;
        reply.WriteArrayHeader(queued.Count);
        try
        {
            // Still Active while the commands run: blocking commands see it and do not block.
            foreach (var command in queued) dispatcher.Call(session, command.Command, command.Args);
        }
        finally
        {
            transaction.Discard();
        }
    }

    [Command("DISCARD", 1, Flags = "noscript loading stale fast allow_busy", Group = "transactions", Since = "2.0.0",
        Summary = "Discard all commands issued after MULTI", Complexity = "O(N), when N is the number of queued commands")]
    public static void Discard(Session session, CommandArgs args)
    {
        if (!session.Transaction.Active)
        {
            session.Reply.WriteError("ERR DISCARD without MULTI"u8);
            return;
        }
        session.Transaction.Discard();
        session.Reply.WriteOk();
    }

    [Command("WATCH", -2, Flags = "noscript loading stale fast allow_busy", FirstKey = 1, LastKey = -1, Step = 1, Group = "transactions",
        Since = "2.2.0", Summary = "Watch the given keys to determine execution of the MULTI/EXEC block", Complexity = "O(1) for every key.")]
    public static void Watch(Session session, CommandArgs args)
    {
        var transaction = session.Transaction;
        if (transaction.Active)
        {
            session.Reply.WriteError("ERR WATCH inside MULTI is not allowed"u8);
            return;
        }
        // Once touched, EXEC fails whatever else happens: no point in watching more.
        if (!transaction.WatchTouched)
        {
            var watches = session.Server.Watches;
            for (int i = 1; i < args.Count; i++) watches.Watch(transaction, session.Db, args[i]);
        }
        session.Reply.WriteOk();
    }

    [Command("UNWATCH", 1, Flags = "noscript loading stale fast allow_busy", Group = "transactions", Since = "2.2.0",
        Summary = "Forget about all watched keys", Complexity = "O(1)")]
    public static void Unwatch(Session session, CommandArgs args)
    {
        session.Transaction.Unwatch();
        session.Transaction.WatchTouched = false;
        session.Reply.WriteOk();
    }
}
