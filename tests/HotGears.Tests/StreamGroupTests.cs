using FsCheck;
using FsCheck.Fluent;
using HotGears.Engine;
using HotGears.Engine.Keyspace;
using HotGears.Resp;
using static HotGears.Tests.StreamCommandTests;

namespace HotGears.Tests;

/// <summary>Consumer groups, PEL and claiming; replies checked against redis-server 7.0.15.</summary>
public class StreamGroupTests
{
    private static TestServer WithEntries(int count)
    {
        var t = new TestServer();
        for (int i = 1; i <= count; i++) t.Run("XADD", "s", $"{i}-0", "f", $"v{i}");
        return t;
    }

    [Fact]
    public void XGroupSubcommandsAndErrors()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server, ignoreKeyMiss: true);
        Assert.Equal("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.",
            t.Text("XGROUP", "CREATE", "s", "g", "$"));
        Assert.Equal("OK", t.Text("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"));
        Assert.Equal("BUSYGROUP Consumer Group name already exists", t.Text("XGROUP", "CREATE", "s", "g", "$"));
        Assert.Equal("ERR value for ENTRIESREAD must be positive or -1", t.Text("XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD", "-2"));
        Assert.Equal("ERR unknown subcommand or wrong number of arguments for 'CREATE'. Try XGROUP HELP.", t.Text("XGROUP", "CREATE", "s", "g2", "0", "FOO"));
        Assert.Equal("NOGROUP No such consumer group 'nog' for key name 's'", t.Text("XGROUP", "CREATECONSUMER", "s", "nog", "c"));
        Assert.Equal(1, t.Run("XGROUP", "CREATECONSUMER", "s", "g", "c").Integer);
        Assert.Equal(0, t.Run("XGROUP", "CREATECONSUMER", "s", "g", "c").Integer);
        Assert.Equal(0, t.Run("XGROUP", "DELCONSUMER", "s", "g", "c").Integer);
        Assert.Equal("OK", t.Text("XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD", "0"));
        Assert.Equal(1, t.Run("XGROUP", "DESTROY", "s", "g").Integer);
        Assert.Equal(0, t.Run("XGROUP", "DESTROY", "s", "g").Integer);
        Assert.Equal(["new s@0", "xgroup-create s@0", "xgroup-createconsumer s@0", "xgroup-delconsumer s@0", "xgroup-setid s@0", "xgroup-destroy s@0"], events.Take());
        Assert.Equal(17, t.Run("XGROUP", "HELP").Items!.Count);
    }

    [Fact]
    public void ReadGroupDeliversOnceAndServesHistory()
    {
        using var t = WithEntries(4);
        t.Run("XGROUP", "CREATE", "s", "g", "0");
        Assert.Equal(new[] { "1-0" }, Ids(t.Run("XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "s", ">").Items![0].Items![1]));
        Assert.Equal(new[] { "2-0", "3-0", "4-0" }, Ids(t.Run("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">").Items![0].Items![1]));
        Assert.True(t.Run("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", ">").IsNull);
        Assert.Equal(new[] { "1-0" }, Ids(t.Run("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "0").Items![0].Items![1]));
        t.Run("XDEL", "s", "1-0");
        var history = t.Run("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "0").Items![0].Items![1].Items![0];
        Assert.Equal("1-0", history.Items![0].Text);
        Assert.True(history.Items![1].IsNull); // deleted while pending: the ID with no fields
        Assert.Equal("NOGROUP No such key 's' or consumer group 'nog' in XREADGROUP with GROUP option", t.Text("XREADGROUP", "GROUP", "nog", "c", "STREAMS", "s", ">"));
        Assert.StartsWith("ERR The $ ID is meaningless", t.Text("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "$"));
        Assert.Equal("ERR Missing GROUP option for XREADGROUP", t.Text("XREADGROUP", "COUNT", "1", "NOACK", "STREAMS", "s", ">"));

        var summary = t.Run("XPENDING", "s", "g");
        Assert.Equal(4, summary.Items![0].Integer);
        Assert.Equal("1-0", summary.Items![1].Text);
        Assert.Equal("4-0", summary.Items![2].Text);
        Assert.Equal("c1", summary.Items![3].Items![0].Items![0].Text);
        Assert.Equal("1", summary.Items![3].Items![0].Items![1].Text); // a bulk string, as in Redis
        var detail = t.Run("XPENDING", "s", "g", "-", "+", "10", "c2");
        Assert.Equal(3, detail.Items!.Count);
        Assert.Equal(1, detail.Items![0].Items![3].Integer); // delivered once
        Assert.Equal(2, t.Run("XACK", "s", "g", "2-0", "3-0", "9-0").Integer);
        Assert.Equal("ERR Invalid stream ID specified as stream command argument", t.Text("XACK", "s", "g", "x"));
        Assert.Equal(0, t.Run("XACK", "s", "nog", "x").Integer);
        Assert.Equal("NOGROUP No such key 's' or consumer group 'nog'", t.Text("XPENDING", "s", "nog"));
    }

    [Fact]
    public void EntriesReadAndLagFollowRedis()
    {
        using var t = WithEntries(4);
        t.Run("XGROUP", "CREATE", "s", "g", "0");
        var group = AsMap(t.Run("XINFO", "GROUPS", "s").Items![0]);
        Assert.True(group["entries-read"].IsNull);
        Assert.Equal(4, group["lag"].Integer);
        t.Run("XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", ">");
        group = AsMap(t.Run("XINFO", "GROUPS", "s").Items![0]);
        Assert.Equal(2, group["entries-read"].Integer);
        Assert.Equal(2, group["lag"].Integer);
        t.Run("XDEL", "s", "4-0"); // a tombstone ahead of the group: lag unknown
        group = AsMap(t.Run("XINFO", "GROUPS", "s").Items![0]);
        Assert.True(group["lag"].IsNull);
    }

    [Fact]
    public void ClaimingMovesOwnershipAndDropsDeletedEntries()
    {
        using var t = WithEntries(4);
        t.Run("XGROUP", "CREATE", "s", "g", "0");
        t.Run("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
        t.Run("XDEL", "s", "3-0");
        Assert.Equal(new[] { "1-0", "4-0" }, Ids(t.Run("XCLAIM", "s", "g", "bob", "0", "1-0", "3-0", "4-0")));
        Assert.Equal(3, t.Run("XPENDING", "s", "g").Items![0].Integer); // 3-0 left the PEL
        Assert.Equal("1-0", t.Run("XCLAIM", "s", "g", "bob", "0", "1-0", "JUSTID").Items![0].Text);
        t.Run("XCLAIM", "s", "g", "bob", "0", "1-0", "RETRYCOUNT", "7");
        Assert.Equal(7, t.Run("XPENDING", "s", "g", "1-0", "1-0", "1").Items![0].Items![3].Integer);
        Assert.Equal("ERR Unrecognized XCLAIM option 'FOO'", t.Text("XCLAIM", "s", "g", "bob", "0", "1-0", "FOO"));
        Assert.Equal("ERR Invalid min-idle-time argument for XCLAIM", t.Text("XCLAIM", "s", "g", "bob", "x", "1-0"));
        Assert.Empty(t.Run("XCLAIM", "s", "g", "bob", "100000", "1-0").Items!);

        t.Run("XDEL", "s", "2-0");
        var auto = t.Run("XAUTOCLAIM", "s", "g", "carol", "0", "0", "COUNT", "1");
        Assert.Equal(3, auto.Items!.Count);
        Assert.Equal("2-0", auto.Items![0].Text);
        Assert.Equal(new[] { "1-0" }, Ids(auto.Items![1]));
        auto = t.Run("XAUTOCLAIM", "s", "g", "carol", "0", "2-0");
        Assert.Equal("0-0", auto.Items![0].Text);
        Assert.Equal(new[] { "4-0" }, Ids(auto.Items![1]));
        Assert.Equal("2-0", auto.Items![2].Items![0].Text);
        Assert.Equal("ERR COUNT must be > 0", t.Text("XAUTOCLAIM", "s", "g", "carol", "0", "0", "COUNT", "0"));
    }

    [Fact]
    public void XInfoShapes()
    {
        using var t = WithEntries(3);
        t.Run("XGROUP", "CREATE", "s", "g", "0");
        t.Run("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">");
        var info = Info(t, "s");
        Assert.Equal(["length", "radix-tree-keys", "radix-tree-nodes", "last-generated-id", "max-deleted-entry-id", "entries-added",
            "recorded-first-entry-id", "groups", "first-entry", "last-entry"], info.Keys);
        var full = Info(t, "s", "FULL", "COUNT", "2");
        Assert.Equal(["length", "radix-tree-keys", "radix-tree-nodes", "last-generated-id", "max-deleted-entry-id", "entries-added",
            "recorded-first-entry-id", "entries", "groups"], full.Keys);
        Assert.Equal(2, full["entries"].Items!.Count);
        var group = AsMap(full["groups"].Items![0]);
        Assert.Equal(["name", "last-delivered-id", "entries-read", "lag", "pel-count", "pending", "consumers"], group.Keys);
        var consumer = AsMap(group["consumers"].Items![0]);
        Assert.Equal(["name", "seen-time", "pel-count", "pending"], consumer.Keys);
        Assert.Equal(3, consumer["pending"].Items![0].Items!.Count);
        var consumers = AsMap(t.Run("XINFO", "CONSUMERS", "s", "g").Items![0]);
        Assert.Equal(["name", "pending", "idle"], consumers.Keys);
        Assert.Equal("ERR no such key", t.Text("XINFO", "STREAM", "nokey"));
        Assert.Equal("ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP.", t.Text("XINFO", "STREAM", "s", "FOO"));
    }

    [Fact]
    public void StreamAccessReadsThroughTheGearsGroup()
    {
        using var t = WithEntries(3);
        var access = new StreamAccess(t.Server, 0);
        var key = "s"u8.ToArray();
        Assert.Equal(2, access.ReadAfter(key, new StreamId(1, 0)).Count);
        Assert.True(access.CreateGroup(key, StreamId.Min));
        Assert.False(access.CreateGroup(key));
        var read = access.ReadGroup(key, "worker"u8.ToArray(), count: 2);
        Assert.Equal([new StreamId(1, 0), new StreamId(2, 0)], read.Select(e => e.Id));
        Assert.Equal(2, access.GroupState(key)!.Value.Pending);
        Assert.Equal(1, access.Ack(key, [new StreamId(1, 0), new StreamId(9, 0)]));
        Assert.Equal(1, access.TrimBefore(key, new StreamId(2, 0)));
        Assert.Equal("__gears_consumer_group__", AsMap(t.Run("XINFO", "GROUPS", "s").Items![0])["name"].Text);
        Assert.Single(access.ReadGroup(key, "worker"u8.ToArray()));
    }

    private sealed record Op(int Kind, int Ms, int Seq, int Number);

    /// <summary>Random XADD/XDEL/XTRIM (exact and approximate) sequences against a sorted-list model.</summary>
    [Fact]
    public void StreamCommandsAgreeWithASortedList()
    {
        var ops = from kind in Gen.Choose(0, 5)
                  from ms in Gen.Choose(0, 60)
                  from seq in Gen.Choose(0, 3)
                  from number in Gen.Choose(0, 40)
                  select new Op(kind, ms, seq, number);
        Prop.ForAll(Arb.From(Gen.ListOf(ops)), list =>
        {
            using var t = new TestServer();
            var model = new List<StreamId>();
            var last = StreamId.Min;
            foreach (var op in list)
            {
                var id = new StreamId((ulong)op.Ms, (ulong)op.Seq);
                switch (op.Kind)
                {
                    case 0 or 1:
                        var added = t.Text("XADD", "s", id.ToString(), "f", op.Number.ToString());
                        if (id > last)
                        {
                            Assert.Equal(id.ToString(), added);
                            model.Add(id);
                            last = id;
                        }
                        else Assert.StartsWith("ERR The ID specified in XADD", added);
                        break;
                    case 2:
                        Assert.Equal(model.Remove(id) ? "1" : "0", t.Text("XDEL", "s", id.ToString()));
                        break;
                    case 3:
                        int cut = Math.Max(0, model.Count - op.Number);
                        Assert.Equal(cut.ToString(), t.Text("XTRIM", "s", "MAXLEN", op.Number.ToString()));
                        model.RemoveRange(0, cut);
                        break;
                    case 4:
                        int below = model.Count(m => m < id);
                        Assert.Equal(below.ToString(), t.Text("XTRIM", "s", "MINID", id.ToString()));
                        model.RemoveRange(0, below);
                        break;
                    default:
                        // Approximate: removes a prefix, never below the target length.
                        long removed = t.Run("XTRIM", "s", "MAXLEN", "~", op.Number.ToString()).Integer;
                        Assert.True(removed <= Math.Max(0, model.Count - op.Number));
                        model.RemoveRange(0, (int)removed);
                        break;
                }
            }
            var stored = t.Run("XRANGE", "s", "-", "+");
            Assert.Equal(model.Select(m => m.ToString()), stored.IsNull ? [] : Ids(stored));
            Assert.Equal(model.Count, t.Run("XLEN", "s").Integer);
            Assert.Equal(model.Select(m => m.ToString()).Reverse(), Ids(t.Run("XREVRANGE", "s", "+", "-")));
        }).QuickCheckThrowOnFailure();
    }
}
