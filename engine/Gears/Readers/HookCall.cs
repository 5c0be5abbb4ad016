using System.Text;
using HotGears.Engine.Commands;
using HotGears.Resp;

namespace HotGears.Engine.Gears.Readers;

/// <summary>
/// One call of a hooked command, as the hook handling it sees it: its arguments, and where the
/// hook stands in the chain, so that call_next can pass the call on to the next hook that takes
/// it, or, past the last, to the command itself.
/// </summary>
internal sealed class HookCall(Session session, CommandHookChain chain, ICommandHook[] hooks, int index, List<string> argv)
    : CommandLink(session, argv)
{
    public ICommandHook Hook => hooks[index];

    /// <summary>call_next(args): the arguments after the command name; returns the reply as a gear value (an error reply throws).</summary>
    public override object? CallNext(object?[] args)
    {
        var argv = new List<byte[]>(args.Length + 1) { Encoding.UTF8.GetBytes(Command[0]) };
        foreach (var arg in args) argv.Add(GearsBuiltins.ToArgument(arg));
        var owned = new OwnedCommandArgs(argv);
        RespValue reply;
        lock (Session.Server.Lock)
        {
            int next = chain.Find(hooks, index + 1, owned.Args);
            reply = ReplyCapture.Capture(Session, () =>
            {
                if (next >= 0) hooks[next].Run(new HookCall(Session, chain, hooks, next, OwnedCommandArgs.ToStrings(owned.Args)));
                else CallCommand(owned);
            });
        }
        return GearsBuiltins.FromReply(reply);
    }

    private void CallCommand(OwnedCommandArgs owned)
    {
        var command = chain.Command;
        if (!command.ArityAccepts(owned.Count)) Session.Reply.WriteError(Errors.WrongArity(command.FullName));
        else Session.Server.Dispatcher.CallUnintercepted(Session, command, owned.Args);
    }
}
