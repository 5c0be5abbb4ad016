using System.Collections.Concurrent;
using System.Text;
using HotGears.Engine.Notifications;

namespace HotGears.Tests;

public class KeyspaceEventQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static void Raise(KeyspaceEventQueue queue, string key, string name = "set") =>
        queue.OnKeyspaceEvent(new KeyspaceEvent(0, NotifyFlags.String, name, Encoding.UTF8.GetBytes(key)));

    [Fact]
    public async Task EventsReachTheHandlerInOrderWithTheirKeysCopied()
    {
        var seen = new ConcurrentQueue<QueuedKeyspaceEvent>();
        var queue = new KeyspaceEventQueue("test", 100, e => { seen.Enqueue(e); return ValueTask.CompletedTask; });
        byte[] key = "k0"u8.ToArray();
        queue.OnKeyspaceEvent(new KeyspaceEvent(2, NotifyFlags.Hash, "hset", key));
        key[1] = (byte)'X'; // the command's buffer is reused after the call: the queue must hold its own copy
        for (int i = 1; i < 50; i++) Raise(queue, "k" + i);
        await queue.DisposeAsync();

        Assert.Equal(50, seen.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => "k" + i), seen.Select(e => Encoding.UTF8.GetString(e.Key)));
        Assert.Equal((2, NotifyFlags.Hash, "hset"), (seen.First().Db, seen.First().Type, seen.First().Name));
        Assert.Equal(50, queue.Processed);
        Assert.Equal(0, queue.Dropped);
    }

    [Fact]
    public async Task AFullQueueDropsAndCountsNewEventsWithoutBlocking()
    {
        var started = new SemaphoreSlim(0);
        var release = new TaskCompletionSource();
        var handled = new ConcurrentQueue<string>();
        var queue = new KeyspaceEventQueue("slow", 2, async e =>
        {
            started.Release();
            await release.Task;
            handled.Enqueue(Encoding.UTF8.GetString(e.Key));
        });

        Raise(queue, "a");
        Assert.True(await started.WaitAsync(Timeout)); // "a" is in the handler, the queue is empty again
        Raise(queue, "b");
        Raise(queue, "c");
        var raising = Task.Run(() =>
        {
            for (int i = 0; i < 1000; i++) Raise(queue, "dropped" + i);
        });
        await raising.WaitAsync(Timeout); // raising events into a full queue must not block
        Assert.Equal(1000, queue.Dropped);
        Assert.Equal(2, queue.Pending);

        release.SetResult();
        while (queue.Processed < 3) await Task.Delay(10);
        Raise(queue, "d"); // accepted again once the consumer caught up
        await queue.DisposeAsync();
        Assert.Equal(["a", "b", "c", "d"], handled);
        Assert.Equal(1000, queue.Dropped);
    }

    [Fact]
    public async Task AFailingHandlerDoesNotStopTheConsumer()
    {
        var handled = new ConcurrentQueue<string>();
        var queue = new KeyspaceEventQueue("failing", 10, e =>
        {
            string key = Encoding.UTF8.GetString(e.Key);
            if (key == "bad") throw new InvalidOperationException("handler bug");
            handled.Enqueue(key);
            return ValueTask.CompletedTask;
        });
        Raise(queue, "one");
        Raise(queue, "bad");
        Raise(queue, "two");
        await queue.DisposeAsync();
        Assert.Equal(["one", "two"], handled);
        Assert.Equal(3, queue.Processed);
    }

    [Fact]
    public async Task TheFilterRunsInsideTheCommandAndSkipsCopying()
    {
        var handled = new ConcurrentQueue<string>();
        var queue = new KeyspaceEventQueue("filtered", 1, e =>
        {
            handled.Enqueue(Encoding.UTF8.GetString(e.Key));
            return ValueTask.CompletedTask;
        }, (in KeyspaceEvent e) => e.Key.StartsWith("user:"u8));
        for (int i = 0; i < 100; i++) Raise(queue, "other" + i); // would overflow a queue of 1 if they were queued
        Raise(queue, "user:1");
        await queue.DisposeAsync();
        Assert.Equal(["user:1"], handled);
        Assert.Equal(0, queue.Dropped);
    }

    [Fact]
    public async Task EventsAfterDisposalAreCountedAsDropped()
    {
        var queue = new KeyspaceEventQueue("closed", 10, _ => ValueTask.CompletedTask);
        await queue.DisposeAsync();
        Raise(queue, "late");
        Assert.Equal(1, queue.Dropped);
    }

    [Fact]
    public async Task CommandsFeedTheQueueThroughTheServerEvents()
    {
        using var t = new TestServer();
        var handled = new ConcurrentQueue<string>();
        var queue = new KeyspaceEventQueue("server", 100, e =>
        {
            handled.Enqueue($"{e.Name} {Encoding.UTF8.GetString(e.Key)}");
            return ValueTask.CompletedTask;
        });
        t.Server.Events.Subscribe(queue);
        t.Run("SET", "k", "v");
        t.Run("INCR", "n");
        t.Server.Events.Unsubscribe(queue);
        t.Run("SET", "after", "v");
        await queue.DisposeAsync();
        Assert.Equal(["new k", "set k", "new n", "incrby n"], handled);
    }
}
