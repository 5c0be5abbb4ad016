using FsCheck;
using FsCheck.Fluent;
using HotGears.Engine.Gears;
using static HotGears.Tests.GearsTestKit;

namespace HotGears.Tests;

/// <summary>
/// A random step graph over random records gives the same results and errors compiled (fused
/// sinks) as through a reference interpreter that materializes a list per step.
/// </summary>
public class GearsPipelinePropertyTests
{
    private static readonly GearsTestLanguage Language = GearsTestLanguage.Instance;

    /// <summary>A step and what the reference does with it: (records, errors) → records.</summary>
    private sealed record Op(Step Step, Func<List<object?>, List<string>, List<object?>> Reference);

    private static object? Times(object? v, long k) => v is long l ? l == 13 ? throw new InvalidOperationException("thirteen") : l * k % 1000 : v;

    private static Op RandomOp(Random random)
    {
        switch (random.Next(10))
        {
            case 0:
                long k = random.Next(1, 5);
                return new Op(new Step(StepKind.Map) { Map = v => Times(v, k) }, (records, errors) =>
                {
                    var output = new List<object?>();
                    foreach (var r in records)
                    {
                        if (r is 13L) errors.Add("thirteen");
                        else output.Add(Times(r, k));
                    }
                    return output;
                });
            case 1:
                long m = random.Next(2, 5);
                Func<object?, bool> keep = v => v is not long l || l % m != 0;
                return new Op(new Step(StepKind.Filter) { Filter = keep }, (records, _) => records.Where(keep).ToList());
            case 2:
                Func<object?, object?> split = v => v is long l && l % 2 == 0 ? new List<object?> { l, l / 2 } : v;
                return new Op(new Step(StepKind.FlatMap) { Map = split }, (records, _) =>
                    records.SelectMany(r => split(r) is List<object?> list ? Enumerable.Reverse(list) : [r]).ToList());
            case 3:
                int length = random.Next(0, 20), offset = random.Next(0, 5);
                return new Op(new Step(StepKind.Limit) { Length = length, Offset = offset }, (records, _) => records.Skip(offset).Take(length).ToList());
            case 4:
                Func<object?, object?, object?> sum = (a, r) => (a is long x ? x : 0) + (r is long l ? l : 1);
                return new Op(new Step(StepKind.Accumulate) { Accumulate = sum }, (records, _) =>
                    records.Count == 0 ? [] : [records.Aggregate((object?)null, (a, r) => sum(a, r))]);
            case 5:
                return new Op(new Step(StepKind.Count), (records, _) => records.Count == 0 ? [] : [(long)records.Count]);
            case 6:
                return new Op(new Step(StepKind.CountBy), (records, _) =>
                    records.GroupBy(Language.ToStr).Select(g => (object?)new GroupRecord(g.Key, (long)g.Count())).ToList());
            case 7:
                return new Op(new Step(StepKind.Distinct), (records, _) => records.DistinctBy(r => Language.DistinctKey(r)).ToList());
            case 8:
                bool reverse = random.Next(2) == 0;
                return new Op(new Step(StepKind.Sort) { Reverse = reverse }, (records, errors) =>
                {
                    if (records.Count >= 2 && records.Any(r => r is not long))
                    {
                        errors.Add("'<' not supported");
                        return [];
                    }
                    // sorted(reverse) is stable; the flatmap then emits it last to first.
                    var sorted = reverse ? records.OrderByDescending(r => (long)r!).ToList() : records.OrderBy(r => (long)r!).ToList();
                    sorted.Reverse();
                    return sorted;
                });
            default:
                return new Op(new Step(StepKind.Collect), (records, _) => records);
        }
    }

    [Fact]
    public void CompiledPipelineMatchesTheReferenceInterpreter()
    {
        Prop.ForAll<int>(seed =>
        {
            var random = new Random(seed);
            var records = Enumerable.Range(0, random.Next(0, 60)).Select(_ => (object?)(long)random.Next(0, 30)).ToList();
            var ops = Enumerable.Range(0, random.Next(1, 6)).Select(_ => RandomOp(random)).ToList();

            var expectedErrors = new List<string>();
            var expected = ops.Aggregate(records, (current, op) => op.Reference(current, expectedErrors));
            var (results, errors) = RunOver(records, ops.Select(o => o.Step).ToArray());

            return expected.Select(Language.ToStr).SequenceEqual(results.Select(Language.ToStr))
                && expectedErrors.Order().SequenceEqual(errors.Order());
        }).QuickCheckThrowOnFailure();
    }
}
