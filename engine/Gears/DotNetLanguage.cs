using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using HotGears.Resp;

namespace HotGears.Engine.Gears;

/// <summary>
/// The language of C# gears: records and results are plain .NET objects (the engine's records
/// as they are, strings, numbers, lists, dictionaries, tuples ...), given Python's semantics
/// wherever RedisGears exposes them (str(), truth, ordering, the reply mapping), so that a C# gear
/// and the equivalent Python gear reply byte-identically.
/// </summary>
public sealed class DotNetLanguage : IGearsLanguage
{
    public static readonly DotNetLanguage Instance = new();

    private DotNetLanguage()
    {
    }

    public string Name => "csharp";

    /// <summary>C# gears see the engine records themselves (KeyRecord, StreamRecord, string, List&lt;string&gt;).</summary>
    public object? FromEngineRecord(object? record) => record;

    public object? FromNative(object? value) => value;

    public string ToStr(object? value) => PythonRepr.Str(value);

    public bool IsTruthy(object? value) => PythonTypes.IsTruthy(value);

    public double ToDouble(object? value) => PythonTypes.ToDouble(value);

    /// <summary>Lists and arrays (IList other than byte[]) expand in flatmap; strings, dictionaries and other values pass whole.</summary>
    public IReadOnlyList<object?>? AsList(object? value) => value switch
    {
        IReadOnlyList<object?> list when value is not byte[] and not string => list,
        IList list when value is not byte[] && !PythonTypes.IsDict(value) => list.Cast<object?>().ToList(),
        _ => null,
    };

    public object DistinctKey(object? value) => PythonOrdering.Key(value);

    public int Compare(object? a, object? b) => PythonOrdering.Compare(a, b);

    /// <summary>
    /// Spec §2.6 (PythonRecord_SendReply): lists → arrays, integers and bool → integers, float →
    /// bulk "%lf", "+x" → status x, "-x" → error x, other strings and byte[] → bulk, anything else
    /// (None, dicts, records, tuples) → bulk "PY RECORD". CR/LF in a status or error become spaces
    /// so that they cannot break the protocol.
    /// </summary>
    public void WriteReply(RespWriter reply, object? value)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case string s when s.Length > 1 && s[0] == '+': reply.WriteSimpleString(OneLine(s[1..])); break;
            case string s when s.Length > 0 && s[0] == '-': reply.WriteError(OneLine(s[1..])); break;
            case string s: reply.WriteBulk(s); break;
            case char c: WriteReply(reply, c.ToString()); break;
            case byte[] bytes: reply.WriteBulk(bytes); break;
            case bool b: reply.WriteInteger(b ? 1 : 0); break;
            case double or float or decimal: reply.WriteBulk(PrintfLf(PythonTypes.ToDouble(value))); break;
            case not null when PythonTypes.IsInteger(value):
                var big = PythonTypes.ToBigInteger(value);
                if (big >= long.MinValue && big <= long.MaxValue) reply.WriteInteger((long)big);
                else reply.WriteBulk(big.ToString(CultureInfo.InvariantCulture));
                break;
            case IList list when PythonTypes.IsList(value):
                reply.WriteArrayHeader(list.Count);
                foreach (var item in list) WriteReply(reply, item);
                break;
            default: reply.WriteBulk("PY RECORD"u8); break;
        }
    }

    /// <summary>C's "%lf": six decimals; inf, -inf, nan as glibc prints them.</summary>
    private static string PrintfLf(double d) =>
        double.IsNaN(d) ? "nan" : double.IsInfinity(d) ? (d > 0 ? "inf" : "-inf") : d.ToString("F6", CultureInfo.InvariantCulture);

    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ');

    /// <summary>
    /// The exception's message, as Python's flat_error gives it (C# has no traceback worth the
    /// bytes); wrappers (TargetInvocationException, single-inner AggregateException) are unwrapped.
    /// </summary>
    public string FormatError(Exception error)
    {
        while (true)
        {
            if (error is TargetInvocationException { InnerException: { } inner }) error = inner;
            else if (error is AggregateException { InnerExceptions: [var only] }) error = only;
            else return error.Message;
        }
    }

    public IDisposable EnterCallbacks() => NoLock.Instance;

    /// <summary>C# callbacks run in parallel on the session's threads: nothing to hold.</summary>
    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();

        public void Dispose()
        {
        }
    }
}
