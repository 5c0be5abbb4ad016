using HotGears.Resp;

namespace HotGears.Tests;

/// <summary>Sorted set commands, with replies checked against what Redis 7.0.15 answers.</summary>
public class SortedSetCommandTests
{
    private static string[] Texts(RespValue reply) => reply.Items!.Select(i => i.Text ?? "(nil)").ToArray();

    [Fact]
    public void ZAddOptionsDecideWhatChanges()
    {
        using var t = new TestServer();
        Assert.Equal("3", t.Text("ZADD", "z", "1", "a", "2", "b", "3", "c"));
        Assert.Equal("1", t.Text("ZADD", "z", "NX", "5", "a", "6", "d"));
        Assert.Equal("1", t.Text("ZADD", "z", "XX", "CH", "10", "a", "20", "zz"));
        Assert.Equal("1", t.Text("ZADD", "z", "GT", "CH", "5", "a", "30", "b"));
        Assert.Equal("1", t.Text("ZADD", "z", "LT", "CH", "1", "a", "30", "b"));
        Assert.Equal("3.5", t.Text("ZADD", "z", "INCR", "2.5", "a"));
        Assert.Null(t.Text("ZADD", "z", "NX", "INCR", "1", "a"));
        Assert.Equal(["c", "3", "a", "3.5", "d", "6", "b", "30"], Texts(t.Run("ZRANGE", "z", "0", "-1", "WITHSCORES")));
        Assert.Equal("0", t.Text("ZADD", "missing", "XX", "1", "a"));
        Assert.Equal("0", t.Text("EXISTS", "missing"));
    }

    [Fact]
    public void ZAddRefusesBadInputWithRedisErrors()
    {
        using var t = new TestServer();
        Assert.Equal("ERR syntax error", t.Text("ZADD", "z", "NX", "1"));
        Assert.Equal("ERR XX and NX options at the same time are not compatible", t.Text("ZADD", "z", "XX", "NX", "1", "a"));
        Assert.Equal("ERR GT, LT, and/or NX options at the same time are not compatible", t.Text("ZADD", "z", "GT", "LT", "1", "a"));
        Assert.Equal("ERR INCR option supports a single increment-element pair", t.Text("ZADD", "z", "INCR", "1", "a", "2", "b"));
        Assert.Equal("ERR value is not a valid float", t.Text("ZADD", "z", "nan", "a"));
        Assert.Equal("ERR value is not a valid float", t.Text("ZADD", "z", " 1", "a"));
        Assert.Equal("ERR value is not a valid float", t.Text("ZADD", "z", "1e400", "a"));
        Assert.Equal("ERR syntax error", t.Text("ZINCRBY", "z", "nx", "a"));
        t.Run("ZADD", "z", "inf", "a");
        Assert.Equal("ERR resulting score is not a number (NaN)", t.Text("ZINCRBY", "z", "-inf", "a"));
        Assert.Equal("inf", t.Text("ZSCORE", "z", "a"));
        t.Run("SET", "s", "x");
        Assert.StartsWith("WRONGTYPE", t.Text("ZADD", "s", "1", "a"));
    }

    [Fact]
    public void ScoresParseLikeStrtod()
    {
        using var t = new TestServer();
        t.Run("ZADD", "z", "0x1p-1", "half", "0X1.8P1", "three", "-INF", "low", "1e-7", "tiny");
        Assert.Equal("0.5", t.Text("ZSCORE", "z", "half"));
        Assert.Equal("3", t.Text("ZSCORE", "z", "three"));
        Assert.Equal("9.9999999999999995e-08", t.Text("ZSCORE", "z", "tiny"));
        Assert.Equal("-inf", t.Text("ZSCORE", "z", "low"));
        // Range bounds go through plain strtod: spaces, "" and "(" alone are fine there.
        Assert.Equal(["tiny", "half"], Texts(t.Run("ZRANGEBYSCORE", "z", " 0", "(3")));
        Assert.Equal("0", t.Text("ZCOUNT", "z", "", ""));
        Assert.Equal("ERR min or max is not a float", t.Text("ZCOUNT", "z", "x", "1"));
    }

