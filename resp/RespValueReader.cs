using System.Globalization;

namespace HotGears.Resp;

/// <summary>Reads one reply (RESP2 or RESP3) from bytes; reports Incomplete instead of throwing when bytes are missing.</summary>
public static class RespValueReader
{
    public static ParseStatus TryRead(ReadOnlySpan<byte> input, out RespValue value, out int consumed)
    {
        consumed = 0;
        value = RespValue.NullValue;
        try
        {
            int pos = 0;
            var status = Read(input, ref pos, out value);
            if (status == ParseStatus.Complete) consumed = pos;
            return status;
        }
        catch (FormatException)
        {
            return ParseStatus.Error;
        }
    }

    /// <summary>Reads every reply in <paramref name="input"/>; throws if the bytes are not whole replies.</summary>
    public static List<RespValue> ReadAll(ReadOnlySpan<byte> input)
    {
        var values = new List<RespValue>();
        while (!input.IsEmpty)
        {
            if (TryRead(input, out var value, out int consumed) != ParseStatus.Complete)
                throw new FormatException("incomplete or malformed RESP");
            values.Add(value);
            input = input[consumed..];
        }
        return values;
    }

    private static ParseStatus Read(ReadOnlySpan<byte> input, ref int pos, out RespValue value)
    {
        value = RespValue.NullValue;
        if (pos >= input.Length) return ParseStatus.Incomplete;
        byte prefix = input[pos];
        int lineEnd = input[pos..].IndexOf("\r\n"u8);
        if (lineEnd < 0) return ParseStatus.Incomplete;
        var line = input.Slice(pos + 1, lineEnd - 1);
        pos += lineEnd + 2;
        switch (prefix)
        {
            case (byte)'+': value = new(RespType.SimpleString, line.ToArray()); return ParseStatus.Complete;
            case (byte)'-': value = new(RespType.Error, line.ToArray()); return ParseStatus.Complete;
            case (byte)'(': value = new(RespType.BigNumber, line.ToArray()); return ParseStatus.Complete;
            case (byte)':': value = new(RespType.Integer, Integer: ParseLong(line)); return ParseStatus.Complete;
            case (byte)'_': value = RespValue.NullValue; return ParseStatus.Complete;
            case (byte)'#': value = new(RespType.Boolean, Integer: line.SequenceEqual("t"u8) ? 1 : 0); return ParseStatus.Complete;
            case (byte)',': value = new(RespType.Double, line.ToArray(), Double: ParseDouble(line)); return ParseStatus.Complete;
            case (byte)'$' or (byte)'=' or (byte)'!':
            {
                long length = ParseLong(line);
                if (length < 0) { value = RespValue.NullValue; return ParseStatus.Complete; }
                if (pos + length + 2 > input.Length) return ParseStatus.Incomplete;
                var type = prefix switch { (byte)'$' => RespType.BulkString, (byte)'=' => RespType.Verbatim, _ => RespType.Error };
                value = new(type, input.Slice(pos, (int)length).ToArray());
                pos += (int)length + 2;
                return ParseStatus.Complete;
            }
            case (byte)'*' or (byte)'~' or (byte)'>' or (byte)'%' or (byte)'|':
            {
                long count = ParseLong(line);
                if (count < 0) { value = RespValue.NullValue; return ParseStatus.Complete; }
                if (count > int.MaxValue) throw new FormatException("aggregate too long");
                if (prefix is (byte)'%' or (byte)'|') count *= 2;
                var items = new List<RespValue>((int)Math.Min(count, 1024));
                for (long i = 0; i < count; i++)
                {
                    var status = Read(input, ref pos, out var item);
                    if (status != ParseStatus.Complete) return status;
                    items.Add(item);
                }
                var type = prefix switch
                {
                    (byte)'*' => RespType.Array, (byte)'~' => RespType.Set, (byte)'>' => RespType.Push,
                    (byte)'%' => RespType.Map, _ => RespType.Attribute,
                };
                value = new(type, Items: items);
                return ParseStatus.Complete;
            }
            default:
                throw new FormatException($"unknown RESP type '{(char)prefix}'");
        }
    }

    private static long ParseLong(ReadOnlySpan<byte> s) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : throw new FormatException("bad integer");

    private static double ParseDouble(ReadOnlySpan<byte> s) => s switch
    {
        _ when s.SequenceEqual("inf"u8) => double.PositiveInfinity,
        _ when s.SequenceEqual("-inf"u8) => double.NegativeInfinity,
        _ when s.SequenceEqual("nan"u8) => double.NaN,
        _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : throw new FormatException("bad double"),
    };
}
