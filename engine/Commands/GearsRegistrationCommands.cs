using HotGears.Engine.Gears;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Registrations: RG.DUMPREGISTRATIONS, RG.UNREGISTER, RG.CLEARREGISTRATIONSSTATS, RG.PAUSEREGISTRATIONS, RG.UNPAUSEREGISTRATIONS.</summary>
internal static class GearsRegistrationCommands
{
    [Command("RG.DUMPREGISTRATIONS", -1, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Lists the registrations")]
    public static void Dump(Session session, CommandArgs args)
    {
        var gears = session.Server.Gears;
        session.Reply.WriteArrayHeader(gears.RegistrationCount);
        foreach (var registration in gears.Registrations) registration.WriteDump(session.Reply);
    }

    [Command("RG.UNREGISTER", -2, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Removes a registration", Syntax = "id [abortpending]")]
    public static void Unregister(Session session, CommandArgs args)
    {
        if (args.Count > 3)
        {
            session.Reply.WriteError(Errors.WrongArity("rg.unregister"));
            return;
        }
        bool abortPending = args.Count == 3 && args.Is(2, "abortpending"u8);
        if (session.Server.Gears.Unregister(args.GetString(1), abortPending)) session.Reply.WriteOk();
        else session.Reply.WriteError("execution is not registered");
    }

    [Command("RG.CLEARREGISTRATIONSSTATS", 1, Flags = "readonly", Group = "gears", Since = "1.2.0",
        Summary = "Clears the statistics of all registrations")]
    public static void ClearStats(Session session, CommandArgs args)
    {
        foreach (var registration in session.Server.Gears.Registrations) registration.ClearStats();
        session.Reply.WriteOk();
    }

    // Exactly one id: RedisGears checks argc != 2 first, whatever its docs say (spec §1.1).
    [Command("RG.PAUSEREGISTRATIONS", 2, Flags = "readonly", Group = "gears", Since = "1.2.0",
        Summary = "Pauses a registration", Syntax = "id")]
    public static void Pause(Session session, CommandArgs args) => SetPaused(session, args, pause: true);

    [Command("RG.UNPAUSEREGISTRATIONS", 2, Flags = "readonly", Group = "gears", Since = "1.2.0",
        Summary = "Unpauses a registration", Syntax = "id")]
    public static void Unpause(Session session, CommandArgs args) => SetPaused(session, args, pause: false);

    private static void SetPaused(Session session, CommandArgs args, bool pause)
    {
        string id = args.GetString(1);
        var registration = session.Server.Gears.FindRegistration(id);
        if (registration == null)
        {
            session.Reply.WriteError($"Execution {id} does not exists on shard {GearsIds.ShardId}");
            return;
        }
        string? error = pause ? registration.Pause() : registration.Unpause();
        if (error != null) session.Reply.WriteError(error);
        else session.Reply.WriteOk();
    }
}
