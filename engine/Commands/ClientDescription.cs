using System.Text;

namespace HotGears.Engine.Commands;

/// <summary>
/// A client as one line of CLIENT LIST / CLIENT INFO (networking.c catClientInfoString): space-
/// separated field=value pairs, all of Redis's fields in Redis's order (clients such as redis-py
/// parse several of them as integers). qbuf and qbuf-free are the connection's query buffer; the
/// reply buffer belongs to the connection's pipe here, not to the client as in Redis: its fields
/// read 0, and omem is what is queued for the client and not yet sent. tot-mem adds the two.
/// </summary>
internal static class ClientDescription
{
    /// <summary>Client types as CLIENT LIST TYPE and CLIENT KILL TYPE name them; null when the name is unknown.</summary>
    public static string? ParseType(string name) => name.ToLowerInvariant() switch
    {
        "normal" => "normal",
        "pubsub" => "pubsub",
        "master" => "master",
        "replica" or "slave" => "slave",
        _ => null,
    };

    /// <summary>"pubsub" for a client with subscriptions, else "normal" (there are no replication clients).</summary>
    public static string TypeOf(Session session) => session.SubscriptionCount > 0 ? "pubsub" : "normal";

    public static void Append(StringBuilder line, Session session, long nowMs)
    {
        int shardChannels = session.SubscriptionCount - session.Channels.Count - session.Patterns.Count;
        var transport = session.Transport;
        long pending = transport.PendingOutputBytes;
        long queryLength = transport.QueryBufferLength, queryFree = transport.QueryBufferFree;
        line.Append("id=").Append(session.Id)
            .Append(" addr=").Append(session.Transport.RemoteAddress)
            .Append(" laddr=").Append(session.Transport.LocalAddress)
            .Append(" fd=").Append(session.Transport.FileDescriptor)
            .Append(" name=").Append(session.Name)
            .Append(" age=").Append(nowMs / 1000 - session.CreatedAtMs / 1000)
            .Append(" idle=").Append(nowMs / 1000 - session.LastInteractionMs / 1000)
            .Append(" flags=").Append(Flags(session))
            .Append(" db=").Append(session.Db.Index)
            .Append(" sub=").Append(session.Channels.Count)
            .Append(" psub=").Append(session.Patterns.Count)
            .Append(" ssub=").Append(shardChannels)
            .Append(" multi=-1") // HotGears has no MULTI state to report yet
            .Append(" qbuf=").Append(queryLength)
            .Append(" qbuf-free=").Append(queryFree)
            .Append(" argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0")
            .Append(" omem=").Append(pending)
            .Append(" tot-mem=").Append(pending + queryLength + queryFree)
            .Append(" events=r")
            .Append(" cmd=").Append(session.LastCommand)
            .Append(" user=default")
            .Append(" redir=-1")
            .Append(" resp=").Append(session.Protocol)
            .Append('\n');
    }

    /// <summary>P pub/sub, c close after reply, e no-evict; N when none applies.</summary>
    private static string Flags(Session session)
    {
        var flags = new StringBuilder(4);
        if (session.SubscriptionCount > 0) flags.Append('P');
        if (session.CloseAfterReply) flags.Append('c');
        if (session.NoEvict) flags.Append('e');
        return flags.Length == 0 ? "N" : flags.ToString();
    }
}
