using System.Runtime.InteropServices;
using HotGears.Engine.Gears;
using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// Engine records as Python dicts (spec §2.5), built once per record with interned field names.
/// RedisGears shows record and hash fields in sorted order ({'event', 'key', 'type', 'value'};
/// a hash's fields sorted by name), so the dicts are filled in that order. GIL held throughout.
/// </summary>
internal static unsafe class PyRecords
{
    private static nint _key, _value, _type, _event, _id, _unknown;

    /// <summary>Interned names (event names, key types), shared by every record.</summary>
    private static readonly Dictionary<string, nint> Names = new(StringComparer.Ordinal);

    public static void Initialize()
    {
        _key = Intern("key");
        _value = Intern("value");
        _type = Intern("type");
        _event = Intern("event");
        _id = Intern("id");
        _unknown = Intern("unknown");
    }

    /// <summary>A borrowed, immortal (never released) interned str.</summary>
    public static nint Intern(string name)
    {
        ref nint slot = ref CollectionsMarshal.GetValueRefOrAddDefault(Names, name, out bool exists);
        if (!exists)
        {
            byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(name + "\0");
            fixed (byte* p = utf8) slot = PyConvert.Check(CPython.PyUnicode_InternFromString((sbyte*)p));
        }
        return slot;
    }

    /// <summary>A new reference: the Python form of a KeyRecord, StreamRecord or other engine record.</summary>
    public static nint FromEngine(object? record) => record switch
    {
        KeyRecord key => FromKeyRecord(key),
        StreamRecord stream => FromStreamRecord(stream),
        _ => PyConvert.ToPython(record),
    };

    private static nint FromKeyRecord(KeyRecord record)
    {
        nint dict = PyConvert.Check(CPython.PyDict_New());
        try
        {
            SetBorrowed(dict, _event, record.Event == null ? CPython.NoneObject : Intern(record.Event));
            SetNew(dict, _key, KeyText(record));
            if (record.HasValue)
            {
                SetBorrowed(dict, _type, record.Type is null or "stream" ? _unknown : Intern(record.Type));
                SetNew(dict, _value, record.StringBytes is { } text ? StrOrByteArray(text) : KeyValue(record.Type, record.Value));
            }
            return dict;
        }
        catch
        {
            CPython.Py_DecRef(dict);
            throw;
        }
    }

    /// <summary>The key as str, decoded straight from the keyspace's bytes when the record has them.</summary>
    private static nint KeyText(KeyRecord record)
    {
        if (record.KeyUtf8 is { } utf8 && TryStr(utf8, out nint text)) return text;
        return PyConvert.NewString(record.Key); // not UTF-8: as .NET decoded it
    }

    /// <summary>A string value: str when its bytes are UTF-8, else bytearray (spec §2.6).</summary>
    private static nint StrOrByteArray(byte[] utf8) => TryStr(utf8, out nint text) ? text : PyConvert.NewByteArray(utf8);

    private static bool TryStr(byte[] utf8, out nint text)
    {
        fixed (byte* p = utf8) text = CPython.PyUnicode_FromStringAndSize(p, utf8.Length);
        if (text != 0) return true;
        CPython.PyErr_Clear();
        return false;
    }

    /// <summary>string → str (bytearray when not UTF-8), hash → dict, list → list; set, zset and stream → None (spec §2.5).</summary>
    private static nint KeyValue(string? type, object? value) => (type, value) switch
    {
        ("string", string text) => PyConvert.NewString(text),
        ("string", byte[] bytes) => PyConvert.NewByteArray(bytes),
        ("hash", Dictionary<string, string> hash) => SortedDict(hash),
        ("list", List<string> list) => PyConvert.ToPython(list),
        _ => CPython.NewNone(),
    };

    private static nint FromStreamRecord(StreamRecord record)
    {
        nint dict = PyConvert.Check(CPython.PyDict_New());
        try
        {
            SetNew(dict, _id, PyConvert.NewString(record.Id));
            SetNew(dict, _key, PyConvert.NewString(record.Key));
            SetNew(dict, _value, SortedDict(record.Value));
            return dict;
        }
        catch
        {
            CPython.Py_DecRef(dict);
            throw;
        }
    }

    /// <summary>A new reference: {'key': key, 'value': value}, stealing <paramref name="value"/>.</summary>
    public static nint NewGroup(string key, nint value)
    {
        nint dict;
        try
        {
            dict = PyConvert.Check(CPython.PyDict_New());
        }
        catch
        {
            CPython.Py_DecRef(value);
            throw;
        }
        try
        {
            SetNew(dict, _key, PyConvert.NewString(key));
            SetNew(dict, _value, value);
            return dict;
        }
        catch
        {
            CPython.Py_DecRef(dict);
            throw;
        }
    }

    private static nint SortedDict(Dictionary<string, string> fields)
    {
        var names = new string[fields.Count];
        fields.Keys.CopyTo(names, 0);
        Array.Sort(names, StringComparer.Ordinal);
        nint dict = PyConvert.Check(CPython.PyDict_New());
        try
        {
            foreach (string name in names)
            {
                nint key = PyConvert.NewString(name);
                try { SetNew(dict, key, PyConvert.NewString(fields[name])); }
                finally { CPython.Py_DecRef(key); }
            }
            return dict;
        }
        catch
        {
            CPython.Py_DecRef(dict);
            throw;
        }
    }

    private static void SetBorrowed(nint dict, nint key, nint value)
    {
        if (CPython.PyDict_SetItem(dict, key, value) != 0) throw PythonException.Fetch();
    }

    /// <summary>Sets and releases a new reference.</summary>
    private static void SetNew(nint dict, nint key, nint value)
    {
        int status = CPython.PyDict_SetItem(dict, key, value);
        CPython.Py_DecRef(value);
        if (status != 0) throw PythonException.Fetch();
    }
}
