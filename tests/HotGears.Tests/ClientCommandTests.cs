using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Tests;

public class ClientCommandTests
{
    /// <summary>Another client of the same server, registered like a network client.</summary>
    private static InProcessClient Connect(TestServer t)
    {
        var client = new InProcessClient(t.Server);
        t.Server.Clients.Add(client.Session);
        return client;
    }

    private static Dictionary<string, string> Fields(string line) =>
        line.TrimEnd('\n').Split(' ').ToDictionary(f => f[..f.IndexOf('=')], f => f[(f.IndexOf('=') + 1)..]);

    [Fact]
    public void IdIsUniquePerClient()
    {
        using var t = new TestServer();
        var other = Connect(t);
        Assert.Equal(t.Client.Session.Id, t.Run("CLIENT", "ID").Integer);
        Assert.True(other.Execute("CLIENT", "ID").Integer > t.Run("CLIENT", "ID").Integer);
    }

    [Fact]
    public void SetNameAndGetName()
    {
        using var t = new TestServer();
        Assert.True(t.Run("CLIENT", "GETNAME").IsNull);
        Assert.Equal("OK", t.Text("CLIENT", "SETNAME", "worker-1"));
        Assert.Equal("worker-1", t.Text("CLIENT", "GETNAME"));
        Assert.Equal("OK", t.Text("CLIENT", "SETNAME", ""));
        Assert.True(t.Run("CLIENT", "GETNAME").IsNull);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("a\nb")]
    [InlineData("é")]
    public void SetNameRejectsSpacesAndSpecialCharacters(string name)
    {
        using var t = new TestServer();
        t.Run("CLIENT", "SETNAME", "kept");
        Assert.Equal("ERR Client names cannot contain spaces, newlines or special characters.", t.Text("CLIENT", "SETNAME", name));
        Assert.Equal("kept", t.Text("CLIENT", "GETNAME"));
    }

    [Fact]
    public void InfoDescribesTheCallerInRedisFieldOrder()
    {
        using var t = new TestServer();
        t.Run("CLIENT", "SETNAME", "me");
        t.Run("SELECT", "2");
        var line = t.Text("CLIENT", "INFO")!;
        Assert.EndsWith("\n", line);
        var fields = Fields(line);
        Assert.Equal(["id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub", "ssub", "multi", "qbuf",
                      "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll", "omem", "tot-mem", "events", "cmd", "user",
                      "redir", "resp"], fields.Keys);
        Assert.Equal("me", fields["name"]);
        Assert.Equal("2", fields["db"]);
        Assert.Equal("N", fields["flags"]);
        Assert.Equal("client|info", fields["cmd"]);
        Assert.Equal("-1", fields["fd"]);
        Assert.Equal("2", fields["resp"]);
    }

    [Fact]
    public void ListShowsRegisteredClientsAndFilters()
    {
        using var t = new TestServer();
        t.Server.Clients.Add(t.Client.Session);
        var other = Connect(t);
        other.Execute("CLIENT", "SETNAME", "other");
        var lines = t.Text("CLIENT", "LIST")!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Fields).ToList();
        Assert.Equal([t.Client.Session.Id.ToString(), other.Session.Id.ToString()], lines.Select(l => l["id"]));
        Assert.Equal("other", lines[1]["name"]);

        var byId = t.Text("CLIENT", "LIST", "ID", other.Session.Id.ToString(), "999")!;
        Assert.Equal(other.Session.Id.ToString(), Fields(byId)["id"]);
        Assert.Equal(2, t.Text("CLIENT", "LIST", "TYPE", "NORMAL")!.Count(c => c == '\n'));
        Assert.Equal("", t.Text("CLIENT", "LIST", "TYPE", "pubsub"));
        Assert.Equal("ERR Unknown client type 'foo'", t.Text("CLIENT", "LIST", "TYPE", "foo"));
        Assert.Equal("ERR Invalid client ID", t.Text("CLIENT", "LIST", "ID", "abc"));
        Assert.Equal("ERR syntax error", t.Text("CLIENT", "LIST", "TYPE"));
    }

    [Fact]
    public void KillByIdClosesTheOtherClient()
    {
        using var t = new TestServer();
        t.Server.Clients.Add(t.Client.Session);
        var victim = Connect(t);
        Assert.Equal(1, t.Run("CLIENT", "KILL", "ID", victim.Session.Id.ToString()).Integer);
        Assert.True(victim.Closed);
        Assert.False(t.Client.Closed);
    }

    [Fact]
    public void KillSkipsTheCallerUnlessToldNot()
    {
        using var t = new TestServer();
        t.Server.Clients.Add(t.Client.Session);
        string id = t.Client.Session.Id.ToString();
        Assert.Equal(0, t.Run("CLIENT", "KILL", "ID", id).Integer);
        Assert.False(t.Client.Session.CloseAfterReply);
        Assert.Equal(1, t.Run("CLIENT", "KILL", "ID", id, "SKIPME", "no").Integer);
        Assert.True(t.Client.Session.CloseAfterReply);
    }

    [Fact]
    public void KillOldFormByAddress()
    {
        using var t = new TestServer();
        Connect(t);
        Assert.Equal("OK", t.Text("CLIENT", "KILL", "in-process:0"));
        Assert.Equal("ERR No such client", t.Text("CLIENT", "KILL", "1.2.3.4:5"));
    }

    [Theory]
    [InlineData("ERR client-id should be greater than 0", "ID", "0")]
    [InlineData("ERR client-id should be greater than 0", "ID", "abc")]
    [InlineData("ERR Unknown client type 'x'", "TYPE", "x")]
    [InlineData("ERR No such user 'bob'", "USER", "bob")]
    [InlineData("ERR syntax error", "SKIPME", "maybe")]
    [InlineData("ERR syntax error", "foo", "bar")]
    [InlineData("ERR syntax error", "ID", "1", "TYPE")]
    public void KillErrors(string error, params string[] filter)
    {
        using var t = new TestServer();
        Assert.Equal(error, t.Text(["CLIENT", "KILL", .. filter]));
    }

    [Fact]
    public void NoEvictSetsTheFlag()
    {
        using var t = new TestServer();
        Assert.Equal("OK", t.Text("CLIENT", "NO-EVICT", "on"));
        Assert.Equal("e", Fields(t.Text("CLIENT", "INFO")!)["flags"]);
        Assert.Equal("OK", t.Text("CLIENT", "NO-EVICT", "OFF"));
        Assert.Equal("ERR syntax error", t.Text("CLIENT", "NO-EVICT", "maybe"));
    }

    [Fact]
    public void SubcommandErrors()
    {
        using var t = new TestServer();
        Assert.Equal("ERR wrong number of arguments for 'client|setname' command", t.Text("CLIENT", "SETNAME"));
        Assert.Equal("ERR unknown subcommand 'FOO'. Try CLIENT HELP.", t.Text("CLIENT", "FOO"));
        Assert.Equal(RespType.Array, t.Run("CLIENT", "HELP").Type);
    }
}
