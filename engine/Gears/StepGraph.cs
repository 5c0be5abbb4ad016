namespace HotGears.Engine.Gears;

/// <summary>The readers a step graph can start from (spec §2.5).</summary>
public enum ReaderKind
{
    KeysReader,
    KeysOnlyReader,
    StreamReader,
    CommandReader,
    ShardsIDReader,
    /// <summary>A user-supplied sequence (Python's PythonReader; C#'s GB(Sequence)).</summary>
    PythonReader,
}

/// <summary>The operations of spec §2.2. Sugar operations stay whole here; the compiler lowers them.</summary>
public enum StepKind
{
    Map, FlatMap, ForEach, Filter, Accumulate, LocalGroupBy, GroupBy, BatchGroupBy, Aggregate, AggregateBy,
    Count, CountBy, Distinct, Avg, Sort, Limit, Collect, Repartition,
}

/// <summary>
/// One operation of a step graph: plain data plus the language's callbacks as delegates over
/// language records (object?). Which fields are set depends on <see cref="Kind"/>:
/// Map/FlatMap → Map; ForEach → ForEach; Filter → Filter; Accumulate → Accumulate;
/// LocalGroupBy/GroupBy → Extractor + Reducer; BatchGroupBy → Extractor + BatchReducer;
/// Aggregate → Zero + Accumulate (seqOp) + Combine (combOp); AggregateBy → Extractor + Zero +
/// Reducer (seqOp) + KeyedCombine (combOp); CountBy → Extractor (null: the record itself);
/// Avg → ToNumber (null: the language's float()); Sort → Reverse; Limit → Length + Offset;
/// Repartition → Extractor. Callbacks may throw: the exception becomes the record's error.
/// </summary>
public sealed class Step(StepKind kind)
{
    public StepKind Kind { get; } = kind;

    /// <summary>Shown as the step's "name" in RG.GETEXECUTION (the callback's name, e.g. "&lt;lambda&gt;").</summary>
    public string Name { get; init; } = "";

    /// <summary>Shown as the step's "arg" in RG.GETEXECUTION.</summary>
    public string Arg { get; init; } = "";

    public Func<object?, object?>? Map { get; init; }
    public Action<object?>? ForEach { get; init; }
    public Func<object?, bool>? Filter { get; init; }

    /// <summary>accumulate(a, r) and aggregate's seqOp; a starts as null.</summary>
    public Func<object?, object?, object?>? Accumulate { get; init; }

    /// <summary>aggregate's combOp(a, r).</summary>
    public Func<object?, object?, object?>? Combine { get; init; }

    /// <summary>Returns the group key of a record: already a string (the front end applies repr() to non-strings).</summary>
    public Func<object?, string>? Extractor { get; init; }

    /// <summary>groupby/localgroupby reducer(k, a, r) and aggregateby's seqOp.</summary>
    public Func<string, object?, object?, object?>? Reducer { get; init; }

    /// <summary>aggregateby's combOp(k, a, r).</summary>
    public Func<string, object?, object?, object?>? KeyedCombine { get; init; }

    /// <summary>batchgroupby reducer(k, records).</summary>
    public Func<string, List<object?>, object?>? BatchReducer { get; init; }

    /// <summary>A fresh copy of aggregate's zero (deepcopy(zero)), substituted for every falsy accumulator (quirk 3).</summary>
    public Func<object?>? Zero { get; init; }

    public Func<object?, double>? ToNumber { get; init; }
    public bool Reverse { get; init; } = true;
    public long Length { get; init; }
    public long Offset { get; init; }
}

/// <summary>
/// A gear as plain, language-neutral data: the reader, its default argument, the operations in
/// order, and the language whose callbacks and values the steps use. Front ends (C#, Python) build
/// it; the engine compiles and runs it.
/// </summary>
public sealed class StepGraph(ReaderKind reader, IGearsLanguage language)
{
    public ReaderKind Reader { get; } = reader;
    public IGearsLanguage Language { get; } = language;

    /// <summary>GB(reader, defaultArg): used by run() when no argument is given.</summary>
    public string DefaultArg { get; init; } = "*";

    /// <summary>GB(..., desc): shown as "desc" in RG.DUMPREGISTRATIONS.</summary>
    public string? Description { get; init; }

    public List<Step> Steps { get; } = new();
}
