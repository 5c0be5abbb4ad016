using System.Diagnostics;

namespace HotGears.Engine.Keyspace;

/// <summary>
/// Active expiry, as Redis's activeExpireCycle: ten times a second, sample keys that have an
/// expiry in each database and delete the expired ones; repeat on a database while more than a
/// quarter of the sample was expired, within a time budget so clients are never held up long.
/// </summary>
public sealed class ExpiryCycle : IDisposable
{
    private const int SampleSize = 20;
    private static readonly long BudgetTicks = Stopwatch.Frequency / 40; // 25 ms per cycle at most
    private readonly Server _server;
    private readonly Timer _timer;
    private readonly List<byte[]> _expired = new();

    public ExpiryCycle(Server server)
    {
        _server = server;
        _timer = new Timer(_ => Run(), null, 100, 100);
    }

    public void Run()
    {
        lock (_server.Lock)
        {
            _server.RefreshClock();
            long deadline = Stopwatch.GetTimestamp() + BudgetTicks;
            foreach (var db in _server.Databases)
            {
                while (db.ExpiresCount > 0 && Stopwatch.GetTimestamp() < deadline)
                {
                    int sampled = Math.Min(SampleSize, db.ExpiresCount);
                    _expired.Clear();
                    for (int i = 0; i < sampled; i++)
                        if (db.Expires.TryGetRandom(out var key, out long at) && at <= _server.NowMs && !_expired.Contains(key))
                            _expired.Add(key);
                    foreach (var key in _expired) db.DeleteExpired(key);
                    if (_expired.Count * 4 <= sampled) break;
                }
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
