using HotGears.Engine.Gears;
using HotGears.Resp;
using static HotGears.Tests.GearsTestGraphs;

namespace HotGears.Tests;

/// <summary>CommandReader registrations end to end: RG.TRIGGER / RG.TRIGGERONKEY triggers and command hooks.</summary>
public class GearsCommandReaderTests
{
    private static StepGraph Joined() => Graph(ReaderKind.CommandReader, Map(r => string.Join(",", (List<string>)r!)));

    [Theory]
    [InlineData(ExecutionMode.Sync)]
    [InlineData(ExecutionMode.Async)]
    [InlineData(ExecutionMode.AsyncLocal)]
    public void TriggerRepliesItsResults(ExecutionMode mode)
    {
        using var t = new TestServer();
        Register(t, Joined(), new RegisterOptions { Trigger = "test", Mode = mode });
        var reply = t.Run("RG.TRIGGER", "test", "a", "b");
        Assert.Equal(RespType.Array, reply.Type);
        Assert.Equal("test,a,b", Assert.Single(reply.Items!).Text);
        Assert.Equal("test,k,1", t.Run("RG.TRIGGERONKEY", "test", "k", "1").Items![0].Text);
        Assert.Equal(0, t.Server.Gears.ExecutionCount); // trigger runs leave the list once they reply
    }

    [Fact]
    public void TriggerNamesAreCaseSensitive()
    {
        using var t = new TestServer();
        Register(t, Joined(), new RegisterOptions { Trigger = "test", Mode = ExecutionMode.Sync });
        Assert.Equal("ERR subcommand not found", t.Text("RG.TRIGGER", "TEST"));
        Assert.Equal("ERR wrong number of arguments for 'rg.trigger' command", t.Text("RG.TRIGGER"));
    }

    [Fact]
    public void TriggerRepliesTheFirstError()
    {
        using var t = new TestServer();
        Register(t, Graph(ReaderKind.CommandReader, FlatMap(r => r), Map(r => r is "b" or "c" ? throw new GearsErrorException("bad " + r) : r)),
            new RegisterOptions { Trigger = "test", Mode = ExecutionMode.Sync });
        var reply = t.Run("RG.TRIGGER", "test", "b", "c");
        Assert.Equal(RespType.Error, reply.Type);
        Assert.StartsWith("bad ", reply.Text);
    }

    [Fact]
    public void TriggerWithoutStrConversionRepliesValues()
    {
        using var t = new TestServer();
        Register(t, Graph(ReaderKind.CommandReader, Map(r => ((List<string>)r!).Count)), new RegisterOptions { Trigger = "n", Mode = ExecutionMode.Sync, ConvertToStr = false });
        Assert.Equal(3, t.Run("RG.TRIGGER", "n", "a", "b").Items![0].Integer);
    }

    [Fact]
    public void NonSyncTriggerInsideMultiIsRefused()
    {
        using var t = new TestServer();
        Register(t, Joined(), new RegisterOptions { Trigger = "async" });
        Register(t, Joined(), new RegisterOptions { Trigger = "sync", Mode = ExecutionMode.Sync });
        t.Run("MULTI");
        t.Run("RG.TRIGGER", "async");
        t.Run("RG.TRIGGER", "sync");
        var exec = t.Run("EXEC").Items!;
        Assert.Equal("ERR can not run a non-sync execution inside a MULTI/LUA (blocking is not allowed) or on loading.", exec[0].Text);
        Assert.Equal("sync", exec[1].Items![0].Text);
    }

    [Fact]
    public void SyncTriggerWritesAtomically()
    {
        using var t = new TestServer();
        Register(t, Graph(ReaderKind.CommandReader, Map(_ => GearsBuiltins.Execute("INCR", "counter"))),
            new RegisterOptions { Trigger = "incr", Mode = ExecutionMode.Sync, ConvertToStr = false });
        for (int i = 0; i < 3; i++) t.Run("RG.TRIGGER", "incr");
        Assert.Equal("3", t.Text("GET", "counter"));
        Assert.Equal(4, t.Run("RG.TRIGGER", "incr").Items![0].Integer);
    }

