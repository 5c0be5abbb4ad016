using HotGears.Engine.Gears;
using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// Runs the top level of an RG.PYEXECUTE script in its session's own globals dict, on a thread of
/// its own with a large stack (deep recursion in C code must hit Python's RecursionError, not the
/// end of the stack). run() and register() find the script's context through <see cref="CurrentContext"/>.
/// </summary>
public sealed class PythonScriptRunner : IGearsScriptRunner
{
    private const int StackSize = 64 * 1024 * 1024;

    public static readonly PythonScriptRunner Instance = new();

    /// <summary>The context of the script running on this thread.</summary>
    [ThreadStatic] internal static GearsScriptContext? CurrentContext;

    /// <summary>The engine of the last script run: the one Python threads join with registerGearsThread() (one server per process).</summary>
    internal static volatile GearsEngine? LastEngine;

    private PythonScriptRunner()
    {
    }

    public async Task RunAsync(ScriptRequest request, GearsScriptContext context, CancellationToken cancellation)
    {
        PythonRuntime runtime;
        try
        {
            runtime = PythonRuntime.Get();
        }
        catch (PythonUnavailableException ex)
        {
            throw new GearsScriptException(UnavailableMessage(ex));
        }
        if (request.Requirements.Count > 0)
        {
            await PythonRequirements.InstallAsync(context.Session.Engine.Config, request.Requirements, request.ForceReinstallRequirements, cancellation);
            context.Session.Requirements = request.Requirements;
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(runtime, request.Code, context, cancellation);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }, StackSize) { IsBackground = true, Name = "python-script" };
        thread.Start();
        await done.Task;
    }

    /// <summary>The error text RG.PYEXECUTE replies when Python cannot be loaded.</summary>
    public static string UnavailableMessage(PythonUnavailableException error) => "Python is not available on this server: " + error.Message;

    private static void Run(PythonRuntime runtime, string code, GearsScriptContext context, CancellationToken cancellation)
    {
        CurrentContext = context;
        LastEngine = context.Session.Engine;
        try
        {
            using var scope = new CallbackScope(cancellation);
            var globals = context.Session.LanguageState as PyObj;
            if (globals == null) context.Session.LanguageState = globals = runtime.NewSessionGlobals();
            PythonRuntime.Exec(code, "<string>", globals.Handle);
        }
        catch (PythonException ex)
        {
            throw new GearsScriptException(ex.Message);
        }
        finally
        {
            CurrentContext = null;
        }
    }
}
