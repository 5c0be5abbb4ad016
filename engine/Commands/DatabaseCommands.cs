using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Commands on whole databases (db.c): DBSIZE, FLUSHDB, FLUSHALL, SWAPDB; and DB-index arguments.</summary>
internal static class DatabaseCommands
{
    [Command("DBSIZE", 1, Flags = "readonly fast", Group = "server",
        Summary = "Return the number of keys in the selected database", Complexity = "O(1)")]
    public static void DbSize(Session session, CommandArgs args) =>
        session.Reply.WriteInteger(session.Db.Count); // counts expired keys not yet removed, as Redis does

    [Command("FLUSHDB", -1, Flags = "write", Group = "server",
        Summary = "Remove all keys from the current database", Complexity = "O(N) where N is the number of keys in the selected database",
        Syntax = "async:[ASYNC | SYNC]")]
    public static void FlushDb(Session session, CommandArgs args)
    {
        if (!CheckFlushMode(session, args)) return;
        session.Server.Watches.TouchAllInDb(session.Db, replacedWith: null);
        session.Db.Clear();
        session.Reply.WriteOk();
    }

    [Command("FLUSHALL", -1, Flags = "write", Group = "server",
        Summary = "Remove all keys from all databases", Complexity = "O(N) where N is the total number of keys in all databases",
        Syntax = "async:[ASYNC | SYNC]")]
    public static void FlushAll(Session session, CommandArgs args)
    {
        if (!CheckFlushMode(session, args)) return;
        foreach (var db in session.Server.Databases)
        {
            session.Server.Watches.TouchAllInDb(db, replacedWith: null);
            db.Clear();
        }
        session.Reply.WriteOk();
    }

    [Command("SWAPDB", 3, Flags = "write fast", Group = "server", Since = "4.0.0",
        Summary = "Swaps two Redis databases", Complexity = "O(N) where N is the count of clients watching or blocking on keys from both databases.",
        Syntax = "index1:integer index2:integer")]
    public static void SwapDb(Session session, CommandArgs args)
    {
        if (!TryParseInt(session, args[1], "ERR invalid first DB index", out int first) ||
            !TryParseInt(session, args[2], "ERR invalid second DB index", out int second))
            return;
        var databases = session.Server.Databases;
        if ((uint)first >= (uint)databases.Length || (uint)second >= (uint)databases.Length)
        {
            session.Reply.WriteError(Errors.DbIndexOutOfRange);
            return;
        }
        // Clients stay on their database number and see the other contents from now on.
        if (first != second)
        {
            // A watched key changes if it exists on either side (the watches stay with the numbers).
            session.Server.Watches.TouchAllInDb(databases[first], databases[second]);
            session.Server.Watches.TouchAllInDb(databases[second], databases[first]);
            databases[first].SwapWith(databases[second]);
        }
        session.Reply.WriteOk();
    }

    /// <summary>
    /// The database a DB-index argument names (SELECT, MOVE, COPY ... DB), or null after replying
    /// the error Redis gives: not an integer, outside the int range, or no such database.
    /// </summary>
    internal static Database? ResolveIndex(Session session, ReadOnlySpan<byte> arg)
    {
        if (!TryParseInt(session, arg, error: null, out int index)) return null;
        var databases = session.Server.Databases;
        if ((uint)index >= (uint)databases.Length)
        {
            session.Reply.WriteError(Errors.DbIndexOutOfRange);
            return null;
        }
        return databases[index];
    }

    /// <summary>getIntFromObjectOrReply: an integer within the int range, else <paramref name="error"/> or Redis's default texts.</summary>
    private static bool TryParseInt(Session session, ReadOnlySpan<byte> arg, string? error, out int value)
    {
        value = 0;
        if (!RedisNumbers.TryParseInt64(arg, out long parsed))
        {
            if (error != null) session.Reply.WriteError(error);
            else session.Reply.WriteError(Errors.NotInteger);
            return false;
        }
        if (parsed is < int.MinValue or > int.MaxValue)
        {
            session.Reply.WriteError(error ?? Errors.ValueOutOfRangeBetween(int.MinValue, int.MaxValue));
            return false;
        }
        value = (int)parsed;
        return true;
    }

    /// <summary>
    /// FLUSHDB/FLUSHALL accept one optional ASYNC or SYNC. Both empty at once here: the tables are
    /// replaced and the old ones left to the garbage collector, which is what ASYNC promises.
    /// </summary>
    private static bool CheckFlushMode(Session session, CommandArgs args)
    {
        if (args.Count == 1 || (args.Count == 2 && (args.Is(1, "ASYNC"u8) || args.Is(1, "SYNC"u8)))) return true;
        session.Reply.WriteError(Errors.Syntax);
        return false;
    }
}
