using System.Runtime.InteropServices;
using HotGears.Engine;
using HotGears.Engine.Gears;
using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// The `redisgears` module: host functions Python calls (METH_FASTCALL). Each one catches every
/// .NET exception and turns it into a Python exception (an exception escaping an
/// UnmanagedCallersOnly method would end the process), and releases the GIL around host work that
/// may block (taking the keyspace lock, running a command that triggers Python on this thread).
/// </summary>
internal static unsafe class HostModule
{
    [StructLayout(LayoutKind.Sequential)]
    private struct PyMethodDef
    {
        public sbyte* Name;
        public nint Method;
        public int Flags;
        public sbyte* Doc;
    }

    /// <summary>The atomic() blocks open on this thread.</summary>
    [ThreadStatic] private static Stack<IDisposable>? _atomicBlocks;

    public static void Install()
    {
        nint module = PyConvert.Check(CPython.PyImport_AddModule(PythonRuntime.Utf8("redisgears")));
        nint dict = CPython.PyModule_GetDict(module);
        Add(dict, "executeCommand", &ExecuteCommand);
        Add(dict, "callNext", &CallNext);
        Add(dict, "getCommand", &GetCommand);
        Add(dict, "overrideReply", &OverrideReply);
        Add(dict, "isAsyncAllow", &IsAsyncAllow);
        Add(dict, "getMyHashTag", &GetMyHashTag);
        Add(dict, "config_get", &ConfigGet);
        Add(dict, "_gears_config_get", &GearsConfigGet);
        Add(dict, "_log", &WriteLog);
        Add(dict, "_atomic_enter", &AtomicEnter);
        Add(dict, "_atomic_exit", &AtomicExit);
        Add(dict, "isInAtomicBlock", &IsInAtomicBlock);
        Add(dict, "_run", &Run);
        Add(dict, "_register", &Register);
        Add(dict, "_new_future", &NewFuture);
        Add(dict, "registerGearsThread", &RegisterGearsThread);
        Add(dict, "_register_time_event", &RegisterTimeEvent);
        Add(dict, "_release_lock", &ReleaseLock);
        Add(dict, "_retake_lock", &RetakeLock);
    }

    private static void Add(nint dict, string name, delegate* unmanaged<nint, nint*, nint, nint> function)
    {
        // CPython keeps pointers to the method table and its strings: they live forever.
        var def = (PyMethodDef*)NativeMemory.AllocZeroed((nuint)sizeof(PyMethodDef));
        def->Name = PythonRuntime.Utf8(name);
        def->Method = (nint)function;
        def->Flags = CPython.MethFastCall;
        nint callable = PyConvert.Check(CPython.PyCFunction_NewEx((nint)def, 0, 0));
        int status = CPython.PyDict_SetItemString(dict, def->Name, callable);
        CPython.Py_DecRef(callable);
        if (status != 0) throw PythonException.Fetch();
    }

    /// <summary>Raises the exception in Python and returns NULL: a PythonException as itself, anything else as gears.error.</summary>
    private static nint Fail(Exception error)
    {
        try
        {
            if (error is PythonException python && python.Type != null)
            {
                python.Restore();
                return 0;
            }
            nint message = PyConvert.NewString(error.Message);
            CPython.PyErr_SetObject(PythonRuntime.Current.GearsError.Handle, message);
            CPython.Py_DecRef(message);
        }
        catch (Exception)
        {
            CPython.PyErr_SetString(CPython.ExcRuntimeError, PythonRuntime.Utf8("host error"));
        }
        return 0;
    }

    private static nint Return(object? value) => PyConvert.ToPython(value);

    private static object?[] Arguments(nint* args, nint count, int from)
    {
        var values = new object?[Math.Max(0, count - from)];
        for (int i = from; i < count; i++) values[i - from] = PyConvert.CommandArgument(args[i]);
        return values;
    }

    private static void Expect(nint count, int expected, string name)
    {
        if (count != expected) throw new GearsErrorException($"{name}() takes {expected} arguments ({count} given)");
    }

