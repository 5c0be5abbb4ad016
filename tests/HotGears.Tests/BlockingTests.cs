using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Tests;

/// <summary>Blocking list commands with in-process clients: one blocks, another feeds it.</summary>
public class BlockingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static string?[] Texts(RespValue reply) => reply.Items!.Select(i => i.Text).ToArray();

    /// <summary>An in-process client listed among the server's clients, as a connection is (CLIENT UNBLOCK finds it).</summary>
    private static InProcessClient ListedClient(TestServer t)
    {
        var client = new InProcessClient(t.Server);
        t.Server.Clients.Add(client.Session);
        return client;
    }

    private static int BlockedCount(TestServer t)
    {
        lock (t.Server.Lock) return t.Server.Blocking.BlockedCount;
    }

    [Fact]
    public async Task PushWakesTheBlockedClient()
    {
        using var t = new TestServer();
        var waiter = new InProcessClient(t.Server);
        var pop = waiter.ExecuteAsync("BLPOP", "k", "0");
        Assert.False(pop.IsCompleted);
        Assert.True(waiter.Session.IsBlocked);
        Assert.Equal(1, BlockedCount(t));
        Assert.Equal("2", t.Text("RPUSH", "k", "a", "b"));
        Assert.Equal(["k", "a"], Texts(await pop.WaitAsync(Patience)));
        Assert.Equal(["b"], t.Texts("LRANGE", "k", "0", "-1"));
        Assert.Equal(0, BlockedCount(t));
        Assert.False(waiter.Session.IsBlocked);
    }

    [Fact]
    public async Task ClientsAreServedInTheOrderTheyBlocked()
    {
        using var t = new TestServer();
        var first = new InProcessClient(t.Server);
        var second = new InProcessClient(t.Server);
        var third = new InProcessClient(t.Server);
        var one = first.ExecuteAsync("BRPOP", "k", "0");
        var two = second.ExecuteAsync("BLPOP", "other", "k", "0");
        var three = third.ExecuteAsync("BLPOP", "k", "0");
        t.Run("RPUSH", "k", "a", "b");
        Assert.Equal(["k", "b"], Texts(await one.WaitAsync(Patience)));
        Assert.Equal(["k", "a"], Texts(await two.WaitAsync(Patience)));
        Assert.False(three.IsCompleted);
        Assert.Equal("0", t.Text("EXISTS", "k"));
        t.Run("LPUSH", "k", "c");
        Assert.Equal(["k", "c"], Texts(await three.WaitAsync(Patience)));
    }

    [Fact]
    public async Task ServedFromTheKeyThatGotElementsAndForgottenOnTheOthers()
    {
        using var t = new TestServer();
        var waiter = new InProcessClient(t.Server);
        var pop = waiter.ExecuteAsync("BLMPOP", "0", "3", "a", "b", "b", "RIGHT", "COUNT", "2");
        t.Run("RPUSH", "b", "1", "2", "3");
        var reply = await pop.WaitAsync(Patience);
        Assert.Equal("b", reply.Items![0].Text);
        Assert.Equal(["3", "2"], Texts(reply.Items[1]));
        t.Run("RPUSH", "a", "x");
        Assert.Equal(["x"], t.Texts("LRANGE", "a", "0", "-1"));
    }

    [Fact]
    public async Task TimeoutRepliesNull()
    {
        using var t = new TestServer();
        var waiter = new InProcessClient(t.Server);
        var started = DateTime.UtcNow;
        var reply = await waiter.ExecuteAsync("BLPOP", "k", "0.1").WaitAsync(Patience);
        Assert.True(reply.IsNull);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(90));
        Assert.True((await waiter.ExecuteAsync("BRPOPLPUSH", "k", "d", "0.01").WaitAsync(Patience)).IsNull);
        Assert.Equal(0, BlockedCount(t));
    }

    [Fact]
    public void TimeoutRepliesAreNullArraysEvenForBLMove()
    {
        using var t = new TestServer();
        Assert.Equal("*-1\r\n", t.RawReply(2, "BLMOVE", "k", "d", "LEFT", "LEFT", "0.01"));
        Assert.Equal("*-1\r\n", t.RawReply(2, "BRPOPLPUSH", "k", "d", "0.01"));
        Assert.Equal("*-1\r\n", t.RawReply(2, "BLMPOP", "0.01", "1", "k", "LEFT"));
        Assert.Equal("_\r\n", t.RawReply(3, "BLPOP", "k", "0.01"));
    }

    [Fact]
    public void TimeoutArgumentErrors()
    {
        using var t = new TestServer();
        Assert.Equal("ERR timeout is negative", t.Text("BLPOP", "k", "-1"));
        Assert.Equal("ERR timeout is negative", t.Text("BLPOP", "k", "1e30"));
        Assert.Equal("ERR timeout is negative", t.Text("BLPOP", "k", "inf"));
        Assert.Equal("ERR timeout is negative", t.Text("BRPOPLPUSH", "k", "d", "9223372036854775807"));
        Assert.Equal("ERR timeout is not a float or out of range", t.Text("BLPOP", "k", "abc"));
        Assert.Equal("ERR timeout is not a float or out of range", t.Text("BLPOP", "k", "nan"));
        Assert.Equal("ERR timeout is not a float or out of range", t.Text("BLPOP", "k", " 1"));
        Assert.Equal("ERR timeout is not a float or out of range", t.Text("BLMPOP", "x", "1", "k", "LEFT"));
        Assert.Equal("ERR numkeys should be greater than 0", t.Text("BLMPOP", "x", "0", "k", "LEFT"));
        Assert.Equal("ERR syntax error", t.Text("BLMOVE", "k", "d", "UP", "LEFT", "x"));
        Assert.Equal(0, BlockedCount(t));
    }

    [Fact]
    public async Task TinyAndNegativeZeroTimeouts()
    {
        using var t = new TestServer();
        var waiter = ListedClient(t);
        Assert.True((await waiter.ExecuteAsync("BLPOP", "k", "1e-10").WaitAsync(Patience)).IsNull);
        var forever = waiter.ExecuteAsync("BLPOP", "k", "-0.0001"); // rounds up to 0: no timeout
        await Task.Delay(50);
        Assert.False(forever.IsCompleted);
        Assert.Equal("1", t.Text("CLIENT", "UNBLOCK", waiter.Session.Id.ToString()));
        Assert.True((await forever.WaitAsync(Patience)).IsNull);
    }

    [Fact]
    public async Task ClientUnblock()
    {
        using var t = new TestServer();
        var waiter = ListedClient(t);
        string id = waiter.Session.Id.ToString();
        Assert.Equal("0", t.Text("CLIENT", "UNBLOCK", id));
        var pop = waiter.ExecuteAsync("BLPOP", "k", "0");
        Assert.Equal("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR", t.Text("CLIENT", "UNBLOCK", id, "FOO"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("CLIENT", "UNBLOCK", "x"));
        Assert.Equal("ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.",
            t.Text("CLIENT", "UNBLOCK", id, "ERROR", "x"));
        Assert.Equal("1", t.Text("CLIENT", "UNBLOCK", id, "error"));
        var reply = await pop.WaitAsync(Patience);
        Assert.Equal(RespType.Error, reply.Type);
        Assert.Equal("UNBLOCKED client unblocked via CLIENT UNBLOCK", reply.Text);

        pop = waiter.ExecuteAsync("BLMOVE", "k", "d", "LEFT", "LEFT", "0");
        Assert.Equal("1", t.Text("CLIENT", "UNBLOCK", id, "TIMEOUT"));
        Assert.True((await pop.WaitAsync(Patience)).IsNull);
        Assert.Equal("0", t.Text("CLIENT", "UNBLOCK", id));
        Assert.Equal(0, BlockedCount(t));
    }

    [Fact]
    public async Task BLMoveServedPushesToTheDestinationWithRedisEvents()
    {
        using var t = new TestServer();
        var waiter = new InProcessClient(t.Server);
        var move = waiter.ExecuteAsync("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
        var events = new KeyspaceEventRecorder(t.Server, ignoreKeyMiss: true);
        t.Run("RPUSH", "src", "x");
        Assert.Equal("x", (await move.WaitAsync(Patience)).Text);
        Assert.Equal(["new src@0", "rpush src@0", "new dst@0", "lpush dst@0", "rpop src@0", "del src@0"], events.Take());
        Assert.Equal(["x"], t.Texts("LRANGE", "dst", "0", "-1"));
    }

    [Fact]
    public async Task ChainedMovesServeEachOther()
    {
        using var t = new TestServer();
        var mover = new InProcessClient(t.Server);
        var popper = new InProcessClient(t.Server);
        var move = mover.ExecuteAsync("BRPOPLPUSH", "a", "b", "0");
        var pop = popper.ExecuteAsync("BLPOP", "b", "0");
        t.Run("RPUSH", "a", "x");
        Assert.Equal("x", (await move.WaitAsync(Patience)).Text);
        Assert.Equal(["b", "x"], Texts(await pop.WaitAsync(Patience)));
        Assert.Equal("0", t.Text("EXISTS", "a"));
        Assert.Equal("0", t.Text("EXISTS", "b"));
    }

    [Fact]
    public async Task DestinationOfAnotherTypeGetsTheServedClientAnError()
    {
        using var t = new TestServer();
        var waiter = new InProcessClient(t.Server);
        var move = waiter.ExecuteAsync("BLMOVE", "src", "dst", "LEFT", "LEFT", "0");
        t.Run("SET", "dst", "string");
        t.Run("RPUSH", "src", "x");
        var reply = await move.WaitAsync(Patience);
        Assert.Equal("WRONGTYPE Operation against a key holding the wrong kind of value", reply.Text);
        Assert.Equal(["x"], t.Texts("LRANGE", "src", "0", "-1"));
    }

    [Fact]
    public async Task KeyOfAnotherTypeLeavesTheClientBlocked()
    {
        using var t = new TestServer();
        var waiter = new InProcessClient(t.Server);
        var pop = waiter.ExecuteAsync("BLPOP", "k", "0");
        t.Run("SET", "k", "string");
        Assert.False(pop.IsCompleted);
        t.Run("DEL", "k");
        t.Run("RPUSH", "tmp", "x");
        t.Run("RENAME", "tmp", "k"); // any way a list key appears wakes it
        Assert.Equal(["k", "x"], Texts(await pop.WaitAsync(Patience)));
    }

    [Fact]
    public async Task SwapDbWakesClientsOfBothDatabases()
    {
        using var t = new TestServer();
        var waiter = new InProcessClient(t.Server);
        var pop = waiter.ExecuteAsync("BLPOP", "k", "0");
        t.Run("SELECT", "1");
        t.Run("RPUSH", "k", "x");
        Assert.False(pop.IsCompleted);
        t.Run("SWAPDB", "0", "1");
        Assert.Equal(["k", "x"], Texts(await pop.WaitAsync(Patience)));
    }

    [Fact]
    public async Task PipelinedRequestsWaitForTheBlockedOne()
    {
        using var t = new TestServer();
        var waiter = new InProcessClient(t.Server);
        var requests = InProcessClient.Encode("BLPOP"u8.ToArray(), "k"u8.ToArray(), "0"u8.ToArray())
            .Concat(InProcessClient.Encode("LLEN"u8.ToArray(), "k"u8.ToArray())).ToArray();
        var replies = waiter.ExecuteRawAsync(requests);
        Assert.False(replies.IsCompleted);
        t.Run("RPUSH", "k", "a", "b");
        var all = await replies.WaitAsync(Patience);
        Assert.Equal(["k", "a"], Texts(all[0]));
        Assert.Equal(1, all[1].Integer);
    }

    [Fact]
    public void ClientThatMayNotBlockGetsTheTimeoutReplyAtOnce()
    {
        using var t = new TestServer();
        Assert.Equal("*-1\r\n", t.RawReply(2, canBlock: false, "BLPOP", "k", "0"));
        Assert.Equal("*-1\r\n", t.RawReply(2, canBlock: false, "BLMPOP", "0", "1", "k", "LEFT"));
        Assert.Equal("$-1\r\n", t.RawReply(2, canBlock: false, "BLMOVE", "k", "d", "LEFT", "LEFT", "0")); // unlike its timeout
        Assert.Equal("$-1\r\n", t.RawReply(2, canBlock: false, "BRPOPLPUSH", "k", "d", "0"));
        Assert.Equal(0, BlockedCount(t));
    }

    [Fact]
    public async Task ForgottenWhenTheClientGoesAway()
    {
        using var t = new TestServer();
        var waiter = new InProcessClient(t.Server);
        var pop = waiter.ExecuteAsync("BLPOP", "k", "0");
        lock (t.Server.Lock) t.Server.Blocking.Remove(waiter.Session);
        Assert.Equal(0, BlockedCount(t));
        t.Run("RPUSH", "k", "x");
        Assert.Equal("1", t.Text("LLEN", "k"));
        Assert.Empty((await pop.WaitAsync(Patience)).Items!); // woken without a reply: its connection is going away
    }
}
