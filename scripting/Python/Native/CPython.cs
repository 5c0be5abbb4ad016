using System.Runtime.InteropServices;

namespace HotGears.Scripting.Python.Native;

/// <summary>
/// The CPython C API functions HotGears uses, bound at run time from the libpython that
/// <see cref="PythonLibraryLoader"/> opened. Only exported functions and data symbols: no macros, no
/// variadic functions (python-embedding notes, rule 5). PyObject* is <c>nint</c>.
/// </summary>
internal static unsafe class CPython
{
    public const int PyFileInput = 257;
    public const int PyLt = 0, PyEq = 2, PyGt = 4;
    public const int MethVarargs = 0x1, MethKeywords = 0x2, MethNoArgs = 0x4, MethO = 0x8, MethFastCall = 0x80;
    public const ulong TpFlagsLongSubclass = 1UL << 24, TpFlagsListSubclass = 1UL << 25, TpFlagsTupleSubclass = 1UL << 26,
        TpFlagsBytesSubclass = 1UL << 27, TpFlagsUnicodeSubclass = 1UL << 28, TpFlagsDictSubclass = 1UL << 29,
        TpFlagsBaseExcSubclass = 1UL << 30;

    // Lifecycle and threads
    public static delegate* unmanaged<int, void> Py_InitializeEx;
    public static delegate* unmanaged<int, void*, void> PyMem_GetAllocator;
    public static delegate* unmanaged<int, void*, void> PyMem_SetAllocator;
    public static delegate* unmanaged<int> Py_IsInitialized;
    public static delegate* unmanaged<nint, void> Py_SetPythonHome;
    public static delegate* unmanaged<sbyte*> Py_GetVersion;
    public static delegate* unmanaged<nint> PyEval_SaveThread;
    public static delegate* unmanaged<nint, void> PyEval_RestoreThread;
    public static delegate* unmanaged<nint> PyInterpreterState_Main;
    public static delegate* unmanaged<nint, nint> PyThreadState_New;
    public static delegate* unmanaged<nint> PyThreadState_Get;
    public static delegate* unmanaged<nuint> PyThread_get_thread_ident;
    public static delegate* unmanaged<nuint, nint, int> PyThreadState_SetAsyncExc;

    // Reference counts and generic objects
    public static delegate* unmanaged<nint, void> Py_IncRef;
    public static delegate* unmanaged<nint, void> Py_DecRef;
    public static delegate* unmanaged<nint, nint> PyObject_Str;
    public static delegate* unmanaged<nint, nint> PyObject_Repr;
    public static delegate* unmanaged<nint, int> PyObject_IsTrue;
    public static delegate* unmanaged<nint, nint, int, int> PyObject_RichCompareBool;
    public static delegate* unmanaged<nint, nint> PyObject_Hash;
    public static delegate* unmanaged<nint, sbyte*, nint> PyObject_GetAttrString;
    public static delegate* unmanaged<nint, nint*, nuint, nint, nint> PyObject_Vectorcall;
    public static delegate* unmanaged<nint, nint, nint> PyObject_CallOneArg;
    public static delegate* unmanaged<nint, nint> PyObject_CallNoArgs;
    public static delegate* unmanaged<nint, nint, nint, nint> PyObject_Call;
    public static delegate* unmanaged<nint, nint> PyObject_GetIter;
    public static delegate* unmanaged<nint, nint> PyIter_Next;
    public static delegate* unmanaged<nint, int> PyCallable_Check;
    public static delegate* unmanaged<nint, ulong> PyType_GetFlags;
    public static delegate* unmanaged<nint, nint, int> PyObject_IsInstance;

