using System.Text;
using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Tests;

public class ServerCommandTests
{
    private static string Info(TestServer t, params string[] sections) => t.Text(["INFO", .. sections])!;

    private static Dictionary<string, string> Fields(string info) =>
        info.Split("\r\n").Where(l => l.Contains(':') && !l.StartsWith('#'))
            .ToDictionary(l => l[..l.IndexOf(':')], l => l[(l.IndexOf(':') + 1)..]);

    private static List<string> Headers(string info) => info.Split("\r\n").Where(l => l.StartsWith("# ")).ToList();

    [Fact]
    public void InfoDefaultHasTheDefaultSectionsInRedisOrder()
    {
        using var t = new TestServer();
        var info = Info(t);
        Assert.Equal(["# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Replication", "# CPU", "# Modules",
                      "# Errorstats", "# Cluster", "# Keyspace"], Headers(info));
        Assert.EndsWith("\r\n", info);
        Assert.DoesNotContain("\r\n\r\n\r\n", info);
        foreach (var line in info.Split("\r\n"))
            Assert.True(line.Length == 0 || line.StartsWith("# ") || line.Contains(':'), line);
    }

    [Fact]
    public void InfoSectionsComeInFixedOrderWhateverTheRequest()
    {
        using var t = new TestServer();
        Assert.Equal(["# Server", "# Keyspace"], Headers(Info(t, "KEYSPACE", "server")));
        Assert.Equal(["# Commandstats"], Headers(Info(t, "commandstats")));
        Assert.StartsWith("# Server\r\n", Info(t, "server", "server"));
        Assert.Equal("", Info(t, "nosuchsection"));
    }

    [Fact]
    public void InfoAllAndEverythingAddCommandstats()
    {
        using var t = new TestServer();
        Assert.Contains("# Commandstats", Headers(Info(t, "all")));
        Assert.Contains("# Commandstats", Headers(Info(t, "everything")));
        Assert.DoesNotContain("# Commandstats", Headers(Info(t, "default")));
        Assert.Equal(Headers(Info(t)).Append("# Commandstats").Order(), Headers(Info(t, "default", "commandstats")).Order());
    }

    [Fact]
    public void InfoServerReportsRedisVersionAndPort()
    {
        var config = new ServerConfig { Port = 7777 };
        using var t = new TestServer(config);
        var fields = Fields(Info(t, "server"));
        Assert.Equal("7.0.15", fields["redis_version"]);
        Assert.Equal("standalone", fields["redis_mode"]);
        Assert.Equal("7777", fields["tcp_port"]);
        Assert.Equal(Environment.ProcessId.ToString(), fields["process_id"]);
        Assert.Equal(40, fields["run_id"].Length);
        Assert.True(long.Parse(fields["uptime_in_seconds"]) >= 0);
    }

    [Fact]
    public void InfoKeyspaceListsOnlyNonEmptyDatabases()
    {
        using var t = new TestServer();
        Assert.Equal("# Keyspace\r\n", Info(t, "keyspace"));
        t.Run("SET", "a", "1");
        t.Run("SET", "b", "2", "EX", "100");
        t.Run("SELECT", "3");
        t.Run("SET", "c", "3");
        Assert.Equal("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n", Info(t, "keyspace"));
    }

    [Fact]
    public void InfoStatsCountCommandsHitsMissesAndErrors()
    {
        using var t = new TestServer();
        t.Run("SET", "k", "v");
        t.Run("GET", "k");
        t.Run("GET", "nokey");
        t.Run("INCR", "k");
        t.Run("NOSUCHCOMMAND");
        var stats = Fields(Info(t, "stats"));
        Assert.Equal("1", stats["keyspace_hits"]);
        Assert.Equal("1", stats["keyspace_misses"]);
        Assert.Equal("4", stats["total_commands_processed"]);
        Assert.Equal("2", stats["total_error_replies"]);
    }

    [Fact]
    public void InfoCommandstatsHasCallsFailuresAndRejections()
    {
        using var t = new TestServer();
        t.Run("SET", "k", "v");
        t.Run("INCR", "k");
        t.Run("GET", "a", "b");
        t.Run("CLIENT", "ID");
        var stats = Fields(Info(t, "commandstats"));
        Assert.Matches(@"^calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0$", stats["cmdstat_set"]);
        Assert.EndsWith("rejected_calls=0,failed_calls=1", stats["cmdstat_incr"]);
        Assert.Equal("calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0", stats["cmdstat_get"]);
        Assert.StartsWith("calls=1,", stats["cmdstat_client|id"]);
        Assert.False(stats.ContainsKey("cmdstat_client"));
    }

    [Fact]
    public void InfoErrorstatsCountsByErrorCode()
    {
        using var t = new TestServer();
        t.Run("SET", "k", "v");
        t.Run("INCR", "k");
        t.Run("INCR", "k");
        t.Run("HELLO", "4");
        Assert.Equal("# Errorstats\r\nerrorstat_ERR:count=2\r\nerrorstat_NOPROTO:count=1\r\n", Info(t, "errorstats"));
    }

    [Fact]
    public void InfoIsVerbatimInResp3()
    {
        using var t = new TestServer();
        t.Run("HELLO", "3");
        var reply = t.Run("INFO", "server");
        Assert.Equal(RespType.Verbatim, reply.Type);
        Assert.StartsWith("txt:# Server\r\n", reply.Text);
    }

    [Fact]
    public void TimeIsTwoBulkStrings()
    {
        using var t = new TestServer();
        var reply = t.Run("TIME");
        Assert.Equal(2, reply.Items!.Count);
        Assert.All(reply.Items, item => Assert.Equal(RespType.BulkString, item.Type));
        long seconds = long.Parse(reply.Items[0].Text!);
        Assert.InRange(seconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.InRange(long.Parse(reply.Items[1].Text!), 0, 999_999);
        Assert.Equal("ERR wrong number of arguments for 'time' command", t.Text("TIME", "x"));
    }

    [Fact]
    public void LastSaveIsTheStartTime()
    {
        using var t = new TestServer();
        Assert.Equal(t.Server.StartedAtMs / 1000, t.Run("LASTSAVE").Integer);
    }

    [Fact]
    public void ShutdownClosesWithoutReplyAndSignalsTheHost()
    {
        using var t = new TestServer();
        var replies = t.Client.ExecuteRaw(InProcessClient.Encode(Encoding.ASCII.GetBytes("SHUTDOWN"), Encoding.ASCII.GetBytes("NOSAVE")));
        Assert.Empty(replies);
        Assert.True(t.Client.Session.CloseAfterReply);
        Assert.True(SpinWait.SpinUntil(() => t.Server.ShutdownRequested.IsCancellationRequested, 5000));
    }

    [Theory]
    [InlineData("FOO")]
    [InlineData("SAVE", "NOSAVE")]
    [InlineData("ABORT", "NOW")]
    public void ShutdownRejectsBadOptions(params string[] options)
    {
        using var t = new TestServer();
        Assert.Equal("ERR syntax error", t.Text(["SHUTDOWN", .. options]));
        Assert.False(t.Server.ShutdownRequested.IsCancellationRequested);
    }

    [Fact]
    public void ShutdownAbortHasNothingToAbort()
    {
        using var t = new TestServer();
        Assert.Equal("ERR No shutdown in progress.", t.Text("SHUTDOWN", "ABORT"));
    }
}
