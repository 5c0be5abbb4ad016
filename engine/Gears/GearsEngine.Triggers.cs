using HotGears.Engine.Gears.Registrations;

namespace HotGears.Engine.Gears;

public sealed partial class GearsEngine
{
    /// <summary>The CommandReader `trigger=` registrations by name (case-sensitive), for RG.TRIGGER. Under the keyspace lock.</summary>
    internal Dictionary<string, CommandReaderRegistration> Triggers { get; } = new(StringComparer.Ordinal);
}
