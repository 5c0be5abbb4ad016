using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace HotGears.Engine.Gears;

/// <summary>
/// Python's == and &lt; over the plain .NET values of C# gears: numbers compare numerically across
/// int/float/bool, strings by code point, lists and tuples lexicographically; anything else is
/// unordered and raises Python's TypeError text. <see cref="Key"/> gives a .NET key whose equality
/// is Python's == (distinct).
/// </summary>
public static class PythonOrdering
{
    /// <summary>sorted()'s a &lt; b as a three-way comparison; throws "'&lt;' not supported ..." for unordered types.</summary>
    public static int Compare(object? a, object? b)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (PythonTypes.IsNumber(a) && PythonTypes.IsNumber(b)) return CompareNumbers(a!, b!);
        if (a is string or char && b is string or char) return CompareCodePoints(AsString(a!), AsString(b!));
        if (a is byte[] x && b is byte[] y) return x.AsSpan().SequenceCompareTo(y);
        if (PythonTypes.IsList(a) && PythonTypes.IsList(b)) return CompareSequences(Items(a!), Items(b!));
        if (PythonTypes.IsTuple(a) && PythonTypes.IsTuple(b)) return CompareSequences(Items(a!), Items(b!));
        throw new InvalidOperationException(
            $"'<' not supported between instances of '{PythonTypes.TypeName(a)}' and '{PythonTypes.TypeName(b)}'");
    }

    /// <summary>Python's a == b.</summary>
    public static bool PyEquals(object? a, object? b) => Key(a).Equals(Key(b));

    /// <summary>
    /// A key equal exactly when the values are == in Python: numbers by value (1 == 1.0 == True),
    /// strings by text, lists/tuples/bytes element-wise, dicts and sets regardless of order; other
    /// objects by their own Equals (C# records by value, classes by reference).
    /// </summary>
    public static object Key(object? value)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null: return NoneKey;
            case string s: return s;
            case char c: return c.ToString();
            case bool b: return b ? 1L : 0L;
            case double or float or decimal: return NumberKey(PythonTypes.ToDouble(value));
            case byte[] bytes: return new CompositeKey("bytes", bytes.Select(b => (object)(long)b).ToArray(), ordered: true);
        }
        if (PythonTypes.IsInteger(value))
        {
            var big = PythonTypes.ToBigInteger(value);
            return big >= long.MinValue && big <= long.MaxValue ? (object)(long)big : big;
        }
        if (PythonTypes.IsDict(value))
            return new CompositeKey("dict", DictEntries(value).Select(e => (object)new CompositeKey("entry", [Key(e.Key), Key(e.Value)], true)).ToArray(), ordered: false);
        if (PythonTypes.IsTuple(value)) return new CompositeKey("tuple", Items(value).Select(Key).ToArray(), ordered: true);
        if (PythonTypes.IsSet(value)) return new CompositeKey("set", ((IEnumerable)value).Cast<object?>().Select(Key).ToArray(), ordered: false);
        if (value is IEnumerable list) return new CompositeKey("list", list.Cast<object?>().Select(Key).ToArray(), ordered: true);
        return value;
    }

    private static readonly object NoneKey = new();

    private static object NumberKey(double d) =>
        double.IsFinite(d) && Math.Floor(d) == d && d >= long.MinValue && d < 9.2233720368547758E18 ? (object)(long)d : d;

    private static int CompareNumbers(object a, object b)
    {
        bool integral = PythonTypes.IsInteger(a) || a is bool;
        if (integral && (PythonTypes.IsInteger(b) || b is bool))
            return ToInteger(a).CompareTo(ToInteger(b));
        double x = PythonTypes.ToDouble(a), y = PythonTypes.ToDouble(b);
        return x < y ? -1 : x > y ? 1 : 0; // nan: neither less nor greater, as Python's '<'
    }

    private static BigInteger ToInteger(object value) => value is bool b ? (b ? 1 : 0) : PythonTypes.ToBigInteger(value);

    private static string AsString(object value) => value as string ?? ((char)value).ToString();

    /// <summary>Code-point order (UTF-16 code-unit order differs only for surrogates against U+E000..U+FFFF).</summary>
    internal static int CompareCodePoints(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i], y = b[i];
            if (x == y) continue;
            if (char.IsSurrogate(x) != char.IsSurrogate(y)) return char.IsSurrogate(x) ? 1 : -1;
            return x < y ? -1 : 1;
        }
        return a.Length.CompareTo(b.Length);
    }

    private static int CompareSequences(IReadOnlyList<object?> a, IReadOnlyList<object?> b)
    {
        int n = Math.Min(a.Count, b.Count);
        for (int i = 0; i < n; i++)
            if (!PyEquals(a[i], b[i])) return Compare(a[i], b[i]);
        return a.Count.CompareTo(b.Count);
    }

    private static IReadOnlyList<object?> Items(object value)
    {
        switch (value)
        {
            case ScoredMember m: return [m.Member, m.Score];
            case ITuple tuple:
                var items = new object?[tuple.Length];
                for (int i = 0; i < items.Length; i++) items[i] = tuple[i];
                return items;
            default: return ((IEnumerable)value).Cast<object?>().ToList();
        }
    }

    private static IEnumerable<KeyValuePair<object?, object?>> DictEntries(object value)
    {
        switch (value)
        {
            case KeyRecord k:
                yield return new("key", k.Key);
                if (k.HasValue)
                {
                    yield return new("value", k.Value);
                    yield return new("type", k.Type);
                }
                yield return new("event", k.Event);
                break;
            case StreamRecord r:
                yield return new("key", r.Key);
                yield return new("id", r.Id);
                yield return new("value", r.Value);
                break;
            case GroupRecord g:
                yield return new("key", g.Key);
                yield return new("value", g.Value);
                break;
            case StreamEntryValue e:
                yield return new("id", e.Id);
                yield return new("value", e.Fields);
                break;
            case IDictionary dict:
                foreach (DictionaryEntry entry in dict) yield return new(entry.Key, entry.Value);
                break;
        }
    }

    /// <summary>A structural key of a composite value; unordered kinds (dict, set) compare as sets of item keys.</summary>
    private sealed class CompositeKey(string kind, object[] items, bool ordered) : IEquatable<CompositeKey>
    {
        private readonly string _kind = kind;
        private readonly object[] _items = items;
        private readonly bool _ordered = ordered;
        private HashSet<object>? _set;

        public bool Equals(CompositeKey? other)
        {
            if (other is null || other._kind != _kind || other._items.Length != _items.Length) return false;
            if (_ordered) return _items.AsSpan().SequenceEqual(other._items);
            _set ??= new HashSet<object>(_items);
            return _set.SetEquals(other._items);
        }

        public override bool Equals(object? obj) => Equals(obj as CompositeKey);

        public override int GetHashCode()
        {
            int hash = _kind.GetHashCode();
            if (_ordered)
                foreach (var item in _items) hash = HashCode.Combine(hash, item);
            else
                foreach (var item in _items) hash ^= item.GetHashCode(); // order-independent
            return hash;
        }
    }
}
