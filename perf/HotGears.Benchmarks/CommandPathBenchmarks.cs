using BenchmarkDotNet.Attributes;
using HotGears.Engine;

namespace HotGears.Benchmarks;

/// <summary>
/// The whole in-process path of a command: parse the request bytes, dispatch under the keyspace
/// lock, write the reply into an output buffer that is reset each time (replies are not decoded).
/// No sockets: this measures the engine alone. Every benchmark should allocate 0 B.
/// </summary>
[MemoryDiagnoser]
public class CommandPathBenchmarks
{
    private Server _server = null!;
    private InProcessClient _client = null!;
    private byte[] _get = null!, _set = null!, _incr = null!, _mget = null!, _pipelinedSets = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = new Server(new ServerConfig());
        _client = new InProcessClient(_server);
        foreach (var request in SteadyState.Preload) _client.Run(request);
        _get = SteadyState.Get;
        _set = SteadyState.Set;
        _incr = SteadyState.Incr;
        _mget = SteadyState.MGet;
        _pipelinedSets = SteadyState.PipelinedSets;
    }

    [GlobalCleanup]
    public void Cleanup() => _server.Dispose();

    [Benchmark]
    public int Get() => _client.Run(_get).Length;

    [Benchmark]
    public int Set() => _client.Run(_set).Length;

    [Benchmark]
    public int Incr() => _client.Run(_incr).Length;

    [Benchmark(Description = "MGet (10 keys)")]
    public int MGet() => _client.Run(_mget).Length;

    [Benchmark(Description = "Pipeline of 16 SETs")]
    public int PipelinedSets() => _client.Run(_pipelinedSets).Length;
}
