using System.Text;

namespace HotGears.Resp;

/// <summary>
/// The arguments of one command (argument 0 is the command name), as views into the bytes they
/// were parsed from. Valid only while the command executes: a handler that keeps an argument
/// copies it (<see cref="ToArray"/>).
/// </summary>
public readonly ref struct CommandArgs
{
    private readonly ReadOnlySpan<byte> _source;
    private readonly ReadOnlySpan<ArgRange> _ranges;

    public CommandArgs(ReadOnlySpan<byte> source, ReadOnlySpan<ArgRange> ranges)
    {
        _source = source;
        _ranges = ranges;
    }

    public int Count => _ranges.Length;

    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            var range = _ranges[index];
            return _source.Slice(range.Start, range.Length);
        }
    }

    /// <summary>The arguments from <paramref name="start"/> on, e.g. the arguments of a subcommand.</summary>
    public CommandArgs Slice(int start) => new(_source, _ranges[start..]);

    public byte[] ToArray(int index) => this[index].ToArray();

    public string GetString(int index) => Encoding.UTF8.GetString(this[index]);

    /// <summary>Case-insensitive ASCII comparison, the way Redis compares keywords (strcasecmp).</summary>
    public bool Is(int index, ReadOnlySpan<byte> keyword) => Ascii.EqualsIgnoreCase(this[index], keyword);
}
