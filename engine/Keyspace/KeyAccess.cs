namespace HotGears.Engine.Keyspace;

/// <summary>
/// The per-key access stamp, read by OBJECT IDLETIME and OBJECT FREQ. As Redis's robj->lru it
/// means one of two things depending on maxmemory-policy: under an LFU policy the minute of the
/// last counter decrement (high bits) and a logarithmic access counter (low 8 bits, evict.c);
/// otherwise the unix second of the last access. Stamps are 24 bits as in Redis (the second clock
/// wraps every 194 days; idle times are computed modulo that). Switching policy leaves old stamps
/// meaningless until keys are accessed again, as in Redis.
/// </summary>
internal static class KeyAccess
{
    private const uint LfuInitialCount = 5;   // new keys start here so they are not evicted at once

    /// <summary>The stamp of a key just created.</summary>
    public static uint New(ServerConfig config, long nowMs) =>
        config.LfuPolicy ? (Minutes(nowMs) << 8) | LfuInitialCount : Seconds(nowMs);

    /// <summary>The stamp of a key accessed now.</summary>
    public static uint Accessed(uint stamp, ServerConfig config, long nowMs) =>
        config.LfuPolicy ? LfuAccessed(stamp, config, nowMs) : Seconds(nowMs);

    /// <summary>
    /// The stamp of a key RESTOREd with IDLETIME or FREQ (-1 when not given; objectSetLRUOrLFU):
    /// each applies only under the policy that keeps it.
    /// </summary>
    public static uint Restored(ServerConfig config, long nowMs, long idleSeconds, long frequency)
    {
        if (config.LfuPolicy) return frequency >= 0 ? (Minutes(nowMs) << 8) | (uint)frequency : New(config, nowMs);
        return idleSeconds >= 0 ? (uint)(Seconds(nowMs) - idleSeconds) & ClockMask : New(config, nowMs);
    }

    public static long IdleSeconds(uint stamp, long nowMs) => (Seconds(nowMs) - stamp) & ClockMask;

    /// <summary>The LFU counter, decayed by one for each lfu-decay-time minutes since its last update.</summary>
    public static uint Frequency(uint stamp, ServerConfig config, long nowMs)
    {
        uint counter = stamp & 255;
        if (config.LfuDecayTime == 0) return counter;
        uint elapsed = (Minutes(nowMs) - (stamp >> 8)) & 0xFFFF; // minutes wrap at 16 bits
        uint periods = elapsed / (uint)config.LfuDecayTime;
        return periods >= counter ? 0 : counter - periods;
    }

    private static uint LfuAccessed(uint stamp, ServerConfig config, long nowMs)
    {
        uint counter = LogIncrement(Frequency(stamp, config, nowMs), config.LfuLogFactor);
        return (Minutes(nowMs) << 8) | counter;
    }

    /// <summary>Increments with probability 1/((counter-5)*factor+1): the counter grows with the log of the accesses.</summary>
    private static uint LogIncrement(uint counter, int factor)
    {
        if (counter == 255) return counter;
        double baseValue = Math.Max(0, (double)counter - LfuInitialCount);
        double p = 1.0 / (baseValue * factor + 1);
        return Random.Shared.NextDouble() < p ? counter + 1 : counter;
    }

    private const uint ClockMask = (1u << 24) - 1;

    private static uint Seconds(long nowMs) => (uint)(nowMs / 1000) & ClockMask;

    private static uint Minutes(long nowMs) => (uint)(nowMs / 60000) & 0xFFFF;
}
