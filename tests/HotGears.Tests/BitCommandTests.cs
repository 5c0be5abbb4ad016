namespace HotGears.Tests;

// Expected values were checked against redis-server 7.0.15.
public class BitCommandTests
{
    private const string WrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";

    private static byte[] Bytes(params int[] values) => values.Select(v => (byte)v).ToArray();

    private static void SetBytes(TestServer t, string key, params int[] values) =>
        t.Client.Execute("SET"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(key), Bytes(values));

    [Fact]
    public void SetBitGrowsTheStringAndReturnsTheOldBit()
    {
        using var t = new TestServer();
        var events = RecordedEvents.On(t);
        Assert.Equal("0", t.Text("SETBIT", "sb", "7", "1"));
        Assert.Equal("1", t.Text("SETBIT", "sb", "7", "1"));
        Assert.Equal(Bytes(1), t.Run("GET", "sb").Bytes);
        Assert.Equal("0", t.Text("SETBIT", "sb", "17", "1"));
        Assert.Equal(Bytes(1, 0, 0x40), t.Run("GET", "sb").Bytes);
        Assert.Equal("1", t.Text("SETBIT", "sb", "17", "0"));
        // `setbit` only when something changed: created, grown, or a bit flipped.
        Assert.Equal(["setbit(sb)", "setbit(sb)", "setbit(sb)"], events.Take());
        Assert.Equal("0", t.Text("SETBIT", "sb", "0", "0"));
        Assert.Empty(events.Take());
        Assert.Equal("0", t.Text("SETBIT", "sb", "100", "0"));
        Assert.Equal(["setbit(sb)"], events.Take());
        Assert.Equal("13", t.Text("STRLEN", "sb"));
    }

    [Fact]
    public void GetBitReadsBitsMostSignificantFirst()
    {
        using var t = new TestServer();
        SetBytes(t, "g", 0x80, 0x01);
        Assert.Equal("1", t.Text("GETBIT", "g", "0"));
        Assert.Equal("0", t.Text("GETBIT", "g", "1"));
        Assert.Equal("1", t.Text("GETBIT", "g", "15"));
        Assert.Equal("0", t.Text("GETBIT", "g", "1000"));
        Assert.Equal("0", t.Text("GETBIT", "missing", "3"));
    }

    [Fact]
    public void BitOffsetsAndValuesAreValidated()
    {
        using var t = new TestServer();
        const string badOffset = "ERR bit offset is not an integer or out of range";
        Assert.Equal(badOffset, t.Text("SETBIT", "k", "-1", "1"));
        Assert.Equal(badOffset, t.Text("SETBIT", "k", "4294967296", "1")); // byte 512 MB
        Assert.Equal(badOffset, t.Text("GETBIT", "k", "x"));
        Assert.Equal(badOffset, t.Text("SETBIT", "k", "x", "2")); // the offset is checked first
        Assert.Equal("ERR bit is not an integer or out of range", t.Text("SETBIT", "k", "1", "2"));
        Assert.Equal("ERR bit is not an integer or out of range", t.Text("SETBIT", "k", "1", "-1"));
        OtherTypeValue.StoreAt(t, "l");
        Assert.Equal(WrongType, t.Text("SETBIT", "l", "1", "1"));
        Assert.Equal(WrongType, t.Text("GETBIT", "l", "1"));
    }

    [Theory]
    [InlineData(new string[0], "26")]
    [InlineData(new[] { "0", "0" }, "4")]
    [InlineData(new[] { "1", "1" }, "6")]
    [InlineData(new[] { "1", "1", "BYTE" }, "6")]
    [InlineData(new[] { "5", "30", "BIT" }, "17")]
    [InlineData(new[] { "-1", "-2", "foo" }, "0")] // the empty-range check comes before the unit
    [InlineData(new[] { "-100", "100" }, "26")]
    [InlineData(new[] { "0" }, "ERR syntax error")]
    [InlineData(new[] { "0", "1", "foo" }, "ERR syntax error")]
    [InlineData(new[] { "a", "1" }, "ERR value is not an integer or out of range")]
    public void BitCountOverRanges(string[] range, string expected)
    {
        using var t = new TestServer();
        t.Run("SET", "f", "foobar");
        Assert.Equal(expected, t.Text(["BITCOUNT", "f", .. range]));
    }

