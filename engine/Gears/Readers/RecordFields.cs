using System.Text;
using HotGears.Engine.Keyspace;

namespace HotGears.Engine.Gears.Readers;

/// <summary>
/// The field dictionaries of records (a hash's value, a stream entry's fields), filled in field-name
/// order: RedisGears shows a record's fields sorted, and C# gears then iterate them in the order
/// Python gears see them.
/// </summary>
internal static class RecordFields
{
    public static Dictionary<string, string> FromHash(HashValue hash)
    {
        var fields = new Dictionary<string, string>(hash.Count);
        foreach (var entry in hash) fields[Text(entry.Field)] = Text(entry.Value);
        return InNameOrder(fields);
    }

    /// <summary>Field, value, field, value...: a repeated field keeps its last value.</summary>
    public static Dictionary<string, string> FromPairs(byte[][] fieldsAndValues)
    {
        var fields = new Dictionary<string, string>(fieldsAndValues.Length / 2);
        for (int i = 0; i + 1 < fieldsAndValues.Length; i += 2) fields[Text(fieldsAndValues[i])] = Text(fieldsAndValues[i + 1]);
        return InNameOrder(fields);
    }

    private static Dictionary<string, string> InNameOrder(Dictionary<string, string> fields)
    {
        var names = new string[fields.Count];
        fields.Keys.CopyTo(names, 0);
        if (IsSorted(names)) return fields;
        Array.Sort(names, StringComparer.Ordinal);
        var sorted = new Dictionary<string, string>(names.Length);
        foreach (string name in names) sorted[name] = fields[name];
        return sorted;
    }

    private static bool IsSorted(string[] names)
    {
        for (int i = 1; i < names.Length; i++)
            if (string.CompareOrdinal(names[i - 1], names[i]) > 0) return false;
        return true;
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
