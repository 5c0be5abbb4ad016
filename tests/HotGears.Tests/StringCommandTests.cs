namespace HotGears.Tests;

public class StringCommandTests
{
    [Fact]
    public void SetThenGetReturnsTheValue()
    {
        using var t = new TestServer();
        Assert.Equal("OK", t.Text("SET", "k", "v"));
        Assert.Equal("v", t.Text("GET", "k"));
        Assert.Null(t.Text("GET", "missing"));
    }

    [Fact]
    public void IncrCountsAndRejectsNonIntegers()
    {
        using var t = new TestServer();
        Assert.Equal("1", t.Text("INCR", "n"));
        Assert.Equal("11", t.Text("INCRBY", "n", "10"));
        t.Run("SET", "s", "abc");
        Assert.Equal("ERR value is not an integer or out of range", t.Text("INCR", "s"));
        t.Run("SET", "max", long.MaxValue.ToString());
        Assert.Equal("ERR increment or decrement would overflow", t.Text("INCR", "max"));
    }
}
