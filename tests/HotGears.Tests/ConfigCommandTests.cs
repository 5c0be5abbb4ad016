using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Tests;

public class ConfigCommandTests
{
    private static List<string> Flat(RespValue reply) => reply.Items!.Select(i => i.Text!).ToList();

    [Fact]
    public void GetExactNameEchoesTheSpellingAndGlobUsesCanonicalNames()
    {
        using var t = new TestServer();
        Assert.Equal(["MAXCLIENTS", "10000"], Flat(t.Run("CONFIG", "GET", "MAXCLIENTS")));
        Assert.Equal(["maxclients", "10000"], Flat(t.Run("CONFIG", "GET", "MAXCLIENT*")));
        Assert.Empty(t.Run("CONFIG", "GET", "nosuch").Items!);
    }

    [Fact]
    public void GetSeveralPatternsListsEachParameterOnce()
    {
        using var t = new TestServer();
        var names = Flat(t.Run("CONFIG", "GET", "timeout", "time*", "maxclients")).Where((_, i) => i % 2 == 0).ToList();
        Assert.Equal(["timeout", "maxclients"], names);
        var all = Flat(t.Run("CONFIG", "GET", "*")).Where((_, i) => i % 2 == 0).ToList();
        Assert.Equal(t.Server.Config.Parameters.Count, all.Count);
    }

    [Fact]
    public void GetIsAMapInResp3()
    {
        using var t = new TestServer();
        t.Run("HELLO", "3");
        var reply = t.Run("CONFIG", "GET", "timeout");
        Assert.Equal(RespType.Map, reply.Type);
        Assert.Equal(["timeout", "0"], Flat(reply));
    }

    [Fact]
    public void SetChangesSeveralParameters()
    {
        using var t = new TestServer();
        Assert.Equal("OK", t.Text("CONFIG", "SET", "timeout", "5", "slowlog-max-len", "7"));
        Assert.Equal(5, t.Server.Config.Timeout);
        Assert.Equal(7, t.Server.Config.SlowlogMaxLen);
    }

    [Fact]
    public void SetIsAllOrNothing()
    {
        using var t = new TestServer();
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer",
            t.Text("CONFIG", "SET", "timeout", "5", "MAXCLIENTS", "many"));
        Assert.Equal(0, t.Server.Config.Timeout);
    }

    [Theory]
    [InlineData("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'", "nosuch", "1")]
    [InlineData("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'", "timeout", "1", "nosuch", "1")]
    [InlineData("ERR CONFIG SET failed (possibly related to argument 'timeout') - duplicate parameter", "timeout", "1", "timeout", "2")]
    [InlineData("ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config", "port", "1")]
    [InlineData("ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config", "port", "1", "nosuch", "1")]
    [InlineData("ERR syntax error", "timeout", "1", "maxclients")]
    [InlineData("ERR wrong number of arguments for 'config|set' command", "timeout")]
    public void SetErrors(string error, params string[] args)
    {
        using var t = new TestServer();
        Assert.Equal(error, t.Text(["CONFIG", "SET", .. args]));
        Assert.Equal(0, t.Server.Config.Timeout);
    }

    [Fact]
    public void ContainerErrors()
    {
        using var t = new TestServer();
        Assert.Equal("ERR wrong number of arguments for 'config' command", t.Text("CONFIG"));
        Assert.Equal("ERR unknown subcommand 'foo'. Try CONFIG HELP.", t.Text("CONFIG", "foo"));
        Assert.Equal("ERR wrong number of arguments for 'config|get' command", t.Text("CONFIG", "GET"));
    }

    [Fact]
    public void ResetStatClearsCountersButNotTheSlowLog()
    {
        using var t = new TestServer();
        t.Run("CONFIG", "SET", "slowlog-log-slower-than", "0");
        t.Run("GET", "missing");
        t.Run("INCR", "x", "y");
        Assert.Equal("OK", t.Text("CONFIG", "RESETSTAT"));
        var info = t.Text("INFO", "stats", "commandstats", "errorstats")!;
        Assert.Contains("keyspace_misses:0\r\n", info);
        Assert.Contains("total_error_replies:0\r\n", info);
        Assert.DoesNotContain("cmdstat_get:", info);
        Assert.DoesNotContain("errorstat_", info);
        Assert.True(t.Server.SlowLog.Count > 0);
    }

    [Fact]
    public void RewriteWithoutAConfigFileIsAnError()
    {
        using var t = new TestServer();
        Assert.Equal("ERR The server is running without a config file", t.Text("CONFIG", "REWRITE"));
    }

    [Fact]
    public void RewriteReplacesKnownLinesKeepsTheRestAndAppendsChanges()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hotgears-rewrite-{Guid.NewGuid():N}.conf");
        File.WriteAllLines(path, ["# my settings", "timeout 10", "some-unknown-directive yes", "timeout 20", "maxclients 50"]);
        try
        {
            var config = new ServerConfig { ConfigFile = path, Timeout = 20, MaxClients = 50 };
            using var t = new TestServer(config);
            t.Run("CONFIG", "SET", "timeout", "30", "slowlog-max-len", "9", "notify-keyspace-events", "KEA", "requirepass", "a \"b\"");
            Assert.Equal("OK", t.Text("AUTH", "a \"b\""));
            Assert.Equal("OK", t.Text("CONFIG", "REWRITE"));
            var lines = File.ReadAllLines(path);
            Assert.Equal(["# my settings", "timeout 30", "some-unknown-directive yes", "maxclients 50", "", "# Generated by CONFIG REWRITE"],
                lines[..6]);
            Assert.Contains("slowlog-max-len 9", lines);
            Assert.Contains("notify-keyspace-events AKE", lines);
            Assert.Contains("requirepass \"a \\\"b\\\"\"", lines);
            Assert.DoesNotContain(lines, l => l.StartsWith("port "));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void HelpListsTheSubcommands()
    {
        using var t = new TestServer();
        var lines = Flat(t.Run("config", "help"));
        Assert.Equal("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", lines[0]);
        Assert.Contains("RESETSTAT", lines);
        Assert.Equal(["HELP", "    Prints this help."], lines[^2..]);
    }
}
