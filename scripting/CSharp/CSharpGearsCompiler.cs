using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.RegularExpressions;
using HotGears.Engine.Gears;
using HotGears.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace HotGears.Scripting.CSharp;

/// <summary>
/// Compiles C# gear scripts with Roslyn: top-level statements over <see cref="GearsGlobals"/>,
/// fixed references and imports, checked against <see cref="ScriptAllowList"/>, emitted into a
/// collectible load context of its own (so an evicted script's code is freed once nothing runs it),
/// and cached by text.
/// </summary>
public static class CSharpGearsCompiler
{
    private const int CacheCapacity = 256;

    private static readonly BoundedCache<string, CompiledGear> Cache = new(CacheCapacity);

    private static readonly string[] Imports =
    [
        "System", "System.Linq", "System.Collections.Generic", "System.Text", "System.Text.Json",
        "System.Text.RegularExpressions", "System.Threading.Tasks", "HotGears.Engine.Gears", "HotGears.Scripting.CSharp",
    ];

    private static readonly ScriptOptions Options = ScriptOptions.Default
        .WithReferences(ReferencedAssemblies())
        .WithImports(Imports)
        .WithMetadataResolver(NoReferenceResolver.Instance)
        .WithSourceResolver(NoSourceResolver.Instance)
        .WithAllowUnsafe(false)
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithEmitDebugInformation(false);

    private static IEnumerable<Assembly> ReferencedAssemblies() =>
    [
        typeof(object).Assembly, Assembly.Load("System.Runtime"), typeof(Enumerable).Assembly,
        typeof(LinkedList<>).Assembly, Assembly.Load("System.Collections"), typeof(JsonSerializer).Assembly,
        typeof(Regex).Assembly, typeof(Parallel).Assembly, typeof(KeyRecord).Assembly, typeof(GearsGlobals).Assembly,
    ];

    /// <summary>Compiles a throw-away gear in the background, so that the first RG.CSEXECUTE does not pay Roslyn's start-up.</summary>
    public static Task Warm() => Task.Run(() =>
    {
        var gear = Compile("GB().Map(r => r.Key).Filter(k => k.Length > 0).CountBy(k => k).Count();");
        if (gear.Error is not null) Log.Warning($"C# gears: warm-up compile failed: {gear.Error}");
    });

    /// <summary>The compiled script for this text (from the cache when it was compiled before).</summary>
    internal static CompiledGear Get(string code) => Cache.GetOrAdd(code, Compile);

    internal static int CachedCount => Cache.Count;

    internal static CompiledGear Compile(string code)
    {
        var compilation = CSharpScript.Create(code, Options, typeof(GearsGlobals)).GetCompilation();
        string? refusal;
        try
        {
            refusal = ScriptAllowList.FindRefusal(compilation);
        }
        catch (InsufficientExecutionStackException)
        {
            refusal = "the script is nested too deeply";
        }
        if (refusal is not null)
            return CompiledGear.Failed(refusal);

        var diagnostics = compilation.GetDiagnostics();
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            return CompiledGear.Failed(FirstError(diagnostics));

        using var image = new MemoryStream();
        var emitted = GearGuards.Insert((CSharpCompilation)compilation).Emit(image);
        if (!emitted.Success)
            return CompiledGear.Failed(FirstError(emitted.Diagnostics));

        image.Position = 0;
        var context = new AssemblyLoadContext("C# gear", isCollectible: true);
        var assembly = context.LoadFromStream(image);
        var entry = compilation.GetEntryPoint(CancellationToken.None)!;
        var factory = assembly.GetType(entry.ContainingType.MetadataName, throwOnError: true)!
            .GetMethod(entry.MetadataName, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!
            .CreateDelegate<Func<object?[], Task<object>>>();
        return CompiledGear.Compiled(factory);
    }

    /// <summary>"line:column: error CS0103: The name 'x' does not exist in the current context", the first error in the text.</summary>
    private static string FirstError(ImmutableArray<Diagnostic> diagnostics)
    {
        var error = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceSpan.Start).First();
        var position = error.Location.GetLineSpan().StartLinePosition;
        return $"{position.Line + 1}:{position.Character + 1}: error {error.Id}: {error.GetMessage()}";
    }

    /// <summary>#r resolves nothing: a gear's references are fixed.</summary>
    private sealed class NoReferenceResolver : MetadataReferenceResolver
    {
        public static readonly NoReferenceResolver Instance = new();

        public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath,
            MetadataReferenceProperties properties) => [];

        public override bool Equals(object? other) => other is NoReferenceResolver;

        public override int GetHashCode() => 0;
    }

    /// <summary>#load resolves nothing: a gear is one text.</summary>
    private sealed class NoSourceResolver : SourceReferenceResolver
    {
        public static readonly NoSourceResolver Instance = new();

        public override string? NormalizePath(string path, string? baseFilePath) => null;

        public override string? ResolveReference(string path, string? baseFilePath) => null;

        public override Stream OpenRead(string resolvedPath) => throw new FileNotFoundException(resolvedPath);

        public override bool Equals(object? other) => other is NoSourceResolver;

        public override int GetHashCode() => 0;
    }
}
