using System.Diagnostics;
using System.Runtime.InteropServices;

namespace HotGears.Scripting.Python.Native;

/// <summary>Where libpython and its home (sys.base_prefix) are, and the version they belong to.</summary>
public sealed record PythonInstallation(string Library, string Home, string Version);

/// <summary>Python could not be found or loaded: the server runs on, RG.PYEXECUTE reports the reason.</summary>
public sealed class PythonUnavailableException(string message) : Exception(message);

/// <summary>
/// Finds libpython by asking the `python3` on PATH (sysconfig LIBDIR + LDLIBRARY/INSTSONAME),
/// unless configuration names the library and home, and opens it RTLD_NOW | RTLD_GLOBAL so that
/// extension modules (math, _json, _ctypes ...) resolve their symbols against it.
/// </summary>
internal static partial class PythonLibraryLoader
{
    private const int RtldNow = 2, RtldGlobal = 0x100;

    [LibraryImport("libc.so.6", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint DlOpen(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "dlerror")]
    private static partial nint DlError();

    private const string Probe = """
        import sysconfig, sys, os
        libdir = sysconfig.get_config_var('LIBDIR') or ''
        names = [sysconfig.get_config_var(n) or '' for n in ('INSTSONAME', 'LDLIBRARY')]
        print(next((os.path.join(libdir, n) for n in names if '.so' in n and os.path.exists(os.path.join(libdir, n))), ''))
        print(sys.base_prefix)
        print('%d.%d' % sys.version_info[:2])
        print(sysconfig.get_config_var('Py_GIL_DISABLED') or 0)
        """;

    /// <summary>Resolves the installation: explicit settings win; the rest is asked of <paramref name="python"/>.</summary>
    public static PythonInstallation Locate(string? library, string? home, string python = "python3")
    {
        if (!string.IsNullOrEmpty(library) && !string.IsNullOrEmpty(home))
            return new PythonInstallation(library, home, "");
        string[] lines = Ask(python);
        if (lines[3].Trim() is not ("0" or "False" or ""))
            throw new PythonUnavailableException($"{python} is a free-threaded build, which HotGears does not support");
        string foundLibrary = string.IsNullOrEmpty(library) ? lines[0].Trim() : library;
        if (foundLibrary.Length == 0)
            throw new PythonUnavailableException($"{python} has no shared libpython (set PythonLibrary)");
        return new PythonInstallation(foundLibrary, string.IsNullOrEmpty(home) ? lines[1].Trim() : home, lines[2].Trim());
    }

    private static string[] Ask(string python)
    {
        try
        {
            var start = new ProcessStartInfo(python, ["-I", "-c", Probe])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var process = Process.Start(start) ?? throw new PythonUnavailableException($"could not start {python}");
            string output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            string[] lines = output.Split('\n');
            if (process.ExitCode != 0 || lines.Length < 4)
                throw new PythonUnavailableException($"{python} did not describe its installation (exit code {process.ExitCode})");
            return lines;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new PythonUnavailableException($"could not run {python}: {ex.Message}");
        }
    }

    /// <summary>dlopen(RTLD_NOW | RTLD_GLOBAL); checks the home first (a wrong home makes CPython exit the process).</summary>
    public static nint Open(PythonInstallation installation)
    {
        if (Path.GetFileName(installation.Library).Contains("t.so", StringComparison.Ordinal))
            throw new PythonUnavailableException($"{installation.Library} is a free-threaded build, which HotGears does not support");
        if (!HasStandardLibrary(installation.Home))
            throw new PythonUnavailableException($"Python home {installation.Home} holds no standard library (lib/python3.*/os.py)");
        nint handle = DlOpen(installation.Library, RtldNow | RtldGlobal);
        if (handle == 0)
        {
            nint error = DlError();
            throw new PythonUnavailableException($"could not load {installation.Library}: {(error == 0 ? "unknown error" : Marshal.PtrToStringUTF8(error))}");
        }
        return handle;
    }

    private static bool HasStandardLibrary(string home)
    {
        string lib = Path.Combine(home, "lib");
        return Directory.Exists(lib) && Directory.EnumerateDirectories(lib, "python3*").Any(d => File.Exists(Path.Combine(d, "os.py")));
    }
}
