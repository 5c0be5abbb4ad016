using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Server commands: INFO, TIME, LASTSAVE, SHUTDOWN.</summary>
internal static class ServerCommands
{
    [Command("INFO", -1, Flags = "loading stale", Group = "server",
        Summary = "Get information and statistics about the server", Complexity = "O(1)",
        Syntax = "[section [section ...]]")]
    public static void Info(Session session, CommandArgs args)
    {
        var sections = new string[args.Count - 1];
        for (int i = 1; i < args.Count; i++) sections[i - 1] = args.GetString(i);
        session.Reply.WriteVerbatim(session.Server.Info.Generate(sections));
    }

    [Command("TIME", 1, Flags = "loading stale fast", Group = "server",
        Summary = "Return the current server time", Since = "2.6.0", Complexity = "O(1)")]
    public static void Time(Session session, CommandArgs args)
    {
        long micros = Server.UnixTimeMicros();
        var reply = session.Reply;
        reply.WriteArrayHeader(2);
        reply.WriteBulk(micros / 1_000_000);
        reply.WriteBulk(micros % 1_000_000);
    }

    /// <summary>HotGears never saves: the last "save" is the moment the dataset began, the server start.</summary>
    [Command("LASTSAVE", 1, Flags = "loading stale fast", Group = "server",
        Summary = "Get the UNIX time stamp of the last successful save to disk", Complexity = "O(1)")]
    public static void LastSave(Session session, CommandArgs args) =>
        session.Reply.WriteInteger(session.Server.StartedAtMs / 1000);

    /// <summary>
    /// Stops the server: no reply, the connection closes and the host exits gracefully. With no
    /// persistence there is nothing to save, so SAVE/NOSAVE/NOW/FORCE only need to be valid.
    /// </summary>
    [Command("SHUTDOWN", -1, Flags = "admin noscript loading stale no_multi allow_busy", Group = "server",
        Summary = "Synchronously save the dataset to disk and then shut down the server",
        Complexity = "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)",
        Syntax = "[NOSAVE | SAVE] [NOW] [FORCE] [ABORT]")]
    public static void Shutdown(Session session, CommandArgs args)
    {
        bool save = false, noSave = false, other = false, abort = false;
        for (int i = 1; i < args.Count; i++)
        {
            if (args.Is(i, "NOSAVE"u8)) noSave = true;
            else if (args.Is(i, "SAVE"u8)) save = true;
            else if (args.Is(i, "NOW"u8) || args.Is(i, "FORCE"u8)) other = true;
            else if (args.Is(i, "ABORT"u8)) abort = true;
            else
            {
                session.Reply.WriteError(Errors.Syntax);
                return;
            }
        }
        if ((abort && (save || noSave || other)) || (save && noSave))
        {
            session.Reply.WriteError(Errors.Syntax);
            return;
        }
        if (abort)
        {
            // A shutdown here is immediate: there is never one in progress to abort.
            session.Reply.WriteError("ERR No shutdown in progress.");
            return;
        }
        Log.Warning("User requested shutdown...");
        session.CloseAfterReply = true;
        session.Server.RequestShutdown();
    }
}
