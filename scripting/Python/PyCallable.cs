using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// A Python function used as a step callback. Calls take the GIL re-entrantly (a no-op inside
/// EnterCallbacks, where the engine runs a batch of records) and pass PyObj records by borrowed
/// reference, so a record's dict is built once however many steps see it.
/// </summary>
internal sealed unsafe class PyCallable
{
    private readonly PyObj _function;

    public PyCallable(PyObj function)
    {
        _function = function;
        Name = FunctionName(function.Handle);
    }

    /// <summary>__name__, shown as the step's name in RG.GETEXECUTION ("&lt;lambda&gt;").</summary>
    public string Name { get; }

    /// <summary>Whether, and how, a call may return a gearsFuture() to continue later.</summary>
    public FutureKind Future { get; init; }

    public PyObj Call(object? a)
    {
        using var gil = Gil.Acquire();
        return PyObj.Steal(CallRaw(a));
    }

    /// <summary>map and flatmap: the input record is consumed, so a record's dict built for this call goes with it.</summary>
    public PyObj Consume(object? record)
    {
        using var gil = Gil.Acquire();
        if (record is not PyRecord lazy) return PyObj.Steal(CallRaw(record));
        nint arg = lazy.NewReference();
        nint result = Invoke(&arg, 1);
        CPython.Py_DecRef(arg);
        return result != 0 ? PyObj.Steal(result) : throw PythonException.Fetch();
    }

    /// <summary>foreach: the result is dropped at once.</summary>
    public void CallAndDrop(object? a)
    {
        using var gil = Gil.Acquire();
        CPython.Py_DecRef(CallRaw(a));
    }

    /// <summary>A new reference to f(a) (GIL held).</summary>
    private nint CallRaw(object? a)
    {
        nint arg = Argument(a, out bool owned);
        nint result = Invoke(&arg, 1);
        if (owned) CPython.Py_DecRef(arg);
        return result != 0 ? result : throw PythonException.Fetch();
    }

    public PyObj Call(object? a, object? b)
    {
        using var gil = Gil.Acquire();
        nint* args = stackalloc nint[2];
        args[0] = Argument(a, out bool ownedA);
        try
        {
            args[1] = Argument(b, out bool ownedB);
            nint result = Invoke(args, 2);
            if (ownedB) CPython.Py_DecRef(args[1]);
            return result != 0 ? PyObj.Steal(result) : throw PythonException.Fetch();
        }
        finally
        {
            if (ownedA) CPython.Py_DecRef(args[0]);
        }
    }

    public PyObj Call(object? a, object? b, object? c)
    {
        using var gil = Gil.Acquire();
        nint* args = stackalloc nint[3];
        int converted = 0;
        bool* owned = stackalloc bool[3];
        try
        {
            args[0] = Argument(a, out owned[0]);
            converted++;
            args[1] = Argument(b, out owned[1]);
            converted++;
            args[2] = Argument(c, out owned[2]);
            converted++;
            nint result = Invoke(args, 3);
            return result != 0 ? PyObj.Steal(result) : throw PythonException.Fetch();
        }
        finally
        {
            for (int i = 0; i < converted; i++)
                if (owned[i]) CPython.Py_DecRef(args[i]);
        }
    }

    /// <summary>Calls with no argument (a PythonReader generator, a patternGenerator).</summary>
    public PyObj Call()
    {
        using var gil = Gil.Acquire();
        nint result = Invoke(null, 0);
        return result != 0 ? PyObj.Steal(result) : throw PythonException.Fetch();
    }

    /// <summary>An extractor: the group key, repr() of a non-str result (spec §9 quirk 4).</summary>
    public string Key(object? record)
    {
        using var gil = Gil.Acquire();
        nint key = CallRaw(record);
        try { return PyConvert.KeyText(key); }
        finally { CPython.Py_DecRef(key); }
    }

    /// <summary>filter: PyObject_IsTrue of the result.</summary>
    public bool Test(object? record)
    {
        using var gil = Gil.Acquire();
        nint result = CallRaw(record);
        int truth = CPython.PyObject_IsTrue(result);
        CPython.Py_DecRef(result);
        return truth >= 0 ? truth == 1 : throw PythonException.Fetch();
    }

    /// <summary>The call itself (GIL held): a new reference or 0; a returned future is waited for here.</summary>
    private nint Invoke(nint* args, int count)
    {
        var scope = FutureSteps.Enter(Future);
        return FutureSteps.Leave(scope, CPython.PyObject_Vectorcall(_function.Handle, args, (nuint)count, 0));
    }

    private static nint Argument(object? value, out bool owned)
    {
        if (value is PyObj obj)
        {
            owned = false;
            return obj.Handle;
        }
        if (value is PyRecord record)
        {
            owned = false;
            return record.Materialize().Handle;
        }
        owned = true;
        return PyConvert.ToPython(value);
    }

    private static string FunctionName(nint function)
    {
        using var gil = Gil.Acquire();
        nint name = CPython.PyObject_GetAttrString(function, PythonRuntime.Utf8("__name__"));
        if (name == 0)
        {
            CPython.PyErr_Clear();
            return "";
        }
        try { return PyConvert.Str(name); }
        finally { CPython.Py_DecRef(name); }
    }
}
