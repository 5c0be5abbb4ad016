using System.Buffers;
using System.Text;
using HotGears.Engine;
using HotGears.Engine.Gears;
using HotGears.Resp;
using static HotGears.Tests.GearsTestKit;

namespace HotGears.Tests;

/// <summary>A script runner that runs a delegate as the script's top level.</summary>
internal sealed class DelegateRunner(Action<GearsScriptContext> body) : IGearsScriptRunner
{
    public Task RunAsync(ScriptRequest request, GearsScriptContext context, CancellationToken cancellation)
    {
        body(context);
        return Task.CompletedTask;
    }
}

/// <summary>The engine: the script flow, executions and their list, abort, registrations, RG.* commands.</summary>
public class GearsEngineTests
{
    /// <summary>Runs ExecuteScript for a client of its own and returns its reply, once the client is woken.</summary>
    private static RespValue RunScript(TestServer t, Action<GearsScriptContext> body, params string[] options)
    {
        var output = new ArrayBufferWriter<byte>();
        var session = new Session(t.Server, new RespWriter(output), t.Client);
        Task<ReadOnlyMemory<byte>>? woken = null;
        lock (t.Server.Lock)
        {
            var args = Args(["RG.TESTEXECUTE", "code", .. options]);
            if (!ScriptRequest.TryParse(args.Args, out var request, out string? error)) return new RespValue(RespType.Error, Encoding.UTF8.GetBytes(error!));
            t.Server.Gears.ExecuteScript(session, request!, new DelegateRunner(body), "test");
            if (session.IsBlocked) woken = session.WhenUnblocked;
        }
        if (woken != null)
        {
            Assert.True(woken.Wait(TimeSpan.FromSeconds(10)), "the script's client was never woken");
            output.Write(woken.Result.Span);
        }
        return RespValueReader.ReadAll(output.WrittenSpan).Single();
    }

    /// <summary>CommandArgs over strings (kept alive by the returned holder).</summary>
    private static ArgsHolder Args(string[] argv) => new(argv);

    private readonly ref struct ArgsHolder
    {
        private readonly byte[] _source;
        private readonly ArgRange[] _ranges;

        public ArgsHolder(string[] argv)
        {
            var bytes = new List<byte>();
            _ranges = new ArgRange[argv.Length];
            for (int i = 0; i < argv.Length; i++)
            {
                var arg = Encoding.UTF8.GetBytes(argv[i]);
                _ranges[i] = new ArgRange(bytes.Count, arg.Length);
                bytes.AddRange(arg);
            }
            _source = bytes.ToArray();
        }

        public CommandArgs Args => new(_source, _ranges);
    }

    private static string ParseError(params string[] options)
    {
        var args = Args(["RG.TESTEXECUTE", "code", .. options]);
        Assert.False(ScriptRequest.TryParse(args.Args, out _, out string? error));
        return error!;
    }

    [Fact]
    public void ScriptOptionsParseWithSpecErrors()
    {
        Assert.Equal("ID is missing", ParseError("ID"));
        Assert.Equal("DESCRIPTION is missing", ParseError("description"));
        Assert.Equal("REPLACE_WITH is missing", ParseError("REPLACE_WITH"));
        Assert.Equal("Unknown arguments were given: foo", ParseError("UNBLOCKING", "foo"));
        Assert.Equal("ID must be compose of: ['A'-'Z' | 'a'-'z' | '0' - '9' | '-' | '_']", ParseError("ID", "a b"));
        var args = Args(["X", "code", "id", "s1", "Upgrade", "REQUIREMENTS", "numpy", "ID"]);
        Assert.True(ScriptRequest.TryParse(args.Args, out var request, out _));
        Assert.Equal("s1", request!.Id);
        Assert.True(request.Upgrade);
        Assert.Equal(["numpy", "ID"], request.Requirements);
    }

    [Fact]
    public void ABlockingRunRepliesResultsAndLeavesTheList()
    {
        using var t = new TestServer();
        t.Run("SET", "a", "1");
        t.Run("SET", "b", "22");
        var reply = RunScript(t, c => c.Run(Graph(ReaderKind.KeysReader,
            new Step(StepKind.Map) { Map = r => ((KeyRecord)r!).Key + "=" + ((KeyRecord)r!).Value }, new Step(StepKind.Sort)), new RunOptions()));
        Assert.Equal(["a=1", "b=22"], reply.Items![0].Items!.Select(i => i.Text));
        Assert.Empty(reply.Items![1].Items!);
        Assert.Empty(t.Run("RG.DUMPEXECUTIONS").Items!);
    }

