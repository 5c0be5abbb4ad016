namespace HotGears.Engine.PubSub;

/// <summary>
/// Channels, patterns and shard channels with their subscribers (pubsub.c); delivers published
/// messages. Used under the keyspace lock, like everything a command touches.
/// </summary>
public sealed class PubSubHub
{
    public SubscriptionMap Channels { get; } = new(s => s.Channels);
    public SubscriptionMap Patterns { get; } = new(s => s.Patterns);

    /// <summary>SSUBSCRIBE's channels: on a single node, channels that patterns never see.</summary>
    public SubscriptionMap ShardChannels { get; } = new(s => s.ShardChannels);

    /// <summary>
    /// Delivers <paramref name="message"/> to the subscribers of <paramref name="channel"/>, then to
    /// those of every matching pattern; returns how many deliveries were made (a client subscribed
    /// to the channel and to a matching pattern counts twice, as in Redis). Allocates nothing when
    /// nobody receives the message.
    /// </summary>
    public int Publish(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message)
    {
        int receivers = 0;
        if (Channels.SubscribersOf(channel) is { } subscribers)
            receivers += new PushMessage("message"u8, channel, message).SendTo(subscribers);
        foreach (var (pattern, patternSubscribers) in Patterns.ByName)
        {
            if (Glob.Match(pattern, channel))
                receivers += new PushMessage("pmessage"u8, pattern, channel, message).SendTo(patternSubscribers);
        }
        return receivers;
    }

    /// <summary>SPUBLISH: delivers to the subscribers of a shard channel only.</summary>
    public int PublishToShard(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message) =>
        ShardChannels.SubscribersOf(channel) is { } subscribers
            ? new PushMessage("smessage"u8, channel, message).SendTo(subscribers)
            : 0;

    /// <summary>Drops every subscription of a client, silently (a client that disconnects, RESET).</summary>
    public void RemoveSession(Session session)
    {
        Channels.RemoveAll(session);
        Patterns.RemoveAll(session);
        ShardChannels.RemoveAll(session);
    }
}
