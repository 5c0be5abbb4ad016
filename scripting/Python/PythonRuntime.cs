using System.Runtime.InteropServices;
using System.Text;
using HotGears.Engine;
using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// The one embedded CPython interpreter of the process. Started on first use, on a dedicated
/// thread that never runs user code (so user code cannot replace the runtime's signal handlers),
/// with Py_InitializeEx(0) and the environment ignored; never finalised (python-embedding notes,
/// rules 7, 10, 13). A Python that cannot be loaded leaves the server running: every later use
/// throws the same <see cref="PythonUnavailableException"/>.
/// </summary>
public sealed unsafe class PythonRuntime
{
    private static readonly object Gate = new();
    private static PythonRuntime? _current;
    private static PythonUnavailableException? _failure;

    /// <summary>Where to find Python; read once, when the interpreter starts.</summary>
    public static PythonSettings Settings { get; set; } = new();

    /// <summary>The running interpreter; only valid once <see cref="Get"/> succeeded.</summary>
    internal static PythonRuntime Current => _current ?? throw new InvalidOperationException("Python is not initialised");

    public PythonInstallation Installation { get; }
    public string Version { get; private set; } = "";

    private PyObj _builderGlobals = null!, _formatException = null!, _newSessionGlobals = null!, _deepCopy = null!, _float = null!;

    /// <summary>gears.error: the Python type of command error replies and of API misuse.</summary>
    internal PyObj GearsError { get; private set; } = null!;

    /// <summary>gears.ExecutionAborted, injected into a callback by RG.ABORTEXECUTION.</summary>
    internal PyObj ExecutionAborted { get; private set; } = null!;

    private PythonRuntime(PythonInstallation installation) => Installation = installation;

    /// <summary>The interpreter, started on first call; throws <see cref="PythonUnavailableException"/> when Python cannot be used.</summary>
    public static PythonRuntime Get()
    {
        if (_current != null) return _current;
        lock (Gate)
        {
            if (_current != null) return _current;
            if (_failure != null) throw _failure;
            Exception? error = null;
            PythonRuntime? runtime = null;
            var thread = new Thread(() =>
            {
                try { runtime = Start(); }
                catch (Exception ex) { error = ex; }
            }) { IsBackground = true, Name = "python-init" };
            thread.Start();
            thread.Join();
            if (runtime == null)
            {
                _failure = error as PythonUnavailableException ?? new PythonUnavailableException(error?.Message ?? "unknown error");
                Log.Warning($"Python gears are unavailable: {_failure.Message}");
                throw _failure;
            }
            Log.Notice($"Python {runtime.Version} loaded from {runtime.Installation.Library}");
            return _current = runtime;
        }
    }

    private static PythonRuntime Start()
    {
        var installation = PythonLibraryLoader.Locate(Settings.Library, Settings.Home);
        nint library = PythonLibraryLoader.Open(installation);
        CPython.Bind(library);
        if (CPython.Py_IsInitialized() != 0) throw new PythonUnavailableException("libpython is already initialised in this process");
        if (Settings.CountAllocations) PythonAllocations.Install(); // before the interpreter allocates anything
        *CPython.IgnoreEnvironmentFlag = 1;
        CPython.Py_SetPythonHome(ForeverWideString(installation.Home));
        CPython.Py_InitializeEx(0);
        var runtime = new PythonRuntime(installation);
        try
        {
            Gil.Interpreter = CPython.PyInterpreterState_Main();
            runtime.Version = Marshal.PtrToStringUTF8((nint)CPython.Py_GetVersion())?.Split(' ')[0] ?? "";
            _current = runtime;
            HostModule.Install();
            PyRecords.Initialize();
            runtime.Bootstrap();
        }
        catch
        {
            _current = null;
            throw;
        }
        finally
        {
            // This thread keeps the main thread state but never runs Python again.
            CPython.PyEval_SaveThread();
        }
        return runtime;
    }

    /// <summary>Runs gears_builder.py in a module of its own and keeps what the host calls of it.</summary>
    private void Bootstrap()
    {
        using var stream = typeof(PythonRuntime).Assembly.GetManifestResourceStream("HotGears.Scripting.Python.gears_builder.py")
                           ?? throw new PythonUnavailableException("gears_builder.py is missing from the assembly");
        string source = new StreamReader(stream, Encoding.UTF8).ReadToEnd();
        nint module = PyConvert.Check(CPython.PyImport_AddModule(Utf8("gears_builder")));
        nint globals = CPython.PyModule_GetDict(module);
        try
        {
            Exec(source, "gears_builder.py", globals);
        }
        catch (PythonException ex)
        {
            throw new PythonUnavailableException("gears_builder.py failed: " + ex.Message);
        }
        _builderGlobals = PyObj.Borrow(globals);
        PyObj Name(string name) => PyObj.Borrow(PyConvert.Check(CPython.PyDict_GetItemString(globals, Utf8(name))));
        _formatException = Name("_format_exception");
        _newSessionGlobals = Name("_new_session_globals");
        GearsError = Name("error");
        ExecutionAborted = Name("ExecutionAborted");
        _deepCopy = PyObj.Steal(PyConvert.Check(CPython.PyObject_GetAttrString(Name("copy").Handle, Utf8("deepcopy"))));
        _float = PyObj.Borrow(CPython.FloatType);
    }

