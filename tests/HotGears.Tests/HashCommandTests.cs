using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Tests;

public class HashCommandTests
{
    private static string?[] Texts(RespValue reply) => reply.Items!.Select(i => i.IsNull ? null : i.Text).ToArray();

    private static string Encoding(TestServer t, string key) =>
        ((HashValue)t.Server.Databases[0].Get(System.Text.Encoding.UTF8.GetBytes(key))!).EncodingName;

    [Fact]
    public void HSetCountsNewFieldsAndHGetReadsThem()
    {
        using var t = new TestServer();
        Assert.Equal("2", t.Text("HSET", "h", "a", "1", "b", "2"));
        Assert.Equal("1", t.Text("HSET", "h", "a", "10", "c", "3"));
        Assert.Equal("10", t.Text("HGET", "h", "a"));
        Assert.Null(t.Text("HGET", "h", "zz"));
        Assert.Null(t.Text("HGET", "missing", "a"));
        Assert.Equal(["10", null, "3"], Texts(t.Run("HMGET", "h", "a", "zz", "c")));
        Assert.Equal([null, null], Texts(t.Run("HMGET", "missing", "a", "b")));
        Assert.Equal("3", t.Text("HLEN", "h"));
        Assert.Equal("0", t.Text("HLEN", "missing"));
        Assert.Equal("2", t.Text("HSTRLEN", "h", "a"));
        Assert.Equal("0", t.Text("HSTRLEN", "h", "zz"));
        Assert.Equal("1", t.Text("HEXISTS", "h", "a"));
        Assert.Equal("0", t.Text("HEXISTS", "h", "zz"));
    }

    [Fact]
    public void HSetAndHMSetNeedWholePairs()
    {
        using var t = new TestServer();
        Assert.Equal("ERR wrong number of arguments for 'hset' command", t.Text("HSET", "h", "a", "1", "b"));
        Assert.Equal("ERR wrong number of arguments for 'hmset' command", t.Text("HMSET", "h", "a", "1", "b"));
        Assert.Equal("OK", t.Text("HMSET", "h", "a", "1", "b", "2"));
        Assert.Equal("2", t.Text("HLEN", "h"));
    }

    [Fact]
    public void HSetNxSetsOnlyMissingFields()
    {
        using var t = new TestServer();
        Assert.Equal("1", t.Text("HSETNX", "h", "a", "1"));
        Assert.Equal("0", t.Text("HSETNX", "h", "a", "2"));
        Assert.Equal("1", t.Text("HGET", "h", "a"));
    }

    [Fact]
    public void SmallHashesKeepInsertionOrderAndHGetAllIsAMapInResp3()
    {
        using var t = new TestServer();
        t.Run("HSET", "h", "z", "1", "a", "2", "m", "3");
        t.Run("HSET", "h", "z", "9");
        t.Run("HDEL", "h", "a");
        Assert.Equal(["z", "m"], Texts(t.Run("HKEYS", "h")));
        Assert.Equal(["9", "3"], Texts(t.Run("HVALS", "h")));
        var flat = t.Run("HGETALL", "h");
        Assert.Equal(RespType.Array, flat.Type);
        Assert.Equal(["z", "9", "m", "3"], Texts(flat));

        t.Client.Session.Protocol = 3;
        var map = t.Run("HGETALL", "h");
        Assert.Equal(RespType.Map, map.Type);
        Assert.Equal(["z", "9", "m", "3"], Texts(map));
        Assert.Equal(RespType.Map, t.Run("HGETALL", "missing").Type);
        Assert.Empty(t.Run("HKEYS", "missing").Items!);
    }

    [Fact]
    public void EncodingBecomesHashtableAtRedisThresholds()
    {
        using var t = new TestServer();
        for (int i = 0; i < 512; i++) t.Run("HSET", "many", $"f{i}", "v");
        Assert.Equal("listpack", Encoding(t, "many"));
        t.Run("HSET", "many", "f512", "v");
        Assert.Equal("hashtable", Encoding(t, "many"));
        Assert.Equal("513", t.Text("HLEN", "many"));
        Assert.Equal("v", t.Text("HGET", "many", "f77"));

        t.Run("HSET", "value64", "f", new string('x', 64));
        Assert.Equal("listpack", Encoding(t, "value64"));
        t.Run("HSET", "value65", "a", "1", "f", new string('x', 65));
        Assert.Equal("hashtable", Encoding(t, "value65"));
        Assert.Equal(["a", "1", "f", new string('x', 65)], Texts(t.Run("HGETALL", "value65")));
        t.Run("HSET", "field65", new string('k', 65), "v");
        Assert.Equal("hashtable", Encoding(t, "field65"));
    }

