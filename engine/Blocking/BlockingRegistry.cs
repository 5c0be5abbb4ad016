namespace HotGears.Engine.Blocking;

/// <summary>
/// The clients blocked on keys (BLPOP and friends), as Redis's blocking_keys/ready_keys
/// (blocked.c). A blocking command that finds nothing registers its session here with a retry
/// and writes no reply. A key that gets data is signalled ready; at the end of the top-level
/// command the dispatcher calls <see cref="ServeReadyKeys"/>, which offers each ready key to its
/// blocked clients in the order they blocked, until it runs dry. A served, timed-out or unblocked
/// client has its reply written (into a buffer of its own, see <see cref="BlockedClient.Reply"/>)
/// and its connection woken with it: a blocked client costs no thread. Everything here runs under
/// the keyspace lock (timers take it).
/// </summary>
public sealed class BlockingRegistry
{
    /// <summary>Longest single timer wait (Timer's limit is 2^32-2 ms); longer waits re-arm.</summary>
    private const long MaxTimerDueMs = int.MaxValue;

    private readonly Server _server;
    private readonly Dictionary<byte[], LinkedList<BlockedClient>>?[] _waiters; // per database: key -> FIFO
    private readonly HashSet<(int Db, byte[] Key)> _readySet = new(ReadyKeyComparer.Instance);
    private List<(int Db, byte[] Key)> _ready = new();
    private List<(int Db, byte[] Key)> _spare = new();

    public BlockingRegistry(Server server)
    {
        _server = server;
        _waiters = new Dictionary<byte[], LinkedList<BlockedClient>>?[server.Databases.Length];
    }

    /// <summary>Clients blocked now (INFO blocked_clients).</summary>
    public int BlockedCount { get; private set; }

    /// <summary>Keys signalled since the last <see cref="ServeReadyKeys"/>.</summary>
    public bool HasReadyKeys => _ready.Count != 0;

    /// <summary>
    /// Blocks <paramref name="session"/> on <paramref name="keys"/> of its database until one can
    /// serve it (<paramref name="retry"/> returns true), the deadline passes (unix ms; 0: never), or
    /// CLIENT UNBLOCK. The caller has written no reply.
    /// </summary>
    internal void Block(Session session, byte[][] keys, long deadlineMs, BlockedRetry retry)
    {
        if (session.Blocked != null) throw new InvalidOperationException("session is already blocked");
        int db = session.Db.Index;
        var client = new BlockedClient(session, db, deadlineMs, retry);
        var waiters = _waiters[db] ??= new Dictionary<byte[], LinkedList<BlockedClient>>(ByteArrayComparer.Instance);
        foreach (var key in keys)
        {
            if (client.Places.Exists(place => place.Key.AsSpan().SequenceEqual(key))) continue; // BLPOP k k 0
            if (!waiters.TryGetValue(key, out var queue)) waiters[key] = queue = new LinkedList<BlockedClient>();
            client.Places.Add((key, queue.AddLast(client)));
        }
        Park(client);
        if (deadlineMs > 0) client.Timer = new Timer(OnTimer, client, TimerDue(client), Timeout.Infinite);
    }

    /// <summary>
    /// Blocks <paramref name="session"/> until <paramref name="work"/> completes, without a thread
    /// (Gears: a blocking RG.PYEXECUTE / RG.CSEXECUTE, RG.GETRESULTSBLOCKING, back-pressure): then,
    /// under the keyspace lock, <paramref name="reply"/> writes the client's reply and the client
    /// wakes. Called under the lock by a command that has written no reply. CLIENT UNBLOCK does
    /// not apply (as a module-blocked client without a timeout callback); a client that goes away
    /// meanwhile is forgotten, and its reply is then never written.
    /// </summary>
    public void BlockUntil(Session session, Task work, Action<Session> reply)
    {
        if (session.Blocked != null) throw new InvalidOperationException("session is already blocked");
        var client = new BlockedClient(session, session.Db.Index, 0, retry: null);
        Park(client);
        work.ContinueWith(_ =>
        {
            lock (_server.Lock)
            {
                if (session.Blocked != client) return; // the client went away
                try
                {
                    reply(session);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Log.Warning($"reply to a client blocked on a task failed: {ex}");
                    session.Reply.WriteError("ERR " + ex.Message.ReplaceLineEndings(" "));
                }
                Unblock(client);
            }
        }, TaskScheduler.Default);
    }

    /// <summary>Marks the client blocked: its replies go aside until it wakes.</summary>
    private void Park(BlockedClient client)
    {
        var session = client.Session;
        client.ConnectionOutput = session.Reply.Output;
        session.Reply.Output = client.Reply;
        session.Blocked = client;
        BlockedCount++;
    }