    [Fact]
    public void AnUnblockingRunRepliesItsIdAndStaysListed()
    {
        using var t = new TestServer();
        var reply = RunScript(t, c => c.Run(Graph(ReaderKind.ShardsIDReader), new RunOptions()), "UNBLOCKING");
        string id = reply.Text!;
        Assert.Equal(GearsIds.ShardId + "-0", id);
        t.Server.Gears.FindExecution(id)!.Completion.Wait(TimeSpan.FromSeconds(10));
        var results = t.Run("RG.GETRESULTS", id);
        Assert.Equal(["1"], results.Items![0].Items!.Select(i => i.Text));
        var dump = t.Run("RG.DUMPEXECUTIONS").Items!.Single();
        Assert.Equal(["executionId", id, "status", "done", "registered", "0"], dump.Items!.Select(i => i.ToString()));
        var plan = t.Run("RG.GETEXECUTION", id).Items![0];
        Assert.Equal(GearsIds.ShardId, plan.Items![1].Text);
        Assert.Equal(16, plan.Items![3].Items!.Count);
        Assert.Equal("no cluster detected - use `RG.GETEXECUTION <id> [SHARD]` instead", t.Text("RG.GETEXECUTION", id, "cluster"));
        Assert.Equal("unknown subcommand", t.Text("RG.GETEXECUTION", id, "x"));
        Assert.Equal("OK", t.Text("RG.DROPEXECUTION", id));
        Assert.Equal("execution plan does not exist", t.Text("RG.GETRESULTS", id));
        Assert.Equal("execution plan does not exist", t.Text("RG.GETEXECUTION", "nope"));
    }

    [Fact]
    public void ScriptErrorsRollBackAndReplyTheText()
    {
        using var t = new TestServer();
        var reply = RunScript(t, c =>
        {
            c.Register(Graph(ReaderKind.KeysReader), new RegisterOptions());
            throw new GearsScriptException("NameError: x");
        });
        Assert.Equal("NameError: x", reply.Text);
        Assert.Equal(RespType.Error, reply.Type);
        Assert.Empty(t.Run("RG.DUMPREGISTRATIONS").Items!);
        var twice = RunScript(t, c =>
        {
            c.Run(Graph(ReaderKind.ShardsIDReader), new RunOptions());
            c.Run(Graph(ReaderKind.ShardsIDReader), new RunOptions());
        });
        Assert.Equal("Can not run more then 1 executions in a single script", twice.Text);
        Assert.Empty(t.Run("RG.DUMPEXECUTIONS").Items!);
    }

    [Fact]
    public void SessionsFollowTheIdUpgradeAndReplaceRules()
    {
        using var t = new TestServer();
        void Register(GearsScriptContext c) => c.Register(Graph(ReaderKind.KeysReader), new RegisterOptions { Prefix = "x*" });
        Assert.Equal("OK", RunScript(t, Register, "ID", "s1").Text);
        Assert.Equal("Session s1 already exists", RunScript(t, Register, "ID", "s1").Text);
        Assert.Equal("OK", RunScript(t, Register, "ID", "s1", "UPGRADE").Text);
        Assert.Single(t.Run("RG.DUMPREGISTRATIONS").Items!);
        Assert.Equal("Can not replace with nope, session does not exists.", RunScript(t, Register, "ID", "s2", "REPLACE_WITH", "nope").Text);
        Assert.Equal("Can not replace an existing session s1 with s1", RunScript(t, Register, "ID", "s1", "REPLACE_WITH", "s1").Text);
        Assert.Equal("OK", RunScript(t, Register, "ID", "s2", "REPLACE_WITH", "s1").Text);
        var entry = t.Run("RG.DUMPREGISTRATIONS").Items!.Single();
        Assert.Contains("'sessionName':'s2'", entry.Items![9].Text);
        Assert.Null(t.Server.Gears.FindSession("s1"));
    }