    [UnmanagedCallersOnly]
    private static nint ExecuteCommand(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            if (count < 1 || !CPython.IsStr(args[0])) throw new GearsErrorException("the given command must be a string");
            string command = PyConvert.ReadString(args[0]);
            object?[] arguments = Arguments(args, count, 1);
            object? reply;
            using (Gil.Unlock()) reply = GearsBuiltins.Execute(command, arguments);
            return Return(reply);
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    [UnmanagedCallersOnly]
    private static nint CallNext(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            object?[] arguments = Arguments(args, count, 0);
            object? reply;
            using (Gil.Unlock()) reply = GearsBuiltins.CallNext(arguments);
            return Return(reply);
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    [UnmanagedCallersOnly]
    private static nint GetCommand(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            return Return(GearsBuiltins.GetCommand());
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    [UnmanagedCallersOnly]
    private static nint OverrideReply(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            Expect(count, 1, "overrideReply");
            GearsBuiltins.OverrideReply(PyObj.Borrow(args[0]));
            return CPython.NewNone();
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    [UnmanagedCallersOnly]
    private static nint IsAsyncAllow(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            return Return(GearsBuiltins.IsAsyncAllow());
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    [UnmanagedCallersOnly]
    private static nint GetMyHashTag(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            return Return(GearsBuiltins.Hashtag());
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    [UnmanagedCallersOnly]
    private static nint ConfigGet(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            Expect(count, 1, "config_get");
            return Return(GearsBuiltins.ConfigGet(PyConvert.Str(args[0])));
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    [UnmanagedCallersOnly]
    private static nint GearsConfigGet(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            Expect(count, 1, "gearsConfigGet");
            return Return(GearsBuiltins.GearsConfigGet(PyConvert.Str(args[0])));
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    /// <summary>_log(level, text): straight to the server log (log() has added "GEARS: " already).</summary>
    [UnmanagedCallersOnly]
    private static nint WriteLog(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            Expect(count, 2, "_log");
            string text = PyConvert.Str(args[1]);
            switch (PyConvert.Str(args[0]))
            {
                case "debug": Log.Debug(text); break;
                case "verbose": Log.Verbose(text); break;
                case "warning": Log.Warning(text); break;
                default: Log.Notice(text); break;
            }
            return CPython.NewNone();
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    [UnmanagedCallersOnly]
    private static nint AtomicEnter(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            var blocks = _atomicBlocks ??= new Stack<IDisposable>();
            if (blocks.Count > 0) throw new GearsErrorException("Already inside an atomic block");
            IDisposable block;
            using (Gil.Unlock()) block = GearsBuiltins.Atomic();
            blocks.Push(block);
            return CPython.NewNone();
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    [UnmanagedCallersOnly]
    private static nint AtomicExit(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            if (_atomicBlocks is { Count: > 0 } blocks) blocks.Pop().Dispose();
            return CPython.NewNone();
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    [UnmanagedCallersOnly]
    private static nint IsInAtomicBlock(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        return Return(_atomicBlocks is { Count: > 0 });
    }

    /// <summary>_new_future(GearsFuture): gearsFuture() inside a step callback (see <see cref="FutureSteps"/>).</summary>
    [UnmanagedCallersOnly]
    private static nint NewFuture(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            Expect(count, 1, "_new_future");
            return FutureSteps.Create(args[0]);
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    /// <summary>registerGearsThread(): a thread the gear started may then call execute() and atomic().</summary>
    [UnmanagedCallersOnly]
    private static nint RegisterGearsThread(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            GearsBuiltins.RegisterThread(PythonScriptRunner.LastEngine ?? throw new GearsErrorException("no gears engine is running"));
            return CPython.NewNone();
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    /// <summary>_register_time_event(seconds, callback, keyName|None): registerTE once gears_builder.py checked its arguments.</summary>
    [UnmanagedCallersOnly]
    private static nint RegisterTimeEvent(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            Expect(count, 3, "_register_time_event");
            long seconds = CPython.PyLong_AsLongLong(args[0]);
            var callback = PyObj.Borrow(args[1]);
            string? keyName = args[2] == CPython.NoneObject ? null : PyConvert.Str(args[2]);
            bool started;
            using (Gil.Unlock()) started = GearsBuiltins.RegisterTimeEvent(seconds, () => CallTimeEvent(callback), keyName);
            return Return(started);
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    /// <summary>One call of a time event's callback: false (the timer stops) when it raised, which is logged.</summary>
    private static bool CallTimeEvent(PyObj callback)
    {
        using var gil = Gil.Acquire();
        nint result = CPython.PyObject_CallNoArgs(callback.Handle);
        if (result != 0)
        {
            CPython.Py_DecRef(result);
            return true;
        }
        Log.Warning($"GEARS: time event callback failed: {PythonException.Fetch().Message}");
        return false;
    }

    /// <summary>_release_lock(): before a step waits for its future; returns the depth for _retake_lock.</summary>
    [UnmanagedCallersOnly]
    private static nint ReleaseLock(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        return Return((long)GearsBuiltins.ReleaseKeyspaceLock());
    }

    /// <summary>_retake_lock(depth): after the wait (the GIL is let go while the lock is taken: lock before GIL).</summary>
    [UnmanagedCallersOnly]
    private static nint RetakeLock(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            Expect(count, 1, "_retake_lock");
            int depth = (int)CPython.PyLong_AsLongLong(args[0]);
            using (Gil.Unlock()) GearsBuiltins.RetakeKeyspaceLock(depth);
            return CPython.NewNone();
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    /// <summary>_run(reader, desc, steps, arg, options): starts the script's execution (spec §2.3).</summary>
    [UnmanagedCallersOnly]
    private static nint Run(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            Expect(count, 5, "_run");
            var context = PythonScriptRunner.CurrentContext ?? throw new GearsErrorException("run() can only be called while a script runs");
            string reader = PyConvert.Str(args[0]);
            var graph = PythonGraph.Build(reader, args[1], args[2], "*");
            var options = PythonGraph.RunOptions(graph.Reader, args[3], args[4]);
            using (Gil.Unlock()) context.Run(graph, options);
            return CPython.NewNone();
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }

    /// <summary>_register(reader, desc, steps, options): returns the registration id (spec §2.4).</summary>
    [UnmanagedCallersOnly]
    private static nint Register(nint self, nint* args, nint count)
    {
        using var scope = Gil.FromPython();
        try
        {
            Expect(count, 4, "_register");
            var context = PythonScriptRunner.CurrentContext ?? throw new GearsErrorException("register() can only be called while a script runs");
            var graph = PythonGraph.Build(PyConvert.Str(args[0]), args[1], args[2], "*");
            var options = PythonGraph.RegisterOptions(args[3]);
            string id;
            using (Gil.Unlock()) id = context.Register(graph, options);
            return Return(id);
        }
        catch (Exception ex)
        {
            return Fail(ex);
        }
    }
}
