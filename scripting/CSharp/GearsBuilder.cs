using HotGears.Engine.Gears;
using static HotGears.Scripting.CSharp.Callbacks;

namespace HotGears.Scripting.CSharp;

/// <summary>
/// RedisGears' GearsBuilder for C# gears, typed by the records flowing out of the last step: each
/// operation appends a Step (spec §2.2) to the shared step graph — wrapping the typed callback in
/// the engine's object?-typed delegate — and returns the builder of its output records. As in
/// Python, all builders of one GB() share the graph, so <c>var gb = GB(); gb.Map(f); gb.Run();</c>
/// runs the map. Group keys are strings: the extractor's result, or its Python repr() (spec §9.4).
/// </summary>
public sealed partial class GearsBuilder<TRecord>
{
    private readonly IGearsActions _actions;

    internal GearsBuilder(StepGraph graph, IGearsActions actions)
    {
        Graph = graph;
        _actions = actions;
    }

    internal StepGraph Graph { get; }

    public GearsBuilder<TOut> Map<TOut>(Func<TRecord, TOut> f) =>
        Then<TOut>(new Step(StepKind.Map) { Name = Name(f), Map = r => f(As<TRecord>(r)) });

    /// <summary>1:N. The engine emits the items last to first, as RedisGears does (spec §9.1); null passes as one record.</summary>
    public GearsBuilder<TOut> FlatMap<TOut>(Func<TRecord, IEnumerable<TOut>?> f) =>
        Then<TOut>(new Step(StepKind.FlatMap)
        {
            Name = Name(f),
            Map = r => f(As<TRecord>(r)) is { } items ? items.Select(item => (object?)item).ToList() : null,
        });

    public GearsBuilder<TRecord> ForEach(Action<TRecord> f) =>
        Then<TRecord>(new Step(StepKind.ForEach) { Name = Name(f), ForEach = r => f(As<TRecord>(r)) });

    public GearsBuilder<TRecord> Filter(Func<TRecord, bool> f) =>
        Then<TRecord>(new Step(StepKind.Filter) { Name = Name(f), Filter = r => f(As<TRecord>(r)) });

    /// <summary>a = f(a, r); a starts as default(TAcc) (None in Python). Emits nothing for no input.</summary>
    public GearsBuilder<TAcc> Accumulate<TAcc>(Func<TAcc, TRecord, TAcc> f) =>
        Then<TAcc>(new Step(StepKind.Accumulate) { Name = Name(f), Accumulate = (a, r) => f(As<TAcc>(a), As<TRecord>(r)) });

    public GearsBuilder<GroupRecord> LocalGroupBy<TAcc>(Func<TRecord, object?> extractor, Func<string, TAcc, TRecord, TAcc> reducer) =>
        Then<GroupRecord>(Grouping(StepKind.LocalGroupBy, extractor, reducer));

    public GearsBuilder<GroupRecord> GroupBy<TAcc>(Func<TRecord, object?> extractor, Func<string, TAcc, TRecord, TAcc> reducer) =>
        Then<GroupRecord>(Grouping(StepKind.GroupBy, extractor, reducer));

    public GearsBuilder<GroupRecord> BatchGroupBy<TOut>(Func<TRecord, object?> extractor, Func<string, IReadOnlyList<TRecord>, TOut> reducer) =>
        Then<GroupRecord>(new Step(StepKind.BatchGroupBy)
        {
            Name = Name(reducer),
            Extractor = Extractor(extractor),
            BatchReducer = (k, records) => reducer(k, records.ConvertAll(As<TRecord>)),
        });

    /// <summary>seqOp per record and combOp over the partial results, each starting from a deep copy of zero (which also replaces every falsy accumulator, spec §9.3).</summary>
    public GearsBuilder<TAcc> Aggregate<TAcc>(TAcc zero, Func<TAcc, TRecord, TAcc> seqOp, Func<TAcc, TAcc, TAcc> combOp) =>
        Then<TAcc>(new Step(StepKind.Aggregate)
        {
            Name = Name(seqOp),
            Zero = () => DeepCopy(zero),
            Accumulate = (a, r) => seqOp(As<TAcc>(a), As<TRecord>(r)),
            Combine = (a, r) => combOp(As<TAcc>(a), As<TAcc>(r)),
        });

    public GearsBuilder<GroupRecord> AggregateBy<TAcc>(Func<TRecord, object?> extractor, TAcc zero,
        Func<string, TAcc, TRecord, TAcc> seqOp, Func<string, TAcc, TAcc, TAcc> combOp) =>
        Then<GroupRecord>(new Step(StepKind.AggregateBy)
        {
            Name = Name(seqOp),
            Extractor = Extractor(extractor),
            Zero = () => DeepCopy(zero),
            Reducer = (k, a, r) => seqOp(k, As<TAcc>(a), As<TRecord>(r)),
            KeyedCombine = (k, a, r) => combOp(k, As<TAcc>(a), As<TAcc>(r)),
        });

    /// <summary>The number of records; no record at all for no input (spec §9.2).</summary>
    public GearsBuilder<long> Count() => Then<long>(new Step(StepKind.Count));

    /// <summary>{key, value: count} per key (the record itself, repr()'d unless a string, without an extractor).</summary>
    public GearsBuilder<GroupRecord> CountBy(Func<TRecord, object?>? extractor = null) =>
        Then<GroupRecord>(new Step(StepKind.CountBy) { Extractor = Extractor(extractor ?? (r => r)) });

    public GearsBuilder<TRecord> Distinct() => Then<TRecord>(new Step(StepKind.Distinct));

    /// <summary>The mean of extractor(r), float(r) without one.</summary>
    public GearsBuilder<double> Avg(Func<TRecord, double>? extractor = null) =>
        Then<double>(new Step(StepKind.Avg) { ToNumber = extractor is null ? null : r => extractor(As<TRecord>(r)) });

    /// <summary>Python's sort(reverse=True): observably ascending by default (spec §9.1).</summary>
    public GearsBuilder<TRecord> Sort(bool reverse = true) => Then<TRecord>(new Step(StepKind.Sort) { Reverse = reverse });

    public GearsBuilder<TRecord> Limit(long length, long offset = 0) =>
        Then<TRecord>(new Step(StepKind.Limit) { Length = length, Offset = offset });

    public GearsBuilder<TRecord> Collect() => Then<TRecord>(new Step(StepKind.Collect));

    public GearsBuilder<TRecord> Repartition(Func<TRecord, object?> extractor) =>
        Then<TRecord>(new Step(StepKind.Repartition) { Name = Name(extractor), Extractor = Extractor(extractor) });

    private GearsBuilder<TOut> Then<TOut>(Step step)
    {
        Graph.Steps.Add(step);
        return this is GearsBuilder<TOut> same ? same : new GearsBuilder<TOut>(Graph, _actions);
    }

    private static Func<object?, string> Extractor(Func<TRecord, object?> extractor) => r => Key(extractor(As<TRecord>(r)));

    private static Step Grouping<TAcc>(StepKind kind, Func<TRecord, object?> extractor, Func<string, TAcc, TRecord, TAcc> reducer) =>
        new(kind)
        {
            Name = Name(reducer),
            Extractor = Extractor(extractor),
            Reducer = (k, a, r) => reducer(k, As<TAcc>(a), As<TRecord>(r)),
        };
}
