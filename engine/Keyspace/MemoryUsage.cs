namespace HotGears.Engine.Keyspace;

/// <summary>
/// MEMORY USAGE's estimate (objectComputeSize): the bytes a key and its value take in this
/// process, from the .NET layout of what holds them. As in Redis, big containers are sampled:
/// the first <c>samples</c> elements are measured and their average size stands for the rest.
/// </summary>
public static class MemoryUsage
{
    /// <summary>Object header plus method table pointer.</summary>
    private const int ObjectHeader = 16;

    /// <summary>A key table entry (24 bytes, see <see cref="KeyTable{TValue}"/>) and its share of the bucket array.</summary>
    private const int TableEntry = 28;

    /// <summary>A reference held in an array.</summary>
    private const int Reference = 8;

    /// <summary>Bytes of a byte[] of <paramref name="length"/> (header, length word, data rounded to 8).</summary>
    public static long ByteArray(long length) => ObjectHeader + 8 + ((length + 7) & ~7L);

    /// <summary>The key's entry in the keyspace plus its value.</summary>
    public static long OfKey(ReadOnlySpan<byte> key, object value, long samples) => TableEntry + ByteArray(key.Length) + OfValue(value, samples);

    public static long OfValue(object value, long samples) => value switch
    {
        byte[] text => ByteArray(text.Length),
        HashValue hash => OfHash(hash, samples),
        ListValue list => OfList(list, samples),
        SetValue set => OfSet(set, samples),
        SortedSetValue zset => OfSortedSet(zset, samples),
        StreamValue stream => OfStream(stream, samples),
        _ => ObjectHeader,
    };

    private static long OfHash(HashValue hash, long samples)
    {
        bool packed = hash.EncodingName == "listpack";
        long sampled = 0, bytes = 0;
        foreach (var entry in hash)
        {
            if (sampled++ == samples) break;
            bytes += packed ? 2 + entry.Field.Length + entry.Value.Length : TableEntry + ByteArray(entry.Field.Length) + ByteArray(entry.Value.Length);
        }
        // A packed hash is one byte array: its items carry a one-byte length each.
        return ObjectHeader + 8 + (packed ? ByteArray(0) : ObjectHeader) + Extrapolate(bytes, sampled, samples, hash.Count);
    }

    private static long OfList(ListValue list, long samples)
    {
        long sampled = Math.Min(samples, list.Count), bytes = 0;
        for (int i = 0; i < sampled; i++) bytes += Reference + ByteArray(list[i].Length);
        return ObjectHeader + 16 + ByteArray(0) + Extrapolate(bytes, sampled, samples, list.Count);
    }

    private static long OfSet(SetValue set, long samples)
    {
        if (set.EncodingName == "intset") return ObjectHeader + 8 + ByteArray(8L * set.Count);
        long sampled = 0, bytes = 0;
        foreach (var member in set)
        {
            if (sampled++ == samples) break;
            bytes += TableEntry + ByteArray(member.Length);
        }
        return ObjectHeader + 8 + ObjectHeader + Extrapolate(bytes, sampled, samples, set.Count);
    }

    private static long OfSortedSet(SortedSetValue zset, long samples)
    {
        // Each entry is a (member, score) pair in the tree's leaves; a skiplist also indexes members by table.
        long perEntryOverhead = 16 + (zset.EncodingName == "skiplist" ? TableEntry : 0);
        long sampled = Math.Min(samples, zset.Count), bytes = 0;
        var at = zset.At(0);
        for (int i = 0; i < sampled; i++, at.MoveNext()) bytes += perEntryOverhead + ByteArray(at.Current.Member.Length);
        return ObjectHeader + 16 + ObjectHeader + Extrapolate(bytes, sampled, samples, zset.Count);
    }

    private static long OfStream(StreamValue stream, long samples)
    {
        long sampled = Math.Min(samples, stream.Length), bytes = 0;
        for (int i = 0; i < sampled; i++)
        {
            var fields = stream[i].FieldsAndValues;
            // The entry object (header, ID, two references), its slot, its array of fields and values.
            bytes += ObjectHeader + 32 + Reference + ByteArray(Reference * fields.Length);
            foreach (var item in fields) bytes += ByteArray(item.Length);
        }
        long total = ObjectHeader + 64 + Extrapolate(bytes, sampled, samples, stream.Length);
        if (stream.Groups == null) return total;
        foreach (var (name, group) in stream.Groups)
        {
            // The group, its pending entries (a tree node each) and consumers (with their own pending trees).
            total += ObjectHeader + 48 + ByteArray(name.Length) + group.Pending.Count * 96L;
            foreach (var (consumerName, consumer) in group.Consumers)
                total += ObjectHeader + 48 + ByteArray(consumerName.Length) + consumer.Pending.Count * 48L;
        }
        return total;
    }

    /// <summary>The measured <paramref name="bytes"/> of <paramref name="sampled"/> elements scaled to all <paramref name="count"/>.</summary>
    private static long Extrapolate(long bytes, long sampled, long samples, long count) =>
        sampled == 0 || sampled >= count || sampled < samples ? bytes : (long)((double)bytes / sampled * count);
}
