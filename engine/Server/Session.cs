using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine;

/// <summary>The state of one client: selected database, protocol, name, subscriptions.</summary>
public sealed class Session
{
    public Session(Server server, RespWriter reply, IClientTransport transport)
    {
        Server = server;
        Reply = reply;
        Transport = transport;
        Id = server.Clients.NextId();
        Db = server.Databases[0];
        CreatedAtMs = LastInteractionMs = server.NowMs;
    }

    public long Id { get; }
    public Server Server { get; }
    public RespWriter Reply { get; }
    public IClientTransport Transport { get; }

    /// <summary>The selected database (SELECT).</summary>
    public Database Db { get; set; }

    /// <summary>CLIENT SETNAME; null when unset.</summary>
    public string? Name { get; set; }

    public long CreatedAtMs { get; }
    public long LastInteractionMs { get; set; }

    /// <summary>Full name of the last command run, for CLIENT LIST's cmd field.</summary>
    public string LastCommand { get; set; } = "NULL";

    /// <summary>RESP version in use: 2 or 3 (HELLO).</summary>
    public int Protocol
    {
        get => Reply.Protocol;
        set => Reply.Protocol = value;
    }

    /// <summary>Set by QUIT and by errors that end the connection: the host closes it once the replies are written.</summary>
    public bool CloseAfterReply { get; set; }

    /// <summary>Channels this client subscribed to (byte strings compared by content).</summary>
    public HashSet<byte[]> Channels { get; } = new(ByteArrayComparer.Instance);

    /// <summary>Patterns this client subscribed to.</summary>
    public HashSet<byte[]> Patterns { get; } = new(ByteArrayComparer.Instance);

    /// <summary>Shard channels this client subscribed to (SSUBSCRIBE).</summary>
    public HashSet<byte[]> ShardChannels { get; } = new(ByteArrayComparer.Instance);

    /// <summary>All subscriptions; a RESP2 client with any is in subscribed mode (Redis's CLIENT_PUBSUB flag).</summary>
    public int SubscriptionCount => Channels.Count + Patterns.Count + ShardChannels.Count;

    /// <summary>
    /// Delivers an out-of-band message: written in place when this client is the one executing
    /// (so it precedes the reply of the command that caused it, as in Redis), queued otherwise.
    /// </summary>
    public void Deliver(byte[] message)
    {
        if (Server.Dispatcher.Current == this) Reply.WriteRaw(message);
        else Transport.Push(message);
    }
}