    [Fact]
    public void GearsRefuseToRunInsideMulti()
    {
        using var t = new TestServer();
        var output = new ArrayBufferWriter<byte>();
        var session = new Session(t.Server, new RespWriter(output), t.Client) { NeverBlocks = true };
        lock (t.Server.Lock)
            t.Server.Gears.ExecuteScript(session, new ScriptRequest { Code = "" }, new DelegateRunner(_ => { }), "test");
        Assert.Equal("Can not run gears inside a multi exec, lua, or when blocking is not allowed", RespValueReader.ReadAll(output.WrittenSpan).Single().Text);
    }

    [Fact]
    public void AbortStopsARunningExecutionWithinASecond()
    {
        using var t = new TestServer();
        var started = new ManualResetEventSlim();
        var reply = RunScript(t, c => c.Run(Graph(ReaderKind.ShardsIDReader, new Step(StepKind.Map)
        {
            Map = r =>
            {
                started.Set();
                while (!GearsBuiltins.Cancellation.IsCancellationRequested) Thread.Sleep(1);
                return r;
            },
        }), new RunOptions()), "UNBLOCKING");
        string id = reply.Text!;
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("OK", t.Text("RG.ABORTEXECUTION", id));
        Assert.True(t.Server.Gears.FindExecution(id)!.Completion.Wait(TimeSpan.FromSeconds(1)));
        Assert.True(watch.ElapsedMilliseconds < 1000);
        var results = t.Run("RG.GETRESULTS", id);
        Assert.Equal(["Execution was aborted"], results.Items![1].Items!.Select(i => i.Text));
        Assert.Equal("done", t.Server.Gears.FindExecution(id)!.StatusName);
        Assert.Equal("OK", t.Text("RG.ABORTEXECUTION", id)); // already done: OK, as RedisGears' code
        Assert.Equal("execution does not exist", t.Text("RG.ABORTEXECUTION", "x"));
    }

    [Fact]
    public void TheExecutionsListKeepsMaxExecutions()
    {
        using var t = new TestServer();
        Assert.Equal("OK", t.Run("RG.CONFIGSET", "maxexecutions", "2").Items![0].Text);
        for (int i = 0; i < 4; i++)
            RunScript(t, c => c.Run(Graph(ReaderKind.ShardsIDReader), new RunOptions()), "UNBLOCKING");
        var ids = t.Run("RG.DUMPEXECUTIONS").Items!.Select(e => e.Items![1].Text).ToList();
        Assert.Equal([GearsIds.ShardId + "-2", GearsIds.ShardId + "-3"], ids);
    }

    [Fact]
    public void ConfigGetAndSetFollowTheCaseRules()
    {
        using var t = new TestServer();
        var get = t.Run("RG.CONFIGGET", "MaxExecutions", "maxexecutions", "ExecutionThreads");
        Assert.Equal(1000, get.Items![0].Integer);
        Assert.Equal("(error) Unsupported config parameter: maxexecutions", get.Items![1].Text);
        Assert.Equal(3, get.Items![2].Integer);
        var set = t.Run("RG.CONFIGSET", "ExecutionThreads", "4", "MaxExecutions", "-1", "Foo", "bar", "ProfileExecutions");
        Assert.Equal(["(error) Config value ExecutionThreads not modifiable at runtime", "(error) Failed setting config value MaxExecutions",
            "OK - value was saved in extra config dictionary", "(error) Value was not given to ProfileExecutions"], set.Items!.Select(i => i.Text));
        Assert.Equal("bar", t.Run("RG.CONFIGGET", "Foo").Items![0].Text);
        Assert.Equal("OK - value was saved in extra config dictionary", t.Run("RG.CONFIGSET", "PythonAttemptTraceback", "0").Items![0].Text);
        Assert.Equal(0, t.Run("RG.CONFIGGET", "PythonAttemptTraceback").Items![0].Integer);
    }

