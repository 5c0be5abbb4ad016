using HotGears.Resp;

namespace HotGears.Tests;

public class SlowLogCommandTests
{
    private static TestServer LoggingEverything()
    {
        var t = new TestServer();
        t.Run("CONFIG", "SET", "slowlog-log-slower-than", "0");
        t.Run("SLOWLOG", "RESET");
        return t;
    }

    private static List<string> Args(RespValue entry) => entry.Items![3].Items!.Select(a => a.Text!).ToList();

    [Fact]
    public void EntriesHaveSixFieldsNewestFirst()
    {
        using var t = LoggingEverything();
        t.Run("CLIENT", "SETNAME", "slowpoke");
        t.Run("SET", "a", "b");
        var entries = t.Run("SLOWLOG", "GET").Items!;
        var newest = entries[0].Items!;
        Assert.Equal(6, newest.Count);
        Assert.Equal(RespType.Integer, newest[0].Type);
        Assert.InRange(newest[1].Integer, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 10, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 10);
        Assert.True(newest[2].Integer >= 0);
        Assert.Equal(["SET", "a", "b"], Args(entries[0]));
        Assert.Equal("in-process:0", newest[4].Text);
        Assert.Equal("slowpoke", newest[5].Text);
        Assert.True(entries[0].Items![0].Integer > entries[1].Items![0].Integer);
    }

    [Fact]
    public void ResetIsItselfLogged()
    {
        using var t = LoggingEverything();
        Assert.Equal("OK", t.Text("SLOWLOG", "RESET"));
        Assert.Equal(1, t.Run("SLOWLOG", "LEN").Integer);
        Assert.Equal([["SLOWLOG", "LEN"], ["SLOWLOG", "RESET"]], t.Run("SLOWLOG", "GET").Items!.Select(Args));
    }

    [Fact]
    public void GetCount()
    {
        using var t = LoggingEverything();
        for (int i = 0; i < 15; i++) t.Run("PING");
        Assert.Equal(10, t.Run("SLOWLOG", "GET").Items!.Count);
        Assert.Equal(3, t.Run("SLOWLOG", "GET", "3").Items!.Count);
        Assert.Empty(t.Run("SLOWLOG", "GET", "0").Items!);
        Assert.True(t.Run("SLOWLOG", "GET", "-1").Items!.Count >= 15);
        Assert.Equal("ERR count should be greater than or equal to -1", t.Text("SLOWLOG", "GET", "-2"));
        Assert.Equal("ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP.", t.Text("SLOWLOG", "get", "1", "2"));
    }

    [Fact]
    public void LongArgumentsAndArgumentListsAreShortened()
    {
        using var t = LoggingEverything();
        t.Run("ECHO", new string('x', 200));
        t.Run(["MGET", .. Enumerable.Range(0, 40).Select(i => "k" + i)]);
        var entries = t.Run("SLOWLOG", "GET", "2").Items!;
        Assert.Equal(["MGET", .. Enumerable.Range(0, 30).Select(i => "k" + i), "... (10 more arguments)"], Args(entries[0]));
        Assert.Equal(["ECHO", new string('x', 128) + "... (72 more bytes)"], Args(entries[1]));
    }

    [Fact]
    public void BinaryArgumentsAreLoggedAsSent()
    {
        using var t = LoggingEverything();
        byte[] binary = [0xff, 0x00, 0xfe];
        t.Client.Execute("ECHO"u8.ToArray(), binary);
        Assert.Equal(binary, t.Run("SLOWLOG", "GET", "1").Items![0].Items![3].Items![1].Bytes);
    }

    [Fact]
    public void MaxLenBoundsTheLog()
    {
        using var t = LoggingEverything();
        t.Run("CONFIG", "SET", "slowlog-max-len", "3");
        for (int i = 0; i < 10; i++) t.Run("PING");
        Assert.Equal(3, t.Run("SLOWLOG", "LEN").Integer);
    }
}
