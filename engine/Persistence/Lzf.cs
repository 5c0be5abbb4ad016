namespace HotGears.Engine.Persistence;

/// <summary>LZF decompression (lzf_d.c), for the compressed strings of RDB payloads.</summary>
public static class Lzf
{
    /// <summary>Decompresses <paramref name="input"/> into exactly <paramref name="output"/>.Length bytes; false when malformed.</summary>
    public static bool TryDecompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int ip = 0, op = 0;
        while (ip < input.Length)
        {
            int ctrl = input[ip++];
            if (ctrl < 32)
            {
                int literal = ctrl + 1; // a run of literal bytes
                if (ip + literal > input.Length || op + literal > output.Length) return false;
                input.Slice(ip, literal).CopyTo(output[op..]);
                ip += literal;
                op += literal;
                continue;
            }
            int length = ctrl >> 5; // a back reference
            if (length == 7)
            {
                if (ip >= input.Length) return false;
                length += input[ip++];
            }
            if (ip >= input.Length) return false;
            int reference = op - ((ctrl & 0x1f) << 8) - 1 - input[ip++];
            length += 2;
            if (reference < 0 || op + length > output.Length) return false;
            for (int i = 0; i < length; i++) output[op++] = output[reference++]; // may overlap: byte by byte
        }
        return op == output.Length;
    }
}
