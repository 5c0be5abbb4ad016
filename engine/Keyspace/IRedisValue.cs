using HotGears.Resp;

namespace HotGears.Engine.Keyspace;

/// <summary>
/// A value of one of the container types (hash, list, set, zset, stream). Strings are stored as
/// plain byte arrays and need no wrapper: they are most of the keyspace and every byte counts.
/// </summary>
public interface IRedisValue
{
    /// <summary>The name TYPE replies ("hash", "list", ...).</summary>
    string TypeName { get; }

    /// <summary>The name OBJECT ENCODING replies ("listpack", "hashtable", ...).</summary>
    string EncodingName { get; }

    /// <summary>An independent copy (COPY).</summary>
    IRedisValue DeepCopy();
}

public static class RedisValues
{
    /// <summary>Strings of up to this many bytes are "embstr" in Redis (one allocation with their header).</summary>
    private const int EmbstrMaxLength = 44;

    public static string TypeName(object value) => value is byte[] ? "string" : ((IRedisValue)value).TypeName;

    /// <summary>
    /// The name OBJECT ENCODING replies. Strings keep no encoding here, so theirs is derived as
    /// Redis would choose it when storing the value: "int", "embstr" or "raw".
    /// </summary>
    public static string EncodingName(object value) => value switch
    {
        byte[] text when IsInteger(text) => "int",
        byte[] text => text.Length <= EmbstrMaxLength ? "embstr" : "raw",
        _ => ((IRedisValue)value).EncodingName,
    };

    /// <summary>True when a string value is stored as an integer by Redis (at most 20 characters that parse as a long).</summary>
    public static bool IsInteger(byte[] text) => text.Length <= 20 && RedisNumbers.TryParseInt64(text, out _);

    /// <summary>An independent copy of a value (COPY).</summary>
    public static object DeepCopy(object value) => value is byte[] text ? text.Clone() : ((IRedisValue)value).DeepCopy();
}
