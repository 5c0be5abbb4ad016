using System.Buffers;

namespace HotGears.Resp;

/// <summary>A buffer writer that forgets what is written to it (silenced replies): one scratch buffer, reused.</summary>
internal sealed class DiscardingWriter : IBufferWriter<byte>
{
    private byte[] _scratch = new byte[4096];

    public void Advance(int count)
    {
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

    private byte[] Scratch(int sizeHint)
    {
        if (_scratch.Length < sizeHint) _scratch = new byte[sizeHint];
        return _scratch;
    }
}
