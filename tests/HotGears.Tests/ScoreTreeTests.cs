using HotGears.Engine.Keyspace;
using Xunit;

namespace HotGears.Tests;

/// <summary>The B+-tree of sorted sets against a plain sorted list, at sizes that need several levels.</summary>
public class ScoreTreeTests
{
    private readonly struct Below(double score, int member) : IEntryBound
    {
        public bool IsBefore(in ZEntry entry) =>
            entry.Score < score || (entry.Score == score && BitConverter.ToInt32(entry.Member) < member);
    }

    [Fact]
    public void Random_inserts_and_removals_keep_order_ranks_and_searches()
    {
        var random = new Random(7);
        var tree = new ScoreTree();
        var model = new List<(double Score, int Member)>();
        int next = 0;
        for (int step = 0; step < 60_000; step++)
        {
            // Grow to about 20,000 entries (three levels), then shrink, so merges and moves run too.
            bool insert = model.Count == 0 || random.NextDouble() < (step < 40_000 ? 0.7 : 0.2);
            if (insert)
            {
                double score = random.Next(0, 500); // many ties: members order them
                int member = next++;
                int rank = tree.CountBefore(new Below(score, member));
                int expected = model.BinarySearch((score, member));
                Assert.Equal(~expected, rank);
                tree.Insert(rank, new ZEntry(BitConverter.GetBytes(member), score));
                model.Insert(rank, (score, member));
            }
            else
            {
                int rank = random.Next(model.Count);
                tree.RemoveAt(rank);
                model.RemoveAt(rank);
            }
            if (step % 5_000 == 0) AssertSame(tree, model);
        }
        AssertSame(tree, model);
    }

    private static void AssertSame(ScoreTree tree, List<(double Score, int Member)> model)
    {
        Assert.Equal(model.Count, tree.Count);
        var cursor = tree.At(0);
        foreach (var (score, member) in model)
        {
            Assert.Equal(score, cursor.Current.Score);
            Assert.Equal(member, BitConverter.ToInt32(cursor.Current.Member));
            Assert.Equal(model.BinarySearch((score, member)), tree.CountBefore(new Below(score, member)));
            cursor.MoveNext();
        }
        Assert.False(cursor.IsValid);
    }
}
