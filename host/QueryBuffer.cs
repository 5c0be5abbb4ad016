namespace HotGears.Host;

/// <summary>
/// A client's query buffer, as Redis's c->querybuf: one contiguous array that the socket reads into
/// and the parser reads from in place. It starts at 16 KB, grows to hold a big request whole, and
/// is trimmed by <see cref="Resize"/> (Redis's clientsCronResizeQueryBuffer): released after two idle
/// seconds, shrunk back towards the recent peak after a big request. Reused from request to
/// request, so steady traffic allocates nothing. <see cref="Length"/> and <see cref="Free"/> are
/// what CLIENT LIST reports as qbuf and qbuf-free.
/// </summary>
internal sealed class QueryBuffer
{
    /// <summary>Redis's PROTO_IOBUF_LEN: the usual size of one read.</summary>
    public const int ReadSize = 16 * 1024;

    private const int ResizeThreshold = 32 * 1024; // PROTO_RESIZE_THRESHOLD
    private const int WasteWorthTrimming = 4 * 1024;

    private readonly object _gate = new(); // the connection's loop and the resizing cron
    private byte[] _buffer = [];
    private int _start, _end;
    private long _peak;      // the most the buffer needed since the last Resize
    private bool _receiving; // the socket is reading into the buffer: it must not move

    /// <summary>Bytes received and not yet consumed.</summary>
    public int Length => Volatile.Read(ref _end) - Volatile.Read(ref _start);

    /// <summary>Room left after the received bytes.</summary>
    public int Free => Volatile.Read(ref _buffer).Length - Volatile.Read(ref _end);

    /// <summary>The received, unconsumed bytes; valid until the next <see cref="BeginReceive"/>.</summary>
    public ReadOnlySpan<byte> Data => _buffer.AsSpan(_start, _end - _start);

    /// <summary>
    /// Makes room for the next read and returns where the socket should write. <paramref name="needed"/>
    /// is the length the pending request is known to have (0 if unknown): a big argument gets room
    /// for all of it at once. Ends with <see cref="EndReceive"/>.
    /// </summary>
    public Memory<byte> BeginReceive(long needed)
    {
        lock (_gate)
        {
            int length = _end - _start;
            int readSize = (int)Math.Max(ReadSize, needed - length);
            if (_buffer.Length - _end < readSize)
            {
                if (_buffer.Length - length >= readSize) Compact(_buffer);
                else Compact(new byte[length + readSize]);
            }
            _peak = Math.Max(_peak, length + readSize);
            _receiving = true;
            return _buffer.AsMemory(_end, readSize);
        }
    }

    /// <summary>Counts <paramref name="received"/> bytes written by the socket as received.</summary>
    public void EndReceive(int received)
    {
        lock (_gate)
        {
            _end += received;
            _receiving = false;
        }
    }

    /// <summary>Drops the first <paramref name="count"/> bytes (requests that were run).</summary>
    public void Consume(int count)
    {
        lock (_gate)
        {
            _start += count;
            if (_start == _end) _start = _end = 0; // reuse the buffer from its start
        }
    }

    /// <summary>
    /// Redis's query buffer trimming, every 100 ms: when at least 4 KB are wasted, release the
    /// free room of a client idle for more than two seconds, or shrink a buffer over 32 KB that is
    /// more than twice the recent peak down to that peak (never below what the pending request
    /// needs). Skipped while the socket is reading into the buffer.
    /// </summary>
    public void Resize(long idleSeconds, long pendingRequestLength)
    {
        lock (_gate)
        {
            if (_receiving) return;
            int length = _end - _start;
            if (_buffer.Length - length > WasteWorthTrimming)
            {
                if (idleSeconds > 2) Compact(length == 0 ? [] : new byte[length]);
                else if (_buffer.Length > ResizeThreshold && _buffer.Length / 2 > _peak)
                    Compact(new byte[Math.Max(Math.Max(length, _peak), pendingRequestLength)]);
            }
            _peak = Math.Max(length, pendingRequestLength);
        }
    }

    /// <summary>Moves the unconsumed bytes to the start of <paramref name="target"/>, which becomes the buffer.</summary>
    private void Compact(byte[] target)
    {
        int length = _end - _start;
        _buffer.AsSpan(_start, length).CopyTo(target);
        _buffer = target;
        _start = 0;
        _end = length;
    }
}
