using System.Text;
using HotGears.Engine.Persistence;

namespace HotGears.Tests;

/// <summary>SORT, DUMP/RESTORE, MEMORY USAGE and the listpack settings.</summary>
public class SortAndDumpTests
{
    /// <summary>RESTORE with a binary payload (the text helpers take strings).</summary>
    private static string? Restore(TestServer t, string key, string ttl, byte[] payload, params string[] options) =>
        t.Client.Execute([.. new[] { "RESTORE", key, ttl }.Select(Encoding.UTF8.GetBytes), payload, .. options.Select(Encoding.UTF8.GetBytes)]).Text;

    [Fact]
    public void SortNumericAlphaLimitAndDesc()
    {
        using var t = new TestServer();
        t.Run("RPUSH", "l", "3", "10", "1", "2");
        Assert.Equal(["1", "2", "3", "10"], t.Texts("SORT", "l"));
        Assert.Equal(["10", "3", "2", "1"], t.Texts("SORT", "l", "DESC"));
        Assert.Equal(["1", "10", "2", "3"], t.Texts("SORT", "l", "ALPHA"));
        Assert.Equal(["2", "3"], t.Texts("SORT", "l", "LIMIT", "1", "2"));
        t.Run("RPUSH", "bad", "x");
        Assert.Equal("ERR One or more scores can't be converted into double", t.Text("SORT", "bad"));
        t.Run("SET", "s", "x");
        Assert.Equal("WRONGTYPE Operation against a key holding the wrong kind of value", t.Text("SORT", "s"));
        Assert.Equal("ERR syntax error", t.Text("SORT_RO", "l", "STORE", "d"));
    }

    [Fact]
    public void SortByAndGetPatterns()
    {
        using var t = new TestServer();
        t.Run("RPUSH", "ids", "1", "2", "3");
        t.Run("MSET", "w_1", "30", "w_2", "10", "w_3", "20");
        t.Run("HSET", "o_1", "name", "one");
        t.Run("HSET", "o_3", "name", "three");
        Assert.Equal(["2", "3", "1"], t.Texts("SORT", "ids", "BY", "w_*"));
        Assert.Equal(["1", "2", "3"], t.Texts("SORT", "ids", "BY", "nosort"));
        Assert.Equal(["2", null, "3", "three", "1", "one"], t.Texts("SORT", "ids", "BY", "w_*", "GET", "#", "GET", "o_*->name"));
    }

    [Fact]
    public void SortStoreMakesAListOrDeletesTheDestination()
    {
        using var t = new TestServer();
        t.Run("SADD", "set", "b", "a", "c");
        Assert.Equal("3", t.Text("SORT", "set", "BY", "nosort", "STORE", "dst"));
        Assert.Equal(["a", "b", "c"], t.Texts("LRANGE", "dst", "0", "-1")); // a stored set is sorted to be deterministic
        Assert.Equal("0", t.Text("SORT", "missing", "STORE", "dst"));
        Assert.Equal("0", t.Text("EXISTS", "dst"));
    }

    [Fact]
    public void DumpRestoreRoundTripsEveryType()
    {
        using var t = new TestServer();
        t.Run("SET", "s", "hello");
        t.Run("SET", "n", "-70000");
        t.Run("RPUSH", "l", "a", "1", new string('b', 100));
        t.Run("SADD", "set", "1", "2", "x");
        t.Run("ZADD", "z", "1.5", "a", "-2", "b");
        t.Run("HSET", "h", "f", "v", "n", "12");
        foreach (var key in new[] { "s", "n", "l", "set", "z", "h" })
        {
            var payload = t.Run("DUMP", key).Bytes!;
            Assert.True(DumpPayload.Verify(payload));
            Assert.Equal("OK", Restore(t, key + "2", "0", payload));
            Assert.Equal(t.Text("TYPE", key), t.Text("TYPE", key + "2"));
        }
        Assert.Equal(["a", "1", new string('b', 100)], t.Texts("LRANGE", "l2", "0", "-1"));
        Assert.Equal(["b", "-2", "a", "1.5"], t.Texts("ZRANGE", "z2", "0", "-1", "WITHSCORES"));
        Assert.Equal("-70000", t.Text("GET", "n2"));
    }

