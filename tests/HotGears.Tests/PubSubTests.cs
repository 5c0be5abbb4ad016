using System.Text;
using HotGears.Engine;
using FsCheck;
using FsCheck.Fluent;
using HotGears.Resp;

namespace HotGears.Tests;

public class PubSubTests
{
    private static string Raw(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static InProcessClient NewClient(TestServer t, int protocol = 2)
    {
        var client = new InProcessClient(t.Server);
        client.Session.Protocol = protocol;
        return client;
    }

    /// <summary>Each reply of a multi-reply command, as [kind, name, count] text.</summary>
    private static List<string> Confirmations(RespValue replies, RespType expectedType)
    {
        var list = replies.Type == RespType.Array && replies.Items!.All(i => i.Type == expectedType) ? replies.Items! : [replies];
        return list.Select(r =>
        {
            Assert.Equal(expectedType, r.Type);
            return $"{r.Items![0].Text} {(r.Items[1].IsNull ? "(nil)" : r.Items[1].Text)} {r.Items[2].Integer}";
        }).ToList();
    }

    [Fact]
    public void SubscribeConfirmsEachChannelWithTheRunningCount()
    {
        using var t = new TestServer();
        Assert.Equal(["subscribe a 1", "subscribe b 2", "subscribe a 2"], Confirmations(t.Run("SUBSCRIBE", "a", "b", "a"), RespType.Array));
        Assert.Equal(["psubscribe p* 3", "psubscribe p* 3"], Confirmations(t.Run("PSUBSCRIBE", "p*", "p*"), RespType.Array));
        // Shard channels count on their own.
        Assert.Equal(["ssubscribe s1 1", "ssubscribe s2 2"], Confirmations(t.Run("SSUBSCRIBE", "s1", "s2"), RespType.Array));
        Assert.Equal(["unsubscribe b 2", "unsubscribe zz 2"], Confirmations(t.Run("UNSUBSCRIBE", "b", "zz"), RespType.Array));
        Assert.Equal(["unsubscribe a 1"], Confirmations(t.Run("UNSUBSCRIBE"), RespType.Array));
        Assert.Equal(["punsubscribe p* 0"], Confirmations(t.Run("PUNSUBSCRIBE"), RespType.Array));
        Assert.Equal(["sunsubscribe s2 1"], Confirmations(t.Run("SUNSUBSCRIBE", "s2"), RespType.Array));
        Assert.Equal(["sunsubscribe s1 0"], Confirmations(t.Run("SUNSUBSCRIBE"), RespType.Array));
    }

    [Fact]
    public void UnsubscribingFromNothingStillConfirmsOnceWithNullName()
    {
        using var t = new TestServer();
        Assert.Equal(["unsubscribe (nil) 0"], Confirmations(t.Run("UNSUBSCRIBE"), RespType.Array));
        Assert.Equal(["punsubscribe (nil) 0"], Confirmations(t.Run("PUNSUBSCRIBE"), RespType.Array));
        Assert.Equal(["sunsubscribe (nil) 0"], Confirmations(t.Run("SUNSUBSCRIBE"), RespType.Array));
    }

    [Fact]
    public void Resp3ConfirmationsArePushes()
    {
        using var t = new TestServer();
        t.Client.Session.Protocol = 3;
        Assert.Equal(["subscribe a 1", "subscribe b 2"], Confirmations(t.Run("SUBSCRIBE", "a", "b"), RespType.Push));
        Assert.Equal(["unsubscribe x 2"], Confirmations(t.Run("UNSUBSCRIBE", "x"), RespType.Push));
        t.Run("UNSUBSCRIBE");
        var none = t.Run("UNSUBSCRIBE");
        Assert.Equal(RespType.Push, none.Type);
        Assert.True(none.Items![1].IsNull);
    }

    [Fact]
    public void PublishDeliversMessagesInEachSubscribersProtocol()
    {
        using var t = new TestServer();
        var resp2 = NewClient(t);
        var resp3 = NewClient(t, protocol: 3);
        resp2.Execute("SUBSCRIBE", "news");
        resp3.Execute("SUBSCRIBE", "news");

        Assert.Equal("2", t.Text("PUBLISH", "news", "hello"));
        Assert.Equal("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n", Raw(Assert.Single(resp2.Pushed)));
        Assert.Equal(">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n", Raw(Assert.Single(resp3.Pushed)));
        Assert.Equal("0", t.Text("PUBLISH", "other", "x"));
    }

    [Fact]
    public void EachProtocolFormIsBuiltOncePerPublish()
    {
        using var t = new TestServer();
        var subscribers = Enumerable.Range(0, 4).Select(i => NewClient(t, protocol: i % 2 == 0 ? 2 : 3)).ToList();
        foreach (var s in subscribers) s.Execute("SUBSCRIBE", "c");
        Assert.Equal("4", t.Text("PUBLISH", "c", "m"));
        Assert.Same(subscribers[0].Pushed[0], subscribers[2].Pushed[0]);
        Assert.Same(subscribers[1].Pushed[0], subscribers[3].Pushed[0]);
        Assert.NotSame(subscribers[0].Pushed[0], subscribers[1].Pushed[0]);
    }

    [Fact]
    public void PatternSubscribersGetPMessagesAndCountSeparately()
    {
        using var t = new TestServer();
        var subscriber = NewClient(t);
        subscriber.Execute("SUBSCRIBE", "news.tech");
        subscriber.Execute("PSUBSCRIBE", "news.*");
        subscriber.Execute("PSUBSCRIBE", "sports.*");

        // The channel and the pattern both deliver: two receivers, as in Redis.
        Assert.Equal("2", t.Text("PUBLISH", "news.tech", "chip"));
        Assert.Equal(
            ["*3\r\n$7\r\nmessage\r\n$9\r\nnews.tech\r\n$4\r\nchip\r\n", "*4\r\n$8\r\npmessage\r\n$6\r\nnews.*\r\n$9\r\nnews.tech\r\n$4\r\nchip\r\n"],
            subscriber.Pushed.Select(Raw));
    }

    [Fact]
    public void EmptyPatternMatchesOnlyTheEmptyChannel()
    {
        using var t = new TestServer();
        var subscriber = NewClient(t);
        subscriber.Execute("PSUBSCRIBE", "");
        Assert.Equal("0", t.Text("PUBLISH", "a", "m"));
        Assert.Equal("1", t.Text("PUBLISH", "", "m"));
        Assert.Equal("*4\r\n$8\r\npmessage\r\n$0\r\n\r\n$0\r\n\r\n$1\r\nm\r\n", Raw(Assert.Single(subscriber.Pushed)));
    }

    [Fact]
    public void BinaryChannelsAndMessagesAreDeliveredIntact()
    {
        using var t = new TestServer();
        var subscriber = NewClient(t);
        byte[] channel = [0, 0xFF, (byte)'\r', (byte)'\n'];
        byte[] message = [1, 2, 0, 3];
        subscriber.Execute("SUBSCRIBE"u8.ToArray(), channel);
        Assert.Equal(1, t.Client.Execute("PUBLISH"u8.ToArray(), channel, message).Integer);
        var pushed = RespValueReader.ReadAll(subscriber.Pushed[0]).Single();
        Assert.Equal(channel, pushed.Items![1].Bytes);
        Assert.Equal(message, pushed.Items[2].Bytes);
    }

    [Fact]
    public void Resp3PublishToItselfPrecedesTheReply()
    {
        using var t = new TestServer();
        t.Client.Session.Protocol = 3;
        t.Run("SUBSCRIBE", "a");
        var replies = t.Client.ExecuteRaw(InProcessClient.Encode("PUBLISH"u8.ToArray(), "a"u8.ToArray(), "self"u8.ToArray()));
        Assert.Equal(2, replies.Count);
        Assert.Equal(RespType.Push, replies[0].Type);
        Assert.Equal("self", replies[0].Items![2].Text);
        Assert.Equal(1, replies[1].Integer);
        Assert.Empty(t.Client.Pushed);
    }

    [Fact]
    public void Resp2SubscribedModeRefusesOtherCommandsButAnswersPing()
    {
        using var t = new TestServer();
        t.Run("SSUBSCRIBE", "s");
        Assert.Equal("ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
            t.Text("GET", "x"));
        var pong = t.Run("PING");
        Assert.Equal(["pong", ""], pong.Items!.Select(i => i.Text));
        t.Run("SUNSUBSCRIBE");
        Assert.Null(t.Text("GET", "x"));
        Assert.Equal("PONG", t.Text("PING"));
    }

    [Fact]
    public void Resp3SubscribersMayRunAnyCommand()
    {
        using var t = new TestServer();
        t.Client.Session.Protocol = 3;
        t.Run("SUBSCRIBE", "a");
        Assert.Equal("OK", t.Text("SET", "k", "v"));
        Assert.Equal("PONG", t.Text("PING"));
    }

    [Fact]
    public void ShardChannelsAreSeparateFromChannelsAndPatterns()
    {
        using var t = new TestServer();
        var subscriber = NewClient(t);
        subscriber.Execute("SSUBSCRIBE", "s1");
        subscriber.Execute("PSUBSCRIBE", "*");
        Assert.Equal("1", t.Text("SPUBLISH", "s1", "sm"));
        Assert.Equal("0", t.Text("SPUBLISH", "nobody", "sm"));
        Assert.Equal("*3\r\n$8\r\nsmessage\r\n$2\r\ns1\r\n$2\r\nsm\r\n", Raw(Assert.Single(subscriber.Pushed)));
        // PUBLISH on the same name reaches the pattern only.
        Assert.Equal("1", t.Text("PUBLISH", "s1", "m"));
        Assert.StartsWith("*4\r\n$8\r\npmessage", Raw(subscriber.Pushed[1]));
    }

    [Fact]
    public void PubSubIntrospection()
    {
        using var t = new TestServer();
        var one = NewClient(t);
        var two = NewClient(t);
        one.Execute("SUBSCRIBE", "a", "b");
        two.Execute("SUBSCRIBE", "a");
        one.Execute("PSUBSCRIBE", "x*", "y*");
        two.Execute("PSUBSCRIBE", "x*");
        two.Execute("SSUBSCRIBE", "s1", "s2");

        Assert.Equal(["a", "b"], t.Run("PUBSUB", "CHANNELS").Items!.Select(i => i.Text).Order());
        Assert.Equal(["b"], t.Run("PUBSUB", "channels", "b*").Items!.Select(i => i.Text));
        Assert.Equal("ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.", t.Text("PUBSUB", "CHANNELS", "b*", "x"));
        Assert.Equal(["a", "2", "b", "1", "zz", "0"], t.Run("PUBSUB", "NUMSUB", "a", "b", "zz").Items!.Select(i => i.ToString()));
        Assert.Empty(t.Run("PUBSUB", "NUMSUB").Items!);
        Assert.Equal("2", t.Text("PUBSUB", "NUMPAT"));
        Assert.Equal("ERR wrong number of arguments for 'pubsub|numpat' command", t.Text("PUBSUB", "NUMPAT", "x"));
        Assert.Equal(["s1", "s2"], t.Run("PUBSUB", "SHARDCHANNELS").Items!.Select(i => i.Text).Order());
        Assert.Equal(["s2"], t.Run("PUBSUB", "SHARDCHANNELS", "*2").Items!.Select(i => i.Text));
        Assert.Equal(["s1", "1", "a", "0"], t.Run("PUBSUB", "SHARDNUMSUB", "s1", "a").Items!.Select(i => i.ToString()));
        Assert.Equal("ERR unknown subcommand 'foo'. Try PUBSUB HELP.", t.Text("PUBSUB", "foo"));
        Assert.Equal("ERR wrong number of arguments for 'pubsub' command", t.Text("PUBSUB"));
    }

    [Fact]
    public void PubSubHelpListsTheSubcommands()
    {
        using var t = new TestServer();
        var lines = t.Run("pubsub", "help").Items!;
        Assert.Equal(14, lines.Count);
        Assert.All(lines, l => Assert.Equal(RespType.SimpleString, l.Type));
        Assert.Equal("PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", lines[0].Text);
        Assert.Equal("    Prints this help.", lines[^1].Text);
        Assert.Equal("ERR wrong number of arguments for 'pubsub|help' command", t.Text("PUBSUB", "HELP", "x"));
    }

    [Fact]
    public void RemoveSessionDropsEverySubscription()
    {
        using var t = new TestServer();
        var gone = NewClient(t);
        var stays = NewClient(t);
        gone.Execute("SUBSCRIBE", "a", "b");
        gone.Execute("PSUBSCRIBE", "*");
        gone.Execute("SSUBSCRIBE", "s");
        stays.Execute("SUBSCRIBE", "a");
        lock (t.Server.Lock) t.Server.PubSub.RemoveSession(gone.Session);

        Assert.Equal(0, gone.Session.SubscriptionCount);
        Assert.Equal(["a"], t.Run("PUBSUB", "CHANNELS").Items!.Select(i => i.Text));
        Assert.Equal("0", t.Text("PUBSUB", "NUMPAT"));
        Assert.Empty(t.Run("PUBSUB", "SHARDCHANNELS").Items!);
        Assert.Equal("1", t.Text("PUBLISH", "a", "m"));
        Assert.Empty(gone.Pushed);
    }

    [Fact]
    public void ChannelsDisappearWithTheirLastSubscriber()
    {
        using var t = new TestServer();
        var one = NewClient(t);
        var two = NewClient(t);
        one.Execute("SUBSCRIBE", "a");
        two.Execute("SUBSCRIBE", "a");
        one.Execute("UNSUBSCRIBE", "a");
        Assert.Equal(["a", "1"], t.Run("PUBSUB", "NUMSUB", "a").Items!.Select(i => i.ToString()));
        two.Execute("UNSUBSCRIBE");
        Assert.Empty(t.Run("PUBSUB", "CHANNELS").Items!);
        Assert.Equal(0, t.Server.PubSub.Channels.Count);
    }

    [Fact]
    public void PublishingToNobodyAllocatesNothing()
    {
        using var t = new TestServer();
        NewClient(t).Execute("SUBSCRIBE", "other");
        NewClient(t).Execute("PSUBSCRIBE", "x*");
        var hub = t.Server.PubSub;
        lock (t.Server.Lock)
        {
            hub.Publish("warmup"u8, "m"u8);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++) hub.Publish("channel"u8, "message"u8);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void SubscriptionModelMatchesAReferenceModel()
    {
        // Random subscribe/unsubscribe sequences: the reply counts, NUMSUB and PUBLISH's receiver
        // counts must agree with a plain set-based model of who is subscribed to what.
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 29)).ToArbitrary(), (List<int> ops) =>
        {
            using var t = new TestServer();
            var clients = new[] { NewClient(t), NewClient(t), NewClient(t) };
            var model = clients.Select(_ => new HashSet<string>()).ToArray();
            string[] channels = ["a", "b", "c", "d", "e"];
            foreach (int op in ops)
            {
                int who = op % 3, what = op / 3 % 5;
                bool subscribe = op / 15 == 0;
                var reply = clients[who].Execute(subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE", channels[what]);
                if (subscribe) model[who].Add(channels[what]);
                else model[who].Remove(channels[what]);
                if (reply.Items![2].Integer != model[who].Count) return false;
            }
            foreach (var channel in channels)
            {
                int expected = model.Count(m => m.Contains(channel));
                if (t.Run("PUBSUB", "NUMSUB", channel).Items![1].Integer != expected) return false;
                if (t.Run("PUBLISH", channel, "m").Integer != expected) return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
