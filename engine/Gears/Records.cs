namespace HotGears.Engine.Gears;

/// <summary>
/// A KeysReader record. <see cref="Value"/> by type: string → string (byte[] when not UTF-8),
/// hash → Dictionary&lt;string, string&gt; (field order), list → List&lt;string&gt; (LRANGE order),
/// set → List&lt;string&gt; (SMEMBERS order), zset → List&lt;ScoredMember&gt; (rank order),
/// stream → List&lt;StreamEntryValue&gt;; null for a missing key (type "empty").
/// With readValue=false <see cref="HasValue"/> is false and Value/Type are absent from the record's
/// dict form (Python: {'key', 'event'} only).
/// </summary>
public sealed class KeyRecord(string key, object? value, string? type, string? @event, bool hasValue = true)
{
    public string Key { get; } = key;
    public object? Value { get; } = value;

    /// <summary>'string', 'hash', 'list', 'set', 'zset', 'stream' (C#) / 'unknown' for streams in Python, 'empty' when missing.</summary>
    public string? Type { get; } = type;

    /// <summary>The keyspace event name in event mode; null in batch mode.</summary>
    public string? Event { get; } = @event;

    public bool HasValue { get; } = hasValue;
}

/// <summary>A sorted-set member with its score, as a KeysReader record's value holds them.</summary>
public readonly record struct ScoredMember(string Member, double Score);

/// <summary>One stream entry inside a KeysReader record's value.</summary>
public sealed record StreamEntryValue(string Id, Dictionary<string, string> Fields);

/// <summary>A StreamReader record: {'key': stream, 'id': 'ms-seq', 'value': {field: value}} (duplicate fields collapse, last wins).</summary>
public sealed class StreamRecord(string key, string id, Dictionary<string, string> value)
{
    public string Key { get; } = key;
    public string Id { get; } = id;
    public Dictionary<string, string> Value { get; } = value;
}

/// <summary>The output of groupby/localgroupby/batchgroupby/countby/aggregateby: {'key': k, 'value': v}.</summary>
public sealed class GroupRecord(string key, object? value)
{
    public string Key { get; } = key;
    public object? Value { get; } = value;
}
