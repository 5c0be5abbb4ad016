using HotGears.Engine.Gears;
using HotGears.Engine.Gears.Readers;
using HotGears.Engine.Gears.Registrations;
using static HotGears.Tests.GearsTestGraphs;

namespace HotGears.Tests;

/// <summary>StreamReader registrations end to end (the trigger's own rules: GearsStreamTriggerTests).</summary>
public class GearsStreamReaderTests
{
    /// <summary>INCRs counter{key} for each record, as RedisGears' pause tests do.</summary>
    private static StepGraph Counting(Func<StreamRecord, string?>? fail = null) => Graph(ReaderKind.StreamReader, ForEach(r =>
    {
        var record = (StreamRecord)r!;
        if (fail?.Invoke(record) is { } error) throw new GearsErrorException(error);
        GearsBuiltins.Execute("INCR", $"counter{{{record.Key}}}");
    }));

    [Fact]
    public void SyncRegistrationRunsInsideXadd()
    {
        using var t = new TestServer();
        var registration = Register(t, Counting(), new RegisterOptions { Prefix = "s*", Mode = ExecutionMode.Sync });
        WaitFor(() => ((StreamReaderRegistration)registration).Status == StreamRegistrationStatus.OK);
        t.Run("XADD", "s1", "*", "foo", "bar");
        Assert.Equal("1", t.Text("GET", "counter{s1}"));
        Assert.Equal("0", t.Text("XLEN", "s1"));
        t.Run("XADD", "x", "*", "foo", "bar");
        Assert.True(t.Run("GET", "counter{x}").IsNull);
    }

    [Fact]
    public void AsyncRegistrationProcessesEveryEntryOnce()
    {
        using var t = new TestServer();
        Register(t, Counting(), new RegisterOptions { Prefix = "s", Batch = 3, DurationMs = 50, Mode = ExecutionMode.AsyncLocal });
        for (int i = 0; i < 10; i++) t.Run("XADD", "s", "*", "n", i.ToString());
        WaitFor(() => t.Text("GET", "counter{s}") == "10" && t.Text("XLEN", "s") == "0");
    }

    [Fact]
    public void ExistingStreamsAreProcessedWhenRegistered()
    {
        using var t = new TestServer();
        t.Run("XADD", "s", "*", "foo", "bar");
        Register(t, Counting(), new RegisterOptions { Mode = ExecutionMode.Sync });
        WaitFor(() => t.Text("GET", "counter{s}") == "1");
    }

    [Fact]
    public void SyncModeOnlyWithContinue()
    {
        using var t = new TestServer();
        var error = Assert.Throws<GearsScriptException>(() =>
            Register(t, Counting(), new RegisterOptions { Mode = ExecutionMode.Sync, OnFailedPolicy = OnFailedPolicy.Retry }));
        Assert.Equal("ExecutionMode sync can only be combined with OnFailedPolicy Continue", error.Message);
    }

    [Fact]
    public void PauseAndUnpause()
    {
        using var t = new TestServer();
        var registration = Register(t, Counting(), new RegisterOptions { Mode = ExecutionMode.Sync });
        WaitFor(() => ((StreamReaderRegistration)registration).Status == StreamRegistrationStatus.OK);
        t.Run("XADD", "x", "*", "foo", "bar");
        Assert.Null(registration.Pause());
        t.Run("XADD", "x", "*", "foo", "bar");
        Assert.Equal("1", t.Text("GET", "counter{x}"));
        Assert.Equal("PAUSED", Data(t, registration)["status"].Text);
        Assert.Null(registration.Unpause());
        WaitFor(() => t.Text("GET", "counter{x}") == "2");
    }

    [Fact]
    public void PauseErrorFromTheGearPausesItUntilUnpaused()
    {
        using var t = new TestServer();
        var registration = Register(t, Counting(r => t.Server.Databases[0].Get("paused"u8) != null ? "PAUSE" : null), new RegisterOptions { Mode = ExecutionMode.Sync });
        WaitFor(() => ((StreamReaderRegistration)registration).Status == StreamRegistrationStatus.OK);
        t.Run("XADD", "x", "*", "foo", "bar");
        t.Run("SET", "paused", "yes");
        t.Run("XADD", "x", "*", "foo", "bar");
        Assert.Equal("1", t.Text("GET", "counter{x}"));
        Assert.Equal("PAUSED", Data(t, registration)["status"].Text);
        Assert.Equal("PAUSE", Data(t, registration)["lastError"].Text);
        t.Run("DEL", "paused");
        registration.Unpause();
        WaitFor(() => t.Text("GET", "counter{x}") == "2");
    }

