using System.Text;
using HotGears.Engine.Keyspace;

namespace HotGears.Engine.Gears.Readers;

/// <summary>
/// KeysReader records from the keyspace (see <see cref="KeyRecord"/> for the value of each type).
/// Called under the keyspace lock: values are copied out, since the keyspace changes them in place.
/// Reading never fires events nor counts hits (as a module's key read).
/// </summary>
internal static class KeyRecords
{
    /// <summary>The record of a key: type 'empty' and no value when it is missing.</summary>
    public static KeyRecord Read(Database db, byte[] key, bool readValue, string? @event)
    {
        if (!readValue) return new KeyRecord(key, null, null, null, @event, hasValue: false);
        var value = LiveValue(db, key);
        return value == null ? new KeyRecord(key, null, null, "empty", @event) : FromValue(key, value, @event);
    }

    /// <summary>The record of a live key's value (<paramref name="key"/> is kept: key arrays never change).</summary>
    public static KeyRecord FromValue(byte[] key, object value, string? @event) => value is byte[] text
        ? new KeyRecord(key, text.AsSpan().ToArray(), null, "string", @event) // a copy: SET may overwrite the array in place
        : new KeyRecord(key, null, ValueOf(value), RedisValues.TypeName(value), @event);

    /// <summary>TYPE's name of a key for keyTypes filters: 'empty' when missing.</summary>
    public static string TypeOf(Database db, ReadOnlySpan<byte> key) => LiveValue(db, key) is { } value ? RedisValues.TypeName(value) : "empty";

    /// <summary>The value of a key that exists and has not expired, without touching it (no event, no expiry, no stats).</summary>
    public static object? LiveValue(Database db, ReadOnlySpan<byte> key)
    {
        if (db.IsExpired(key)) return null;
        ref object value = ref db.Keys.Find(key);
        return System.Runtime.CompilerServices.Unsafe.IsNullRef(ref value) ? null : value;
    }

    private static object? ValueOf(object value)
    {
        switch (value)
        {
            case HashValue hash:
                return RecordFields.FromHash(hash);
            case ListValue list:
                var items = new List<string>(list.Count);
                for (int i = 0; i < list.Count; i++) items.Add(Text(list[i]));
                return items;
            case SetValue set:
                var members = new List<string>(set.Count);
                foreach (var member in set) members.Add(Text(member));
                return members;
            case SortedSetValue zset:
                var scored = new List<ScoredMember>(zset.Count);
                for (int i = 0; i < zset.Count; i++)
                {
                    var entry = zset[i];
                    scored.Add(new ScoredMember(Text(entry.Member), entry.Score));
                }
                return scored;
            case StreamValue stream:
                var entries = new List<StreamEntryValue>(stream.Length);
                for (int i = 0; i < stream.Length; i++) entries.Add(StreamEntryOf(stream[i]));
                return entries;
            default:
                return null;
        }
    }

    private static StreamEntryValue StreamEntryOf(StreamEntry entry) =>
        new(entry.Id.ToString(), RecordFields.FromPairs(entry.FieldsAndValues));

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
