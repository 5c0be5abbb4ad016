using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using HotGears.Resp;

namespace HotGears.Tests.Resp;

/// <summary>What <see cref="RespWriter"/> writes, <see cref="RespValueReader"/> reads back, in RESP2 and RESP3.</summary>
public class RespRoundTripTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void AnyReplyReadsBackAsWritten(int protocol)
    {
        Prop.ForAll(Replies.Any.ToArbitrary(), reply => AssertRoundTrip(protocol, reply)).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ManyRepliesInOneBufferReadBackInOrder(int protocol)
    {
        var gen = Gen.Choose(1, 20).SelectMany(n => Gen.ArrayOf(Replies.Any, n));
        Prop.ForAll(gen.ToArbitrary(), replies =>
        {
            var output = new ArrayBufferWriter<byte>();
            var writer = new RespWriter(output) { Protocol = protocol };
            foreach (var reply in replies) reply.WriteTo(writer);
            var read = RespValueReader.ReadAll(output.WrittenSpan);
            Assert.Equal(replies.Select(r => Reply.Canonical(r.Expected(protocol))), read.Select(Reply.Canonical));
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(200_000)]
    [InlineData(1024 * 1024 + 7)]
    public void BigBulkStringsReadBackWhole(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        foreach (int protocol in new[] { 2, 3 })
        {
            AssertRoundTrip(protocol, new Reply.Bulk(bytes));
            AssertRoundTrip(protocol, new Reply.Aggregate(RespType.Array, [new Reply.Integer(1), new Reply.Bulk(bytes), new Reply.Bulk(bytes)]));
            AssertRoundTrip(protocol, new Reply.Verbatim(new string('v', length)));
        }
    }

    /// <summary>A buffer that hands out spans exactly as long as asked: a writer must not count on more room.</summary>
    [Fact]
    public void WriterNeedsNoMoreRoomThanItAsksFor()
    {
        var big = new byte[150_000];
        new Random(7).NextBytes(big);
        Reply[] replies =
        [
            new Reply.Bulk(big), new Reply.Integer(long.MinValue), new Reply.Double(-1.7976931348623157e308),
            new Reply.Verbatim("hello"), new Reply.Simple("OK"), new Reply.Error("ERR x"), new Reply.Null(false),
            new Reply.Aggregate(RespType.Map, [new Reply.Bulk("k"u8.ToArray()), new Reply.Boolean(true)]),
        ];
        foreach (int protocol in new[] { 2, 3 })
        {
            var output = new ExactSpanWriter();
            var writer = new RespWriter(output) { Protocol = protocol };
            foreach (var reply in replies) reply.WriteTo(writer);
            Assert.Equal(replies.Select(r => Reply.Canonical(r.Expected(protocol))), RespValueReader.ReadAll(output.Written).Select(Reply.Canonical));
        }
    }

    [Theory]
    [InlineData(2, long.MinValue, ":-9223372036854775808\r\n")]
    [InlineData(3, long.MaxValue, ":9223372036854775807\r\n")]
    public void IntegersAreWrittenInDecimal(int protocol, long value, string expected)
    {
        Assert.Equal(expected, Written(protocol, w => w.WriteInteger(value)));
    }

    [Fact]
    public void Resp2DegradesResp3TypesAsRedisDoes()
    {
        Assert.Equal("$-1\r\n", Written(2, w => w.WriteNull()));
        Assert.Equal("*-1\r\n", Written(2, w => w.WriteNullArray()));
        Assert.Equal("_\r\n", Written(3, w => w.WriteNull()));
        Assert.Equal("_\r\n", Written(3, w => w.WriteNullArray()));
        Assert.Equal("*4\r\n", Written(2, w => w.WriteMapHeader(2)));
        Assert.Equal("%2\r\n", Written(3, w => w.WriteMapHeader(2)));
        Assert.Equal("*3\r\n", Written(2, w => w.WriteSetHeader(3)));
        Assert.Equal("~3\r\n", Written(3, w => w.WriteSetHeader(3)));
        Assert.Equal("*3\r\n", Written(2, w => w.WritePushHeader(3)));
        Assert.Equal(">3\r\n", Written(3, w => w.WritePushHeader(3)));
        Assert.Equal(":1\r\n", Written(2, w => w.WriteBoolean(true)));
        Assert.Equal("#f\r\n", Written(3, w => w.WriteBoolean(false)));
        Assert.Equal("$3\r\n1.5\r\n", Written(2, w => w.WriteDouble(1.5)));
        Assert.Equal(",1.5\r\n", Written(3, w => w.WriteDouble(1.5)));
        Assert.Equal("$3\r\ninf\r\n", Written(2, w => w.WriteDouble(double.PositiveInfinity)));
        Assert.Equal(",-inf\r\n", Written(3, w => w.WriteDouble(double.NegativeInfinity)));
        Assert.Equal("$2\r\nhi\r\n", Written(2, w => w.WriteVerbatim("hi")));
        Assert.Equal("=6\r\ntxt:hi\r\n", Written(3, w => w.WriteVerbatim("hi")));
    }

    /// <summary>Expected texts are C's printf("%.17g"), which Redis 7.0 uses for doubles.</summary>
    [Theory]
    [InlineData(1e17, "1e+17")]
    [InlineData(1e16, "10000000000000000")]
    [InlineData(0.1, "0.10000000000000001")]
    [InlineData(1e-5, "1.0000000000000001e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(123456789012345678.0, "1.2345678901234568e+17")]
    [InlineData(-0.0, "-0")]
    [InlineData(5e-324, "4.9406564584124654e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(3.0, "3")]
    [InlineData(100.0, "100")]
    [InlineData(1e21, "1e+21")]
    [InlineData(2.5e-10, "2.5000000000000002e-10")]
    [InlineData(-1234.5678, "-1234.5678")]
    [InlineData(1e100, "1e+100")]
    [InlineData(9007199254740994.0, "9007199254740994")]
    [InlineData(double.NaN, "nan")]
    public void DoublesAreFormattedLikePrintfG17(double value, string expected)
    {
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(Reply.Double.Formatted(value)));
    }

    [Fact]
    public void ReaderReportsMissingBytesAsIncomplete()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new RespWriter(output) { Protocol = 3 };
        new Reply.Aggregate(RespType.Map, [new Reply.Bulk("key"u8.ToArray()), new Reply.Double(2.5)]).WriteTo(writer);
        var bytes = output.WrittenSpan.ToArray();
        for (int length = 0; length < bytes.Length; length++)
            Assert.Equal(ParseStatus.Incomplete, RespValueReader.TryRead(bytes.AsSpan(0, length), out _, out _));
        Assert.Equal(ParseStatus.Complete, RespValueReader.TryRead(bytes, out _, out int consumed));
        Assert.Equal(bytes.Length, consumed);
    }

    [Theory]
    [InlineData("?what\r\n")]
    [InlineData(":12x\r\n")]
    [InlineData("$abc\r\n")]
    [InlineData(",1.2.3\r\n")]
    [InlineData("*1\r\n:x\r\n")]
    [InlineData("*3000000000\r\n")]
    [InlineData("%4611686018427387904\r\n")]
    public void ReaderReportsMalformedRepliesAsErrors(string text)
    {
        Assert.Equal(ParseStatus.Error, RespValueReader.TryRead(System.Text.Encoding.ASCII.GetBytes(text), out _, out _));
    }

    private static void AssertRoundTrip(int protocol, Reply reply)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new RespWriter(output) { Protocol = protocol };
        reply.WriteTo(writer);
        Assert.Equal(ParseStatus.Complete, RespValueReader.TryRead(output.WrittenSpan, out var value, out int consumed));
        Assert.Equal(output.WrittenCount, consumed);
        Assert.Equal(Reply.Canonical(reply.Expected(protocol)), Reply.Canonical(value));
    }

    private static string Written(int protocol, Action<RespWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(new RespWriter(output) { Protocol = protocol });
        return System.Text.Encoding.ASCII.GetString(output.WrittenSpan);
    }

    private sealed class ExactSpanWriter : IBufferWriter<byte>
    {
        private readonly List<byte> _written = new();
        private byte[] _current = [];

        public byte[] Written => _written.ToArray();

        public void Advance(int count) => _written.AddRange(_current.AsSpan(0, count).ToArray());

        public Memory<byte> GetMemory(int sizeHint = 0) => _current = new byte[Math.Max(sizeHint, 1)];

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
