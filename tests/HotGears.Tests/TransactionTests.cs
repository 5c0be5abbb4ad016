using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Tests;

public class TransactionTests
{
    private static string? Text(InProcessClient client, params string[] args)
    {
        var reply = client.Execute(args);
        return reply.Type == RespType.Integer ? reply.Integer.ToString() : reply.Text;
    }

    /// <summary>EXEC's reply as text: "(nil)" for the null array, else the items.</summary>
    private static string Exec(InProcessClient client) => client.Execute("EXEC").ToString();

    /// <summary>MULTI, PING, EXEC: "[PONG]" when the transaction ran, "(nil)" when a watched key was touched.</summary>
    private static string PingTransaction(InProcessClient client)
    {
        Assert.Equal("OK", Text(client, "MULTI"));
        Assert.Equal("QUEUED", Text(client, "PING"));
        return Exec(client);
    }

    private static void LetExpire() => Thread.Sleep(150); // keys are set with PX 100: room for a loaded machine between steps

    [Fact]
    public void QueuedCommandsRunAtExecAndReplyAsAnArray()
    {
        using var t = new TestServer();
        Assert.Equal("OK", t.Text("MULTI"));
        Assert.True(t.Client.Session.InTransaction);
        Assert.Equal("QUEUED", t.Text("INCR", "n"));
        Assert.Equal("QUEUED", t.Text("INCR", "n"));
        Assert.Equal("QUEUED", t.Text("GET", "n"));
        Assert.Equal("QUEUED", t.Text("CONFIG", "RESETSTAT")); // a subcommand, not RESET
        Assert.Equal("[1, 2, 2, OK]", Exec(t.Client));
        Assert.False(t.Client.Session.InTransaction);
        t.Run("MULTI");
        Assert.Equal("[]", Exec(t.Client));
    }

    [Fact]
    public void ControlErrorsDoNotAbortTheTransaction()
    {
        using var t = new TestServer();
        Assert.Equal("ERR EXEC without MULTI", t.Text("EXEC"));
        Assert.Equal("ERR DISCARD without MULTI", t.Text("DISCARD"));
        t.Run("MULTI");
        t.Run("SET", "a", "1");
        Assert.Equal("ERR MULTI calls can not be nested", t.Text("MULTI"));
        Assert.Equal("ERR WATCH inside MULTI is not allowed", t.Text("WATCH", "x"));
        Assert.Equal("[OK]", Exec(t.Client));
    }

    [Theory]
    [InlineData("NOSUCHCOMMAND", "x")]
    [InlineData("GET")]
    [InlineData("CLIENT", "NOSUCHSUB")]
    [InlineData("CLIENT")]
    [InlineData("SHUTDOWN")]
    public void ARefusedCommandAbortsTheWholeTransaction(params string[] refused)
    {
        using var t = new TestServer();
        t.Run("MULTI");
        t.Run("SET", "a", "1");
        Assert.Equal(RespType.Error, t.Run(refused).Type);
        Assert.Equal("QUEUED", t.Text("SET", "b", "2"));
        Assert.Equal("EXECABORT Transaction discarded because of previous errors.", t.Text("EXEC"));
        Assert.Equal("0", t.Text("EXISTS", "a", "b"));
        Assert.Equal("ERR EXEC without MULTI", t.Text("EXEC"));
    }

