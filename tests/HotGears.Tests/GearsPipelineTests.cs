using HotGears.Engine.Gears;
using static HotGears.Tests.GearsTestKit;

namespace HotGears.Tests;

/// <summary>The pipeline compiler: each operation, the quirks of spec §9, errors per record.</summary>
public class GearsPipelineTests
{
    private static object?[] Longs(params long[] values) => values.Select(v => (object?)v).ToArray();

    [Fact]
    public void MapFilterForEachFuse()
    {
        var seen = new List<object?>();
        var (results, errors) = RunOver(Longs(1, 2, 3, 4),
            new Step(StepKind.Map) { Map = r => (long)r! * 10 },
            new Step(StepKind.Filter) { Filter = r => (long)r! > 15 },
            new Step(StepKind.ForEach) { ForEach = seen.Add });
        Assert.Equal(Longs(20, 30, 40), results);
        Assert.Equal(Longs(20, 30, 40), seen);
        Assert.Empty(errors);
    }

    [Fact]
    public void FlatMapEmitsListsLastToFirstAndOtherValuesWhole()
    {
        var (results, _) = RunOver(["ab", "x", ""],
            new Step(StepKind.FlatMap) { Map = r => ((string)r!).Length == 2 ? new List<object?> { "a", "b" } : ((string)r!).Length == 0 ? new List<object?>() : r });
        Assert.Equal(new object?[] { "b", "a", "x" }, results);
    }

    [Fact]
    public void ErrorsDropTheRecordAndTheRunGoesOn()
    {
        var (results, errors) = RunOver(Longs(1, 0, 2),
            new Step(StepKind.Map) { Map = r => 10 / (long)r! });
        Assert.Equal(Longs(10, 5), results);
        Assert.Equal(["Attempted to divide by zero."], errors);
    }

    [Fact]
    public void LimitSkipsOffsetAndTakesLength()
    {
        var (results, _) = RunOver(Longs(1, 2, 3, 4, 5), new Step(StepKind.Limit) { Length = 2, Offset = 1 });
        Assert.Equal(Longs(2, 3), results);
    }

    [Fact]
    public void AccumulateEmitsNothingForNoInputAndResetsOnError()
    {
        var sum = new Step(StepKind.Accumulate) { Accumulate = (a, r) => (long)r! == 99 ? throw new InvalidOperationException("boom") : (a == null ? 0 : (long)a) + (long)r! };
        Assert.Empty(RunOver([], sum).Results);
        var (results, errors) = RunOver(Longs(1, 2, 99, 5), sum);
        Assert.Equal(Longs(5), results); // reset by the failure, then 5
        Assert.Equal(["boom"], errors);
        // A callback returning null still makes a record.
        Assert.Equal([null], RunOver(Longs(1), new Step(StepKind.Accumulate) { Accumulate = (_, _) => null }).Results);
    }

    [Fact]
    public void CountCountsAndIsEmptyForNoInput()
    {
        Assert.Equal(Longs(3), RunOver(["a", "b", "c"], new Step(StepKind.Count)).Results);
        Assert.Empty(RunOver([], new Step(StepKind.Count)).Results);
    }

    [Fact]
    public void CountByKeysAreStrings()
    {
        var (results, _) = RunOver(Longs(100, 100, 7), true, new Step(StepKind.CountBy));
        Assert.Equal(new object?[] { "{'key': '100', 'value': 2}", "{'key': '7', 'value': 1}" }, results);
        var (byLength, _) = RunOver(["aa", "b", "cc"], true, new Step(StepKind.CountBy) { Extractor = r => ((string)r!).Length.ToString() });
        Assert.Equal(new object?[] { "{'key': '2', 'value': 2}", "{'key': '1', 'value': 1}" }, byLength);
    }

    [Fact]
    public void GroupByReducesPerKey()
    {
        var step = new Step(StepKind.GroupBy)
        {
            Extractor = r => ((string)r!)[..1],
            Reducer = (k, a, r) => (a == null ? 0 : (long)a) + ((string)r!).Length,
        };
        var (results, _) = RunOver(["ab", "abc", "b"], true, step);
        Assert.Equal(new object?[] { "{'key': 'a', 'value': 5}", "{'key': 'b', 'value': 1}" }, results);
        var local = new Step(StepKind.LocalGroupBy) { Extractor = step.Extractor, Reducer = step.Reducer };
        Assert.Equal(results, RunOver(["ab", "abc", "b"], true, local).Results);
    }

