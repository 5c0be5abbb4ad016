namespace HotGears.Resp;

/// <summary>Number parsing with Redis's exact rules (util.c string2ll).</summary>
public static class RedisNumbers
{
    /// <summary>current + by, or false when the sum overflows (INCRBY and HINCRBY refuse it rather than wrap).</summary>
    public static bool TryAdd(long current, long by, out long sum)
    {
        sum = unchecked(current + by);
        return !((by < 0 && current < 0 && by < long.MinValue - current) || (by > 0 && current > 0 && by > long.MaxValue - current));
    }

    /// <summary>
    /// Strict decimal: optional '-', no '+', no leading zeros, no spaces, must fit in a long.
    /// "0" is valid, "-0" and "" are not.
    /// </summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 20) return false;
        if (s.Length == 1 && s[0] == (byte)'0') return true;

        bool negative = s[0] == (byte)'-';
        int i = negative ? 1 : 0;
        if (i >= s.Length || s[i] < (byte)'1' || s[i] > (byte)'9') return false;

        ulong acc = 0;
        for (; i < s.Length; i++)
        {
            uint digit = (uint)(s[i] - (byte)'0');
            if (digit > 9) return false;
            if (acc > (ulong.MaxValue - digit) / 10) return false;
            acc = acc * 10 + digit;
        }
        if (negative)
        {
            if (acc > (ulong)long.MaxValue + 1) return false;
            value = (long)(0 - acc);
        }
        else
        {
            if (acc > long.MaxValue) return false;
            value = (long)acc;
        }
        return true;
    }
}
