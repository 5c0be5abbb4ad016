using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Tests;

/// <summary>
/// Random sequences of sorted set commands against a model: a member → score dictionary whose
/// order is (score, ordinal member bytes). Replies, contents and encodings must agree.
/// </summary>
public class SortedSetModelTests
{
    private sealed record Op(string Command, string[] Members, int[] Scores, int A, int B);

    private static readonly Gen<string> Members = Gen.OneOf(
        Gen.Choose(0, 40).Select(i => $"m{i}"),
        Gen.Elements("", "a", "B", "é", "m1\0", new string('x', 65)));

    private static readonly Gen<Op> Ops =
        from command in Gen.Frequency(
            (6, Gen.Constant("ZADD")), (2, Gen.Constant("ZADDXX")), (2, Gen.Constant("ZADDGT")), (2, Gen.Constant("ZINCRBY")),
            (3, Gen.Constant("ZREM")), (2, Gen.Constant("ZRANGE")), (2, Gen.Constant("ZRANGEBYSCORE")), (1, Gen.Constant("ZPOPMIN")),
            (1, Gen.Constant("ZPOPMAX")), (2, Gen.Constant("ZRANK")), (1, Gen.Constant("ZREMRANGEBYSCORE")),
            (1, Gen.Constant("ZREMRANGEBYRANK")), (1, Gen.Constant("ZCOUNT")), (1, Gen.Constant("BULK")))
        from members in Gen.ListOf(Members, 3).Select(l => l.ToArray())
        from scores in Gen.ListOf(Gen.Choose(-5, 5), 3).Select(l => l.ToArray())
        from a in Gen.Choose(-6, 6)
        from b in Gen.Choose(-6, 6)
        select new Op(command, members, scores, a, b);

