using System.Buffers;
using System.Text;
using HotGears.Engine;
using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Tests;

/// <summary>Records keyspace events as "name(key)" strings.</summary>
internal sealed class RecordedEvents : IKeyspaceListener
{
    private readonly List<string> _events = new();

    public static RecordedEvents On(TestServer t)
    {
        var recorder = new RecordedEvents();
        t.Server.Events.Subscribe(recorder);
        return recorder;
    }

    public void OnKeyspaceEvent(in KeyspaceEvent e) => _events.Add($"{e.Name}({Encoding.UTF8.GetString(e.Key)})");

    /// <summary>The events since the last call, "new" and "keymiss" left out (not part of notify-keyspace-events A).</summary>
    public string[] Take()
    {
        var taken = _events.Where(e => !e.StartsWith("new(") && !e.StartsWith("keymiss(")).ToArray();
        _events.Clear();
        return taken;
    }
}

/// <summary>A non-string value, to check WRONGTYPE replies.</summary>
internal sealed class OtherTypeValue : IRedisValue
{
    public string TypeName => "list";
    public string EncodingName => "listpack";
    public IRedisValue DeepCopy() => this;

    public static void StoreAt(TestServer t, string key)
    {
        lock (t.Server.Lock) t.Server.Databases[0].Set(Encoding.UTF8.GetBytes(key), new OtherTypeValue());
    }
}

// Expected values were checked against redis-server 7.0.15.
public class StringCommandTests
{
    private const string WrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";

    private static byte[] Bytes(params int[] values) => values.Select(v => (byte)v).ToArray();

    private static long Ttl(TestServer t, string key)
    {
        lock (t.Server.Lock)
        {
            long at = t.Server.Databases[0].GetExpire(Encoding.UTF8.GetBytes(key));
            return at < 0 ? -1 : (at - t.Server.NowMs + 500) / 1000;
        }
    }

    [Fact]
    public void SetThenGetReturnsTheValue()
    {
        using var t = new TestServer();
        Assert.Equal("OK", t.Text("SET", "k", "v"));
        Assert.Equal("v", t.Text("GET", "k"));
        Assert.Null(t.Text("GET", "missing"));
    }

    [Fact]
    public void SetOptionsAndTheirEvents()
    {
        using var t = new TestServer();
        var events = RecordedEvents.On(t);
        Assert.Equal("OK", t.Text("SET", "a", "1"));
        Assert.Equal(["set(a)"], events.Take());
        Assert.Equal("OK", t.Text("SET", "a", "2", "EX", "100"));
        Assert.Equal(["set(a)", "expire(a)"], events.Take());
        Assert.Equal(100, Ttl(t, "a"));
        Assert.Equal("OK", t.Text("SET", "a", "3", "KEEPTTL"));
        Assert.Equal(100, Ttl(t, "a"));
        Assert.Null(t.Text("SET", "a", "4", "NX"));
        Assert.Equal("3", t.Text("SET", "a", "5", "XX", "GET"));
        Assert.Equal(-1, Ttl(t, "a"));
        Assert.Null(t.Text("SET", "b", "1", "GET"));
        Assert.Equal("1", t.Text("SET", "b", "2", "NX", "GET")); // NX failed: the old value, nothing set
        Assert.Equal("1", t.Text("GET", "b"));
        Assert.Equal("ERR syntax error", t.Text("SET", "a", "1", "NX", "XX"));
        Assert.Equal("ERR syntax error", t.Text("SET", "a", "1", "EX", "10", "KEEPTTL"));
        Assert.Equal("ERR syntax error", t.Text("SET", "a", "1", "PERSIST"));
        Assert.Equal("ERR invalid expire time in 'set' command", t.Text("SET", "a", "1", "EX", "0"));
        OtherTypeValue.StoreAt(t, "l");
        // The expire value is checked before GET looks at the type.
        Assert.Equal("ERR value is not an integer or out of range", t.Text("SET", "l", "1", "GET", "EX", "x"));
        Assert.Equal(WrongType, t.Text("SET", "l", "1", "GET"));
        Assert.Equal("OK", t.Text("SET", "l", "1"));
    }

