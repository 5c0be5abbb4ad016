using System.Globalization;
using System.Numerics;
using System.Text;

namespace HotGears.Engine;

/// <summary>
/// Redis's text conversions of long doubles (util.c): string2ld, which accepts what glibc's
/// strtold accepts (decimal, hexadecimal "0x1.8p3", "inf") but nothing around it and no NaN, and
/// ld2string in its "human" mode ("%.17Lf" without trailing zeros), the form INCRBYFLOAT and
/// HINCRBYFLOAT store and reply.
/// </summary>
public static class RedisFloat
{
    /// <summary>string2ld's buffer is MAX_LONG_DOUBLE_CHARS (5k) including the terminating zero.</summary>
    private const int MaxTextLength = 5 * 1024 - 1;

    private const int HumanDecimals = 17;
    private static readonly BigInteger HumanScale = BigInteger.Pow(10, HumanDecimals);

    /// <summary>Parses as string2ld: false for empty, spaced, partial, NaN, overflowing or underflowing-to-zero text.</summary>
    public static bool TryParseLongDouble(ReadOnlySpan<byte> text, out LongDouble value)
    {
        value = default;
        if (text.IsEmpty || text.Length > MaxTextLength) return false;
        bool negative = text[0] == (byte)'-';
        var body = text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        if (Ascii.EqualsIgnoreCase(body, "inf"u8) || Ascii.EqualsIgnoreCase(body, "infinity"u8))
        {
            value = LongDouble.Infinity(negative);
            return true;
        }
        bool hex = body.Length > 2 && body[0] == (byte)'0' && (body[1] | 0x20) == 'x';
        var parsed = hex ? ParseHex(negative, body[2..]) : ParseDecimal(negative, body);
        if (parsed is not { } result) return false;
        value = result;
        return true;
    }

    /// <summary>ld2string(LD_STR_HUMAN): "%.17Lf" with trailing zeros (and a bare '.') removed, "-0" shown as "0".</summary>
    public static byte[] FormatLongDouble(LongDouble value)
    {
        if (value.IsNaN) return "nan"u8.ToArray();
        if (value.IsInfinity) return value.IsNegative ? "-inf"u8.ToArray() : "inf"u8.ToArray();
        var (significand, exponent) = value.Parts;
        BigInteger scaled;
        if (exponent >= 0) scaled = (significand << (int)exponent) * HumanScale;
        else
        {
            // printf rounds the exact binary value to the nearest decimal, ties to even.
            int shift = (int)-exponent;
            BigInteger exact = significand * HumanScale;
            scaled = exact >> shift;
            int versusHalf = (exact - (scaled << shift)).CompareTo(BigInteger.One << (shift - 1));
            if (versusHalf > 0 || (versusHalf == 0 && !scaled.IsEven)) scaled += 1;
        }
        string digits = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(HumanDecimals + 1, '0');
        int integerDigits = digits.Length - HumanDecimals;
        string text = (digits[..integerDigits] + "." + digits[integerDigits..]).TrimEnd('0').TrimEnd('.');
        if (value.IsNegative && text != "0") text = "-" + text;
        return Encoding.ASCII.GetBytes(text);
    }