    [Fact]
    public void Resp3RepliesDoublesAndNestedPairs()
    {
        using var t = new TestServer();
        t.Client.Session.Protocol = 3;
        t.Run("ZADD", "z", "1.5", "a", "2", "b");
        var score = t.Run("ZSCORE", "z", "a");
        Assert.Equal(RespType.Double, score.Type);
        Assert.Equal(1.5, score.Double);
        var pairs = t.Run("ZRANGE", "z", "0", "-1", "WITHSCORES");
        Assert.Equal(2, pairs.Items!.Count);
        Assert.Equal("a", pairs.Items[0].Items![0].Text);
        Assert.Equal(RespType.Double, pairs.Items[0].Items![1].Type);
        // ZPOPMIN without a count stays flat; with one it nests.
        Assert.Equal(2, t.Run("ZPOPMIN", "z").Items!.Count);
        Assert.Equal(RespType.Array, t.Run("ZPOPMAX", "z", "1").Items![0].Type);
        Assert.Equal(RespType.Null, t.Run("ZMPOP", "1", "z", "MIN").Type);
    }

    [Fact]
    public void RangesByRankScoreAndMember()
    {
        using var t = new TestServer();
        t.Run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        Assert.Equal(["c", "d"], Texts(t.Run("ZRANGE", "z", "-2", "-1")));
        Assert.Equal(["d", "c"], Texts(t.Run("ZREVRANGE", "z", "0", "1")));
        Assert.Equal(["b", "a"], Texts(t.Run("ZRANGE", "z", "(4", "-inf", "BYSCORE", "REV", "LIMIT", "1", "2")));
        Assert.Empty(t.Run("ZRANGEBYSCORE", "z", "-inf", "inf", "LIMIT", "-1", "2").Items!);
        Assert.Equal(["b", "c", "d"], Texts(t.Run("ZRANGEBYSCORE", "z", "-inf", "inf", "LIMIT", "1", "-1")));
        Assert.Equal("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
            t.Text("ZRANGE", "z", "0", "-1", "LIMIT", "0", "1"));
        Assert.Equal(4, t.Run("ZRANGE", "z", "0", "-1", "LIMIT", "0", "-1").Items!.Count);
        Assert.Equal("ERR syntax error, WITHSCORES not supported in combination with BYLEX",
            t.Text("ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"));
        Assert.Equal("ERR syntax error", t.Text("ZRANGE", "z", "0", "1", "REV", "REV"));

        t.Run("ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e");
        Assert.Equal(["b", "c", "d"], Texts(t.Run("ZRANGEBYLEX", "lex", "[b", "(e")));
        Assert.Equal(["e", "d"], Texts(t.Run("ZREVRANGEBYLEX", "lex", "+", "(b", "LIMIT", "0", "2")));
        Assert.Equal("3", t.Text("ZLEXCOUNT", "lex", "[c", "+"));
        Assert.Equal("ERR min or max not valid string range item", t.Text("ZLEXCOUNT", "lex", "c", "+"));
        Assert.Equal("2", t.Text("ZREMRANGEBYLEX", "lex", "[d", "+"));
        Assert.Equal("2", t.Text("ZREMRANGEBYRANK", "lex", "0", "1"));
        Assert.Equal("1", t.Text("ZREMRANGEBYSCORE", "lex", "-inf", "+inf"));
        Assert.Equal("0", t.Text("EXISTS", "lex"));
    }

    [Fact]
    public void RankCountScoreAndCard()
    {
        using var t = new TestServer();
        t.Run("ZADD", "z", "1", "a", "2", "b", "2", "c");
        Assert.Equal("1", t.Text("ZRANK", "z", "b"));
        Assert.Equal("0", t.Text("ZREVRANK", "z", "c"));
        Assert.Null(t.Text("ZRANK", "z", "nope"));
        Assert.Equal("2", t.Text("ZCOUNT", "z", "(1", "2"));
        Assert.Equal("3", t.Text("ZCARD", "z"));
        Assert.Equal(["1", "(nil)", "2"], Texts(t.Run("ZMSCORE", "z", "a", "x", "c")));
        Assert.Equal(["(nil)", "(nil)"], Texts(t.Run("ZMSCORE", "missing", "a", "b")));
    }

    [Fact]
    public void EncodingFollowsRedisThresholds()
    {
        using var t = new TestServer();
        for (int i = 0; i < 128; i++) t.Run("ZADD", "z", i.ToString(), $"m{i}");
        Assert.Equal("listpack", t.Text("OBJECT", "ENCODING", "z"));
        t.Run("ZADD", "z", "128", "m128");
        Assert.Equal("skiplist", t.Text("OBJECT", "ENCODING", "z"));
        t.Run("ZREMRANGEBYRANK", "z", "0", "100");
        Assert.Equal("skiplist", t.Text("OBJECT", "ENCODING", "z"));
        t.Run("ZADD", "long", "1", new string('x', 65));
        Assert.Equal("skiplist", t.Text("OBJECT", "ENCODING", "long"));
        // Stored results are converted back when they fit.
        t.Run("ZUNIONSTORE", "u", "1", "z");
        Assert.Equal("listpack", t.Text("OBJECT", "ENCODING", "u"));
        Assert.Equal("zset", t.Text("TYPE", "u"));
    }