    [Fact]
    public void SyncRegistrationRunsInsideTheCommandAndItsWritesAreAtomicWithIt()
    {
        using var t = new TestServer();
        RunScript(t, c => c.Register(Graph(ReaderKind.KeysReader, new Step(StepKind.ForEach)
        {
            ForEach = r =>
            {
                var record = (KeyRecord)r!;
                GearsBuiltins.Execute("SET", "copy:" + record.Key, record.Value + "/" + record.Event + "/" + record.Type);
            },
        }), new RegisterOptions { Prefix = "src:*", Mode = ExecutionMode.Sync, EventTypes = ["SET"] }));
        t.Run("SET", "src:1", "v");
        Assert.Equal("v/set/string", t.Text("GET", "copy:src:1")); // already there when SET replied
        t.Run("SET", "other", "v");
        t.Run("DEL", "src:1"); // not a 'set' event
        Assert.Equal(1L, t.Run("EXISTS", "copy:src:1").Integer);
        var data = t.Run("RG.DUMPREGISTRATIONS").Items!.Single();
        Assert.Equal(18, data.Items!.Count);
        Assert.Equal("KeysReader", data.Items![3].Text);
        var registrationData = data.Items![7].Items!;
        Assert.Equal(20, registrationData.Count);
        Assert.Equal("sync", registrationData[1].Text);
        Assert.Equal(1, registrationData[3].Integer); // numTriggered
        Assert.Equal(1, registrationData[5].Integer); // numSuccess
        Assert.Equal(["regex", "src:*", "eventTypes", "keyTypes", "hookCommands"], registrationData[19].Items!.Where(i => i.Type != RespType.Array && !i.IsNull).Select(i => i.Text));
        Assert.Equal("Reader KeysReader does not support pause", t.Text("RG.PAUSEREGISTRATIONS", data.Items![1].Text!));
        Assert.Equal("OK", t.Text("RG.UNREGISTER", data.Items![1].Text!));
        Assert.Equal("execution is not registered", t.Text("RG.UNREGISTER", data.Items![1].Text!));
    }

    [Fact]
    public void WritesOfARegistrationRetriggerIt()
    {
        using var t = new TestServer();
        RunScript(t, c => c.Register(Graph(ReaderKind.KeysReader, new Step(StepKind.ForEach)
        {
            ForEach = r =>
            {
                if (((KeyRecord)r!).Key != "cnt:out") GearsBuiltins.Execute("INCR", "cnt:out");
            },
        }), new RegisterOptions { Prefix = "cnt*", Mode = ExecutionMode.Sync }));
        t.Run("SET", "cnt:in", "1");
        Assert.Equal("1", t.Text("GET", "cnt:out"));
        Assert.Equal(2, t.Server.Gears.Registrations.Single().NumTriggered); // its own INCR fired it again (quirk 15)
    }