    /// <summary>[digits][.digits][e[sign]digits], at least one digit before the exponent.</summary>
    private static LongDouble? ParseDecimal(bool negative, ReadOnlySpan<byte> s)
    {
        Span<char> digits = stackalloc char[s.Length];
        int count = 0, fractionDigits = 0, pos = 0;
        for (; pos < s.Length && char.IsAsciiDigit((char)s[pos]); pos++) digits[count++] = (char)s[pos];
        if (pos < s.Length && s[pos] == (byte)'.')
        {
            for (pos++; pos < s.Length && char.IsAsciiDigit((char)s[pos]); pos++)
            {
                digits[count++] = (char)s[pos];
                fractionDigits++;
            }
        }
        if (count == 0) return null;
        long exponent = 0;
        if (pos < s.Length && (s[pos] | 0x20) == 'e')
        {
            if (!TryParseExponent(s[(pos + 1)..], out exponent)) return null;
            pos = s.Length;
        }
        if (pos != s.Length) return null;
        exponent -= fractionDigits;

        var mantissa = BigInteger.Parse(digits[..count], NumberStyles.None, CultureInfo.InvariantCulture);
        if (mantissa.IsZero) return LongDouble.Round(negative, mantissa, 0, inexact: false);
        // Far outside the range (about 3.6e-4951 .. 1.2e4932) strtold gives ERANGE: don't build huge powers for that.
        double magnitude = (double)(mantissa.GetBitLength() - 1) * 0.30102999566398120 + exponent;
        if (magnitude > 4940 || magnitude < -4970) return null;
        LongDouble value;
        if (exponent >= 0) value = LongDouble.Round(negative, mantissa * BigInteger.Pow(10, (int)exponent), 0, inexact: false);
        else
        {
            // Divide with enough extra bits for the quotient to carry 64 bits plus rounding bits.
            BigInteger divisor = BigInteger.Pow(10, (int)-exponent);
            int extra = (int)Math.Max(0, divisor.GetBitLength() - mantissa.GetBitLength() + 66);
            BigInteger quotient = BigInteger.DivRem(mantissa << extra, divisor, out BigInteger remainder);
            value = LongDouble.Round(negative, quotient, -extra, inexact: !remainder.IsZero);
        }
        return OutOfRange(value) ? null : value;
    }

    /// <summary>After "0x": [hexdigits][.hexdigits][p[sign]digits], at least one hex digit.</summary>
    private static LongDouble? ParseHex(bool negative, ReadOnlySpan<byte> s)
    {
        Span<char> digits = stackalloc char[s.Length + 1];
        digits[0] = '0'; // keeps BigInteger from reading a leading 8-F as a sign bit
        int count = 1, fractionDigits = 0, pos = 0;
        for (; pos < s.Length && char.IsAsciiHexDigit((char)s[pos]); pos++) digits[count++] = (char)s[pos];
        if (pos < s.Length && s[pos] == (byte)'.')
        {
            for (pos++; pos < s.Length && char.IsAsciiHexDigit((char)s[pos]); pos++)
            {
                digits[count++] = (char)s[pos];
                fractionDigits++;
            }
        }
        if (count == 1) return null;
        long exponent = 0;
        if (pos < s.Length && (s[pos] | 0x20) == 'p')
        {
            if (!TryParseExponent(s[(pos + 1)..], out exponent)) return null;
            pos = s.Length;
        }
        if (pos != s.Length) return null;
        exponent -= 4L * fractionDigits;

        var mantissa = BigInteger.Parse(digits[..count], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (mantissa.IsZero) return LongDouble.Round(negative, mantissa, 0, inexact: false);
        long magnitude = (long)mantissa.GetBitLength() + exponent;
        if (magnitude > 16400 || magnitude < -16500) return null;
        var value = LongDouble.Round(negative, mantissa, exponent, inexact: false);
        return OutOfRange(value) ? null : value;
    }

    /// <summary>[sign]digits, saturating far beyond any exponent that matters.</summary>
    private static bool TryParseExponent(ReadOnlySpan<byte> s, out long exponent)
    {
        exponent = 0;
        bool negative = s.Length > 0 && s[0] == (byte)'-';
        if (s.Length > 0 && s[0] is (byte)'-' or (byte)'+') s = s[1..];
        if (s.IsEmpty) return false;
        foreach (byte c in s)
        {
            if (!char.IsAsciiDigit((char)c)) return false;
            exponent = Math.Min(exponent * 10 + (c - '0'), 1_000_000_000);
        }
        if (negative) exponent = -exponent;
        return true;
    }

    /// <summary>A nonzero number that rounded to infinity or to zero: strtold reports ERANGE and string2ld refuses it.</summary>
    private static bool OutOfRange(LongDouble value) => value.IsInfinity || value.IsZero;
}
