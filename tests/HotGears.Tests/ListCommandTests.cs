using HotGears.Resp;

namespace HotGears.Tests;

public class ListCommandTests
{
    private const string WrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";

    [Fact]
    public void PushesReplyTheLengthAndKeepOrder()
    {
        using var t = new TestServer();
        Assert.Equal("3", t.Text("RPUSH", "l", "a", "b", "c"));
        Assert.Equal("5", t.Text("LPUSH", "l", "y", "z"));
        Assert.Equal(["z", "y", "a", "b", "c"], t.Texts("LRANGE", "l", "0", "-1"));
        Assert.Equal("0", t.Text("LPUSHX", "none", "a"));
        Assert.Equal("0", t.Text("RPUSHX", "none", "a"));
        Assert.Equal("0", t.Text("EXISTS", "none"));
        Assert.Equal("6", t.Text("RPUSHX", "l", "d"));
        Assert.Equal("7", t.Text("LPUSHX", "l", "x"));
        Assert.Equal("list", t.Text("TYPE", "l"));
        Assert.Equal("quicklist", t.Text("OBJECT", "ENCODING", "l"));
    }

    [Fact]
    public void PopsWithAndWithoutCount()
    {
        using var t = new TestServer();
        t.Run("RPUSH", "l", "a", "b", "c", "d", "e");
        Assert.Equal("a", t.Text("LPOP", "l"));
        Assert.Equal("e", t.Text("RPOP", "l"));
        Assert.Equal(["d", "c"], t.Texts("RPOP", "l", "2"));
        Assert.Empty(t.Texts("LPOP", "l", "0"));
        Assert.Equal(["b"], t.Texts("LPOP", "l", "10"));
        Assert.Equal("0", t.Text("EXISTS", "l"));
        Assert.True(t.Run("LPOP", "l").IsNull);
        Assert.Equal(RespType.Null, t.Run("LPOP", "l").Type);
        var nullArray = t.Run("LPOP", "l", "0");
        Assert.True(nullArray.IsNull);
        Assert.Equal("ERR value is out of range, must be positive", t.Text("LPOP", "l", "-1"));
        Assert.Equal("ERR value is out of range, must be positive", t.Text("RPOP", "l", "x"));
        Assert.Equal("ERR wrong number of arguments for 'lpop' command", t.Text("LPOP", "l", "1", "2"));
    }

    [Fact]
    public void MissingKeyWithCountIsANullArrayInBothProtocols()
    {
        using var t = new TestServer();
        Assert.Equal("*-1\r\n", t.RawReply(2, "LPOP", "k", "1"));
        Assert.Equal("$-1\r\n", t.RawReply(2, "LPOP", "k"));
        Assert.Equal("*-1\r\n", t.RawReply(2, "LMPOP", "1", "k", "LEFT"));
        Assert.Equal("_\r\n", t.RawReply(3, "LPOP", "k", "1"));
        Assert.Equal("_\r\n", t.RawReply(3, "LPOP", "k"));
        t.Run("RPUSH", "k", "a");
        Assert.Equal("*0\r\n", t.RawReply(2, "LPOP", "k", "0"));
    }

