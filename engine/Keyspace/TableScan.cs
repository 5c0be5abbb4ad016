namespace HotGears.Engine.Keyspace;

/// <summary>
/// The loop scanGenericCommand runs over a hash table for HSCAN/SSCAN/ZSCAN: cursor steps until
/// COUNT entries are collected or the scan completes, but at most ten steps per entry asked for,
/// so that a sparse table cannot hold the server for long (the reply may then be short or empty).
/// </summary>
internal static class TableScan
{
    /// <param name="stepsPerEntry">10, or 20 where Redis counts a field and its value as two (HSCAN, ZSCAN).</param>
    public static ulong Steps<T>(KeyTable<T> table, ulong cursor, long count, List<KeyValuePair<byte[], T>> output,
        int stepsPerEntry = 10)
    {
        long maxSteps = count > long.MaxValue / stepsPerEntry ? long.MaxValue : count * stepsPerEntry;
        do cursor = table.ScanStep(cursor, output);
        while (cursor != 0 && maxSteps-- > 0 && output.Count < count);
        return cursor;
    }
}
