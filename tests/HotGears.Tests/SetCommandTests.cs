using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Tests;

public class SetCommandTests
{
    private const string WrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";

    private static string?[] Texts(RespValue reply) => reply.Items!.Select(i => i.IsNull ? null : i.Text).ToArray();

    private static string[] Sorted(RespValue reply) => Texts(reply).Select(s => s!).Order(StringComparer.Ordinal).ToArray();

    private static SetValue? Set(TestServer t, string key) =>
        (SetValue?)t.Server.Databases[0].Get(System.Text.Encoding.UTF8.GetBytes(key));

    [Fact]
    public void SAddAndSRemCountChangesAndFireEvents()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server, ignoreKeyMiss: true);
        Assert.Equal("2", t.Text("SADD", "s", "a", "b", "a"));
        Assert.Equal(["new s@0", "sadd s@0"], events.Take());
        Assert.Equal("0", t.Text("SADD", "s", "a"));
        Assert.Empty(events.Take());
        Assert.Equal("2", t.Text("SCARD", "s"));
        Assert.Equal("1", t.Text("SISMEMBER", "s", "a"));
        Assert.Equal("0", t.Text("SISMEMBER", "s", "z"));
        Assert.Equal([1L, 0L, 1L], t.Run("SMISMEMBER", "s", "a", "z", "b").Items!.Select(i => i.Integer));
        Assert.Equal([0L, 0L], t.Run("SMISMEMBER", "missing", "a", "b").Items!.Select(i => i.Integer));
        Assert.Equal("0", t.Text("SREM", "s", "z"));
        Assert.Empty(events.Take());
        Assert.Equal("2", t.Text("SREM", "s", "a", "b", "c"));
        Assert.Equal(["srem s@0", "del s@0"], events.Take());
        Assert.Null(Set(t, "s"));
        Assert.Equal("0", t.Text("SCARD", "s"));
    }

    [Fact]
    public void IntegerSetsAreIntsetsListedInNumericOrder()
    {
        using var t = new TestServer();
        t.Run("SADD", "s", "10", "-5", "3", "0");
        Assert.Equal("intset", Set(t, "s")!.EncodingName);
        Assert.Equal(["-5", "0", "3", "10"], Texts(t.Run("SMEMBERS", "s")));
        Assert.Equal("0", t.Text("SISMEMBER", "s", "03"));
        t.Run("SADD", "s", "03");
        Assert.Equal("hashtable", Set(t, "s")!.EncodingName);
        Assert.Equal(["-5", "0", "03", "10", "3"], Sorted(t.Run("SMEMBERS", "s")));

        for (int i = 0; i < 512; i++) t.Run("SADD", "big", i.ToString());
        Assert.Equal("intset", Set(t, "big")!.EncodingName);
        t.Run("SADD", "big", "512");
        Assert.Equal("hashtable", Set(t, "big")!.EncodingName);
        Assert.Equal("513", t.Text("SCARD", "big"));
        Assert.Equal("1", t.Text("SISMEMBER", "big", "77"));
    }

    [Fact]
    public void SMembersIsASetInResp3()
    {
        using var t = new TestServer();
        t.Run("SADD", "s", "a");
        t.Client.Session.Protocol = 3;
        Assert.Equal(RespType.Set, t.Run("SMEMBERS", "s").Type);
        Assert.Equal(RespType.Set, t.Run("SMEMBERS", "missing").Type);
        Assert.Equal(RespType.Set, t.Run("SUNION", "s", "missing").Type);
        Assert.Equal(RespType.Array, t.Run("SRANDMEMBER", "s", "2").Type);
    }

    [Fact]
    public void SetCommandsRefuseOtherTypes()
    {
        using var t = new TestServer();
        t.Run("SET", "str", "x");
        t.Run("SADD", "s", "a");
        Assert.Equal(WrongType, t.Text("SADD", "str", "a"));
        Assert.Equal(WrongType, t.Text("SREM", "str", "a"));
        Assert.Equal(WrongType, t.Text("SMEMBERS", "str"));
        Assert.Equal(WrongType, t.Text("SMISMEMBER", "str", "a"));
        Assert.Equal(WrongType, t.Text("SPOP", "str"));
        Assert.Equal(WrongType, t.Text("SINTER", "missing", "str"));
        Assert.Equal(WrongType, t.Text("SUNION", "str", "s"));
        Assert.Equal(WrongType, t.Text("SDIFF", "s", "str"));
        Assert.Equal(WrongType, t.Text("SINTERCARD", "2", "missing", "str"));
        Assert.Equal(WrongType, t.Text("SMOVE", "s", "str", "a"));
        Assert.Equal("0", t.Text("SMOVE", "missing", "str", "a"));
        Assert.Equal(WrongType, t.Text("SSCAN", "str", "0"));
    }

    [Fact]
    public void SPopRemovesRandomMembers()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server, ignoreKeyMiss: true);
        t.Run("SADD", "s", "a", "b", "c", "d", "e");
        events.Take();
        string popped = t.Text("SPOP", "s")!;
        Assert.Equal(["spop s@0"], events.Take());
        Assert.Equal("0", t.Text("SISMEMBER", "s", popped));
        var two = Texts(t.Run("SPOP", "s", "2"));
        Assert.Equal(2, two.Distinct().Count());
        Assert.Equal("2", t.Text("SCARD", "s"));
        Assert.Equal(2, Texts(t.Run("SPOP", "s", "10")).Length);
        Assert.Equal(["spop s@0", "spop s@0", "del s@0"], events.Take());
        Assert.Null(Set(t, "s"));

        Assert.True(t.Run("SPOP", "s").IsNull);
        Assert.Empty(t.Run("SPOP", "s", "3").Items!);
        Assert.Equal("ERR value is out of range, must be positive", t.Text("SPOP", "s", "-1"));
        Assert.Equal("ERR value is out of range, must be positive", t.Text("SPOP", "s", "x"));
        Assert.Equal("ERR syntax error", t.Text("SPOP", "s", "1", "2"));

        t.Run("SADD", "last", "only");
        Assert.Equal("only", t.Text("SPOP", "last"));
        Assert.Equal(["new last@0", "sadd last@0", "spop last@0", "del last@0"], events.Take());
    }

    [Theory]
    [InlineData(10)]
    [InlineData(600)]
    public void SRandMemberPicksDistinctOrRepeatedMembers(int size)
    {
        using var t = new TestServer();
        for (int i = 0; i < size; i++) t.Run("SADD", "s", i.ToString());
        foreach (int count in new[] { 1, 3, size / 2, size - 1, size, size + 5 })
        {
            var members = Texts(t.Run("SRANDMEMBER", "s", count.ToString()));
            Assert.Equal(Math.Min(count, size), members.Length);
            Assert.Equal(members.Length, members.Distinct().Count());
            Assert.All(members, m => Assert.InRange(int.Parse(m!), 0, size - 1));
        }
        Assert.Equal(40, Texts(t.Run("SRANDMEMBER", "s", "-40")).Length);
        Assert.InRange(int.Parse(t.Text("SRANDMEMBER", "s")!), 0, size - 1);
        Assert.Equal(size.ToString(), t.Text("SCARD", "s"));

        Assert.True(t.Run("SRANDMEMBER", "missing").IsNull);
        Assert.Empty(t.Run("SRANDMEMBER", "missing", "5").Items!);
        Assert.Empty(t.Run("SRANDMEMBER", "s", "0").Items!);
        Assert.Equal("ERR value is not an integer or out of range", t.Text("SRANDMEMBER", "s", "x"));
        Assert.Equal("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
            t.Text("SRANDMEMBER", "s", "-9223372036854775808"));
        Assert.Equal("ERR syntax error", t.Text("SRANDMEMBER", "s", "1", "2"));
    }

    [Fact]
    public void SMoveMovesBetweenSetsWithEvents()
    {
        using var t = new TestServer();
        t.Run("SADD", "from", "a", "b");
        var events = new KeyspaceEventRecorder(t.Server, ignoreKeyMiss: true);
        Assert.Equal("1", t.Text("SMOVE", "from", "to", "a"));
        Assert.Equal(["srem from@0", "new to@0", "sadd to@0"], events.Take());
        Assert.Equal("0", t.Text("SMOVE", "from", "to", "zz"));
        Assert.Equal("1", t.Text("SMOVE", "from", "from", "b"));
        Assert.Equal("0", t.Text("SMOVE", "from", "from", "zz"));
        Assert.Empty(events.Take());
        t.Run("SADD", "to", "b");
        events.Take();
        Assert.Equal("1", t.Text("SMOVE", "from", "to", "b"));
        Assert.Equal(["srem from@0", "del from@0"], events.Take());
        Assert.Equal(["a", "b"], Sorted(t.Run("SMEMBERS", "to")));
    }

    [Fact]
    public void SInterAndItsVariants()
    {
        using var t = new TestServer();
        t.Run("SADD", "a", "1", "2", "3", "4", "x");
        t.Run("SADD", "b", "2", "3", "4", "5", "x");
        t.Run("SADD", "c", "3", "4", "5", "6", "x");
        Assert.Equal(["3", "4", "x"], Sorted(t.Run("SINTER", "a", "b", "c")));
        Assert.Empty(t.Run("SINTER", "a", "missing").Items!);
        Assert.Equal(["1", "2", "3", "4", "x"], Sorted(t.Run("SINTER", "a", "a")));

        Assert.Equal("3", t.Text("SINTERCARD", "3", "a", "b", "c"));
        Assert.Equal("2", t.Text("SINTERCARD", "3", "a", "b", "c", "LIMIT", "2"));
        Assert.Equal("3", t.Text("SINTERCARD", "3", "a", "b", "c", "LIMIT", "0"));
        Assert.Equal("0", t.Text("SINTERCARD", "2", "a", "missing"));
        Assert.Equal("ERR numkeys should be greater than 0", t.Text("SINTERCARD", "0", "a"));
        Assert.Equal("ERR numkeys should be greater than 0", t.Text("SINTERCARD", "x", "a"));
        Assert.Equal("ERR Number of keys can't be greater than number of args", t.Text("SINTERCARD", "2", "a"));
        Assert.Equal("ERR syntax error", t.Text("SINTERCARD", "1", "a", "b"));
        Assert.Equal("ERR syntax error", t.Text("SINTERCARD", "1", "a", "LIMIT"));
        Assert.Equal("ERR LIMIT can't be negative", t.Text("SINTERCARD", "1", "a", "LIMIT", "-1"));
        Assert.Equal("ERR LIMIT can't be negative", t.Text("SINTERCARD", "1", "a", "LIMIT", "x"));

        var events = new KeyspaceEventRecorder(t.Server, ignoreKeyMiss: true);
        t.Run("SET", "dest", "string value");
        t.Server.Databases[0].SetExpire("dest"u8, t.Server.NowMs + 100_000);
        events.Take();
        Assert.Equal("3", t.Text("SINTERSTORE", "dest", "a", "b", "c"));
        Assert.Equal(["sinterstore dest@0"], events.Take());
        Assert.Equal(-1, t.Server.Databases[0].GetExpire("dest"u8));
        Assert.Equal(["3", "4", "x"], Sorted(t.Run("SMEMBERS", "dest")));
        Assert.Equal("0", t.Text("SINTERSTORE", "dest", "a", "missing"));
        Assert.Equal(["del dest@0"], events.Take());
        Assert.Equal("0", t.Text("SINTERSTORE", "dest", "a", "missing"));
        Assert.Empty(events.Take());
    }

    [Fact]
    public void SUnionAndSDiffWithTheirStoreForms()
    {
        using var t = new TestServer();
        t.Run("SADD", "a", "1", "2", "3", "x");
        t.Run("SADD", "b", "3", "4");
        t.Run("SADD", "n", "5", "1", "3");
        Assert.Equal(["1", "2", "3", "4", "x"], Sorted(t.Run("SUNION", "a", "b", "missing")));
        Assert.Equal(["1", "3", "4", "5"], Texts(t.Run("SUNION", "n", "b")));
        Assert.Equal(["1", "2", "x"], Sorted(t.Run("SDIFF", "a", "b", "missing")));
        Assert.Equal(["5"], Texts(t.Run("SDIFF", "n", "a")));
        Assert.Empty(t.Run("SDIFF", "missing", "a").Items!);
        Assert.Empty(t.Run("SDIFF", "a", "b", "a").Items!);

        var events = new KeyspaceEventRecorder(t.Server, ignoreKeyMiss: true);
        Assert.Equal("5", t.Text("SUNIONSTORE", "u", "a", "b"));
        Assert.Equal(["new u@0", "sunionstore u@0"], events.Take());
        Assert.Equal("2", t.Text("SDIFFSTORE", "u", "a", "n"));
        Assert.Equal(["sdiffstore u@0"], events.Take());
        Assert.Equal(["2", "x"], Sorted(t.Run("SMEMBERS", "u")));
        Assert.Equal("0", t.Text("SDIFFSTORE", "u", "a", "a"));
        Assert.Equal(["del u@0"], events.Take());
        Assert.Equal("0", t.Text("SUNIONSTORE", "u", "missing"));
        Assert.Empty(events.Take());
    }

    [Fact]
    public void SScanReturnsAnIntsetAtOnceAndIteratesAHashtable()
    {
        using var t = new TestServer();
        t.Run("SADD", "ints", "3", "1", "2", "11");
        var reply = t.Run("SSCAN", "ints", "0", "MATCH", "1*");
        Assert.Equal("0", reply.Items![0].Text);
        Assert.Equal(["1", "11"], Texts(reply.Items[1]));

        for (int i = 0; i < 700; i++) t.Run("SADD", "big", $"m{i}");
        var seen = new HashSet<string>();
        string cursor = "0";
        int calls = 0;
        do
        {
            reply = t.Run("SSCAN", "big", cursor);
            cursor = reply.Items![0].Text!;
            foreach (var member in Texts(reply.Items[1])) seen.Add(member!);
            calls++;
        } while (cursor != "0");
        Assert.Equal(700, seen.Count);
        Assert.True(calls > 1);
        Assert.Equal("ERR invalid cursor", t.Text("SSCAN", "big", "-"));
    }

    [Fact]
    public void DeepCopyIsIndependent()
    {
        foreach (var members in new[] { new[] { "1", "2", "3" }, new[] { "a", "b", "c" } })
        {
            var set = new SetValue();
            foreach (var m in members) set.Add(System.Text.Encoding.UTF8.GetBytes(m));
            var copy = (SetValue)set.DeepCopy();
            set.Remove(System.Text.Encoding.UTF8.GetBytes(members[0]));
            Assert.Equal(set.EncodingName, copy.EncodingName);
            Assert.Equal(3, copy.Count);
            Assert.True(copy.Contains(System.Text.Encoding.UTF8.GetBytes(members[0])));
        }
    }
}
