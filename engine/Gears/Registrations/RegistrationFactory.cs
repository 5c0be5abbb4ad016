namespace HotGears.Engine.Gears.Registrations;

/// <summary>register(): the registration of each reader kind, validated (throws <see cref="GearsScriptException"/>).</summary>
internal static class RegistrationFactory
{
    /// <param name="pending">The registrations the same script made before (a trigger or hook may not repeat among them).</param>
    public static Registration Create(GearsSession session, StepGraph graph, RegisterOptions options, IReadOnlyList<Registration> pending) => graph.Reader switch
    {
        ReaderKind.KeysReader => new KeysReaderRegistration(session, graph, options),
        ReaderKind.StreamReader => new StreamReaderRegistration(session, graph, options),
        ReaderKind.CommandReader => new CommandReaderRegistration(session, graph, options, pending),
        _ => throw new GearsScriptException("given reader does not exists or does not support register"),
    };
}