    [Fact]
    public void RestoreOptionsAndErrors()
    {
        using var t = new TestServer();
        t.Run("SET", "s", "v");
        var payload = t.Run("DUMP", "s").Bytes!;
        Assert.Equal("BUSYKEY Target key name already exists.", Restore(t, "s", "0", payload));
        Assert.Equal("ERR Invalid TTL value, must be >= 0", Restore(t, "x", "-1", payload));
        Assert.Equal("ERR Invalid IDLETIME value, must be >= 0", Restore(t, "x", "0", payload, "IDLETIME", "-1"));
        Assert.Equal("ERR Invalid FREQ value, must be >= 0 and <= 255", Restore(t, "x", "0", payload, "FREQ", "256"));
        Assert.Equal("ERR syntax error", Restore(t, "x", "0", payload, "IDLETIME", "1", "FREQ", "1"));
        var corrupt = (byte[])payload.Clone();
        corrupt[1] ^= 1;
        Assert.Equal("ERR DUMP payload version or checksum are wrong", Restore(t, "x", "0", corrupt));
        Assert.Equal("OK", Restore(t, "s", "100000", payload, "REPLACE"));
        Assert.InRange(long.Parse(t.Text("PTTL", "s")!), 90000, 100000);
        Assert.Equal("OK", Restore(t, "old", "0", payload, "IDLETIME", "1000"));
        Assert.InRange(long.Parse(t.Text("OBJECT", "IDLETIME", "old")!), 1000, 1010);
        Assert.Equal("OK", Restore(t, "gone", "1", payload, "ABSTTL")); // already expired: not created
        Assert.Equal("0", t.Text("EXISTS", "gone"));
    }

    [Fact]
    public void Crc64MatchesRedisCheckValue() =>
        Assert.Equal(0xe9c6d914c4b8d9caUL, Crc64.Compute("123456789"u8));

    [Fact]
    public void MemoryUsageGrowsWithTheValue()
    {
        using var t = new TestServer();
        t.Run("SET", "small", "x");
        t.Run("SET", "big", new string('x', 10000));
        Assert.True(long.Parse(t.Text("MEMORY", "USAGE", "big")!) > long.Parse(t.Text("MEMORY", "USAGE", "small")!) + 9000);
        Assert.True(t.Run("MEMORY", "USAGE", "missing").IsNull);
        Assert.Equal("ERR syntax error", t.Text("MEMORY", "USAGE", "big", "SAMPLES", "-1"));
        for (int i = 0; i < 100; i++) t.Run("HSET", "h", $"f{i}", new string('v', 50));
        Assert.True(long.Parse(t.Text("MEMORY", "USAGE", "h", "SAMPLES", "0")!) > 100 * 50);
    }

    [Fact]
    public void ListpackSettingsDecideEncodings()
    {
        using var t = new TestServer();
        t.Run("CONFIG", "SET", "zset-max-ziplist-entries", "1");
        t.Run("ZADD", "z", "1", "a", "2", "b");
        Assert.Equal("skiplist", t.Text("OBJECT", "ENCODING", "z"));
        Assert.Equal("1", t.Text("COPY", "z", "z2"));
        Assert.Equal("skiplist", t.Text("OBJECT", "ENCODING", "z2"));
        t.Run("CONFIG", "SET", "hash-max-listpack-value", "4");
        t.Run("HSET", "h", "f", "12345");
        Assert.Equal("hashtable", t.Text("OBJECT", "ENCODING", "h"));
        Assert.Equal(["hash-max-listpack-entries", "512"], t.Texts("CONFIG", "GET", "hash-max-listpack-entries"));
    }
}
