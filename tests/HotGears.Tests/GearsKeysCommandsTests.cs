using HotGears.Engine.Gears;
using static HotGears.Tests.GearsTestGraphs;

namespace HotGears.Tests;

/// <summary>KeysReader `commands=`: events fire only inside calls of the listed commands, and the call waits for (and may take the reply of) their executions.</summary>
public class GearsKeysCommandsTests
{
    private static StepGraph OverrideOnMiss() => Graph(ReaderKind.KeysReader, ForEach(_ => GearsBuiltins.OverrideReply("key does not exists")));

    private static RegisterOptions OnMiss(ExecutionMode mode, string prefix = "*") =>
        new() { Prefix = prefix, EventTypes = ["keymiss"], Commands = ["get", "mget"], Mode = mode };

    [Theory]
    [InlineData(ExecutionMode.Sync)]
    [InlineData(ExecutionMode.Async)]
    [InlineData(ExecutionMode.AsyncLocal)]
    public void OverrideReplyReplacesTheCommandsReply(ExecutionMode mode)
    {
        using var t = new TestServer();
        Register(t, OverrideOnMiss(), OnMiss(mode));
        Assert.Equal("key does not exists", t.Text("GET", "x"));
        t.Run("SET", "x", "1");
        Assert.Equal("1", t.Text("GET", "x"));
    }

    [Fact]
    public void InsideMultiAnAsyncExecutionIsDetached()
    {
        using var t = new TestServer();
        Register(t, OverrideOnMiss(), OnMiss(ExecutionMode.AsyncLocal));
        t.Run("MULTI");
        t.Run("GET", "x");
        Assert.True(t.Run("EXEC").Items![0].IsNull);
    }

    [Fact]
    public void InsideMultiASyncExecutionStillOverrides()
    {
        using var t = new TestServer();
        Register(t, OverrideOnMiss(), OnMiss(ExecutionMode.Sync));
        t.Run("MULTI");
        t.Run("GET", "x");
        Assert.Equal("key does not exists", t.Run("EXEC").Items![0].Text);
    }

    [Fact]
    public void EventsOfOtherCommandsDoNotFire()
    {
        using var t = new TestServer();
        int fired = 0;
        Register(t, Graph(ReaderKind.KeysReader, ForEach(_ => Interlocked.Increment(ref fired))), new RegisterOptions { Commands = ["set"], Mode = ExecutionMode.Sync });
        t.Run("SET", "k", "v");
        t.Run("INCR", "n");
        t.Run("HSET", "h", "f", "v");
        Assert.Equal(1, fired);
    }

    [Fact]
    public void KeyPrefixLimitsTheHookedCalls()
    {
        using var t = new TestServer();
        Register(t, OverrideOnMiss(), OnMiss(ExecutionMode.Async, prefix: "test*"));
        Assert.True(t.Run("GET", "x").IsNull);
        Assert.Equal("key does not exists", t.Text("GET", "test1"));
    }

    [Fact]
    public void TheClientWaitsForTheLinkedExecutionsAndSeesTheCommand()
    {
        using var t = new TestServer();
        IReadOnlyList<string>? seen = null;
        Register(t, Graph(ReaderKind.KeysReader, ForEach(_ =>
        {
            Thread.Sleep(50);
            seen = GearsBuiltins.GetCommand();
            GearsBuiltins.Execute("SET", "seen", "1");
        })), new RegisterOptions { Commands = ["set"], EventTypes = ["set"] });
        Assert.Equal("OK", t.Text("SET", "k", "v"));
        Assert.Equal("1", t.Text("GET", "seen")); // the execution ended before the reply
        Assert.Equal(["SET", "k", "v"], seen);
    }

    [Fact]
    public void UnregisterRemovesTheHook()
    {
        using var t = new TestServer();
        var registration = Register(t, OverrideOnMiss(), OnMiss(ExecutionMode.Sync));
        t.Server.Gears.Unregister(registration.Id, abortPending: false);
        Assert.True(t.Run("GET", "x").IsNull);
        Assert.Null(t.Server.Commands.Find("get")!.Interceptor);
    }

    [Theory]
    [InlineData("nosuch", "*", "bad reply on COMMAND command")]
    [InlineData("multi", "*", "Can not hook a command which are not allowed inside a script")]
    [InlineData("lmpop", "k*", "Can not hook a command with moveable keys by key prefix")]
    public void CommandsThatCannotBeHooked(string command, string prefix, string error)
    {
        using var t = new TestServer();
        var thrown = Assert.Throws<GearsScriptException>(() => Register(t, OverrideOnMiss(), new RegisterOptions { Prefix = prefix, Commands = [command] }));
        Assert.Equal(error, thrown.Message);
    }
}