    [Fact]
    public void SetNxSetExPSetEx()
    {
        using var t = new TestServer();
        var events = RecordedEvents.On(t);
        Assert.Equal("1", t.Text("SETNX", "a", "x"));
        Assert.Equal("0", t.Text("SETNX", "a", "y"));
        Assert.Equal(["set(a)"], events.Take());
        Assert.Equal("OK", t.Text("SETEX", "c", "100", "v"));
        Assert.Equal(["set(c)", "expire(c)"], events.Take());
        Assert.Equal(100, Ttl(t, "c"));
        Assert.Equal("OK", t.Text("PSETEX", "d", "50000", "v"));
        Assert.Equal(["set(d)", "expire(d)"], events.Take());
        Assert.Equal(50, Ttl(t, "d"));
        Assert.Equal("ERR invalid expire time in 'setex' command", t.Text("SETEX", "c", "0", "v"));
        Assert.Equal("ERR invalid expire time in 'psetex' command", t.Text("PSETEX", "c", "-1", "v"));
        Assert.Equal("ERR invalid expire time in 'setex' command", t.Text("SETEX", "c", long.MaxValue.ToString(), "v"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("SETEX", "c", "x", "v"));
        Assert.Empty(events.Take());
    }

    [Fact]
    public void GetSetAndGetDel()
    {
        using var t = new TestServer();
        var events = RecordedEvents.On(t);
        t.Run("SETEX", "c", "100", "v");
        events.Take();
        Assert.Equal("v", t.Text("GETSET", "c", "w"));
        Assert.Equal(["set(c)"], events.Take());
        Assert.Equal(-1, Ttl(t, "c")); // GETSET drops the TTL
        Assert.Null(t.Text("GETSET", "n", "1"));
        Assert.Equal("1", t.Text("GET", "n"));
        events.Take();
        Assert.Equal("w", t.Text("GETDEL", "c"));
        Assert.Equal(["del(c)"], events.Take());
        Assert.Null(t.Text("GETDEL", "c"));
        Assert.Empty(events.Take());
        OtherTypeValue.StoreAt(t, "l");
        Assert.Equal(WrongType, t.Text("GETSET", "l", "x"));
        Assert.Equal(WrongType, t.Text("GETDEL", "l"));
    }

    [Fact]
    public void GetExChangesTheExpiry()
    {
        using var t = new TestServer();
        var events = RecordedEvents.On(t);
        t.Run("SET", "a", "2", "EX", "100");
        events.Take();
        Assert.Equal("2", t.Text("GETEX", "a"));
        Assert.Empty(events.Take());
        Assert.Equal("2", t.Text("GETEX", "a", "PERSIST"));
        Assert.Equal(["persist(a)"], events.Take());
        Assert.Equal(-1, Ttl(t, "a"));
        Assert.Equal("2", t.Text("GETEX", "a", "PERSIST"));
        Assert.Empty(events.Take()); // nothing to persist
        Assert.Equal("2", t.Text("GETEX", "a", "EX", "200"));
        Assert.Equal(["expire(a)"], events.Take());
        Assert.Equal(200, Ttl(t, "a"));
        Assert.Equal("2", t.Text("GETEX", "a", "PX", "300000"));
        Assert.Equal(300, Ttl(t, "a"));
        events.Take();
        long inAMinute = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60;
        Assert.Equal("2", t.Text("GETEX", "a", "EXAT", inAMinute.ToString()));
        Assert.InRange(Ttl(t, "a"), 59, 61);
        Assert.Equal(["expire(a)"], events.Take());
        Assert.Equal("2", t.Text("GETEX", "a", "PXAT", "1")); // already past: the key goes
        Assert.Equal(["del(a)"], events.Take());
        Assert.Null(t.Text("GET", "a"));
    }

    [Fact]
    public void GetExValidatesTheExpireOnlyForAnExistingString()
    {
        using var t = new TestServer();
        Assert.Null(t.Text("GETEX", "missing", "EX", "abc"));
        Assert.Equal("ERR syntax error", t.Text("GETEX", "missing", "EX"));
        Assert.Equal("ERR syntax error", t.Text("GETEX", "missing", "EX", "1", "PERSIST"));
        Assert.Equal("ERR syntax error", t.Text("GETEX", "missing", "KEEPTTL"));
        Assert.Equal("ERR syntax error", t.Text("GETEX", "missing", "NX"));
        t.Run("SET", "a", "v");
        Assert.Equal("ERR value is not an integer or out of range", t.Text("GETEX", "a", "EX", "abc"));
        Assert.Equal("ERR invalid expire time in 'getex' command", t.Text("GETEX", "a", "EX", "0"));
        OtherTypeValue.StoreAt(t, "l");
        Assert.Equal(WrongType, t.Text("GETEX", "l", "EX", "abc"));
    }

    [Fact]
    public void MSetAndMSetNx()
    {
        using var t = new TestServer();
        var events = RecordedEvents.On(t);
        t.Run("SETEX", "x", "100", "old");
        events.Take();
        Assert.Equal("OK", t.Text("MSET", "x", "1", "y", "2"));
        Assert.Equal(["set(x)", "set(y)"], events.Take());
        Assert.Equal(-1, Ttl(t, "x"));
        Assert.Equal("ERR wrong number of arguments for 'mset' command", t.Text("MSET", "x", "1", "y"));
        Assert.Equal("0", t.Text("MSETNX", "x", "1", "z", "2"));
        Assert.Null(t.Text("GET", "z"));
        Assert.Equal("1", t.Text("MSETNX", "z", "1", "w", "2"));
        Assert.Equal(["set(z)", "set(w)"], events.Take());
        Assert.Equal("ERR wrong number of arguments for 'msetnx' command", t.Text("MSETNX", "a", "1", "b"));
        var values = t.Run("MGET", "x", "y", "nokey", "w");
        Assert.Equal(["1", "2", null, "2"], values.Items!.Select(v => v.Text));
    }

    [Fact]
    public void IncrCountsAndRejectsNonIntegers()
    {
        using var t = new TestServer();
        var events = RecordedEvents.On(t);
        Assert.Equal("1", t.Text("INCR", "n"));
        Assert.Equal("11", t.Text("INCRBY", "n", "10"));
        Assert.Equal("10", t.Text("DECR", "n"));
        Assert.Equal("-5", t.Text("DECRBY", "n", "15"));
        Assert.Equal(["incrby(n)", "incrby(n)", "incrby(n)", "incrby(n)"], events.Take());
        t.Run("SET", "s", "abc");
        Assert.Equal("ERR value is not an integer or out of range", t.Text("INCR", "s"));
        t.Run("SET", "s", " 1");
        Assert.Equal("ERR value is not an integer or out of range", t.Text("INCR", "s"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("INCRBY", "n", "1.5"));
        t.Run("SET", "max", long.MaxValue.ToString());
        Assert.Equal("ERR increment or decrement would overflow", t.Text("INCR", "max"));
        Assert.Equal("ERR decrement would overflow", t.Text("DECRBY", "n", long.MinValue.ToString()));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("DECRBY", "n", "9223372036854775808"));
        t.Run("SETEX", "ttl", "100", "5");
        Assert.Equal("6", t.Text("INCR", "ttl"));
        Assert.Equal(100, Ttl(t, "ttl")); // counters keep the TTL
        OtherTypeValue.StoreAt(t, "l");
        Assert.Equal(WrongType, t.Text("INCR", "l"));
    }

    [Theory]
    [InlineData("10.5", "0.1", "10.6")]
    [InlineData("5.0e3", "0", "5000")]
    [InlineData("0", "0.000003814697265625", "0.00000381469726562")] // an exact tie, rounded to even
    [InlineData("0", "0.000003814697265627", "0.00000381469726563")]
    [InlineData("0", "-0.000000000000000001", "0")]                   // "-0" is written "0"
    [InlineData("3", "0.0000000000000000001", "3")]
    [InlineData("1.1", "2.2", "3.3")]
    [InlineData("0.1", "0.2", "0.3")]
    [InlineData("0", "1e20", "100000000000000000000")]
    [InlineData("0", "123456789012345678901234567890", "123456789012345678899921813504")] // 64-bit significand
    [InlineData("0", "0x1p3", "8")]
    [InlineData("0", "1e-4950", "0")]                                 // subnormal, not zero: accepted
    [InlineData("-7", "+7", "0")]
    [InlineData("1", ".5", "1.5")]
    [InlineData("1", "5.", "6")]
    public void IncrByFloatMatchesRedisLongDoubleOutput(string start, string by, string expected)
    {
        using var t = new TestServer();
        t.Run("SET", "f", start);
        Assert.Equal(expected, t.Text("INCRBYFLOAT", "f", by));
        Assert.Equal(expected, t.Text("GET", "f"));
    }

    [Fact]
    public void IncrByFloatPrintsHugeValuesInFull()
    {
        using var t = new TestServer();
        string result = t.Text("INCRBYFLOAT", "f", "1e4932")!;
        Assert.Equal(4933, result.Length);
        Assert.StartsWith("10000000000000000000060189493879638913238", result);
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    [InlineData("1e4932")]
    public void IncrByFloatRefusesInfiniteResults(string by)
    {
        using var t = new TestServer();
        t.Run("SET", "f", "1.18e4932");
        Assert.Equal("ERR increment would produce NaN or Infinity", t.Text("INCRBYFLOAT", "f", by));
        Assert.Equal("1.18e4932", t.Text("GET", "f"));
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1e")]
    [InlineData("0x")]
    [InlineData(".")]
    [InlineData("1e5000")]  // overflow
    [InlineData("1e-5000")] // rounds to zero
    [InlineData("- 1")]
    public void IncrByFloatRefusesInvalidFloats(string by)
    {
        using var t = new TestServer();
        Assert.Equal("ERR value is not a valid float", t.Text("INCRBYFLOAT", "f", by));
        t.Run("SET", "g", by);
        Assert.Equal("ERR value is not a valid float", t.Text("INCRBYFLOAT", "g", "1"));
    }

    [Fact]
    public void IncrByFloatKeepsTheTtlAndFiresItsEvent()
    {
        using var t = new TestServer();
        var events = RecordedEvents.On(t);
        t.Run("SETEX", "f", "100", "1");
        events.Take();
        Assert.Equal("2.5", t.Text("INCRBYFLOAT", "f", "1.5"));
        Assert.Equal(["incrbyfloat(f)"], events.Take());
        Assert.Equal(100, Ttl(t, "f"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("INCRBY", "f", "1"));
        OtherTypeValue.StoreAt(t, "l");
        Assert.Equal(WrongType, t.Text("INCRBYFLOAT", "l", "1"));
    }

    [Fact]
    public void AppendAndStrLen()
    {
        using var t = new TestServer();
        var events = RecordedEvents.On(t);
        Assert.Equal("2", t.Text("APPEND", "q", "ab"));
        Assert.Equal("2", t.Text("APPEND", "q", ""));
        Assert.Equal(["append(q)", "append(q)"], events.Take());
        Assert.Equal("5", t.Text("APPEND", "q", "cde"));
        Assert.Equal("abcde", t.Text("GET", "q"));
        Assert.Equal("5", t.Text("STRLEN", "q"));
        Assert.Equal("0", t.Text("STRLEN", "missing"));
        Assert.Equal("0", t.Text("APPEND", "empty", ""));
        Assert.Equal("", t.Text("GET", "empty"));
        OtherTypeValue.StoreAt(t, "l");
        Assert.Equal(WrongType, t.Text("APPEND", "l", "x"));
        Assert.Equal(WrongType, t.Text("STRLEN", "l"));
    }

    [Fact]
    public void BinaryValuesSurviveEveryPath()
    {
        using var t = new TestServer();
        byte[] key = Bytes(0, 255, 13, 10);
        byte[] value = Bytes(0, 1, 2, 255, 13, 10, 0);
        t.Client.Execute("SET"u8.ToArray(), key, value);
        t.Client.Execute("APPEND"u8.ToArray(), key, Bytes(0, 128));
        Assert.Equal([.. value, 0, 128], t.Client.Execute("GET"u8.ToArray(), key).Bytes);
        Assert.Equal(Bytes(255, 13, 10), t.Client.Execute("GETRANGE"u8.ToArray(), key, "3"u8.ToArray(), "5"u8.ToArray()).Bytes);
        t.Client.Execute("SETRANGE"u8.ToArray(), key, "1"u8.ToArray(), Bytes(0, 0));
        Assert.Equal(Bytes(0, 0, 0, 255, 13, 10, 0, 0, 128), t.Client.Execute("GETDEL"u8.ToArray(), key).Bytes);
    }

    [Theory]
    [InlineData("0", "3", "This")]
    [InlineData("-3", "-1", "ing")]
    [InlineData("0", "-1", "This is a string")]
    [InlineData("10", "100", "string")]
    [InlineData("5", "3", "")]
    [InlineData("-1", "-5", "")]
    [InlineData("-100", "2", "Thi")]
    [InlineData("100", "200", "")]
    [InlineData("-9223372036854775808", "9223372036854775807", "This is a string")]
    public void GetRangeClampsLikeRedis(string start, string end, string expected)
    {
        using var t = new TestServer();
        t.Run("SET", "s", "This is a string");
        Assert.Equal(expected, t.Text("GETRANGE", "s", start, end));
        Assert.Equal(expected, t.Text("SUBSTR", "s", start, end));
    }

    [Fact]
    public void GetRangeEdgeCases()
    {
        using var t = new TestServer();
        Assert.Equal("", t.Text("GETRANGE", "missing", "0", "-1"));
        t.Run("SET", "e", "");
        Assert.Equal("", t.Text("GETRANGE", "e", "0", "-1"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("GETRANGE", "missing", "a", "1"));
        OtherTypeValue.StoreAt(t, "l");
        Assert.Equal(WrongType, t.Text("GETRANGE", "l", "0", "1"));
    }

    [Fact]
    public void SetRangePadsWithZerosAndFiresSetRange()
    {
        using var t = new TestServer();
        var events = RecordedEvents.On(t);
        Assert.Equal("7", t.Text("SETRANGE", "q", "5", "xy"));
        Assert.Equal(Bytes(0, 0, 0, 0, 0, 'x', 'y'), t.Run("GET", "q").Bytes);
        Assert.Equal("7", t.Text("SETRANGE", "q", "0", "ab"));
        Assert.Equal("ab\0\0\0xy", t.Text("GET", "q"));
        Assert.Equal(["setrange(q)", "setrange(q)"], events.Take());
        Assert.Equal("7", t.Text("SETRANGE", "q", "1", ""));
        Assert.Equal("0", t.Text("SETRANGE", "missing", "1", ""));
        Assert.Null(t.Text("GET", "missing"));
        Assert.Empty(events.Take());
        Assert.Equal("ERR offset is out of range", t.Text("SETRANGE", "q", "-1", "a"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("SETRANGE", "q", "x", "a"));
        Assert.Equal("ERR string exceeds maximum allowed size (proto-max-bulk-len)", t.Text("SETRANGE", "q", "536870912", "a"));
        Assert.Equal("ERR string exceeds maximum allowed size (proto-max-bulk-len)", t.Text("SETRANGE", "q", long.MaxValue.ToString(), "a"));
        OtherTypeValue.StoreAt(t, "l");
        Assert.Equal(WrongType, t.Text("SETRANGE", "l", "0", "a"));
    }

    [Fact]
    public void StringsCannotGrowPastProtoMaxBulkLen()
    {
        var config = new ServerConfig();
        config.Limits.MaxBulkLength = 8;
        using var t = new TestServer(config);
        t.Run("SET", "s", "12345");
        Assert.Equal("8", t.Text("APPEND", "s", "678"));
        Assert.Equal("ERR string exceeds maximum allowed size (proto-max-bulk-len)", t.Text("APPEND", "s", "9"));
        Assert.Equal("ERR string exceeds maximum allowed size (proto-max-bulk-len)", t.Text("SETRANGE", "s", "8", "x"));
        Assert.Equal("8", t.Text("SETRANGE", "s", "7", "x"));
        Assert.Equal("12345678", t.Text("GETRANGE", "s", "0", "6") + "8");
    }

    [Fact]
    public void LcsReturnsTheSubsequenceItsLengthAndItsRanges()
    {
        using var t = new TestServer();
        t.Run("MSET", "a", "ohmytext", "b", "mynewtext");
        Assert.Equal("mytext", t.Text("LCS", "a", "b"));
        Assert.Equal("6", t.Text("LCS", "a", "b", "LEN"));
        Assert.Equal("[matches, [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], len, 6]", t.Run("LCS", "a", "b", "IDX").ToString());
        Assert.Equal("[matches, [[[4, 7], [5, 8], 4]], len, 6]",
            t.Run("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN").ToString());
        Assert.Equal("", t.Text("LCS", "a", "missing"));
        Assert.Equal("0", t.Text("LCS", "missing", "missing2", "LEN"));
    }

    [Fact]
    public void LcsIdxIsAMapInResp3()
    {
        using var t = new TestServer();
        t.Run("MSET", "a", "ohmytext", "b", "mynewtext");
        t.Client.Session.Protocol = 3;
        var reply = t.Run("LCS", "a", "b", "IDX", "MINMATCHLEN", "3");
        Assert.Equal(RespType.Map, reply.Type);
        Assert.Equal("[matches, [[[4, 7], [5, 8]]], len, 6]", reply.ToString());
    }

    [Fact]
    public void LcsErrors()
    {
        using var t = new TestServer();
        t.Run("MSET", "a", "ohmytext", "b", "mynewtext");
        Assert.Equal("ERR If you want both the length and indexes, please just use IDX.", t.Text("LCS", "a", "b", "LEN", "IDX"));
        Assert.Equal("ERR syntax error", t.Text("LCS", "a", "b", "MINMATCHLEN"));
        Assert.Equal("ERR syntax error", t.Text("LCS", "a", "b", "FOO"));
        Assert.Equal("ERR value is not an integer or out of range", t.Text("LCS", "a", "b", "MINMATCHLEN", "x"));
        OtherTypeValue.StoreAt(t, "l");
        // The type is checked before the options.
        Assert.Equal("ERR The specified keys must contain string values", t.Text("LCS", "a", "l", "FOO"));
        Assert.Equal("ERR The specified keys must contain string values", t.Text("LCS", "l", "missing"));
    }

    [Fact]
    public void LcsTableIsBoundedByProtoMaxBulkLen()
    {
        var config = new ServerConfig();
        config.Limits.MaxBulkLength = 100;
        using var t = new TestServer(config);
        t.Run("MSET", "a", "abcd", "b", "abcd"); // 5 × 5 cells × 4 bytes = 100: allowed
        Assert.Equal("abcd", t.Text("LCS", "a", "b"));
        t.Run("SET", "b", "abcde");
        Assert.Equal("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len", t.Text("LCS", "a", "b"));
    }

    [Fact]
    public void ArityErrorsUseRedisNames()
    {
        using var t = new TestServer();
        Assert.Equal("ERR wrong number of arguments for 'setex' command", t.Text("SETEX", "k", "1"));
        Assert.Equal("ERR wrong number of arguments for 'getrange' command", t.Text("GETRANGE", "k", "1"));
        Assert.Equal("ERR wrong number of arguments for 'lcs' command", t.Text("LCS", "k"));
        Assert.Equal("ERR wrong number of arguments for 'mset' command", t.Text("MSET", "k"));
    }

    [Theory]
    [InlineData("SET", "key", "value")]
    [InlineData("SET", "key", "value2")]
    [InlineData("INCR", "counter")]
    [InlineData("GET", "key")]
    public void HotPathsAllocateNothingInSteadyState(params string[] command)
    {
        using var t = new TestServer();
        t.Server.Config.SlowlogLogSlowerThan = -1;
        t.Run("SET", "key", "value");
        t.Run("SET", "counter", "1000000"); // INCR keeps the same length for a long while
        var output = new ArrayBufferWriter<byte>(4096);
        byte[] request = InProcessClient.Encode(command.Select(Encoding.UTF8.GetBytes).ToArray());
        var parsed = new Request();
        RequestParser.TryParse(request, parsed, t.Server.Config.Limits, out _, out _, out _);
        lock (t.Server.Lock)
        {
            var session = new Session(t.Server, new RespWriter(output), t.Client);
            void RunMany(int n)
            {
                for (int i = 0; i < n; i++)
                {
                    output.ResetWrittenCount();
                    t.Server.Dispatcher.Execute(session, parsed.Bind(request));
                }
            }
            RunMany(1000); // warm up (JIT, tiering)
            long before = GC.GetAllocatedBytesForCurrentThread();
            RunMany(1000);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
