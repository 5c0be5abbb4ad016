using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// Takes over calls of one command (the Gears command hooks: CommandReader `hook=`, KeysReader
/// `commands=`), installed on <see cref="CommandDefinition.Interceptor"/>. Called by the
/// dispatcher under the keyspace lock, in place of the command's handler.
/// </summary>
public interface ICommandInterceptor
{
    /// <summary>Handles the call, replying in the session, and returns true; or returns false, writing nothing, to let the command run as usual.</summary>
    bool TryIntercept(Session session, CommandDefinition command, CommandArgs args);
}