    private static int Compare((string Member, double Score) x, (string Member, double Score) y)
    {
        int byScore = x.Score.CompareTo(y.Score);
        return byScore != 0 ? byScore : Encoding.UTF8.GetBytes(x.Member).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y.Member));
    }

    private static List<(string Member, double Score)> Ordered(Dictionary<string, double> model)
    {
        var entries = model.Select(e => (e.Key, e.Value)).ToList();
        entries.Sort(Compare);
        return entries;
    }

    private static string Format(double score) => score.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void SortedSetCommandsAgreeWithAModel()
    {
        Prop.ForAll(Arb.From(Gen.ListOf(Ops)), ops =>
        {
            using var t = new TestServer();
            var model = new Dictionary<string, double>();
            bool skiplist = false;
            foreach (var op in ops)
            {
                Apply(t, op, model, ref skiplist);
                if (model.Count == 0) skiplist = false;
                var ordered = Ordered(model);
                var expected = ordered.SelectMany(e => new[] { e.Member, Format(e.Score) }).ToArray();
                Assert.Equal(expected, t.Run("ZRANGE", "z", "0", "-1", "WITHSCORES").Items!.Select(i => i.Text).ToArray());
                if (model.Count > 0) Assert.Equal(skiplist ? "skiplist" : "listpack", t.Text("OBJECT", "ENCODING", "z"));
            }
        }).QuickCheckThrowOnFailure();
    }

    private static void Apply(TestServer t, Op op, Dictionary<string, double> model, ref bool skiplist)
    {
        var ordered = Ordered(model);
        switch (op.Command)
        {
            case "ZADD":
            case "BULK":
                var pairs = op.Command == "ZADD"
                    ? op.Members.Zip(op.Scores, (m, s) => (m, (double)s)).ToList()
                    : Enumerable.Range(op.A * 60 + 400, 60).Select(i => ($"bulk{i}", (double)(i % 7))).ToList();
                int added = 0;
                foreach (var (member, score) in pairs)
                {
                    if (!model.ContainsKey(member)) added++;
                    model[member] = score;
                    skiplist |= model.Count > SortedSetValue.MaxListpackEntries || Encoding.UTF8.GetByteCount(member) > SortedSetValue.MaxListpackValue;
                }
                Assert.Equal(added.ToString(), t.Text(["ZADD", "z", .. pairs.SelectMany(p => new[] { Format(p.Item2), p.Item1 })]));
                break;
            case "ZADDXX":
                int changed = 0;
                if (model.TryGetValue(op.Members[0], out double old) && old != op.Scores[0])
                {
                    model[op.Members[0]] = op.Scores[0];
                    changed = 1;
                }
                Assert.Equal(changed.ToString(), t.Text("ZADD", "z", "XX", "CH", op.Scores[0].ToString(), op.Members[0]));
                break;
            case "ZADDGT":
                bool exists = model.TryGetValue(op.Members[0], out double current);
                bool updates = !exists || op.Scores[0] > current;
                if (updates) model[op.Members[0]] = op.Scores[0];
                skiplist |= model.Count > SortedSetValue.MaxListpackEntries || Encoding.UTF8.GetByteCount(op.Members[0]) > SortedSetValue.MaxListpackValue;
                Assert.Equal(updates && (!exists || current != op.Scores[0]) ? "1" : "0",
                    t.Text("ZADD", "z", "GT", "CH", op.Scores[0].ToString(), op.Members[0]));
                break;
            case "ZINCRBY":
                model.TryGetValue(op.Members[0], out double before);
                model[op.Members[0]] = before + op.Scores[0];
                skiplist |= model.Count > SortedSetValue.MaxListpackEntries || Encoding.UTF8.GetByteCount(op.Members[0]) > SortedSetValue.MaxListpackValue;
                Assert.Equal(Format(before + op.Scores[0]), t.Text("ZINCRBY", "z", op.Scores[0].ToString(), op.Members[0]));
                break;
            case "ZREM":
                Assert.Equal(op.Members.Distinct().Count(model.Remove).ToString(), t.Text(["ZREM", "z", .. op.Members]));
                break;
            case "ZRANGE":
            {
                int n = ordered.Count;
                int start = op.A < 0 ? Math.Max(0, n + op.A) : op.A;
                int stop = op.B < 0 ? n + op.B : Math.Min(op.B, n - 1);
                var expected = start > stop || start >= n ? [] : ordered.Skip(start).Take(stop - start + 1).Select(e => e.Member).ToArray();
                Assert.Equal(expected, t.Run("ZRANGE", "z", op.A.ToString(), op.B.ToString()).Items!.Select(i => i.Text).ToArray());
                var reversed = Enumerable.Reverse(ordered).ToList();
                var expectedRev = start > stop || start >= n ? [] : reversed.Skip(start).Take(stop - start + 1).Select(e => e.Member).ToArray();
                Assert.Equal(expectedRev, t.Run("ZRANGE", "z", op.A.ToString(), op.B.ToString(), "REV").Items!.Select(i => i.Text).ToArray());
                break;
            }
            case "ZRANGEBYSCORE":
            {
                var inRange = ordered.Where(e => e.Score > op.A && e.Score <= op.B).ToList();
                var expected = inRange.Skip(1).Take(2).Select(e => e.Member).ToArray();
                Assert.Equal(expected, t.Run("ZRANGEBYSCORE", "z", $"({op.A}", op.B.ToString(), "LIMIT", "1", "2").Items!.Select(i => i.Text).ToArray());
                var expectedRev = Enumerable.Reverse(inRange).Select(e => e.Member).ToArray();
                Assert.Equal(expectedRev, t.Run("ZREVRANGEBYSCORE", "z", op.B.ToString(), $"({op.A}").Items!.Select(i => i.Text).ToArray());
                break;
            }
            case "ZCOUNT":
                Assert.Equal(ordered.Count(e => e.Score >= op.A && e.Score < op.B).ToString(), t.Text("ZCOUNT", "z", op.A.ToString(), $"({op.B}"));
                break;
            case "ZRANK":
            {
                int rank = ordered.FindIndex(e => e.Member == op.Members[0]);
                Assert.Equal(rank < 0 ? null : rank.ToString(), t.Text("ZRANK", "z", op.Members[0]));
                Assert.Equal(rank < 0 ? null : (ordered.Count - 1 - rank).ToString(), t.Text("ZREVRANK", "z", op.Members[0]));
                break;
            }
            case "ZPOPMIN":
            case "ZPOPMAX":
            {
                int count = Math.Abs(op.A);
                var taken = (op.Command == "ZPOPMIN" ? ordered : Enumerable.Reverse(ordered)).Take(count).ToList();
                foreach (var (member, _) in taken) model.Remove(member);
                var expected = taken.SelectMany(e => new[] { e.Member, Format(e.Score) }).ToArray();
                Assert.Equal(expected, t.Run(op.Command, "z", count.ToString()).Items!.Select(i => i.Text).ToArray());
                break;
            }
            case "ZREMRANGEBYSCORE":
            {
                var gone = ordered.Where(e => e.Score >= op.A && e.Score <= op.B).ToList();
                foreach (var (member, _) in gone) model.Remove(member);
                Assert.Equal(gone.Count.ToString(), t.Text("ZREMRANGEBYSCORE", "z", op.A.ToString(), op.B.ToString()));
                break;
            }
            case "ZREMRANGEBYRANK":
            {
                int n = ordered.Count;
                int start = op.A < 0 ? Math.Max(0, n + op.A) : op.A;
                int stop = op.B < 0 ? n + op.B : Math.Min(op.B, n - 1);
                var gone = start > stop || start >= n ? [] : ordered.Skip(start).Take(stop - start + 1).ToList();
                foreach (var (member, _) in gone) model.Remove(member);
                Assert.Equal(gone.Count.ToString(), t.Text("ZREMRANGEBYRANK", "z", op.A.ToString(), op.B.ToString()));
                break;
            }
        }
    }

    /// <summary>
    /// The tree under a sorted set, big enough for three levels, through random insertions and
    /// removals at random ranks, against a List.
    /// </summary>
    [Fact]
    public void ScoreTreeKeepsOrderAndRanksThroughSplitsAndMerges()
    {
        var random = new Random(7);
        var tree = new ScoreTree();
        var list = new List<ZEntry>();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 12000; i++)
            {
                int rank = random.Next(list.Count + 1);
                var entry = new ZEntry(BitConverter.GetBytes(i), i);
                tree.Insert(rank, entry);
                list.Insert(rank, entry);
            }
            Check(tree, list, random);
            int removals = list.Count - (round == 2 ? 0 : 3000);
            for (int i = 0; i < removals; i++)
            {
                int rank = random.Next(list.Count);
                tree.RemoveAt(rank);
                list.RemoveAt(rank);
            }
            Check(tree, list, random);
        }
        Assert.Equal(0, tree.Count);
    }

    private static void Check(ScoreTree tree, List<ZEntry> list, Random random)
    {
        Assert.Equal(list.Count, tree.Count);
        int index = 0;
        for (var at = tree.At(0); at.IsValid; at.MoveNext()) Assert.Equal(list[index++].Score, at.Current.Score);
        Assert.Equal(list.Count, index);
        for (var at = tree.At(list.Count - 1); at.IsValid; at.MovePrevious()) Assert.Equal(list[--index].Score, at.Current.Score);
        for (int i = 0; i < 200 && list.Count > 0; i++)
        {
            int rank = random.Next(list.Count);
            Assert.Equal(list[rank].Score, tree[rank].Score);
        }
    }
}
