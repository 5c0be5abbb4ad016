using System.Globalization;

namespace HotGears.Engine.PubSub;

/// <summary>
/// A published message as its subscribers receive it: [kind, channel, payload], or
/// [kind, pattern, channel, payload] for a pattern match. RESP2 clients get it as a `*` array and
/// RESP3 clients as a `>` push; each form is built at most once, when the first subscriber using it
/// is met, and the same bytes are then shared by every subscriber of that protocol.
/// </summary>
internal ref struct PushMessage
{
    private readonly ReadOnlySpan<byte> _kind;
    private readonly ReadOnlySpan<byte> _pattern;
    private readonly ReadOnlySpan<byte> _channel;
    private readonly ReadOnlySpan<byte> _payload;
    private readonly bool _hasPattern; // a pattern may be empty, so it cannot stand for "no pattern"
    private byte[]? _resp2;
    private byte[]? _resp3;

    public PushMessage(ReadOnlySpan<byte> kind, ReadOnlySpan<byte> channel, ReadOnlySpan<byte> payload)
    {
        _kind = kind;
        _channel = channel;
        _payload = payload;
    }

    public PushMessage(ReadOnlySpan<byte> kind, ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> channel, ReadOnlySpan<byte> payload)
        : this(kind, channel, payload)
    {
        _pattern = pattern;
        _hasPattern = true;
    }

    /// <summary>Delivers the message to every subscriber; returns how many there were.</summary>
    public int SendTo(HashSet<Session> subscribers)
    {
        foreach (var subscriber in subscribers)
            subscriber.Deliver(subscriber.Protocol == 3 ? _resp3 ??= Build((byte)'>') : _resp2 ??= Build((byte)'*'));
        return subscribers.Count;
    }

    private readonly byte[] Build(byte prefix)
    {
        int length = 4 + BulkLength(_kind) + BulkLength(_channel) + BulkLength(_payload) + (_hasPattern ? BulkLength(_pattern) : 0);
        var bytes = new byte[length];
        var output = bytes.AsSpan();
        output[0] = prefix;
        output[1] = (byte)(_hasPattern ? '4' : '3');
        output[2] = (byte)'\r';
        output[3] = (byte)'\n';
        output = output[4..];
        WriteBulk(ref output, _kind);
        if (_hasPattern) WriteBulk(ref output, _pattern);
        WriteBulk(ref output, _channel);
        WriteBulk(ref output, _payload);
        return bytes;
    }

    /// <summary>Bytes of `$len\r\nvalue\r\n`.</summary>
    private static int BulkLength(ReadOnlySpan<byte> value) => 1 + DigitCount(value.Length) + 2 + value.Length + 2;

    private static int DigitCount(int n)
    {
        int digits = 1;
        while (n >= 10)
        {
            n /= 10;
            digits++;
        }
        return digits;
    }

    private static void WriteBulk(ref Span<byte> output, ReadOnlySpan<byte> value)
    {
        output[0] = (byte)'$';
        value.Length.TryFormat(output[1..], out int digits, default, CultureInfo.InvariantCulture);
        int at = 1 + digits;
        "\r\n"u8.CopyTo(output[at..]);
        value.CopyTo(output[(at + 2)..]);
        at += 2 + value.Length;
        "\r\n"u8.CopyTo(output[at..]);
        output = output[(at + 2)..];
    }
}
