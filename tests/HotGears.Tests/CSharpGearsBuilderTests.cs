using HotGears.Engine.Gears;
using HotGears.Scripting.CSharp;

namespace HotGears.Tests;

/// <summary>The typed C# gear API builds the step graph and the run/register options the engine expects.</summary>
public class CSharpGearsBuilderTests
{
    /// <summary>Records what a script's run()/register() hand to the engine.</summary>
    private sealed class RecordingActions : IGearsActions
    {
        public readonly List<(StepGraph Graph, RunOptions Options)> Runs = new();
        public readonly List<(StepGraph Graph, RegisterOptions Options)> Registrations = new();

        public string Run(StepGraph graph, RunOptions options)
        {
            Runs.Add((graph, options));
            return "run-" + Runs.Count;
        }

        public string Register(StepGraph graph, RegisterOptions options)
        {
            Registrations.Add((graph, options));
            return "reg-" + Registrations.Count;
        }
    }

    private static async Task<RecordingActions> RunScript(string code)
    {
        var gear = CSharpGearsCompiler.Compile(code);
        Assert.Null(gear.Error);
        var actions = new RecordingActions();
        await CSharpScriptRunner.RunAsync(gear, actions);
        return actions;
    }

    private static async Task<string> ScriptError(string code)
    {
        var gear = CSharpGearsCompiler.Compile(code);
        Assert.Null(gear.Error);
        return (await Assert.ThrowsAsync<GearsScriptException>(() => CSharpScriptRunner.RunAsync(gear, new RecordingActions()))).Message;
    }

    private static readonly KeyRecord StringKey = new("user:1", "abc", "string", null);

    [Fact]
    public async Task Streaming_steps_wrap_the_typed_callbacks()
    {
        var actions = await RunScript("""
            GB(KeysReader, "user:*", "my gear")
                .Filter(r => r.Type == "string")
                .Map(r => r.Key)
                .FlatMap(k => k.Split(':'))
                .ForEach(p => { })
                .Limit(10, 2)
                .Run();
            """);
        var (graph, options) = Assert.Single(actions.Runs);
        Assert.Equal(ReaderKind.KeysReader, graph.Reader);
        Assert.Equal("user:*", graph.DefaultArg);
        Assert.Equal("my gear", graph.Description);
        Assert.Same(DotNetLanguage.Instance, graph.Language);
        Assert.Equal([StepKind.Filter, StepKind.Map, StepKind.FlatMap, StepKind.ForEach, StepKind.Limit], graph.Steps.Select(s => s.Kind));
        Assert.True(graph.Steps[0].Filter!(StringKey));
        Assert.Equal("user:1", graph.Steps[1].Map!(StringKey));
        Assert.Equal(new List<object?> { "user", "1" }, graph.Steps[2].Map!("user:1"));
        Assert.Equal("<lambda>", graph.Steps[1].Name);
        Assert.Equal((10L, 2L), (graph.Steps[4].Length, graph.Steps[4].Offset));
        Assert.Null(options.Arg);
        Assert.True(options.ConvertToStr);
        Assert.True(options.Collect);
        Assert.Equal(ExecutionMode.Async, options.Mode);
    }

    [Fact]
    public async Task Aggregations_carry_keys_zero_and_reducers()
    {
        var actions = await RunScript("""
            var g = GB();
            g.Accumulate<long>((a, r) => a + 1);
            g.Run();
            """);
        var accumulate = Assert.Single(Assert.Single(actions.Runs).Graph.Steps);
        Assert.Equal(StepKind.Accumulate, accumulate.Kind);
        Assert.Equal(1L, accumulate.Accumulate!(null, StringKey)); // None starts as default(long)

        actions = await RunScript("""
            GB().GroupBy(r => r.Type, (string k, long a, KeyRecord r) => a + 1)
                .AggregateBy(g => g.Value, new List<string>(), (k, a, g) => { a.Add(g.Key); return a; }, (k, a, b) => a.Concat(b).ToList())
                .Aggregate(0L, (a, g) => a + 1, (a, b) => a + b)
                .Run();
            """);
        var steps = Assert.Single(actions.Runs).Graph.Steps;
        Assert.Equal([StepKind.GroupBy, StepKind.AggregateBy, StepKind.Aggregate], steps.Select(s => s.Kind));
        Assert.Equal("string", steps[0].Extractor!(StringKey));
        Assert.Equal(3L, steps[0].Reducer!("string", 2L, StringKey));
        Assert.Equal("5", steps[1].Extractor!(new GroupRecord("string", 5L))); // non-string keys are repr()'d
        var zero1 = steps[1].Zero!();
        Assert.NotSame(zero1, steps[1].Zero!()); // deepcopy(zero) each time
        Assert.Equal(new List<string> { "a" }, steps[1].Reducer!("5", zero1, new GroupRecord("a", 1L)));
        Assert.Equal(0L, steps[2].Zero!());
        Assert.Equal(5L, steps[2].Combine!(2L, 3L));
    }