    [Fact]
    public void BlockingCommandsInsideExecReplyAsTimedOut()
    {
        using var t = new TestServer();
        t.Run("MULTI");
        t.Run("BLPOP", "empty", "0");
        t.Run("BLMOVE", "empty", "other", "LEFT", "LEFT", "0");
        t.Run("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
        var replies = t.Run("EXEC").Items!;
        Assert.Equal(3, replies.Count);
        Assert.All(replies, reply => Assert.True(reply.IsNull));
        Assert.False(t.Client.Session.IsBlocked);
    }

    [Fact]
    public void NoMultiCommandsAreRefusedInsideMultiOnly()
    {
        using var t = new TestServer();
        t.Run("MULTI");
        Assert.Equal("ERR Command not allowed inside a transaction", t.Text("SHUTDOWN", "NOSAVE"));
        t.Run("DISCARD");
        Assert.False(t.Server.ShutdownRequested.IsCancellationRequested);
    }

    [Fact]
    public void RuntimeErrorsInsideExecLeaveTheOtherCommandsRunning()
    {
        using var t = new TestServer();
        t.Run("SET", "s", "text");
        t.Run("MULTI");
        t.Run("INCR", "s");
        t.Run("SET", "after", "yes");
        var replies = t.Run("EXEC");
        Assert.Equal(RespType.Error, replies.Items![0].Type);
        Assert.Equal("OK", replies.Items[1].Text);
        Assert.Equal("yes", t.Text("GET", "after"));
    }

    [Fact]
    public void DiscardDropsTheQueuedCommands()
    {
        using var t = new TestServer();
        t.Run("MULTI");
        t.Run("SET", "a", "1");
        Assert.Equal("OK", t.Text("DISCARD"));
        Assert.Equal("0", t.Text("EXISTS", "a"));
        Assert.Equal("PONG", t.Text("PING"));
    }

    [Fact]
    public void QueuedArgumentsSurviveTheReuseOfTheRequestBuffer()
    {
        // Inline requests are unescaped into one buffer that each request overwrites.
        using var t = new TestServer();
        var replies = t.Client.ExecuteRaw("MULTI\r\nSET first aaaa\r\nSET second bb\r\nEXEC\r\n"u8);
        Assert.Equal("[OK, OK]", replies[^1].ToString());
        Assert.Equal("aaaa", t.Text("GET", "first"));
        Assert.Equal("bb", t.Text("GET", "second"));
    }

    [Fact]
    public void AnotherClientWritingAWatchedKeyMakesExecReplyNull()
    {
        using var t = new TestServer();
        var other = new InProcessClient(t.Server);
        t.Run("SET", "k", "1");
        t.Run("WATCH", "k");
        t.Run("MULTI");
        t.Run("INCR", "k");
        other.Execute("SET", "k", "10");
        var reply = t.Run("EXEC");
        Assert.True(reply.IsNull);
        Assert.Equal("10", t.Text("GET", "k"));

        // A key created by another client counts as well; RESP3 gets its null too.
        t.Client.Session.Protocol = 3;
        t.Run("WATCH", "created");
        other.Execute("SADD", "created", "m");
        Assert.Equal("(nil)", PingTransaction(t.Client));
    }

    [Fact]
    public void WatchedKeysThatStayUntouchedLetExecRun()
    {
        using var t = new TestServer();
        var other = new InProcessClient(t.Server);
        t.Run("SET", "k", "1");
        t.Run("WATCH", "k", "missing", "k");
        other.Execute("SET", "unrelated", "1");
        other.Execute("GET", "missing"); // a miss (keymiss event) changes nothing
        other.Execute("GET", "k");
        Assert.Equal("[PONG]", PingTransaction(t.Client));
    }

    [Fact]
    public void OwnWritesAfterWatchCountToo()
    {
        using var t = new TestServer();
        t.Run("SET", "x", "30");
        t.Run("WATCH", "x");
        t.Run("SET", "x", "40");
        Assert.Equal("(nil)", PingTransaction(t.Client));
        // After EXEC (failed or not) the key is no longer watched.
        t.Run("SET", "x", "50");
        Assert.Equal("[PONG]", PingTransaction(t.Client));
    }

    [Fact]
    public void UnwatchAndDiscardForgetTheWatchAndItsOutcome()
    {
        using var t = new TestServer();
        t.Run("WATCH", "x");
        t.Run("SET", "x", "40");
        Assert.Equal("OK", t.Text("UNWATCH"));
        Assert.Equal("[PONG]", PingTransaction(t.Client));

        t.Run("WATCH", "x");
        t.Run("SET", "x", "10");
        t.Run("MULTI");
        t.Run("DISCARD");
        t.Run("MULTI");
        t.Run("INCR", "x");
        Assert.Equal("[11]", Exec(t.Client));
        Assert.Equal("OK", t.Text("UNWATCH"));
    }

    [Fact]
    public void WatchRemembersTheDatabaseOfTheKey()
    {
        using var t = new TestServer();
        t.Run("SELECT", "5");
        t.Run("WATCH", "x");
        t.Run("SELECT", "1");
        t.Run("SET", "x", "10");
        t.Run("SELECT", "5");
        Assert.Equal("[PONG]", PingTransaction(t.Client));
    }

    [Fact]
    public void ExpiringAWatchedKeyTouchesIt()
    {
        using var t = new TestServer();
        // Noticed at EXEC...
        t.Run("SET", "k", "1", "PX", "100");
        t.Run("WATCH", "k");
        LetExpire();
        Assert.Equal("(nil)", PingTransaction(t.Client));
        // ... or earlier, by a lookup that deletes it.
        t.Run("SET", "k", "1", "PX", "100");
        t.Run("WATCH", "k");
        LetExpire();
        Assert.Equal("0", t.Text("EXISTS", "k"));
        Assert.Equal("(nil)", PingTransaction(t.Client));
        // EXPIRE is a write like any other.
        t.Run("SET", "k", "1");
        t.Run("WATCH", "k");
        t.Run("EXPIRE", "k", "100");
        Assert.Equal("(nil)", PingTransaction(t.Client));
    }

    [Fact]
    public void AKeyAlreadyExpiredWhenWatchedDoesNotFailExec()
    {
        using var t = new TestServer();
        t.Run("SET", "x", "foo", "PX", "100");
        LetExpire();
        t.Run("WATCH", "x");
        Assert.Equal("[PONG]", PingTransaction(t.Client));

        t.Run("SET", "x", "foo", "PX", "100");
        LetExpire();
        t.Run("WATCH", "x");
        Assert.Equal("0", t.Text("EXISTS", "x")); // deletes it: still no logical change
        Assert.Equal("[PONG]", PingTransaction(t.Client));

        // Once deleted it is a missing key: creating it is a change.
        t.Run("SET", "x", "foo", "PX", "100");
        LetExpire();
        t.Run("WATCH", "x");
        t.Run("SET", "x", "new");
        Assert.Equal("(nil)", PingTransaction(t.Client));
    }

    [Fact]
    public void FlushTouchesTheWatchedKeysThatExist()
    {
        using var t = new TestServer();
        foreach (var flush in new[] { "FLUSHDB", "FLUSHALL" })
        {
            t.Run("SET", "x", "30");
            t.Run("WATCH", "x");
            t.Run(flush);
            Assert.Equal("(nil)", PingTransaction(t.Client));

            t.Run("WATCH", "x");
            t.Run(flush);
            Assert.Equal("[PONG]", PingTransaction(t.Client));
        }
        t.Run("SET", "x", "foo", "PX", "100");
        LetExpire();
        t.Run("WATCH", "x");
        t.Run("FLUSHDB");
        Assert.Equal("[PONG]", PingTransaction(t.Client));
    }

    [Fact]
    public void FlushDbLeavesOtherDatabasesWatchesAlone()
    {
        using var t = new TestServer();
        var other = new InProcessClient(t.Server);
        t.Run("SELECT", "2");
        t.Run("SET", "x", "1");
        t.Run("WATCH", "x");
        other.Execute("SET", "x", "1");
        other.Execute("FLUSHDB");
        Assert.Equal("[PONG]", PingTransaction(t.Client));
    }

    [Fact]
    public void SwapDbTouchesWatchedKeysThatExistOnEitherSide()
    {
        using var t = new TestServer();
        t.Run("SET", "x", "30");
        t.Run("WATCH", "x");
        t.Run("SWAPDB", "0", "1");
        Assert.Equal("(nil)", PingTransaction(t.Client));

        t.Run("FLUSHALL");
        t.Run("SELECT", "1");
        t.Run("SET", "x", "30");
        t.Run("SELECT", "0");
        t.Run("WATCH", "x");
        t.Run("SWAPDB", "0", "1");
        Assert.Equal("(nil)", PingTransaction(t.Client));

        t.Run("FLUSHALL");
        t.Run("WATCH", "x");
        t.Run("SWAPDB", "0", "1");
        Assert.Equal("[PONG]", PingTransaction(t.Client));
    }

    [Fact]
    public void SwapDbLeavesExpiredKeysAsNoChange()
    {
        using var t = new TestServer();
        // A stale key replaced by nothing.
        t.Run("SELECT", "1");
        t.Run("SET", "x", "foo", "PX", "100");
        LetExpire();
        t.Run("WATCH", "x");
        t.Run("SWAPDB", "0", "1");
        Assert.Equal("[PONG]", PingTransaction(t.Client));

        // Nothing replaced by a stale key.
        t.Run("FLUSHALL");
        t.Run("SELECT", "0");
        t.Run("SET", "x", "foo", "PX", "100");
        LetExpire();
        t.Run("SELECT", "1");
        t.Run("WATCH", "x");
        t.Run("SWAPDB", "0", "1");
        Assert.Equal("[PONG]", PingTransaction(t.Client));

        // A stale key replaced by another stale key.
        t.Run("FLUSHALL");
        t.Run("SET", "x", "foo", "PX", "100");
        t.Run("SELECT", "0");
        t.Run("SET", "x", "bar", "PX", "100");
        LetExpire();
        t.Run("SELECT", "1");
        t.Run("WATCH", "x");
        t.Run("SWAPDB", "0", "1");
        Assert.Equal("[PONG]", PingTransaction(t.Client));
    }

    [Fact]
    public void ResetDiscardsTheTransactionAndItsWatches()
    {
        using var t = new TestServer();
        t.Run("WATCH", "x");
        t.Run("MULTI");
        t.Run("SET", "x", "1");
        Assert.Equal("RESET", t.Text("RESET"));
        Assert.False(t.Client.Session.InTransaction);
        Assert.Empty(t.Client.Session.Transaction.Watched);
        Assert.Equal("0", t.Text("EXISTS", "x"));
        Assert.Equal("ERR EXEC without MULTI", t.Text("EXEC"));
    }

    [Fact]
    public void ATouchedClientStopsWatching()
    {
        using var t = new TestServer();
        var other = new InProcessClient(t.Server);
        t.Run("WATCH", "a", "b");
        other.Execute("SET", "a", "1");
        Assert.Empty(t.Client.Session.Transaction.Watched);
        t.Run("WATCH", "c"); // pointless once touched
        Assert.Empty(t.Client.Session.Transaction.Watched);
        Assert.Equal("(nil)", PingTransaction(t.Client));
    }

    [Fact]
    public void SubscribeRunsInsideExecButShardSubscribeDoesNot()
    {
        using var t = new TestServer();
        t.Run("MULTI");
        Assert.Equal("QUEUED", t.Text("SUBSCRIBE", "c"));
        Assert.Equal("QUEUED", t.Text("SSUBSCRIBE", "s"));
        var replies = t.Run("EXEC");
        Assert.Equal("[subscribe, c, 1]", replies.Items![0].ToString());
        Assert.Equal("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client", replies.Items[1].Text);
        // A RESP2 subscriber cannot start a transaction.
        Assert.StartsWith("ERR Can't execute 'multi'", t.Text("MULTI"));
    }

    [Fact]
    public void StatisticsCountTheQueuedCommandsAndNotTheirErrorsAgainstExec()
    {
        using var t = new TestServer();
        t.Run("SET", "s", "text");
        t.Run("MULTI");
        t.Run("INCR", "s");
        t.Run("EXEC");
        var stats = t.Text("INFO", "commandstats")!;
        Assert.Matches(@"cmdstat_incr:calls=1,.*,rejected_calls=0,failed_calls=1", stats);
        Assert.Matches(@"cmdstat_exec:calls=1,.*,rejected_calls=0,failed_calls=0", stats);
        t.Run("EXEC");
        Assert.Matches(@"cmdstat_exec:calls=2,.*,rejected_calls=0,failed_calls=1", t.Text("INFO", "commandstats")!);
    }

    [Fact]
    public void SlowLogRecordsTheQueuedCommandsNotExec()
    {
        using var t = new TestServer();
        t.Run("CONFIG", "SET", "slowlog-log-slower-than", "0");
        t.Run("SLOWLOG", "RESET");
        t.Run("MULTI");
        t.Run("SET", "k", "v");
        t.Run("EXEC");
        var entries = t.Run("SLOWLOG", "GET").Items!;
        var logged = entries.Select(e => string.Join(" ", e.Items![3].Items!.Select(a => a.Text))).ToList();
        Assert.Contains("SET k v", logged);
        Assert.DoesNotContain(logged, l => l.StartsWith("exec", StringComparison.OrdinalIgnoreCase));
    }
}
