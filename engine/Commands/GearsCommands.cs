using HotGears.Engine.Gears;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Gears configuration and cluster commands (spec §1.1). RedisGears registers every RG.* command "readonly".</summary>
internal static class GearsCommands
{
    [Command("RG.CONFIGGET", -2, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Returns the value of Gears configuration options", Syntax = "key [key ...]")]
    public static void ConfigGet(Session session, CommandArgs args)
    {
        var config = session.Server.Gears.Config;
        var reply = session.Reply;
        reply.WriteArrayHeader(args.Count - 1);
        for (int i = 1; i < args.Count; i++)
        {
            var value = config.GetForCommand(args.GetString(i), out string? error);
            if (error != null) reply.WriteError(error);
            else if (value is long number) reply.WriteInteger(number);
            else reply.WriteBulk((string)value!);
        }
    }

    [Command("RG.CONFIGSET", -2, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Sets Gears configuration options", Syntax = "key value [key value ...]")]
    public static void ConfigSet(Session session, CommandArgs args)
    {
        var config = session.Server.Gears.Config;
        var reply = session.Reply;
        reply.WriteArrayHeader(args.Count / 2);
        for (int i = 1; i < args.Count; i += 2)
        {
            string key = args.GetString(i);
            if (i + 1 >= args.Count)
            {
                reply.WriteError($"(error) Value was not given to {key}");
                break;
            }
            string? ok = config.Set(key, args.GetString(i + 1), atLoad: false, out string? error);
            if (error != null) reply.WriteError(error);
            else reply.WriteSimpleString(ok!);
        }
    }

    [Command("RG.DUMPPLUGINS", 1, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Lists the language plugins and their versions")]
    public static void DumpPlugins(Session session, CommandArgs args)
    {
        var plugins = session.Server.Gears.Plugins;
        session.Reply.WriteArrayHeader(plugins.Count);
        foreach (var (name, version) in plugins)
        {
            session.Reply.WriteArrayHeader(2);
            session.Reply.WriteBulk(name);
            session.Reply.WriteInteger(version);
        }
    }

    [Command("RG.NETWORKTEST", 1, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Sends a test message to every other shard (a single server has none)")]
    public static void NetworkTest(Session session, CommandArgs args) => session.Reply.WriteOk();

    [Command("RG.INFOCLUSTER", -1, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Returns cluster information")]
    public static void InfoCluster(Session session, CommandArgs args) => session.Reply.WriteBulk("no cluster mode");

    [Command("RG.REFRESHCLUSTER", -1, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Refreshes the node's view of the cluster")]
    public static void RefreshCluster(Session session, CommandArgs args) => session.Reply.WriteOk();
}
