using HotGears.Engine.Commands;
using HotGears.Resp;

namespace HotGears.Engine.Transactions;

/// <summary>
/// A command queued by MULTI, with its own copy of the arguments: the request buffer it came
/// from is reused for the next request. All arguments share one array.
/// </summary>
internal sealed class QueuedCommand
{
    private readonly byte[] _bytes;
    private readonly ArgRange[] _ranges;

    public QueuedCommand(CommandDefinition command, CommandArgs args)
    {
        Command = command;
        int total = 0;
        for (int i = 0; i < args.Count; i++) total += args[i].Length;
        _bytes = new byte[total];
        _ranges = new ArgRange[args.Count];
        int offset = 0;
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            arg.CopyTo(_bytes.AsSpan(offset));
            _ranges[i] = new ArgRange(offset, arg.Length);
            offset += arg.Length;
        }
    }

    /// <summary>The command as resolved when it was queued (subcommand included).</summary>
    public CommandDefinition Command { get; }

    public CommandArgs Args => new(_bytes, _ranges);
}