    // Strings, bytes, numbers
    public static delegate* unmanaged<byte*, nint, nint> PyUnicode_FromStringAndSize;
    public static delegate* unmanaged<byte*, nint, sbyte*, nint> PyUnicode_DecodeUTF8;
    public static delegate* unmanaged<nint, nint*, byte*> PyUnicode_AsUTF8AndSize;
    public static delegate* unmanaged<sbyte*, nint> PyUnicode_InternFromString;
    public static delegate* unmanaged<byte*, nint, nint> PyBytes_FromStringAndSize;
    public static delegate* unmanaged<nint, byte*> PyBytes_AsString;
    public static delegate* unmanaged<nint, nint> PyBytes_Size;
    public static delegate* unmanaged<byte*, nint, nint> PyByteArray_FromStringAndSize;
    public static delegate* unmanaged<nint, byte*> PyByteArray_AsString;
    public static delegate* unmanaged<nint, nint> PyByteArray_Size;
    public static delegate* unmanaged<long, nint> PyLong_FromLongLong;
    public static delegate* unmanaged<nint, long> PyLong_AsLongLong;
    public static delegate* unmanaged<double, nint> PyFloat_FromDouble;
    public static delegate* unmanaged<nint, double> PyFloat_AsDouble;
    public static delegate* unmanaged<long, nint> PyBool_FromLong;

    // Containers
    public static delegate* unmanaged<nint, nint> PyList_New;
    public static delegate* unmanaged<nint, nint, int> PyList_Append;
    public static delegate* unmanaged<nint, nint> PyList_Size;
    public static delegate* unmanaged<nint, nint, nint> PyList_GetItem;
    public static delegate* unmanaged<nint, nint, nint, int> PyList_SetItem;
    public static delegate* unmanaged<nint, nint> PyTuple_New;
    public static delegate* unmanaged<nint, nint, nint, int> PyTuple_SetItem;
    public static delegate* unmanaged<nint, nint> PyTuple_Size;
    public static delegate* unmanaged<nint, nint, nint> PyTuple_GetItem;
    public static delegate* unmanaged<nint> PyDict_New;
    public static delegate* unmanaged<nint, nint, nint, int> PyDict_SetItem;
    public static delegate* unmanaged<nint, sbyte*, nint, int> PyDict_SetItemString;
    public static delegate* unmanaged<nint, sbyte*, nint> PyDict_GetItemString;
    public static delegate* unmanaged<nint, nint*, nint*, nint*, int> PyDict_Next;
    public static delegate* unmanaged<nint, nint> PyDict_Copy;
    public static delegate* unmanaged<nint, nint, int> PyDict_Update;

    // Errors
    public static delegate* unmanaged<nint> PyErr_Occurred;
    public static delegate* unmanaged<nint*, nint*, nint*, void> PyErr_Fetch;
    public static delegate* unmanaged<nint*, nint*, nint*, void> PyErr_NormalizeException;
    public static delegate* unmanaged<nint, nint, nint, void> PyErr_Restore;
    public static delegate* unmanaged<nint, sbyte*, void> PyErr_SetString;
    public static delegate* unmanaged<nint, nint, void> PyErr_SetObject;
    public static delegate* unmanaged<void> PyErr_Clear;
    public static delegate* unmanaged<nint, nint, int> PyErr_GivenExceptionMatches;
    public static delegate* unmanaged<nint, nint, int> PyException_SetTraceback;

    // Modules and code
    public static delegate* unmanaged<sbyte*, nint> PyImport_AddModule;
    public static delegate* unmanaged<sbyte*, nint> PyImport_ImportModule;
    public static delegate* unmanaged<nint, nint> PyModule_GetDict;
    public static delegate* unmanaged<nint, nint, nint, nint> PyCFunction_NewEx;
    public static delegate* unmanaged<byte*, sbyte*, int, nint> Py_CompileString;
    public static delegate* unmanaged<nint, nint, nint, nint> PyEval_EvalCode;

    // Data symbols: the address of a type object is its PyObject*; PyExc_* are PyObject* variables.
    public static nint NoneObject, TrueObject, FalseObject;
    public static nint UnicodeType, LongType, FloatType, BoolType, ListType, DictType, TupleType, BytesType, ByteArrayType;
    public static nint ExcException, ExcTypeError, ExcValueError, ExcRuntimeError, ExcSystemExit, ExcKeyboardInterrupt;
    public static int* IgnoreEnvironmentFlag;

