using System.Buffers;
using HotGears.Resp;

namespace HotGears.Engine.Gears.Readers;

/// <summary>Runs something that replies in a client's session and reads its reply back as a value instead (call_next).</summary>
internal static class ReplyCapture
{
    /// <summary>
    /// Runs <paramref name="reply"/> (under the keyspace lock) with the session's replies going to
    /// a buffer of their own, in RESP2 and whatever CLIENT REPLY says, and returns what it replied.
    /// </summary>
    public static RespValue Capture(Session session, Action reply)
    {
        var writer = session.Reply;
        var output = writer.Output;
        bool silenced = writer.Silenced;
        int protocol = writer.Protocol;
        var buffer = new ArrayBufferWriter<byte>();
        writer.Output = buffer;
        writer.Silenced = false;
        writer.Protocol = 2;
        try
        {
            reply();
        }
        finally
        {
            writer.Protocol = protocol;
            writer.Silenced = silenced;
            writer.Output = output;
        }
        var replies = RespValueReader.ReadAll(buffer.WrittenSpan);
        return replies.Count == 0 ? RespValue.NullValue : replies[^1]; // a push the command caused for itself comes first
    }
}
