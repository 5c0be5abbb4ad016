using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Host;

/// <summary>
/// One client connection. A single async loop reads a batch of bytes into the query buffer,
/// executes every complete request in it under the keyspace lock (parsing in place, no copies),
/// and flushes all the replies of the batch at once. A request that CLIENT PAUSE holds back
/// waits, outside the lock, for the pause to end. Pub/sub messages from other clients arrive through
/// <see cref="Push"/> and are written by the same loop or by a small pump when the client is idle.
/// </summary>
internal sealed class ClientConnection : IClientTransport
{
    /// <summary>Replies buffered before the loop leaves the lock to flush them (bounds memory for deep pipelines).</summary>
    private const long FlushThreshold = 256 * 1024;

    private readonly Socket _socket;
    private readonly Server _server;
    private readonly QueryBuffer _query = new();
    private readonly PipeWriter _output;
    private readonly Session _session;
    private readonly Request _request = new();
    private readonly SemaphoreSlim _outputGate = new(1, 1);
    private readonly ConcurrentQueue<byte[]> _pushes = new();
    private readonly CancellationTokenSource _closed = new();
    private long _needed;            // bytes the input must hold before a parse can progress
    private long _pendingPushBytes;
    private long _softLimitSinceMs;  // Environment.TickCount64 when the pub/sub soft limit was first reached, 0 if not
    private bool _softLimitWatched;  // a WatchSoftLimitAsync loop is running
    private int _pumpScheduled;