    [Fact]
    public void AsyncRegistrationRunsEventsInOrderOneAtATime()
    {
        using var t = new TestServer();
        var seen = new List<string>();
        int running = 0, overlap = 0;
        RunScript(t, c => c.Register(Graph(ReaderKind.KeysReader, new Step(StepKind.ForEach)
        {
            ForEach = r =>
            {
                if (Interlocked.Increment(ref running) > 1) overlap++;
                lock (seen) seen.Add((string)((KeyRecord)r!).Value!);
                Interlocked.Decrement(ref running);
            },
        }), new RegisterOptions { Prefix = "k", Mode = ExecutionMode.AsyncLocal }));
        for (int i = 0; i < 200; i++) t.Run("SET", "k", i.ToString());
        t.Run("SET", "k2", "x"); // exact prefix: not matched
        var registration = t.Server.Gears.Registrations.Single();
        SpinWait.SpinUntil(() => registration.NumSuccess == 200, TimeSpan.FromSeconds(10));
        Assert.Equal(200, registration.NumSuccess);
        Assert.Equal(0, overlap);
        Assert.Equal(200, seen.Count); // values are read when each execution starts: non-decreasing
        Assert.True(seen.Select(int.Parse).Zip(seen.Select(int.Parse).Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public void AFullRegistrationQueueHoldsTheClientInsteadOfDroppingEvents()
    {
        using var t = new TestServer();
        t.Run("RG.CONFIGSET", "RegistrationQueueSize", "4");
        var gate = new ManualResetEventSlim();
        int count = 0;
        RunScript(t, c => c.Register(Graph(ReaderKind.KeysReader, new Step(StepKind.ForEach)
        {
            ForEach = _ =>
            {
                gate.Wait();
                Interlocked.Increment(ref count);
            },
        }), new RegisterOptions { Mode = ExecutionMode.AsyncLocal, ReadValue = false }));
        var writes = Task.Run(() =>
        {
            for (int i = 0; i < 20; i++) t.Client.Execute("SET", "k" + i, "v");
        });
        SpinWait.SpinUntil(() => t.Server.Gears.Registrations.Single().ClientsHeld > 0, TimeSpan.FromSeconds(10));
        Assert.False(writes.IsCompleted);
        gate.Set();
        Assert.True(writes.Wait(TimeSpan.FromSeconds(10)));
        SpinWait.SpinUntil(() => Volatile.Read(ref count) == 20, TimeSpan.FromSeconds(10));
        Assert.Equal(20, count);
        Assert.Equal(0, t.Server.Gears.Registrations.Single().QueueOverflow);
        Assert.Contains("queue_length=", t.Text("INFO", "gears"));
    }

    [Fact]
    public void KeysReaderRecordsCarryEveryTypesValue()
    {
        using var t = new TestServer();
        t.Run("HSET", "h", "f", "v");
        t.Run("RPUSH", "l", "a", "b");
        t.Run("SADD", "s", "m");
        t.Run("ZADD", "z", "2", "m");
        t.Run("XADD", "x", "1-1", "f", "v");
        var records = new List<KeyRecord>();
        var execution = NewExecution(t.Server, Graph(ReaderKind.KeysReader, new Step(StepKind.ForEach) { ForEach = r => records.Add((KeyRecord)r!) }));
        t.Server.Gears.RunExecution(execution, new HotGears.Engine.Gears.Readers.KeysBatchSource(t.Server, "*", false, false, true));
        var byKey = records.ToDictionary(r => r.Key);
        Assert.Equal("v", ((Dictionary<string, string>)byKey["h"].Value!)["f"]);
        Assert.Equal(["a", "b"], (List<string>)byKey["l"].Value!);
        Assert.Equal(["m"], (List<string>)byKey["s"].Value!);
        Assert.Equal(new ScoredMember("m", 2), ((List<ScoredMember>)byKey["z"].Value!)[0]);
        Assert.Equal("1-1", ((List<StreamEntryValue>)byKey["x"].Value!)[0].Id);
        Assert.Equal(["hash", "list", "set", "zset", "stream"], new[] { "h", "l", "s", "z", "x" }.Select(k => byKey[k].Type));
    }

    [Fact]
    public void KeysReaderGlobNoScanAndKeysOnly()
    {
        using var t = new TestServer();
        for (int i = 0; i < 10000; i++) t.Run("SET", "user:" + i, "v");
        t.Run("SET", "other", "v");
        static int Count(TestServer t, string pattern, bool noScan, bool keysOnly)
        {
            var execution = NewExecution(t.Server, Graph(ReaderKind.KeysReader, new Step(StepKind.Count)));
            t.Server.Gears.RunExecution(execution, new HotGears.Engine.Gears.Readers.KeysBatchSource(t.Server, pattern, noScan, keysOnly, true));
            return execution.Results.Count == 0 ? 0 : (int)(long)execution.Results[0]!;
        }
        Assert.Equal(10001, Count(t, "*", false, false));
        Assert.Equal(10000, Count(t, "user:*", false, false));
        Assert.Equal(1111, Count(t, "user:1*", false, true));
        Assert.Equal(10, Count(t, "user:?", false, false));
        Assert.Equal(1, Count(t, "missing", true, false)); // noScan: one 'empty' record
        Assert.Equal(0, Count(t, "missing", true, true));
    }
}

public class GearsStartupConfigTests
{
    [Fact]
    public void GearsOptionsComeFromTheServerConfig()
    {
        var config = new HotGears.Engine.ServerConfig();
        Assert.Null(config.Set("gears-ExecutionThreads", "5"));
        Assert.Null(config.Set("GEARS-maxexecutions", "7"));
        using var t = new TestServer(config);
        Assert.Equal(5, t.Server.Gears.Config.ExecutionThreads);
        Assert.Equal(7, t.Server.Gears.Config.MaxExecutions);
    }
}

/// <summary>Builtins, blocking results, statistics.</summary>
public class GearsBuiltinsTests
{
    private static Execution Start(TestServer t, params Step[] steps)
    {
        var execution = NewExecution(t.Server, Graph(ReaderKind.ShardsIDReader, steps));
        var session = execution.Session;
        session.Pool.Post(() => t.Server.Gears.RunExecution(execution, new HotGears.Engine.Gears.Readers.ListSource("1")));
        return execution;
    }

    [Fact]
    public void ExecuteReturnsValuesAndThrowsErrors()
    {
        using var t = new TestServer();
        object? got = null;
        string? error = null;
        var execution = Start(t, new Step(StepKind.ForEach)
        {
            ForEach = _ =>
            {
                GearsBuiltins.Execute("RPUSH", "l", "a", 2L, new byte[] { 0xff });
                got = GearsBuiltins.Execute("LRANGE", "l", 0, -1);
                try { GearsBuiltins.Execute("INCR", "l"); }
                catch (GearsErrorException e) { error = e.Message; }
                using (GearsBuiltins.Atomic())
                    Assert.Throws<GearsErrorException>(() => GearsBuiltins.Atomic());
                Assert.Throws<GearsErrorException>(() => GearsBuiltins.Log("x", "loud"));
                Assert.Equal("06S", GearsBuiltins.Hashtag());
                Assert.True(GearsBuiltins.IsAsyncAllow());
                Assert.Throws<GearsErrorException>(() => GearsBuiltins.CallNext());
            },
        });
        Assert.True(execution.Completion.Wait(TimeSpan.FromSeconds(10)));
        Assert.Empty(execution.Errors);
        var list = Assert.IsType<List<object?>>(got);
        Assert.Equal("a", list[0]);
        Assert.Equal("2", list[1]);
        Assert.Equal(new byte[] { 0xff }, list[2]);
        Assert.Equal("WRONGTYPE Operation against a key holding the wrong kind of value", error);
        Assert.False(GearsBuiltins.IsAsyncAllow()); // not inside an execution
    }

    [Fact]
    public void GetResultsBlockingWaitsForTheExecution()
    {
        using var t = new TestServer();
        var gate = new ManualResetEventSlim();
        var execution = Start(t, new Step(StepKind.Map) { Map = r => { gate.Wait(); return r; } });
        var waiter = new InProcessClient(t.Server);
        var reply = waiter.ExecuteAsync("RG.GETRESULTSBLOCKING", execution.Id);
        Assert.Equal("execution is still running", t.Text("RG.GETRESULTS", execution.Id));
        Assert.False(reply.Wait(100));
        gate.Set();
        Assert.True(reply.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal("1", reply.Result.Items![0].Items![0].Text);
    }

    [Fact]
    public void ProfileExecutionsFillsStepDurations()
    {
        using var t = new TestServer();
        t.Run("RG.CONFIGSET", "ProfileExecutions", "1");
        var execution = Start(t, new Step(StepKind.Map) { Map = r => { Thread.Sleep(30); return r; }, Name = "slow" });
        Assert.True(execution.Completion.Wait(TimeSpan.FromSeconds(10)));
        var steps = t.Run("RG.GETEXECUTION", execution.Id).Items![0].Items![3].Items![15].Items!;
        var slow = steps.Single(s => s.Items![5].Text == "slow");
        Assert.True(slow.Items![3].Integer >= 25, $"duration {slow.Items![3].Integer}");
    }

    [Fact]
    public void ClearStatsKeepsInFlightRunsAndAbortPendingAbortsQueuedOnes()
    {
        using var t = new TestServer();
        var gate = new ManualResetEventSlim();
        var session = Session(t.Server);
        var context = new GearsScriptContext(t.Server.Gears, session);
        string id = context.Register(Graph(ReaderKind.KeysReader, new Step(StepKind.ForEach) { ForEach = _ => gate.Wait() }),
            new RegisterOptions { Mode = ExecutionMode.AsyncLocal });
        t.Server.Gears.Install(session, context.PendingRegistrations, null);
        for (int i = 0; i < 3; i++) t.Run("SET", "k", "v");
        var registration = t.Server.Gears.FindRegistration(id)!;
        SpinWait.SpinUntil(() => t.Server.Gears.Executions.Any(e => e.Status == ExecutionStatus.Running), TimeSpan.FromSeconds(10));
        Assert.Equal("OK", t.Text("RG.CLEARREGISTRATIONSSTATS"));
        Assert.Equal(3, registration.NumTriggered);
        Assert.Equal("OK", t.Text("RG.UNREGISTER", id, "ABORTPENDING"));
        gate.Set();
        SpinWait.SpinUntil(() => registration.NumSuccess + registration.NumAborted == 3, TimeSpan.FromSeconds(10));
        Assert.Equal(1, registration.NumSuccess);
        Assert.Equal(2, registration.NumAborted);
        t.Run("SET", "k", "v"); // unregistered: no more runs
        Assert.Equal(3, registration.NumTriggered);
    }
}
