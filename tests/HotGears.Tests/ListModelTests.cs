using FsCheck;
using FsCheck.Fluent;

namespace HotGears.Tests;

/// <summary>
/// Random sequences of list commands over two keys against List&lt;string&gt; models: every reply
/// and the final contents must agree, and an emptied list must be gone. Pushing runs of elements
/// grows and shrinks the ring buffer across its wrap-around.
/// </summary>
public class ListModelTests
{
    private sealed record Op(string Command, string Key, string Other, string[] Elements, int Number, int Second);

    private static readonly string[] Keys = ["a", "b"];

    private static readonly Gen<Op> Ops =
        from command in Gen.Frequency(
            (5, Gen.Constant("LPUSH")), (5, Gen.Constant("RPUSH")), (3, Gen.Constant("LPOP")), (3, Gen.Constant("RPOP")),
            (2, Gen.Constant("LPOPN")), (2, Gen.Constant("RPOPN")), (2, Gen.Constant("LINDEX")), (2, Gen.Constant("LSET")),
            (2, Gen.Constant("LINSERT")), (2, Gen.Constant("LREM")), (2, Gen.Constant("LTRIM")), (2, Gen.Constant("LRANGE")),
            (2, Gen.Constant("LPOS")), (2, Gen.Constant("LMOVE")))
        from key in Gen.Elements(Keys)
        from other in Gen.Elements(Keys)
        from elements in Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Elements("x", "y", "z", "w"), n))
        from number in Gen.Choose(-8, 8)
        from second in Gen.Choose(-8, 8)
        select new Op(command, key, other, elements, number, second);

    [Fact]
    public void ListCommandsAgreeWithLists()
    {
        Prop.ForAll(Arb.From(Gen.ListOf(Ops)), ops =>
        {
            using var t = new TestServer();
            var model = Keys.ToDictionary(k => k, _ => new List<string>());
            foreach (var op in ops)
            {
                Apply(t, op, model);
                foreach (var key in Keys)
                    Assert.Equal(model[key].Count > 0 ? "1" : "0", t.Text("EXISTS", key));
            }
            foreach (var key in Keys)
            {
                Assert.Equal(model[key], t.Texts("LRANGE", key, "0", "-1"));
                Assert.Equal(model[key].Count.ToString(), t.Text("LLEN", key));
            }
        }).QuickCheckThrowOnFailure();
    }

    private static void Apply(TestServer t, Op op, Dictionary<string, List<string>> model)
    {
        var list = model[op.Key];
        string n = op.Number.ToString(), m = op.Second.ToString();
        switch (op.Command)
        {
            case "LPUSH":
                foreach (var e in op.Elements) list.Insert(0, e);
                Assert.Equal(list.Count.ToString(), t.Text(["LPUSH", op.Key, .. op.Elements]));
                break;
            case "RPUSH":
                list.AddRange(op.Elements);
                Assert.Equal(list.Count.ToString(), t.Text(["RPUSH", op.Key, .. op.Elements]));
                break;
            case "LPOP" or "RPOP":
                int at = op.Command == "LPOP" ? 0 : list.Count - 1;
                Assert.Equal(list.Count == 0 ? null : list[at], t.Text(op.Command, op.Key));
                if (list.Count > 0) list.RemoveAt(at);
                break;
            case "LPOPN" or "RPOPN":
                int count = Math.Min(Math.Abs(op.Number), list.Count);
                var expected = op.Command == "LPOPN" ? list.Take(count) : Enumerable.Reverse(list).Take(count);
                var reply = t.Run(op.Command[..4], op.Key, Math.Abs(op.Number).ToString());
                if (list.Count == 0) Assert.True(reply.IsNull);
                else Assert.Equal(expected.ToList(), reply.Items!.Select(i => i.Text!));
                list.RemoveRange(op.Command == "LPOPN" ? 0 : list.Count - count, count);
                break;
            case "LINDEX":
                int index = op.Number < 0 ? list.Count + op.Number : op.Number;
                Assert.Equal(index >= 0 && index < list.Count ? list[index] : null, t.Text("LINDEX", op.Key, n));
                break;
            case "LSET":
                index = op.Number < 0 ? list.Count + op.Number : op.Number;
                bool inRange = index >= 0 && index < list.Count;
                Assert.Equal(list.Count == 0 ? "ERR no such key" : inRange ? "OK" : "ERR index out of range",
                    t.Text("LSET", op.Key, n, op.Elements[0]));
                if (inRange) list[index] = op.Elements[0];
                break;
            case "LINSERT":
                int pivot = list.IndexOf(op.Elements[0]);
                bool after = op.Number >= 0;
                if (pivot >= 0) list.Insert(after ? pivot + 1 : pivot, op.Elements[^1]);
                Assert.Equal((list.Count == 0 ? 0 : pivot < 0 ? -1 : list.Count).ToString(),
                    t.Text("LINSERT", op.Key, after ? "AFTER" : "BEFORE", op.Elements[0], op.Elements[^1]));
                break;
            case "LREM":
                Assert.Equal(RemoveMatching(list, op.Elements[0], op.Number).ToString(), t.Text("LREM", op.Key, n, op.Elements[0]));
                break;
            case "LTRIM":
                var (first, length) = Range(list.Count, op.Number, op.Second);
                Assert.Equal("OK", t.Text("LTRIM", op.Key, n, m));
                model[op.Key] = list.GetRange(first, length);
                break;
            case "LRANGE":
                (first, length) = Range(list.Count, op.Number, op.Second);
                Assert.Equal(list.GetRange(first, length), t.Texts("LRANGE", op.Key, n, m));
                break;
            case "LPOS":
                int rank = op.Number == 0 ? 1 : op.Number;
                var matches = Enumerable.Range(0, list.Count).Where(i => list[i] == op.Elements[0]).ToList();
                if (rank < 0) matches.Reverse();
                var found = matches.Skip(Math.Abs(rank) - 1).Take(Math.Abs(op.Second)).Select(i => i.ToString());
                Assert.Equal(op.Second == 0 ? matches.Skip(Math.Abs(rank) - 1).Select(i => i.ToString()) : found,
                    t.Texts("LPOS", op.Key, op.Elements[0], "RANK", rank.ToString(), "COUNT", Math.Abs(op.Second).ToString()));
                break;
            case "LMOVE":
                string from = op.Number < 0 ? "LEFT" : "RIGHT", to = op.Second < 0 ? "LEFT" : "RIGHT";
                string? moved = list.Count == 0 ? null : from == "LEFT" ? list[0] : list[^1];
                Assert.Equal(moved, t.Text("LMOVE", op.Key, op.Other, from, to));
                if (moved == null) break;
                list.RemoveAt(from == "LEFT" ? 0 : list.Count - 1);
                var target = model[op.Other];
                if (to == "LEFT") target.Insert(0, moved);
                else target.Add(moved);
                break;
        }
    }

    private static int RemoveMatching(List<string> list, string element, int count)
    {
        int removed = 0;
        for (int i = count < 0 ? list.Count - 1 : 0; i >= 0 && i < list.Count && (count == 0 || removed < Math.Abs(count));)
        {
            if (list[i] == element)
            {
                list.RemoveAt(i);
                removed++;
                if (count < 0) i--;
            }
            else i += count < 0 ? -1 : 1;
        }
        return removed;
    }

    private static (int First, int Length) Range(int count, int start, int stop)
    {
        if (start < 0) start += count;
        if (stop < 0) stop += count;
        start = Math.Max(start, 0);
        if (start > stop || start >= count) return (0, 0);
        stop = Math.Min(stop, count - 1);
        return (start, stop - start + 1);
    }
}
