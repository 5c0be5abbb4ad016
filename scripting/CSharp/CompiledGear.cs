namespace HotGears.Scripting.CSharp;

/// <summary>A compiled C# gear script (or why it did not compile), ready to run any number of times.</summary>
internal sealed class CompiledGear
{
    private readonly Func<object?[], Task<object>>? _factory;

    private CompiledGear(Func<object?[], Task<object>>? factory, string? error)
    {
        _factory = factory;
        Error = error;
    }

    /// <summary>The compile error or allow-list refusal, as the reply's error text; null when compiled.</summary>
    public string? Error { get; }

    public static CompiledGear Failed(string error) => new(null, error);

    /// <summary>The submission's factory: Roslyn's script entry point, taking [globals, this submission].</summary>
    public static CompiledGear Compiled(Func<object?[], Task<object>> factory) => new(factory, null);

    /// <summary>Runs the script's top level with these globals; the task faults with the script's exception.</summary>
    public Task RunAsync(GearsGlobals globals) =>
        _factory is null ? throw new InvalidOperationException(Error) : _factory([globals, null]);
}
