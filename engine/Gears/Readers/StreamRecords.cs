using HotGears.Engine.Keyspace;

namespace HotGears.Engine.Gears.Readers;

/// <summary>Stream entries as StreamReader records.</summary>
internal static class StreamRecords
{
    /// <summary>{'id', 'key', 'value'}: fields collapse into a dictionary (a repeated field keeps its last value).</summary>
    public static StreamRecord FromEntry(string key, StreamEntry entry) =>
        new(key, entry.Id.ToString(), RecordFields.FromPairs(entry.FieldsAndValues));
}
