using System.Buffers;
using System.Text;
using HotGears.Engine.Gears;
using HotGears.Resp;
using HotGears.Scripting.Python;
using HotGears.Scripting.Python.Native;

namespace HotGears.Tests;

/// <summary>One interpreter per process: every Python test shares it through this fixture and uses its own globals.</summary>
public sealed class PythonFixture
{
    public PythonFixture() => Runtime = PythonRuntime.Get();

    public PythonRuntime Runtime { get; }

    /// <summary>A fresh session globals dict.</summary>
    internal PyObj NewGlobals()
    {
        using var gil = Gil.Acquire();
        return Runtime.NewSessionGlobals();
    }

    /// <summary>Runs code in globals; throws PythonException on a Python error.</summary>
    internal void Exec(PyObj globals, string code)
    {
        using var gil = Gil.Acquire();
        PythonRuntime.Exec(code, "<string>", globals.Handle);
    }

    /// <summary>Evaluates an expression (through a 'result' variable).</summary>
    internal unsafe PyObj Eval(string expression, PyObj? globals = null)
    {
        globals ??= NewGlobals();
        Exec(globals, "result = " + expression);
        using var gil = Gil.Acquire();
        return PyObj.Borrow(CPython.PyDict_GetItemString(globals.Handle, PythonRuntime.Utf8("result")));
    }
}

[CollectionDefinition("Python")]
public sealed class PythonCollection : ICollectionFixture<PythonFixture>;

[Collection("Python")]
public sealed class PythonBindingTests(PythonFixture python)
{
    private static readonly PythonLanguage Language = PythonLanguage.Instance;

    [Fact]
    public void Loads_the_interpreter_of_python3()
    {
        Assert.StartsWith("3.", python.Runtime.Version);
        Assert.True(File.Exists(python.Runtime.Installation.Library));
    }

    [Fact]
    public void Extension_modules_resolve_against_the_global_libpython()
    {
        Assert.Equal("2.0", Language.ToStr(python.Eval("__import__('math').sqrt(4)")));
        Assert.Equal("[1, 2]", Language.ToStr(python.Eval("__import__('json').loads('[1, 2]')")));
        Assert.Equal("True", Language.ToStr(python.Eval("__import__('json').decoder.c_scanstring is not None")));
    }

    [Fact]
    public void Sessions_have_their_own_globals()
    {
        var first = python.NewGlobals();
        var second = python.NewGlobals();
        python.Exec(first, "x = 1");
        Assert.Equal("1", Language.ToStr(python.Eval("x", first)));
        var error = Assert.Throws<PythonException>(() => python.Eval("x", second));
        Assert.Contains("NameError: name 'x' is not defined", error.Message);
    }

    [Fact]
    public void Key_records_are_dicts_with_sorted_fields()
    {
        Assert.Equal("{'event': None, 'key': 'k', 'type': 'string', 'value': 'v'}",
            Language.ToStr(Language.FromEngineRecord(new KeyRecord("k", "v", "string", null))));
        Assert.Equal("{'event': 'hset', 'key': 'h', 'type': 'hash', 'value': {'age': '70', 'name': 'Rick'}}",
            Language.ToStr(Language.FromEngineRecord(new KeyRecord("h", new Dictionary<string, string> { ["name"] = "Rick", ["age"] = "70" }, "hash", "hset"))));
        Assert.Equal("{'event': None, 'key': 'x'}", Language.ToStr(Language.FromEngineRecord(new KeyRecord("x", null, null, null, hasValue: false))));
        Assert.Equal("{'event': None, 'key': 's', 'type': 'unknown', 'value': None}",
            Language.ToStr(Language.FromEngineRecord(new KeyRecord("s", new List<StreamEntryValue>(), "stream", null))));
        Assert.Equal("{'event': None, 'key': 'z', 'type': 'zset', 'value': None}",
            Language.ToStr(Language.FromEngineRecord(new KeyRecord("z", new List<ScoredMember> { new("a", 1) }, "zset", null))));
        Assert.Equal("{'event': 'del', 'key': 'gone', 'type': 'empty', 'value': None}",
            Language.ToStr(Language.FromEngineRecord(new KeyRecord("gone", null, "empty", "del"))));
        Assert.Equal("{'event': None, 'key': 'b', 'type': 'string', 'value': bytearray(b'\\xff')}",
            Language.ToStr(Language.FromEngineRecord(new KeyRecord("b", new byte[] { 0xff }, "string", null))));
        Assert.Equal("{'event': None, 'key': 'l', 'type': 'list', 'value': ['a', 'b']}",
            Language.ToStr(Language.FromEngineRecord(new KeyRecord("l", new List<string> { "a", "b" }, "list", null))));
    }

