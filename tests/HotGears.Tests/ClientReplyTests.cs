using System.Text;
using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Tests;

public class ClientReplyTests
{
    private static byte[] Requests(params string[][] commands) => commands.SelectMany(c => InProcessClient.Encode(c)).ToArray();

    private static string RawReplies(TestServer t, params string[][] commands) => Encoding.UTF8.GetString(t.Client.Run(Requests(commands)));

    [Fact]
    public void OffSilencesUntilOnWhichRepliesOk()
    {
        using var t = new TestServer();
        string replies = RawReplies(t, ["CLIENT", "REPLY", "OFF"], ["PING", "a"], ["SET", "k", "v"], ["CLIENT", "REPLY", "ON"], ["PING", "b"]);
        Assert.Equal("+OK\r\n$1\r\nb\r\n", replies);
        Assert.Equal("v", t.Text("GET", "k"));
    }

    [Fact]
    public void SkipSilencesOnlyTheNextCommand()
    {
        using var t = new TestServer();
        Assert.Equal("$1\r\nb\r\n", RawReplies(t, ["CLIENT", "REPLY", "SKIP"], ["PING", "a"], ["PING", "b"]));
    }

    [Fact]
    public void SkipCoversARejectedCommandToo()
    {
        using var t = new TestServer();
        Assert.Equal("+PONG\r\n", RawReplies(t, ["CLIENT", "REPLY", "SKIP"], ["NOSUCHCOMMAND"], ["PING"]));
    }

    [Fact]
    public void OnClearsAPendingSkip()
    {
        using var t = new TestServer();
        Assert.Equal("+OK\r\n+PONG\r\n", RawReplies(t, ["CLIENT", "REPLY", "SKIP"], ["CLIENT", "REPLY", "ON"], ["PING"]));
    }

    [Fact]
    public void SkipIsIgnoredWhileOff()
    {
        using var t = new TestServer();
        Assert.Equal("+OK\r\n+PONG\r\n", RawReplies(t, ["CLIENT", "REPLY", "OFF"], ["CLIENT", "REPLY", "SKIP"], ["CLIENT", "REPLY", "ON"], ["PING"]));
    }

    [Fact]
    public void BadModeIsASyntaxErrorAndCountsEvenWhenSilenced()
    {
        using var t = new TestServer();
        Assert.Equal("ERR syntax error", t.Text("CLIENT", "REPLY", "MAYBE"));
        long errors = t.Client.Session.Reply.ErrorsWritten;
        Assert.Equal("", RawReplies(t, ["CLIENT", "REPLY", "OFF"], ["CLIENT", "REPLY", "MAYBE"]));
        Assert.Equal(errors + 1, t.Client.Session.Reply.ErrorsWritten);
    }

    [Theory]
    [InlineData(2, '*')]
    [InlineData(3, '>')]
    public void SubscribeConfirmationsAreDeliveredWhileOff(int protocol, char push)
    {
        using var t = new TestServer();
        t.Run("HELLO", protocol.ToString());
        string replies = RawReplies(t, ["CLIENT", "REPLY", "OFF"], ["SUBSCRIBE", "ch"], ["UNSUBSCRIBE"]);
        Assert.Equal($"{push}3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n{push}3\r\n$11\r\nunsubscribe\r\n$2\r\nch\r\n:0\r\n", replies);
    }

    [Fact]
    public void MessagesAreDeliveredWhileOffButThePublishReplyIsNot()
    {
        using var t = new TestServer();
        t.Run("HELLO", "3");
        string replies = RawReplies(t, ["SUBSCRIBE", "ch"], ["CLIENT", "REPLY", "OFF"], ["PUBLISH", "ch", "hi"]);
        Assert.EndsWith(":1\r\n>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n", replies);
    }

    [Fact]
    public void ResetTurnsRepliesBackOnBeforeReplying()
    {
        using var t = new TestServer();
        Assert.Equal("+RESET\r\n+PONG\r\n", RawReplies(t, ["CLIENT", "REPLY", "OFF"], ["RESET"], ["PING"]));
    }

