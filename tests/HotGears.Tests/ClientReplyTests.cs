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
}
