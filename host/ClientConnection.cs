using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Host;

/// <summary>
/// One client connection. A single async loop reads a batch of bytes, executes every complete
/// request in it under the keyspace lock (parsing in place, no copies), and flushes all the
/// replies of the batch at once. Pub/sub messages from other clients arrive through
/// <see cref="Push"/> and are written by the same loop or by a small pump when the client is idle.
/// </summary>
internal sealed class ClientConnection : IClientTransport
{
    /// <summary>Replies buffered before the loop leaves the lock to flush them (bounds memory for deep pipelines).</summary>
    private const long FlushThreshold = 256 * 1024;

    private readonly Socket _socket;
    private readonly Server _server;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Session _session;
    private readonly Request _request = new();
    private readonly SemaphoreSlim _outputGate = new(1, 1);
    private readonly ConcurrentQueue<byte[]> _pushes = new();
    private readonly CancellationTokenSource _closed = new();
    private byte[] _scratch = [];
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
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024));
        RemoteAddress = socket.RemoteEndPoint?.ToString() ?? "?";
        LocalAddress = socket.LocalEndPoint?.ToString() ?? "?";
        lock (server.Lock) _session = new Session(server, new RespWriter(_output), this);
    }

    public string RemoteAddress { get; }
    public string LocalAddress { get; }
    public long PendingOutputBytes => Interlocked.Read(ref _pendingPushBytes) + _output.UnflushedBytes;
    public Session Session => _session;

    public async Task RunAsync()
    {
        _server.Clients.Add(_session);
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                var result = await _input.ReadAsync(_closed.Token);
                var buffer = result.Buffer;
                Interlocked.Add(ref _server.Stats.TotalNetInputBytes, buffer.Length);
                bool close = await ProcessAsync(buffer);
                if (close || result.IsCompleted) break;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or was closed: nothing to reply to.
        }
        finally
        {
            Cleanup();
        }
    }

    /// <summary>Executes the complete requests in <paramref name="buffer"/>; true when the connection must close.</summary>
    private async ValueTask<bool> ProcessAsync(ReadOnlySequence<byte> buffer)
    {
        bool close = false;
        var remaining = buffer;
        Task<ReadOnlyMemory<byte>>? unblocked = null;
        await _outputGate.WaitAsync(_closed.Token);
        try
        {
            bool more = remaining.Length >= _needed;
            while (more && !close && unblocked == null)
            {
                lock (_server.Lock)
                {
                    WritePendingPushes();
                    (remaining, more, close) = ExecuteRequests(remaining);
                    if (_session.IsBlocked) unblocked = _session.WhenUnblocked;
                }
                await _output.FlushAsync(_closed.Token);
            }
            if (unblocked != null)
            {
                // Blocked (BLPOP...): hand the unexecuted requests back to the input and wait,
                // still holding the output gate so that nothing is written before the reply.
                _input.AdvanceTo(remaining.Start, buffer.End);
                close = !unblocked.IsCompleted && await ClosedWhileBlockedAsync(unblocked);
                if (close) lock (_server.Lock) _server.Blocking.Remove(_session);
                else
                {
                    _output.Write((await unblocked).Span);
                    await _output.FlushAsync(_closed.Token);
                }
                return close;
            }
            if (!close) close = QueryBufferOverLimit(remaining.Length);
        }
        finally
        {
            _outputGate.Release();
        }
        _input.AdvanceTo(remaining.Start, buffer.End);
        return close;
    }

    /// <summary>
    /// Waits for a blocked client to be unblocked, watching the input meanwhile: true when the
    /// client hangs up or sends past the query buffer limit, to be closed rather than waited for.
    /// Requests that arrive meanwhile stay in the input, to run after the blocking command.
    /// </summary>
    private async Task<bool> ClosedWhileBlockedAsync(Task unblocked)
    {
        while (true)
        {
            var read = _input.ReadAsync(_closed.Token).AsTask();
            if (await Task.WhenAny(unblocked, read) == unblocked)
            {
                _input.CancelPendingRead();
                var pending = await read;
                _input.AdvanceTo(pending.Buffer.Start); // nothing examined: the next read returns it at once
                return false;
            }
            var result = await read;
            if (result.IsCompleted || QueryBufferOverLimit(result.Buffer.Length)) return true;
            _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private bool QueryBufferOverLimit(long length)
    {
        if (length <= _server.Config.ClientQueryBufferLimit) return false;
        Log.Warning($"Closing client that reached max query buffer length: addr={RemoteAddress} qbuf={length}");
        return true;
    }

    /// <summary>
    /// Parses and runs requests until the input runs out, a reply batch is big enough to flush,
    /// or the connection must close. Returns the unconsumed input.
    /// </summary>
    private (ReadOnlySequence<byte> Remaining, bool More, bool MustClose) ExecuteRequests(ReadOnlySequence<byte> input)
    {
        var limits = _server.Config.Limits;
        while (!input.IsEmpty)
        {
            ReadOnlySpan<byte> span = input.FirstSpan;
            var status = RequestParser.TryParse(span, _request, limits, out int consumed, out long needed, out string? error);
            if (status == ParseStatus.Incomplete && !input.IsSingleSegment)
            {
                // The request straddles buffer segments: parse a contiguous copy (once enough bytes are here).
                if (needed > input.Length) return Incomplete(input, needed);
                span = CopyToScratch(input);
                status = RequestParser.TryParse(span, _request, limits, out consumed, out needed, out error);
            }
            switch (status)
            {
                case ParseStatus.Incomplete:
                    return Incomplete(input, needed);
                case ParseStatus.Error:
                    _session.Reply.WriteError("ERR " + error);
                    Log.Verbose($"Protocol error ({error}) from client: addr={RemoteAddress}");
                    return (input, false, true);
            }
            _needed = 0;
            if (_request.Count > 0) _server.Dispatcher.Execute(_session, _request.Bind(span));
            input = input.Slice(consumed);
            if (_session.CloseAfterReply) return (input, false, true);
            if (_session.IsBlocked) return (input, false, false); // the rest waits until it is unblocked
            if (_output.UnflushedBytes >= FlushThreshold) return (input, true, false);
        }
        return (input, false, false);
    }

    private (ReadOnlySequence<byte>, bool, bool) Incomplete(ReadOnlySequence<byte> input, long needed)
    {
        _needed = needed;
        return (input, false, false);
    }

    private ReadOnlySpan<byte> CopyToScratch(ReadOnlySequence<byte> input)
    {
        if (_scratch.Length < input.Length) _scratch = new byte[Math.Max(input.Length, _scratch.Length * 2)];
        input.CopyTo(_scratch);
        return _scratch.AsSpan(0, (int)input.Length);
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
                    await _output.FlushAsync(_closed.Token);
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
            _session.Reply.WriteRaw(message);
            written += message.Length;
        }
        if (written > 0) Interlocked.Add(ref _pendingPushBytes, -written);
        return written;
    }

    public void Close()
    {
        if (_closed.IsCancellationRequested) return;
        try
        {
            _closed.Cancel();
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    private void Cleanup()
    {
        _closed.Cancel();
        lock (_server.Lock)
        {
            _server.PubSub.RemoveSession(_session);
            _server.Blocking.Remove(_session);
        }
        _pushes.Clear(); // messages never to be sent: release them now
        _server.Clients.Remove(_session);
        try
        {
            _output.Complete();
            _input.Complete();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
        _socket.Dispose();
    }
}