    [Fact]
    public void IndexSetAndRange()
    {
        using var t = new TestServer();
        t.Run("RPUSH", "l", "a", "b", "c");
        Assert.Equal("c", t.Text("LINDEX", "l", "-1"));
        Assert.Equal("a", t.Text("LINDEX", "l", "0"));
        Assert.Null(t.Text("LINDEX", "l", "3"));
        Assert.Null(t.Text("LINDEX", "none", "x"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("LINDEX", "l", "x"));
        Assert.Equal("OK", t.Text("LSET", "l", "-2", "B"));
        Assert.Equal("ERR index out of range", t.Text("LSET", "l", "3", "x"));
        Assert.Equal("ERR no such key", t.Text("LSET", "none", "x", "x"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("LSET", "l", "x", "x"));
        Assert.Equal(["B", "c"], t.Texts("LRANGE", "l", "1", "100"));
        Assert.Equal(["a", "B"], t.Texts("LRANGE", "l", "-100", "-2"));
        Assert.Empty(t.Texts("LRANGE", "l", "2", "1"));
        Assert.Empty(t.Texts("LRANGE", "none", "0", "-1"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("LRANGE", "none", "x", "1"));
        Assert.Equal("3", t.Text("LLEN", "l"));
        Assert.Equal("0", t.Text("LLEN", "none"));
    }

    [Fact]
    public void InsertRemoveAndTrim()
    {
        using var t = new TestServer();
        t.Run("RPUSH", "l", "a", "b", "a", "c", "a");
        Assert.Equal("6", t.Text("LINSERT", "l", "before", "b", "x"));
        Assert.Equal("7", t.Text("LINSERT", "l", "AFTER", "c", "y"));
        Assert.Equal("-1", t.Text("LINSERT", "l", "after", "zz", "y"));
        Assert.Equal("0", t.Text("LINSERT", "none", "after", "a", "y"));
        Assert.Equal("ERR syntax error", t.Text("LINSERT", "none", "middle", "a", "y"));
        Assert.Equal(["a", "x", "b", "a", "c", "y", "a"], t.Texts("LRANGE", "l", "0", "-1"));
        Assert.Equal("1", t.Text("LREM", "l", "-1", "a"));
        Assert.Equal(["a", "x", "b", "a", "c", "y"], t.Texts("LRANGE", "l", "0", "-1"));
        Assert.Equal("2", t.Text("LREM", "l", "0", "a"));
        Assert.Equal("0", t.Text("LREM", "none", "0", "a"));
        Assert.Equal("OK", t.Text("LTRIM", "l", "1", "-2"));
        Assert.Equal(["b", "c"], t.Texts("LRANGE", "l", "0", "-1"));
        Assert.Equal("OK", t.Text("LTRIM", "l", "5", "10"));
        Assert.Equal("0", t.Text("EXISTS", "l"));
        Assert.Equal("OK", t.Text("LTRIM", "none", "0", "1"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("LTRIM", "none", "x", "1"));
    }

    [Fact]
    public void LRemWithMinimumCountRemovesAllFromTheTail()
    {
        using var t = new TestServer();
        t.Run("RPUSH", "l", "a", "b", "a");
        Assert.Equal("2", t.Text("LREM", "l", "-9223372036854775808", "a"));
        Assert.Equal(["b"], t.Texts("LRANGE", "l", "0", "-1"));
    }

    [Fact]
    public void LPosOptionsAndErrors()
    {
        using var t = new TestServer();
        t.Run("RPUSH", "l", "a", "b", "c", "a", "b", "a");
        Assert.Equal("0", t.Text("LPOS", "l", "a"));
        Assert.Equal("3", t.Text("LPOS", "l", "a", "RANK", "2"));
        Assert.Equal("5", t.Text("LPOS", "l", "a", "RANK", "-1"));
        Assert.Equal(["0", "3", "5"], t.Texts("LPOS", "l", "a", "COUNT", "0"));
        Assert.Equal(["3", "5"], t.Texts("LPOS", "l", "a", "RANK", "2", "COUNT", "5"));
        Assert.Equal(["5", "3"], t.Texts("LPOS", "l", "a", "RANK", "-1", "COUNT", "2"));
        Assert.Equal(["0"], t.Texts("LPOS", "l", "a", "COUNT", "0", "MAXLEN", "3"));
        Assert.Null(t.Text("LPOS", "l", "a", "RANK", "2", "MAXLEN", "3"));
        Assert.Null(t.Text("LPOS", "l", "zz"));
        Assert.Empty(t.Texts("LPOS", "l", "zz", "COUNT", "1"));
        Assert.Null(t.Text("LPOS", "none", "zz"));
        Assert.Empty(t.Texts("LPOS", "none", "zz", "COUNT", "1"));
        Assert.Equal("5", t.Text("LPOS", "l", "a", "RANK", "-9223372036854775808"));
        Assert.StartsWith("ERR RANK can't be zero: use 1 to start from the first match", t.Text("LPOS", "l", "a", "RANK", "0"));
        Assert.Equal("ERR COUNT can't be negative", t.Text("LPOS", "l", "a", "COUNT", "-1"));
        Assert.Equal("ERR COUNT can't be negative", t.Text("LPOS", "l", "a", "COUNT", "x"));
        Assert.Equal("ERR MAXLEN can't be negative", t.Text("LPOS", "l", "a", "MAXLEN", "-1"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("LPOS", "l", "a", "RANK", "x"));
        Assert.Equal("ERR syntax error", t.Text("LPOS", "l", "a", "RANK"));
        Assert.Equal("ERR syntax error", t.Text("LPOS", "l", "a", "FOO", "1"));
    }

    [Fact]
    public void MoveBetweenListsAndOntoItself()
    {
        using var t = new TestServer();
        t.Run("RPUSH", "src", "a", "b", "c");
        Assert.Equal("c", t.Text("RPOPLPUSH", "src", "dst"));
        Assert.Equal("a", t.Text("LMOVE", "src", "dst", "LEFT", "RIGHT"));
        Assert.Equal(["c", "a"], t.Texts("LRANGE", "dst", "0", "-1"));
        Assert.Equal("b", t.Text("LMOVE", "src", "src", "left", "right"));
        Assert.Equal(["b"], t.Texts("LRANGE", "src", "0", "-1"));
        Assert.Null(t.Text("LMOVE", "none", "dst", "left", "right"));
        Assert.Equal("ERR syntax error", t.Text("LMOVE", "src", "dst", "up", "right"));
        t.Run("SET", "s", "x");
        Assert.Equal(WrongType, t.Text("LMOVE", "src", "s", "left", "right"));
        Assert.Equal(["b"], t.Texts("LRANGE", "src", "0", "-1"));
    }

    [Fact]
    public void LMPopTakesFromTheFirstNonEmptyKey()
    {
        using var t = new TestServer();
        t.Run("RPUSH", "b", "1", "2", "3");
        var reply = t.Run("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "2");
        Assert.Equal("b", reply.Items![0].Text);
        Assert.Equal(["3", "2"], reply.Items[1].Items!.Select(i => i.Text));
        reply = t.Run("LMPOP", "2", "a", "b", "left");
        Assert.Equal(["1"], reply.Items![1].Items!.Select(i => i.Text));
        Assert.True(t.Run("LMPOP", "2", "a", "b", "left").IsNull);
        Assert.Equal("ERR numkeys should be greater than 0", t.Text("LMPOP", "0", "a", "left"));
        Assert.Equal("ERR numkeys should be greater than 0", t.Text("LMPOP", "x", "a", "left"));
        Assert.Equal("ERR syntax error", t.Text("LMPOP", "2", "a", "left"));
        Assert.Equal("ERR syntax error", t.Text("LMPOP", "1", "a", "up"));
        Assert.Equal("ERR count should be greater than 0", t.Text("LMPOP", "1", "a", "left", "COUNT", "0"));
        Assert.Equal("ERR syntax error", t.Text("LMPOP", "1", "a", "left", "COUNT", "1", "COUNT", "1"));
        t.Run("SET", "s", "x");
        Assert.Equal(WrongType, t.Text("LMPOP", "2", "a", "s", "left"));
    }

    [Fact]
    public void ListCommandsRefuseOtherTypes()
    {
        using var t = new TestServer();
        t.Run("SET", "s", "x");
        foreach (var command in new[]
                 {
                     new[] { "LPUSH", "s", "a" }, ["RPUSHX", "s", "a"], ["LPOP", "s"], ["RPOP", "s", "1"], ["LLEN", "s"],
                     ["LINDEX", "s", "0"], ["LSET", "s", "0", "a"], ["LRANGE", "s", "0", "1"], ["LTRIM", "s", "0", "1"],
                     ["LREM", "s", "0", "a"], ["LINSERT", "s", "before", "a", "b"], ["LPOS", "s", "a"], ["LMOVE", "s", "d", "left", "left"],
                     ["BLPOP", "none", "s", "0"], ["BLMOVE", "s", "d", "left", "left", "0"],
                 })
            Assert.Equal(WrongType, t.Text(command));
    }

    [Fact]
    public void EventsAsRedisFiresThem()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server, ignoreKeyMiss: true);
        t.Run("RPUSH", "l", "a", "b");
        Assert.Equal(["new l@0", "rpush l@0"], events.Take());
        t.Run("LPUSHX", "none", "a");
        Assert.Empty(events.Take());
        t.Run("LSET", "l", "0", "A");
        t.Run("LINSERT", "l", "before", "A", "z");
        t.Run("LINSERT", "l", "before", "nope", "z");
        Assert.Equal(["lset l@0", "linsert l@0"], events.Take());
        t.Run("LMOVE", "l", "d", "RIGHT", "LEFT");
        Assert.Equal(["new d@0", "lpush d@0", "rpop l@0"], events.Take());
        t.Run("LMOVE", "d", "l", "LEFT", "RIGHT");
        Assert.Equal(["rpush l@0", "lpop d@0", "del d@0"], events.Take());
        t.Run("LREM", "l", "0", "nope");
        Assert.Empty(events.Take());
        t.Run("LTRIM", "l", "0", "-1");
        Assert.Equal(["ltrim l@0"], events.Take());
        t.Run("LPOP", "l", "0");
        Assert.Empty(events.Take());
        t.Run("LPOP", "l", "2");
        Assert.Equal(["lpop l@0"], events.Take());
        t.Run("RPOP", "l");
        Assert.Equal(["rpop l@0", "del l@0"], events.Take());
        t.Run("RPUSH", "l", "a", "b");
        events.Take();
        t.Run("LREM", "l", "0", "a");
        t.Run("LTRIM", "l", "1", "0");
        Assert.Equal(["lrem l@0", "ltrim l@0", "del l@0"], events.Take());
    }

    [Fact]
    public void CopyIsIndependent()
    {
        using var t = new TestServer();
        t.Run("RPUSH", "l", "a", "b");
        t.Run("COPY", "l", "c");
        t.Run("LSET", "c", "0", "x");
        t.Run("RPUSH", "c", "y");
        Assert.Equal(["a", "b"], t.Texts("LRANGE", "l", "0", "-1"));
        Assert.Equal(["x", "b", "y"], t.Texts("LRANGE", "c", "0", "-1"));
    }
}
