using System.Buffers;
using System.Globalization;
using System.Text;

namespace HotGears.Resp;

/// <summary>
/// Writes replies in RESP2 or RESP3 (chosen by <see cref="Protocol"/>, changed by HELLO).
/// RESP3-only types degrade the way Redis degrades them for RESP2 clients: maps become flat
/// arrays, sets arrays, doubles bulk strings, booleans integers, nulls `$-1` / `*-1`.
/// Writes go straight into the connection's output buffer: nothing here allocates.
/// </summary>
public sealed class RespWriter
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();
    private IBufferWriter<byte> _target;  // where replies go
    private IBufferWriter<byte> _output;  // _target, or a sink that drops them while silenced
    private DiscardingWriter? _discard;
    private bool _silenced;
    private int _pushDepth;

    public RespWriter(IBufferWriter<byte> output) => _output = _target = output;

    /// <summary>2 or 3.</summary>
    public int Protocol { get; set; } = 2;

    /// <summary>Error replies written so far (INFO's failed_calls and error counters use it).</summary>
    public long ErrorsWritten { get; private set; }

    /// <summary>Receives the code of each error reply (INFO errorstats); null when nobody counts.</summary>
    public IErrorReplyObserver? ErrorObserver { get; set; }

    public IBufferWriter<byte> Output
    {
        get => _target;
        set
        {
            _target = value;
            Redirect();
        }
    }

    /// <summary>
    /// Drops every reply except out-of-band pushes (CLIENT REPLY OFF / SKIP). Errors are still
    /// counted, as Redis counts them even when it does not send them.
    /// </summary>
    public bool Silenced
    {
        get => _silenced;
        set
        {
            _silenced = value;
            Redirect();
        }
    }

    /// <summary>
    /// Marks what is written until the scope is disposed as an out-of-band push (a pub/sub
    /// message or confirmation, in RESP2 as in RESP3), which is sent even while <see cref="Silenced"/>.
    /// </summary>
    public PushScope BeginPush()
    {
        _pushDepth++;
        Redirect();
        return new PushScope(this);
    }

    /// <summary>Writes a push message that is already RESP (see <see cref="BeginPush"/>).</summary>
    public void WritePush(ReadOnlySpan<byte> message)
    {
        using var push = BeginPush();
        WriteRaw(message);
    }

    private void EndPush()
    {
        _pushDepth--;
        Redirect();
    }

    private void Redirect() => _output = _silenced && _pushDepth == 0 ? _discard ??= new DiscardingWriter() : _target;

    public readonly struct PushScope(RespWriter writer) : IDisposable
    {
        public void Dispose() => writer.EndPush();
    }

    public void WriteOk() => WriteRaw("+OK\r\n"u8);

    public void WriteSimpleString(ReadOnlySpan<byte> text) => WriteLine((byte)'+', text);

    public void WriteSimpleString(string text) => WriteLine((byte)'+', text);

    /// <summary>An error reply; <paramref name="message"/> starts with its code, e.g. "ERR syntax error".</summary>
    public void WriteError(ReadOnlySpan<byte> message)
    {
        ErrorsWritten++;
        ErrorObserver?.OnErrorReply(ErrorCode(message));
        WriteLine((byte)'-', message);
    }

    public void WriteError(string message)
    {
        ErrorsWritten++;
        if (ErrorObserver != null)
        {
            Span<byte> head = stackalloc byte[MaxErrorCodeLength * 4];
            int n = Encoding.UTF8.GetBytes(message.AsSpan(0, Math.Min(message.Length, MaxErrorCodeLength)), head);
            ErrorObserver.OnErrorReply(ErrorCode(head[..n]));
        }
        WriteLine((byte)'-', message);
    }

    private const int MaxErrorCodeLength = 32;

    /// <summary>The first word of an error, looked for in its first 32 bytes; "ERR" when there is none (Redis afterErrorReply).</summary>
    private static ReadOnlySpan<byte> ErrorCode(ReadOnlySpan<byte> message)
    {
        int space = message[..Math.Min(message.Length, MaxErrorCodeLength)].IndexOf((byte)' ');
        return space > 0 ? message[..space] : "ERR"u8;
    }

    public void WriteInteger(long value)
    {
        var span = _output.GetSpan(24);
        span[0] = (byte)':';
        value.TryFormat(span[1..], out int n, default, CultureInfo.InvariantCulture);
        span[n + 1] = (byte)'\r';
        span[n + 2] = (byte)'\n';
        _output.Advance(n + 3);
    }

    public void WriteBulk(ReadOnlySpan<byte> value)
    {
        WriteLength((byte)'$', value.Length);
        WriteRaw(value);
        WriteRaw(Crlf);
    }

    public void WriteBulk(string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        WriteLength((byte)'$', length);
        var span = _output.GetSpan(length + 2);
        Encoding.UTF8.GetBytes(value, span);
        span[length] = (byte)'\r';
        span[length + 1] = (byte)'\n';
        _output.Advance(length + 2);
    }

    /// <summary>A bulk string holding the decimal form of <paramref name="value"/>.</summary>
    public void WriteBulk(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out int n, default, CultureInfo.InvariantCulture);
        WriteBulk(digits[..n]);
    }

    /// <summary>A missing value: `$-1` in RESP2, `_` in RESP3.</summary>
    public void WriteNull() => WriteRaw(Protocol == 3 ? "_\r\n"u8 : "$-1\r\n"u8);

    /// <summary>A missing aggregate: `*-1` in RESP2, `_` in RESP3.</summary>
    public void WriteNullArray() => WriteRaw(Protocol == 3 ? "_\r\n"u8 : "*-1\r\n"u8);

    public void WriteArrayHeader(int count) => WriteLength((byte)'*', count);

    /// <summary>A map of <paramref name="pairs"/> key/value pairs (a flat array of 2×pairs in RESP2).</summary>
    public void WriteMapHeader(int pairs)
    {
        if (Protocol == 3) WriteLength((byte)'%', pairs);
        else WriteLength((byte)'*', pairs * 2);
    }

    public void WriteSetHeader(int count) => WriteLength(Protocol == 3 ? (byte)'~' : (byte)'*', count);

    /// <summary>An out-of-band message (pub/sub): `>` in RESP3, a plain array in RESP2.</summary>
    public void WritePushHeader(int count) => WriteLength(Protocol == 3 ? (byte)'>' : (byte)'*', count);

    public void WriteBoolean(bool value)
    {
        if (Protocol == 3) WriteRaw(value ? "#t\r\n"u8 : "#f\r\n"u8);
        else WriteRaw(value ? ":1\r\n"u8 : ":0\r\n"u8);
    }

    /// <summary>
    /// A double as Redis 7.0 replies it (addReplyDouble: "%.17g", "inf"/"-inf"): a bulk string in
    /// RESP2, a `,` double in RESP3.
    /// </summary>
    public void WriteDouble(double value)
    {
        Span<byte> text = stackalloc byte[32];
        int n = FormatDouble(value, text);
        if (Protocol == 3) WriteLine((byte)',', text[..n]);
        else WriteBulk(text[..n]);
    }

    /// <summary>Formats like C's "%.17g" (with "inf", "-inf" and "nan").</summary>
    public static int FormatDouble(double value, Span<byte> destination)
    {
        if (double.IsPositiveInfinity(value)) return Copy("inf"u8, destination);
        if (double.IsNegativeInfinity(value)) return Copy("-inf"u8, destination);
        if (double.IsNaN(value)) return Copy("nan"u8, destination);
        value.TryFormat(destination, out int n, "G17", CultureInfo.InvariantCulture);
        int e = destination[..n].IndexOf((byte)'E');
        if (e >= 0) destination[e] = (byte)'e';
        return n;
    }

    /// <summary>Text meant for humans (INFO, CLIENT LIST): `=` verbatim in RESP3, a bulk string in RESP2.</summary>
    public void WriteVerbatim(string text)
    {
        if (Protocol != 3)
        {
            WriteBulk(text);
            return;
        }
        int length = Encoding.UTF8.GetByteCount(text);
        WriteLength((byte)'=', length + 4);
        WriteRaw("txt:"u8);
        var span = _output.GetSpan(length + 2);
        Encoding.UTF8.GetBytes(text, span);
        span[length] = (byte)'\r';
        span[length + 1] = (byte)'\n';
        _output.Advance(length + 2);
    }

    /// <summary>Bytes that are already RESP.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var span = _output.GetSpan(Math.Min(bytes.Length, 64 * 1024));
            int n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            _output.Advance(n);
            bytes = bytes[n..];
        }
    }

    private void WriteLength(byte prefix, long length)
    {
        var span = _output.GetSpan(24);
        span[0] = prefix;
        length.TryFormat(span[1..], out int n, default, CultureInfo.InvariantCulture);
        span[n + 1] = (byte)'\r';
        span[n + 2] = (byte)'\n';
        _output.Advance(n + 3);
    }

    private void WriteLine(byte prefix, ReadOnlySpan<byte> text)
    {
        var span = _output.GetSpan(text.Length + 3);
        span[0] = prefix;
        text.CopyTo(span[1..]);
        span[text.Length + 1] = (byte)'\r';
        span[text.Length + 2] = (byte)'\n';
        _output.Advance(text.Length + 3);
    }

    private void WriteLine(byte prefix, string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        var span = _output.GetSpan(length + 3);
        span[0] = prefix;
        Encoding.UTF8.GetBytes(text, span[1..]);
        span[length + 1] = (byte)'\r';
        span[length + 2] = (byte)'\n';
        _output.Advance(length + 3);
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
