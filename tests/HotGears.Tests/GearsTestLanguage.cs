using System.Globalization;
using System.Text;
using HotGears.Engine;
using HotGears.Engine.Gears;
using HotGears.Engine.Gears.Pipeline;
using HotGears.Engine.Gears.Readers;
using HotGears.Resp;

namespace HotGears.Tests;

/// <summary>
/// A gear language over plain .NET values for engine tests: records are themselves, lists are
/// List&lt;object?&gt;, str() is a Python-like rendering, errors are the exception's message.
/// </summary>
public sealed class GearsTestLanguage : IGearsLanguage
{
    public static GearsTestLanguage Instance { get; } = new();

    /// <summary>Times <see cref="EnterCallbacks"/> was entered (batches of records).</summary>
    public int CallbackScopes;

    public string Name => "test";

    public object? FromEngineRecord(object? record) => record;

    public object? FromNative(object? value) => value;

    public string ToStr(object? value) => value switch
    {
        null => "None",
        string s => s,
        bool b => b ? "True" : "False",
        long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        GroupRecord g => $"{{'key': '{g.Key}', 'value': {Repr(g.Value)}}}",
        KeyRecord k => $"{{'key': '{k.Key}', 'value': {Repr(k.Value)}, 'type': '{k.Type}'}}",
        List<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        _ => value.ToString() ?? "",
    };

    private string Repr(object? value) => value is string s ? $"'{s}'" : ToStr(value);

    public bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0,
        string s => s.Length > 0,
        System.Collections.ICollection c => c.Count > 0,
        _ => true,
    };

    public double ToDouble(object? value) => value switch
    {
        string s => double.Parse(s, CultureInfo.InvariantCulture),
        null => throw new InvalidOperationException("float() argument must be a string or a number, not 'NoneType'"),
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    public IReadOnlyList<object?>? AsList(object? value) => value as List<object?>;

    public object DistinctKey(object? value) => value switch
    {
        null => DBNull.Value,
        List<object?> => throw new InvalidOperationException("unhashable type: 'list'"),
        _ => value,
    };

    public int Compare(object? a, object? b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (double or long, double or long) => Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture)),
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => throw new InvalidOperationException("'<' not supported"),
    };

    public void WriteReply(RespWriter reply, object? value)
    {
        switch (value)
        {
            case long l: reply.WriteInteger(l); break;
            case string s: reply.WriteBulk(s); break;
            case List<object?> list:
                reply.WriteArrayHeader(list.Count);
                foreach (var item in list) WriteReply(reply, item);
                break;
            default: reply.WriteBulk(ToStr(value)); break;
        }
    }

    public string FormatError(Exception error) => error.Message;

    public IDisposable EnterCallbacks()
    {
        Interlocked.Increment(ref CallbackScopes);
        return Scope.Instance;
    }

    private sealed class Scope : IDisposable
    {
        public static Scope Instance { get; } = new();
        public void Dispose() { }
    }
}

/// <summary>Helpers to build graphs and run them without a script.</summary>
public static class GearsTestKit
{
    public static StepGraph Graph(ReaderKind reader, params Step[] steps)
    {
        var graph = new StepGraph(reader, GearsTestLanguage.Instance);
        graph.Steps.AddRange(steps);
        return graph;
    }

    /// <summary>Runs the steps over the records (as a PythonReader would hand them) on the calling thread.</summary>
    public static (List<object?> Results, List<string> Errors) RunOver(IEnumerable<object?> records, params Step[] steps) =>
        RunOver(records, convertToStr: false, steps);

    public static (List<object?> Results, List<string> Errors) RunOver(IEnumerable<object?> records, bool convertToStr, params Step[] steps)
    {
        using var t = new TestServer();
        var execution = NewExecution(t.Server, Graph(ReaderKind.PythonReader, steps), convertToStr);
        t.Server.Gears.RunExecution(execution, new SequenceSource(GearsTestLanguage.Instance, () => records));
        return (execution.Results, execution.Errors);
    }

    internal static Execution NewExecution(Server server, StepGraph graph, bool convertToStr = false)
    {
        var session = Session(server);
        return server.Gears.CreateExecution(session, PipelinePlan.Compile(graph, convertToStr, collect: true), convertToStr, registration: null);
    }

    public static GearsSession Session(Server server, string id = "test-session") => new(server.Gears, id, null, "test");

    public static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
}
