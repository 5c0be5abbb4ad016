namespace HotGears.Engine.Gears.Pipeline;

/// <summary>
/// One step of a compiled plan as RG.GETEXECUTION shows it ("type", "name", "arg"), with the sink
/// that implements it; identity steps on a single server (collect, repartition, the key extraction
/// a grouping sink does itself) have none.
/// </summary>
public sealed class PlanStep
{
    internal PlanStep(string type, string name, string arg, Func<PipelineRun, Sink>? create)
    {
        Type = type;
        Name = name;
        Arg = arg;
        Create = create;
    }

    /// <summary>map, filter, flatmap, foreach, limit, accumulate, extractkey, accumulatebykey, repartition, collect, group, reduce.</summary>
    public string Type { get; }
    public string Name { get; }
    public string Arg { get; }
    internal Func<PipelineRun, Sink>? Create { get; }
}

/// <summary>
/// A step graph compiled for one action (run or register): the sugar operations lowered as
/// RedisGears lowers them (spec §2.2), each step a sink factory. A run instantiates the sinks into
/// one push chain: streaming steps are nested calls, aggregations buffer only what they must.
/// Compiled once per action; instantiated per execution (the sinks hold the run's state).
/// </summary>
public sealed class PipelinePlan
{
    private readonly PlanStep[] _steps;

    private PipelinePlan(StepGraph graph, PlanStep[] steps, bool fromEngineRecords)
    {
        Graph = graph;
        _steps = steps;
        FromEngineRecords = fromEngineRecords;
        NoDurations = new long[steps.Length];
    }

    /// <summary>Every step's duration when the run was not profiled (zeros; shared, never written).</summary>
    internal IReadOnlyList<long> NoDurations { get; }

    public StepGraph Graph { get; }

    /// <summary>The steps in execution order (the hidden first map included).</summary>
    public IReadOnlyList<PlanStep> Steps => _steps;

    /// <summary>False when the reader hands out language values already (PythonReader).</summary>
    public bool FromEngineRecords { get; }

    public static PipelinePlan Compile(StepGraph graph, bool convertToStr, bool collect)
    {
        var steps = new List<PlanStep>();
        bool fromEngine = graph.Reader != ReaderKind.PythonReader;
        if (fromEngine)
            steps.Add(new PlanStep("map", RecordMapperName(graph.Language), "", run => new FromEngineSink(run)));
        foreach (var step in graph.Steps) Lower(step, steps);
        if (convertToStr) steps.Add(new PlanStep("map", "ToStr", "", run => new ToStrSink(run)));
        if (collect) steps.Add(new PlanStep("collect", "collect", "", null));
        return new PipelinePlan(graph, steps.ToArray(), fromEngine);
    }

    private static string RecordMapperName(IGearsLanguage language) =>
        language.Name == "python" ? "RedisGearsPy_ToPyRecordMapper" : "ToRecordMapper";

