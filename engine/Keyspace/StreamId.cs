using System.Buffers.Text;
using HotGears.Resp;

namespace HotGears.Engine.Keyspace;

/// <summary>The ID of a stream entry: a millisecond time and a sequence number, ordered as a 128-bit number.</summary>
public readonly record struct StreamId(ulong Ms, ulong Seq) : IComparable<StreamId>
{
    public static readonly StreamId Min = new(0, 0);
    public static readonly StreamId Max = new(ulong.MaxValue, ulong.MaxValue);

    /// <summary>Longest text Redis accepts as an ID (its parse buffer is 128 bytes with the terminator).</summary>
    private const int MaxTextLength = 127;

    public bool IsZero => Ms == 0 && Seq == 0;

    public int CompareTo(StreamId other)
    {
        int byMs = Ms.CompareTo(other.Ms);
        return byMs != 0 ? byMs : Seq.CompareTo(other.Seq);
    }

    public static bool operator <(StreamId a, StreamId b) => a.CompareTo(b) < 0;
    public static bool operator >(StreamId a, StreamId b) => a.CompareTo(b) > 0;
    public static bool operator <=(StreamId a, StreamId b) => a.CompareTo(b) <= 0;
    public static bool operator >=(StreamId a, StreamId b) => a.CompareTo(b) >= 0;

    /// <summary>The next ID (streamIncrID); false, giving 0-0, after the largest ID.</summary>
    public bool TryIncrement(out StreamId next)
    {
        if (Seq != ulong.MaxValue) next = new(Ms, Seq + 1);
        else if (Ms != ulong.MaxValue) next = new(Ms + 1, 0);
        else
        {
            next = Min;
            return false;
        }
        return true;
    }

    /// <summary>The previous ID (streamDecrID); false, giving the largest ID, before 0-0.</summary>
    public bool TryDecrement(out StreamId previous)
    {
        if (Seq != 0) previous = new(Ms, Seq - 1);
        else if (Ms != 0) previous = new(Ms - 1, ulong.MaxValue);
        else
        {
            previous = Max;
            return false;
        }
        return true;
    }

    public override string ToString() => $"{Ms}-{Seq}";

    /// <summary>Writes "ms-seq"; at most 41 bytes.</summary>
    public int Format(Span<byte> destination)
    {
        Utf8Formatter.TryFormat(Ms, destination, out int length);
        destination[length++] = (byte)'-';
        Utf8Formatter.TryFormat(Seq, destination[length..], out int seqLength);
        return length + seqLength;
    }

    public const int MaxFormattedLength = 41;

    /// <summary>
    /// Parses an ID as streamGenericParseIDOrReply does: "-" and "+" (unless <paramref name="strict"/>),
    /// "ms-seq", or "ms" with <paramref name="missingSeq"/> as sequence. When <paramref name="allowAutoSeq"/>
    /// is set (XADD), "ms-*" is accepted and <paramref name="seqGiven"/> says whether the sequence was given.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out StreamId id, ulong missingSeq = 0, bool strict = false,
        bool allowAutoSeq = false) => TryParse(text, out id, out _, missingSeq, strict, allowAutoSeq);

    public static bool TryParse(ReadOnlySpan<byte> text, out StreamId id, out bool seqGiven, ulong missingSeq = 0,
        bool strict = false, bool allowAutoSeq = false)
    {
        id = Min;
        seqGiven = true;
        if (text.Length > MaxTextLength) return false;
        if (text.Length == 1 && (text[0] == '-' || text[0] == '+'))
        {
            if (strict) return false;
            id = text[0] == '-' ? Min : Max;
            return true;
        }
        int dash = text.IndexOf((byte)'-');
        ulong seq = missingSeq;
        if (!TryParseUnsigned(dash < 0 ? text : text[..dash], out ulong ms)) return false;
        if (dash >= 0)
        {
            var seqText = text[(dash + 1)..];
            if (allowAutoSeq && seqText.Length == 1 && seqText[0] == '*')
            {
                seq = 0;
                seqGiven = false;
            }
            else if (!TryParseUnsigned(seqText, out seq)) return false;
        }
        id = new StreamId(ms, seq);
        return true;
    }

    /// <summary>
    /// Redis's string2ull: a non-negative string2ll number, or else whatever strtoull accepts in full
    /// (leading blanks, a sign, leading zeros; "-" negates modulo 2^64) without overflowing.
    /// </summary>
    private static bool TryParseUnsigned(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        if (RedisNumbers.TryParseInt64(text, out long signed))
        {
            if (signed < 0) return false;
            value = (ulong)signed;
            return true;
        }
        int at = 0;
        while (at < text.Length && text[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r') at++;
        bool negative = false;
        if (at < text.Length && text[at] is (byte)'+' or (byte)'-') negative = text[at++] == '-';
        if (at == text.Length) return false;
        for (; at < text.Length; at++)
        {
            uint digit = (uint)(text[at] - '0');
            if (digit > 9) return false;
            if (value > (ulong.MaxValue - digit) / 10) return false;
            value = value * 10 + digit;
        }
        if (negative) value = unchecked(0 - value);
        return true;
    }
}
