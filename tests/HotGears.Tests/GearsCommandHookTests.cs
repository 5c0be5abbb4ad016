using System.Text;
using HotGears.Engine;
using HotGears.Engine.Gears;
using HotGears.Engine.Gears.Readers;
using HotGears.Resp;

namespace HotGears.Tests;

/// <summary>The dispatcher's hook point and the hook chain, with hooks standing in for CommandReader registrations.</summary>
public class GearsCommandHookTests
{
    /// <summary>A sync hook: calls <paramref name="body"/> and replies what it returns as a bulk string (or the error it throws).</summary>
    private sealed class Hook(Func<HookCall, object?> body, string? keyPrefix = null) : ICommandHook
    {
        public byte[]? KeyPrefix { get; } = CommandHookChain.PrefixBytes(keyPrefix);
        public bool IsSync => true;
        public List<List<string>> Calls { get; } = new();

        public void Run(HookCall call)
        {
            Calls.Add(call.Command.ToList());
            try
            {
                call.Session.Reply.WriteBulk(body(call)?.ToString() ?? "None");
            }
            catch (GearsErrorException error)
            {
                call.Session.Reply.WriteError(error.Message);
            }
        }
    }

    private static HookedCommand Install(TestServer t, string command, ICommandHook hook)
    {
        lock (t.Server.Lock)
        {
            var hooked = HookedCommand.Of(t.Server.Commands.Find(command)!);
            hooked.Hooks.Add(hook);
            return hooked;
        }
    }

    [Fact]
    public void HookReplacesTheReplyAndCallNextRunsTheCommand()
    {
        using var t = new TestServer();
        var hook = new Hook(call => call.CallNext([.. call.Command.Skip(1), "_time", 5]));
        Install(t, "hset", hook);
        Assert.Equal("2", t.Text("HSET", "h", "f", "v")); // the hook's result, as a bulk string
        Assert.Equal(RespType.BulkString, t.Run("hset", "h", "g", "v").Type);
        Assert.Equal("5", t.Text("HGET", "h", "_time"));
        Assert.Equal(["HSET", "h", "f", "v"], hook.Calls[0]);
        Assert.Equal("hset", hook.Calls[1][0]); // the name as typed
    }

    [Fact]
    public void HooksChainLastRegisteredFirst()
    {
        using var t = new TestServer();
        var order = new List<string>();
        Install(t, "set", new Hook(call => { order.Add("first"); return call.CallNext([call.Command[1], call.Command[2] + "-first"]); }));
        Install(t, "set", new Hook(call => { order.Add("second"); return call.CallNext([call.Command[1], call.Command[2] + "-second"]); }));
        Assert.Equal("OK", t.Text("SET", "k", "v"));
        Assert.Equal(["second", "first"], order);
        Assert.Equal("v-second-first", t.Text("GET", "k"));
    }

    [Fact]
    public void KeyPrefixHooksOnlyCallsWithAMatchingKey()
    {
        using var t = new TestServer();
        var hook = new Hook(_ => "hooked", keyPrefix: "h");
        Install(t, "mset", hook);
        Assert.Equal("OK", t.Text("MSET", "a", "1", "b", "2"));
        Assert.Equal("hooked", t.Text("MSET", "a", "1", "hx", "2"));
        Assert.Single(hook.Calls);
    }

    [Fact]
    public void CallNextSkipsHooksWhoseKeyPrefixNoLongerMatches()
    {
        using var t = new TestServer();
        var inner = new Hook(_ => "inner", keyPrefix: "x");
        Install(t, "set", inner);
        Install(t, "set", new Hook(call => call.CallNext(["y", "1"])));
        Assert.Equal("OK", t.Text("SET", "x", "1"));
        Assert.Empty(inner.Calls);
        Assert.Equal("1", t.Text("GET", "y"));
    }

    [Fact]
    public void CallNextReportsErrorsAndWrongArity()
    {
        using var t = new TestServer();
        t.Run("SET", "s", "x");
        Install(t, "hset", new Hook(call => call.CallNext(call.Command.Skip(1).ToArray())));
        Assert.StartsWith("WRONGTYPE", t.Text("HSET", "s", "f", "v"));
        Install(t, "get", new Hook(call => call.CallNext([])));
        Assert.Equal("ERR wrong number of arguments for 'get' command", t.Text("GET", "k"));
    }

    [Fact]
    public void CallNextReturnsRepliesAsGearValues()
    {
        using var t = new TestServer();
        t.Run("RPUSH", "l", "a", "b");
        object? seen = null;
        Install(t, "lrange", new Hook(call => seen = call.CallNext(call.Command.Skip(1).ToArray())));
        t.Run("HELLO", "3");
        t.Run("LRANGE", "l", "0", "-1");
        Assert.Equal(new List<object?> { "a", "b" }, seen);
    }

    [Fact]
    public void CommandsOfTheEngineItselfAreNotHooked()
    {
        using var t = new TestServer();
        Install(t, "get", new Hook(_ => "hooked"));
        var inner = new InProcessClient(t.Server);
        inner.Session.IgnoresCommandHooks = true;
        Assert.True(inner.Execute("GET", "k").IsNull);
        Assert.Equal("hooked", t.Text("GET", "k"));
    }

    [Fact]
    public void HookedCommandInsideMultiIsHookedAtExec()
    {
        using var t = new TestServer();
        Install(t, "get", new Hook(_ => "hooked"));
        t.Run("MULTI");
        Assert.Equal("QUEUED", t.Text("GET", "k"));
        var exec = t.Run("EXEC");
        Assert.Equal("hooked", exec.Items![0].Text);
    }

    [Fact]
    public void UninstalledHookLeavesTheCommandAsItWas()
    {
        using var t = new TestServer();
        var hook = new Hook(_ => "hooked");
        var hooked = Install(t, "get", hook);
        lock (t.Server.Lock)
        {
            hooked.Hooks.Remove(hook);
            hooked.UninstallIfEmpty();
        }
        Assert.Null(t.Server.Commands.Find("get")!.Interceptor);
        Assert.True(t.Run("GET", "k").IsNull);
    }

    [Theory]
    [InlineData("nosuchcommand", null, "Can not override an unexisting command")]
    [InlineData("multi", null, "Can not override a command which are not allowed inside a script")]
    [InlineData("lmpop", "k", "Can not override a command with moveable keys by key prefix")]
    [InlineData("lmpop", null, null)]
    [InlineData("ping", "k", "Can not override a command by key prefix with none positive first key")]
    [InlineData("hset", "k", null)]
    public void RefusalsToHook(string command, string? keyPrefix, string? error)
    {
        using var t = new TestServer();
        Assert.Equal(error, CommandHookChain.RefusalToOverride(t.Server.Commands.Find(command), keyPrefix));
    }
}