    [Fact]
    public void NegativeZeroSurvivesOnlyInSkiplists()
    {
        using var t = new TestServer();
        t.Run("ZADD", "small", "-0", "a");
        Assert.Equal("0", t.Text("ZSCORE", "small", "a"));
        t.Run("ZADD", "big", "1", new string('x', 70), "-0", "a");
        Assert.Equal("-0", t.Text("ZSCORE", "big", "a"));
        Assert.Equal("-0", t.Text("ZINCRBY", "fresh", "-0", "a"));
        Assert.Equal("0", t.Text("ZSCORE", "fresh", "a"));
    }

    [Fact]
    public void PopsTakeFromEitherEnd()
    {
        using var t = new TestServer();
        t.Run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        Assert.Equal(["a", "1"], Texts(t.Run("ZPOPMIN", "z")));
        Assert.Equal(["d", "4", "c", "3"], Texts(t.Run("ZPOPMAX", "z", "2")));
        Assert.Equal("ERR value is out of range, must be positive", t.Text("ZPOPMIN", "z", "-1"));
        Assert.Empty(t.Run("ZPOPMIN", "missing").Items!);
        var popped = t.Run("ZMPOP", "2", "missing", "z", "MIN", "COUNT", "5");
        Assert.Equal("z", popped.Items![0].Text);
        Assert.Equal(["b", "2"], Texts(popped.Items[1].Items![0]));
        Assert.Equal("0", t.Text("EXISTS", "z"));
        Assert.Equal(RespType.Null, t.Run("ZMPOP", "1", "z", "MAX").Type);
        Assert.Equal("ERR numkeys should be greater than 0", t.Text("ZMPOP", "0", "z", "MIN"));
        Assert.Equal("ERR count should be greater than 0", t.Text("ZMPOP", "1", "z", "MIN", "COUNT", "0"));
        Assert.Equal("ERR syntax error", t.Text("ZMPOP", "1", "z", "MIDDLE"));
    }

    [Fact]
    public void UnionInterDiffWithWeightsAndSets()
    {
        using var t = new TestServer();
        t.Run("ZADD", "u1", "1", "a", "2", "b", "3", "c");
        t.Run("ZADD", "u2", "10", "b", "20", "c", "30", "d");
        t.Run("SADD", "s", "a", "d", "x");
        Assert.Equal(["x", "1", "a", "2", "b", "12", "c", "23", "d", "31"], Texts(t.Run("ZUNION", "3", "u1", "u2", "s", "WITHSCORES")));
        Assert.Equal(["b", "34", "c", "66"], Texts(t.Run("ZINTER", "2", "u1", "u2", "WEIGHTS", "2", "3", "WITHSCORES")));
        Assert.Equal(["a", "1", "b", "2", "c", "3", "d", "30"], Texts(t.Run("ZUNION", "2", "u1", "u2", "AGGREGATE", "MIN", "WITHSCORES")));
        Assert.Equal(["a"], Texts(t.Run("ZDIFF", "2", "u1", "u2")));
        Assert.Equal("2", t.Text("ZINTERCARD", "2", "u1", "u2"));
        Assert.Equal("1", t.Text("ZINTERCARD", "2", "u1", "u2", "LIMIT", "1"));
        Assert.Equal("ERR at least 1 input key is needed for 'zunion' command", t.Text("ZUNION", "0", "u1"));
        Assert.Equal("ERR weight value is not a float", t.Text("ZUNION", "2", "u1", "u2", "WEIGHTS", "1", "x"));
        Assert.Equal("ERR syntax error", t.Text("ZDIFF", "2", "u1", "u2", "WEIGHTS", "1", "2"));
        Assert.Equal("ERR syntax error", t.Text("ZUNIONSTORE", "d", "2", "u1", "u2", "WITHSCORES"));
        // Opposite infinities sum to 0, and inf times a zero weight is 0.
        t.Run("ZADD", "inf", "inf", "a");
        Assert.Equal(["a", "0"], Texts(t.Run("ZUNION", "2", "inf", "inf", "WEIGHTS", "1", "-1", "WITHSCORES")));
        Assert.Equal(["a", "0"], Texts(t.Run("ZUNION", "1", "inf", "WEIGHTS", "0", "WITHSCORES")));
        t.Run("SET", "str", "x");
        Assert.StartsWith("WRONGTYPE", t.Text("ZUNION", "2", "u1", "str", "BADOPTION"));
    }

