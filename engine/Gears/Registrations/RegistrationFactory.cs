namespace HotGears.Engine.Gears.Registrations;

/// <summary>register(): the registration of each reader kind, validated (throws <see cref="GearsScriptException"/>).</summary>
internal static class RegistrationFactory
{
    public static Registration Create(GearsSession session, StepGraph graph, RegisterOptions options) => graph.Reader switch
    {
        ReaderKind.KeysReader => new KeysReaderRegistration(session, graph, options),
        // StreamReader and CommandReader registrations come with the readers branch (gears-readers).
        _ => throw new GearsScriptException("given reader does not exists or does not support register"),
    };
}
