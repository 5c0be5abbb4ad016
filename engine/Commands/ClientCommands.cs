using System.Text;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>CLIENT ID, SETNAME, GETNAME, LIST, INFO, KILL, NO-EVICT, REPLY, PAUSE, UNPAUSE, HELP (networking.c clientCommand).</summary>
internal static class ClientCommands
{
    private const string ConnectionFlags = "noscript loading stale";
    private const string AdminFlags = "admin noscript loading stale";

    [Command("CLIENT|ID", 2, Flags = ConnectionFlags, Group = "connection", Since = "5.0.0",
        Summary = "Returns the client ID for the current connection", Complexity = "O(1)")]
    public static void Id(Session session, CommandArgs args) => session.Reply.WriteInteger(session.Id);

    [Command("CLIENT|SETNAME", 3, Flags = ConnectionFlags, Group = "connection", Since = "2.6.9",
        Summary = "Set the current connection name", Complexity = "O(1)",
        Syntax = "connection-name")]
    public static void SetName(Session session, CommandArgs args)
    {
        if (TrySetName(session, args[2])) session.Reply.WriteOk();
    }

    /// <summary>
    /// Names a client (CLIENT SETNAME, HELLO SETNAME): an empty name removes it; otherwise only
    /// printable ASCII without spaces is allowed, so CLIENT LIST stays splittable. Replies the error.
    /// </summary>
    public static bool TrySetName(Session session, ReadOnlySpan<byte> name)
    {
        foreach (byte b in name)
        {
            if (b is < (byte)'!' or > (byte)'~')
            {
                session.Reply.WriteError(Errors.InvalidClientName);
                return false;
            }
        }
        session.Name = name.IsEmpty ? null : Encoding.ASCII.GetString(name);
        return true;
    }

    [Command("CLIENT|GETNAME", 2, Flags = ConnectionFlags, Group = "connection", Since = "2.6.9",
        Summary = "Get the current connection name", Complexity = "O(1)")]
    public static void GetName(Session session, CommandArgs args)
    {
        if (session.Name == null) session.Reply.WriteNull();
        else session.Reply.WriteBulk(session.Name);
    }

    [Command("CLIENT|INFO", 2, Flags = ConnectionFlags, Group = "connection", Since = "6.2.0",
        Summary = "Returns information about the current client connection.", Complexity = "O(1)")]
    public static void Info(Session session, CommandArgs args)
    {
        var line = new StringBuilder();
        ClientDescription.Append(line, session, session.Server.NowMs);
        session.Reply.WriteVerbatim(line.ToString());
    }

    /// <summary>CLIENT LIST, CLIENT LIST TYPE type, CLIENT LIST ID id [id ...].</summary>
    [Command("CLIENT|LIST", -2, Flags = AdminFlags, Group = "connection", Since = "2.4.0",
        Summary = "Get the list of client connections", Complexity = "O(N) where N is the number of client connections",
        Syntax = "[TYPE (NORMAL | MASTER | REPLICA | PUBSUB)] id:[ID client-id [client-id ...]]")]
    public static void List(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        var clients = session.Server.Clients;
        IEnumerable<Session> listed;
        if (args.Count == 4 && args.Is(2, "TYPE"u8))
        {
            string? type = ClientDescription.ParseType(args.GetString(3));
            if (type == null)
            {
                reply.WriteError($"ERR Unknown client type '{args.GetString(3)}'");
                return;
            }
            listed = clients.All.Where(s => ClientDescription.TypeOf(s) == type);
        }
        else if (args.Count > 3 && args.Is(2, "ID"u8))
        {
            var found = new List<Session>();
            for (int i = 3; i < args.Count; i++)
            {
                if (!RedisNumbers.TryParseInt64(args[i], out long id))
                {
                    reply.WriteError("ERR Invalid client ID");
                    return;
                }
                if (clients.Find(id) is { } client) found.Add(client);
            }
            listed = found;
        }
        else if (args.Count != 2)
        {
            reply.WriteError(Errors.Syntax);
            return;
        }
        else listed = clients.All;

        var text = new StringBuilder();
        long now = session.Server.NowMs;
        foreach (var client in listed) ClientDescription.Append(text, client, now);
        reply.WriteVerbatim(text.ToString());
    }

    /// <summary>
    /// CLIENT KILL addr (old form: replies OK or an error, may kill the caller) or CLIENT KILL
    /// with ID/TYPE/ADDR/LADDR/USER/SKIPME filters (replies the number killed; SKIPME defaults to yes).
    /// The caller, when killed, is closed after its reply.
    /// </summary>
    [Command("CLIENT|KILL", -3, Flags = AdminFlags, Group = "connection", Since = "2.4.0",
        Summary = "Kill the connection of a client", Complexity = "O(N) where N is the number of client connections",
        Syntax = "filter:(ip:port | new-format:([ID client-id] | " +
            "[TYPE normal_master_slave_pubsub:(NORMAL | MASTER | SLAVE | REPLICA | PUBSUB)] | " +
            "[USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME yes/no] ...))")]
    public static void Kill(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        var filter = new KillFilter();
        bool oldForm = args.Count == 3;
        if (oldForm)
        {
            filter.Address = args.GetString(2);
            filter.SkipMe = false;
        }
        else if (!TryParseKillFilter(session, args, filter)) return;

        int killed = 0;
        foreach (var client in session.Server.Clients.All.Where(filter.Matches))
        {
            if (client == session)
            {
                if (filter.SkipMe) continue;
                session.CloseAfterReply = true;
            }
            else client.Transport.Close();
            killed++;
        }
        if (!oldForm) reply.WriteInteger(killed);
        else if (killed == 0) reply.WriteError("ERR No such client");
        else reply.WriteOk();
    }

