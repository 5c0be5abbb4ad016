using System.Security.Cryptography;
using System.Text;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// The connection handshake: HELLO (protocol switch, AUTH, SETNAME), AUTH and RESET. There is one
/// user, "default", whose password is `requirepass` (none by default: then any password is
/// accepted for it, as Redis's "nopass" default user).
/// </summary>
internal static class HelloCommands
{
    [Command("HELLO", -1, Flags = "noscript loading stale fast no_auth allow_busy", Group = "connection", Since = "6.0.0",
        Summary = "Handshake with Redis", Complexity = "O(1)",
        Syntax = "arguments:[protover [AUTH username password] [SETNAME clientname]]")]
    public static void Hello(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        long version = 0;
        if (args.Count >= 2)
        {
            if (!RedisNumbers.TryParseInt64(args[1], out version))
            {
                reply.WriteError("ERR Protocol version is not an integer or out of range");
                return;
            }
            if (version is < 2 or > 3)
            {
                reply.WriteError("NOPROTO unsupported protocol version");
                return;
            }
        }
        // Options take effect as they are read, as in Redis: a later bad option leaves earlier ones applied.
        for (int i = 2; i < args.Count; i++)
        {
            int more = args.Count - 1 - i;
            if (args.Is(i, "AUTH"u8) && more >= 2)
            {
                session.RedactArgument(i + 1);
                session.RedactArgument(i + 2);
                if (!Authenticate(session, args[i + 1], args[i + 2]))
                {
                    reply.WriteError(Errors.WrongPass);
                    return;
                }
                i += 2;
            }
            else if (args.Is(i, "SETNAME"u8) && more >= 1)
            {
                if (!ClientCommands.TrySetName(session, args[i + 1])) return;
                i++;
            }
            else
            {
                reply.WriteError($"ERR Syntax error in HELLO option '{args.GetString(i)}'");
                return;
            }
        }
        if (!session.Authenticated)
        {
            reply.WriteError("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH " +
                             "<user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
            return;
        }
        if (version != 0) session.Protocol = (int)version;
        reply.WriteMapHeader(7);
        reply.WriteBulk("server"u8);
        reply.WriteBulk("redis"u8);
        reply.WriteBulk("version"u8);
        reply.WriteBulk(ServerInfo.RedisVersion);
        reply.WriteBulk("proto"u8);
        reply.WriteInteger(session.Protocol);
        reply.WriteBulk("id"u8);
        reply.WriteInteger(session.Id);
        reply.WriteBulk("mode"u8);
        reply.WriteBulk("standalone"u8);
        reply.WriteBulk("role"u8);
        reply.WriteBulk("master"u8);
        reply.WriteBulk("modules"u8);
        reply.WriteArrayHeader(0);
    }

    /// <summary>AUTH password (the default user) or AUTH username password.</summary>
    [Command("AUTH", -2, Flags = "noscript loading stale fast no_auth allow_busy", Group = "connection",
        Summary = "Authenticate to the server", Complexity = "O(N) where N is the number of passwords defined for the user",
        Syntax = "[username] password")]
    public static void Auth(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (args.Count > 3)
        {
            reply.WriteError(Errors.Syntax);
            return;
        }
        session.RedactArgument(1);
        if (args.Count == 2 && session.Server.Config.RequirePass.Length == 0)
        {
            reply.WriteError("ERR AUTH <password> called without any password configured for the default user. " +
                             "Are you sure your configuration is correct?");
            return;
        }
        if (args.Count == 3) session.RedactArgument(2);
        bool accepted = args.Count == 2
            ? Authenticate(session, "default"u8, args[1])
            : Authenticate(session, args[1], args[2]);
        if (accepted) reply.WriteOk();
        else reply.WriteError(Errors.WrongPass);
    }

    /// <summary>Checks the credentials; on success the session is authenticated.</summary>
    private static bool Authenticate(Session session, ReadOnlySpan<byte> user, ReadOnlySpan<byte> password)
    {
        if (!user.SequenceEqual("default"u8)) return false;
        string required = session.Server.Config.RequirePass;
        // Compare digests in constant time, so the time taken reveals nothing about the password.
        if (required.Length > 0 &&
            !CryptographicOperations.FixedTimeEquals(SHA256.HashData(password), SHA256.HashData(Encoding.UTF8.GetBytes(required))))
            return false;
        session.Authenticated = true;
        return true;
    }

    [Command("RESET", 1, Flags = "noscript loading stale fast no_auth allow_busy", Group = "connection", Since = "6.2.0",
        Summary = "Reset the connection", Complexity = "O(1)")]
    public static void Reset(Session session, CommandArgs args)
    {
        session.ResetConnectionState();
        session.Reply.WriteSimpleString("RESET"u8);
    }
}
