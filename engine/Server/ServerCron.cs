namespace HotGears.Engine;

/// <summary>
/// Periodic server housekeeping, as Redis's serverCron at hz 10: samples the instantaneous
/// metrics and the memory peak every 100 ms, and once a second closes clients idle for longer
/// than `timeout` seconds (pub/sub clients excepted, as in Redis).
/// </summary>
public sealed class ServerCron : IDisposable
{
    private const int PeriodMs = 100;
    private const int TicksPerSecond = 1000 / PeriodMs;
    private readonly Server _server;
    private Timer? _timer;
    private long _ticks;
    private int _running;

    public ServerCron(Server server) => _server = server;

    public InstantaneousMetric Commands { get; } = new();
    public InstantaneousMetric NetInput { get; } = new();
    public InstantaneousMetric NetOutput { get; } = new();

    /// <summary>The largest managed heap size seen (INFO used_memory_peak).</summary>
    public long PeakMemory { get; private set; }

    public void Start() => _timer = new Timer(_ => Tick(), null, PeriodMs, PeriodMs);

    /// <summary>Records the current memory use as a candidate peak, and returns it.</summary>
    public long SampleMemory()
    {
        long used = GC.GetTotalMemory(false);
        if (used > PeakMemory) PeakMemory = used;
        return used;
    }

    public void ResetMetrics()
    {
        Commands.Reset();
        NetInput.Reset();
        NetOutput.Reset();
    }

    private void Tick()
    {
        // A slow tick (a long command holds the lock) must not pile up timer callbacks.
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        try
        {
            var stats = _server.Stats;
            long now = Environment.TickCount64;
            Commands.Sample(now, Interlocked.Read(ref stats.TotalCommandsProcessed));
            NetInput.Sample(now, Interlocked.Read(ref stats.TotalNetInputBytes));
            NetOutput.Sample(now, Interlocked.Read(ref stats.TotalNetOutputBytes));
            SampleMemory();
            if (++_ticks % TicksPerSecond == 0) CloseIdleClients();
        }
        catch (Exception ex)
        {
            Log.Warning($"server cron failed: {ex}");
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    public void CloseIdleClients()
    {
        int timeout = _server.Config.Timeout;
        if (timeout <= 0) return;
        lock (_server.Lock)
        {
            long nowSeconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000;
            foreach (var session in _server.Clients.All)
            {
                if (session.SubscriptionCount > 0) continue;
                if (nowSeconds - session.LastInteractionMs / 1000 <= timeout) continue;
                Log.Verbose($"Closing idle client id={session.Id} addr={session.Transport.RemoteAddress}");
                session.Transport.Close();
            }
        }
    }

    public void Dispose() => _timer?.Dispose();
}
