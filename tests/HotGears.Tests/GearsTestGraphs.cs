using System.Buffers;
using HotGears.Engine.Gears;
using HotGears.Resp;

namespace HotGears.Tests;

/// <summary>Step graphs built directly (C# values, DotNetLanguage) and registered as a script would register them.</summary>
internal static class GearsTestGraphs
{
    private static int _sessions;

    public static StepGraph Graph(ReaderKind reader, params Step[] steps)
    {
        var graph = new StepGraph(reader, DotNetLanguage.Instance);
        graph.Steps.AddRange(steps);
        return graph;
    }

    public static Step Map(Func<object?, object?> map) => new(StepKind.Map) { Map = map };

    public static Step FlatMap(Func<object?, object?> map) => new(StepKind.FlatMap) { Map = map };

    public static Step ForEach(Action<object?> action) => new(StepKind.ForEach) { ForEach = action };

    /// <summary>Runs register() for each (graph, options) in one script of a new session; throws the script's error.</summary>
    public static List<Registration> Register(TestServer t, params (StepGraph Graph, RegisterOptions Options)[] registrations)
    {
        var engine = t.Server.Gears;
        var session = new GearsSession(engine, $"test-session-{Interlocked.Increment(ref _sessions)}", null, "csharp");
        var script = new GearsScriptContext(engine, session);
        foreach (var (graph, options) in registrations) script.Register(graph, options);
        engine.Install(session, script.PendingRegistrations, replaced: null);
        return script.PendingRegistrations.ToList();
    }

    public static Registration Register(TestServer t, StepGraph graph, RegisterOptions options) => Register(t, (graph, options))[0];

    /// <summary>The registration's RG.DUMPREGISTRATIONS entry.</summary>
    public static RespValue Dump(TestServer t, Registration registration)
    {
        var output = new ArrayBufferWriter<byte>();
        lock (t.Server.Lock) registration.WriteDump(new RespWriter(output));
        return RespValueReader.ReadAll(output.WrittenSpan)[0];
    }

    /// <summary>RegistrationData as field → value (the array alternates names and values).</summary>
    public static Dictionary<string, RespValue> Data(TestServer t, Registration registration)
    {
        var data = Dump(t, registration).Items![7].Items!;
        var fields = new Dictionary<string, RespValue>();
        for (int i = 0; i + 1 < data.Count; i += 2) fields[data[i].Text!] = data[i + 1];
        return fields;
    }

    public static void WaitFor(Func<bool> condition, int seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out");
            Thread.Sleep(10);
        }
    }
}
