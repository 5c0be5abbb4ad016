namespace HotGears.Engine.Gears;

/// <summary>
/// A KeysReader record. <see cref="Value"/> by type: string → string (byte[] when not UTF-8),
/// hash → Dictionary&lt;string, string&gt; (field order), list → List&lt;string&gt; (LRANGE order),
/// set → List&lt;string&gt; (SMEMBERS order), zset → List&lt;ScoredMember&gt; (rank order),
/// stream → List&lt;StreamEntryValue&gt;; null for a missing key (type "empty").
/// With readValue=false <see cref="HasValue"/> is false and Value/Type are absent from the record's
/// dict form (Python: {'key', 'event'} only).
/// <para>
/// A record read from the keyspace keeps the key's bytes and a string value's bytes, and decodes
/// them when <see cref="Key"/> or <see cref="Value"/> is first asked for: a gear that never looks
/// at them pays nothing, and a front end may build its own strings from the bytes
/// (<see cref="KeyUtf8"/>, <see cref="StringBytes"/>).
/// </para>
/// </summary>
public sealed class KeyRecord
{
    private readonly byte[]? _keyUtf8;
    private readonly byte[]? _stringBytes;
    private string? _key;
    private object? _value;

    public KeyRecord(string key, object? value, string? type, string? @event, bool hasValue = true)
    {
        _key = key;
        _value = value;
        Type = type;
        Event = @event;
        HasValue = hasValue;
    }

    /// <summary>A record read from the keyspace: <paramref name="key"/> as stored, a string value as a private copy of its bytes.</summary>
    internal KeyRecord(byte[] key, byte[]? stringBytes, object? value, string? type, string? @event, bool hasValue = true)
    {
        _keyUtf8 = key;
        _stringBytes = stringBytes;
        _value = value;
        Type = type;
        Event = @event;
        HasValue = hasValue;
    }

    public string Key => _key ??= System.Text.Encoding.UTF8.GetString(_keyUtf8!);

    public object? Value => _stringBytes is { } bytes ? _value ??= GearsBuiltins.Utf8OrBytes(bytes) : _value;

    /// <summary>The key's bytes when the record was read from the keyspace, else null.</summary>
    public byte[]? KeyUtf8 => _keyUtf8;

    /// <summary>A string value's bytes when the record was read from the keyspace, else null (then see <see cref="Value"/>).</summary>
    public byte[]? StringBytes => _stringBytes;

    /// <summary>'string', 'hash', 'list', 'set', 'zset', 'stream' (C#) / 'unknown' for streams in Python, 'empty' when missing.</summary>
    public string? Type { get; }

    /// <summary>The keyspace event name in event mode; null in batch mode.</summary>
    public string? Event { get; }

    public bool HasValue { get; }
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
