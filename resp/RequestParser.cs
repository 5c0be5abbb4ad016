using System.Buffers.Text;

namespace HotGears.Resp;

/// <summary>
/// Parses client requests exactly as Redis 7 does (networking.c): multibulk (`*N\r\n$len\r\n...`)
/// when the first byte is `*`, otherwise an inline command line split like sdssplitargs.
/// Never throws on bad input: it reports <see cref="ParseStatus.Error"/> with Redis's error text.
/// </summary>
public static class RequestParser
{
    /// <summary>
    /// Parses the request at the start of <paramref name="input"/>.
    /// On Complete, <paramref name="consumed"/> is its length. On Incomplete, <paramref name="needed"/>
    /// is how many bytes the input must hold before parsing can progress (0 when unknown).
    /// On Error, <paramref name="error"/> is the text after "-ERR ".
    /// </summary>
    public static ParseStatus TryParse(ReadOnlySpan<byte> input, Request request, ProtocolLimits limits,
        out int consumed, out long needed, out string? error)
    {
        consumed = 0;
        needed = 0;
        error = null;
        if (input.IsEmpty) return ParseStatus.Incomplete;
        return input[0] == (byte)'*'
            ? ParseMultibulk(input, request, limits, out consumed, out needed, out error)
            : ParseInline(input, request, out consumed, out error);
    }

    private static ParseStatus ParseMultibulk(ReadOnlySpan<byte> input, Request request, ProtocolLimits limits,
        out int consumed, out long needed, out string? error)
    {
        consumed = 0;
        needed = 0;
        error = null;
        request.Reset(inline: false);

        var status = ReadHeaderLine(input, 0, "too big mbulk count string", out long count, out int pos, out error);
        if (status != ParseStatus.Complete) return status;
        if (count > int.MaxValue) return Fail("invalid multibulk length", out error);
        if (count <= 0)
        {
            consumed = pos; // `*0` and `*-1` are empty requests that get no reply
            return ParseStatus.Complete;
        }

        for (long i = 0; i < count; i++)
        {
            if (pos >= input.Length) return ParseStatus.Incomplete;
            if (input[pos] != (byte)'$')
                return Fail($"expected '$', got '{(char)input[pos]}'", out error);

            status = ReadHeaderLine(input, pos, "too big bulk count string", out long length, out int dataStart, out error);
            if (status != ParseStatus.Complete) return status;
            if (length < 0 || length > limits.MaxBulkLength) return Fail("invalid bulk length", out error);

            long end = dataStart + length + 2; // Redis skips the two bytes after the data without checking them
            if (end > input.Length)
            {
                needed = end;
                return ParseStatus.Incomplete;
            }
            request.Add(dataStart, (int)length);
            pos = (int)end;
        }
        consumed = pos;
        return ParseStatus.Complete;
    }

    /// <summary>
    /// Reads the number in a `*N\r\n` or `$N\r\n` line starting at <paramref name="start"/>.
    /// Like Redis it looks for '\r' and skips the byte after it.
    /// </summary>
    private static ParseStatus ReadHeaderLine(ReadOnlySpan<byte> input, int start, string tooBigError,
        out long value, out int next, out string? error)
    {
        value = 0;
        next = 0;
        error = null;
        var rest = input[(start + 1)..];
        int cr = rest.IndexOf((byte)'\r');
        if (cr < 0)
        {
            return rest.Length > ProtocolLimits.MaxInlineLength
                ? Fail(tooBigError, out error)
                : ParseStatus.Incomplete;
        }
        if (cr > ProtocolLimits.MaxInlineLength) return Fail(tooBigError, out error);
        if (cr + 2 > rest.Length) return ParseStatus.Incomplete;
        if (!RedisNumbers.TryParseInt64(rest[..cr], out value))
            return Fail(input[start] == (byte)'*' ? "invalid multibulk length" : "invalid bulk length", out error);
        next = start + 1 + cr + 2;
        return ParseStatus.Complete;
    }

    private static ParseStatus ParseInline(ReadOnlySpan<byte> input, Request request, out int consumed, out string? error)
    {
        consumed = 0;
        error = null;
        request.Reset(inline: true);

        int newline = input.IndexOf((byte)'\n');
        if (newline < 0)
        {
            return input.Length > ProtocolLimits.MaxInlineLength
                ? Fail("too big inline request", out error)
                : ParseStatus.Incomplete;
        }
        var line = input[..newline];
        if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
        if (!InlineSplitter.Split(line, request)) return Fail("unbalanced quotes in request", out error);
        consumed = newline + 1;
        return ParseStatus.Complete;
    }

    private static ParseStatus Fail(string message, out string? error)
    {
        error = "Protocol error: " + message;
        return ParseStatus.Error;
    }
}
