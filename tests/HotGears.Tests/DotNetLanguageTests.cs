using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using HotGears.Engine.Gears;
using HotGears.Resp;

namespace HotGears.Tests;

/// <summary>DotNetLanguage: plain .NET values with Python's str(), truth, ordering and reply mapping (spec §2.6, §9).</summary>
public class DotNetLanguageTests
{
    private static readonly DotNetLanguage Lang = DotNetLanguage.Instance;

    [Theory]
    [InlineData(49.5, "49.5")]
    [InlineData(3.0, "3.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(123456789012345678.0, "1.2345678901234568e+17")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(1e300, "1e+300")]
    [InlineData(2.5e-300, "2.5e-300")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    public void Floats_render_as_python_float_repr(double value, string expected) =>
        Assert.Equal(expected, Lang.ToStr(value));

    [Fact]
    public void Float_repr_round_trips_in_python_layout()
    {
        var pythonFloat = new Regex(@"^-?(\d+\.\d+|\d(\.\d+)?e[+-]\d{2,3})$");
        Prop.ForAll<double>(d =>
        {
            if (!double.IsFinite(d)) return true;
            string text = PythonRepr.Float(d);
            return pythonFloat.IsMatch(text) && double.Parse(text, CultureInfo.InvariantCulture) == d;
        }).QuickCheckThrowOnFailure();
        Prop.ForAll<long>(l => PythonRepr.Float((double)l) == (Math.Abs((double)l) < 1e16 ? ((double)l).ToString("F0", CultureInfo.InvariantCulture) + ".0" : PythonRepr.Float((double)l)))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Scalars_render_as_python_str()
    {
        Assert.Equal("abc", Lang.ToStr("abc"));
        Assert.Equal("it's", Lang.ToStr("it's"));
        Assert.Equal("42", Lang.ToStr(42L));
        Assert.Equal("-7", Lang.ToStr(-7));
        Assert.Equal("None", Lang.ToStr(null));
        Assert.Equal("True", Lang.ToStr(true));
        Assert.Equal("False", Lang.ToStr(false));
        Assert.Equal("0.1", Lang.ToStr(0.1f));
        Assert.Equal("bytearray(b'\\xff\\x00a')", Lang.ToStr(new byte[] { 0xff, 0, (byte)'a' }));
    }

    [Fact]
    public void Strings_inside_containers_use_python_repr_quoting()
    {
        Assert.Equal("['a', 1]", Lang.ToStr(new List<object?> { "a", 1L }));
        Assert.Equal("[\"it's\"]", Lang.ToStr(new[] { "it's" }));
        Assert.Equal("['say \"hi\"']", Lang.ToStr(new[] { "say \"hi\"" }));
        Assert.Equal("['it\\'s \"x\"']", Lang.ToStr(new[] { "it's \"x\"" }));
        Assert.Equal("['a\\\\b\\n\\t\\r\\x00\\x7f']", Lang.ToStr(new[] { "a\\b\n\t\r\0\x7f" }));
        Assert.Equal("['é☃😀', '\\x85\\u200b\\xa0']", Lang.ToStr(new[] { "é☃😀", "\u0085\u200b\u00a0" }));
        Assert.Equal("['\\ud800']", Lang.ToStr(new[] { "\ud800" }));
    }

    [Fact]
    public void Containers_render_as_python_list_dict_tuple_set()
    {
        Assert.Equal("[]", Lang.ToStr(new List<string>()));
        Assert.Equal("[[1, 2.5], None, True]", Lang.ToStr(new List<object?> { new List<object?> { 1L, 2.5 }, null, true }));
        Assert.Equal("{'k': 'v', 'n': 1}", Lang.ToStr(new Dictionary<string, object> { ["k"] = "v", ["n"] = 1 }));
        Assert.Equal("{}", Lang.ToStr(new Dictionary<string, string>()));
        Assert.Equal("('a', 1)", Lang.ToStr(("a", 1)));
        Assert.Equal("('a',)", Lang.ToStr(Tuple.Create("a")));
        Assert.Equal("('mul', 6)", Lang.ToStr(Tuple.Create("mul", 6L)));
        Assert.Equal("{'x'}", Lang.ToStr(new HashSet<string> { "x" }));
        Assert.Equal("set()", Lang.ToStr(new HashSet<int>()));
    }

    [Fact]
    public void Records_render_as_their_python_dicts()
    {
        Assert.Equal("{'event': None, 'key': 'x', 'type': 'string', 'value': '1'}",
            Lang.ToStr(new KeyRecord("x", "1", "string", null)));
        Assert.Equal("{'event': 'set', 'key': 'x'}", Lang.ToStr(new KeyRecord("x", null, null, "set", hasValue: false)));
        Assert.Equal("{'event': 'hset', 'key': 'h', 'type': 'hash', 'value': {'f': 'v'}}",
            Lang.ToStr(new KeyRecord("h", new Dictionary<string, string> { ["f"] = "v" }, "hash", "hset")));
        Assert.Equal("{'event': 'del', 'key': 'gone', 'type': 'empty', 'value': None}",
            Lang.ToStr(new KeyRecord("gone", null, "empty", "del")));
        Assert.Equal("{'id': '1-0', 'key': 's', 'value': {'f': 'v'}}",
            Lang.ToStr(new StreamRecord("s", "1-0", new Dictionary<string, string> { ["f"] = "v" })));
        Assert.Equal("{'key': 'a', 'value': 3}", Lang.ToStr(new GroupRecord("a", 3L)));
        Assert.Equal("[{'key': 'a', 'value': 3}]", Lang.ToStr(new List<object?> { new GroupRecord("a", 3L) }));
        Assert.Equal("{'event': None, 'key': 'z', 'type': 'zset', 'value': [('m', 1.5)]}",
            Lang.ToStr(new KeyRecord("z", new List<ScoredMember> { new("m", 1.5) }, "zset", null)));
        Assert.Equal("[{'id': '1-1', 'value': {'a': 'b'}}]",
            Lang.ToStr(new List<StreamEntryValue> { new("1-1", new() { ["a"] = "b" }) }));
    }

    [Fact]
    public void Self_containing_and_deep_values_fail_instead_of_overflowing_the_stack()
    {
        var list = new List<object?>();
        list.Add(list);
        Assert.Throws<InsufficientExecutionStackException>(() => Lang.ToStr(list));
        Assert.Throws<InsufficientExecutionStackException>(() => Lang.DistinctKey(list));
        Assert.Throws<InsufficientExecutionStackException>(() => Reply(list));
        Assert.Throws<InsufficientExecutionStackException>(() => Lang.Compare(list, list));
    }

    [Fact]
    public void Truth_follows_python()
    {
        foreach (var falsy in new object?[] { null, false, 0L, 0, 0.0, "", new List<object>(), new Dictionary<string, string>(), ValueTuple.Create() })
            Assert.False(Lang.IsTruthy(falsy), PythonRepr.Repr(falsy));
        foreach (var truthy in new object?[] { true, 1L, -1, 0.5, double.NaN, "0", new List<object> { 0 }, new KeyRecord("k", null, null, null), new GroupRecord("k", 0L) })
            Assert.True(Lang.IsTruthy(truthy), PythonRepr.Repr(truthy));
    }

    [Fact]
    public void ToDouble_is_python_float()
    {
        Assert.Equal(1.5, Lang.ToDouble(" 1.5 "));
        Assert.Equal(1000.0, Lang.ToDouble("1_000"));
        Assert.Equal(double.NegativeInfinity, Lang.ToDouble("-Infinity"));
        Assert.True(double.IsNaN(Lang.ToDouble("nan")));
        Assert.Equal(3.0, Lang.ToDouble(3L));
        Assert.Equal(1.0, Lang.ToDouble(true));
        Assert.Equal("could not convert string to float: 'abc'", Assert.Throws<InvalidOperationException>(() => Lang.ToDouble("abc")).Message);
        Assert.Equal("float() argument must be a string or a number, not 'NoneType'",
            Assert.Throws<InvalidOperationException>(() => Lang.ToDouble(null)).Message);
    }

    [Fact]
    public void Compare_orders_as_python_and_refuses_mixed_types()
    {
        Assert.True(Lang.Compare(1L, 2.5) < 0);
        Assert.Equal(0, Lang.Compare(1, 1.0));
        Assert.True(Lang.Compare(true, 0L) > 0);
        Assert.True(Lang.Compare("B", "a") < 0);
        Assert.True(Lang.Compare("\uffff", "😀") < 0); // code points, not UTF-16 units
        Assert.True(Lang.Compare(new List<object> { 1L, "b" }, new List<object> { 1L, "c" }) < 0);
        Assert.True(Lang.Compare(new List<object> { 1L }, new List<object> { 1L, 0L }) < 0);
        Assert.True(Lang.Compare(("a", 2), ("a", 1)) > 0);
        Assert.Equal("'<' not supported between instances of 'str' and 'int'",
            Assert.Throws<InvalidOperationException>(() => Lang.Compare("a", 1L)).Message);
        Assert.Equal("'<' not supported between instances of 'dict' and 'dict'",
            Assert.Throws<InvalidOperationException>(() => Lang.Compare(new GroupRecord("a", 1L), new GroupRecord("b", 1L))).Message);
        Assert.Equal("'<' not supported between instances of 'NoneType' and 'float'",
            Assert.Throws<InvalidOperationException>(() => Lang.Compare(null, 1.0)).Message);
        Assert.Equal("'<' not supported between instances of 'list' and 'tuple'",
            Assert.Throws<InvalidOperationException>(() => Lang.Compare(new[] { 1 }, (1, 2))).Message);
    }

    [Fact]
    public void Distinct_keys_are_equal_exactly_when_python_values_are()
    {
        Assert.Equal(Lang.DistinctKey(1L), Lang.DistinctKey(1.0));
        Assert.Equal(Lang.DistinctKey(1), Lang.DistinctKey(true));
        Assert.NotEqual(Lang.DistinctKey("1"), Lang.DistinctKey(1L));
        Assert.Equal(Lang.DistinctKey(new List<object> { "a", 1L }), Lang.DistinctKey(new object[] { "a", 1.0 }));
        Assert.NotEqual(Lang.DistinctKey(new[] { "a" }), Lang.DistinctKey(Tuple.Create("a")));
        Assert.NotEqual(Lang.DistinctKey("['a']"), Lang.DistinctKey(new[] { "a" }));
        Assert.Equal(Lang.DistinctKey(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2 }),
            Lang.DistinctKey(new Dictionary<string, long> { ["b"] = 2, ["a"] = 1 }));
        Assert.Equal(Lang.DistinctKey(new GroupRecord("k", 1L)), Lang.DistinctKey(new Dictionary<string, object> { ["key"] = "k", ["value"] = 1L }));
        Assert.Equal(Lang.DistinctKey(null), Lang.DistinctKey(null));
        Assert.Equal(Lang.DistinctKey(new List<object> { 1L }).GetHashCode(), Lang.DistinctKey(new List<object> { 1.0 }).GetHashCode());
    }

    [Fact]
    public void AsList_expands_lists_and_arrays_only()
    {
        Assert.Equal(new object?[] { "a", "b" }, Lang.AsList(new List<string> { "a", "b" }));
        Assert.Equal(new object?[] { 1, 2 }, Lang.AsList(new[] { 1, 2 }));
        Assert.Null(Lang.AsList("ab"));
        Assert.Null(Lang.AsList(new byte[] { 1 }));
        Assert.Null(Lang.AsList(new Dictionary<string, string>()));
        Assert.Null(Lang.AsList(("a", 1)));
        Assert.Null(Lang.AsList(new HashSet<string> { "a" }));
    }

    [Fact]
    public void WriteReply_maps_values_as_PythonRecord_SendReply()
    {
        Assert.Equal("*3\r\n$1\r\na\r\n:1\r\n*1\r\n:1\r\n", Reply(new List<object?> { "a", 1L, new[] { true } }));
        Assert.Equal("$8\r\n1.500000\r\n", Reply(1.5));
        Assert.Equal("$3\r\ninf\r\n", Reply(double.PositiveInfinity));
        Assert.Equal("+OK\r\n", Reply("+OK"));
        Assert.Equal("$1\r\n+\r\n", Reply("+"));
        Assert.Equal("-ERR bad\r\n", Reply("-ERR bad"));
        Assert.Equal("-\r\n", Reply("-"));
        Assert.Equal("$0\r\n\r\n", Reply(""));
        Assert.Equal("$2\r\n\xff\x00\r\n", Reply(new byte[] { 0xff, 0 }));
        Assert.Equal(":-3\r\n", Reply(-3));
        foreach (var other in new object?[] { null, new Dictionary<string, string>(), ("a", 1), new GroupRecord("k", 1L), new KeyRecord("k", "v", "string", null) })
            Assert.Equal("$9\r\nPY RECORD\r\n", Reply(other));
    }

    [Fact]
    public void FormatError_is_the_message_of_the_unwrapped_exception()
    {
        Assert.Equal("boom", Lang.FormatError(new InvalidOperationException("boom")));
        Assert.Equal("inner", Lang.FormatError(new System.Reflection.TargetInvocationException(new AggregateException(new Exception("inner")))));
    }

    private static string Reply(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Lang.WriteReply(new RespWriter(buffer), value);
        return Encoding.Latin1.GetString(buffer.WrittenSpan);
    }
}
