using HotGears.Benchmarks;
using HotGears.Engine;

namespace HotGears.Tests;

/// <summary>
/// The CI guard of the hot path rule: in steady state GET, SET, INCR and MGET allocate nothing on
/// the whole in-process path (parse, dispatch under the lock, reply). Uses the benchmarks' workload.
/// </summary>
public class AllocationTests
{
    private const int Iterations = 10_000;

    public static TheoryData<string> Requests => ["GET", "SET", "INCR", "MGET", "16 pipelined SETs"];

    [Theory]
    [MemberData(nameof(Requests))]
    public void HotCommandsAllocateNothing(string name)
    {
        var request = name switch
        {
            "GET" => SteadyState.Get,
            "SET" => SteadyState.Set,
            "INCR" => SteadyState.Incr,
            "MGET" => SteadyState.MGet,
            _ => SteadyState.PipelinedSets,
        };
        // No slow log: with the other tests running alongside, a GC pause can make a command
        // "slow", and logging it allocates (legitimately, but not per command).
        using var t = new TestServer(new ServerConfig { SlowlogLogSlowerThan = -1 });
        foreach (var preload in SteadyState.Preload) t.Client.Run(preload);

        // Warm up past tiered JIT compilation, which allocates a little on this thread while it
        // swaps code in. A command that allocates does so in every round, so one clean round
        // out of a few is proof enough, and the guard does not flake on the JIT's timing.
        for (int i = 0; i < 5 * Iterations; i++) t.Client.Run(request);
        long best = long.MaxValue;
        for (int round = 0; round < 5 && best > 0; round++) best = Math.Min(best, AllocatedBytes(t, request));
        Assert.True(best == 0, $"{name} allocated {best} bytes in {Iterations} runs ({(double)best / Iterations:0.###} B/op)");
    }

    private static long AllocatedBytes(TestServer t, byte[] request)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++) t.Client.Run(request);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
