using System.Globalization;
using System.Text;
using HotGears.Engine.Gears;
using HotGears.Resp;
using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// The Python front end's values for the engine: every language value is a <see cref="PyObj"/>.
/// Each member takes the GIL re-entrantly, so it costs a counter increment inside
/// <see cref="EnterCallbacks"/>, where the engine pushes a batch of records through the callbacks.
/// </summary>
public sealed unsafe class PythonLanguage : IGearsLanguage
{
    public static readonly PythonLanguage Instance = new();

    private PythonLanguage()
    {
    }

    public string Name => "python";

    /// <summary>Lazy: the dict is built when Python first needs it (<see cref="PyRecord"/>).</summary>
    public object? FromEngineRecord(object? record) => new PyRecord(record);

    public object? FromNative(object? value)
    {
        if (value is PyObj or PyRecord) return value;
        using var gil = Gil.Acquire();
        return PyObj.Steal(PyConvert.ToPython(value));
    }

    public string ToStr(object? value)
    {
        using var gil = Gil.Acquire();
        return WithObject(value, PyConvert.Str);
    }

    public bool IsTruthy(object? value)
    {
        using var gil = Gil.Acquire();
        return WithObject(value, o =>
        {
            int truth = CPython.PyObject_IsTrue(o);
            return truth >= 0 ? truth == 1 : throw PythonException.Fetch();
        });
    }

    public double ToDouble(object? value)
    {
        using var gil = Gil.Acquire();
        return WithObject(value, PythonRuntime.Current.ToFloat);
    }

    /// <summary>flatmap expands Python lists only (spec §2.2).</summary>
    public IReadOnlyList<object?>? AsList(object? value)
    {
        if (value is not PyObj obj) return null;
        using var gil = Gil.Acquire();
        if (!CPython.IsList(obj.Handle)) return null;
        nint count = CPython.PyList_Size(obj.Handle);
        var items = new object?[count];
        for (nint i = 0; i < count; i++) items[i] = PyObj.Borrow(CPython.PyList_GetItem(obj.Handle, i));
        return items;
    }

    public object DistinctKey(object? value)
    {
        using var gil = Gil.Acquire();
        var obj = value as PyObj ?? (value as PyRecord)?.Materialize() ?? PyObj.Steal(PyConvert.ToPython(value));
        nint hash = CPython.PyObject_Hash(obj.Handle);
        if (hash == -1 && CPython.PyErr_Occurred() != 0) throw PythonException.Fetch();
        return new EqualityKey(obj, (int)hash ^ (int)(hash >> 32));
    }

    /// <summary>Python's sorted() order: only '&lt;' is asked, as list.sort does.</summary>
    public int Compare(object? a, object? b)
    {
        using var gil = Gil.Acquire();
        nint left = PyConvert.ToPython(a), right = PyConvert.ToPython(b);
        try
        {
            if (LessThan(left, right)) return -1;
            return LessThan(right, left) ? 1 : 0;
        }
        finally
        {
            CPython.Py_DecRef(left);
            CPython.Py_DecRef(right);
        }
    }

    private static bool LessThan(nint a, nint b)
    {
        int result = CPython.PyObject_RichCompareBool(a, b, CPython.PyLt);
        return result >= 0 ? result == 1 : throw PythonException.Fetch();
    }

    /// <summary>Spec §2.6 (PythonRecord_SendReply). The reply is converted first, so a failure writes nothing.</summary>
    public void WriteReply(RespWriter reply, object? value)
    {
        ReplyNode node;
        using (Gil.Acquire()) node = WithObject(value, o => ToReply(o, 0));
        node.Write(reply);
    }

    public string FormatError(Exception error) => error.Message;

    public IDisposable EnterCallbacks() => new CallbackScope(GearsBuiltins.Cancellation);

    /// <summary>Runs <paramref name="use"/> on the Python form of a value (GIL held).</summary>
    private static T WithObject<T>(object? value, Func<nint, T> use)
    {
        if (value is PyObj obj) return use(obj.Handle);
        nint converted = PyConvert.ToPython(value);
        try { return use(converted); }
        finally { CPython.Py_DecRef(converted); }
    }

    private static ReplyNode ToReply(nint o, int depth)
    {
        if (depth > PyConvert.MaxDepth) throw new InvalidOperationException("reply nesting is too deep");
        if (CPython.IsList(o))
        {
            nint count = CPython.PyList_Size(o);
            var items = new ReplyNode[count];
            for (nint i = 0; i < count; i++) items[i] = ToReply(CPython.PyList_GetItem(o, i), depth + 1);
            return new ArrayNode(items);
        }
        if (CPython.IsInt(o))
        {
            long n = CPython.PyLong_AsLongLong(o);
            if (n == -1 && CPython.PyErr_Occurred() != 0)
            {
                CPython.PyErr_Clear();
                return new BulkNode(Encoding.UTF8.GetBytes(PyConvert.Str(o)));
            }
            return new IntegerNode(n);
        }
        if (CPython.IsFloat(o)) return new BulkNode(Encoding.ASCII.GetBytes(FormatLf(CPython.PyFloat_AsDouble(o))));
        if (CPython.IsStr(o))
        {
            var text = PyConvert.StringBytes(o);
            if (text.Length > 1 && text[0] == (byte)'+') return new StatusNode(PyConvert.ReadString(o)[1..], Error: false);
            if (text.Length > 0 && text[0] == (byte)'-') return new StatusNode(PyConvert.ReadString(o)[1..], Error: true);
            return new BulkNode(text.ToArray());
        }
        if (CPython.IsBytes(o)) return new BulkNode(PyConvert.BinaryBytes(o).ToArray());
        return new BulkNode("PY RECORD"u8.ToArray());
    }

    /// <summary>C's "%lf".</summary>
    private static string FormatLf(double value) => double.IsNaN(value) ? (double.IsNegative(value) ? "-nan" : "nan")
        : double.IsInfinity(value) ? (value > 0 ? "inf" : "-inf")
        : value.ToString("F6", CultureInfo.InvariantCulture);

    private abstract record ReplyNode
    {
        public abstract void Write(RespWriter reply);
    }

    private sealed record BulkNode(byte[] Value) : ReplyNode
    {
        public override void Write(RespWriter reply) => reply.WriteBulk(Value);
    }

    private sealed record IntegerNode(long Value) : ReplyNode
    {
        public override void Write(RespWriter reply) => reply.WriteInteger(Value);
    }

    private sealed record StatusNode(string Text, bool Error) : ReplyNode
    {
        public override void Write(RespWriter reply)
        {
            string line = Text.Replace('\r', ' ').Replace('\n', ' ');
            if (Error) reply.WriteError(line);
            else reply.WriteSimpleString(line);
        }
    }

    private sealed record ArrayNode(ReplyNode[] Items) : ReplyNode
    {
        public override void Write(RespWriter reply)
        {
            reply.WriteArrayHeader(Items.Length);
            foreach (var item in Items) item.Write(reply);
        }
    }

    /// <summary>distinct's key: equal exactly when the Python objects compare equal.</summary>
    private sealed class EqualityKey(PyObj value, int hash)
    {
        public override int GetHashCode() => hash;

        public override bool Equals(object? other)
        {
            if (other is not EqualityKey key) return false;
            if (ReferenceEquals(key.Value, Value) || key.Value.Handle == Value.Handle) return true;
            using var gil = Gil.Acquire();
            int equal = CPython.PyObject_RichCompareBool(Value.Handle, key.Value.Handle, CPython.PyEq);
            return equal >= 0 ? equal == 1 : throw PythonException.Fetch();
        }

        private PyObj Value { get; } = value;
    }
}
