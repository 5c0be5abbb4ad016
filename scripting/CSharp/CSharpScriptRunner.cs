using HotGears.Engine.Gears;

namespace HotGears.Scripting.CSharp;

/// <summary>
/// The front end of RG.CSEXECUTE: compiles the script (or takes it from the cache) and runs its top
/// level with globals bound to the script's context. Called by the engine on a background thread
/// while the client waits, so compiling never blocks other clients.
/// </summary>
public sealed class CSharpScriptRunner : IGearsScriptRunner
{
    public static readonly CSharpScriptRunner Instance = new();

    private CSharpScriptRunner()
    {
    }

    public async Task RunAsync(ScriptRequest request, GearsScriptContext context, CancellationToken cancellation)
    {
        var gear = CSharpGearsCompiler.Get(request.Code);
        if (gear.Error is not null) throw new GearsScriptException(gear.Error);
        cancellation.ThrowIfCancellationRequested();
        await RunAsync(gear, new ScriptContextActions(context));
    }

    /// <summary>Runs a compiled gear; an exception of the script becomes the reply's error (its message).</summary>
    internal static async Task RunAsync(CompiledGear gear, IGearsActions actions)
    {
        try
        {
            await gear.RunAsync(new GearsGlobals(actions));
        }
        catch (Exception error) when (error is not GearsScriptException)
        {
            throw new GearsScriptException(DotNetLanguage.Instance.FormatError(error));
        }
    }
}
