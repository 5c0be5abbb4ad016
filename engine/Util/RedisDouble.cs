using System.Globalization;
using System.Numerics;
using System.Text;

namespace HotGears.Engine;

/// <summary>
/// C's strtod as Redis uses it for doubles (sorted set scores, weights, range bounds): decimal
/// and hexadecimal ("0x1p3") numbers, "inf"/"infinity" in any case, never NaN.
/// </summary>
public static class RedisDouble
{
    /// <summary>
    /// string2d (getDoubleFromObject): the whole text must be a number, without leading space,
    /// not NaN, and not so large or so small that strtod reports ERANGE with ±HUGE_VAL or zero.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || IsSpace(text[0])) return false;
        int consumed = Strtod(text, out value, out bool outOfRange);
        return consumed == text.Length && !double.IsNaN(value) && !(outOfRange && (double.IsInfinity(value) || value == 0));
    }

    /// <summary>
    /// A ZRANGEBYSCORE bound after its optional "(" (zslParseRange): strtod of the C string, so
    /// leading spaces pass, the empty string is 0, overflow gives ±inf, parsing stops at a zero
    /// byte, and only NaN or bytes left over fail.
    /// </summary>
    public static bool TryParseRangeBound(ReadOnlySpan<byte> text, out double value)
    {
        int end = text.IndexOf((byte)0);
        if (end >= 0) text = text[..end];
        int consumed = Strtod(text, out value, out _);
        return consumed == text.Length && !double.IsNaN(value);
    }

    /// <summary>
    /// Parses the longest prefix strtod would, returning how many bytes it used (0 when none:
    /// then the value is 0). <paramref name="outOfRange"/> is strtod's ERANGE: the number overflowed
    /// to infinity or underflowed.
    /// </summary>
    private static int Strtod(ReadOnlySpan<byte> text, out double value, out bool outOfRange)
    {
        value = 0;
        outOfRange = false;
        int pos = 0;
        while (pos < text.Length && IsSpace(text[pos])) pos++;
        bool negative = false;
        if (pos < text.Length && text[pos] is (byte)'+' or (byte)'-')
        {
            negative = text[pos] == (byte)'-';
            pos++;
        }
        var body = text[pos..];
        int used;
        if ((used = MatchWord(body, "infinity"u8)) > 0 || (used = MatchWord(body, "inf"u8)) > 0)
            value = double.PositiveInfinity;
        else if ((used = MatchWord(body, "nan"u8)) > 0)
            value = double.NaN;
        else if ((used = ParseHex(body, out value, out outOfRange)) == 0 && (used = ParseDecimal(body, out value, out outOfRange)) == 0)
            return 0;
        if (negative) value = -value;
        return pos + used;
    }

    private static int MatchWord(ReadOnlySpan<byte> s, ReadOnlySpan<byte> word) =>
        s.Length >= word.Length && Ascii.EqualsIgnoreCase(s[..word.Length], word) ? word.Length : 0;

    /// <summary>digits[.digits] or .digits, then an exponent only if it has digits.</summary>
    private static int ParseDecimal(ReadOnlySpan<byte> s, out double value, out bool outOfRange)
    {
        value = 0;
        outOfRange = false;
        int pos = SkipDigits(s, 0, hex: false);
        int digits = pos;
        if (pos < s.Length && s[pos] == (byte)'.')
        {
            int fractionEnd = SkipDigits(s, pos + 1, hex: false);
            digits += fractionEnd - pos - 1;
            pos = fractionEnd;
        }
        if (digits == 0) return 0;
        pos = SkipExponent(s, pos, (byte)'e');
        value = double.Parse(s[..pos], NumberStyles.Float, CultureInfo.InvariantCulture);
        outOfRange = double.IsInfinity(value) || (value == 0 && HasNonzeroDigit(s[..pos]));
        return pos;
    }

    /// <summary>0x hexdigits[.hexdigits] [p exponent], rounded to nearest like glibc.</summary>
    private static int ParseHex(ReadOnlySpan<byte> s, out double value, out bool outOfRange)
    {
        value = 0;
        outOfRange = false;
        if (s.Length < 3 || s[0] != (byte)'0' || (s[1] | 0x20) != 'x') return 0;
        int pos = SkipDigits(s, 2, hex: true);
        int integerEnd = pos;
        int fractionDigits = 0;
        if (pos < s.Length && s[pos] == (byte)'.')
        {
            int fractionEnd = SkipDigits(s, pos + 1, hex: true);
            fractionDigits = fractionEnd - pos - 1;
            pos = fractionEnd;
        }
        if (integerEnd == 2 && fractionDigits == 0) return 1; // just the "0": strtod stops before the 'x'
        var mantissa = BigInteger.Zero;
        foreach (byte c in s[2..pos])
            if (c != (byte)'.') mantissa = (mantissa << 4) + HexValue(c);
        long exponent = -4L * fractionDigits;
        int exponentStart = pos;
        pos = SkipExponent(s, pos, (byte)'p');
        if (pos > exponentStart) exponent += ParseExponent(s[(exponentStart + 1)..pos]);
        value = ScaleToDouble(mantissa, exponent);
        outOfRange = double.IsInfinity(value) || (value == 0 && !mantissa.IsZero);
        return pos;
    }

    /// <summary>mantissa × 2^exponent rounded once to the nearest double (ties to even).</summary>
    private static double ScaleToDouble(BigInteger mantissa, long exponent)
    {
        if (mantissa.IsZero) return 0;
        long bits = (long)mantissa.GetBitLength();
        if (bits + exponent > 1025) return double.PositiveInfinity;
        if (bits + exponent < -1080) return 0;
        // Keep 53 significant bits, or fewer where the result is subnormal (lowest bit 2^-1074).
        long lowest = Math.Max(bits + exponent - 53, -1074);
        int shift = (int)(lowest - exponent);
        if (shift > 0)
        {
            BigInteger kept = mantissa >> shift;
            BigInteger dropped = mantissa - (kept << shift);
            int versusHalf = dropped.CompareTo(BigInteger.One << (shift - 1));
            if (versusHalf > 0 || (versusHalf == 0 && !kept.IsEven)) kept += 1;
            mantissa = kept;
            exponent = lowest;
        }
        return Math.ScaleB((double)mantissa, (int)exponent);
    }

    private static int SkipDigits(ReadOnlySpan<byte> s, int pos, bool hex)
    {
        while (pos < s.Length && (hex ? char.IsAsciiHexDigit((char)s[pos]) : char.IsAsciiDigit((char)s[pos]))) pos++;
        return pos;
    }

    /// <summary>The end of an exponent starting at <paramref name="pos"/>, or pos itself when there is no complete one.</summary>
    private static int SkipExponent(ReadOnlySpan<byte> s, int pos, byte marker)
    {
        if (pos >= s.Length || (s[pos] | 0x20) != marker) return pos;
        int at = pos + 1;
        if (at < s.Length && s[at] is (byte)'+' or (byte)'-') at++;
        int end = SkipDigits(s, at, hex: false);
        return end > at ? end : pos;
    }

    private static long ParseExponent(ReadOnlySpan<byte> s)
    {
        bool negative = s[0] == (byte)'-';
        long exponent = 0;
        foreach (byte c in s)
            if (char.IsAsciiDigit((char)c)) exponent = Math.Min(exponent * 10 + (c - '0'), 100_000);
        return negative ? -exponent : exponent;
    }

    private static bool HasNonzeroDigit(ReadOnlySpan<byte> number)
    {
        foreach (byte c in number)
        {
            if (c is (byte)'e' or (byte)'E') break;
            if (c is >= (byte)'1' and <= (byte)'9') return true;
        }
        return false;
    }

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