    /// <summary>Resolves every symbol from an opened libpython; throws naming the first one missing.</summary>
    public static void Bind(nint library)
    {
        nint S(string name) => NativeLibrary.TryGetExport(library, name, out nint address)
            ? address
            : throw new PythonUnavailableException($"libpython does not export {name}");

        Py_InitializeEx = (delegate* unmanaged<int, void>)S("Py_InitializeEx");
        PyMem_GetAllocator = (delegate* unmanaged<int, void*, void>)S("PyMem_GetAllocator");
        PyMem_SetAllocator = (delegate* unmanaged<int, void*, void>)S("PyMem_SetAllocator");
        Py_IsInitialized = (delegate* unmanaged<int>)S("Py_IsInitialized");
        Py_SetPythonHome = (delegate* unmanaged<nint, void>)S("Py_SetPythonHome");
        Py_GetVersion = (delegate* unmanaged<sbyte*>)S("Py_GetVersion");
        PyEval_SaveThread = (delegate* unmanaged<nint>)S("PyEval_SaveThread");
        PyEval_RestoreThread = (delegate* unmanaged<nint, void>)S("PyEval_RestoreThread");
        PyInterpreterState_Main = (delegate* unmanaged<nint>)S("PyInterpreterState_Main");
        PyThreadState_New = (delegate* unmanaged<nint, nint>)S("PyThreadState_New");
        PyThreadState_Get = (delegate* unmanaged<nint>)S("PyThreadState_Get");
        PyThread_get_thread_ident = (delegate* unmanaged<nuint>)S("PyThread_get_thread_ident");
        PyThreadState_SetAsyncExc = (delegate* unmanaged<nuint, nint, int>)S("PyThreadState_SetAsyncExc");

        Py_IncRef = (delegate* unmanaged<nint, void>)S("Py_IncRef");
        Py_DecRef = (delegate* unmanaged<nint, void>)S("Py_DecRef");
        PyObject_Str = (delegate* unmanaged<nint, nint>)S("PyObject_Str");
        PyObject_Repr = (delegate* unmanaged<nint, nint>)S("PyObject_Repr");
        PyObject_IsTrue = (delegate* unmanaged<nint, int>)S("PyObject_IsTrue");
        PyObject_RichCompareBool = (delegate* unmanaged<nint, nint, int, int>)S("PyObject_RichCompareBool");
        PyObject_Hash = (delegate* unmanaged<nint, nint>)S("PyObject_Hash");
        PyObject_GetAttrString = (delegate* unmanaged<nint, sbyte*, nint>)S("PyObject_GetAttrString");
        PyObject_Vectorcall = (delegate* unmanaged<nint, nint*, nuint, nint, nint>)S("PyObject_Vectorcall");
        PyObject_CallOneArg = (delegate* unmanaged<nint, nint, nint>)S("PyObject_CallOneArg");
        PyObject_CallNoArgs = (delegate* unmanaged<nint, nint>)S("PyObject_CallNoArgs");
        PyObject_Call = (delegate* unmanaged<nint, nint, nint, nint>)S("PyObject_Call");
        PyObject_GetIter = (delegate* unmanaged<nint, nint>)S("PyObject_GetIter");
        PyIter_Next = (delegate* unmanaged<nint, nint>)S("PyIter_Next");
        PyCallable_Check = (delegate* unmanaged<nint, int>)S("PyCallable_Check");
        PyType_GetFlags = (delegate* unmanaged<nint, ulong>)S("PyType_GetFlags");
        PyObject_IsInstance = (delegate* unmanaged<nint, nint, int>)S("PyObject_IsInstance");

        PyUnicode_FromStringAndSize = (delegate* unmanaged<byte*, nint, nint>)S("PyUnicode_FromStringAndSize");
        PyUnicode_DecodeUTF8 = (delegate* unmanaged<byte*, nint, sbyte*, nint>)S("PyUnicode_DecodeUTF8");
        PyUnicode_AsUTF8AndSize = (delegate* unmanaged<nint, nint*, byte*>)S("PyUnicode_AsUTF8AndSize");
        PyUnicode_InternFromString = (delegate* unmanaged<sbyte*, nint>)S("PyUnicode_InternFromString");
        PyBytes_FromStringAndSize = (delegate* unmanaged<byte*, nint, nint>)S("PyBytes_FromStringAndSize");
        PyBytes_AsString = (delegate* unmanaged<nint, byte*>)S("PyBytes_AsString");
        PyBytes_Size = (delegate* unmanaged<nint, nint>)S("PyBytes_Size");
        PyByteArray_FromStringAndSize = (delegate* unmanaged<byte*, nint, nint>)S("PyByteArray_FromStringAndSize");
        PyByteArray_AsString = (delegate* unmanaged<nint, byte*>)S("PyByteArray_AsString");
        PyByteArray_Size = (delegate* unmanaged<nint, nint>)S("PyByteArray_Size");
        PyLong_FromLongLong = (delegate* unmanaged<long, nint>)S("PyLong_FromLongLong");
        PyLong_AsLongLong = (delegate* unmanaged<nint, long>)S("PyLong_AsLongLong");
        PyFloat_FromDouble = (delegate* unmanaged<double, nint>)S("PyFloat_FromDouble");
        PyFloat_AsDouble = (delegate* unmanaged<nint, double>)S("PyFloat_AsDouble");
        PyBool_FromLong = (delegate* unmanaged<long, nint>)S("PyBool_FromLong");

        PyList_New = (delegate* unmanaged<nint, nint>)S("PyList_New");
        PyList_Append = (delegate* unmanaged<nint, nint, int>)S("PyList_Append");
        PyList_Size = (delegate* unmanaged<nint, nint>)S("PyList_Size");
        PyList_GetItem = (delegate* unmanaged<nint, nint, nint>)S("PyList_GetItem");
        PyList_SetItem = (delegate* unmanaged<nint, nint, nint, int>)S("PyList_SetItem");
        PyTuple_New = (delegate* unmanaged<nint, nint>)S("PyTuple_New");
        PyTuple_SetItem = (delegate* unmanaged<nint, nint, nint, int>)S("PyTuple_SetItem");
        PyTuple_Size = (delegate* unmanaged<nint, nint>)S("PyTuple_Size");
        PyTuple_GetItem = (delegate* unmanaged<nint, nint, nint>)S("PyTuple_GetItem");
        PyDict_New = (delegate* unmanaged<nint>)S("PyDict_New");
        PyDict_SetItem = (delegate* unmanaged<nint, nint, nint, int>)S("PyDict_SetItem");
        PyDict_SetItemString = (delegate* unmanaged<nint, sbyte*, nint, int>)S("PyDict_SetItemString");
        PyDict_GetItemString = (delegate* unmanaged<nint, sbyte*, nint>)S("PyDict_GetItemString");
        PyDict_Next = (delegate* unmanaged<nint, nint*, nint*, nint*, int>)S("PyDict_Next");
        PyDict_Copy = (delegate* unmanaged<nint, nint>)S("PyDict_Copy");
        PyDict_Update = (delegate* unmanaged<nint, nint, int>)S("PyDict_Update");

        PyErr_Occurred = (delegate* unmanaged<nint>)S("PyErr_Occurred");
        PyErr_Fetch = (delegate* unmanaged<nint*, nint*, nint*, void>)S("PyErr_Fetch");
        PyErr_NormalizeException = (delegate* unmanaged<nint*, nint*, nint*, void>)S("PyErr_NormalizeException");
        PyErr_Restore = (delegate* unmanaged<nint, nint, nint, void>)S("PyErr_Restore");
        PyErr_SetString = (delegate* unmanaged<nint, sbyte*, void>)S("PyErr_SetString");
        PyErr_SetObject = (delegate* unmanaged<nint, nint, void>)S("PyErr_SetObject");
        PyErr_Clear = (delegate* unmanaged<void>)S("PyErr_Clear");
        PyErr_GivenExceptionMatches = (delegate* unmanaged<nint, nint, int>)S("PyErr_GivenExceptionMatches");
        PyException_SetTraceback = (delegate* unmanaged<nint, nint, int>)S("PyException_SetTraceback");

        PyImport_AddModule = (delegate* unmanaged<sbyte*, nint>)S("PyImport_AddModule");
        PyImport_ImportModule = (delegate* unmanaged<sbyte*, nint>)S("PyImport_ImportModule");
        PyModule_GetDict = (delegate* unmanaged<nint, nint>)S("PyModule_GetDict");
        PyCFunction_NewEx = (delegate* unmanaged<nint, nint, nint, nint>)S("PyCFunction_NewEx");
        Py_CompileString = (delegate* unmanaged<byte*, sbyte*, int, nint>)S("Py_CompileString");
        PyEval_EvalCode = (delegate* unmanaged<nint, nint, nint, nint>)S("PyEval_EvalCode");

        NoneObject = S("_Py_NoneStruct");
        TrueObject = S("_Py_TrueStruct");
        FalseObject = S("_Py_FalseStruct");
        UnicodeType = S("PyUnicode_Type");
        LongType = S("PyLong_Type");
        FloatType = S("PyFloat_Type");
        BoolType = S("PyBool_Type");
        ListType = S("PyList_Type");
        DictType = S("PyDict_Type");
        TupleType = S("PyTuple_Type");
        BytesType = S("PyBytes_Type");
        ByteArrayType = S("PyByteArray_Type");
        ExcException = *(nint*)S("PyExc_Exception");
        ExcTypeError = *(nint*)S("PyExc_TypeError");
        ExcValueError = *(nint*)S("PyExc_ValueError");
        ExcRuntimeError = *(nint*)S("PyExc_RuntimeError");
        ExcSystemExit = *(nint*)S("PyExc_SystemExit");
        ExcKeyboardInterrupt = *(nint*)S("PyExc_KeyboardInterrupt");
        IgnoreEnvironmentFlag = (int*)S("Py_IgnoreEnvironmentFlag");
    }

