using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace HotGears.Engine.Gears;

/// <summary>
/// The Python type a plain .NET value of a C# gear stands for, and the Python semantics that
/// depend on it only: the type name in error texts, truth value, float().
/// </summary>
public static class PythonTypes
{
    private static readonly ConcurrentDictionary<Type, bool> SetTypes = new();

    /// <summary>Integral .NET numbers: Python int. bool is handled apart (Python bool is an int subclass).</summary>
    public static bool IsInteger(object? value) =>
        value is long or int or short or sbyte or byte or ushort or uint or ulong or BigInteger or nint or nuint;

    public static bool IsNumber(object? value) => value is bool or double or float or decimal || IsInteger(value);

    /// <summary>A set (ISet&lt;T&gt; / IReadOnlySet&lt;T&gt;): Python set.</summary>
    public static bool IsSet(object value) => SetTypes.GetOrAdd(value.GetType(), static type =>
        type.GetInterfaces().Any(i => i.IsGenericType &&
            (i.GetGenericTypeDefinition() == typeof(ISet<>) || i.GetGenericTypeDefinition() == typeof(IReadOnlySet<>))));

    /// <summary>A value rendered as a Python dict: IDictionary and the engine's records.</summary>
    public static bool IsDict(object? value) =>
        value is IDictionary or KeyRecord or StreamRecord or GroupRecord or StreamEntryValue;

    /// <summary>A value rendered as a Python tuple.</summary>
    public static bool IsTuple(object? value) => value is ITuple or ScoredMember;

    /// <summary>A value rendered as a Python list: any non-string, non-dict, non-set enumerable.</summary>
    public static bool IsList(object? value) =>
        value is IEnumerable and not string and not byte[] && !IsDict(value) && !IsTuple(value) && !IsSet(value);

    /// <summary>type(value).__name__ of the equivalent Python value.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        string or char => "str",
        bool => "bool",
        double or float or decimal => "float",
        byte[] => "bytearray",
        _ when IsInteger(value) => "int",
        _ when IsDict(value) => "dict",
        _ when IsTuple(value) => "tuple",
        _ when IsSet(value) => "set",
        IEnumerable => "list",
        _ => value.GetType().Name,
    };

    /// <summary>bool(value).</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        double d => d != 0,
        float f => f != 0,
        decimal m => m != 0,
        byte[] bytes => bytes.Length > 0,
        ICollection collection => collection.Count > 0,
        ITuple tuple => tuple.Length > 0,
        _ when IsInteger(value) => !ToBigInteger(value!).IsZero,
        _ => true, // records (non-empty dicts), tuples of two, other objects
    };

    /// <summary>float(value); strings as Python parses them ('  1.5 ', '-inf', 'nan', '1_000').</summary>
    public static double ToDouble(object? value)
    {
        switch (value)
        {
            case double d: return d;
            case float f: return f;
            case decimal m: return (double)m;
            case bool b: return b ? 1 : 0;
            case string s: return ParseFloat(s);
            case char c: return ParseFloat(c.ToString());
            case byte[] bytes: return ParseFloat(System.Text.Encoding.UTF8.GetString(bytes));
        }
        if (IsInteger(value)) return (double)ToBigInteger(value!);
        throw new InvalidOperationException($"float() argument must be a string or a number, not '{TypeName(value)}'");
    }

    internal static BigInteger ToBigInteger(object value) => value switch
    {
        BigInteger big => big,
        ulong u => u,
        nuint u => u,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    private static double ParseFloat(string text)
    {
        string t = text.Trim();
        string unsigned = t.TrimStart('+', '-');
        bool negative = t.StartsWith('-');
        if (unsigned.Length == t.Length - 1 || unsigned.Length == t.Length)
        {
            switch (unsigned.ToLowerInvariant())
            {
                case "inf" or "infinity": return negative ? double.NegativeInfinity : double.PositiveInfinity;
                case "nan": return double.NaN;
            }
        }
        if (IsPythonFloatLiteral(t) && double.TryParse(t.Replace("_", ""), NumberStyles.AllowLeadingSign |
                NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double parsed))
            return parsed;
        throw new InvalidOperationException($"could not convert string to float: {PythonRepr.Repr(text)}");
    }

    /// <summary>Underscores only between digits, as Python's float() allows them.</summary>
    private static bool IsPythonFloatLiteral(string t)
    {
        for (int i = 0; i < t.Length; i++)
            if (t[i] == '_' && (i == 0 || i == t.Length - 1 || !char.IsAsciiDigit(t[i - 1]) || !char.IsAsciiDigit(t[i + 1])))
                return false;
        return t.Length > 0;
    }
}
