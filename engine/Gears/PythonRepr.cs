using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace HotGears.Engine.Gears;

/// <summary>
/// Renders plain .NET values exactly as Python's str() / repr() render the equivalent Python
/// values, so that a C# gear replies byte-identically to the same gear in Python:
/// string → str (repr quoted inside containers), integers → int, double/float → float repr
/// (shortest round-trip, '1e+16', 'inf', 'nan'), bool → True/False, null → None, byte[] →
/// bytearray(b'...'), IList → list, IDictionary and the engine records → dict, ISet → set,
/// tuples → tuple. Mappings not dictated by Python: ScoredMember → ('member', score) tuple,
/// StreamEntryValue → {'id': ..., 'value': {...}}, char → a one-character str, decimal → its
/// invariant digits; other objects → their ToString().
/// </summary>
public static class PythonRepr
{
    /// <summary>Python's str(value).</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        char c => c.ToString(),
        _ => Repr(value),
    };

    /// <summary>Python's repr(value).</summary>
    public static string Repr(object? value)
    {
        var sb = new StringBuilder();
        AppendRepr(sb, value);
        return sb.ToString();
    }

    /// <summary>Appends repr(value). Values nested too deeply (or containing themselves) fail with InsufficientExecutionStackException instead of overflowing the stack.</summary>
    public static void AppendRepr(StringBuilder sb, object? value)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null: sb.Append("None"); break;
            case string s: AppendString(sb, s); break;
            case char c: AppendString(sb, c.ToString()); break;
            case bool b: sb.Append(b ? "True" : "False"); break;
            case double d: sb.Append(Float(d)); break;
            case float f: sb.Append(Float(f)); break;
            case decimal m: sb.Append(m.ToString(CultureInfo.InvariantCulture)); break;
            case long or int or short or sbyte or byte or ushort or uint or ulong or BigInteger or nint or nuint:
                sb.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                break;
            case byte[] bytes: sb.Append("bytearray("); AppendBytes(sb, bytes); sb.Append(')'); break;
            case KeyRecord k: AppendKeyRecord(sb, k); break;
            case StreamRecord r:
                AppendDict(sb, [new("id", r.Id), new("key", r.Key), new("value", r.Value)]);
                break;
            case GroupRecord g: AppendDict(sb, [new("key", g.Key), new("value", g.Value)]); break;
            case ScoredMember m: AppendSequence(sb, "(", ")", new object[] { m.Member, m.Score }, tuple: true); break;
            case StreamEntryValue e: AppendDict(sb, [new("id", e.Id), new("value", e.Fields)]); break;
            case IDictionary dict: AppendDict(sb, Pairs(dict)); break;
            case ITuple tuple: AppendSequence(sb, "(", ")", TupleItems(tuple), tuple: true); break;
            case IEnumerable set when PythonTypes.IsSet(set):
                if (!set.GetEnumerator().MoveNext()) sb.Append("set()");
                else AppendSequence(sb, "{", "}", set, tuple: false);
                break;
            case IEnumerable list: AppendSequence(sb, "[", "]", list, tuple: false); break;
            default: sb.Append(value.ToString()); break;
        }
    }

    private static void AppendKeyRecord(StringBuilder sb, KeyRecord k)
    {
        // In field-name order, as RedisGears shows a record: {'event': None, 'key': 'k', 'type': 'string', 'value': 'v'}.
        if (k.HasValue)
            AppendDict(sb, [new("event", k.Event), new("key", k.Key), new("type", k.Type), new("value", k.Value)]);
        else
            AppendDict(sb, [new("event", k.Event), new("key", k.Key)]);
    }

    private static IEnumerable<KeyValuePair<object?, object?>> Pairs(IDictionary dict)
    {
        foreach (DictionaryEntry entry in dict) yield return new(entry.Key, entry.Value);
    }

    private static IEnumerable<object?> TupleItems(ITuple tuple)
    {
        for (int i = 0; i < tuple.Length; i++) yield return tuple[i];
    }

    private static void AppendDict(StringBuilder sb, IEnumerable<KeyValuePair<object?, object?>> pairs)
    {
        sb.Append('{');
        bool first = true;
        foreach (var (key, value) in pairs)
        {
            if (!first) sb.Append(", ");
            first = false;
            AppendRepr(sb, key);
            sb.Append(": ");
            AppendRepr(sb, value);
        }
        sb.Append('}');
    }

    private static void AppendSequence(StringBuilder sb, string open, string close, IEnumerable items, bool tuple)
    {
        sb.Append(open);
        int count = 0;
        foreach (var item in items)
        {
            if (count++ > 0) sb.Append(", ");
            AppendRepr(sb, item);
        }
        if (tuple && count == 1) sb.Append(',');
        sb.Append(close);
    }

    /// <summary>repr(str): single quotes unless the text holds ' and no "; escapes as CPython's unicode_repr.</summary>
    public static void AppendString(StringBuilder sb, string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        sb.Append(quote);
        for (int i = 0; i < s.Length; i++)
        {
            int cp = s[i];
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                cp = char.ConvertToUtf32(s[i], s[++i]);
            if (cp == quote || cp == '\\') sb.Append('\\').Append((char)cp);
            else if (cp == '\t') sb.Append("\\t");
            else if (cp == '\n') sb.Append("\\n");
            else if (cp == '\r') sb.Append("\\r");
            else if (cp < ' ' || cp == 0x7f) sb.Append("\\x").Append(cp.ToString("x2"));
            else if (cp < 0x7f) sb.Append((char)cp);
            else if (IsPrintable(cp)) sb.Append(char.ConvertFromUtf32(cp));
            else if (cp <= 0xff) sb.Append("\\x").Append(cp.ToString("x2"));
            else if (cp <= 0xffff) sb.Append("\\u").Append(cp.ToString("x4"));
            else sb.Append("\\U").Append(cp.ToString("x8"));
        }
        sb.Append(quote);
    }

    /// <summary>Python's str.isprintable for one code point: not Cc, Cf, Cs, Co, Cn, Zl, Zp, or Zs other than space.</summary>
    private static bool IsPrintable(int cp)
    {
        if (cp is >= 0xd800 and <= 0xdfff) return false; // a lone surrogate
        return CharUnicodeInfo.GetUnicodeCategory(cp) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            UnicodeCategory.SpaceSeparator => cp == ' ',
            _ => true,
        };
    }

    /// <summary>repr(bytes): b'...' with printable ASCII as is, \t \n \r, \\ and the quote escaped, other bytes \xhh.</summary>
    public static void AppendBytes(StringBuilder sb, byte[] bytes)
    {
        char quote = bytes.Contains((byte)'\'') && !bytes.Contains((byte)'"') ? '"' : '\'';
        sb.Append('b').Append(quote);
        foreach (byte b in bytes)
        {
            if (b == quote || b == '\\') sb.Append('\\').Append((char)b);
            else if (b == '\t') sb.Append("\\t");
            else if (b == '\n') sb.Append("\\n");
            else if (b == '\r') sb.Append("\\r");
            else if (b is < 0x20 or >= 0x7f) sb.Append("\\x").Append(b.ToString("x2"));
            else sb.Append((char)b);
        }
        sb.Append(quote);
    }

    /// <summary>repr(float): the shortest round-trip digits, positional when -4 &lt;= exponent &lt; 16, else 'd.ddde+XX'.</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        return FromShortest(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>A float32 rendered from its own shortest digits (Python has no float32; 0.1f prints 0.1).</summary>
    public static string Float(float value)
    {
        if (float.IsNaN(value)) return "nan";
        if (float.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        return FromShortest(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Re-lays .NET's shortest round-trip text ("1.5E-05", "123.25", "-0") out as CPython's float_repr.</summary>
    private static string FromShortest(string text)
    {
        bool negative = text.StartsWith('-');
        if (negative) text = text[1..];
        int exponent = 0;
        int e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        int dot = text.IndexOf('.');
        string digits = dot < 0 ? text : text[..dot] + text[(dot + 1)..];
        int point = (dot < 0 ? text.Length : dot) + exponent; // value = 0.digits × 10^point
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') lead++;
        digits = digits[lead..];
        point -= lead;
        digits = digits.TrimEnd('0');
        string sign = negative ? "-" : "";
        if (digits.Length == 0) return sign + "0.0";

        if (point is <= -4 or > 16)
        {
            int exp = point - 1;
            string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exp < 0 ? '-' : '+')}{Math.Abs(exp):00}";
        }
        if (point <= 0) return sign + "0." + new string('0', -point) + digits;
        if (point >= digits.Length) return sign + digits + new string('0', point - digits.Length) + ".0";
        return sign + digits[..point] + "." + digits[point..];
    }
}