    [Fact]
    public void StoresReplaceOrDeleteTheDestination()
    {
        using var t = new TestServer();
        t.Run("ZADD", "src", "1", "a", "2", "b", "3", "c");
        t.Run("SET", "dst", "old");
        t.Run("EXPIRE", "dst", "100");
        Assert.Equal("2", t.Text("ZRANGESTORE", "dst", "src", "(1", "+inf", "BYSCORE"));
        Assert.Equal(["b", "2", "c", "3"], Texts(t.Run("ZRANGE", "dst", "0", "-1", "WITHSCORES")));
        Assert.Equal("-1", t.Text("TTL", "dst"));
        Assert.Equal("0", t.Text("ZDIFFSTORE", "dst", "2", "src", "src"));
        Assert.Equal("0", t.Text("EXISTS", "dst"));
        Assert.Equal("ERR syntax error", t.Text("ZRANGESTORE", "dst", "src", "0", "-1", "WITHSCORES"));
    }

    [Fact]
    public void RandomMembersAndScan()
    {
        using var t = new TestServer();
        t.Run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        Assert.Equal(["c", "3", "b", "2", "a", "1"], Texts(t.Run("ZRANDMEMBER", "z", "5", "WITHSCORES")));
        Assert.Equal(2, t.Run("ZRANDMEMBER", "z", "2").Items!.Select(i => i.Text).Distinct().Count());
        Assert.Equal(10, t.Run("ZRANDMEMBER", "z", "-10").Items!.Count);
        Assert.Equal("ERR syntax error", t.Text("ZRANDMEMBER", "z", "1", "WITHSCORE"));
        Assert.Null(t.Text("ZRANDMEMBER", "missing"));
        var scan = t.Run("ZSCAN", "z", "0", "MATCH", "[ab]");
        Assert.Equal("0", scan.Items![0].Text);
        Assert.Equal(["a", "1", "b", "2"], Texts(scan.Items[1]));

        for (int i = 0; i < 1000; i++) t.Run("ZADD", "big", i.ToString(), $"m{i}");
        var seen = new HashSet<string>();
        string cursor = "0";
        do
        {
            var page = t.Run("ZSCAN", "big", cursor, "COUNT", "50");
            cursor = page.Items![0].Text!;
            var items = Texts(page.Items[1]);
            for (int i = 0; i < items.Length; i += 2) Assert.Equal($"m{items[i + 1]}", items[i]);
            seen.UnionWith(items.Where((_, i) => i % 2 == 0));
        } while (cursor != "0");
        Assert.Equal(1000, seen.Count);
    }

    [Fact]
    public void KeyspaceEventsMatchRedis()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server, ignoreKeyMiss: true);
        t.Run("ZADD", "z", "1", "a", "2", "b");
        t.Run("ZADD", "z", "1", "a");
        t.Run("ZINCRBY", "z", "1", "a");
        t.Run("ZREM", "z", "a");
        t.Run("ZPOPMIN", "z");
        Assert.Equal(["new z@0", "zadd z@0", "zincr z@0", "zrem z@0", "zpopmin z@0", "del z@0"], events.Take());
        t.Run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        t.Run("ZREMRANGEBYSCORE", "z", "3", "3");
        t.Run("ZREMRANGEBYRANK", "z", "0", "0");
        t.Run("ZREMRANGEBYLEX", "z", "-", "+");
        Assert.Equal(["new z@0", "zadd z@0", "zremrangebyscore z@0", "zremrangebyrank z@0", "zremrangebylex z@0", "del z@0"], events.Take());
        t.Run("ZADD", "z", "1", "a");
        events.Take();
        t.Run("ZUNIONSTORE", "d", "1", "z");
        t.Run("ZINTERSTORE", "d", "1", "z");
        t.Run("ZRANGESTORE", "d", "z", "0", "-1");
        t.Run("ZDIFFSTORE", "d", "2", "z", "z");
        t.Run("ZMPOP", "1", "z", "MAX");
        Assert.Equal(["new d@0", "zunionstore d@0", "zinterstore d@0", "zrangestore d@0", "del d@0", "zpopmax z@0", "del z@0"], events.Take());
    }
}
