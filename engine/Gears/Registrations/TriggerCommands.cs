using HotGears.Engine.Commands;
using HotGears.Engine.Gears.Readers;
using HotGears.Resp;

namespace HotGears.Engine.Gears.Registrations;

/// <summary>RG.TRIGGER and RG.TRIGGERONKEY: run a CommandReader `trigger=` registration.</summary>
internal static class TriggerCommands
{
    [Command("RG.TRIGGER", -2, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Runs a CommandReader trigger registration with the given arguments.", Complexity = "Depends on the gear.")]
    public static void Trigger(Session session, CommandArgs args) => Run(session, args);

    [Command("RG.TRIGGERONKEY", -3, Flags = "readonly", FirstKey = 2, LastKey = 2, Step = 1, Group = "gears", Since = "1.2.0",
        Summary = "Runs a CommandReader trigger registration; its first argument is a key (cluster routing).", Complexity = "Depends on the gear.")]
    public static void TriggerOnKey(Session session, CommandArgs args) => Run(session, args);

    /// <summary>The record is [trigger, args...]; the trigger name is matched case-sensitively.</summary>
    private static void Run(Session session, CommandArgs args)
    {
        var record = OwnedCommandArgs.ToStrings(args.Slice(1));
        if (!session.Server.Gears.Triggers.TryGetValue(record[0], out var registration))
        {
            session.Reply.WriteError("ERR subcommand not found"u8);
            return;
        }
        registration.Trigger(session, record);
    }
}
