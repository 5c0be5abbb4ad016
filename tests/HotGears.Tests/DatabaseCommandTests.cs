namespace HotGears.Tests;

/// <summary>DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, SELECT; expected replies were checked against redis-server 7.0.15.</summary>
public class DatabaseCommandTests
{
    [Fact]
    public void FlushDbEmptiesOnlyTheSelectedDatabase()
    {
        using var t = new TestServer();
        t.Run("SET", "a", "1");
        t.Run("SELECT", "1");
        t.Run("SET", "b", "1");
        t.Run("SET", "c", "1");
        Assert.Equal("2", t.Text("DBSIZE"));
        Assert.Equal("OK", t.Text("FLUSHDB", "async"));
        Assert.Equal("0", t.Text("DBSIZE"));
        t.Run("SELECT", "0");
        Assert.Equal("1", t.Text("DBSIZE"));
        Assert.Equal("ERR syntax error", t.Text("FLUSHDB", "x"));
        Assert.Equal("ERR syntax error", t.Text("FLUSHDB", "async", "sync"));
        Assert.Equal("OK", t.Text("FLUSHALL", "SYNC"));
        Assert.Equal("0", t.Text("DBSIZE"));
        Assert.Equal("ERR syntax error", t.Text("FLUSHALL", "now"));
    }

    [Fact]
    public void FlushedDatabaseStillTracksAccess()
    {
        using var t = new TestServer();
        t.Run("FLUSHALL");
        t.Run("SET", "k", "v");
        Assert.Equal("0", t.Text("OBJECT", "IDLETIME", "k"));
    }

    [Fact]
    public void SwapDbExchangesContentsUnderTheSameNumbers()
    {
        using var t = new TestServer();
        t.Run("SET", "zero", "0");
        t.Run("SELECT", "1");
        t.Run("SET", "one", "1");
        Assert.Equal("OK", t.Text("SWAPDB", "0", "1"));
        Assert.Equal("0", t.Text("GET", "zero")); // still on database 1, which now holds the old 0
        Assert.Equal("OK", t.Text("SWAPDB", "1", "1"));
        Assert.Equal("ERR invalid first DB index", t.Text("SWAPDB", "x", "1"));
        Assert.Equal("ERR invalid first DB index", t.Text("SWAPDB", "4294967296", "1"));
        Assert.Equal("ERR invalid second DB index", t.Text("SWAPDB", "0", "x"));
        Assert.Equal("ERR DB index is out of range", t.Text("SWAPDB", "0", "16"));
        Assert.Equal("ERR DB index is out of range", t.Text("SWAPDB", "-1", "0"));
    }

    [Fact]
    public void SelectReportsIndexErrorsAsRedis()
    {
        using var t = new TestServer();
        Assert.Equal("ERR DB index is out of range", t.Text("SELECT", "16"));
        Assert.Equal("ERR DB index is out of range", t.Text("SELECT", "-1"));
        Assert.Equal("ERR value is out of range, value must between -2147483648 and 2147483647", t.Text("SELECT", "4294967296"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("SELECT", "x"));
    }
}
