using System.Text;

namespace HotGears.Engine.Gears;

/// <summary>
/// A Gears session: created by each RG.PYEXECUTE / RG.CSEXECUTE (id: the ID option or 40 random hex
/// characters), holding its registrations and its own execution thread pool, so a slow session
/// cannot starve another. Front ends keep their per-session state (Python globals) in <see cref="LanguageState"/>.
/// </summary>
public sealed class GearsSession
{
    internal GearsSession(GearsEngine engine, string id, string? description, string language)
    {
        Engine = engine;
        Id = id;
        Description = description;
        Language = language;
        Pool = new GearsThreadPool(id, engine.Config.ExecutionThreads);
    }

    public GearsEngine Engine { get; }
    public string Id { get; }
    public string? Description { get; }

    /// <summary>"python" or "csharp": the front end that created the session.</summary>
    public string Language { get; }

    /// <summary>Front-end state (e.g. the Python globals dict), kept as long as the session lives.</summary>
    public object? LanguageState { get; set; }

    /// <summary>The session's own execution threads (batch runs and async registrations).</summary>
    public GearsThreadPool Pool { get; }

    /// <summary>The size of <see cref="Pool"/>: ExecutionThreads by default, overridable per session.</summary>
    public int ExecutionThreads
    {
        get => Pool.Size;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Pool.Size = value;
        }
    }

    /// <summary>The installed registrations (changed under the keyspace lock).</summary>
    public IReadOnlyList<Registration> Registrations => RegistrationList;

    internal List<Registration> RegistrationList { get; } = new();

    /// <summary>The REQUIREMENTS its script was run with (installed before it ran).</summary>
    public IReadOnlyList<string> Requirements { get; set; } = [];

    /// <summary>Replaced by UPGRADE / REPLACE_WITH: its in-flight executions finish, nothing new starts.</summary>
    public bool Dead { get; internal set; }

    /// <summary>The "PD" string of RG.DUMPREGISTRATIONS.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("{'sessionName':'").Append(Id)
            .Append("', 'sessionDescription':'").Append(Description ?? "null")
            .Append("', 'refCount': ").Append(RegistrationList.Count + 1)
            .Append(", 'linkedTo': ").Append(Dead ? "None" : "primary")
            .Append(", 'dead': ").Append(Dead ? "true" : "false")
            .Append(", 'isInstallationNeeded':0, 'registrationsList':[");
        for (int i = 0; i < RegistrationList.Count; i++)
            text.Append(i == 0 ? "" : ", ").Append('\'').Append(RegistrationList[i].Id).Append('\'');
        text.Append("], 'depsList':[");
        for (int i = 0; i < Requirements.Count; i++)
            text.Append(i == 0 ? "" : ", ").Append('\'').Append(Requirements[i]).Append('\'');
        text.Append("]}");
        return text.ToString();
    }
}
