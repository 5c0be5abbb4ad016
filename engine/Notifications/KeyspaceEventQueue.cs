using System.Threading.Channels;

namespace HotGears.Engine.Notifications;

/// <summary>A keyspace event copied out of the command that raised it, to be processed later.</summary>
public readonly record struct QueuedKeyspaceEvent(int Db, NotifyFlags Type, string Name, byte[] Key);

/// <summary>Decides, inside the command, whether an event is worth queueing (a key prefix, an event type).</summary>
public delegate bool KeyspaceEventFilter(in KeyspaceEvent e);

/// <summary>
/// An <see cref="IKeyspaceListener"/> that hands events off instead of working inside the command:
/// each event (that passes the optional filter) is copied into a bounded queue, and one consumer
/// task drains it, calling the handler for one event at a time, in the order they were raised.
/// <para>
/// Overflow policy: the command raising an event holds the keyspace lock, so queueing never waits.
/// When the queue is full the new event is dropped and counted in <see cref="Dropped"/>; the first
/// drop of a burst logs a warning, and the first event accepted after the burst logs how many were
/// lost. So events are lost only when the consumer falls <see cref="Capacity"/> events behind, and
/// never silently.
/// </para>
/// Attach it with <c>server.Events.Subscribe(queue)</c>; detach it before <see cref="DisposeAsync"/>,
/// which lets the consumer finish the events already queued and then stops it.
/// </summary>
public sealed class KeyspaceEventQueue : IKeyspaceListener, IAsyncDisposable
{
    private readonly Channel<QueuedKeyspaceEvent> _queue;
    private readonly Func<QueuedKeyspaceEvent, ValueTask> _handler;
    private readonly KeyspaceEventFilter? _filter;
    private readonly Task _consumer;
    private long _dropped;
    private long _processed;
    private long _droppedBeforeBurst = -1; // Dropped when the current burst of drops began; -1 outside a burst
    private volatile bool _closed;

    /// <param name="name">Names the queue in log lines (e.g. the registration it feeds).</param>
    /// <param name="capacity">Events the queue holds before it drops new ones.</param>
    /// <param name="handler">Called on the consumer task for each event; exceptions are logged, and the next event follows.</param>
    /// <param name="filter">Runs inside the command, before the event is copied; null accepts every event.</param>
    public KeyspaceEventQueue(string name, int capacity, Func<QueuedKeyspaceEvent, ValueTask> handler, KeyspaceEventFilter? filter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Name = name;
        Capacity = capacity;
        _handler = handler;
        _filter = filter;
        // FullMode Wait with TryWrite only: a full queue refuses the write at once, which is how drops are counted.
        _queue = Channel.CreateBounded<QueuedKeyspaceEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true, // writers are commands, which run one at a time under the keyspace lock
        });
        _consumer = Task.Run(ConsumeAsync);
    }

    public string Name { get; }
    public int Capacity { get; }

    /// <summary>Events refused because the queue was full (or already disposed).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events the handler has finished with (failed or not).</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Events waiting for the consumer.</summary>
    public int Pending => _queue.Reader.Count;

    public void OnKeyspaceEvent(in KeyspaceEvent e)
    {
        if (_filter != null && !_filter(in e)) return;
        if (_queue.Writer.TryWrite(new QueuedKeyspaceEvent(e.Db, e.Type, e.Name, e.Key.ToArray())))
        {
            if (_droppedBeforeBurst >= 0) EndBurst();
            return;
        }
        if (_droppedBeforeBurst < 0 && !_closed)
        {
            _droppedBeforeBurst = _dropped;
            Log.Warning($"Keyspace event queue '{Name}' is full ({Capacity} events): dropping new events until its consumer catches up");
        }
        Interlocked.Increment(ref _dropped);
    }

    private void EndBurst()
    {
        Log.Warning($"Keyspace event queue '{Name}' accepts events again, after dropping {_dropped - _droppedBeforeBurst}");
        _droppedBeforeBurst = -1;
    }

    private async Task ConsumeAsync()
    {
        await foreach (var e in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await _handler(e);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.Warning($"Keyspace event queue '{Name}': handler failed on '{e.Name}': {ex}");
            }
            Interlocked.Increment(ref _processed);
        }
    }

    /// <summary>Stops accepting events, lets the consumer process those already queued, and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        _closed = true;
        _queue.Writer.TryComplete();
        await _consumer;
    }
}
