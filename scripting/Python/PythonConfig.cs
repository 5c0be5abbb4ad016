using HotGears.Engine.Gears;

namespace HotGears.Scripting.Python;

/// <summary>The Gears config values the Python front end reads (spec §3).</summary>
internal static class PythonConfig
{
    /// <summary>PythonAttemptTraceback (default 1): error texts with the traceback list (spec §2.8).</summary>
    public static bool AttemptTraceback => Flag("PythonAttemptTraceback", true);

    /// <summary>ProfileExecutions (default 0): cProfile the callbacks for RG.PYPROFILE.</summary>
    public static bool ProfileExecutions => Flag("ProfileExecutions", false);

    private static bool Flag(string name, bool fallback)
    {
        object? value;
        try
        {
            value = GearsBuiltins.GearsConfigGet(name, fallback ? 1L : 0L);
        }
        catch (GearsErrorException)
        {
            return fallback;
        }
        return value switch
        {
            long n => n != 0,
            int n => n != 0,
            bool b => b,
            string text => long.TryParse(text, out long n) ? n != 0 : fallback,
            _ => fallback,
        };
    }
}
