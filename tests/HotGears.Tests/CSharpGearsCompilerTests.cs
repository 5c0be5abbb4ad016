using HotGears.Scripting.CSharp;

namespace HotGears.Tests;

/// <summary>C# gear scripts: compile errors, the allow-list, the cache.</summary>
public class CSharpGearsCompilerTests
{
    private static string? ErrorOf(string code) => CSharpGearsCompiler.Compile(code).Error;

    [Fact]
    public void A_valid_script_compiles()
    {
        Assert.Null(ErrorOf("GB().Map(r => r.Key).Filter(k => k.StartsWith(\"a\")).Run(\"a*\");"));
        Assert.Null(ErrorOf("""
            var n = new List<int> { 1, 2 }.Select(x => x * 2).Sum();
            var json = JsonSerializer.Serialize(new Dictionary<string, int> { ["n"] = n });
            var ok = Regex.IsMatch("ab", "a.") && Environment.NewLine.Length > 0 && new StringBuilder("x").Length == 1;
            double d = double.Parse("1.5", System.Globalization.CultureInfo.InvariantCulture);
            GB(CommandReader).Map(a => a[1]).Register(trigger: "t");
            GB(StreamReader).ForEach(r => Execute("SET", r.Key, r.Id)).Register(prefix: "s*", batch: 10);
            GB("KeysOnlyReader").Map(k => k).Run();
            """));
    }

    [Fact]
    public void Compile_errors_name_line_and_column()
    {
        Assert.Equal("2:1: error CS0103: The name 'nope' does not exist in the current context", ErrorOf("var x = 1;\nnope();"));
        Assert.Equal("1:12: error CS1002: ; expected", ErrorOf("var a = 12 var b = 2;"));
        Assert.StartsWith("1:17: error CS1061: 'KeyRecord' does not contain a definition for 'Nope'", ErrorOf("GB().Map(k => k.Nope);"));
    }

    [Theory]
    [InlineData("System.IO.File.Delete(\"x\");", "1:8: namespace System.IO is not allowed in C# gears (file system)")]
    [InlineData("using System.IO;\nvar t = 1;", "1:14: namespace System.IO is not allowed in C# gears (file system)")]
    [InlineData("var x = new System.IO.FileInfo(\"x\");", "1:20: namespace System.IO is not allowed in C# gears (file system)")]
    [InlineData("System.Diagnostics.Process.Start(\"sh\");", "1:8: namespace System.Diagnostics is not allowed in C# gears (processes)")]
    [InlineData("Environment.Exit(1);", "1:13: System.Environment.Exit is not allowed in C# gears (process control)")]
    [InlineData("Environment.FailFast(\"x\");", "1:13: System.Environment.FailFast is not allowed in C# gears (process control)")]
    [InlineData("Environment.SetEnvironmentVariable(\"a\", \"b\");", "1:13: System.Environment.SetEnvironmentVariable is not allowed in C# gears (process control)")]
    [InlineData("var t = Type.GetType(\"System.IO.File\");", "1:14: System.Type.GetType is not allowed in C# gears (reflection)")]
    [InlineData("var m = typeof(string).GetMethods();", "1:24: System.Type.GetMethods is not allowed in C# gears (reflection)")]
    [InlineData("var a = typeof(string).Assembly;", "1:24: System.Type.Assembly is not allowed in C# gears (reflection)")]
    [InlineData("var o = Activator.CreateInstance(typeof(string));", "1:9: System.Activator is not allowed in C# gears (reflection)")]
    [InlineData("var d = AppDomain.CurrentDomain;", "1:9: System.AppDomain is not allowed in C# gears (reflection)")]
    [InlineData("dynamic d = 1;", "1:1: dynamic is not allowed in C# gears (late binding is reflection)")]
    [InlineData("unsafe { int x = 1; int* p = &x; }", "1:21: unsafe code is not allowed in C# gears (memory safety)")]
    [InlineData("unsafe void F() { }", "1:1: unsafe code is not allowed in C# gears (memory safety)")]
    [InlineData("[System.Runtime.InteropServices.DllImport(\"libc\")] static extern int getpid();",
        "1:9: namespace System.Runtime is not allowed in C# gears (interop and runtime internals)")]
    [InlineData("static extern int getpid();", "1:1: extern (P/Invoke) is not allowed in C# gears (interop)")]
    [InlineData("var h = System.Runtime.InteropServices.Marshal.AllocHGlobal(8);",
        "1:16: namespace System.Runtime is not allowed in C# gears (interop and runtime internals)")]
    [InlineData("#r \"System.IO.dll\"\nvar x = 1;", "1:1: #r/#load is not allowed in C# gears (references are fixed)")]
    [InlineData("var th = new System.Threading.Thread(() => { });", "1:31: System.Threading.Thread is not allowed in C# gears (threads)")]
    [InlineData("var l = new List<System.IO.FileInfo>();", "1:25: namespace System.IO is not allowed in C# gears (file system)")]
    [InlineData("var s = new HotGears.Engine.Server(null);", "1:22: namespace HotGears.Engine is not allowed in C# gears (server internals)")]
    [InlineData("var r = CSharpScriptRunner.Instance;", "1:9: HotGears.Scripting.CSharp.CSharpScriptRunner is not allowed in C# gears (server internals)")]
    [InlineData("var m = new Exception().TargetSite;", "1:25: System.Reflection.MethodBase is not allowed in C# gears (reflection)")]
    [InlineData("GC.Collect();", "1:1: System.GC is not allowed in C# gears (process control)")]
    [InlineData("var m = ((Func<int>)(() => 1)).Method;", "1:32: System.Reflection.MethodInfo is not allowed in C# gears (reflection)")]
    public void The_allow_list_refuses_at_compile_time(string code, string expected) => Assert.Equal(expected, ErrorOf(code));

    [Theory]
    [InlineData("int F(int x) => x; async Task<int> G() { await Task.Delay(1); return 1; } async Task H() => await Task.Delay(1);")]
    [InlineData("Func<int, int> f = x => x + 1; Action a = () => Log(\"x\"); Func<int> t = () => throw new Exception();")]
    [InlineData("class C { public int P => 1; public int Q { get => 2; set => _ = value; } public C() => _ = 1; public static C operator +(C a, C b) => a; }")]
    public void Stack_guards_keep_every_kind_of_body_compiling(string code) => Assert.Null(ErrorOf(code));

    [Fact]
    public void Compiled_scripts_are_cached_by_text()
    {
        string code = $"GB().Count(); // {Guid.NewGuid()}";
        var first = CSharpGearsCompiler.Get(code);
        Assert.Same(first, CSharpGearsCompiler.Get(code));
        Assert.NotSame(first, CSharpGearsCompiler.Get(code + " "));
    }

    [Fact]
    public async Task Warm_compiles_in_the_background() => await CSharpGearsCompiler.Warm();
}
