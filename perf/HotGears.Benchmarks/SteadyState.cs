using HotGears.Engine;

namespace HotGears.Benchmarks;

/// <summary>
/// Pre-encoded requests for the hot commands, and the data they run on. Shared by the benchmarks
/// and by the allocation test (tests/HotGears.Tests/AllocationTests.cs links this file), so the
/// CI guard checks exactly what the benchmarks measure. Writes keep value lengths unchanged, so
/// once preloaded every request runs in steady state.
/// </summary>
public static class SteadyState
{
    private static readonly string Value = new('v', 32);
    private static readonly string OtherValue = new('w', 32);
    private static readonly string[] MGetKeys = Enumerable.Range(0, 10).Select(i => $"mget:{i:D2}").ToArray();
    private static readonly string[] PipelineKeys = Enumerable.Range(0, 16).Select(i => $"pipeline:{i:D2}").ToArray();

    /// <summary>Run these once first: they create every key the requests below touch.</summary>
    public static IEnumerable<byte[]> Preload =>
        [
            InProcessClient.Encode("SET", "key:000000000001", Value),
            // 13 digits: increments do not change the length of the stored text for a very long time.
            InProcessClient.Encode("SET", "counter", "1000000000000"),
            .. MGetKeys.Select(key => InProcessClient.Encode("SET", key, Value)),
            .. PipelineKeys.Select(key => InProcessClient.Encode("SET", key, Value)),
        ];

    public static byte[] Get { get; } = InProcessClient.Encode("GET", "key:000000000001");

    public static byte[] Set { get; } = InProcessClient.Encode("SET", "key:000000000001", OtherValue);

    public static byte[] Incr { get; } = InProcessClient.Encode("INCR", "counter");

    public static byte[] MGet { get; } = InProcessClient.Encode(["MGET", .. MGetKeys]);

    /// <summary>16 SETs in one buffer, as one network read of a pipelining client.</summary>
    public static byte[] PipelinedSets { get; } = PipelineKeys.SelectMany(key => InProcessClient.Encode("SET", key, OtherValue)).ToArray();
}