    [Fact]
    public void Stream_and_other_records()
    {
        Assert.Equal("{'id': '1-0', 'key': 's', 'value': {'a': '1', 'b': '2'}}",
            Language.ToStr(Language.FromEngineRecord(new StreamRecord("s", "1-0", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }))));
        Assert.Equal("k", Language.ToStr(Language.FromEngineRecord("k")));
        Assert.Equal("['trigger', 'a']", Language.ToStr(Language.FromEngineRecord(new List<string> { "trigger", "a" })));
        Assert.Equal("{'key': '100', 'value': 3}", Language.ToStr(Language.FromNative(new GroupRecord("100", 3L))));
        Assert.Equal("49.5", Language.ToStr(Language.FromNative(49.5)));
    }

    [Fact]
    public void Writes_replies_as_PythonRecord_SendReply()
    {
        Assert.Equal("*7\r\n:1\r\n+OK\r\n-ERR bad\r\n$8\r\n1.500000\r\n$1\r\nx\r\n$9\r\nPY RECORD\r\n$1\r\n+\r\n",
            Reply(python.Eval("[1, '+OK', '-ERR bad', 1.5, b'x', None, '+']")));
        Assert.Equal(":1\r\n", Reply(python.Eval("True")));
        Assert.Equal("$9\r\nPY RECORD\r\n", Reply(python.Eval("{'a': 1}")));
        Assert.Equal("$5\r\nhello\r\n", Reply(python.Eval("'hello'")));
    }

    [Fact]
    public void A_cyclic_list_is_refused_before_any_byte_is_written()
    {
        var cyclic = python.Eval("(lambda l: (l.append(l), l)[1])([])");
        var output = new ArrayBufferWriter<byte>();
        Assert.Throws<InvalidOperationException>(() => Language.WriteReply(new RespWriter(output), cyclic));
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Errors_carry_the_traceback_list()
    {
        var error = Assert.Throws<PythonException>(() => python.Eval("undefined_name"));
        Assert.StartsWith("['Traceback (most recent call last):\\n', '  File \"<string>\", line 1, in <module>\\n'", error.Message);
        Assert.EndsWith("\"NameError: name 'undefined_name' is not defined\\n\"]", error.Message);
    }

    [Fact]
    public void Flat_errors_are_verbatim_and_exits_are_ordinary_errors()
    {
        var globals = python.NewGlobals();
        Assert.Equal("PAUSE now", Assert.Throws<PythonException>(() => python.Exec(globals, "flat_error('PAUSE now')")).Message);
        Assert.Contains("SystemExit: 3", Assert.Throws<PythonException>(() => python.Exec(globals, "import sys; sys.exit(3)")).Message);
        Assert.Contains("KeyboardInterrupt", Assert.Throws<PythonException>(() => python.Exec(globals, "raise KeyboardInterrupt()")).Message);
        Assert.Contains("RecursionError", Assert.Throws<PythonException>(() => python.Exec(globals, "def f(n): return f(n + 1)\nf(0)")).Message);
    }

    [Fact]
    public void Builder_validation_errors_have_RedisGears_texts()
    {
        var globals = python.NewGlobals();
        string Error(string code) => Assert.Throws<PythonException>(() => python.Exec(globals, code)).Message;
        Assert.Contains("gears.error: the given reader are not exists", Error("GB('NoSuchReader')"));
        Assert.Contains("reader argument must be a string", Error("GB(1)"));
        Assert.Contains("map argument must be a function", Error("GB().map(1)"));
        Assert.Contains("wrong number of args to groupby function", Error("GB().groupby(1, 2, 3)"));
        Assert.Contains("limit argument must be a number", Error("GB().limit('a')"));
        Assert.Contains("unknown execution mode", Error("GB().run(mode='sync')"));
        Assert.Contains("execution mode must be a string", Error("GB().run(mode=1)"));
        Assert.Contains("Given reader do not support run or not exists", Error("GB('CommandReader').run()"));
        Assert.Contains("given reader does not exists or does not support register", Error("GB('KeysOnlyReader').register()"));
        Assert.Contains("regex argument must be a string", Error("GB().register(1)"));
        Assert.Contains("unknown key type", Error("GB().register(keyTypes=['nope'])"));
        Assert.Contains("given eventTypes is not iterable", Error("GB().register(eventTypes=1)"));
        Assert.Contains("onFailedPolicy must be Continue/Abort/Retry", Error("GB('StreamReader').register(onFailedPolicy='x')"));
        Assert.Contains("pyreader argument must be a function", Error("GB('PythonReader').run()"));
        Assert.Contains("Log level should be one of the following : debug,verbose,notice,warning", Error("log('x', level='loud')"));
        Assert.Contains("the given command must be a string", Error("execute(1)"));
        Assert.Equal("'06S'", Language.ToStr(python.Eval("repr(hashtag())", globals)));
    }

    [Fact]
    public void Sorts_compares_and_distinguishes_as_Python()
    {
        object? one = python.Eval("1"), two = python.Eval("2.0"), text = python.Eval("'a'");
        Assert.True(Language.Compare(one, two) < 0);
        Assert.True(Language.Compare(two, one) > 0);
        Assert.Equal(0, Language.Compare(one, python.Eval("1.0")));
        Assert.Contains("TypeError", Assert.Throws<PythonException>(() => Language.Compare(one, text)).Message);
        Assert.Equal(Language.DistinctKey(one), Language.DistinctKey(python.Eval("1.0")));
        Assert.NotEqual(Language.DistinctKey(one), Language.DistinctKey(two));
        Assert.Contains("unhashable", Assert.Throws<PythonException>(() => Language.DistinctKey(python.Eval("[]"))).Message);
        Assert.Equal(3, Language.AsList(python.Eval("[1, 2, 3]"))!.Count);
        Assert.Null(Language.AsList(python.Eval("(1, 2)")));
        Assert.False(Language.IsTruthy(python.Eval("{}")));
        Assert.Equal(1.5, Language.ToDouble(python.Eval("'1.5'")));
    }

    [Fact]
    public void Cancellation_aborts_an_infinite_loop()
    {
        var globals = python.NewGlobals();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.Throws<OperationCanceledException>(() =>
        {
            using var scope = new CallbackScope(cancel.Token);
            PythonRuntime.Exec("while True: pass", "<string>", globals.Handle);
        });
        Assert.Equal("2", Language.ToStr(python.Eval("1 + 1")));
    }

    [Fact]
    public void Python_threads_run_beside_host_threads()
    {
        var globals = python.NewGlobals();
        python.Exec(globals, "import threading\nout = []\nt = threading.Thread(target=lambda: out.append(hashtag()))\nt.start()\nt.join()");
        Assert.Equal("['06S']", Language.ToStr(python.Eval("out", globals)));
    }

    private static string Reply(object? value)
    {
        var output = new ArrayBufferWriter<byte>();
        Language.WriteReply(new RespWriter(output), value);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}

public sealed class PythonCommandTableTests
{
    [Fact]
    public void The_python_commands_load_into_a_command_table()
    {
        var table = new HotGears.Engine.Commands.CommandTable().AddFrom(typeof(PythonCommands));
        Assert.NotNull(table.Find("rg.pyexecute"u8));
        Assert.NotNull(table.Find("rg.pydumpsessions"u8));
    }
}
