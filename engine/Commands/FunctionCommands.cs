using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// Redis Functions need a Lua engine, which HotGears does not have (its scripting is Gears).
/// The library is therefore always empty, and the two commands that only observe or clear it
/// answer truthfully; clients and test harnesses call FUNCTION FLUSH between runs.
/// </summary>
internal static class FunctionCommands
{
    [Command("FUNCTION|FLUSH", -2, Flags = "write noscript", Group = "scripting", Since = "7.0.0",
        Summary = "Deletes all libraries and functions.", Complexity = "O(N) where N is the number of functions deleted",
        Syntax = "async:[ASYNC | SYNC]")]
    public static void Flush(Session session, CommandArgs args)
    {
        if (args.Count > 3 || (args.Count == 3 && !args.Is(2, "ASYNC"u8) && !args.Is(2, "SYNC"u8)))
        {
            session.Reply.WriteError("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
            return;
        }
        session.Reply.WriteOk();
    }

    [Command("FUNCTION|LIST", -2, Flags = "noscript", Group = "scripting", Since = "7.0.0",
        Summary = "Returns information about all libraries.", Complexity = "O(N) where N is the number of functions",
        Syntax = "[LIBRARYNAME library-name-pattern] [WITHCODE]")]
    public static void List(Session session, CommandArgs args) => session.Reply.WriteArrayHeader(0);
}