    [Fact]
    public async Task Native_operations_and_their_options()
    {
        var actions = await RunScript("""
            GB(StreamReader).Map(r => r.Value.Count).CountBy().Map(g => g.Key).Distinct().Sort(reverse: false)
                .Avg(x => double.Parse(x)).Collect().Repartition(x => x).Count()
                .Run("s", convertToStr: false, collect: false, mode: "async_local", fromId: "5-0");
            """);
        var (graph, options) = Assert.Single(actions.Runs);
        Assert.Equal(ReaderKind.StreamReader, graph.Reader);
        Assert.Equal([StepKind.Map, StepKind.CountBy, StepKind.Map, StepKind.Distinct, StepKind.Sort, StepKind.Avg,
            StepKind.Collect, StepKind.Repartition, StepKind.Count], graph.Steps.Select(s => s.Kind));
        Assert.Equal("2", graph.Steps[1].Extractor!(2)); // countby() without extractor: repr of the record
        Assert.False(graph.Steps[4].Reverse);
        Assert.Equal(2.5, graph.Steps[5].ToNumber!("2.5"));
        Assert.Equal("2.5", graph.Steps[7].Extractor!(2.5));
        Assert.Equal(("s", false, false, ExecutionMode.AsyncLocal, "5-0"),
            (options.Arg, options.ConvertToStr, options.Collect, options.Mode, options.FromId));
    }

    [Fact]
    public async Task Register_takes_the_spec_options_as_named_parameters()
    {
        var actions = await RunScript("""
            var id = GB(CommandReader).Map(a => a.Count).Register(trigger: "t", mode: "sync", inorder: true);
            var id2 = GB().ForEach(r => { }).Register("user:*", eventTypes: new[] { "set" }, keyTypes: new[] { "string" },
                readValue: false, commands: new[] { "SET" }, mode: "async_local", convertToStr: false);
            GB(StreamReader).Register("s*", batch: 5, duration: 100, onFailedPolicy: "Retry", onFailedRetryInterval: 3, trimStream: false);
            GB(CommandReader).Register(hook: "HSET", keyprefix: "h:", onRegistered: () => { });
            if (id != "reg-1" || id2 != "reg-2") throw new Exception(id);
            """);
        Assert.Equal(4, actions.Registrations.Count);
        var trigger = actions.Registrations[0].Options;
        Assert.Equal(("t", ExecutionMode.Sync, true), (trigger.Trigger, trigger.Mode, trigger.InOrder));
        Assert.Equal(ReaderKind.CommandReader, actions.Registrations[0].Graph.Reader);
        Assert.Equal(3, actions.Registrations[0].Graph.Steps[0].Map!(new List<string> { "t", "a", "b" }));
        var keys = actions.Registrations[1].Options;
        Assert.Equal("user:*", keys.Prefix);
        Assert.Equal(["set"], keys.EventTypes!);
        Assert.Equal(["string"], keys.KeyTypes!);
        Assert.Equal(["SET"], keys.Commands!);
        Assert.False(keys.ReadValue);
        Assert.False(keys.ConvertToStr);
        Assert.Equal(ExecutionMode.AsyncLocal, keys.Mode);
        var stream = actions.Registrations[2].Options;
        Assert.Equal(("s*", 5L, 100L, OnFailedPolicy.Retry, 3L, false),
            (stream.Prefix, stream.Batch, stream.DurationMs, stream.OnFailedPolicy, stream.OnFailedRetryIntervalSec, stream.TrimStream));
        var hook = actions.Registrations[3].Options;
        Assert.Equal(("HSET", "h:"), (hook.Hook, hook.KeyPrefix));
        Assert.NotNull(hook.OnRegistered);
    }

    [Fact]
    public async Task Readers_by_token_and_by_name()
    {
        var actions = await RunScript("""
            GB(KeysOnlyReader).Map(k => k.Length).Run("a*", count: 10, noScan: true);
            """);
        var (graph, options) = Assert.Single(actions.Runs);
        Assert.Equal(ReaderKind.KeysOnlyReader, graph.Reader);
        Assert.Equal((10L, true), (options.Count, options.NoScan));

        actions = await RunScript("GB(\"ShardsIDReader\").Run();");
        Assert.Equal(ReaderKind.ShardsIDReader, Assert.Single(actions.Runs).Graph.Reader);

        actions = await RunScript("GB(Sequence).Map(x => (long)x! * 2).Run(new[] { 1L, 2L });");
        (graph, options) = Assert.Single(actions.Runs);
        Assert.Equal(ReaderKind.PythonReader, graph.Reader);
        Assert.Equal(new object?[] { 1L, 2L }, options.Generator!().ToArray());
        Assert.Equal(4L, graph.Steps[0].Map!(2L));

        Assert.Equal("the given reader are not exists", await ScriptError("GB(\"NoReader\");"));
        Assert.Equal("pyreader argument must be a function", await ScriptError("GB(Sequence).Run();"));
        Assert.Equal("unknown execution mode", await ScriptError("GB().Run(mode: \"sync\");"));
        Assert.Equal("unknown execution mode", await ScriptError("GB().Register(mode: \"bad\");"));
        Assert.Equal("onFailedPolicy must be Continue/Abort/Retry", await ScriptError("GB(StreamReader).Register(onFailedPolicy: \"x\");"));
    }

    [Fact]
    public async Task Script_exceptions_become_the_reply_error_text()
    {
        Assert.Equal("boom", await ScriptError("throw new InvalidOperationException(\"boom\");"));
        Assert.Equal("flat", await ScriptError("throw FlatError(\"flat\");"));
        Assert.Equal("Attempted to divide by zero.", await ScriptError("int z = 0; var x = 1 / z;"));
    }
}
