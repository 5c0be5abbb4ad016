namespace HotGears.Engine.Keyspace;

/// <summary>
/// The value of a key that holds a gear's timer (registerTE with a key name, RedisGears' module
/// type rg_timeev): the timer runs while the key holds this very object, so DEL, an overwrite or
/// FLUSHALL stops it. A COPY is an inert value of the same type.
/// </summary>
public sealed class TimeEventValue : IRedisValue
{
    public string TypeName => "rg_timeev";

    public string EncodingName => "raw";

    public IRedisValue DeepCopy() => new TimeEventValue();
}
