using HotGears.Engine.PubSub;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// Pub/Sub commands (pubsub.c) on a single, non-cluster node: shard channels (SSUBSCRIBE,
/// SPUBLISH) are a namespace of their own that patterns never match.
/// </summary>
internal static class PubSubCommands
{
    private static readonly string[] PubSubHelp =
    [
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
    ];

    [Command("SUBSCRIBE", -2, Flags = "pubsub noscript loading stale", Group = "pubsub", Since = "2.0.0",
        Summary = "Listens for messages published to channels.", Complexity = "O(N) where N is the number of channels to subscribe to.",
        Syntax = "channel [channel ...]")]
    public static void Subscribe(Session session, CommandArgs args) =>
        SubscribeEach(session, args, session.Server.PubSub.Channels, "subscribe"u8);

    [Command("UNSUBSCRIBE", -1, Flags = "pubsub noscript loading stale", Group = "pubsub", Since = "2.0.0",
        Summary = "Stops listening to messages posted to channels.", Complexity = "O(N) where N is the number of clients already subscribed to a channel.",
        Syntax = "[channel [channel ...]]")]
    public static void Unsubscribe(Session session, CommandArgs args) =>
        UnsubscribeEach(session, args, session.Server.PubSub.Channels, "unsubscribe"u8);

    [Command("PSUBSCRIBE", -2, Flags = "pubsub noscript loading stale", Group = "pubsub", Since = "2.0.0",
        Summary = "Listens for messages published to channels that match one or more patterns.",
        Complexity = "O(N) where N is the number of patterns the client is already subscribed to.",
        Syntax = "pattern [pattern ...]")]
    public static void PSubscribe(Session session, CommandArgs args) =>
        SubscribeEach(session, args, session.Server.PubSub.Patterns, "psubscribe"u8);

    [Command("PUNSUBSCRIBE", -1, Flags = "pubsub noscript loading stale", Group = "pubsub", Since = "2.0.0",
        Summary = "Stops listening to messages published to channels that match one or more patterns.",
        Complexity = "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).",
        Syntax = "[pattern [pattern ...]]")]
    public static void PUnsubscribe(Session session, CommandArgs args) =>
        UnsubscribeEach(session, args, session.Server.PubSub.Patterns, "punsubscribe"u8);

    [Command("SSUBSCRIBE", -2, Flags = "pubsub noscript loading stale", FirstKey = 1, LastKey = -1, Step = 1, Group = "pubsub", Since = "7.0.0",
        Summary = "Listens for messages published to shard channels.", Complexity = "O(N) where N is the number of shard channels to subscribe to.",
        Syntax = "shardchannel [shardchannel ...]")]
    public static void SSubscribe(Session session, CommandArgs args)
    {
        // Redis refuses it to clients that expect one reply per command, which includes EXEC's
        // (SUBSCRIBE and PSUBSCRIBE are let through there).
        if (session.InTransaction)
        {
            session.Reply.WriteError("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client"u8);
            return;
        }
        SubscribeEach(session, args, session.Server.PubSub.ShardChannels, "ssubscribe"u8);
    }

    [Command("SUNSUBSCRIBE", -1, Flags = "pubsub noscript loading stale", FirstKey = 1, LastKey = -1, Step = 1, Group = "pubsub", Since = "7.0.0",
        Summary = "Stops listening to messages posted to shard channels.",
        Complexity = "O(N) where N is the number of clients already subscribed to a shard channel.",
        Syntax = "[shardchannel [shardchannel ...]]")]
    public static void SUnsubscribe(Session session, CommandArgs args) =>
        UnsubscribeEach(session, args, session.Server.PubSub.ShardChannels, "sunsubscribe"u8);

    [Command("PUBLISH", 3, Flags = "pubsub loading stale fast may_replicate", Group = "pubsub", Since = "2.0.0", Summary = "Posts a message to a channel.",
        Complexity = "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).",
        Syntax = "channel message")]
    public static void Publish(Session session, CommandArgs args) =>
        session.Reply.WriteInteger(session.Server.PubSub.Publish(args[1], args[2]));

    [Command("SPUBLISH", 3, Flags = "pubsub loading stale fast may_replicate", FirstKey = 1, LastKey = 1, Step = 1, Group = "pubsub", Since = "7.0.0",
        Summary = "Post a message to a shard channel", Complexity = "O(N) where N is the number of clients subscribed to the receiving shard channel.",
        Syntax = "shardchannel message")]
    public static void SPublish(Session session, CommandArgs args) =>
        session.Reply.WriteInteger(session.Server.PubSub.PublishToShard(args[1], args[2]));

    [Command("PUBSUB|CHANNELS", -2, Flags = "pubsub loading stale", Group = "pubsub", Since = "2.8.0", Summary = "Returns the active channels.",
        Complexity = "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)",
        Syntax = "[pattern]")]
    public static void PubSubChannels(Session session, CommandArgs args) =>
        ListActive(session, args, session.Server.PubSub.Channels);

