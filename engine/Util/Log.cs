using System.Text;

namespace HotGears.Engine;

/// <summary>
/// The server log, in Redis's line format ("pid:M 22 Nov 2026 04:21:35.123 * message"), to
/// standard output or to the `logfile`. Levels as Redis: debug, verbose, notice, warning.
/// </summary>
public static class Log
{
    private static readonly object Gate = new();
    private static TextWriter _output = Console.Out;
    private static int _minimum = 2;

    /// <summary>Applies `loglevel` and `logfile` ("" means standard output).</summary>
    public static void Configure(string level, string file)
    {
        _minimum = Array.IndexOf(["debug", "verbose", "notice", "warning", "nothing"], level);
        if (_minimum < 0) _minimum = 2;
        if (!string.IsNullOrEmpty(file))
            _output = new StreamWriter(file, append: true, Encoding.UTF8) { AutoFlush = true };
    }

    public static void Debug(string message) => Write(0, '.', message);
    public static void Verbose(string message) => Write(1, '-', message);
    public static void Notice(string message) => Write(2, '*', message);
    public static void Warning(string message) => Write(3, '#', message);

    private static void Write(int level, char mark, string message)
    {
        if (level < _minimum) return;
        string line = $"{Environment.ProcessId}:M {DateTime.Now:dd MMM yyyy HH:mm:ss.fff} {mark} {message}";
        lock (Gate) _output.WriteLine(line);
    }
}