    /// <summary>
    /// Notes that <paramref name="key"/> may now serve blocked clients (signalKeyAsReady). Cheap
    /// when nobody waits on it: no allocation.
    /// </summary>
    public void SignalReady(int db, ReadOnlySpan<byte> key)
    {
        if (BlockedCount == 0 || _waiters[db] is not { } waiters) return;
        if (!waiters.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var storedKey, out _)) return;
        if (_readySet.Add((db, storedKey))) _ready.Add((db, storedKey));
    }

    /// <summary>Signals every key clients wait on in a database whose contents were replaced (SWAPDB).</summary>
    public void SignalWaitedKeys(int db)
    {
        if (BlockedCount == 0 || _waiters[db] is not { } waiters) return;
        foreach (var key in waiters.Keys)
            if (_readySet.Add((db, key))) _ready.Add((db, key));
    }

    /// <summary>
    /// Serves the clients blocked on the ready keys (handleClientsBlockedOnKeys). Serving may make
    /// more keys ready (BLMOVE pushes), which are served in turn.
    /// </summary>
    public void ServeReadyKeys()
    {
        while (_ready.Count != 0)
        {
            var batch = _ready;
            _ready = _spare; // keys signalled while serving go to the next round
            _readySet.Clear();
            foreach (var (db, key) in batch) ServeKey(db, key);
            batch.Clear();
            _spare = batch;
        }
    }

    private void ServeKey(int db, byte[] key)
    {
        if (_waiters[db] is not { } waiters || !waiters.TryGetValue(key, out var queue)) return;
        var database = _server.Databases[db];
        foreach (var client in queue.ToArray()) // serving unlinks clients from the queue
        {
            if (client.Session.Blocked != client) continue;
            if (database.Get(key) == null) return; // ran dry: emptied lists are deleted
            if (_server.Dispatcher.Serve(client.Session, client.Retry!, key)) Unblock(client);
        }
    }

    /// <summary>
    /// CLIENT UNBLOCK: replies to a blocked client as if it timed out, or with the UNBLOCKED
    /// error, and wakes it. False when the client is not blocked.
    /// </summary>
    public bool Unblock(Session session, bool withError)
    {
        if (session.Blocked is not { Retry: not null } client) return false;
        if (withError) session.Reply.WriteError("UNBLOCKED client unblocked via CLIENT UNBLOCK");
        else ReplyTimedOut(session);
        Unblock(client);
        return true;
    }

    /// <summary>Forgets a client that went away while blocked.</summary>
    public void Remove(Session session)
    {
        if (session.Blocked is { } client) Unblock(client);
    }

    private void OnTimer(object? state)
    {
        var client = (BlockedClient)state!;
        lock (_server.Lock)
        {
            if (client.Session.Blocked != client) return;
            long due = TimerDue(client);
            if (due > 0)
            {
                client.Timer!.Change(due, Timeout.Infinite); // fired early, or the wait is longer than a timer's
                return;
            }
            ReplyTimedOut(client.Session);
            Unblock(client);
        }
    }

    private static long TimerDue(BlockedClient client) =>
        Math.Clamp(client.DeadlineMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0, MaxTimerDueMs);

    /// <summary>replyToBlockedClientTimedOut: a null array for every key-blocked command, BLMOVE included.</summary>
    private static void ReplyTimedOut(Session session) => session.Reply.WriteNullArray();

    private void Unblock(BlockedClient client)
    {
        foreach (var (key, node) in client.Places)
        {
            var queue = node.List!;
            queue.Remove(node);
            if (queue.Count == 0) _waiters[client.Db]!.Remove(key);
        }
        client.Timer?.Dispose();
        client.Session.Reply.Output = client.ConnectionOutput!;
        client.Session.Blocked = null;
        BlockedCount--;
        client.Unblocked.TrySetResult(client.Reply.WrittenMemory);
    }

    /// <summary>Compares (database, key) pairs by key content.</summary>
    private sealed class ReadyKeyComparer : IEqualityComparer<(int Db, byte[] Key)>
    {
        public static ReadyKeyComparer Instance { get; } = new();

        public bool Equals((int Db, byte[] Key) x, (int Db, byte[] Key) y) =>
            x.Db == y.Db && ByteArrayComparer.Instance.Equals(x.Key, y.Key);

        public int GetHashCode((int Db, byte[] Key) obj) => HashCode.Combine(obj.Db, ByteArrayComparer.Instance.GetHashCode(obj.Key));
    }
}
