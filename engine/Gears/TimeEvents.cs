using HotGears.Engine.Gears.Readers;
using HotGears.Engine.Keyspace;

namespace HotGears.Engine.Gears;

/// <summary>
/// registerTE / registerTimeEvent (spec §2.7): calls a gear's callback every interval, re-armed
/// after each call that succeeds; a failing call stops it. With a key name the timer lives in that
/// key (database 0, type rg_timeev) and stops once the key no longer holds it. Callbacks run on
/// the .NET pool's timer threads, which may execute() like a gear's own threads.
/// </summary>
public sealed class TimeEvents
{
    /// <summary>Timers must stay referenced to keep firing.</summary>
    private static readonly HashSet<TimeEvents> Active = new();

    private readonly GearsEngine _engine;
    private readonly TimeSpan _interval;
    private readonly Func<bool> _callback;
    private readonly byte[]? _key;
    private readonly TimeEventValue? _value;
    private readonly Timer _timer;

    private TimeEvents(GearsEngine engine, TimeSpan interval, Func<bool> callback, byte[]? key, TimeEventValue? value)
    {
        _engine = engine;
        _interval = interval;
        _callback = callback;
        _key = key;
        _value = value;
        lock (Active) Active.Add(this);
        _timer = new Timer(_ => Fire(), null, interval, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts a timer; false (and nothing started) when <paramref name="keyName"/> names an existing key.</summary>
    public static bool Register(GearsEngine engine, long seconds, Func<bool> callback, string? keyName)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0, seconds));
        if (keyName == null)
        {
            _ = new TimeEvents(engine, interval, callback, null, null);
            return true;
        }
        byte[] key = System.Text.Encoding.UTF8.GetBytes(keyName);
        var value = new TimeEventValue();
        var server = engine.Server;
        lock (server.Lock)
        {
            var db = server.Databases[0];
            if (KeyRecords.LiveValue(db, key) != null) return false;
            db.Set(key, value);
        }
        _ = new TimeEvents(engine, interval, callback, key, value);
        return true;
    }

    private void Fire()
    {
        if (_key != null)
        {
            var server = _engine.Server;
            lock (server.Lock)
            {
                if (!ReferenceEquals(KeyRecords.LiveValue(server.Databases[0], _key), _value))
                {
                    Stop();
                    return;
                }
            }
        }
        GearsBuiltins.RegisterThread(_engine);
        bool again;
        try
        {
            again = _callback();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.Warning($"GEARS: time event callback failed: {ex.Message}");
            again = false;
        }
        if (again) _timer.Change(_interval, Timeout.InfiniteTimeSpan);
        else Stop();
    }

    private void Stop()
    {
        _timer.Dispose();
        lock (Active) Active.Remove(this);
    }
}
