using System.Buffers;
using System.Text;
using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Tests;

public static class RawReplyExtensions
{
    /// <summary>
    /// Runs a command for a fresh session speaking <paramref name="protocol"/> and returns the reply
    /// bytes as text, for the distinctions values lose (a null array "*-1" against a null bulk "$-1").
    /// A command that blocks the session is waited for (it must time out or be served by another thread).
    /// </summary>
    public static string RawReply(this TestServer t, int protocol, params string[] args) => t.RawReply(protocol, true, args);

    /// <param name="canBlock">False runs the command as inside MULTI, where blocking commands may not block.</param>
    public static string RawReply(this TestServer t, int protocol, bool canBlock, params string[] args)
    {
        var output = new ArrayBufferWriter<byte>();
        var bytes = InProcessClient.Encode(args.Select(Encoding.UTF8.GetBytes).ToArray());
        var request = new Request();
        Task<ReadOnlyMemory<byte>>? unblocked;
        lock (t.Server.Lock)
        {
            var session = new Session(t.Server, new RespWriter(output), t.Client) { Protocol = protocol, NeverBlocks = !canBlock };
            RequestParser.TryParse(bytes, request, t.Server.Config.Limits, out _, out _, out _);
            t.Server.Dispatcher.Execute(session, request.Bind(bytes));
            unblocked = session.IsBlocked ? session.WhenUnblocked : null;
        }
        if (unblocked != null)
        {
            if (!unblocked.Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException("the command stayed blocked");
            output.Write(unblocked.Result.Span);
        }
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }
}