    private static void Lower(Step step, List<PlanStep> steps)
    {
        string name = step.Name, arg = step.Arg;
        void Add(string type, Func<PipelineRun, Sink>? create, string? stepName = null) =>
            steps.Add(new PlanStep(type, stepName ?? name, arg, create));
        void Identity(string type) => steps.Add(new PlanStep(type, type, "", null));

        switch (step.Kind)
        {
            case StepKind.Map:
                var map = Required(step.Map, step);
                Add("map", run => new MapSink(run, map));
                break;
            case StepKind.FlatMap:
                var flat = Required(step.Map, step);
                Add("flatmap", run => new FlatMapSink(run, flat));
                break;
            case StepKind.ForEach:
                var action = Required(step.ForEach, step);
                Add("foreach", run => new ForEachSink(run, action));
                break;
            case StepKind.Filter:
                var filter = Required(step.Filter, step);
                Add("filter", run => new FilterSink(run, filter));
                break;
            case StepKind.Accumulate:
                var accumulate = Required(step.Accumulate, step);
                Add("accumulate", run => new AccumulateSink(run, accumulate));
                break;
            case StepKind.LocalGroupBy:
            case StepKind.GroupBy:
                var extractor = Required(step.Extractor, step);
                var reducer = Required(step.Reducer, step);
                Add("extractkey", null);
                if (step.Kind == StepKind.GroupBy) Identity("repartition");
                Add("accumulatebykey", run => new GroupSink(run, extractor, reducer, native: false));
                break;
            case StepKind.BatchGroupBy:
                var batchExtractor = Required(step.Extractor, step);
                var batchReducer = Required(step.BatchReducer, step);
                Add("extractkey", null);
                Identity("repartition");
                Add("group", null);
                Add("reduce", run => new BatchGroupSink(run, batchExtractor, batchReducer));
                break;
            case StepKind.Aggregate:
                var zero = Required(step.Zero, step);
                var seq = Required(step.Accumulate, step);
                var comb = Required(step.Combine, step);
                Add("accumulate", run => new AggregateSink(run, zero, seq));
                Identity("collect");
                Add("accumulate", run => new AggregateSink(run, zero, comb));
                break;
            case StepKind.AggregateBy:
                var byExtractor = Required(step.Extractor, step);
                var byZero = Required(step.Zero, step);
                var bySeq = Required(step.Reducer, step);
                var byComb = Required(step.KeyedCombine, step);
                Add("extractkey", null);
                Add("accumulatebykey", run => new GroupSink(run, byExtractor,
                    (k, a, r) => bySeq(k, run.Language.IsTruthy(a) ? a : byZero(), r), native: true));
                Identity("repartition");
                Add("accumulatebykey", run => new RegroupSink(run, byZero, byComb));
                break;
            case StepKind.Count:
                Add("accumulate", run => new CountSink(run), "count");
                Identity("collect");
                Add("accumulate", null, "sum");
                break;
            case StepKind.CountBy:
                var countExtractor = step.Extractor;
                Add("extractkey", null);
                Add("accumulatebykey", run => new CountBySink(run, countExtractor), "countby");
                Identity("repartition");
                Add("accumulatebykey", null, "sum");
                break;
            case StepKind.Distinct:
                Add("accumulate", run => new DistinctSink(run), "distinct");
                Identity("collect");
                Add("accumulate", null, "union");
                Add("flatmap", null, "list");
                break;
            case StepKind.Avg:
                var toNumber = step.ToNumber;
                Add("map", null);
                Add("accumulate", run => new AvgSink(run, toNumber), "avg");
                Identity("collect");
                Add("accumulate", null, "sum");
                Add("map", null, "divide");
                break;
            case StepKind.Sort:
                bool reverse = step.Reverse;
                Add("accumulate", run => new SortSink(run, reverse), "sort");
                Identity("collect");
                Add("accumulate", null, "concat");
                Add("map", null, "sorted");
                Add("flatmap", null, "list");
                break;
            case StepKind.Limit:
                long length = step.Length, offset = step.Offset;
                Add("limit", run => new LimitSink(run, length, offset), "limit");
                break;
            case StepKind.Collect:
                Identity("collect");
                break;
            case StepKind.Repartition:
                Identity("repartition");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step.Kind, "unknown step kind");
        }
    }

    private static T Required<T>(T? callback, Step step) where T : Delegate =>
        callback ?? throw new ArgumentException($"{step.Kind} step without its callback");

    /// <summary>
    /// Builds the push chain of one run, ending in <paramref name="results"/>. With
    /// <paramref name="ticks"/> (ProfileExecutions) each sink is timed into ticks[step index].
    /// </summary>
    internal Sink Instantiate(PipelineRun run, List<object?> results, long[]? ticks)
    {
        Sink next = new ResultSink(run, results);
        for (int i = _steps.Length - 1; i >= 0; i--)
        {
            if (_steps[i].Create is not { } create) continue;
            var sink = create(run);
            sink.Next = next;
            next = ticks == null ? sink : new ProfilingSink(run, sink, ticks, i) { Next = next };
        }
        return next;
    }

    /// <summary>Turns the inclusive times of <see cref="Instantiate"/>'s profiling into each step's own, in ms.</summary>
    internal IReadOnlyList<long> StepDurationsMs(long[] ticks)
    {
        var durations = new long[_steps.Length];
        long after = 0;
        for (int i = _steps.Length - 1; i >= 0; i--)
        {
            if (_steps[i].Create == null) continue;
            long own = Math.Max(0, ticks[i] - after);
            after = ticks[i];
            durations[i] = (long)(own * 1000.0 / System.Diagnostics.Stopwatch.Frequency);
        }
        return durations;
    }
}
