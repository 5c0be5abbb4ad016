using HotGears.Engine;
using HotGears.Engine.Gears;
using HotGears.Engine.Gears.Readers;

namespace HotGears.Tests;

/// <summary>
/// The StreamReader's event side on its own: batches, duration, ack/trim and the failure policies,
/// with a runner standing in for the registration's executions.
/// </summary>
public class GearsStreamTriggerTests
{
    /// <summary>Runs each batch through <paramref name="body"/> (its return value: the first error), inline or on the thread pool.</summary>
    private sealed class Runner(Func<List<StreamRecord>, string?> body, bool sync) : IStreamBatchRunner
    {
        public List<List<StreamRecord>> Batches { get; } = new();

        public bool Run(IRecordSource source, Action<StreamBatchOutcome> done)
        {
            void Execute()
            {
                var chunk = new List<object?>();
                while (source.ReadChunk(chunk)) { }
                var records = chunk.Cast<StreamRecord>().ToList();
                lock (Batches) Batches.Add(records);
                done(new StreamBatchOutcome(body(records), false));
            }
            if (sync) Execute();
            else Task.Run(Execute);
            return true;
        }

        public List<List<StreamRecord>> Snapshot()
        {
            lock (Batches) return Batches.Select(b => b.ToList()).ToList();
        }
    }

    private static StreamTrigger Start(TestServer t, Runner runner, RegisterOptions options)
    {
        var trigger = new StreamTrigger(t.Server, options, runner);
        trigger.Start();
        return trigger;
    }