    [Fact]
    public void RetryPolicyWaitsThenRetries()
    {
        using var t = new TestServer();
        int failures = 0;
        var registration = Register(t, Counting(_ => Interlocked.Increment(ref failures) == 1 ? "boom" : null),
            new RegisterOptions { Prefix = "s", OnFailedPolicy = OnFailedPolicy.Retry, OnFailedRetryIntervalSec = 1, Mode = ExecutionMode.AsyncLocal });
        t.Run("XADD", "s", "*", "foo", "bar");
        WaitFor(() => Data(t, registration)["status"].Text == "WAITING_FOR_RETRY_ON_FAILURE");
        WaitFor(() => t.Text("GET", "counter{s}") == "1");
        Assert.Equal("OK", Data(t, registration)["status"].Text);
        Assert.Equal(1, Data(t, registration)["numFailures"].Integer);
    }

    [Fact]
    public void AbortPolicyStops()
    {
        using var t = new TestServer();
        var registration = Register(t, Counting(_ => "boom"), new RegisterOptions { Prefix = "s", OnFailedPolicy = OnFailedPolicy.Abort, Mode = ExecutionMode.AsyncLocal });
        t.Run("XADD", "s", "*", "foo", "bar");
        WaitFor(() => Data(t, registration)["status"].Text == "ABORTED");
        Assert.Equal("1", t.Text("XLEN", "s"));
    }

    [Fact]
    public void RegistrationDataHasTwentySixFields()
    {
        using var t = new TestServer();
        var registration = Register(t, Counting(), new RegisterOptions
        {
            Prefix = "s*", Batch = 5, DurationMs = 100, TrimStream = false, OnFailedPolicy = OnFailedPolicy.Retry, OnFailedRetryIntervalSec = 7,
        });
        var dump = Dump(t, registration);
        Assert.Equal("StreamReader", dump.Items![3].Text);
        var data = dump.Items[7].Items!;
        Assert.Equal(26, data.Count);
        Assert.Equal(["mode", "numTriggered", "numSuccess", "numFailures", "numAborted", "lastRunDurationMS", "totalRunDurationMS",
            "avgRunDurationMS", "lastEstimatedLagMS", "avgEstimatedLagMS", "lastError", "args", "status"],
            Enumerable.Range(0, 13).Select(i => data[2 * i].Text));
        Assert.Equal("async", data[1].Text);
        Assert.True(data[21].IsNull);
        var args = data[23].Items!;
        Assert.Equal("batchSize durationMS stream trimStream onFailedPolicy retryInterval", string.Join(" ", Enumerable.Range(0, 6).Select(i => args[2 * i].Text)));
        Assert.Equal(5, args[1].Integer);
        Assert.Equal(100, args[3].Integer);
        Assert.Equal("s*", args[5].Text);
        Assert.Equal(0, args[7].Integer);
        Assert.Equal("retry", args[9].Text);
        Assert.Equal(7, args[11].Integer);
    }

    [Fact]
    public void RunReadsTheStreamAfterFromId()
    {
        using var t = new TestServer();
        t.Run("XADD", "s", "1-1", "a", "1");
        t.Run("XADD", "s", "1-2", "a", "2", "a", "3");
        var engine = t.Server.Gears;
        var session = new GearsSession(engine, "run-session", null, "csharp");
        var execution = engine.StartRun(session, Graph(ReaderKind.StreamReader, Map(r => ((StreamRecord)r!).Value["a"])), new RunOptions { Arg = "s", FromId = "1-1" });
        WaitFor(() => execution.IsDone);
        Assert.Equal(["3"], execution.Results);
        var bad = engine.StartRun(session, Graph(ReaderKind.StreamReader), new RunOptions { Arg = "s", FromId = "test" });
        WaitFor(() => bad.IsDone);
        Assert.Empty(bad.Results);
        Assert.Equal(["ERR Invalid stream ID specified as stream command argument"], bad.Errors);
    }
}
