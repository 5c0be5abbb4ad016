using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Tests;

/// <summary>Stream entry commands; replies checked against redis-server 7.0.15.</summary>
public class StreamCommandTests
{
    [Fact]
    public void XAddValidatesIdsAndAppends()
    {
        using var t = new TestServer();
        Assert.Equal("1-1", t.Text("XADD", "s", "1-1", "a", "1"));
        Assert.Equal("ERR The ID specified in XADD is equal or smaller than the target stream top item", t.Text("XADD", "s", "1-1", "a", "1"));
        Assert.Equal("ERR The ID specified in XADD must be greater than 0-0", t.Text("XADD", "t", "0-0", "a", "1"));
        Assert.Equal(0, t.Run("EXISTS", "t").Integer);
        Assert.Equal("1-2", t.Text("XADD", "s", "1-*", "b", "2"));
        Assert.Equal("5-0", t.Text("XADD", "s", "5", "c", "3"));
        Assert.Equal("ERR Invalid stream ID specified as stream command argument", t.Text("XADD", "s", "abc", "a", "1"));
        Assert.Equal("ERR Invalid stream ID specified as stream command argument", t.Text("XADD", "s", "-", "a", "1"));
        Assert.Equal("ERR wrong number of arguments for 'xadd' command", t.Text("XADD", "s", "6-1", "a"));
        Assert.Equal("ERR syntax error, MAXLEN and MINID options at the same time are not compatible", t.Text("XADD", "s", "MAXLEN", "2", "MINID", "1", "7-0", "a", "1"));
        Assert.Equal("ERR syntax error, LIMIT cannot be used without the special ~ option", t.Text("XADD", "s", "MAXLEN", "10", "LIMIT", "10", "7-0", "a", "1"));
        Assert.Equal("ERR The MAXLEN argument must be >= 0.", t.Text("XADD", "s", "MAXLEN", "-1", "7-0", "a", "1"));
        Assert.True(t.Run("XADD", "nokey", "NOMKSTREAM", "*", "a", "1").IsNull);
        Assert.Equal(3, t.Run("XLEN", "s").Integer);
        t.Run("SET", "str", "x");
        Assert.StartsWith("WRONGTYPE", t.Text("XADD", "str", "*", "a", "1"));
    }

    [Fact]
    public void AutoIdsFollowTheClockAndNeverGoBack()
    {
        using var t = new TestServer();
        t.Run("XADD", "s", "99999999999999-5", "a", "1");
        Assert.Equal("99999999999999-6", t.Text("XADD", "s", "*", "a", "1"));
        var fresh = t.Text("XADD", "u", "*", "a", "1")!;
        Assert.EndsWith("-0", fresh);
        Assert.Equal("18446744073709551615-18446744073709551615", t.Text("XADD", "max", "18446744073709551615-18446744073709551615", "a", "1"));
        Assert.Equal("ERR The stream has exhausted the last possible ID, unable to add more items", t.Text("XADD", "max", "*", "a", "1"));
    }

