using HotGears.Resp;

namespace HotGears.Engine.Gears.Readers;

/// <summary>A command's arguments in one array of their own, for commands a gear runs (call_next).</summary>
internal sealed class OwnedCommandArgs
{
    private readonly byte[] _bytes;
    private readonly ArgRange[] _ranges;

    public OwnedCommandArgs(IReadOnlyList<byte[]> argv)
    {
        _bytes = new byte[argv.Sum(a => a.Length)];
        _ranges = new ArgRange[argv.Count];
        int offset = 0;
        for (int i = 0; i < argv.Count; i++)
        {
            argv[i].CopyTo(_bytes, offset);
            _ranges[i] = new ArgRange(offset, argv[i].Length);
            offset += argv[i].Length;
        }
    }

    public CommandArgs Args => new(_bytes, _ranges);

    public int Count => _ranges.Length;

    /// <summary>The arguments as strings (a CommandReader record).</summary>
    public static List<string> ToStrings(CommandArgs args)
    {
        var strings = new List<string>(args.Count);
        for (int i = 0; i < args.Count; i++) strings.Add(args.GetString(i));
        return strings;
    }
}
