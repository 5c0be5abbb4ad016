using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Tests;

/// <summary>BZPOPMIN, BZPOPMAX, BZMPOP, and blocked XREADGROUP clients losing their stream.</summary>
public class BlockingSortedSetTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static string?[] Texts(RespValue reply) => reply.Items!.Select(i => i.Text).ToArray();

    [Fact]
    public void PopsAtOnceWhenASetHasMembers()
    {
        using var t = new TestServer();
        t.Run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        Assert.Equal(["z", "a", "1"], t.Texts("BZPOPMIN", "none", "z", "0"));
        Assert.Equal(["z", "c", "3"], t.Texts("BZPOPMAX", "z", "0"));
        var reply = t.Run("BZMPOP", "0", "2", "none", "z", "MAX", "COUNT", "5");
        Assert.Equal("z", reply.Items![0].Text);
        Assert.Equal(["b", "2"], Texts(reply.Items[1].Items![0]));
        Assert.Equal("0", t.Text("EXISTS", "z"));
    }

    [Fact]
    public async Task ZAddWakesBlockedClientsInOrder()
    {
        using var t = new TestServer();
        var first = new InProcessClient(t.Server);
        var second = new InProcessClient(t.Server);
        var min = first.ExecuteAsync("BZPOPMIN", "z", "0");
        var max = second.ExecuteAsync("BZMPOP", "0", "1", "z", "MAX", "COUNT", "10");
        Assert.False(min.IsCompleted);
        t.Run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        Assert.Equal(["z", "a", "1"], Texts(await min.WaitAsync(Patience)));
        var popped = await max.WaitAsync(Patience);
        Assert.Equal(["c", "3"], Texts(popped.Items![1].Items![0]));
        Assert.Equal(["b", "2"], Texts(popped.Items[1].Items![1]));
        Assert.Equal("0", t.Text("EXISTS", "z"));
    }

    [Fact]
    public void TimeoutsAndMultiReplyNullArrays()
    {
        using var t = new TestServer();
        Assert.Equal("*-1\r\n", t.RawReply(2, "BZPOPMIN", "z", "0.01"));
        Assert.Equal("*-1\r\n", t.RawReply(2, "BZMPOP", "0.01", "1", "z", "MIN"));
        Assert.Equal("_\r\n", t.RawReply(3, "BZPOPMAX", "z", "0.01"));
        t.Run("MULTI");
        t.Run("BZPOPMIN", "z", "0");
        Assert.True(t.Run("EXEC").Items![0].IsNull);
    }

    [Fact]
    public void ArgumentErrors()
    {
        using var t = new TestServer();
        t.Run("SET", "s", "x");
        Assert.Equal("WRONGTYPE Operation against a key holding the wrong kind of value", t.Text("BZPOPMIN", "s", "0"));
        Assert.Equal("ERR timeout is negative", t.Text("BZPOPMIN", "z", "-1"));
        Assert.Equal("ERR timeout is not a float or out of range", t.Text("BZPOPMAX", "z", "x"));
        Assert.Equal("ERR numkeys should be greater than 0", t.Text("BZMPOP", "0", "0", "z", "MIN"));
        Assert.Equal("ERR syntax error", t.Text("BZMPOP", "0", "1", "z", "UP"));
        Assert.Equal("ERR count should be greater than 0", t.Text("BZMPOP", "0", "1", "z", "MIN", "COUNT", "0"));
        // The keys and options are checked before the timeout, as Redis does.
        Assert.Equal("ERR syntax error", t.Text("BZMPOP", "x", "1", "z", "UP"));
    }

    [Fact]
    public void Resp3ScoresAreDoubles()
    {
        using var t = new TestServer();
        t.Run("ZADD", "z", "1.5", "a");
        Assert.Equal("*3\r\n$1\r\nz\r\n$1\r\na\r\n,1.5\r\n", t.RawReply(3, "BZPOPMIN", "z", "0"));
    }

    [Fact]
    public async Task XReadGroupClientIsToldWhenItsStreamIsDeleted()
    {
        using var t = new TestServer();
        t.Run("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        var reader = new InProcessClient(t.Server);
        var read = reader.ExecuteAsync("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
        Assert.False(read.IsCompleted);
        t.Run("DEL", "s");
        Assert.Equal("UNBLOCKED the stream key no longer exists", (await read.WaitAsync(Patience)).Text);
    }

    [Fact]
    public async Task XReadGroupClientIsToldWhenItsStreamBecomesAnotherType()
    {
        using var t = new TestServer();
        t.Run("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        var reader = new InProcessClient(t.Server);
        var read = reader.ExecuteAsync("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
        t.Run("SET", "s", "now a string");
        Assert.Equal("UNBLOCKED the stream key no longer exists", (await read.WaitAsync(Patience)).Text);
    }

    [Fact]
    public async Task XGroupDestroyAnswersNoGroup()
    {
        using var t = new TestServer();
        t.Run("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        var reader = new InProcessClient(t.Server);
        var read = reader.ExecuteAsync("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
        t.Run("XGROUP", "DESTROY", "s", "g");
        Assert.StartsWith("NOGROUP", (await read.WaitAsync(Patience)).Text);
    }

    [Fact]
    public async Task PlainXReadKeepsWaitingThroughADelete()
    {
        using var t = new TestServer();
        t.Run("XADD", "s", "1-0", "f", "v");
        var reader = new InProcessClient(t.Server);
        var read = reader.ExecuteAsync("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
        t.Run("DEL", "s");
        await Task.Delay(50);
        Assert.False(read.IsCompleted);
        t.Run("XADD", "s", "2-0", "f", "v");
        Assert.Equal("s", (await read.WaitAsync(Patience)).Items![0].Items![0].Text);
    }
}
