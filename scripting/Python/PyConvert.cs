using System.Buffers;
using System.Text;
using HotGears.Engine.Gears;
using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// Conversions between .NET and Python values (GIL held). Nested containers are walked to a
/// bounded depth: a cyclic list would otherwise overflow the .NET stack, which cannot be caught.
/// </summary>
internal static unsafe class PyConvert
{
    public const int MaxDepth = 1000;

    /// <summary>A new reference to a Python str; throws when Python fails.</summary>
    public static nint NewString(string text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 512 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        int length = Encoding.UTF8.GetBytes(text, buffer);
        nint result;
        fixed (byte* p = buffer) result = CPython.PyUnicode_FromStringAndSize(p, length);
        if (rented != null) ArrayPool<byte>.Shared.Return(rented);
        return Check(result);
    }

    public static nint NewByteArray(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes) return Check(CPython.PyByteArray_FromStringAndSize(p, bytes.Length));
    }

    public static nint NewBytes(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes) return Check(CPython.PyBytes_FromStringAndSize(p, bytes.Length));
    }

    /// <summary>The text of a Python str.</summary>
    public static string ReadString(nint str)
    {
        nint length;
        byte* utf8 = CPython.PyUnicode_AsUTF8AndSize(str, &length);
        if (utf8 == null) throw PythonException.Fetch();
        return Encoding.UTF8.GetString(utf8, (int)length);
    }

    /// <summary>The UTF-8 bytes of a Python str.</summary>
    public static ReadOnlySpan<byte> StringBytes(nint str)
    {
        nint length;
        byte* utf8 = CPython.PyUnicode_AsUTF8AndSize(str, &length);
        if (utf8 == null) throw PythonException.Fetch();
        return new ReadOnlySpan<byte>(utf8, (int)length);
    }

    /// <summary>The bytes of a bytes or bytearray object.</summary>
    public static ReadOnlySpan<byte> BinaryBytes(nint obj) => CPython.IsBytes(obj)
        ? new ReadOnlySpan<byte>(CPython.PyBytes_AsString(obj), (int)CPython.PyBytes_Size(obj))
        : new ReadOnlySpan<byte>(CPython.PyByteArray_AsString(obj), (int)CPython.PyByteArray_Size(obj));

    /// <summary>str(obj) as .NET text.</summary>
    public static string Str(nint obj)
    {
        if (CPython.TypeOf(obj) == CPython.UnicodeType) return ReadString(obj);
        nint str = Check(CPython.PyObject_Str(obj));
        try { return ReadString(str); }
        finally { CPython.Py_DecRef(str); }
    }

    /// <summary>The group key of an extractor's result: itself when a str, else repr() (spec §9 quirk 4).</summary>
    public static string KeyText(nint obj)
    {
        if (CPython.IsStr(obj)) return ReadString(obj);
        nint repr = Check(CPython.PyObject_Repr(obj));
        try { return ReadString(repr); }
        finally { CPython.Py_DecRef(repr); }
    }

    /// <summary>A new reference for a .NET value: PyObj as itself, engine values and records converted.</summary>
    public static nint ToPython(object? value, int depth = 0)
    {
        if (depth > MaxDepth) throw new InvalidOperationException("maximum conversion depth exceeded");
        switch (value)
        {
            case null: return CPython.NewNone();
            case PyObj obj: return obj.NewReference();
            case PyRecord record: return record.NewReference();
            case string text: return NewString(text);
            case long n: return Check(CPython.PyLong_FromLongLong(n));
            case int n: return Check(CPython.PyLong_FromLongLong(n));
            case double d: return Check(CPython.PyFloat_FromDouble(d));
            case bool b: return Check(CPython.PyBool_FromLong(b ? 1 : 0));
            case byte[] bytes: return NewByteArray(bytes);
            case GroupRecord group:
                return PyRecords.NewGroup(group.Key, ToPython(group.Value, depth + 1));
            case KeyRecord or StreamRecord:
                return PyRecords.FromEngine(value);
            case System.Collections.IDictionary dictionary:
                return NewDict(dictionary, depth);
            case System.Collections.IEnumerable items:
                return NewList(items, depth);
            default:
                return NewString(value.ToString() ?? "");
        }
    }

    private static nint NewList(System.Collections.IEnumerable items, int depth)
    {
        nint list = Check(CPython.PyList_New(0));
        try
        {
            foreach (object? item in items)
            {
                nint element = ToPython(item, depth + 1);
                int status = CPython.PyList_Append(list, element);
                CPython.Py_DecRef(element);
                if (status != 0) throw PythonException.Fetch();
            }
            return list;
        }
        catch
        {
            CPython.Py_DecRef(list);
            throw;
        }
    }

    private static nint NewDict(System.Collections.IDictionary dictionary, int depth)
    {
        nint dict = Check(CPython.PyDict_New());
        try
        {
            foreach (System.Collections.DictionaryEntry entry in dictionary)
            {
                nint key = ToPython(entry.Key, depth + 1), item = ToPython(entry.Value, depth + 1);
                int status = CPython.PyDict_SetItem(dict, key, item);
                CPython.Py_DecRef(key);
                CPython.Py_DecRef(item);
                if (status != 0) throw PythonException.Fetch();
            }
            return dict;
        }
        catch
        {
            CPython.Py_DecRef(dict);
            throw;
        }
    }

    /// <summary>A command argument: bytes/bytearray raw, everything else str(x) (spec §2.6).</summary>
    public static object CommandArgument(nint obj)
    {
        if (CPython.IsBytes(obj) || CPython.IsByteArray(obj)) return BinaryBytes(obj).ToArray();
        return Str(obj);
    }

    /// <summary>Throws the pending Python error when a C API call returned NULL.</summary>
    public static nint Check(nint result) => result != 0 ? result : throw PythonException.Fetch();
}
