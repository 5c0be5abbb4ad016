using FsCheck;
using FsCheck.Fluent;
using HotGears.Resp;

namespace HotGears.Tests.Resp;

/// <summary>Properties of <see cref="RequestParser"/> over generated request streams, valid and broken.</summary>
public class RequestParserPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void StreamSplitAnywhereParsesToTheRequestsSent()
    {
        var gen = from stream in WireRequests.Stream
                  let bytes = WireRequests.Concat(stream)
                  from cuts in WireRequests.CutPoints(bytes.Length)
                  select (stream, bytes, cuts);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var sent = t.stream.Where(r => r.Args.Length > 0).Select(r => r.Args).ToList();
            var whole = ConnectionSimulation.RunWhole(t.bytes);
            var split = ConnectionSimulation.Run(WireRequests.Chunks(t.bytes, t.cuts));
            Assert.Equal(new ConnectionSimulation.Outcome(sent, null, t.bytes.Length).Comparable, whole.Comparable);
            Assert.Equal(whole.Comparable, split.Comparable);
        }));
    }

    [Fact]
    public void StreamFedByteByByteParsesToTheRequestsSent()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(50), Prop.ForAll(WireRequests.Stream.ToArbitrary(), stream =>
        {
            var bytes = WireRequests.Concat(stream);
            var sent = stream.Where(r => r.Args.Length > 0).Select(r => r.Args).ToList();
            var split = ConnectionSimulation.Run(bytes.Select(b => new[] { b }));
            Assert.Equal(new ConnectionSimulation.Outcome(sent, null, bytes.Length).Comparable, split.Comparable);
        }));
    }

    /// <summary>Every strict prefix of a request is Incomplete, and `needed` never asks for more than the request holds.</summary>
    [Fact]
    public void PrefixesOfARequestAreIncomplete()
    {
        Check.One(Runs, Prop.ForAll(WireRequests.Any.ToArbitrary(), request =>
        {
            var parsed = new Request();
            var limits = new ProtocolLimits();
            for (int length = 0; length < request.Bytes.Length; length++)
            {
                var status = RequestParser.TryParse(request.Bytes.AsSpan(0, length), parsed, limits, out _, out long needed, out _);
                Assert.Equal(ParseStatus.Incomplete, status);
                Assert.True(needed == 0 || (needed > length && needed <= request.Bytes.Length), $"needed {needed} at {length}");
            }
            var complete = RequestParser.TryParse(request.Bytes, parsed, limits, out int consumed, out _, out _);
            Assert.Equal(ParseStatus.Complete, complete);
            Assert.Equal(request.Bytes.Length, consumed);
            Assert.Equal(request.Args, ConnectionSimulation.Copy(parsed.Bind(request.Bytes)));
        }));
    }

    /// <summary>
    /// Broken streams (valid ones with bytes changed, inserted, removed) never throw, fail only
    /// with Redis's texts, and give the same commands and the same error however they are split.
    /// </summary>
    [Fact]
    public void BrokenStreamSplitAnywhereParsesLikeWhole()
    {
        var gen = from stream in WireRequests.Stream
                  from bytes in Mutated(WireRequests.Concat(stream))
                  from cuts in WireRequests.CutPoints(bytes.Length)
                  select (bytes, cuts);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var whole = ConnectionSimulation.RunWhole(t.bytes);
            var split = ConnectionSimulation.Run(WireRequests.Chunks(t.bytes, t.cuts));
            Assert.Equal(whole.Comparable, split.Comparable);
            if (whole.Error != null) RequestParserTests.AssertIsRedisProtocolError(whole.Error);
        }));
    }

    /// <summary>Random bytes, with or without a leading `*`: any outcome but an exception.</summary>
    [Fact]
    public void RandomBytesNeverThrow()
    {
        var gen = from star in Gen.Elements(true, false)
                  from bytes in WireRequests.AnyBytes(0, 300)
                  select star ? [(byte)'*', .. bytes] : bytes;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(gen.ToArbitrary(), bytes =>
        {
            var status = RequestParser.TryParse(bytes, new Request(), new ProtocolLimits(), out int consumed, out _, out string? error);
            if (status == ParseStatus.Error) RequestParserTests.AssertIsRedisProtocolError(error!);
            if (status == ParseStatus.Complete) Assert.InRange(consumed, 1, bytes.Length);
        }));
    }

    private static Gen<byte[]> Mutated(byte[] bytes) =>
        Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Mutation(), n)).Select(mutations =>
        {
            var result = bytes.ToList();
            foreach (var mutate in mutations) mutate(result);
            return result.ToArray();
        });

    private static Gen<Action<List<byte>>> Mutation() =>
        from kind in Gen.Choose(0, 3)
        from position in Gen.Choose(0, int.MaxValue)
        from value in WireRequests.AnyBytes(1, 1).Select(b => b[0])
        select (Action<List<byte>>)(bytes =>
        {
            int at = bytes.Count == 0 ? 0 : position % bytes.Count;
            switch (kind)
            {
                case 0 when bytes.Count > 0: bytes[at] = value; break;
                case 1: bytes.Insert(at, value); break;
                case 2 when bytes.Count > 0: bytes.RemoveAt(at); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        });
}
