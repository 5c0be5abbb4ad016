using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>CONFIG GET, SET, RESETSTAT, REWRITE, HELP (config.c), over <see cref="ServerConfig.Parameters"/>.</summary>
internal static class ConfigCommands
{
    [Command("CONFIG|GET", -3, Flags = "admin noscript loading stale", Group = "server", Since = "2.0.0",
        Summary = "Get the values of configuration parameters",
        Complexity = "O(N) when N is the number of configuration parameters provided",
        Syntax = "parameter [parameter ...]")]
    public static void Get(Session session, CommandArgs args)
    {
        var config = session.Server.Config;
        var matches = new List<(string Name, ConfigParameter Parameter)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 2; i < args.Count; i++)
        {
            string pattern = args.GetString(i);
            if (pattern.IndexOfAny(['[', '*', '?']) < 0)
            {
                // A plain name (or alias) is echoed back as the client spelled it.
                var parameter = config.Find(pattern);
                if (parameter != null && seen.Add(pattern)) matches.Add((pattern, parameter));
                continue;
            }
            foreach (var parameter in config.Parameters)
            {
                AddIfMatches(parameter.Name, parameter);
                if (parameter.Alias != null) AddIfMatches(parameter.Alias, parameter);
            }

            void AddIfMatches(string name, ConfigParameter parameter)
            {
                if (!seen.Contains(parameter.Name) && Glob.Match(pattern, name, ignoreCase: true) && seen.Add(name))
                    matches.Add((name, parameter));
            }
        }
        var reply = session.Reply;
        reply.WriteMapHeader(matches.Count);
        foreach (var (name, parameter) in matches)
        {
            reply.WriteBulk(name);
            reply.WriteBulk(parameter.Get());
        }
    }

    /// <summary>
    /// Sets one or more parameters atomically: every name is checked first, then the values are
    /// applied in order and, if one is refused, the ones already applied are put back.
    /// </summary>
    [Command("CONFIG|SET", -4, Flags = "admin noscript loading stale", Group = "server", Since = "2.0.0",
        Summary = "Set configuration parameters to the given values",
        Complexity = "O(N) when N is the number of configuration parameters provided",
        Syntax = "parameter value [parameter value ...]")]
    public static void Set(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (args.Count % 2 != 0)
        {
            reply.WriteError(Errors.Syntax);
            return;
        }
        var config = session.Server.Config;
        int count = (args.Count - 2) / 2;
        var parameters = new ConfigParameter[count];
        string? unknown = null, refusedName = null, reason = null;
        for (int i = 0; i < count; i++)
        {
            string name = args.GetString(2 + i * 2);
            var parameter = config.Find(name);
            if (parameter == null)
            {
                if (reason == null) unknown ??= name; // only the first problem is reported
                continue;
            }
            // Every sensitive value is hidden from the slow log, even when the command fails.
            if (parameter.Sensitive) session.RedactArgument(3 + i * 2);
            if (unknown != null || reason != null) continue;
            if (!parameter.Mutable) (refusedName, reason) = (name, "can't set immutable config");
            else if (parameters.AsSpan(0, i).Contains(parameter)) (refusedName, reason) = (name, "duplicate parameter");
            parameters[i] = parameter;
        }
        if (unknown != null)
        {
            reply.WriteError($"ERR Unknown option or number of arguments for CONFIG SET - '{unknown}'");
            return;
        }
        if (reason == null) (refusedName, reason) = Apply(parameters, args);
        if (reason != null)
        {
            reply.WriteError($"ERR CONFIG SET failed (possibly related to argument '{refusedName}') - {reason}");
            return;
        }
        reply.WriteOk();
    }

    /// <summary>Applies the values in order; on a refusal restores the earlier ones and returns the refused parameter and why.</summary>
    private static (string? Name, string? Reason) Apply(ConfigParameter[] parameters, CommandArgs args)
    {
        var previous = new string[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            previous[i] = parameters[i].Get();
            string? reason = parameters[i].Set(args.GetString(3 + i * 2));
            if (reason == null) continue;
            for (int j = i - 1; j >= 0; j--) parameters[j].Set(previous[j]);
            return (parameters[i].Name, reason);
        }
        return (null, null);
    }

    [Command("CONFIG|RESETSTAT", 2, Flags = "admin noscript loading stale", Group = "server", Since = "2.0.0",
        Summary = "Reset the stats returned by INFO", Complexity = "O(1)")]
    public static void ResetStat(Session session, CommandArgs args)
    {
        session.Server.ResetStats();
        session.Reply.WriteOk();
    }

    [Command("CONFIG|REWRITE", 2, Flags = "admin noscript loading stale", Group = "server", Since = "2.8.0",
        Summary = "Rewrite the configuration file with the in memory configuration", Complexity = "O(1)")]
    public static void Rewrite(Session session, CommandArgs args)
    {
        var config = session.Server.Config;
        if (config.ConfigFile.Length == 0)
        {
            session.Reply.WriteError("ERR The server is running without a config file");
            return;
        }
        try
        {
            ConfigRewriter.Rewrite(config);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"CONFIG REWRITE failed: {ex.Message}");
            session.Reply.WriteError("ERR Rewriting config file: " + ex.Message.ReplaceLineEndings(" "));
            return;
        }
        Log.Warning("CONFIG REWRITE executed with success.");
        session.Reply.WriteOk();
    }

    [Command("CONFIG|HELP", 2, Flags = "loading stale", Group = "server", Since = "5.0.0",
        Summary = "Show helpful text about the different subcommands", Complexity = "O(1)")]
    public static void Help(Session session, CommandArgs args) => HelpReply.Write(session, args,
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.");
}
