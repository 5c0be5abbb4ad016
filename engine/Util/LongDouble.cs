using System.Numerics;

namespace HotGears.Engine;

/// <summary>
/// C's <c>long double</c> as Redis uses it on x86-64: the x87 80-bit extended format (64-bit
/// significand, exponent range of 15 bits). INCRBYFLOAT and HINCRBYFLOAT add in this precision and
/// print with "%.17Lf", so a plain double gives visibly different results ("0.3" vs
/// "0.30000000000000004"). Arithmetic is done exactly on big integers and rounded once, to
/// nearest-even, as the FPU does. Not for hot paths: each operation allocates.
/// </summary>
public readonly struct LongDouble
{
    private const int SignificandBits = 64;
    private const long MinExponent = -16445; // power of two of the least significant bit of subnormals
    private const long MaxExponent = 16320;  // ... of the largest finite values: (2^64-1) * 2^16320

    private enum Kind : byte { Finite, Infinity, NaN }

    // value = (-1)^negative * Significand * 2^Exponent
    private readonly ulong _significand;
    private readonly int _exponent;
    private readonly bool _negative;
    private readonly Kind _kind;

    private LongDouble(bool negative, ulong significand, int exponent, Kind kind)
    {
        _negative = negative;
        _significand = significand;
        _exponent = exponent;
        _kind = kind;
    }

    public static LongDouble Zero => default;

    public static LongDouble NaN => new(false, 0, 0, Kind.NaN);

    public static LongDouble Infinity(bool negative) => new(negative, 0, 0, Kind.Infinity);

    public bool IsNaN => _kind == Kind.NaN;

    public bool IsInfinity => _kind == Kind.Infinity;

    public bool IsFinite => _kind == Kind.Finite;

    public bool IsNegative => _negative;

    public bool IsZero => _kind == Kind.Finite && _significand == 0;

    /// <summary>The significand and power of two of a finite value.</summary>
    public (BigInteger Significand, long Exponent) Parts => (_significand, _exponent);

    public static LongDouble FromInt64(long value) =>
        value == 0 ? Zero : Round(value < 0, BigInteger.Abs(value), 0, inexact: false);

    public static LongDouble operator +(LongDouble a, LongDouble b)
    {
        if (a.IsNaN || b.IsNaN) return NaN;
        if (a.IsInfinity || b.IsInfinity)
        {
            if (a.IsInfinity && b.IsInfinity && a._negative != b._negative) return NaN;
            return a.IsInfinity ? a : b;
        }
        long low = Math.Min(a._exponent, b._exponent);
        BigInteger sum = a.Signed() << (int)(a._exponent - low);
        sum += b.Signed() << (int)(b._exponent - low);
        // An exact zero sum is +0 under round-to-nearest unless both operands were -0.
        if (sum.IsZero) return new LongDouble(a._negative && b._negative, 0, 0, Kind.Finite);
        return Round(sum.Sign < 0, BigInteger.Abs(sum), low, inexact: false);
    }

    /// <summary>
    /// The long double nearest to magnitude × 2^exponent (ties to even), with the sign given.
    /// <paramref name="inexact"/> says nonzero bits were already dropped below the magnitude's
    /// last bit (a division remainder); the caller then keeps at least two bits beyond the 64 kept.
    /// Overflow gives infinity, underflow below the smallest subnormal gives zero.
    /// </summary>
    public static LongDouble Round(bool negative, BigInteger magnitude, long exponent, bool inexact)
    {
        if (magnitude.IsZero) return new LongDouble(negative, 0, 0, Kind.Finite);
        long target = Math.Max(exponent + (long)magnitude.GetBitLength() - SignificandBits, MinExponent);
        long shift = target - exponent;
        BigInteger kept;
        if (shift <= 0) kept = magnitude << (int)-shift;
        else
        {
            kept = magnitude >> (int)shift;
            BigInteger dropped = magnitude - (kept << (int)shift);
            int versusHalf = dropped.CompareTo(BigInteger.One << (int)(shift - 1));
            if (versusHalf > 0 || (versusHalf == 0 && (inexact || !kept.IsEven))) kept += 1;
        }
        if (kept.GetBitLength() > SignificandBits)
        {
            kept >>= 1;
            target++;
        }
        if (target > MaxExponent) return Infinity(negative);
        if (kept.IsZero) return new LongDouble(negative, 0, 0, Kind.Finite);
        return new LongDouble(negative, (ulong)kept, (int)target, Kind.Finite);
    }

    private BigInteger Signed() => _negative ? -(BigInteger)_significand : _significand;
}
