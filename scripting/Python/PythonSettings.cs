namespace HotGears.Scripting.Python;

/// <summary>
/// Where the embedded Python comes from. Empty values are found by asking `python3`
/// (sysconfig); <see cref="Library"/> is libpython's path, <see cref="Home"/> its sys.prefix.
/// <see cref="CountAllocations"/>: OverridePythonAllocators, for RG.PYSTATS.
/// </summary>
public sealed record PythonSettings(string? Library = null, string? Home = null, bool CountAllocations = true);
