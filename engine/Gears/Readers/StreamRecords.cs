using System.Text;
using HotGears.Engine.Keyspace;

namespace HotGears.Engine.Gears.Readers;

/// <summary>Stream entries as StreamReader records.</summary>
internal static class StreamRecords
{
    /// <summary>{'key', 'id', 'value'}: fields collapse into a dictionary (a repeated field keeps its last value).</summary>
    public static StreamRecord FromEntry(string key, StreamEntry entry)
    {
        var pairs = entry.FieldsAndValues;
        var value = new Dictionary<string, string>(pairs.Length / 2);
        for (int i = 0; i + 1 < pairs.Length; i += 2) value[Encoding.UTF8.GetString(pairs[i])] = Encoding.UTF8.GetString(pairs[i + 1]);
        return new StreamRecord(key, entry.Id.ToString(), value);
    }
}
