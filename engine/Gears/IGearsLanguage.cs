using HotGears.Resp;

namespace HotGears.Engine.Gears;

/// <summary>
/// What the engine needs to know about a gear language's values (C#: plain .NET objects; Python:
/// handles to PyObjects). The engine implements every operation natively and calls these only at
/// the edges: converting reader records in, native results (counts, group records) out, and
/// rendering results for the reply.
/// </summary>
public interface IGearsLanguage
{
    /// <summary>"csharp" or "python".</summary>
    string Name { get; }

    /// <summary>The hidden first map: an engine record (KeyRecord, StreamRecord, string, List&lt;string&gt; ...) as a language record.</summary>
    object? FromEngineRecord(object? record);

    /// <summary>A value the engine made (long, double, string, GroupRecord, List&lt;object?&gt;) as a language value.</summary>
    object? FromNative(object? value);

    /// <summary>Python's str(value): the default convertToStr of run/register.</summary>
    string ToStr(object? value);

    /// <summary>Python's truth value (aggregate's falsy-accumulator quirk, filter results).</summary>
    bool IsTruthy(object? value);

    /// <summary>float(value): avg's default extractor.</summary>
    double ToDouble(object? value);

    /// <summary>The items flatmap expands a value into, or null when it passes as one record (Python: only lists).</summary>
    IReadOnlyList<object?>? AsList(object? value);

    /// <summary>A .NET key equal exactly when the two language values are equal (distinct).</summary>
    object DistinctKey(object? value);

    /// <summary>Orders language values as Python's sorted() does (sort); throws when not comparable.</summary>
    int Compare(object? a, object? b);

    /// <summary>Writes a result of a convertToStr=False run or a hook as its RESP reply (spec §2.6 PythonRecord_SendReply).</summary>
    void WriteReply(RespWriter reply, object? value);

    /// <summary>The text of a callback's exception as the execution's error (spec §2.8).</summary>
    string FormatError(Exception error);

    /// <summary>Held around a batch of records pushed through the callbacks (Python: the GIL).</summary>
    IDisposable EnterCallbacks();
}