    [Fact]
    public void XAddTrimsAndFiresEvents()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server, ignoreKeyMiss: true);
        for (int i = 1; i <= 5; i++) t.Run("XADD", "s", $"{i}-0", "f", "v");
        Assert.Equal("6-0", t.Text("XADD", "s", "MAXLEN", "=", "3", "6-0", "f", "v"));
        Assert.Equal(new[] { "4-0", "5-0", "6-0" }, Ids(t.Run("XRANGE", "s", "-", "+")));
        var fired = events.Take();
        Assert.Equal(["new s@0", "xadd s@0", "xadd s@0", "xadd s@0", "xadd s@0", "xadd s@0", "xadd s@0", "xtrim s@0"], fired);
        Assert.Equal(1, t.Run("XTRIM", "s", "MINID", "5").Integer);
        Assert.Equal(0, t.Run("XTRIM", "s", "MAXLEN", "~", "1").Integer); // the one node cannot go whole
        Assert.Equal(1, t.Run("XDEL", "s", "5-0", "9-9").Integer);
        Assert.Equal(1, t.Run("XTRIM", "s", "MAXLEN", "~", "0").Integer);
        Assert.Equal(["xtrim s@0", "xdel s@0", "xtrim s@0"], events.Take());
        Assert.Equal("ERR syntax error, XTRIM must be called with a trimming strategy", t.Text("XTRIM", "s", "LIMIT", "0"));
    }

    [Fact]
    public void ApproximateTrimDropsWholeNodesOnly()
    {
        using var t = new TestServer();
        for (int i = 1; i <= 250; i++) t.Run("XADD", "s", $"{i}-0", "f", "v");
        Assert.Equal(100, t.Run("XTRIM", "s", "MAXLEN", "~", "120").Integer);
        Assert.Equal(150, t.Run("XLEN", "s").Integer);
        Assert.Equal(0, t.Run("XTRIM", "s", "MAXLEN", "~", "100", "LIMIT", "50").Integer);
        Assert.Equal(100, t.Run("XTRIM", "s", "MINID", "~", "250").Integer);
        Assert.Equal(2, Info(t, "s")["radix-tree-nodes"].Integer); // one node left: root + leaf
    }

    [Fact]
    public void RangesHonourExclusiveEndsAndCount()
    {
        using var t = new TestServer();
        foreach (var id in new[] { "1-1", "1-2", "2-0", "3-5" }) t.Run("XADD", "s", id, "f", id);
        Assert.Equal(new[] { "1-2", "2-0", "3-5" }, Ids(t.Run("XRANGE", "s", "(1-1", "+")));
        Assert.Equal(new[] { "1-1", "1-2" }, Ids(t.Run("XRANGE", "s", "1", "1")));
        Assert.Equal(new[] { "3-5", "2-0" }, Ids(t.Run("XREVRANGE", "s", "+", "-", "COUNT", "2")));
        Assert.Equal(new[] { "2-0", "1-2", "1-1" }, Ids(t.Run("XREVRANGE", "s", "(3-5", "-")));
        Assert.True(t.Run("XRANGE", "s", "-", "+", "COUNT", "0").IsNull);
        Assert.Equal("ERR invalid start ID for the interval", t.Text("XRANGE", "s", "(18446744073709551615-18446744073709551615", "+"));
        Assert.Equal("ERR invalid end ID for the interval", t.Text("XRANGE", "s", "-", "(0-0"));
        Assert.Equal("ERR Invalid stream ID specified as stream command argument", t.Text("XRANGE", "s", "(-", "+"));
        Assert.Equal("ERR syntax error", t.Text("XRANGE", "s", "-", "+", "COUNT"));
        Assert.Empty(t.Run("XRANGE", "nokey", "-", "+").Items!);
    }

    [Fact]
    public void XReadServesNewerEntriesOrANullArray()
    {
        using var t = new TestServer();
        t.Run("XADD", "a", "1-0", "f", "1");
        t.Run("XADD", "a", "2-0", "f", "2");
        var reply = t.Run("XREAD", "COUNT", "1", "STREAMS", "a", "nokey", "0", "0");
        Assert.Single(reply.Items!);
        Assert.Equal("a", reply.Items![0].Items![0].Text);
        Assert.Equal(new[] { "1-0" }, Ids(reply.Items![0].Items![1]));
        Assert.True(t.Run("XREAD", "STREAMS", "a", "$").IsNull);
        Assert.True(t.Run("XREAD", "BLOCK", "10", "STREAMS", "a", "$").IsNull); // no blocking yet: a timeout
        Assert.Equal("ERR timeout is negative", t.Text("XREAD", "BLOCK", "-1", "STREAMS", "a", "$"));
        Assert.Equal("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.", t.Text("XREAD", "STREAMS", "a", "b", "0"));
        Assert.Equal("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.", t.Text("XREAD", "STREAMS", "a", ">"));
        Assert.Equal("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.", t.Text("XREAD", "GROUP", "g", "c", "STREAMS", "a", "0"));
        t.Client.Session.Protocol = 3;
        var map = t.Run("XREAD", "STREAMS", "a", "1-0");
        Assert.Equal(RespType.Map, map.Type);
    }

    [Fact]
    public void XSetIdAndXInfoStreamCounters()
    {
        using var t = new TestServer();
        t.Run("XADD", "s", "1-0", "a", "1");
        t.Run("XADD", "s", "2-0", "a", "1");
        t.Run("XDEL", "s", "1-0");
        Assert.Equal("ERR The ID specified in XSETID is smaller than the target stream top item", t.Text("XSETID", "s", "1-0"));
        Assert.Equal("ERR The entries_added specified in XSETID is smaller than the target stream length", t.Text("XSETID", "s", "5-0", "ENTRIESADDED", "0"));
        Assert.Equal("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id", t.Text("XSETID", "s", "5-0", "MAXDELETEDID", "6-0"));
        Assert.Equal("ERR no such key", t.Text("XSETID", "nokey", "1-1"));
        Assert.Equal("OK", t.Text("XSETID", "s", "9-0", "ENTRIESADDED", "7", "MAXDELETEDID", "3-0"));
        var info = Info(t, "s");
        Assert.Equal(1, info["length"].Integer);
        Assert.Equal("9-0", info["last-generated-id"].Text);
        Assert.Equal("3-0", info["max-deleted-entry-id"].Text);
        Assert.Equal(7, info["entries-added"].Integer);
        Assert.Equal("2-0", info["recorded-first-entry-id"].Text);
        Assert.Equal(1, info["radix-tree-keys"].Integer);
        Assert.Equal("2-0", info["first-entry"].Items![0].Text);
        t.Run("XDEL", "s", "2-0");
        info = Info(t, "s");
        Assert.True(info["first-entry"].IsNull);
        Assert.Equal(0, info["radix-tree-keys"].Integer); // an emptied node goes
        Assert.Equal(1, t.Run("EXISTS", "s").Integer);    // but an empty stream stays
    }

    internal static string[] Ids(RespValue entries) => entries.Items!.Select(e => e.Items![0].Text!).ToArray();

    /// <summary>XINFO STREAM as a dictionary.</summary>
    internal static Dictionary<string, RespValue> Info(TestServer t, string key, params string[] options) =>
        AsMap(t.Run(["XINFO", "STREAM", key, .. options]));

    internal static Dictionary<string, RespValue> AsMap(RespValue flat)
    {
        var items = flat.Items!;
        var map = new Dictionary<string, RespValue>();
        for (int i = 0; i < items.Count; i += 2) map[items[i].Text!] = items[i + 1];
        return map;
    }
}
