namespace HotGears.Engine;

/// <summary>Orders byte strings as memcmp does with the shorter first on a common prefix (the order of Redis's rax).</summary>
public sealed class ByteOrder : IComparer<byte[]>
{
    public static ByteOrder Instance { get; } = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
