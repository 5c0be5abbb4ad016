using System.Numerics;

namespace HotGears.Engine.Blocking;

/// <summary>The timeout argument of the blocking commands, in seconds (getTimeoutFromObjectOrReply, UNIT_SECONDS).</summary>
public static class BlockingTimeout
{
    /// <summary>
    /// Parses a timeout in seconds, decimals allowed, into an absolute deadline in unix ms (0:
    /// wait forever). False after replying the error. As in Redis the seconds are a long double,
    /// multiplied by 1000 and rounded up; a product outside the range of a long converts to
    /// LLONG_MIN (x86), so huge values and infinities are "negative", while -0.0001 rounds to 0.
    /// </summary>
    public static bool TryParse(Session session, ReadOnlySpan<byte> text, out long deadlineMs)
    {
        deadlineMs = 0;
        if (!RedisFloat.TryParseLongDouble(text, out var seconds))
        {
            session.Reply.WriteError("ERR timeout is not a float or out of range");
            return false;
        }
        long ms = CeilMilliseconds(seconds);
        if (ms < 0)
        {
            session.Reply.WriteError("ERR timeout is negative");
            return false;
        }
        if (ms > 0) deadlineMs = ms > long.MaxValue - session.Server.NowMs ? long.MaxValue : session.Server.NowMs + ms;
        return true;
    }

    /// <summary>(long long) ceill(seconds * 1000.0), the product rounded to long double precision first.</summary>
    private static long CeilMilliseconds(LongDouble seconds)
    {
        if (!seconds.IsFinite) return long.MinValue;
        var (significand, exponent) = seconds.Parts;
        var product = LongDouble.Round(seconds.IsNegative, significand * 1000, exponent, inexact: false);
        if (!product.IsFinite) return long.MinValue;
        (significand, exponent) = product.Parts;
        BigInteger magnitude;
        if (exponent >= 0) magnitude = exponent > 64 ? BigInteger.One << 64 : significand << (int)exponent;
        else
        {
            int shift = (int)Math.Min(-exponent, 128);
            magnitude = significand >> shift;
            bool fraction = (magnitude << shift) != significand;
            if (fraction && !product.IsNegative) magnitude += 1; // ceil rounds positives up, negatives towards zero
        }
        var value = product.IsNegative ? -magnitude : magnitude;
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : long.MinValue;
    }
}