    private static void WaitFor(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out");
            Thread.Sleep(10);
        }
    }

    private static List<string> Ids(IEnumerable<List<StreamRecord>> batches) => batches.SelectMany(b => b.Select(r => r.Id)).ToList();

    [Fact]
    public void SyncBatchRunsInsideXaddThenAcksAndTrims()
    {
        using var t = new TestServer();
        var runner = new Runner(_ => null, sync: true);
        var trigger = Start(t, runner, new RegisterOptions { Prefix = "s*" });
        WaitFor(() => trigger.Status == StreamRegistrationStatus.OK);

        t.Run("XADD", "s1", "1-1", "f", "v", "f", "w", "g", "x");
        var record = Assert.Single(runner.Snapshot().SelectMany(b => b));
        Assert.Equal("s1", record.Key);
        Assert.Equal("1-1", record.Id);
        Assert.Equal(new Dictionary<string, string> { ["f"] = "w", ["g"] = "x" }, record.Value);
        Assert.Equal("0", t.Text("XLEN", "s1")); // trimmed
        var group = t.Run("XINFO", "GROUPS", "s1").Items![0];
        Assert.Equal("__gears_consumer_group__", group.Items![1].Text);
        Assert.Equal(0, group.Items[5].Integer); // nothing pending

        t.Run("XADD", "other", "*", "f", "v");
        Assert.Single(runner.Snapshot().SelectMany(b => b));
    }

    [Fact]
    public void ExactNameWithoutStarAndNoTrim()
    {
        using var t = new TestServer();
        var runner = new Runner(_ => null, sync: true);
        var trigger = Start(t, runner, new RegisterOptions { Prefix = "s", TrimStream = false });
        WaitFor(() => trigger.Status == StreamRegistrationStatus.OK);
        t.Run("XADD", "s", "*", "f", "v");
        t.Run("XADD", "s2", "*", "f", "v");
        Assert.Single(runner.Snapshot().SelectMany(b => b));
        Assert.Equal("1", t.Text("XLEN", "s"));
    }

    [Fact]
    public void BatchWaitsForEnoughEntriesAndDurationRunsPartialBatch()
    {
        using var t = new TestServer();
        var runner = new Runner(_ => null, sync: true);
        var trigger = Start(t, runner, new RegisterOptions { Prefix = "s", Batch = 3, DurationMs = 300 });
        WaitFor(() => trigger.Status == StreamRegistrationStatus.OK);
        t.Run("XADD", "s", "1-1", "f", "v");
        t.Run("XADD", "s", "1-2", "f", "v");
        Assert.Empty(Ids(runner.Snapshot()));
        t.Run("XADD", "s", "1-3", "f", "v");
        Assert.Equal(["1-1", "1-2", "1-3"], Ids(runner.Snapshot()));

        t.Run("XADD", "s", "1-4", "f", "v");
        Assert.Equal(3, Ids(runner.Snapshot()).Count);
        WaitFor(() => Ids(runner.Snapshot()).Count == 4); // the duration ran the partial batch
        Assert.True(trigger.LastLagMs >= 250, $"lag {trigger.LastLagMs}");
    }

    [Fact]
    public void ExistingStreamsAreProcessedOnStart()
    {
        using var t = new TestServer();
        t.Run("XADD", "s", "1-1", "f", "v");
        t.Run("XADD", "s", "1-2", "f", "v");
        t.Run("SET", "string", "x");
        var runner = new Runner(_ => null, sync: true);
        Start(t, runner, new RegisterOptions { Prefix = "*" });
        WaitFor(() => Ids(runner.Snapshot()).Count == 2);
        Assert.Equal(["1-1", "1-2"], Ids(runner.Snapshot()));
        WaitFor(() => t.Text("XLEN", "s") == "0");
    }

    [Fact]
    public void AsyncExecutionsRunOneAtATimePerStreamInOrder()
    {
        using var t = new TestServer();
        int running = 0, overlaps = 0;
        var runner = new Runner(_ =>
        {
            if (Interlocked.Increment(ref running) > 1) Interlocked.Increment(ref overlaps);
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
            return null;
        }, sync: false);
        var trigger = Start(t, runner, new RegisterOptions { Prefix = "s", Batch = 2 });
        WaitFor(() => trigger.Status == StreamRegistrationStatus.OK);
        for (int i = 1; i <= 20; i++) t.Run("XADD", "s", $"1-{i}", "n", i.ToString());
        WaitFor(() => Ids(runner.Snapshot()).Count == 20);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"1-{i}"), Ids(runner.Snapshot()));
        Assert.Equal(0, overlaps);
        WaitFor(() => t.Text("XLEN", "s") == "0");
    }

    [Fact]
    public void ContinuePolicyAcksFailedBatches()
    {
        using var t = new TestServer();
        var runner = new Runner(records => records.Count > 0 ? "boom" : null, sync: true);
        var trigger = Start(t, runner, new RegisterOptions { Prefix = "s" });
        WaitFor(() => trigger.Status == StreamRegistrationStatus.OK);
        t.Run("XADD", "s", "*", "f", "v");
        t.Run("XADD", "s", "*", "f", "v");
        Assert.Equal(2, Ids(runner.Snapshot()).Count);
        Assert.Equal(StreamRegistrationStatus.OK, trigger.Status);
        Assert.Equal("0", t.Text("XLEN", "s"));
    }

    [Fact]
    public void AbortPolicyStopsTheRegistration()
    {
        using var t = new TestServer();
        var runner = new Runner(records => records.Count > 0 ? "boom" : null, sync: true);
        var trigger = Start(t, runner, new RegisterOptions { Prefix = "s", OnFailedPolicy = OnFailedPolicy.Abort });
        WaitFor(() => trigger.Status == StreamRegistrationStatus.OK);
        t.Run("XADD", "s", "*", "f", "v");
        Assert.Equal(StreamRegistrationStatus.ABORTED, trigger.Status);
        t.Run("XADD", "s", "*", "f", "v");
        Assert.Single(Ids(runner.Snapshot()));
        Assert.Equal("2", t.Text("XLEN", "s"));
    }

    [Fact]
    public void RetryPolicyReadsThePendingEntriesAgain()
    {
        using var t = new TestServer();
        int calls = 0;
        var runner = new Runner(records => records.Count > 0 && Interlocked.Increment(ref calls) == 1 ? "boom" : null, sync: true);
        var trigger = Start(t, runner, new RegisterOptions { Prefix = "s", OnFailedPolicy = OnFailedPolicy.Retry, OnFailedRetryIntervalSec = 1 });
        WaitFor(() => trigger.Status == StreamRegistrationStatus.OK);
        t.Run("XADD", "s", "1-1", "f", "v");
        Assert.Equal(StreamRegistrationStatus.WAITING_FOR_RETRY_ON_FAILURE, trigger.Status);
        t.Run("XADD", "s", "1-2", "f", "v"); // not while waiting
        Assert.Single(Ids(runner.Snapshot()));
        WaitFor(() => t.Text("XLEN", "s") == "0");
        Assert.Equal(["1-1", "1-1", "1-2"], Ids(runner.Snapshot()));
        Assert.Equal(StreamRegistrationStatus.OK, trigger.Status);
    }

    [Fact]
    public void PauseErrorPausesAndUnpauseResumesFromTheGroup()
    {
        using var t = new TestServer();
        bool pause = true;
        var runner = new Runner(records => records.Count > 0 && pause ? "PAUSE now" : null, sync: true);
        var trigger = Start(t, runner, new RegisterOptions { Prefix = "s" });
        WaitFor(() => trigger.Status == StreamRegistrationStatus.OK);
        t.Run("XADD", "s", "1-1", "f", "v");
        Assert.Equal(StreamRegistrationStatus.PAUSED, trigger.Status);
        t.Run("XADD", "s", "1-2", "f", "v");
        Assert.Single(Ids(runner.Snapshot()));

        pause = false;
        trigger.Resume();
        WaitFor(() => t.Text("XLEN", "s") == "0");
        Assert.Equal(["1-1", "1-1", "1-2"], Ids(runner.Snapshot()));
    }

    [Fact]
    public void PausedRegistrationIgnoresEventsUntilUnpaused()
    {
        using var t = new TestServer();
        var runner = new Runner(_ => null, sync: true);
        var trigger = Start(t, runner, new RegisterOptions { Prefix = "s" });
        WaitFor(() => trigger.Status == StreamRegistrationStatus.OK);
        trigger.Pause();
        t.Run("XADD", "s", "1-1", "f", "v");
        Assert.Empty(Ids(runner.Snapshot()));
        trigger.Resume();
        WaitFor(() => Ids(runner.Snapshot()).Count == 1);
        trigger.Stop();
        t.Run("XADD", "s", "1-2", "f", "v");
        Assert.Single(Ids(runner.Snapshot()));
    }

    [Fact]
    public void BatchSourceReadsAfterFromIdInChunks()
    {
        using var t = new TestServer();
        for (int i = 1; i <= 2500; i++) t.Run("XADD", "s", $"1-{i}", "n", i.ToString(), "n", "last");
        var source = new StreamBatchSource(t.Server, 0, "s", "1-500");
        var records = new List<object?>();
        while (source.ReadChunk(records)) { }
        Assert.Equal(2000, records.Count);
        var first = Assert.IsType<StreamRecord>(records[0]);
        Assert.Equal("1-501", first.Id);
        Assert.Equal("last", first.Value["n"]);
    }

    [Theory]
    [InlineData("test", "ERR Invalid stream ID specified as stream command argument")]
    [InlineData("1-x", "ERR Invalid stream ID specified as stream command argument")]
    public void BatchSourceRefusesBadIds(string fromId, string error)
    {
        using var t = new TestServer();
        t.Run("XADD", "s", "*", "f", "v");
        var source = new StreamBatchSource(t.Server, 0, "s", fromId);
        Assert.Equal(error, Assert.Throws<GearsErrorException>(() => source.ReadChunk(new List<object?>())).Message);
    }

    [Fact]
    public void BatchSourceOnMissingAndWrongTypeKeys()
    {
        using var t = new TestServer();
        var records = new List<object?>();
        Assert.False(new StreamBatchSource(t.Server, 0, "missing", "0-0").ReadChunk(records));
        Assert.Empty(records);
        t.Run("SET", "str", "x");
        Assert.StartsWith("WRONGTYPE", Assert.Throws<GearsErrorException>(() => new StreamBatchSource(t.Server, 0, "str", "0").ReadChunk(records)).Message);
        t.Run("XADD", "s", "5-1", "f", "v");
        Assert.False(new StreamBatchSource(t.Server, 0, "s", "$").ReadChunk(records));
        Assert.Empty(records);
    }
}
