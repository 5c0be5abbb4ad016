using System.Collections.Concurrent;

namespace HotGears.Engine.Gears;

/// <summary>
/// Runs work items one at a time, in the order they were posted, on a thread pool (RedisGears'
/// WorkerData): what a registration's executions share, so they never overlap while different
/// registrations run in parallel.
/// </summary>
public sealed class SerialWorker(GearsThreadPool pool)
{
    /// <summary>Items run before the worker gives its thread back to other work of the pool.</summary>
    private const int TurnLength = 64;

    private readonly ConcurrentQueue<Action> _queue = new();
    private int _scheduled;
    private int _count;

    /// <summary>Items posted and not yet started.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Called after each item is taken from the queue (with the new <see cref="Count"/>).</summary>
    public Action<int>? Dequeued { get; set; }

    public void Post(Action work)
    {
        _queue.Enqueue(work);
        Interlocked.Increment(ref _count);
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0) pool.Post(Drain);
    }

    /// <summary>Drops the items not yet started; returns how many.</summary>
    public int Clear()
    {
        int cleared = 0;
        while (_queue.TryDequeue(out _))
        {
            cleared++;
            Dequeued?.Invoke(Interlocked.Decrement(ref _count));
        }
        return cleared;
    }

    private void Drain()
    {
        for (int i = 0; i < TurnLength && _queue.TryDequeue(out var work); i++)
        {
            Dequeued?.Invoke(Interlocked.Decrement(ref _count));
            try
            {
                work();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.Warning($"gears worker item failed: {ex}");
            }
        }
        Volatile.Write(ref _scheduled, 0);
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0) pool.Post(Drain);
    }
}
