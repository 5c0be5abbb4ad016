using FsCheck;
using FsCheck.Fluent;

namespace HotGears.Tests;

/// <summary>KEYS and SCAN; expected replies were checked against redis-server 7.0.15.</summary>
public class KeyScanCommandTests
{
    [Fact]
    public void KeysMatchesGlobAndSkipsExpiredKeysWithoutDeletingThem()
    {
        using var t = new TestServer();
        foreach (var key in new[] { "hello", "hallo", "hxllo", "world" }) t.Run("SET", key, "v");
        Assert.Equal(["hallo", "hello"], t.Texts("KEYS", "h[ae]llo").Order());
        Assert.Equal(["hallo", "hello", "hxllo", "world"], t.Texts("KEYS", "*").Order());
        Assert.Empty(t.Texts("KEYS", "nothing*"));
        t.MakeExpired("world");
        Assert.Equal(3, t.Texts("KEYS", "*").Length);
        Assert.Equal("4", t.Text("DBSIZE")); // KEYS leaves the expired key for the expiry cycle
    }

    [Fact]
    public void ScanWalksEveryKeyAndRepliesTheCursorAsBulkString()
    {
        using var t = new TestServer();
        for (int i = 0; i < 1000; i++) t.Run("SET", $"key:{i}", "v");
        var seen = ScanAll(t, "COUNT", "7");
        Assert.Equal(1000, seen.Distinct().Count());
        var reply = t.Run("SCAN", "0");
        Assert.Equal(HotGears.Resp.RespType.BulkString, reply.Items![0].Type);
    }

    [Fact]
    public void ScanFiltersByPatternAndType()
    {
        using var t = new TestServer();
        for (int i = 0; i < 100; i++) t.Run("SET", $"{(i % 2 == 0 ? "even" : "odd")}:{i}", "v");
        Assert.Equal(50, ScanAll(t, "MATCH", "even:*").Distinct().Count());
        Assert.Equal(100, ScanAll(t, "TYPE", "STRING").Distinct().Count());
        Assert.Empty(ScanAll(t, "TYPE", "hash"));
        Assert.Equal(100, ScanAll(t, "MATCH", "*", "COUNT", "1000").Count);
    }

    [Fact]
    public void ScanRemovesExpiredKeysItComesAcross()
    {
        using var t = new TestServer();
        var events = new KeyspaceEventRecorder(t.Server);
        t.Run("SET", "live", "v");
        t.Run("SET", "gone", "v");
        t.MakeExpired("gone");
        events.Take();
        Assert.Equal(["live"], ScanAll(t));
        Assert.Equal(["expired gone@0"], events.Take());
        Assert.Equal("1", t.Text("DBSIZE"));
    }

    [Fact]
    public void ScanRejectsBadCursorsAndOptions()
    {
        using var t = new TestServer();
        t.Run("SET", "a", "1");
        foreach (var cursor in new[] { " 0", "0 ", "abc", "+", "-", "18446744073709551616" })
            Assert.Equal("ERR invalid cursor", t.Text("SCAN", cursor));
        // strtoul's leniency: "" is 0, a sign is accepted, "-1" wraps to the largest cursor.
        Assert.Equal("0", t.Texts("SCAN", "")[0]);
        Assert.Equal("0", t.Texts("SCAN", "+0")[0]);
        Assert.Equal("OK", t.Run("SCAN", "-1").Type == HotGears.Resp.RespType.Array ? "OK" : "error");
        Assert.Equal("ERR syntax error", t.Text("SCAN", "0", "COUNT", "0"));
        Assert.Equal("ERR syntax error", t.Text("SCAN", "0", "COUNT", "-1"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("SCAN", "0", "COUNT", "abc"));
        Assert.Equal("ERR syntax error", t.Text("SCAN", "0", "TYPE"));
        Assert.Equal("ERR syntax error", t.Text("SCAN", "0", "MATCH"));
        Assert.Equal("ERR syntax error", t.Text("SCAN", "0", "FOO", "bar"));
        Assert.Equal("0", t.Texts("SCAN", "0", "COUNT", long.MaxValue.ToString())[0]);
    }

    /// <summary>
    /// SCAN's guarantee: a key present from the start to the end of a full iteration is returned,
    /// even when other keys come and go between the steps and the table grows several times.
    /// </summary>
    [Fact]
    public void ScanReturnsStableKeysWhileTheTableGrowsAndChurns()
    {
        Prop.ForAll<int>(seed =>
        {
            var random = new Random(seed);
            using var t = new TestServer();
            var db = t.Server.Databases[0];
            int stableCount = random.Next(1, 200);
            for (int i = 0; i < stableCount; i++) t.Run("SET", $"stable:{i}", "v");
            var churn = new List<byte[]>();
            var seen = new HashSet<string>();
            string cursor = "0";
            bool firstStep = true;
            do
            {
                var reply = t.Run("SCAN", cursor, "COUNT", random.Next(5, 50).ToString());
                cursor = reply.Items![0].Text!;
                foreach (var key in reply.Items[1].Items!) seen.Add(key.Text!);
                // After the first step the table grows at least eightfold; after every step keys come and go.
                int toAdd = random.Next(0, 30) + (firstStep ? 8 * stableCount + 64 : 0);
                firstStep = false;
                lock (t.Server.Lock)
                {
                    for (; toAdd > 0; toAdd--)
                    {
                        byte[] key = System.Text.Encoding.UTF8.GetBytes($"churn:{churn.Count}:{random.Next()}");
                        db.Set(key, key);
                        churn.Add(key);
                    }
                    for (int n = random.Next(0, 30); n > 0 && churn.Count > 0; n--)
                    {
                        int at = random.Next(churn.Count);
                        db.Delete(churn[at]);
                        churn.RemoveAt(at);
                    }
                }
            } while (cursor != "0");
            return Enumerable.Range(0, stableCount).All(i => seen.Contains($"stable:{i}"));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    private static List<string> ScanAll(TestServer t, params string[] options)
    {
        var keys = new List<string>();
        string cursor = "0";
        do
        {
            var reply = t.Run(["SCAN", cursor, .. options]);
            cursor = reply.Items![0].Text!;
            keys.AddRange(reply.Items[1].Items!.Select(k => k.Text!));
        } while (cursor != "0");
        return keys;
    }
}
