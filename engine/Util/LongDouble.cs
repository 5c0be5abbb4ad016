using System.Globalization;
using System.Numerics;
using System.Text;

namespace HotGears.Engine.Util;

/// <summary>
/// C's <c>long double</c> on x86-64 (the x87 80-bit format: a 64-bit significand, normal
/// exponents down to 2^-16382 with gradual underflow below, overflow at 2^16384), emulated
/// exactly so that INCRBYFLOAT produces Redis's text digit for digit. A finite value is
/// <c>significand × 2^exponent</c>; operations round to nearest, ties to even, as the FPU does.
/// The sign of zero is not kept: the only output, <see cref="ToHumanText"/>, prints both zeros as "0".
/// </summary>
public readonly struct LongDouble
{
    private const int SignificandBits = 64;
    private const int MinExponent = -16445;  // exponent of the smallest subnormal, 2^-16445
    private const int MaxExponent = 16320;   // largest finite values are (2^64-1) × 2^16320
    private const int MaxLog2 = MaxExponent + SignificandBits - 1; // floor(log2) of the largest finite value

    /// <summary>string2ld refuses texts of MAX_LONG_DOUBLE_CHARS (5 KB) or more.</summary>
    private const int MaxTextLength = 5 * 1024;

    private const int FractionDigits = 17; // "%.17Lf"
    private static readonly BigInteger FractionScale = BigInteger.Pow(10, FractionDigits);

    private readonly BigInteger _significand; // signed; |value| < 2^64
    private readonly int _exponent;
    private readonly sbyte _infinity;         // +1 or -1 for ±inf, 0 when finite

    private LongDouble(BigInteger significand, int exponent, sbyte infinity = 0)
    {
        _significand = significand;
        _exponent = exponent;
        _infinity = infinity;
    }

    public bool IsFinite => _infinity == 0;

    public static LongDouble FromInt64(long value) => new(value, 0);

    /// <summary>
    /// Parses a number the way Redis's string2ld does: the whole text must be what glibc's strtold
    /// accepts (decimal or hex "0x…p…" notation, "inf"/"infinity"; no spaces), and it is refused
    /// when it is NaN, overflows, or is non-zero but rounds to zero.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out LongDouble value)
    {
        value = default;
        if (text.IsEmpty || text.Length >= MaxTextLength) return false;
        bool negative = text[0] == (byte)'-';
        if (text[0] is (byte)'-' or (byte)'+') text = text[1..];

        if (Ascii.EqualsIgnoreCase(text, "inf"u8) || Ascii.EqualsIgnoreCase(text, "infinity"u8))
        {
            value = new LongDouble(0, 0, negative ? (sbyte)-1 : (sbyte)1);
            return true;
        }
        bool hex = text.Length >= 2 && text[0] == (byte)'0' && (text[1] | 0x20) == (byte)'x';
        if (hex) text = text[2..];
        if (!TryParseMantissa(ref text, hex, out string digits, out int fractionDigits)) return false;
        if (!TryParseExponent(text, hex ? (byte)'p' : (byte)'e', out long exponent)) return false;

        string significant = digits.TrimStart('0');
        if (significant.Length == 0) return true; // zero, whatever the exponent
        value = hex
            ? FromBinary(negative, BigInteger.Parse("0" + significant, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
                exponent - 4L * fractionDigits)
            : FromDecimal(negative, significant, exponent - fractionDigits);
        return value.IsFinite && !value._significand.IsZero; // strtold's ERANGE on overflow or underflow to zero
    }

    /// <summary>The sum, rounded; false when it is infinite or NaN.</summary>
    public bool TryAdd(LongDouble other, out LongDouble sum)
    {
        sum = default;
        if (!IsFinite || !other.IsFinite) return false;
        int exponent = Math.Min(_exponent, other._exponent);
        var exact = (_significand << (_exponent - exponent)) + (other._significand << (other._exponent - exponent));
        sum = Round(exact.Sign < 0, BigInteger.Abs(exact), BigInteger.One, exponent);
        return sum.IsFinite;
    }

    /// <summary>
    /// The text Redis stores for a float (ld2string in LD_STR_HUMAN mode): printf "%.17Lf", then
    /// trailing zeros and a bare '.' removed, and "-0" written "0".
    /// </summary>
    public byte[] ToHumanText()
    {
        if (!IsFinite) return _infinity > 0 ? "inf"u8.ToArray() : "-inf"u8.ToArray();
        var magnitude = BigInteger.Abs(_significand) * FractionScale;
        var scaled = _exponent >= 0 ? magnitude << _exponent : DivideRoundingToEven(magnitude, BigInteger.One << -_exponent);

        string digits = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(FractionDigits + 1, '0');
        string integral = digits[..^FractionDigits];
        string fraction = digits[^FractionDigits..].TrimEnd('0');
        string text = (_significand.Sign < 0 ? "-" : "") + integral + (fraction.Length > 0 ? "." + fraction : "");
        return Encoding.ASCII.GetBytes(text == "-0" ? "0" : text);
    }

    /// <summary>Hex or decimal digits with at most one '.', at least one digit; consumes them from <paramref name="text"/>.</summary>
    private static bool TryParseMantissa(ref ReadOnlySpan<byte> text, bool hex, out string digits, out int fractionDigits)
    {
        var collected = new StringBuilder();
        fractionDigits = 0;
        bool seenPoint = false;
        int i = 0;
        for (; i < text.Length; i++)
        {
            byte c = text[i];
            if (c == (byte)'.' && !seenPoint) seenPoint = true;
            else if (char.IsAsciiDigit((char)c) || (hex && char.IsAsciiHexDigit((char)c)))
            {
                collected.Append((char)c);
                if (seenPoint) fractionDigits++;
            }
            else break;
        }
        text = text[i..];
        digits = collected.ToString();
        return digits.Length > 0;
    }

    /// <summary>
    /// What follows the mantissa: nothing, or the marker ('e' or 'p', any case), an optional sign
    /// and decimal digits. Huge exponents saturate; they overflow or underflow anyway.
    /// </summary>
    private static bool TryParseExponent(ReadOnlySpan<byte> text, byte marker, out long exponent)
    {
        exponent = 0;
        if (text.IsEmpty) return true;
        if ((text[0] | 0x20) != marker) return false;
        text = text[1..];
        bool negative = !text.IsEmpty && text[0] == (byte)'-';
        if (!text.IsEmpty && text[0] is (byte)'-' or (byte)'+') text = text[1..];
        if (text.IsEmpty) return false;
        foreach (byte c in text)
        {
            if (!char.IsAsciiDigit((char)c)) return false;
            exponent = Math.Min(exponent * 10 + (c - '0'), 1_000_000_000L);
        }
        if (negative) exponent = -exponent;
        return true;
    }

    /// <summary>
    /// The decimal digits (no leading zero) × 10^power10, rounded. Far out-of-range powers are
    /// decided without computing them.
    /// </summary>
    private static LongDouble FromDecimal(bool negative, string digits, long power10)
    {
        // The value lies in [10^(digits-1+power10), 10^(digits+power10)). The largest finite value is
        // about 1.19e4932 and half the smallest subnormal about 1.8e-4951.
        if (digits.Length - 1 + power10 >= 4933) return Overflow(negative);
        if (digits.Length + power10 <= -4952) return default;
        var mantissa = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return power10 >= 0
            ? Round(negative, mantissa * BigInteger.Pow(10, (int)power10), BigInteger.One, 0)
            : Round(negative, mantissa, BigInteger.Pow(10, (int)-power10), 0);
    }

    /// <summary>mantissa × 2^power2, rounded.</summary>
    private static LongDouble FromBinary(bool negative, BigInteger mantissa, long power2)
    {
        long log2 = (long)mantissa.GetBitLength() - 1 + power2;
        if (log2 > MaxLog2) return Overflow(negative);
        if (log2 < MinExponent - 1) return default;
        return Round(negative, mantissa, BigInteger.One, (int)power2);
    }

    /// <summary>
    /// Rounds the exact value numerator / denominator × 2^power2 (numerator ≥ 0) to the nearest
    /// representable one, ties to even: a 64-bit significand, fewer bits below the normal range.
    /// </summary>
    private static LongDouble Round(bool negative, BigInteger numerator, BigInteger denominator, int power2)
    {
        if (numerator.IsZero) return default;
        long log2 = (long)numerator.GetBitLength() - (long)denominator.GetBitLength();
        if (ScaleBy2(numerator, -log2) < denominator) log2--;
        log2 += power2; // now floor(log2(value))
        if (log2 > MaxLog2) return Overflow(negative);

        long exponent = Math.Max(log2 - (SignificandBits - 1), MinExponent);
        long shift = power2 - exponent;
        var significand = shift >= 0
            ? DivideRoundingToEven(numerator << (int)shift, denominator)
            : DivideRoundingToEven(numerator, denominator << (int)-shift);
        if (significand.GetBitLength() > SignificandBits)
        {
            significand >>= 1; // rounding carried into a new bit: 2^64 becomes 2^63 × 2
            exponent++;
            if (exponent > MaxExponent) return Overflow(negative);
        }
        return new LongDouble(negative ? -significand : significand, (int)exponent);
    }

    private static BigInteger ScaleBy2(BigInteger value, long power2) => power2 >= 0 ? value << (int)power2 : value >> (int)-power2;

    private static BigInteger DivideRoundingToEven(BigInteger dividend, BigInteger divisor)
    {
        var quotient = BigInteger.DivRem(dividend, divisor, out var remainder);
        int half = (remainder << 1).CompareTo(divisor);
        return half > 0 || (half == 0 && !quotient.IsEven) ? quotient + 1 : quotient;
    }

    private static LongDouble Overflow(bool negative) => new(0, 0, negative ? (sbyte)-1 : (sbyte)1);
}
