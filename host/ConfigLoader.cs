using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Host;

/// <summary>
/// Reads the configuration the way redis-server does: an optional config file (redis.conf
/// syntax) followed by `--name value...` options, which act as extra lines of that file.
/// </summary>
internal static class ConfigLoader
{
    public static ServerConfig Load(string[] args)
    {
        var config = new ServerConfig();
        int i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            string path = args[0];
            var lines = File.ReadAllLines(path);
            config.ConfigFile = Path.GetFullPath(path);
            for (int n = 0; n < lines.Length; n++) Apply(config, lines[n], $"{path}:{n + 1}");
            i = 1;
        }
        // "--save 900 1 --port 7000" becomes the lines "save 900 1" and "port 7000".
        var line = new List<string>();
        for (; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && line.Count > 0)
            {
                ApplyOption(config, line);
                line.Clear();
            }
            line.Add(args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : args[i]);
        }
        if (line.Count > 0) ApplyOption(config, line);
        return config;
    }

    private static void ApplyOption(ServerConfig config, List<string> words) =>
        Set(config, words[0], string.Join(' ', words.Skip(1)), "command line");

    private static void Apply(ServerConfig config, string text, string where)
    {
        text = text.Trim();
        if (text.Length == 0 || text[0] == '#') return;
        var words = InlineSplitter.Split(text) ?? throw Fatal(where, text, "Unbalanced quotes in configuration line");
        if (words.Count == 0) return;
        Set(config, words[0], string.Join(' ', words.Skip(1)), where);
    }

    private static void Set(ServerConfig config, string name, string value, string where)
    {
        string? error = config.Set(name, value);
        if (error == "unknown parameter")
        {
            // redis.conf files carry many directives HotGears has no use for: say so, and carry on.
            Console.Error.WriteLine($"HotGears: ignoring unsupported directive '{name}' ({where})");
            return;
        }
        if (error != null) throw Fatal(where, $"{name} {value}", error);
    }

    private static Exception Fatal(string where, string line, string reason) =>
        new InvalidOperationException($"*** FATAL CONFIG FILE ERROR *** at {where} >>> '{line}' {reason}");
}
