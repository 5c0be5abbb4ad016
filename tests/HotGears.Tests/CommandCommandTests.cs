using HotGears.Resp;

namespace HotGears.Tests;

public class CommandCommandTests
{
    private static List<string> Texts(RespValue reply) => reply.Items!.Select(i => i.Text!).ToList();

    [Fact]
    public void CommandAloneDescribesEveryTopLevelCommand()
    {
        using var t = new TestServer();
        var all = t.Run("COMMAND");
        Assert.Equal(t.Run("COMMAND", "COUNT").Integer, all.Items!.Count);
        Assert.Equal(t.Server.Commands.Count, all.Items.Count);
        Assert.Contains("get", all.Items.Select(i => i.Items![0].Text));
        Assert.Equal("ERR unknown subcommand 'nope'. Try COMMAND HELP.", t.Text("COMMAND", "nope"));
    }

    [Fact]
    public void InfoOfGetHasTheTenFieldsAndAKeySpec()
    {
        using var t = new TestServer();
        var info = t.Run("COMMAND", "INFO", "get").Items![0].Items!;
        Assert.Equal(10, info.Count);
        Assert.Equal("get", info[0].Text);
        Assert.Equal(RespType.BulkString, info[0].Type);
        Assert.Equal(2, info[1].Integer);
        Assert.Equal(["readonly", "fast"], Texts(info[2]));
        Assert.All(info[2].Items!, f => Assert.Equal(RespType.SimpleString, f.Type));
        Assert.Equal([1L, 1L, 1L], info.Skip(3).Take(3).Select(i => i.Integer));
        Assert.Contains("@read", Texts(info[6]));
        Assert.Empty(info[7].Items!);
        Assert.Empty(info[9].Items!);
        var spec = info[8].Items![0].Items!;
        Assert.Equal("flags", spec[0].Text);
        Assert.Equal(["RO", "access"], Texts(spec[1]));
        Assert.Equal("[type, index, spec, [index, 1]]", spec[3].ToString());
        Assert.Equal("[type, range, spec, [lastkey, 0, keystep, 1, limit, 0]]", spec[5].ToString());
    }

    [Fact]
    public void InfoOfAContainerNestsItsSubcommands()
    {
        using var t = new TestServer();
        var info = t.Run("COMMAND", "INFO", "config").Items![0].Items!;
        Assert.Equal("config", info[0].Text);
        Assert.Equal(-2, info[1].Integer);
        var subs = info[9].Items!.ToDictionary(s => s.Items![0].Text!, s => s.Items!);
        Assert.Equal(-3, subs["config|get"][1].Integer);
        Assert.Contains("admin", Texts(subs["config|set"][2]));
    }

    [Fact]
    public void InfoFindsSubcommandsByFullNameAndNullsUnknownNames()
    {
        using var t = new TestServer();
        var reply = t.Run("COMMAND", "INFO", "nosuch", "CONFIG|GET", "get|x", "config|nosuch");
        Assert.True(reply.Items![0].IsNull);
        Assert.Equal("config|get", reply.Items[1].Items![0].Text);
        Assert.True(reply.Items[2].IsNull);
        Assert.True(reply.Items[3].IsNull);
    }

    [Fact]
    public void DocsDescribeCommandsAndSubcommands()
    {
        using var t = new TestServer();
        var reply = t.Run("COMMAND", "DOCS", "get", "nosuch", "client");
        Assert.Equal(4, reply.Items!.Count);
        Assert.Equal("get", reply.Items[0].Text);
        var docs = Texts(reply.Items[1]);
        Assert.Equal(["summary", "since", "group", "complexity", "arguments"], docs.Where((_, i) => i % 2 == 0));
        Assert.Equal("string", docs[5]);
        Assert.Equal("client", reply.Items[2].Text);
        var clientDocs = reply.Items[3].Items!;
        Assert.Equal("subcommands", clientDocs[8].Text);
        Assert.Contains("client|id", clientDocs[9].Items!.Where((_, i) => i % 2 == 0).Select(i => i.Text));
        Assert.Equal(t.Server.Commands.Count * 2, t.Run("COMMAND", "DOCS").Items!.Count);
    }

