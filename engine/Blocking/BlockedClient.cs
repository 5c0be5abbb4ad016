using System.Buffers;

namespace HotGears.Engine.Blocking;

/// <summary>
/// Serves a blocked client from a key that became ready: runs the client's pop against that key,
/// writing the reply into the client's session, and returns true when the client was served
/// (false leaves it blocked, e.g. when the key now holds another type).
/// </summary>
public delegate bool BlockedRetry(byte[] readyKey);

/// <summary>One blocked client: what it waits for, until when, and how to serve it.</summary>
internal sealed class BlockedClient(Session session, int db, long deadlineMs, BlockedRetry? retry)
{
    public Session Session { get; } = session;
    public int Db { get; } = db;

    /// <summary>Unix ms after which the client times out; 0 to wait forever.</summary>
    public long DeadlineMs { get; } = deadlineMs;

    /// <summary>Serves the client from a ready key; null for a client that waits for a task (<see cref="BlockingRegistry.BlockUntil"/>).</summary>
    public BlockedRetry? Retry { get; } = retry;

    /// <summary>The client's place in the FIFO of each key it waits on.</summary>
    public List<(byte[] Key, LinkedListNode<BlockedClient> Node)> Places { get; } = new();

    public Timer? Timer { get; set; }

    /// <summary>
    /// Where the client's reply goes while it is blocked. Its connection may be flushing earlier
    /// replies when another thread serves it, so the reply is kept aside and handed over on waking.
    /// </summary>
    public ArrayBufferWriter<byte> Reply { get; } = new();

    /// <summary>The session's own output, restored when it is unblocked.</summary>
    public IBufferWriter<byte>? ConnectionOutput { get; set; }

    /// <summary>Completed with the reply once the client is unblocked; its connection awaits this without a thread.</summary>
    public TaskCompletionSource<ReadOnlyMemory<byte>> Unblocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
