using System.Globalization;
using System.Text;
using HotGears.Engine.Util;

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
        if (!LongDouble.TryParse(text, out _) || !TryParseSeconds(text, out double seconds))
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

    /// <summary>
    /// The seconds as a double (the text was already checked as strtold would check it). Hex
    /// floats, which .NET does not parse, are refused like other malformed numbers.
    /// </summary>
    private static bool TryParseSeconds(ReadOnlySpan<byte> text, out double seconds) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) ||
        (Ascii.EqualsIgnoreCase(text.TrimStart("+-"u8), "inf"u8) || Ascii.EqualsIgnoreCase(text.TrimStart("+-"u8), "infinity"u8))
            && (seconds = text[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity) != 0;

    /// <summary>
    /// ceil(seconds * 1000) as a long; a product outside the range of a long converts to
    /// LLONG_MIN, as the C cast does on x86. Computed in double where Redis uses long double:
    /// the result can differ by 1 ms for decimals that binary fractions cannot hold exactly.
    /// </summary>
    private static long CeilMilliseconds(double seconds)
    {
        double ms = Math.Ceiling(seconds * 1000.0);
        return double.IsFinite(ms) && ms >= long.MinValue && ms < long.MaxValue ? (long)ms : long.MinValue;
    }
}
