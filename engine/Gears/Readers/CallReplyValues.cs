using System.Text;
using HotGears.Resp;

namespace HotGears.Engine.Gears.Readers;

/// <summary>A command's reply as a gear sees it (spec §2.6, RESP2 call replies).</summary>
internal static class CallReplyValues
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>status/bulk → string (byte[] when not UTF-8), integer → long, nil → null, array → List; an error throws <see cref="GearsErrorException"/>.</summary>
    public static object? ToValue(RespValue reply) => reply.Type switch
    {
        RespType.Error => throw new GearsErrorException(reply.Text!),
        RespType.Integer => reply.Integer,
        RespType.Null => null,
        RespType.Array => reply.Items!.Select(ToValue).ToList(),
        _ => Text(reply.Bytes!),
    };

    private static object Text(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return bytes;
        }
    }
}