    [Fact]
    public void BitCountInBitsMasksTheEdgeBytes()
    {
        using var t = new TestServer();
        SetBytes(t, "bits", 0x01, 0x80, 0xaa, 0x55);
        Assert.Equal("2", t.Text("BITCOUNT", "bits", "7", "8", "BIT"));
        Assert.Equal("4", t.Text("BITCOUNT", "bits", "-9", "-1", "BIT"));
        Assert.Equal("0", t.Text("BITCOUNT", "bits", "3", "2"));
        Assert.Equal("0", t.Text("BITCOUNT", "missing", "1", "2", "3", "4")); // a missing key wins over bad arguments
        t.Run("SET", "e", "");
        Assert.Equal("0", t.Text("BITCOUNT", "e"));
        OtherTypeValue.StoreAt(t, "l");
        Assert.Equal(WrongType, t.Text("BITCOUNT", "l"));
    }

    [Fact]
    public void BitCountOfALongString()
    {
        using var t = new TestServer();
        var value = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        t.Client.Execute("SET"u8.ToArray(), "long"u8.ToArray(), value);
        long expected = value.Sum(b => System.Numerics.BitOperations.PopCount(b));
        Assert.Equal(expected.ToString(), t.Text("BITCOUNT", "long"));
        long inRange = value[3..998].Sum(b => System.Numerics.BitOperations.PopCount(b));
        Assert.Equal(inRange.ToString(), t.Text("BITCOUNT", "long", "3", "997"));
    }

    [Fact]
    public void BitPosFindsSetAndClearBits()
    {
        using var t = new TestServer();
        SetBytes(t, "m", 0xff, 0xf0, 0x00);
        Assert.Equal("12", t.Text("BITPOS", "m", "0"));
        Assert.Equal("-1", t.Text("BITPOS", "m", "1", "2", "-1", "BYTE"));
        Assert.Equal("12", t.Text("BITPOS", "m", "0", "7", "15", "BIT"));
        SetBytes(t, "z", 0x00, 0xff, 0xf0);
        Assert.Equal("8", t.Text("BITPOS", "z", "1", "0"));
        Assert.Equal("16", t.Text("BITPOS", "z", "1", "2", "-1", "BYTE"));
        Assert.Equal("8", t.Text("BITPOS", "z", "1", "7", "15", "BIT"));
        Assert.Equal("-1", t.Text("BITPOS", "z", "0", "8", "15", "BIT"));
        Assert.Equal("20", t.Text("BITPOS", "z", "0", "8", "-1", "BIT"));
        SetBytes(t, "bits", 0x01, 0x80, 0xaa, 0x55);
        Assert.Equal("7", t.Text("BITPOS", "bits", "1", "1", "-1", "BIT"));
        Assert.Equal("8", t.Text("BITPOS", "bits", "1", "8", "8", "BIT"));
        Assert.Equal("16", t.Text("BITPOS", "bits", "1", "9", "16", "BIT"));
    }

    [Fact]
    public void BitPosPadsWithZerosOnlyWithoutAnExplicitEnd()
    {
        using var t = new TestServer();
        SetBytes(t, "ff", 0xff, 0xff, 0xff);
        Assert.Equal("24", t.Text("BITPOS", "ff", "0"));
        Assert.Equal("24", t.Text("BITPOS", "ff", "0", "1"));
        Assert.Equal("-1", t.Text("BITPOS", "ff", "0", "0", "-1"));
        Assert.Equal("0", t.Text("BITPOS", "missing", "0"));
        Assert.Equal("-1", t.Text("BITPOS", "missing", "1"));
        t.Run("SET", "e", "");
        Assert.Equal("-1", t.Text("BITPOS", "e", "0"));
        Assert.Equal("-1", t.Text("BITPOS", "e", "1"));
    }

