namespace HotGears.Resp;

/// <summary>
/// Parses client requests exactly as Redis 7 does (networking.c): multibulk (`*N\r\n$len\r\n...`)
/// when the first byte is `*`, otherwise an inline command line split like sdssplitargs.
/// Never throws on bad input: it reports <see cref="ParseStatus.Error"/> with Redis's error text.
/// </summary>
/// <remarks>
/// Once a prefix of the input parses to a request or to an error, any longer input parses to the
/// same, so how the bytes were split into reads does not matter, with one exception that Redis
/// has too: a line (inline request, `*N` or `$N`) is too big when more than
/// <see cref="ProtocolLimits.MaxInlineLength"/> bytes are waiting without its end: a line longer
/// than that passes when its end comes with the read that takes it past the limit, fails otherwise.
/// </remarks>
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
        request.Reset(inline: false);

        var status = FindHeaderEnd(input, 0, "too big mbulk count string", out int cr, out error);
        if (status != ParseStatus.Complete) return status;
        if (!RedisNumbers.TryParseInt64(input[1..cr], out long count) || count > int.MaxValue)
            return Fail("invalid multibulk length", out error);
        int pos = cr + 2;
        if (count <= 0)
        {
            consumed = pos; // `*0` and `*-1` are empty requests that get no reply
            return ParseStatus.Complete;
        }

        for (long i = 0; i < count; i++)
        {
            status = FindHeaderEnd(input, pos, "too big bulk count string", out cr, out error);
            if (status != ParseStatus.Complete) return status;
            if (input[pos] != (byte)'$')
                return Fail($"expected '$', got '{Printable(input[pos])}'", out error);
            if (!RedisNumbers.TryParseInt64(input[(pos + 1)..cr], out long length) || length < 0 || length > limits.MaxBulkLength)
                return Fail("invalid bulk length", out error);

            int dataStart = cr + 2;
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
    /// Finds the '\r' ending the `*N` / `$N` line that starts at <paramref name="start"/> (its index in
    /// <paramref name="input"/> goes to <paramref name="cr"/>), and checks that the '\n' after it has
    /// arrived. Like Redis it searches from the line's first byte, the `*` or `$` included.
    /// </summary>
    private static ParseStatus FindHeaderEnd(ReadOnlySpan<byte> input, int start, string tooBigError, out int cr, out string? error)
    {
        error = null;
        var line = input[start..];
        int end = IndexBeforeNul(line, (byte)'\r');
        cr = start + end;
        if (end < 0) return line.Length > ProtocolLimits.MaxInlineLength ? Fail(tooBigError, out error) : ParseStatus.Incomplete;
        return end + 2 > line.Length ? ParseStatus.Incomplete : ParseStatus.Complete;
    }

    private static ParseStatus ParseInline(ReadOnlySpan<byte> input, Request request, out int consumed, out string? error)
    {
        consumed = 0;
        error = null;
        int newline = IndexBeforeNul(input, (byte)'\n');
        if (newline < 0) return input.Length > ProtocolLimits.MaxInlineLength ? Fail("too big inline request", out error) : ParseStatus.Incomplete;
        var line = input[..newline];
        if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
        if (!InlineSplitter.Split(line, request)) return Fail("unbalanced quotes in request", out error);
        consumed = newline + 1;
        return ParseStatus.Complete;
    }

    /// <summary>
    /// The index of <paramref name="target"/>, or -1 when it is absent or a NUL byte comes first:
    /// Redis searches with strchr, so a NUL hides the end of the line, which then never arrives.
    /// </summary>
    private static int IndexBeforeNul(ReadOnlySpan<byte> input, byte target)
    {
        int index = input.IndexOfAny(target, (byte)0);
        return index >= 0 && input[index] == target ? index : -1;
    }

    /// <summary>Redis turns line breaks in a formatted error into spaces.</summary>
    private static char Printable(byte b) => b is (byte)'\r' or (byte)'\n' ? ' ' : (char)b;

    private static ParseStatus Fail(string message, out string? error)
    {
        error = "Protocol error: " + message;
        return ParseStatus.Error;
    }
}