    [Command("PUBSUB|NUMSUB", -2, Flags = "pubsub loading stale", Group = "pubsub", Since = "2.8.0", Summary = "Returns a count of subscribers to channels.",
        Complexity = "O(N) for the NUMSUB subcommand, where N is the number of requested channels",
        Syntax = "[channel [channel ...]]")]
    public static void PubSubNumSub(Session session, CommandArgs args) =>
        CountSubscribers(session, args, session.Server.PubSub.Channels);

    [Command("PUBSUB|NUMPAT", 2, Flags = "pubsub loading stale", Group = "pubsub", Since = "2.8.0",
        Summary = "Returns a count of unique pattern subscriptions.", Complexity = "O(1)")]
    public static void PubSubNumPat(Session session, CommandArgs args) =>
        session.Reply.WriteInteger(session.Server.PubSub.Patterns.Count);

    [Command("PUBSUB|SHARDCHANNELS", -2, Flags = "pubsub loading stale", Group = "pubsub", Since = "7.0.0", Summary = "Returns the active shard channels.",
        Complexity = "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).",
        Syntax = "[pattern]")]
    public static void PubSubShardChannels(Session session, CommandArgs args) =>
        ListActive(session, args, session.Server.PubSub.ShardChannels);

    [Command("PUBSUB|SHARDNUMSUB", -2, Flags = "pubsub loading stale", Group = "pubsub", Since = "7.0.0",
        Summary = "Returns the count of subscribers of shard channels.",
        Complexity = "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels",
        Syntax = "[shardchannel [shardchannel ...]]")]
    public static void PubSubShardNumSub(Session session, CommandArgs args) =>
        CountSubscribers(session, args, session.Server.PubSub.ShardChannels);

    [Command("PUBSUB|HELP", 2, Flags = "loading stale", Group = "pubsub", Since = "6.2.0",
        Summary = "Returns helpful text about the different subcommands.", Complexity = "O(1)")]
    public static void PubSubHelpCommand(Session session, CommandArgs args) => HelpReply.Write(session, args, PubSubHelp);

    private static void SubscribeEach(Session session, CommandArgs args, SubscriptionMap map, ReadOnlySpan<byte> kind)
    {
        for (int i = 1; i < args.Count; i++)
        {
            map.Add(session, args[i]);
            WriteConfirmation(session, map, kind, args[i], hasName: true);
        }
    }

    /// <summary>Unsubscribes from the named channels, or from all of them; with none to leave, still confirms once.</summary>
    private static void UnsubscribeEach(Session session, CommandArgs args, SubscriptionMap map, ReadOnlySpan<byte> kind)
    {
        if (args.Count > 1)
        {
            for (int i = 1; i < args.Count; i++)
            {
                map.Remove(session, args[i]);
                WriteConfirmation(session, map, kind, args[i], hasName: true);
            }
            return;
        }
        var names = map.NamesOf(session);
        if (names.Count == 0)
        {
            WriteConfirmation(session, map, kind, default, hasName: false);
            return;
        }
        foreach (var name in names.ToArray())
        {
            map.Remove(session, name);
            WriteConfirmation(session, map, kind, name, hasName: true);
        }
    }

    /// <summary>
    /// [kind, name, count] (a push in RESP3). The count is the client's channels plus patterns, or
    /// its shard channels for the shard commands, as in Redis.
    /// </summary>
    private static void WriteConfirmation(Session session, SubscriptionMap map, ReadOnlySpan<byte> kind, ReadOnlySpan<byte> name, bool hasName)
    {
        var reply = session.Reply;
        using var push = reply.BeginPush(); // sent even under CLIENT REPLY OFF, as Redis's CLIENT_PUSHING
        reply.WritePushHeader(3);
        reply.WriteBulk(kind);
        if (hasName) reply.WriteBulk(name);
        else reply.WriteNull();
        bool shard = map == session.Server.PubSub.ShardChannels;
        reply.WriteInteger(shard ? session.ShardChannels.Count : session.Channels.Count + session.Patterns.Count);
    }

    /// <summary>PUBSUB CHANNELS / SHARDCHANNELS [pattern]: the names with subscribers, in no particular order.</summary>
    private static void ListActive(Session session, CommandArgs args, SubscriptionMap map)
    {
        if (args.Count > 3)
        {
            session.Reply.WriteError(Errors.SubcommandSyntax(args));
            return;
        }
        var matching = new List<byte[]>();
        foreach (var name in map.ByName.Keys)
        {
            if (args.Count == 2 || Glob.Match(args[2], name)) matching.Add(name);
        }
        session.Reply.WriteArrayHeader(matching.Count);
        foreach (var name in matching) session.Reply.WriteBulk(name);
    }

    /// <summary>PUBSUB NUMSUB / SHARDNUMSUB: a flat array of name, subscriber count (pattern subscribers excluded).</summary>
    private static void CountSubscribers(Session session, CommandArgs args, SubscriptionMap map)
    {
        var reply = session.Reply;
        reply.WriteArrayHeader((args.Count - 2) * 2);
        for (int i = 2; i < args.Count; i++)
        {
            reply.WriteBulk(args[i]);
            reply.WriteInteger(map.SubscriberCount(args[i]));
        }
    }
}
