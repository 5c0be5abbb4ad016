using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace HotGears.Tests.Resp;

/// <summary>A request as a client sends it: its arguments and their encoding on the wire (no arguments: an empty request).</summary>
public sealed record WireRequest(byte[][] Args, byte[] Bytes)
{
    public override string ToString() => Encoding.Latin1.GetString(Bytes).Replace("\r", "\\r").Replace("\n", "\\n");
}

/// <summary>
/// FsCheck generators of valid request streams: multibulk with binary arguments, inline lines in
/// every quoting style, empty requests. FsCheck draws a seed and the requests are built from it
/// with <see cref="Random"/>: drawing thousands of bytes one by one through FsCheck is far slower.
/// </summary>
public static class WireRequests
{
    private static readonly byte[] TokenChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-"u8.ToArray();

    /// <summary>Bytes that matter to the protocol, so that binary arguments are full of them.</summary>
    private static readonly byte[] TrickyBytes = "\r\n\0*$\"'\\ \t-+0123456789x"u8.ToArray();

    private static readonly string[] EmptyRequests = ["\r\n", "\n", "  \r\n", "\t\n", "*0\r\n", "*-1\r\n", "*-7\r\n"];

    private static Gen<Random> Randoms => Gen.Choose(int.MinValue, int.MaxValue).Select(seed => new Random(seed));

    public static Gen<WireRequest> Any => Randoms.Select(NextRequest);

    public static Gen<WireRequest[]> Stream =>
        from count in Gen.Choose(1, 25)
        from random in Randoms
        select Enumerable.Range(0, count).Select(_ => NextRequest(random)).ToArray();

    /// <summary>Random bytes, half of them protocol characters.</summary>
    public static Gen<byte[]> AnyBytes(int minLength, int maxLength) =>
        from length in Gen.Choose(minLength, maxLength)
        from random in Randoms
        select NextBytes(random, length);

    /// <summary>Cut points that split <paramref name="length"/> bytes into chunks (sorted, distinct, inside the range).</summary>
    public static Gen<int[]> CutPoints(int length) =>
        length < 2
            ? Gen.Constant(Array.Empty<int>())
            : Gen.Frequency(
                    (3, Gen.Choose(0, 30).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, length - 1), n))),
                    (1, Gen.Choose(1, 7).Select(step => Enumerable.Range(1, (length - 1) / step).Select(i => i * step).ToArray())))
                .Select(cuts => cuts.Distinct().Order().ToArray());

    public static byte[] Concat(IEnumerable<WireRequest> requests) => requests.SelectMany(r => r.Bytes).ToArray();

    public static byte[][] Chunks(byte[] bytes, int[] cuts)
    {
        var bounds = cuts.Prepend(0).Append(bytes.Length).ToArray();
        return Enumerable.Range(0, bounds.Length - 1).Select(i => bytes[bounds[i]..bounds[i + 1]]).ToArray();
    }

    /// <summary>Six in ten multibulk, three inline, one empty.</summary>
    public static WireRequest NextRequest(Random random)
    {
        int kind = random.Next(10);
        if (kind == 0) return new WireRequest([], Encoding.ASCII.GetBytes(EmptyRequests[random.Next(EmptyRequests.Length)]));
        var args = Enumerable.Range(0, random.Next(1, kind < 7 ? 13 : 9)).Select(_ => NextArg(random)).ToArray();
        return new WireRequest(args, kind < 7 ? EncodeMultibulk(args) : EncodeInline(args, random));
    }

    private static byte[] NextArg(Random random) => random.Next(9) switch
    {
        < 3 => NextToken(random),
        3 => [],
        < 8 => NextBytes(random, random.Next(41)),
        _ => NextBytes(random, random.Next(100, 3001)),
    };

    private static byte[] NextToken(Random random) =>
        Enumerable.Range(0, random.Next(1, 13)).Select(_ => TokenChars[random.Next(TokenChars.Length)]).ToArray();

    private static byte[] NextBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        for (int i = 0; i < length; i++)
            if (random.Next(2) == 0) bytes[i] = TrickyBytes[random.Next(TrickyBytes.Length)];
        return bytes;
    }

    public static byte[] EncodeMultibulk(byte[][] args)
    {
        var bytes = new List<byte>(Encoding.ASCII.GetBytes($"*{args.Length}\r\n"));
        foreach (var arg in args)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes($"${arg.Length}\r\n"));
            bytes.AddRange(arg);
            bytes.AddRange("\r\n"u8.ToArray());
        }
        return bytes.ToArray();
    }

    /// <summary>
    /// An inline line holding <paramref name="args"/>: each argument bare when it is a plain token,
    /// in 'single quotes' or in "double quotes" with escapes (which can hold any bytes), chosen at
    /// random among the styles that can hold it; blanks of several kinds between them.
    /// </summary>
    private static byte[] EncodeInline(byte[][] args, Random random)
    {
        var line = new StringBuilder(random.Next(3) switch { 0 => "", 1 => " ", _ => "\t" });
        for (int i = 0; i < args.Length; i++)
        {
            if (i > 0) line.Append(random.Next(4) switch { 0 => " ", 1 => "  ", 2 => "\t", _ => " \t " });
            var arg = args[i];
            int style = random.Next(3);
            if (style == 0 && arg.Length > 0 && arg.All(b => TokenChars.Contains(b))) line.Append(Encoding.ASCII.GetString(arg));
            else if (style == 1 && arg.All(b => b is >= 0x20 and < 0x7f and not (byte)'\\')) line.Append('\'').Append(Encoding.ASCII.GetString(arg).Replace("'", "\\'")).Append('\'');
            else line.Append(DoubleQuoted(arg));
        }
        line.Append(random.Next(2) == 0 ? "\r\n" : "\n");
        return Encoding.ASCII.GetBytes(line.ToString());
    }

    private static string DoubleQuoted(byte[] arg)
    {
        var text = new StringBuilder("\"");
        foreach (byte b in arg)
        {
            text.Append(b switch
            {
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                (byte)'\t' => "\\t",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }
        return text.Append('"').ToString();
    }
}
