using HotGears.Scripting.CSharp;

namespace HotGears.Tests;

public class CSharpGearsCacheTests
{
    [Fact]
    public void The_least_recently_used_entry_leaves_at_the_bound()
    {
        var cache = new BoundedCache<string, object>(2);
        int made = 0;
        object Make(string _) { made++; return new object(); }
        var a = cache.GetOrAdd("a", Make);
        cache.GetOrAdd("b", Make);
        Assert.Same(a, cache.GetOrAdd("a", Make)); // a is now the most recent
        cache.GetOrAdd("c", Make);                 // b leaves
        Assert.Equal(2, cache.Count);
        Assert.Same(a, cache.GetOrAdd("a", Make));
        Assert.Equal(3, made);
        cache.GetOrAdd("b", Make);
        Assert.Equal(4, made);
    }

    [Fact]
    public void Concurrent_callers_for_one_key_share_one_value()
    {
        var cache = new BoundedCache<string, object>(4);
        int made = 0;
        var values = Enumerable.Range(0, 8).AsParallel().Select(_ => cache.GetOrAdd("k", _ =>
        {
            Interlocked.Increment(ref made);
            Thread.Sleep(50);
            return new object();
        })).ToList();
        Assert.Equal(1, made);
        Assert.All(values, v => Assert.Same(values[0], v));
    }
}