    [Fact]
    public void HDelDeletesTheEmptiedKeyAndFiresEvents()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server, ignoreKeyMiss: true);
        t.Run("HSET", "h", "a", "1", "b", "2");
        Assert.Equal(["new h@0", "hset h@0"], events.Take());
        Assert.Equal("0", t.Text("HDEL", "h", "zz"));
        Assert.Empty(events.Take());
        Assert.Equal("1", t.Text("HDEL", "h", "a", "zz"));
        Assert.Equal(["hdel h@0"], events.Take());
        Assert.Equal("1", t.Text("HDEL", "h", "b", "a"));
        Assert.Equal(["hdel h@0", "del h@0"], events.Take());
        Assert.Null(t.Server.Databases[0].Get("h"u8));
        Assert.Equal("0", t.Text("HDEL", "h", "a"));
    }

    [Fact]
    public void HashCommandsRefuseOtherTypes()
    {
        using var t = new TestServer();
        t.Run("SET", "s", "x");
        const string wrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
        Assert.Equal(wrongType, t.Text("HSET", "s", "a", "1"));
        Assert.Equal(wrongType, t.Text("HGET", "s", "a"));
        Assert.Equal(wrongType, t.Text("HMGET", "s", "a"));
        Assert.Equal(wrongType, t.Text("HGETALL", "s"));
        Assert.Equal(wrongType, t.Text("HDEL", "s", "a"));
        Assert.Equal(wrongType, t.Text("HINCRBY", "s", "a", "1"));
        Assert.Equal(wrongType, t.Text("HSCAN", "s", "0"));
        Assert.Equal(wrongType, t.Text("HRANDFIELD", "s", "2"));
        Assert.Equal("x", t.Text("GET", "s"));
    }

    [Fact]
    public void HIncrByChecksValuesAndOverflow()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server, ignoreKeyMiss: true);
        Assert.Equal("5", t.Text("HINCRBY", "h", "n", "5"));
        Assert.Equal(["new h@0", "hincrby h@0"], events.Take());
        Assert.Equal("-95", t.Text("HINCRBY", "h", "n", "-100"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("HINCRBY", "h", "n", "1.5"));
        t.Run("HSET", "h", "s", "foo", "max", long.MaxValue.ToString());
        Assert.Equal("ERR hash value is not an integer", t.Text("HINCRBY", "h", "s", "1"));
        Assert.Equal("ERR increment or decrement would overflow", t.Text("HINCRBY", "h", "max", "1"));
        Assert.Equal(long.MaxValue.ToString(), t.Text("HGET", "h", "max"));
    }

    [Fact]
    public void HIncrByFloatAddsInLongDoublePrecision()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server, ignoreKeyMiss: true);
        Assert.Equal("10.5", t.Text("HINCRBYFLOAT", "h", "f", "10.5"));
        Assert.Equal(["new h@0", "hincrbyfloat h@0"], events.Take());
        Assert.Equal("10.6", t.Text("HINCRBYFLOAT", "h", "f", "0.1"));
        Assert.Equal("10.6", t.Text("HGET", "h", "f"));
        t.Run("HINCRBYFLOAT", "h", "g", "0.1");
        t.Run("HINCRBYFLOAT", "h", "g", "0.1");
        Assert.Equal("0.3", t.Text("HINCRBYFLOAT", "h", "g", "0.1"));
        Assert.Equal("5010.60000000000000009", t.Text("HINCRBYFLOAT", "h", "f", "5e3"));
        Assert.Equal("16", t.Text("HINCRBYFLOAT", "h", "x", "0x10"));
        Assert.Equal("0", t.Text("HINCRBYFLOAT", "h", "tiny", "-1e-30"));
        t.Run("HSET", "h", "s", "foo", "inf", "inf");
        events.Take();

        Assert.Equal("ERR value is not a valid float", t.Text("HINCRBYFLOAT", "h", "f", "abc"));
        Assert.Equal("ERR value is not a valid float", t.Text("HINCRBYFLOAT", "h", "f", " 1"));
        Assert.Equal("ERR value is not a valid float", t.Text("HINCRBYFLOAT", "h", "f", "nan"));
        Assert.Equal("ERR value is NaN or Infinity", t.Text("HINCRBYFLOAT", "h", "f", "+inf"));
        Assert.Equal("ERR hash value is not a float", t.Text("HINCRBYFLOAT", "h", "s", "1"));
        Assert.Equal("ERR increment would produce NaN or Infinity", t.Text("HINCRBYFLOAT", "h", "inf", "1"));
        Assert.Empty(events.Take());
    }

    [Fact]
    public void HRandFieldWithoutCountReturnsOneField()
    {
        using var t = new TestServer();
        Assert.True(t.Run("HRANDFIELD", "missing").IsNull);
        t.Run("HSET", "h", "a", "1", "b", "2");
        Assert.Contains(t.Text("HRANDFIELD", "h"), new[] { "a", "b" });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HRandFieldWithCountPicksDistinctOrRepeatedFields(bool bigHash)
    {
        using var t = new TestServer();
        int size = bigHash ? 300 : 10;
        for (int i = 0; i < size; i++) t.Run("HSET", "h", $"f{i}", $"v{i}");
        foreach (int count in new[] { 1, 3, size / 2, size - 1, size, size + 5 })
        {
            var fields = Texts(t.Run("HRANDFIELD", "h", count.ToString()));
            Assert.Equal(Math.Min(count, size), fields.Length);
            Assert.Equal(fields.Length, fields.Distinct().Count());
            Assert.All(fields, f => Assert.StartsWith("f", f));
        }
        var repeated = Texts(t.Run("HRANDFIELD", "h", "-50"));
        Assert.Equal(50, repeated.Length);

        var flat = Texts(t.Run("HRANDFIELD", "h", "4", "WITHVALUES"));
        Assert.Equal(8, flat.Length);
        for (int i = 0; i < flat.Length; i += 2) Assert.Equal("v" + flat[i]![1..], flat[i + 1]);

        t.Client.Session.Protocol = 3;
        var pairs = t.Run("HRANDFIELD", "h", "-3", "WITHVALUES").Items!;
        Assert.Equal(3, pairs.Count);
        Assert.All(pairs, p => Assert.Equal("v" + p.Items![0].Text![1..], p.Items[1].Text));
    }

    [Fact]
    public void HRandFieldValidatesItsArguments()
    {
        using var t = new TestServer();
        t.Run("HSET", "h", "a", "1");
        Assert.Empty(t.Run("HRANDFIELD", "missing", "3").Items!);
        Assert.Empty(t.Run("HRANDFIELD", "h", "0").Items!);
        Assert.Equal("ERR value is not an integer or out of range", t.Text("HRANDFIELD", "h", "x"));
        Assert.Equal("ERR syntax error", t.Text("HRANDFIELD", "h", "1", "WITHSCORES"));
        Assert.Equal("ERR syntax error", t.Text("HRANDFIELD", "h", "1", "WITHVALUES", "x"));
        Assert.Equal("ERR value is out of range", t.Text("HRANDFIELD", "h", "-9223372036854770000", "WITHVALUES"));
        Assert.Equal("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
            t.Text("HRANDFIELD", "h", "-9223372036854775808"));
    }

    [Fact]
    public void HScanOfASmallHashReturnsEverythingAtOnce()
    {
        using var t = new TestServer();
        t.Run("HSET", "h", "apple", "1", "banana", "2", "avocado", "3");
        var reply = t.Run("HSCAN", "h", "0");
        Assert.Equal("0", reply.Items![0].Text);
        Assert.Equal(["apple", "1", "banana", "2", "avocado", "3"], Texts(reply.Items[1]));
        Assert.Equal(["apple", "1", "avocado", "3"], Texts(t.Run("HSCAN", "h", "0", "MATCH", "a*").Items![1]));

        var missing = t.Run("HSCAN", "missing", "0", "COUNT", "0");
        Assert.Equal("0", missing.Items![0].Text);
        Assert.Empty(missing.Items[1].Items!);
        Assert.Equal("ERR invalid cursor", t.Text("HSCAN", "h", "x"));
        Assert.Equal("ERR syntax error", t.Text("HSCAN", "h", "0", "COUNT", "0"));
        Assert.Equal("ERR syntax error", t.Text("HSCAN", "h", "0", "COUNT"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("HSCAN", "h", "0", "COUNT", "x"));
    }

    [Fact]
    public void HScanOfABigHashVisitsEveryFieldPresentThroughout()
    {
        using var t = new TestServer();
        for (int i = 0; i < 1000; i++) t.Run("HSET", "h", $"f{i}", $"{i}");
        var seen = new HashSet<string>();
        string cursor = "0";
        int calls = 0;
        do
        {
            var reply = t.Run("HSCAN", "h", cursor, "COUNT", "20");
            cursor = reply.Items![0].Text!;
            var items = Texts(reply.Items[1]);
            for (int i = 0; i < items.Length; i += 2)
            {
                if (items[i]!.StartsWith('f')) Assert.Equal("f" + items[i + 1], items[i]);
                seen.Add(items[i]!);
            }
            // Growing and shrinking the hash mid-scan must not hide the original fields.
            if (++calls % 5 == 0) t.Run("HSET", "h", $"extra{calls}", "x");
            if (calls % 7 == 0) t.Run("HDEL", "h", $"extra{calls - 2}");
        } while (cursor != "0");
        for (int i = 0; i < 1000; i++) Assert.Contains($"f{i}", seen);
    }

    [Fact]
    public void DeepCopyIsIndependent()
    {
        foreach (int size in new[] { 3, 200 })
        {
            var hash = new HashValue();
            for (int i = 0; i < size; i++) hash.Set(Bytes($"f{i}"), Bytes("v"));
            var copy = (HashValue)hash.DeepCopy();
            hash.Set(Bytes("f0"), Bytes("w"));
            hash.Remove(Bytes("f1"));
            Assert.Equal(hash.EncodingName, copy.EncodingName);
            Assert.Equal(size, copy.Count);
            Assert.True(copy.TryGet(Bytes("f0"), out var value));
            Assert.Equal("v", System.Text.Encoding.UTF8.GetString(value));
        }
    }

    private static byte[] Bytes(string s) => System.Text.Encoding.UTF8.GetBytes(s);
}
