using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Tests;

public class HelloCommandTests
{
    private static TestServer WithPassword(string password) => new(new ServerConfig { RequirePass = password });

    [Fact]
    public void HelloRepliesTheServerMapAndSwitchesProtocol()
    {
        using var t = new TestServer();
        var reply = t.Run("HELLO", "3");
        Assert.Equal(RespType.Map, reply.Type);
        var map = reply.Items!;
        Assert.Equal(["server", "version", "proto", "id", "mode", "role", "modules"], map.Where((_, i) => i % 2 == 0).Select(i => i.Text));
        Assert.Equal("7.0.15", map[3].Text);
        Assert.Equal(3, map[5].Integer);
        Assert.Equal(t.Client.Session.Id, map[7].Integer);
        Assert.Empty(map[13].Items!);
        Assert.Equal(3, t.Client.Session.Protocol);

        var resp2 = t.Run("HELLO", "2");
        Assert.Equal(RespType.Array, resp2.Type);
        Assert.Equal(14, resp2.Items!.Count);
        Assert.Equal(2, t.Run("HELLO").Items![5].Integer);
    }

    [Theory]
    [InlineData("NOPROTO unsupported protocol version", "4")]
    [InlineData("NOPROTO unsupported protocol version", "1")]
    [InlineData("ERR Protocol version is not an integer or out of range", "three")]
    [InlineData("ERR Syntax error in HELLO option 'AUTH'", "3", "AUTH", "default")]
    [InlineData("ERR Syntax error in HELLO option 'foo'", "3", "foo", "bar")]
    [InlineData("WRONGPASS invalid username-password pair or user is disabled.", "3", "AUTH", "bob", "pw")]
    [InlineData("ERR Client names cannot contain spaces, newlines or special characters.", "3", "SETNAME", "a b")]
    public void HelloErrorsKeepTheProtocol(string error, params string[] args)
    {
        using var t = new TestServer();
        Assert.Equal(error, t.Text(["HELLO", .. args]));
        Assert.Equal(2, t.Client.Session.Protocol);
    }

    [Fact]
    public void HelloAuthAcceptsAnyPasswordForTheDefaultUserWithoutRequirePass()
    {
        using var t = new TestServer();
        Assert.Equal(RespType.Map, t.Run("HELLO", "3", "AUTH", "default", "whatever", "SETNAME", "n").Type);
        Assert.Equal("n", t.Text("CLIENT", "GETNAME"));
    }

    [Fact]
    public void RequirePassGatesCommandsUntilAuth()
    {
        using var t = WithPassword("secret");
        Assert.Equal("NOAUTH Authentication required.", t.Text("GET", "k"));
        Assert.Equal("NOAUTH Authentication required.", t.Text("PING"));
        Assert.StartsWith("NOAUTH HELLO must be called with the client already authenticated", t.Text("HELLO", "3"));
        Assert.Equal("WRONGPASS invalid username-password pair or user is disabled.", t.Text("AUTH", "wrong"));
        Assert.Equal("OK", t.Text("AUTH", "secret"));
        Assert.Null(t.Text("GET", "k"));
    }

    [Fact]
    public void HelloAuthWithThePasswordAuthenticates()
    {
        using var t = WithPassword("secret");
        Assert.Equal("WRONGPASS invalid username-password pair or user is disabled.", t.Text("HELLO", "3", "AUTH", "default", "nope"));
        Assert.Equal(RespType.Map, t.Run("HELLO", "3", "AUTH", "default", "secret").Type);
        Assert.True(t.Run("GET", "k").IsNull);
    }

    [Fact]
    public void AuthWithoutRequirePass()
    {
        using var t = new TestServer();
        Assert.Equal("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
            t.Text("AUTH", "secret"));
        Assert.Equal("OK", t.Text("AUTH", "default", "anything"));
        Assert.Equal("WRONGPASS invalid username-password pair or user is disabled.", t.Text("AUTH", "nouser", "x"));
        Assert.Equal("ERR syntax error", t.Text("AUTH", "a", "b", "c"));
    }

    [Fact]
    public void PasswordsNeverReachTheSlowLog()
    {
        using var t = WithPassword("secret");
        t.Run("AUTH", "secret");
        t.Run("CONFIG", "SET", "slowlog-log-slower-than", "0");
        t.Run("AUTH", "default", "secret");
        t.Run("HELLO", "2", "AUTH", "default", "secret", "SETNAME", "x");
        t.Run("CONFIG", "SET", "requirepass", "secret", "timeout", "0");
        var logged = t.Run("SLOWLOG", "GET").Items!.Select(e => string.Join(" ", e.Items![3].Items!.Select(a => a.Text))).Take(4).ToList();
        Assert.Equal(["CONFIG SET requirepass (redacted) timeout 0", "HELLO 2 AUTH (redacted) (redacted) SETNAME x",
                      "AUTH (redacted) (redacted)", "CONFIG SET slowlog-log-slower-than 0"], logged);
    }

    [Fact]
    public void ResetRestoresANewConnectionsState()
    {
        using var t = WithPassword("secret");
        t.Run("AUTH", "secret");
        t.Run("SELECT", "5");
        t.Run("CLIENT", "SETNAME", "before");
        t.Run("HELLO", "3");
        var reply = t.Run("RESET");
        Assert.Equal(RespType.SimpleString, reply.Type);
        Assert.Equal("RESET", reply.Text);
        var session = t.Client.Session;
        Assert.Equal(0, session.Db.Index);
        Assert.Null(session.Name);
        Assert.Equal(2, session.Protocol);
        Assert.False(session.Authenticated);
        Assert.Equal("NOAUTH Authentication required.", t.Text("GET", "k"));
    }
}
