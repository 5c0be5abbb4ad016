using System.Globalization;
using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// SORT and SORT_RO (sort.c): the elements of a list, set or sorted set, ordered by their own
/// value or by keys named after them (BY), as numbers or strings (ALPHA), sliced (LIMIT),
/// replaced by keys or hash fields named after them (GET), replied or stored as a list (STORE).
/// </summary>
internal static class SortCommands
{
    [Command("SORT", -2, Flags = "write denyoom movablekeys", FirstKey = 1, LastKey = 1, Step = 1, Group = "generic",
        Summary = "Sort the elements in a list, set or sorted set", Since = "1.0.0",
        Complexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).")]
    public static void Sort(Session session, CommandArgs args) => SortGeneric(session, args, readOnly: false);

    [Command("SORT_RO", -2, Flags = "readonly movablekeys", FirstKey = 1, LastKey = 1, Step = 1, Group = "generic",
        Summary = "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", Since = "7.0.0",
        Complexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).")]
    public static void SortReadOnly(Session session, CommandArgs args) => SortGeneric(session, args, readOnly: true);

    /// <summary>One element to sort, with what it is compared by.</summary>
    private struct Item(byte[] value)
    {
        public readonly byte[] Value = value;
        public double Score;
        public byte[]? CompareBy; // ALPHA with BY: the looked-up value, null when missing
    }

    private static void SortGeneric(Session session, CommandArgs args, bool readOnly)
    {
        var reply = session.Reply;
        bool desc = false, alpha = false, dontSort = false;
        long limitStart = 0, limitCount = -1;
        byte[]? sortBy = null, storeKey = null;
        var gets = new List<byte[]>();
        for (int j = 2; j < args.Count; j++)
        {
            int left = args.Count - j - 1;
            if (args.Is(j, "ASC"u8)) desc = false;
            else if (args.Is(j, "DESC"u8)) desc = true;
            else if (args.Is(j, "ALPHA"u8)) alpha = true;
            else if (args.Is(j, "LIMIT"u8) && left >= 2)
            {
                if (!RedisNumbers.TryParseInt64(args[j + 1], out limitStart) || !RedisNumbers.TryParseInt64(args[j + 2], out limitCount))
                {
                    reply.WriteError(Errors.NotInteger);
                    return;
                }
                j += 2;
            }
            else if (!readOnly && args.Is(j, "STORE"u8) && left >= 1) storeKey = args.ToArray(++j);
            else if (args.Is(j, "BY"u8) && left >= 1)
            {
                sortBy = args.ToArray(++j);
                dontSort = !sortBy.AsSpan().Contains((byte)'*'); // a constant BY pattern: no sorting at all
            }
            else if (args.Is(j, "GET"u8) && left >= 1) gets.Add(args.ToArray(++j));
            else
            {
                reply.WriteError(Errors.Syntax);
                return;
            }
        }

        var source = session.Db.LookupRead(args[1]);
        if (source != null && source is not (ListValue or SetValue or SortedSetValue))
        {
            reply.WriteError(Errors.WrongType);
            return;
        }
        // A set has no order of its own: stored, its "unsorted" elements are sorted (as strings) to be deterministic.
        if (dontSort && source is SetValue && storeKey != null)
        {
            dontSort = false;
            alpha = true;
            sortBy = null;
        }

        int length = source switch { ListValue l => l.Count, SetValue s => s.Count, SortedSetValue z => z.Count, _ => 0 };
        long start = Math.Min(Math.Max(limitStart, 0), length);
        long count = Math.Min(Math.Max(limitCount, -1), length);
        long end = count < 0 ? length - 1 : start + count - 1;
        if (start >= length)
        {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) end = length - 1;

        Item[] items;
        if (dontSort && source is ListValue or SortedSetValue)
        {
            // Unsorted lists and sorted sets load only the requested range, in their own order.
            items = LoadRange(source, (int)start, (int)(end - start + 1), desc);
            end -= start;
            start = 0;
        }
        else items = LoadAll(source);

        bool conversionError = false;
        if (!dontSort)
        {
            foreach (ref var item in items.AsSpan())
            {
                byte[]? by = sortBy == null ? item.Value : LookupByPattern(session, sortBy, item.Value);
                if (by == null) continue;
                if (alpha)
                {
                    if (sortBy != null) item.CompareBy = by;
                }
                else if (!TryParseScore(by, out item.Score)) conversionError = true;
            }
            bool byPattern = sortBy != null;
            Array.Sort(items, (a, b) => Compare(a, b, alpha, byPattern, desc));
        }

        long outputLength = end < start ? 0 : (gets.Count == 0 ? 1 : gets.Count) * (end - start + 1);
        if (conversionError)
        {
            reply.WriteError("ERR One or more scores can't be converted into double"u8);
            return;
        }
        if (storeKey == null)
        {
            reply.WriteArrayHeader((int)outputLength);
            for (long j = start; j <= end; j++)
            {
                if (gets.Count == 0) reply.WriteBulk(items[j].Value);
                foreach (var pattern in gets)
                {
                    var value = LookupByPattern(session, pattern, items[j].Value);
                    if (value == null) reply.WriteNull();
                    else reply.WriteBulk(value);
                }
            }
            return;
        }
        var stored = new ListValue();
        for (long j = start; j <= end; j++)
        {
            if (gets.Count == 0) stored.Push(items[j].Value, ListEnd.Right);
            foreach (var pattern in gets) stored.Push(LookupByPattern(session, pattern, items[j].Value) ?? [], ListEnd.Right);
        }
        var db = session.Db;
        if (outputLength > 0)
        {
            db.Set(storeKey, stored);
            session.Server.Events.Notify(NotifyFlags.List, "sortstore", storeKey, db.Index);
        }
        else if (db.Delete(storeKey)) session.Server.Events.NotifyDeleted(storeKey, db.Index);
        reply.WriteInteger(outputLength);
    }

    private static Item[] LoadAll(object? source)
    {
        var items = new List<Item>();
        switch (source)
        {
            case ListValue list:
                for (int i = 0; i < list.Count; i++) items.Add(new Item(list[i]));
                break;
            case SetValue set:
                foreach (var member in set) items.Add(new Item(member.ToArray()));
                break;
            case SortedSetValue zset:
                for (var at = zset.At(0); at.IsValid; at.MoveNext()) items.Add(new Item(at.Current.Member));
                break;
        }
        return items.ToArray();
    }

    /// <summary><paramref name="count"/> elements from <paramref name="start"/>, counted from the end when <paramref name="desc"/>.</summary>
    private static Item[] LoadRange(object? source, int start, int count, bool desc)
    {
        if (count <= 0) return [];
        var items = new Item[count];
        if (source is ListValue list)
        {
            for (int i = 0; i < count; i++) items[i] = new Item(list[desc ? list.Count - 1 - start - i : start + i]);
            return items;
        }
        var zset = (SortedSetValue)source!;
        var at = zset.At(desc ? zset.Count - 1 - start : start);
        for (int i = 0; i < count; i++)
        {
            items[i] = new Item(at.Current.Member);
            if (desc) at.MovePrevious();
            else at.MoveNext();
        }
        return items;
    }

    /// <summary>sortCompare. Strings compare as bytes (strcoll in the C locale).</summary>
    private static int Compare(in Item a, in Item b, bool alpha, bool byPattern, bool desc)
    {
        int cmp;
        if (!alpha)
        {
            cmp = a.Score.CompareTo(b.Score);
            if (a.Score == b.Score) cmp = a.Value.AsSpan().SequenceCompareTo(b.Value);
        }
        else if (byPattern)
        {
            if (a.CompareBy == null || b.CompareBy == null) cmp = a.CompareBy == b.CompareBy ? 0 : a.CompareBy == null ? -1 : 1;
            else cmp = a.CompareBy.AsSpan().SequenceCompareTo(b.CompareBy);
        }
        else cmp = a.Value.AsSpan().SequenceCompareTo(b.Value);
        return desc ? -cmp : cmp;
    }

    /// <summary>
    /// lookupKeyByPattern: "#" is the element itself; otherwise the first '*' of the pattern is
    /// replaced by the element to name a string key, or with "->field" after it a hash field.
    /// Null when the pattern has no '*' or the key (field) is missing or of another type.
    /// </summary>
    private static byte[]? LookupByPattern(Session session, byte[] pattern, byte[] element)
    {
        if (pattern is [(byte)'#']) return element;
        int star = Array.IndexOf(pattern, (byte)'*');
        if (star < 0) return null;
        var rest = pattern.AsSpan(star + 1);
        int arrow = rest.IndexOf("->"u8);
        bool hasField = arrow >= 0 && arrow + 2 < rest.Length;
        var postfix = hasField ? rest[..arrow] : rest;
        var key = new byte[star + element.Length + postfix.Length];
        pattern.AsSpan(0, star).CopyTo(key);
        element.CopyTo(key, star);
        postfix.CopyTo(key.AsSpan(star + element.Length));
        var value = session.Db.LookupRead(key);
        if (!hasField) return value as byte[];
        return value is HashValue hash && hash.TryGet(rest[(arrow + 2)..], out var field) ? field.ToArray() : null;
    }

    /// <summary>As strtod over the whole text: leading spaces allowed, NaN and overflow refused; empty reads as 0.</summary>
    private static bool TryParseScore(byte[] text, out double score)
    {
        score = 0;
        if (text.Length == 0) return true;
        var trimmed = text.AsSpan().TrimStart(" \t\n\v\f\r"u8);
        if (trimmed.Length == 0 || char.IsWhiteSpace((char)trimmed[^1])) return false;
        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out score) &&
            !RedisDouble.TryParse(trimmed, out score)) return false;
        return !double.IsNaN(score) && !double.IsInfinity(score) || IsInfinityText(trimmed);
    }

    private static bool IsInfinityText(ReadOnlySpan<byte> text)
    {
        var unsigned = text.TrimStart("+-"u8);
        return System.Text.Ascii.EqualsIgnoreCase(unsigned, "inf"u8) || System.Text.Ascii.EqualsIgnoreCase(unsigned, "infinity"u8);
    }
}