    [Fact]
    public void DocsDescribeArgumentsAsRedisDoes()
    {
        using var t = new TestServer();
        var docs = t.Run("COMMAND", "DOCS", "set").Items![1].Items!;
        Assert.Equal("arguments", docs[8].Text);
        var arguments = docs[9].Items!;
        Assert.Equal(5, arguments.Count);
        Assert.Equal("[name, key, type, key, key_spec_index, 0]", arguments[0].ToString());
        Assert.Equal("[name, value, type, string]", arguments[1].ToString());
        Assert.Equal("[name, condition, type, oneof, flags, [optional], arguments, " +
            "[[name, nx, type, pure-token, token, NX], [name, xx, type, pure-token, token, XX]]]", arguments[2].ToString());
        Assert.Equal(RespType.SimpleString, arguments[2].Items![5].Items![0].Type);
        Assert.Equal("[name, get, type, pure-token, token, GET, flags, [optional]]", arguments[3].ToString());
        var expiration = arguments[4].Items!;
        Assert.Equal("expiration", expiration[1].Text);
        Assert.Equal("[name, unix-time-seconds, type, unix-time, token, EXAT]", expiration[7].Items![2].ToString());

        var mset = t.Run("COMMAND", "DOCS", "mset").Items![1].Items![9].Items!;
        Assert.Equal("[[name, key_value, type, block, flags, [multiple], arguments, " +
            "[[name, key, type, key, key_spec_index, 0], [name, value, type, string]]]]", new RespValue(RespType.Array, Items: mset).ToString());
        // Commands without arguments leave the field out, as Redis does.
        Assert.DoesNotContain("arguments", Texts(t.Run("COMMAND", "DOCS", "dbsize").Items![1]));
    }

    [Fact]
    public void ListIncludesSubcommandsAndFilters()
    {
        using var t = new TestServer();
        var names = Texts(t.Run("COMMAND", "LIST"));
        Assert.Contains("config|get", names);
        Assert.Equal(t.Server.Commands.Count, names.Count(n => !n.Contains('|')));
        Assert.Equal(["config|get"], Texts(t.Run("COMMAND", "LIST", "FILTERBY", "PATTERN", "CONFIG|G*")));
        Assert.Contains("ping", Texts(t.Run("COMMAND", "LIST", "FILTERBY", "ACLCAT", "connection")));
        Assert.Empty(t.Run("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch").Items!);
        Assert.Empty(t.Run("COMMAND", "LIST", "FILTERBY", "MODULE", "gears").Items!);
        Assert.Equal("ERR syntax error", t.Text("COMMAND", "LIST", "FILTERBY", "foo", "x"));
        Assert.Equal("ERR syntax error", t.Text("COMMAND", "LIST", "FILTERBY", "PATTERN"));
    }

    [Fact]
    public void GetKeysFindsTheKeys()
    {
        using var t = new TestServer();
        Assert.Equal(["a"], Texts(t.Run("COMMAND", "GETKEYS", "SET", "a", "b", "EX", "10")));
        Assert.Equal(["a", "b"], Texts(t.Run("COMMAND", "GETKEYS", "mget", "a", "b")));
        var withFlags = t.Run("COMMAND", "GETKEYSANDFLAGS", "get", "k").Items![0];
        Assert.Equal("[k, [RO, access]]", withFlags.ToString());
    }

    [Theory]
    [InlineData("ERR The command has no key arguments", "ping", "x")]
    [InlineData("ERR Invalid command specified", "nosuch", "a")]
    [InlineData("ERR Invalid command specified", "config", "nosuch")]
    [InlineData("ERR Invalid number of arguments specified for command", "get", "a", "b")]
    [InlineData("ERR wrong number of arguments for 'command|getkeys' command", "get")]
    public void GetKeysErrors(string error, params string[] command)
    {
        using var t = new TestServer();
        Assert.Equal(error, t.Text(["COMMAND", "GETKEYS", .. command]));
    }

    [Fact]
    public void HelpStartsWithTheHeader()
    {
        using var t = new TestServer();
        Assert.Equal("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", t.Run("COMMAND", "HELP").Items![0].Text);
    }
}