    [Fact]
    public void AsyncTriggerBlocksOnlyItsClient()
    {
        using var t = new TestServer();
        using var gate = new ManualResetEventSlim();
        Register(t, Graph(ReaderKind.CommandReader, Map(r => { gate.Wait(); return "done"; })), new RegisterOptions { Trigger = "slow" });
        var pending = t.Client.ExecuteAsync("RG.TRIGGER", "slow");
        Assert.Equal("PONG", new Engine.InProcessClient(t.Server).Execute("PING").Text);
        Assert.False(pending.IsCompleted);
        gate.Set();
        Assert.Equal("done", pending.Result.Items![0].Text);
    }

    [Fact]
    public void InOrderTriggersRunOneAtATime()
    {
        using var t = new TestServer();
        int running = 0, overlaps = 0;
        Register(t, Graph(ReaderKind.CommandReader, ForEach(_ =>
        {
            if (Interlocked.Increment(ref running) > 1) Interlocked.Increment(ref overlaps);
            Thread.Sleep(20);
            Interlocked.Decrement(ref running);
        })), new RegisterOptions { Trigger = "t", Mode = ExecutionMode.AsyncLocal, InOrder = true });
        var calls = Enumerable.Range(0, 4).Select(_ => new Engine.InProcessClient(t.Server).ExecuteAsync("RG.TRIGGER", "t")).ToArray();
        Task.WaitAll(calls);
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public void HookOverridesTheCommandAndCallNextReachesIt()
    {
        using var t = new TestServer();
        Register(t, Graph(ReaderKind.CommandReader, Map(r => GearsBuiltins.CallNext([.. ((List<string>)r!).Skip(1), "_hooked", "1"]))),
            new RegisterOptions { Hook = "hset", Mode = ExecutionMode.Sync });
        var reply = t.Run("HSET", "h", "f", "v");
        Assert.Equal(RespType.BulkString, reply.Type); // convertToStr: the result is a string
        Assert.Equal("2", reply.Text);
        Assert.Equal("1", t.Text("HGET", "h", "_hooked"));
    }

    [Fact]
    public void HooksChainInReverseRegistrationOrder()
    {
        using var t = new TestServer();
        var order = new List<string>();
        StepGraph Hook(string name) => Graph(ReaderKind.CommandReader, Map(r =>
        {
            var argv = (List<string>)r!;
            lock (order) order.Add(name);
            return GearsBuiltins.CallNext(argv[1], argv[2] + "-" + name);
        }));
        Register(t, Hook("first"), new RegisterOptions { Hook = "set", Mode = ExecutionMode.Sync });
        Register(t, Hook("second"), new RegisterOptions { Hook = "SET", Mode = ExecutionMode.Sync, ConvertToStr = false });
        Assert.Equal("OK", t.Text("set", "k", "v"));
        Assert.Equal(["second", "first"], order);
        Assert.Equal("v-second-first", t.Text("GET", "k"));
    }

    [Fact]
    public void HookWithKeyPrefixOnlyHooksMatchingKeys()
    {
        using var t = new TestServer();
        Register(t, Graph(ReaderKind.CommandReader, Map(_ => "hooked")), new RegisterOptions { Hook = "get", KeyPrefix = "h", Mode = ExecutionMode.Sync });
        Assert.Equal("hooked", t.Text("GET", "hx"));
        Assert.True(t.Run("GET", "x").IsNull);
    }

    [Fact]
    public void HookMustReturnExactlyOneResult()
    {
        using var t = new TestServer();
        Register(t, Graph(ReaderKind.CommandReader, FlatMap(r => r)), new RegisterOptions { Hook = "hset", Mode = ExecutionMode.Sync });
        Assert.Equal("Command hook must return exactly one result", t.Text("HSET", "h", "foo", "bar"));
    }

    [Fact]
    public void AsyncHookBlocksTheClientUntilItsReply()
    {
        using var t = new TestServer();
        Register(t, Graph(ReaderKind.CommandReader, Map(r => "async:" + GearsBuiltins.CallNext(((List<string>)r!)[1]))), new RegisterOptions { Hook = "get" });
        t.Run("SET", "k", "v");
        Assert.Equal("async:v", t.Text("GET", "k"));
        t.Run("MULTI");
        t.Run("GET", "k");
        Assert.StartsWith("ERR can not run a non-sync execution", t.Run("EXEC").Items![0].Text);
    }

    [Fact]
    public void HookCanOverrideTheReplyAndSeeTheCommand()
    {
        using var t = new TestServer();
        Register(t, Graph(ReaderKind.CommandReader, ForEach(_ => GearsBuiltins.OverrideReply(string.Join(" ", GearsBuiltins.GetCommand())))),
            new RegisterOptions { Hook = "get", Mode = ExecutionMode.Sync });
        Assert.Equal("GET k", t.Text("GET", "k"));
    }

    [Fact]
    public void UnregisteringRestoresTheCommand()
    {
        using var t = new TestServer();
        var hook = Register(t, Graph(ReaderKind.CommandReader, Map(_ => "hooked")), new RegisterOptions { Hook = "get", Mode = ExecutionMode.Sync });
        var trigger = Register(t, Joined(), new RegisterOptions { Trigger = "t", Mode = ExecutionMode.Sync });
        Assert.True(t.Server.Gears.Unregister(hook.Id, abortPending: false));
        Assert.True(t.Server.Gears.Unregister(trigger.Id, abortPending: false));
        Assert.True(t.Run("GET", "k").IsNull);
        Assert.Null(t.Server.Commands.Find("get")!.Interceptor);
        Assert.Equal("ERR subcommand not found", t.Text("RG.TRIGGER", "t"));
    }

    public static TheoryData<RegisterOptions[], string> RefusedRegistrations => new()
    {
        { [new() { }], "no trigger or hook argument was given" },
        { [new() { Trigger = "t", Hook = "get" }], "trigger argument can not be given with keyprefix or hook" },
        { [new() { Trigger = "t", KeyPrefix = "x" }], "trigger argument can not be given with keyprefix or hook" },
        { [new() { Trigger = "t" }, new() { Trigger = "t" }], "trigger already registered in this session" },
        { [new() { Hook = "nosuch" }], "Can not override an unexisting command" },
        { [new() { Hook = "exec" }], "Can not override a command which are not allowed inside a script" },
        { [new() { Hook = "lmpop", KeyPrefix = "x" }], "Can not override a command with moveable keys by key prefix" },
        { [new() { Hook = "hset" }, new() { Hook = "hset" }], "Can not override a none sync registration which already created on this session" },
    };

    [Theory]
    [MemberData(nameof(RefusedRegistrations))]
    public void RegistrationErrors(RegisterOptions[] registrations, string error)
    {
        using var t = new TestServer();
        var thrown = Assert.Throws<GearsScriptException>(() => Register(t, registrations.Select(o => (Joined(), o)).ToArray()));
        Assert.Equal(error, thrown.Message);
    }

    [Fact]
    public void RegistrationErrorsAgainstInstalledOnes()
    {
        using var t = new TestServer();
        Register(t, Joined(), new RegisterOptions { Trigger = "t" });
        Register(t, Joined(), new RegisterOptions { Hook = "hset" });
        Assert.Equal("trigger already registered", Assert.Throws<GearsScriptException>(() => Register(t, Joined(), new RegisterOptions { Trigger = "t" })).Message);
        Assert.Equal("Can not override a none sync registration",
            Assert.Throws<GearsScriptException>(() => Register(t, Joined(), new RegisterOptions { Hook = "HSET", Mode = ExecutionMode.Sync })).Message);
    }

    [Fact]
    public void RegistrationDataHasTwentyFields()
    {
        using var t = new TestServer();
        var registration = Register(t, Joined(), new RegisterOptions { Trigger = "t", Mode = ExecutionMode.Sync, InOrder = true });
        t.Run("RG.TRIGGER", "t");
        var dump = Dump(t, registration);
        Assert.Equal("CommandReader", dump.Items![3].Text);
        var data = dump.Items[7].Items!;
        Assert.Equal(20, data.Count);
        Assert.Equal("sync", data[1].Text);
        Assert.Equal(1, data[3].Integer); // numTriggered
        Assert.Equal(1, data[5].Integer); // numSuccess
        var args = data[19].Items!;
        Assert.Equal(["trigger", "t", "inorder"], args.Take(3).Select(a => a.Text));
        Assert.Equal(1, args[3].Integer);
    }
}