    [Fact]
    public void BitPosErrors()
    {
        using var t = new TestServer();
        t.Run("SET", "k", "x");
        Assert.Equal("ERR The bit argument must be 1 or 0.", t.Text("BITPOS", "k", "2"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("BITPOS", "k", "x"));
        Assert.Equal("ERR syntax error", t.Text("BITPOS", "k", "0", "0", "x", "bad")); // the unit before the end
        Assert.Equal("ERR value is not an integer or out of range", t.Text("BITPOS", "k", "0", "0", "x", "BIT"));
        Assert.Equal("ERR syntax error", t.Text("BITPOS", "k", "0", "0", "1", "BIT", "x"));
        OtherTypeValue.StoreAt(t, "l");
        Assert.Equal(WrongType, t.Text("BITPOS", "l", "1"));
    }

    [Fact]
    public void BitOpCombinesStringsPaddedWithZeros()
    {
        using var t = new TestServer();
        SetBytes(t, "k1", 0x00, 0xff, 0x0f);
        SetBytes(t, "k2", 0xf0, 0x0f);
        Assert.Equal("3", t.Text("BITOP", "AND", "dst", "k1", "k2"));
        Assert.Equal(Bytes(0x00, 0x0f, 0x00), t.Run("GET", "dst").Bytes);
        Assert.Equal("3", t.Text("BITOP", "or", "dst", "k1", "k2"));
        Assert.Equal(Bytes(0xf0, 0xff, 0x0f), t.Run("GET", "dst").Bytes);
        Assert.Equal("3", t.Text("BITOP", "XOR", "dst", "k1", "k2", "nokey"));
        Assert.Equal(Bytes(0xf0, 0xf0, 0x0f), t.Run("GET", "dst").Bytes);
        Assert.Equal("3", t.Text("BITOP", "NOT", "dst", "k1"));
        Assert.Equal(Bytes(0xff, 0x00, 0xf0), t.Run("GET", "dst").Bytes);
        Assert.Equal("3", t.Text("BITOP", "OR", "k1", "k1", "k2")); // the destination may be a source
        Assert.Equal(Bytes(0xf0, 0xff, 0x0f), t.Run("GET", "k1").Bytes);
    }

    [Fact]
    public void BitOpOnLongStringsMatchesBytewiseResults()
    {
        using var t = new TestServer();
        var random = new Random(7);
        byte[] a = new byte[1000], b = new byte[777];
        random.NextBytes(a);
        random.NextBytes(b);
        t.Client.Execute("SET"u8.ToArray(), "a"u8.ToArray(), a);
        t.Client.Execute("SET"u8.ToArray(), "b"u8.ToArray(), b);
        byte B(int i) => i < b.Length ? b[i] : (byte)0;
        t.Run("BITOP", "AND", "r", "a", "b");
        Assert.Equal(a.Select((x, i) => (byte)(x & B(i))).ToArray(), t.Run("GET", "r").Bytes);
        t.Run("BITOP", "OR", "r", "a", "b");
        Assert.Equal(a.Select((x, i) => (byte)(x | B(i))).ToArray(), t.Run("GET", "r").Bytes);
        t.Run("BITOP", "XOR", "r", "b", "a");
        Assert.Equal(a.Select((x, i) => (byte)(x ^ B(i))).ToArray(), t.Run("GET", "r").Bytes);
        t.Run("BITOP", "NOT", "r", "a");
        Assert.Equal(a.Select(x => (byte)~x).ToArray(), t.Run("GET", "r").Bytes);
    }

    [Fact]
    public void BitOpEventsAndErrors()
    {
        using var t = new TestServer();
        var events = RecordedEvents.On(t);
        t.Run("SETEX", "dst", "100", "x");
        t.Run("SET", "k1", "abc");
        events.Take();
        Assert.Equal("3", t.Text("BITOP", "OR", "dst", "k1"));
        Assert.Equal(["set(dst)"], events.Take());
        Assert.Equal("0", t.Text("BITOP", "AND", "dst", "nokey", "nokey2")); // an empty result deletes
        Assert.Equal(["del(dst)"], events.Take());
        Assert.Null(t.Text("GET", "dst"));
        Assert.Equal("ERR BITOP NOT must be called with a single source key.", t.Text("BITOP", "NOT", "dst", "k1", "k1"));
        Assert.Equal("ERR syntax error", t.Text("BITOP", "NAND", "dst", "k1"));
        OtherTypeValue.StoreAt(t, "l");
        Assert.Equal(WrongType, t.Text("BITOP", "AND", "dst", "k1", "l"));
    }
}
