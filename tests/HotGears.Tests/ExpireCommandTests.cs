namespace HotGears.Tests;

/// <summary>EXPIRE and friends, TTL and friends, PERSIST; expected replies were checked against redis-server 7.0.15.</summary>
public class ExpireCommandTests
{
    [Fact]
    public void ExpireSetsTheTimeToLiveAndFiresExpire()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server);
        t.Run("SET", "k", "v");
        events.Take();
        Assert.Equal("1", t.Text("EXPIRE", "k", "100"));
        Assert.Equal(["expire k@0"], events.Take());
        Assert.Equal("100", t.Text("TTL", "k"));
        Assert.InRange(t.Run("PTTL", "k").Integer, 99000, 100000);
        Assert.Equal("0", t.Text("EXPIRE", "nokey", "100"));
    }

    [Fact]
    public void AbsoluteAndRelativeFormsAgree()
    {
        using var t = new TestServer();
        t.Run("SET", "k", "v");
        long at = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1000;
        Assert.Equal("1", t.Text("EXPIREAT", "k", at.ToString()));
        Assert.Equal(at.ToString(), t.Text("EXPIRETIME", "k"));
        Assert.Equal((at * 1000).ToString(), t.Text("PEXPIRETIME", "k"));
        Assert.Equal("1", t.Text("PEXPIREAT", "k", (at * 1000 + 1).ToString()));
        Assert.Equal((at * 1000 + 1).ToString(), t.Text("PEXPIRETIME", "k"));
        Assert.Equal("1", t.Text("PEXPIRE", "k", "1700"));
        Assert.Equal("2", t.Text("TTL", "k")); // 1.7 s (less a few ms) rounds to the nearest second
    }

    [Fact]
    public void ReadingTheExpiryOfMissingAndPersistentKeys()
    {
        using var t = new TestServer();
        foreach (var command in new[] { "TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME" })
            Assert.Equal("-2", t.Text(command, "nokey"));
        t.Run("SET", "k", "v");
        foreach (var command in new[] { "TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME" })
            Assert.Equal("-1", t.Text(command, "k"));
        t.Run("PEXPIREAT", "k", long.MaxValue.ToString());
        Assert.Equal("9223372036854776", t.Text("EXPIRETIME", "k")); // rounding does not overflow
    }

    [Fact]
    public void ExpiringInThePastDeletesTheKeyAndFiresDel()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server);
        t.Run("SET", "a", "v");
        t.Run("SET", "b", "v");
        events.Take();
        Assert.Equal("1", t.Text("EXPIRE", "a", "-1"));
        Assert.Equal("1", t.Text("PEXPIREAT", "b", "1"));
        Assert.Equal(["del a@0", "del b@0"], events.Take());
        Assert.Equal("0", t.Text("DBSIZE"));
    }

    [Fact]
    public void ConditionsCompareWithTheCurrentExpiry()
    {
        using var t = new TestServer();
        t.Run("SET", "k", "v");
        Assert.Equal("0", t.Text("EXPIRE", "k", "100", "XX"));
        Assert.Equal("0", t.Text("EXPIRE", "k", "100", "GT")); // no expiry counts as infinite
        Assert.Equal("1", t.Text("EXPIRE", "k", "100", "NX"));
        Assert.Equal("0", t.Text("EXPIRE", "k", "50", "NX"));
        Assert.Equal("1", t.Text("EXPIRE", "k", "50", "XX"));
        Assert.Equal("0", t.Text("EXPIRE", "k", "500", "LT"));
        Assert.Equal("1", t.Text("EXPIRE", "k", "500", "GT"));
        Assert.Equal("0", t.Text("EXPIRE", "k", "400", "gt", "XX"));
        Assert.Equal("1", t.Text("EXPIRE", "k", "40", "lt", "xx"));
        Assert.Equal("40", t.Text("TTL", "k"));
        t.Run("PERSIST", "k");
        Assert.Equal("1", t.Text("EXPIRE", "k", "10", "LT")); // ...and anything is less than infinite
    }

    [Fact]
    public void OptionAndTimeErrors()
    {
        using var t = new TestServer();
        t.Run("SET", "k", "v");
        Assert.Equal("ERR NX and XX, GT or LT options at the same time are not compatible", t.Text("EXPIRE", "k", "10", "NX", "XX"));
        Assert.Equal("ERR NX and XX, GT or LT options at the same time are not compatible", t.Text("EXPIRE", "k", "10", "NX", "GT"));
        Assert.Equal("ERR GT and LT options at the same time are not compatible", t.Text("EXPIRE", "k", "10", "GT", "LT"));
        Assert.Equal("ERR Unsupported option foo", t.Text("EXPIRE", "k", "abc", "foo")); // options are checked first
        Assert.Equal("ERR value is not an integer or out of range", t.Text("EXPIRE", "k", "abc"));
        Assert.Equal("ERR invalid expire time in 'expire' command", t.Text("EXPIRE", "k", "9223372036854775")); // overflows when added to now
        Assert.Equal("ERR invalid expire time in 'expire' command", t.Text("EXPIRE", "k", "9223372036854776"));
        Assert.Equal("ERR invalid expire time in 'pexpire' command", t.Text("PEXPIRE", "k", long.MaxValue.ToString()));
        Assert.Equal("ERR invalid expire time in 'expireat' command", t.Text("EXPIREAT", "k", long.MinValue.ToString()));
        Assert.Equal("-1", t.Text("TTL", "k"));
        Assert.Equal("ERR wrong number of arguments for 'expire' command", t.Text("EXPIRE", "k"));
    }

    [Fact]
    public void PersistRemovesTheExpiryOnce()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server);
        t.Run("SET", "k", "v", "EX", "100");
        events.Take();
        Assert.Equal("1", t.Text("PERSIST", "k"));
        Assert.Equal(["persist k@0"], events.Take());
        Assert.Equal("0", t.Text("PERSIST", "k"));
        Assert.Equal("0", t.Text("PERSIST", "nokey"));
        Assert.Equal("-1", t.Text("TTL", "k"));
    }

    [Fact]
    public void ExpiredKeysVanishOnAccess()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server);
        t.Run("SET", "k", "v", "EX", "100");
        t.MakeExpired("k");
        events.Take();
        Assert.Equal("-2", t.Text("TTL", "k"));
        Assert.Equal(["expired k@0", "keymiss k@0"], events.Take());
        Assert.Equal("0", t.Text("DBSIZE"));
    }
}
