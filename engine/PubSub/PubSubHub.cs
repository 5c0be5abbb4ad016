namespace HotGears.Engine.PubSub;

/// <summary>Channels and patterns with their subscribers; delivers published messages.</summary>
public sealed class PubSubHub(Server server)
{
    /// <summary>Delivers <paramref name="message"/> to the subscribers of <paramref name="channel"/>; returns how many received it.</summary>
    public int Publish(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message)
    {
        _ = server;
        return 0;
    }

    /// <summary>Drops every subscription of a client that disconnects.</summary>
    public void RemoveSession(Session session)
    {
        session.Channels.Clear();
        session.Patterns.Clear();
    }
}
