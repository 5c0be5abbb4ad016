namespace HotGears.Resp;

/// <summary>
/// One parsed request: where its arguments are. A connection owns one and reuses it for every
/// request, so parsing allocates nothing once the arrays have grown to the largest request seen.
/// </summary>
public sealed class Request
{
    private ArgRange[] _ranges = new ArgRange[8];
    private byte[] _inlineBytes = new byte[256];
    private int _inlineLength;

    /// <summary>Number of arguments, command name included. Zero for an empty request.</summary>
    public int Count { get; private set; }

    /// <summary>Inline requests are unescaped into a buffer of their own; multibulk ones point into the input.</summary>
    public bool IsInline { get; private set; }

    /// <summary>The arguments of this request as parsed from <paramref name="input"/>.</summary>
    public CommandArgs Bind(ReadOnlySpan<byte> input) =>
        new(IsInline ? _inlineBytes.AsSpan(0, _inlineLength) : input, _ranges.AsSpan(0, Count));

    internal void Reset(bool inline)
    {
        Count = 0;
        IsInline = inline;
        _inlineLength = 0;
    }

    internal void Add(int start, int length)
    {
        if (Count == _ranges.Length) Array.Resize(ref _ranges, Count * 2);
        _ranges[Count++] = new ArgRange(start, length);
    }

    /// <summary>Appends one byte of an unescaped inline argument.</summary>
    internal void AppendInline(byte b)
    {
        if (_inlineLength == _inlineBytes.Length) Array.Resize(ref _inlineBytes, _inlineBytes.Length * 2);
        _inlineBytes[_inlineLength++] = b;
    }

    internal int InlineLength => _inlineLength;
}
