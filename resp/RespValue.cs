using System.Text;

namespace HotGears.Resp;

public enum RespType
{
    SimpleString, Error, Integer, BulkString, Array, Null, Double, Boolean, BigNumber, Verbatim, Map, Set, Push, Attribute,
}

/// <summary>
/// A reply read back from RESP bytes: what a client sees. Used by tests and by in-process callers
/// that run a command and need its reply as a value (MULTI, Gears' execute()).
/// </summary>
public sealed record RespValue(RespType Type, byte[]? Bytes = null, long Integer = 0, double Double = 0, IReadOnlyList<RespValue>? Items = null)
{
    public static readonly RespValue NullValue = new(RespType.Null);

    /// <summary>The text of a simple string, error, bulk string, verbatim string or big number.</summary>
    public string? Text => Bytes == null ? null : Encoding.UTF8.GetString(Bytes);

    public bool IsNull => Type == RespType.Null;

    public override string ToString() => Type switch
    {
        RespType.Integer => Integer.ToString(),
        RespType.Double => Double.ToString("R"),
        RespType.Boolean => Integer != 0 ? "true" : "false",
        RespType.Null => "(nil)",
        RespType.Error => "(error) " + Text,
        RespType.Array or RespType.Set or RespType.Push or RespType.Map or RespType.Attribute =>
            "[" + string.Join(", ", Items!.Select(i => i.ToString())) + "]",
        _ => Text ?? "",
    };
}