    [Fact]
    public void BatchGroupByGetsEachKeysRecords()
    {
        var (results, _) = RunOver(["a1", "b1", "a2"], true, new Step(StepKind.BatchGroupBy)
        {
            Extractor = r => ((string)r!)[..1],
            BatchReducer = (k, records) => (long)records.Count,
        });
        Assert.Equal(new object?[] { "{'key': 'a', 'value': 2}", "{'key': 'b', 'value': 1}" }, results);
    }

    [Fact]
    public void AggregateReplacesAFalsyAccumulatorWithZero()
    {
        int zeros = 0;
        var step = new Step(StepKind.Aggregate)
        {
            Zero = () => { zeros++; return 0L; },
            Accumulate = (a, r) => (long)a! + (long)r!,
            Combine = (a, r) => (long)a! + (long)r!,
        };
        Assert.Equal(Longs(6), RunOver(Longs(1, 2, 3), step).Results);
        Assert.Equal(2, zeros); // once for the first seqOp, once for the combOp
        // Records summing back to 0 make the accumulator falsy: zero() again (quirk 3).
        zeros = 0;
        Assert.Equal(Longs(5), RunOver(Longs(1, -1, 5), step).Results);
        Assert.Equal(3, zeros);
        Assert.Empty(RunOver([], step).Results);
    }

    [Fact]
    public void AggregateByGroupsWithZero()
    {
        var (results, _) = RunOver(["a", "b", "a"], true, new Step(StepKind.AggregateBy)
        {
            Extractor = r => (string)r!,
            Zero = () => 0L,
            Reducer = (k, a, r) => (long)a! + 1,
            KeyedCombine = (k, a, r) => (long)a! + (long)r!,
        });
        Assert.Equal(new object?[] { "{'key': 'a', 'value': 2}", "{'key': 'b', 'value': 1}" }, results);
    }

    [Fact]
    public void DistinctKeepsOneOfEachAndAnUnhashableRecordResetsIt()
    {
        Assert.Equal(new object?[] { "a", "b" }, RunOver(["a", "b", "a"], new Step(StepKind.Distinct)).Results);
        var (results, errors) = RunOver(["a", new List<object?>(), "b"], new Step(StepKind.Distinct));
        Assert.Equal(new object?[] { "b" }, results);
        Assert.Single(errors);
    }

    [Fact]
    public void AvgOfFloats()
    {
        Assert.Equal(new object?[] { 2.5 }, RunOver(["1", "4"], new Step(StepKind.Avg)).Results);
        Assert.Empty(RunOver([], new Step(StepKind.Avg)).Results);
        var (results, errors) = RunOver(["2", null], new Step(StepKind.Avg));
        Assert.Equal(new object?[] { 2.0 }, results);
        Assert.Single(errors);
    }

    [Fact]
    public void SortDefaultComesOutAscending()
    {
        Assert.Equal(new object?[] { "hash", "list", "set", "string", "zset" },
            RunOver(["zset", "hash", "string", "list", "set"], new Step(StepKind.Sort)).Results);
        Assert.Equal(Longs(3, 2, 1), RunOver(Longs(2, 3, 1), new Step(StepKind.Sort) { Reverse = false }).Results);
        var (results, errors) = RunOver(["a", 1L], new Step(StepKind.Sort));
        Assert.Empty(results);
        Assert.Single(errors);
    }

    [Fact]
    public void ConvertToStrRendersEveryResult()
    {
        Assert.Equal(new object?[] { "1", "None", "x" }, RunOver([1L, null, "x"], true).Results);
    }

    [Fact]
    public void StepsAreListedAsRedisGearsLowersThem()
    {
        var plan = HotGears.Engine.Gears.Pipeline.PipelinePlan.Compile(Graph(ReaderKind.KeysReader,
            new Step(StepKind.Map) { Map = r => r, Name = "f" }, new Step(StepKind.Count)), convertToStr: true, collect: true);
        Assert.Equal(["map", "map", "accumulate", "collect", "accumulate", "map", "collect"], plan.Steps.Select(s => s.Type));
        Assert.Equal("f", plan.Steps[1].Name);
    }
}