    public ClientConnection(Socket socket, Server server)
    {
        _socket = socket;
        _server = server;
        var stream = new NetworkStream(socket, ownsSocket: false);
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024));
        RemoteAddress = socket.RemoteEndPoint?.ToString() ?? "?";
        LocalAddress = socket.LocalEndPoint?.ToString() ?? "?";
        FileDescriptor = socket.SafeHandle.DangerousGetHandle().ToInt64();
        _session = new Session(server, new RespWriter(_output), this); // touches no shared state: no lock, so accepting never waits on commands
        // Registered as soon as accepted, so CLIENT LIST / KILL and INFO see the client at once.
        server.Clients.Add(_session);
    }

    public string RemoteAddress { get; }
    public string LocalAddress { get; }
    public long FileDescriptor { get; }
    public long PendingOutputBytes => Interlocked.Read(ref _pendingPushBytes) + _output.UnflushedBytes;
    public Session Session => _session;
    public long QueryBufferLength => _query.Length;
    public long QueryBufferFree => _query.Free;

    public async Task RunAsync()
    {
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                // With nothing pending, wait for data before taking a buffer, so that an idle
                // client's buffer can be released (QueryBuffer.Resize).
                if (_query.Length == 0) await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, _closed.Token);
                int received = 0;
                try
                {
                    received = await _socket.ReceiveAsync(_query.BeginReceive(_needed), SocketFlags.None, _closed.Token);
                }
                finally
                {
                    _query.EndReceive(received);
                }
                if (received == 0) break;
                Interlocked.Add(ref _server.Stats.TotalNetInputBytes, received);
                if (await ProcessAsync()) break;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or was closed: nothing to reply to.
        }
        finally
        {
            await CleanupAsync();
        }
    }

    /// <summary>Executes the complete requests in the query buffer; true when the connection must close.</summary>
    private async ValueTask<bool> ProcessAsync()
    {
        if (_query.Length < _needed) return false;
        bool close = false, more = true, gateHeld = false;
        try
        {
            await _outputGate.WaitAsync(_closed.Token);
            gateHeld = true;
            while (more && !close)
            {
                Task? pauseEnds;
                Task<ReadOnlyMemory<byte>>? unblocked;
                lock (_server.Lock)
                {
                    WritePendingPushes();
                    (more, close, pauseEnds) = ExecuteRequests();
                    unblocked = _session.IsBlocked ? _session.WhenUnblocked : null;
                }
                await FlushAsync();
                if (unblocked != null)
                {
                    // Blocked (BLPOP...): the later requests stay in the query buffer. Wait, still
                    // holding the output gate so that nothing is written before the reply.
                    close = !unblocked.IsCompleted && await ClosedWhileBlockedAsync(unblocked);
                    if (close)
                    {
                        lock (_server.Lock) _server.Blocking.Remove(_session);
                        break;
                    }
                    _output.Write((await unblocked).Span);
                    await FlushAsync();
                    more = true;
                    continue;
                }
                if (pauseEnds == null) continue;
                // Paused: wait without the output gate, so that pub/sub messages still flow.
                _outputGate.Release();
                gateHeld = false;
                await WaitForPauseEndAsync(pauseEnds);
                await _outputGate.WaitAsync(_closed.Token);
                gateHeld = true;
            }
            if (!close && QueryBufferOverLimit()) close = true;
        }
        finally
        {
            if (gateHeld) _outputGate.Release();
        }
        return close;
    }

    /// <summary>
    /// Waits for a blocked client to be unblocked, reading its input meanwhile: true when the
    /// client hangs up or sends past the query buffer limit, to be closed rather than waited for
    /// (a client that went away must not take an element pushed later). Requests that arrive
    /// meanwhile stay in the query buffer, to run after the blocking command.
    /// </summary>
    private async Task<bool> ClosedWhileBlockedAsync(Task unblocked)
    {
        while (true)
        {
            var readable = _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, _closed.Token).AsTask();
            if (await Task.WhenAny(unblocked, readable) == unblocked) return false;
            await readable;
            int received = 0;
            try
            {
                received = await _socket.ReceiveAsync(_query.BeginReceive(0), SocketFlags.None, _closed.Token);
            }
            finally
            {
                _query.EndReceive(received);
            }
            if (received == 0) return true;
            Interlocked.Add(ref _server.Stats.TotalNetInputBytes, received);
            if (QueryBufferOverLimit()) return true;
        }
    }

    private bool QueryBufferOverLimit()
    {
        if (_query.Length <= _server.Config.ClientQueryBufferLimit) return false;
        Log.Warning($"Closing client that reached max query buffer length: addr={RemoteAddress} qbuf={_query.Length}");
        return true;
    }

    /// <summary>A paused client counts as blocked (INFO blocked_clients), as in Redis.</summary>
    private async Task WaitForPauseEndAsync(Task pauseEnds)
    {
        Interlocked.Increment(ref _server.Stats.BlockedClients);
        try
        {
            await pauseEnds.WaitAsync(_closed.Token);
        }
        finally
        {
            Interlocked.Decrement(ref _server.Stats.BlockedClients);
        }
    }

    /// <summary>
    /// Parses and runs requests until the input runs out, a reply batch is big enough to flush, a
    /// pause holds a request back (the returned task ends with the pause; the request stays in
    /// the buffer), or the connection must close.
    /// </summary>
    private (bool More, bool MustClose, Task? PauseEnds) ExecuteRequests()
    {
        var limits = _server.Config.Limits;
        while (_query.Length > 0)
        {
            var span = _query.Data;
            var status = RequestParser.TryParse(span, _request, limits, out int consumed, out long needed, out string? error);
            switch (status)
            {
                case ParseStatus.Incomplete:
                    _needed = needed;
                    return (false, false, null);
                case ParseStatus.Error:
                    _session.Reply.WriteError("ERR " + error);
                    Log.Verbose($"Protocol error ({error}) from client: addr={RemoteAddress}");
                    return (false, true, null);
            }
            _needed = 0;
            if (_request.Count > 0 && _server.Dispatcher.ExecuteUnlessPaused(_session, _request.Bind(span)) is { } pauseEnds)
                return (true, false, pauseEnds);
            _query.Consume(consumed);
            if (_session.CloseAfterReply) return (false, true, null);
            if (_session.IsBlocked) return (false, false, null); // the rest waits until it is unblocked
            if (_output.UnflushedBytes >= FlushThreshold) return (true, false, null);
        }
        return (false, false, null);
    }

    /// <summary>Trims the query buffer (the clients cron calls it, under the keyspace lock, which request execution holds too).</summary>
    public void ResizeQueryBuffer(long nowMs) => _query.Resize((nowMs - _session.LastInteractionMs) / 1000, _needed);

    /// <summary>Sends the buffered replies, counting them for INFO's total_net_output_bytes.</summary>
    private ValueTask<FlushResult> FlushAsync()
    {
        Interlocked.Add(ref _server.Stats.TotalNetOutputBytes, _output.UnflushedBytes);
        return _output.FlushAsync(_closed.Token);
    }

    /// <summary>
    /// Queues an out-of-band message, enforcing the pub/sub output buffer limits. Called under the
    /// keyspace lock. A closed client takes no more messages, so a publisher flooding it neither
    /// buffers them nor logs once per message until its connection is gone.
    /// </summary>
    public void Push(byte[] message)
    {
        if (_closed.IsCancellationRequested) return;
        Interlocked.Add(ref _pendingPushBytes, message.Length);
        if (OutputLimitReached())
        {
            CloseForOutputLimit();
            return;
        }
        _pushes.Enqueue(message);
        if (Interlocked.Exchange(ref _pumpScheduled, 1) == 0) _ = PumpAsync();
    }

    /// <summary>
    /// Redis's checkClientOutputBufferLimits for the pubsub class: true at the hard limit, or once
    /// the output has stayed at or over the soft limit for more than its seconds. Caller holds the
    /// keyspace lock, which guards the soft limit clock.
    /// </summary>
    private bool OutputLimitReached()
    {
        long pending = PendingOutputBytes;
        var (hard, soft, seconds) = _server.Config.PubSubOutputLimit;
        if (hard > 0 && pending >= hard) return true;
        if (soft == 0 || pending < soft)
        {
            _softLimitSinceMs = 0;
            return false;
        }
        long now = Environment.TickCount64;
        if (_softLimitSinceMs == 0)
        {
            _softLimitSinceMs = now;
            if (!_softLimitWatched)
            {
                _softLimitWatched = true;
                _ = WatchSoftLimitAsync();
            }
            return false;
        }
        return now - _softLimitSinceMs > seconds * 1000L;
    }

    /// <summary>
    /// Re-checks the limits every second while the client is over the soft limit, as Redis's
    /// clientsCron does: a subscriber that stops reading is closed in time even if no message follows.
    /// </summary>
    private async Task WatchSoftLimitAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(1000, _closed.Token);
                lock (_server.Lock)
                {
                    if (OutputLimitReached())
                    {
                        CloseForOutputLimit();
                        return;
                    }
                    if (_softLimitSinceMs == 0) // back under the soft limit
                    {
                        _softLimitWatched = false;
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closed meanwhile.
        }
    }

    private void CloseForOutputLimit()
    {
        Log.Warning($"Client addr={RemoteAddress} scheduled to be closed ASAP for overcoming of output buffer limits (pending {PendingOutputBytes} bytes).");
        Close();
    }

    /// <summary>Writes queued messages while the client has no request in progress.</summary>
    private async Task PumpAsync()
    {
        await Task.Yield();
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                await _outputGate.WaitAsync(_closed.Token);
                try
                {
                    Volatile.Write(ref _pumpScheduled, 0);
                    long written = WritePendingPushes();
                    if (written == 0) return;
                    await FlushAsync();
                }
                finally
                {
                    _outputGate.Release();
                }
                if (_pushes.IsEmpty || Interlocked.Exchange(ref _pumpScheduled, 1) == 1) return;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Close();
        }
    }

    /// <summary>Moves queued messages into the output. Caller holds the output gate.</summary>
    private long WritePendingPushes()
    {
        long written = 0;
        while (_pushes.TryDequeue(out var message))
        {
            _session.Reply.WritePush(message);
            written += message.Length;
        }
        if (written > 0) Interlocked.Add(ref _pendingPushBytes, -written);
        return written;
    }

    public void Close()
    {
        if (_closed.IsCancellationRequested) return;
        // A closed client leaves the registry at once (as Redis frees it), not when its loop ends.
        _server.Clients.Remove(_session);
        try
        {
            _closed.Cancel();
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task CleanupAsync()
    {
        _closed.Cancel();
        lock (_server.Lock)
        {
            _server.PubSub.RemoveSession(_session);
            _session.Transaction.Discard(); // also unwatches its keys
            _server.Blocking.Remove(_session);
        }
        _pushes.Clear(); // messages never to be sent: release them now
        _server.Clients.Remove(_session);
        // The push pump may still be writing: completing the output under it would hand its
        // buffers back to the shared pool while they are written, corrupting another client's
        // replies. The cancelled token makes the pump give the gate up promptly; it is never
        // released again, so nothing writes after Complete.
        await _outputGate.WaitAsync();
        try
        {
            _output.Complete();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
        _socket.Dispose();
    }
}