    /// <summary>Compiles and runs source in a globals dict (GIL held); a Python error throws <see cref="PythonException"/>.</summary>
    internal static void Exec(string source, string fileName, nint globals)
    {
        byte[] code = Encoding.UTF8.GetBytes(source + "\0");
        nint compiled;
        fixed (byte* p = code) compiled = CPython.Py_CompileString(p, Utf8(fileName), CPython.PyFileInput);
        PyConvert.Check(compiled);
        nint result = CPython.PyEval_EvalCode(compiled, globals, globals);
        CPython.Py_DecRef(compiled);
        CPython.Py_DecRef(PyConvert.Check(result));
    }

    /// <summary>Runs source in a globals dict of its own, taking the GIL; a Python error throws <see cref="PythonException"/>.</summary>
    internal static void ExecFresh(string source, string fileName)
    {
        using var gil = Gil.Acquire();
        nint globals = PyConvert.Check(CPython.PyDict_New());
        try
        {
            Exec(source, fileName, globals);
        }
        finally
        {
            CPython.Py_DecRef(globals);
        }
    }

    /// <summary>Runs a no-op Python function so that a pending asynchronous exception is raised and dropped (GIL held).</summary>
    internal void DeliverPendingAbort()
    {
        nint helper = CPython.PyDict_GetItemString(_builderGlobals.Handle, Utf8("_deliver_pending_abort"));
        nint result = helper == 0 ? 0 : CPython.PyObject_CallNoArgs(helper);
        if (result == 0) CPython.PyErr_Clear();
        else CPython.Py_DecRef(result);
    }

    /// <summary>Calls a function of gears_builder.py (GIL held): a new reference, or 0 with the Python error set.</summary>
    internal nint CallBuilder(string name, params ReadOnlySpan<nint> args)
    {
        nint function = CPython.PyDict_GetItemString(_builderGlobals.Handle, Utf8(name));
        if (function == 0) return 0;
        fixed (nint* argv = args) return CPython.PyObject_Vectorcall(function, argv, (nuint)args.Length, 0);
    }

    /// <summary><see cref="CallBuilder"/> for its effect only, leaving the error being raised (if any) as it was.</summary>
    internal void CallBuilderKeepingError(string name, params ReadOnlySpan<nint> args)
    {
        nint type, value, traceback;
        CPython.PyErr_Fetch(&type, &value, &traceback);
        nint result = CallBuilder(name, args);
        if (result == 0) CPython.PyErr_Clear();
        else CPython.Py_DecRef(result);
        CPython.PyErr_Restore(type, value, traceback);
    }

    /// <summary>A fresh globals dict for a session: the builtins of spec §2.7 (GIL held).</summary>
    internal PyObj NewSessionGlobals() => PyObj.Steal(PyConvert.Check(CPython.PyObject_CallNoArgs(_newSessionGlobals.Handle)));

    /// <summary>copy.deepcopy(value): aggregate's fresh zero.</summary>
    internal PyObj DeepCopy(PyObj value) => PyObj.Steal(PyConvert.Check(CPython.PyObject_CallOneArg(_deepCopy.Handle, value.Handle)));

    /// <summary>float(value) (GIL held).</summary>
    internal double ToFloat(nint value)
    {
        if (CPython.TypeOf(value) == CPython.FloatType) return CPython.PyFloat_AsDouble(value);
        nint number = PyConvert.Check(CPython.PyObject_CallOneArg(_float.Handle, value));
        double result = CPython.PyFloat_AsDouble(number);
        CPython.Py_DecRef(number);
        return result;
    }

    /// <summary>The error text of spec §2.8 for a fetched exception (GIL held; never throws).</summary>
    internal string FormatException(PyObj type, PyObj? value, PyObj? traceback)
    {
        nint* args = stackalloc nint[4];
        args[0] = type.Handle;
        args[1] = value?.Handle ?? CPython.NoneObject;
        args[2] = traceback?.Handle ?? CPython.NoneObject;
        args[3] = PythonConfig.AttemptTraceback ? CPython.TrueObject : CPython.FalseObject;
        nint text = CPython.PyObject_Vectorcall(_formatException.Handle, args, 4, 0);
        if (text == 0)
        {
            CPython.PyErr_Clear();
            return "Error type: unknown, Value: the error could not be formatted";
        }
        try
        {
            return PyConvert.ReadString(text);
        }
        catch (PythonException)
        {
            return "Error type: unknown, Value: the error could not be formatted";
        }
        finally
        {
            CPython.Py_DecRef(text);
        }
    }

    /// <summary>A NUL-terminated UTF-8 string that lives forever (names CPython may keep).</summary>
    internal static sbyte* Utf8(string text)
    {
        lock (ForeverStrings)
        {
            if (ForeverStrings.TryGetValue(text, out nint existing)) return (sbyte*)existing;
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            byte* memory = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
            bytes.CopyTo(new Span<byte>(memory, bytes.Length));
            memory[bytes.Length] = 0;
            ForeverStrings[text] = (nint)memory;
            return (sbyte*)memory;
        }
    }

    private static readonly Dictionary<string, nint> ForeverStrings = new(StringComparer.Ordinal);

    /// <summary>A NUL-terminated wchar_t (UTF-32 on Linux) string that is never freed: Py_SetPythonHome keeps the pointer.</summary>
    private static nint ForeverWideString(string text)
    {
        byte[] utf32 = Encoding.UTF32.GetBytes(text + "\0");
        nint memory = (nint)NativeMemory.Alloc((nuint)utf32.Length);
        Marshal.Copy(utf32, 0, memory, utf32.Length);
        return memory;
    }
}