    /// <summary>Py_TYPE(o): ob_type follows the 8-byte reference count in every non-free-threaded build.</summary>
    public static nint TypeOf(nint o) => *(nint*)(o + 8);

    public static bool HasTypeFlag(nint o, ulong flag) => (PyType_GetFlags(TypeOf(o)) & flag) != 0;
    public static bool IsStr(nint o) => TypeOf(o) == UnicodeType || HasTypeFlag(o, TpFlagsUnicodeSubclass);
    public static bool IsInt(nint o) => TypeOf(o) == LongType || HasTypeFlag(o, TpFlagsLongSubclass);
    public static bool IsList(nint o) => TypeOf(o) == ListType || HasTypeFlag(o, TpFlagsListSubclass);
    public static bool IsBytes(nint o) => TypeOf(o) == BytesType || HasTypeFlag(o, TpFlagsBytesSubclass);
    public static bool IsDict(nint o) => TypeOf(o) == DictType || HasTypeFlag(o, TpFlagsDictSubclass);
    public static bool IsFloat(nint o) => TypeOf(o) == FloatType || PyObject_IsInstance(o, FloatType) == 1;
    public static bool IsByteArray(nint o) => TypeOf(o) == ByteArrayType || PyObject_IsInstance(o, ByteArrayType) == 1;
    public static bool IsTuple(nint o) => TypeOf(o) == TupleType || HasTypeFlag(o, TpFlagsTupleSubclass);

    public static nint NewNone()
    {
        Py_IncRef(NoneObject);
        return NoneObject;
    }
}
