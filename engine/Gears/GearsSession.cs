namespace HotGears.Engine.Gears;

/// <summary>
/// A Gears session: created by each RG.PYEXECUTE / RG.CSEXECUTE (id: the ID option or 40 random hex
/// characters), holding its registrations and its own execution thread pool, so a slow session
/// cannot starve another. Front ends keep their per-session state (Python globals) in <see cref="LanguageState"/>.
/// </summary>
public sealed class GearsSession
{
    // Contract only: the engine (issue 4, gears-core) implements these members.
    public string Id => throw new NotImplementedException();
    public string? Description => throw new NotImplementedException();

    /// <summary>"python" or "csharp": the front end that created the session.</summary>
    public string Language => throw new NotImplementedException();

    /// <summary>Front-end state (e.g. the Python globals dict), kept as long as the session lives.</summary>
    public object? LanguageState { get; set; }
}
