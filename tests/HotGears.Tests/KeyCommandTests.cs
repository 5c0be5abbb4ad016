namespace HotGears.Tests;

/// <summary>Generic key commands; expected replies were checked against redis-server 7.0.15.</summary>
public class KeyCommandTests
{
    [Fact]
    public void DelCountsEachDeletedKeyOnceAndFiresDel()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server);
        t.Run("SET", "a", "1");
        t.Run("SET", "b", "2");
        events.Take();
        Assert.Equal("2", t.Text("DEL", "a", "nokey", "a", "b"));
        Assert.Equal(["del a@0", "del b@0"], events.Take());
        t.Run("SET", "c", "3");
        Assert.Equal("1", t.Text("UNLINK", "c", "c"));
        Assert.Equal("0", t.Text("DBSIZE"));
    }

    [Fact]
    public void DelOfAnExpiredKeyExpiresItAndCountsNothing()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server);
        t.Run("SET", "k", "v");
        t.MakeExpired("k");
        events.Take();
        Assert.Equal("0", t.Text("DEL", "k"));
        Assert.Equal(["expired k@0"], events.Take());
    }

    [Fact]
    public void ExistsCountsRepeatedKeysEachTime()
    {
        using var t = new TestServer();
        t.Run("SET", "a", "1");
        Assert.Equal("3", t.Text("EXISTS", "a", "a", "nokey", "a"));
        Assert.Equal("0", t.Text("EXISTS", "nokey"));
    }

    [Fact]
    public void TypeNamesTheValueOrNone()
    {
        using var t = new TestServer();
        t.Run("SET", "s", "x");
        var reply = t.Run("TYPE", "s");
        Assert.Equal(HotGears.Resp.RespType.SimpleString, reply.Type);
        Assert.Equal("string", reply.Text);
        Assert.Equal("none", t.Text("TYPE", "nokey"));
        t.MakeExpired("s");
        Assert.Equal("none", t.Text("TYPE", "s"));
    }

    [Fact]
    public void TouchCountsExistingKeys()
    {
        using var t = new TestServer();
        t.Run("SET", "a", "1");
        t.AgeAccess("a", 100);
        Assert.Equal("2", t.Text("TOUCH", "a", "nokey", "a"));
        Assert.Equal("0", t.Text("OBJECT", "IDLETIME", "a"));
    }

    [Fact]
    public void RandomKeySkipsExpiredKeys()
    {
        using var t = new TestServer();
        Assert.Null(t.Text("RANDOMKEY"));
        t.Run("SET", "gone", "1");
        t.Run("SET", "live", "1");
        t.MakeExpired("gone");
        for (int i = 0; i < 20; i++) Assert.Equal("live", t.Text("RANDOMKEY"));
        Assert.Equal("1", t.Text("DBSIZE"));
        t.MakeExpired("live");
        Assert.Null(t.Text("RANDOMKEY"));
    }

    [Fact]
    public void RenameMovesValueAndTtlAndFiresEvents()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server);
        t.Run("SET", "a", "1");
        t.Run("SET", "b", "2");
        t.Run("PEXPIRE", "a", "100000");
        events.Take();
        Assert.Equal("OK", t.Text("RENAME", "a", "b"));
        Assert.Equal(["new b@0", "rename_from a@0", "rename_to b@0"], events.Take());
        Assert.Equal("1", t.Text("GET", "b"));
        Assert.Equal("0", t.Text("EXISTS", "a"));
        Assert.InRange(t.Run("PTTL", "b").Integer, 99000, 100000);
    }

    [Fact]
    public void RenameEdgeCases()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server);
        Assert.Equal("ERR no such key", t.Text("RENAME", "nokey", "x"));
        Assert.Equal("ERR no such key", t.Text("RENAMENX", "nokey", "nokey"));
        t.Run("SET", "a", "1");
        t.Run("SET", "b", "2");
        events.Take();
        Assert.Equal("OK", t.Text("RENAME", "a", "a"));
        Assert.Equal("0", t.Text("RENAMENX", "a", "a"));
        Assert.Equal("0", t.Text("RENAMENX", "a", "b"));
        Assert.Empty(events.Take());
        Assert.Equal("1", t.Text("RENAMENX", "a", "c"));
        Assert.Equal("1", t.Text("GET", "c"));
        t.Run("SET", "x", "1");
        t.MakeExpired("b");
        events.Take();
        Assert.Equal("1", t.Text("RENAMENX", "x", "b")); // an expired destination does not block
        Assert.Equal(["expired b@0", "new b@0", "rename_from x@0", "rename_to b@0"], events.Take());
    }

    [Fact]
    public void CopyMakesAnIndependentValue()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server);
        t.Run("SET", "a", "10");
        t.Run("PEXPIRE", "a", "100000");
        events.Take();
        Assert.Equal("1", t.Text("COPY", "a", "b"));
        Assert.Equal(["new b@0", "copy_to b@0"], events.Take());
        t.Run("SET", "b", "20", "KEEPTTL"); // same length: stored in place, so a shared array would show here
        Assert.Equal("10", t.Text("GET", "a"));
        Assert.InRange(t.Run("PTTL", "b").Integer, 99000, 100000);
    }

    [Fact]
    public void CopyOptionsAndErrors()
    {
        using var t = new TestServer();
        t.Run("SET", "a", "1");
        t.Run("SET", "b", "2");
        Assert.Equal("0", t.Text("COPY", "a", "b"));
        Assert.Equal("1", t.Text("COPY", "a", "b", "REPLACE"));
        Assert.Equal("1", t.Text("GET", "b"));
        Assert.Equal("0", t.Text("COPY", "nokey", "c"));
        Assert.Equal("1", t.Text("COPY", "a", "a", "DB", "1"));
        Assert.Equal("0", t.Text("COPY", "a", "a", "DB", "1"));
        Assert.Equal("ERR source and destination objects are the same", t.Text("COPY", "a", "a"));
        Assert.Equal("ERR source and destination objects are the same", t.Text("COPY", "a", "a", "DB", "0"));
        Assert.Equal("ERR syntax error", t.Text("COPY", "a", "c", "DB"));
        Assert.Equal("ERR syntax error", t.Text("COPY", "a", "c", "FOO"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("COPY", "a", "c", "DB", "x"));
        Assert.Equal("ERR DB index is out of range", t.Text("COPY", "a", "c", "DB", "16"));
        t.Run("SELECT", "1");
        Assert.Equal("1", t.Text("GET", "a"));
    }

    [Fact]
    public void MoveTakesTheKeyToAnotherDatabase()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server);
        t.Run("SET", "k", "v");
        t.Run("PEXPIRE", "k", "100000");
        events.Take();
        Assert.Equal("1", t.Text("MOVE", "k", "1"));
        Assert.Equal(["new k@1", "move_from k@0", "move_to k@1"], events.Take());
        Assert.Equal("0", t.Text("MOVE", "k", "1"));
        Assert.Equal("ERR source and destination objects are the same", t.Text("MOVE", "k", "0"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("MOVE", "k", "x"));
        Assert.Equal("ERR value is out of range, value must between -2147483648 and 2147483647", t.Text("MOVE", "k", "4294967296"));
        Assert.Equal("ERR DB index is out of range", t.Text("MOVE", "k", "16"));
        t.Run("SELECT", "1");
        Assert.Equal("v", t.Text("GET", "k"));
        Assert.InRange(t.Run("PTTL", "k").Integer, 99000, 100000);
        t.Run("SET", "k2", "x");
        t.Run("SELECT", "0");
        t.Run("SET", "k2", "y");
        Assert.Equal("0", t.Text("MOVE", "k2", "1")); // taken in the target
    }

    [Fact]
    public void ObjectEncodingFollowsRedisStringRules()
    {
        using var t = new TestServer();
        t.Run("SET", "int", "-5");
        t.Run("SET", "toolong", "12345678901234567890"); // 20 digits but above long.MaxValue
        t.Run("SET", "padded", " 5");
        t.Run("SET", "emb", new string('a', 44));
        t.Run("SET", "raw", new string('a', 45));
        Assert.Equal("int", t.Text("OBJECT", "ENCODING", "int"));
        Assert.Equal("embstr", t.Text("OBJECT", "ENCODING", "toolong"));
        Assert.Equal("embstr", t.Text("OBJECT", "ENCODING", "padded"));
        Assert.Equal("embstr", t.Text("OBJECT", "ENCODING", "emb"));
        Assert.Equal("raw", t.Text("OBJECT", "ENCODING", "raw"));
        Assert.True(t.Run("OBJECT", "ENCODING", "nokey").IsNull);
    }

    [Fact]
    public void ObjectRefcountShowsSharedSmallIntegers()
    {
        using var t = new TestServer();
        t.Run("SET", "small", "9999");
        t.Run("SET", "big", "10000");
        t.Run("SET", "text", "abc");
        Assert.Equal("2147483647", t.Text("OBJECT", "REFCOUNT", "small"));
        Assert.Equal("1", t.Text("OBJECT", "REFCOUNT", "big"));
        Assert.Equal("1", t.Text("OBJECT", "REFCOUNT", "text"));
        Assert.True(t.Run("OBJECT", "REFCOUNT", "nokey").IsNull);
    }

    [Fact]
    public void ObjectIdletimeCountsFromTheLastTouchingAccess()
    {
        using var t = new TestServer();
        t.Run("SET", "k", "v");
        Assert.Equal("0", t.Text("OBJECT", "IDLETIME", "k"));
        t.AgeAccess("k", 100);
        // Introspection does not count as access...
        t.Run("TYPE", "k");
        t.Run("EXISTS", "k");
        t.Run("TTL", "k");
        t.Run("OBJECT", "ENCODING", "k");
        Assert.Equal("100", t.Text("OBJECT", "IDLETIME", "k"));
        // ...reads and writes do.
        t.Run("GET", "k");
        Assert.Equal("0", t.Text("OBJECT", "IDLETIME", "k"));
        t.AgeAccess("k", 50);
        t.Run("RENAME", "k", "k2"); // the access stamp moves with the key
        Assert.Equal("0", t.Text("OBJECT", "IDLETIME", "k2"));
    }

    [Fact]
    public void ObjectFreqNeedsAnLfuPolicy()
    {
        using var t = new TestServer();
        t.Run("SET", "k", "v");
        Assert.Equal("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
            t.Text("OBJECT", "FREQ", "k"));
        Assert.Null(t.Server.Config.Set("maxmemory-policy", "ALLKEYS-LFU"));
        Assert.Equal("allkeys-lfu", t.Server.Config.MaxMemoryPolicy);
        t.Run("SET", "new", "v");
        Assert.Equal("5", t.Text("OBJECT", "FREQ", "new")); // LFU_INIT_VAL
        for (int i = 0; i < 200; i++) t.Run("GET", "new");
        Assert.InRange(t.Run("OBJECT", "FREQ", "new").Integer, 6, 255);
        Assert.Equal("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
            t.Text("OBJECT", "IDLETIME", "new"));
        Assert.Equal("argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction",
            t.Server.Config.Set("maxmemory-policy", "lfu"));
    }

    [Fact]
    public void ObjectHelpAndErrors()
    {
        using var t = new TestServer();
        var help = t.Texts("OBJECT", "HELP");
        Assert.Equal(15, help.Length);
        Assert.Equal("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help[0]);
        Assert.Equal("ENCODING <key>", help[1]);
        Assert.Equal("    Prints this help.", help[^1]);
        Assert.Equal("ERR unknown subcommand 'foo'. Try OBJECT HELP.", t.Text("OBJECT", "foo", "k"));
        Assert.Equal("ERR wrong number of arguments for 'object|encoding' command", t.Text("OBJECT", "ENCODING"));
        Assert.Equal("ERR wrong number of arguments for 'object|help' command", t.Text("OBJECT", "HELP", "x"));
    }
}