    private sealed class KillFilter
    {
        public long Id;
        public string? Type, Address, LocalAddress;
        public bool SkipMe = true;

        public bool Matches(Session client) =>
            (Address == null || client.Transport.RemoteAddress == Address) &&
            (LocalAddress == null || client.Transport.LocalAddress == LocalAddress) &&
            (Type == null || ClientDescription.TypeOf(client) == Type) &&
            (Id == 0 || client.Id == Id);
    }

    private static bool TryParseKillFilter(Session session, CommandArgs args, KillFilter filter)
    {
        var reply = session.Reply;
        for (int i = 2; i < args.Count; i += 2)
        {
            bool hasValue = i + 1 < args.Count;
            if (hasValue && args.Is(i, "ID"u8))
            {
                if (!RedisNumbers.TryParseInt64(args[i + 1], out filter.Id) || filter.Id < 1)
                {
                    reply.WriteError("ERR client-id should be greater than 0");
                    return false;
                }
            }
            else if (hasValue && args.Is(i, "TYPE"u8))
            {
                filter.Type = ClientDescription.ParseType(args.GetString(i + 1));
                if (filter.Type == null)
                {
                    reply.WriteError($"ERR Unknown client type '{args.GetString(i + 1)}'");
                    return false;
                }
            }
            else if (hasValue && args.Is(i, "ADDR"u8)) filter.Address = args.GetString(i + 1);
            else if (hasValue && args.Is(i, "LADDR"u8)) filter.LocalAddress = args.GetString(i + 1);
            else if (hasValue && args.Is(i, "USER"u8))
            {
                // Every client is the default user, the only one there is.
                if (!args.Is(i + 1, "default"u8))
                {
                    reply.WriteError($"ERR No such user '{args.GetString(i + 1)}'");
                    return false;
                }
            }
            else if (hasValue && args.Is(i, "SKIPME"u8))
            {
                if (args.Is(i + 1, "YES"u8)) filter.SkipMe = true;
                else if (args.Is(i + 1, "NO"u8)) filter.SkipMe = false;
                else
                {
                    reply.WriteError(Errors.Syntax);
                    return false;
                }
            }
            else
            {
                reply.WriteError(Errors.Syntax);
                return false;
            }
        }
        return true;
    }

    [Command("CLIENT|NO-EVICT", 3, Flags = AdminFlags, Group = "connection", Since = "7.0.0",
        Summary = "Set client eviction mode for the current connection", Complexity = "O(1)",
        Syntax = "enabled:(ON | OFF)")]
    public static void NoEvict(Session session, CommandArgs args)
    {
        if (args.Is(2, "ON"u8)) session.NoEvict = true;
        else if (args.Is(2, "OFF"u8)) session.NoEvict = false;
        else
        {
            session.Reply.WriteError(Errors.Syntax);
            return;
        }
        session.Reply.WriteOk();
    }

    /// <summary>CLIENT PAUSE timeout [WRITE|ALL]: the timeout is in milliseconds from now; ALL by default.</summary>
    [Command("CLIENT|PAUSE", -3, Flags = AdminFlags, Group = "connection", Since = "2.9.50",
        Summary = "Stop processing commands from clients for some time", Complexity = "O(1)")]
    public static void Pause(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        var kind = PauseKind.All;
        if (args.Count == 4)
        {
            if (args.Is(3, "WRITE"u8)) kind = PauseKind.Write;
            else if (!args.Is(3, "ALL"u8))
            {
                reply.WriteError("ERR CLIENT PAUSE mode must be WRITE or ALL");
                return;
            }
        }
        else if (args.Count > 4)
        {
            reply.WriteError(Errors.SubcommandSyntax(args));
            return;
        }
        if (!RedisNumbers.TryParseInt64(args[2], out long timeout))
        {
            reply.WriteError("ERR timeout is not an integer or out of range");
            return;
        }
        if (timeout < 0)
        {
            reply.WriteError("ERR timeout is negative");
            return;
        }
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // A timeout of 0 is an end time of 0, as in Redis: a pause that is already over.
        session.Server.Pause.Pause(timeout == 0 ? 0 : timeout > long.MaxValue - now ? long.MaxValue : now + timeout, kind);
        reply.WriteOk();
    }

    [Command("CLIENT|UNPAUSE", 2, Flags = AdminFlags, Group = "connection", Since = "6.2.0",
        Summary = "Resume processing of clients that were paused", Complexity = "O(N) Where N is the number of paused clients")]
    public static void Unpause(Session session, CommandArgs args)
    {
        session.Server.Pause.Unpause();
        session.Reply.WriteOk();
    }

    /// <summary>CLIENT REPLY ON|OFF|SKIP: only ON replies (OK); OFF and SKIP silence their own reply too.</summary>
    [Command("CLIENT|REPLY", 3, Flags = ConnectionFlags, Group = "connection", Since = "3.2.0",
        Summary = "Instruct the server whether to reply to commands", Complexity = "O(1)")]
    public static void Reply(Session session, CommandArgs args)
    {
        if (args.Is(2, "ON"u8))
        {
            session.SetReplyMode(ReplyMode.On);
            session.Reply.WriteOk();
        }
        else if (args.Is(2, "OFF"u8)) session.SetReplyMode(ReplyMode.Off);
        else if (args.Is(2, "SKIP"u8)) session.SetReplyMode(ReplyMode.Skip);
        else session.Reply.WriteError(Errors.Syntax);
    }

    [Command("CLIENT|HELP", 2, Flags = "loading stale", Group = "connection", Since = "5.0.0",
        Summary = "Show helpful text about the different subcommands", Complexity = "O(1)")]
    public static void Help(Session session, CommandArgs args) => HelpReply.Write(session, args,
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.");
}
