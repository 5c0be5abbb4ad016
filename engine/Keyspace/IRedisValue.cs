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
    public static string TypeName(object value) => value is byte[] ? "string" : ((IRedisValue)value).TypeName;
}
