namespace HotGears.Engine;

/// <summary>
/// A per-second rate averaged over the last 16 samples of a growing counter (Redis's
/// trackInstantaneousMetric): instantaneous_ops_per_sec and the kbps figures of INFO stats.
/// </summary>
public sealed class InstantaneousMetric
{
    private const int Samples = 16;
    private readonly long[] _perSecond = new long[Samples];
    private int _next;
    private long _lastTimeMs;
    private long _lastReading;

    /// <summary>Records the counter's value at <paramref name="nowMs"/> (a monotonic clock).</summary>
    public void Sample(long nowMs, long reading)
    {
        long elapsed = nowMs - _lastTimeMs;
        // A counter reset (CONFIG RESETSTAT) between two samples reads as no activity, not a negative rate.
        _perSecond[_next] = _lastTimeMs != 0 && elapsed > 0 ? Math.Max(0, reading - _lastReading) * 1000 / elapsed : 0;
        _next = (_next + 1) % Samples;
        _lastTimeMs = nowMs;
        _lastReading = reading;
    }

    /// <summary>Average per-second rate over the samples.</summary>
    public long PerSecond
    {
        get
        {
            long sum = 0;
            foreach (long value in _perSecond) sum += value;
            return sum / Samples;
        }
    }

    /// <summary>Forgets the samples (CONFIG RESETSTAT, after which the counters restart from zero).</summary>
    public void Reset()
    {
        Array.Clear(_perSecond);
        _lastReading = 0;
    }
}
