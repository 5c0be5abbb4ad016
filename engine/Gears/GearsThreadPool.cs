using System.Collections.Concurrent;

namespace HotGears.Engine.Gears;

/// <summary>
/// A session's own execution threads (dedicated threads, not the .NET pool, so that a session
/// whose gears block or loop cannot starve another session or the server's networking). Threads
/// start on demand up to <see cref="Size"/> and end after a while without work, so an idle
/// session holds none.
/// </summary>
public sealed class GearsThreadPool(string name, int size)
{
    private static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(10);

    private readonly BlockingCollection<Action> _work = new(new ConcurrentQueue<Action>());
    private int _threads;
    private int _idle;

    public string Name { get; } = name;

    /// <summary>The most threads the pool runs at once; a change applies to threads started later.</summary>
    public int Size { get; set; } = size;

    /// <summary>Work items waiting for a thread.</summary>
    public int Pending => _work.Count;

    public void Post(Action work)
    {
        _work.Add(work);
        if (Volatile.Read(ref _idle) > 0) return;
        while (true)
        {
            int threads = Volatile.Read(ref _threads);
            if (threads >= Size) return;
            if (Interlocked.CompareExchange(ref _threads, threads + 1, threads) != threads) continue;
            new Thread(Work) { IsBackground = true, Name = $"gears {Name} #{threads + 1}" }.Start();
            return;
        }
    }

    private void Work()
    {
        while (true)
        {
            Interlocked.Increment(ref _idle);
            bool got = _work.TryTake(out var work, IdleExit);
            Interlocked.Decrement(ref _idle);
            if (!got)
            {
                Interlocked.Decrement(ref _threads);
                if (_work.Count == 0) return;
                // Work posted while this thread still counted as idle started no thread: take it.
                Interlocked.Increment(ref _threads);
                continue;
            }
            try
            {
                work!();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.Warning($"gears pool {Name}: work item failed: {ex}");
            }
        }
    }
}
