using HotGears.Resp;

namespace HotGears.Tests.Resp;

/// <summary>
/// Feeds bytes to <see cref="RequestParser"/> the way a client connection does: after each read,
/// parse from the start of the unconsumed bytes until Incomplete (wait for more, and for at least
/// `needed` bytes) or Error (stop).
/// </summary>
public static class ConnectionSimulation
{
    /// <summary>The requests with arguments, in order; the protocol error that ended the stream, if any; bytes parsed.</summary>
    public sealed record Outcome(List<byte[][]> Commands, string? Error, int Consumed)
    {
        /// <summary>The outcome as text to compare (arguments in hex, one command a line).</summary>
        public string Comparable =>
            $"consumed {Consumed}, error {Error ?? "none"}\n" + string.Join("\n", Commands.Select(args => string.Join(" ", args.Select(Convert.ToHexString))));
    }

    public static Outcome Run(IEnumerable<byte[]> reads, ProtocolLimits? limits = null)
    {
        limits ??= new ProtocolLimits();
        var request = new Request();
        var commands = new List<byte[][]>();
        var buffer = new byte[64];
        int start = 0, end = 0;
        long needed = 0;
        foreach (var read in reads)
        {
            if (end + read.Length > buffer.Length) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, end + read.Length));
            read.CopyTo(buffer, end);
            end += read.Length;
            while (start < end && end - start >= needed)
            {
                var input = buffer.AsSpan(start, end - start);
                var status = RequestParser.TryParse(input, request, limits, out int consumed, out needed, out string? error);
                if (status == ParseStatus.Error) return new Outcome(commands, error, start);
                if (status == ParseStatus.Incomplete) break;
                Assert.InRange(consumed, 1, input.Length);
                needed = 0;
                if (request.Count > 0) commands.Add(Copy(request.Bind(input)));
                start += consumed;
            }
        }
        return new Outcome(commands, null, start);
    }

    public static Outcome RunWhole(byte[] bytes, ProtocolLimits? limits = null) => Run([bytes], limits);

    public static byte[][] Copy(CommandArgs args)
    {
        var copy = new byte[args.Count][];
        for (int i = 0; i < args.Count; i++) copy[i] = args.ToArray(i);
        return copy;
    }
}
