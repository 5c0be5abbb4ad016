using System.Text;

namespace HotGears.Resp;

/// <summary>
/// Splits a line into arguments the way Redis's sdssplitargs does: blanks separate arguments,
/// "double quotes" understand \n \r \t \b \a \xHH and \c escapes, 'single quotes' only \'.
/// A closing quote must be followed by a blank or the end of the line. Used for inline requests
/// and for configuration files (redis.conf syntax).
/// </summary>
public static class InlineSplitter
{
    /// <summary>Splits <paramref name="line"/> into <paramref name="request"/> (replacing what it held); false on unbalanced quotes.</summary>
    public static bool Split(ReadOnlySpan<byte> line, Request request)
    {
        request.Reset(inline: true);
        var sink = new RequestSink(request);
        return Split(line, ref sink);
    }

    /// <summary>Splits a line of text; null on unbalanced quotes.</summary>
    public static List<string>? Split(string line)
    {
        var sink = new StringListSink();
        return Split(Encoding.UTF8.GetBytes(line), ref sink) ? sink.Result : null;
    }

    private interface IArgSink
    {
        void Begin();
        void Append(byte b);
        void End();
    }

    private struct RequestSink(Request request) : IArgSink
    {
        private int _start;
        public void Begin() => _start = request.InlineLength;
        public void Append(byte b) => request.AppendInline(b);
        public void End() => request.Add(_start, request.InlineLength - _start);
    }

    private struct StringListSink() : IArgSink
    {
        private readonly List<byte> _current = new();
        public List<string> Result { get; } = new();
        public void Begin() => _current.Clear();
        public void Append(byte b) => _current.Add(b);
        public void End() => Result.Add(Encoding.UTF8.GetString(_current.ToArray()));
    }

    private static bool Split<TSink>(ReadOnlySpan<byte> line, ref TSink sink) where TSink : struct, IArgSink
    {
        int nul = line.IndexOf((byte)0); // the C original stops at a NUL byte
        if (nul >= 0) line = line[..nul];
        int p = 0;
        while (true)
        {
            while (p < line.Length && IsSpace(line[p])) p++;
            if (p >= line.Length) return true;

            bool inDouble = false, inSingle = false, done = false;
            sink.Begin();
            while (!done)
            {
                byte c = p < line.Length ? line[p] : (byte)0;
                byte next = p + 1 < line.Length ? line[p + 1] : (byte)0;
                if (inDouble)
                {
                    if (c == '\\' && next == 'x' && p + 3 < line.Length && IsHex(line[p + 2]) && IsHex(line[p + 3]))
                    {
                        sink.Append((byte)(HexValue(line[p + 2]) * 16 + HexValue(line[p + 3])));
                        p += 3;
                    }
                    else if (c == '\\' && next != 0)
                    {
                        p++;
                        sink.Append(next switch
                        {
                            (byte)'n' => (byte)'\n',
                            (byte)'r' => (byte)'\r',
                            (byte)'t' => (byte)'\t',
                            (byte)'b' => (byte)'\b',
                            (byte)'a' => (byte)'\a',
                            _ => next,
                        });
                    }
                    else if (c == '"')
                    {
                        if (next != 0 && !IsSpace(next)) return false;
                        done = true;
                    }
                    else if (c == 0) return false;
                    else sink.Append(c);
                }
                else if (inSingle)
                {
                    if (c == '\\' && next == '\'')
                    {
                        p++;
                        sink.Append((byte)'\'');
                    }
                    else if (c == '\'')
                    {
                        if (next != 0 && !IsSpace(next)) return false;
                        done = true;
                    }
                    else if (c == 0) return false;
                    else sink.Append(c);
                }
                else
                {
                    switch (c)
                    {
                        case (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0: done = true; break;
                        case (byte)'"': inDouble = true; break;
                        case (byte)'\'': inSingle = true; break;
                        default: sink.Append(c); break;
                    }
                }
                if (p < line.Length) p++;
            }
            sink.End();
        }
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';

    private static bool IsHex(byte c) => char.IsAsciiHexDigit((char)c);

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