    /// <summary>Submits a command as the network host does, honouring CLIENT PAUSE; the pause's end when held back.</summary>
    private static Task? Submit(TestServer t, Session session, params string[] command)
    {
        var bytes = InProcessClient.Encode(command);
        var request = new Request();
        Assert.Equal(ParseStatus.Complete, RequestParser.TryParse(bytes, request, t.Server.Config.Limits, out _, out _, out _));
        lock (t.Server.Lock) return t.Server.Dispatcher.ExecuteUnlessPaused(session, request.Bind(bytes));
    }

    [Fact]
    public void PauseWriteHoldsWritesUntilUnpause()
    {
        using var t = new TestServer();
        var other = new InProcessClient(t.Server).Session;
        Assert.Equal("OK", t.Text("CLIENT", "PAUSE", "100000", "WRITE"));
        Assert.Null(Submit(t, other, "GET", "k"));
        Assert.Null(Submit(t, other, "PING"));
        var held = Submit(t, other, "SET", "k", "v");
        Assert.NotNull(held);
        Assert.NotNull(Submit(t, other, "PUBLISH", "ch", "m")); // may replicate
        Assert.Null(t.Text("GET", "k")); // the held SET did not run
        Assert.False(held!.IsCompleted);
        Assert.Equal("OK", t.Text("CLIENT", "UNPAUSE"));
        Assert.True(held.IsCompleted);
        Assert.Null(Submit(t, other, "SET", "k", "v"));
        Assert.Equal("v", t.Text("GET", "k"));
    }

    [Fact]
    public void PauseAllHoldsEveryCommandIncludingThePausersUntilItExpires()
    {
        using var t = new TestServer();
        var session = t.Client.Session;
        Assert.Equal("OK", t.Text("CLIENT", "PAUSE", "150", "ALL"));
        Assert.Equal(PauseKind.All, t.Server.Pause.Kind);
        var held = Submit(t, session, "PING");
        Assert.NotNull(held);
        Assert.True(held!.Wait(TimeSpan.FromSeconds(5)));
        Assert.Equal(PauseKind.Off, t.Server.Pause.Kind);
        Assert.Null(Submit(t, session, "PING"));
    }

    [Fact]
    public void MalformedCommandsAreAnsweredDuringAPause()
    {
        using var t = new TestServer();
        t.Run("CLIENT", "PAUSE", "100000", "ALL");
        var client = new InProcessClient(t.Server);
        Assert.Null(Submit(t, client.Session, "SET", "k"));
        Assert.Null(Submit(t, client.Session, "NOSUCHCOMMAND"));
        t.Run("CLIENT", "UNPAUSE");
    }

    [Fact]
    public void PausesMergeToTheStricterKindAndTheLaterEnd()
    {
        using var t = new TestServer();
        t.Run("CLIENT", "PAUSE", "100000", "WRITE");
        long end = t.Server.Pause.EndMs;
        t.Run("CLIENT", "PAUSE", "10", "ALL");
        Assert.Equal(PauseKind.All, t.Server.Pause.Kind);
        Assert.Equal(end, t.Server.Pause.EndMs);
        t.Run("CLIENT", "UNPAUSE");
        Assert.Equal(PauseKind.Off, t.Server.Pause.Kind);
    }

    [Fact]
    public void PauseArgumentsAreChecked()
    {
        using var t = new TestServer();
        Assert.Equal("ERR CLIENT PAUSE mode must be WRITE or ALL", t.Text("CLIENT", "PAUSE", "10", "READ"));
        Assert.Equal("ERR timeout is not an integer or out of range", t.Text("CLIENT", "PAUSE", "soon"));
        Assert.Equal("ERR timeout is negative", t.Text("CLIENT", "PAUSE", "-1"));
        Assert.StartsWith("ERR unknown subcommand or wrong number of arguments", t.Text("CLIENT", "PAUSE", "1", "ALL", "x"));
        Assert.Equal("OK", t.Text("CLIENT", "PAUSE", "0")); // over at once
        Assert.Equal(PauseKind.Off, t.Server.Pause.Kind);
    }

    [Fact]
    public void InProcessCallersAreNotPaused()
    {
        using var t = new TestServer();
        t.Run("CLIENT", "PAUSE", "100000", "ALL");
        Assert.Equal("OK", t.Text("SET", "k", "v"));
        t.Run("CLIENT", "UNPAUSE");
    }
}
