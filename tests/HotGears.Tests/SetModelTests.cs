using FsCheck;
using FsCheck.Fluent;
using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Tests;

/// <summary>
/// Random sequences of set commands over three keys against HashSet models: every reply, the
/// final contents and the encoding (intset while only integers and at most 512 of them) must
/// agree with the models.
/// </summary>
public class SetModelTests
{
    private sealed record Op(string Command, string Key, string Other, string[] Members, int Number);

    private static readonly string[] Keys = ["a", "b", "c"];

    private static readonly Gen<string> Members = Gen.OneOf(
        Gen.Choose(-5, 20).Select(i => i.ToString()),
        Gen.Choose(0, 9).Select(i => $"m{i}"),
        Gen.Elements("01", "-0", "9223372036854775807", "9223372036854775808", ""));

    private static readonly Gen<Op> Ops =
        from command in Gen.Frequency(
            (6, Gen.Constant("SADD")), (3, Gen.Constant("SREM")), (1, Gen.Constant("RANGE")), (1, Gen.Constant("SPOP")),
            (1, Gen.Constant("SPOPN")), (2, Gen.Constant("SMOVE")), (1, Gen.Constant("SINTERSTORE")),
            (1, Gen.Constant("SUNIONSTORE")), (1, Gen.Constant("SDIFFSTORE")), (1, Gen.Constant("SINTERCARD")),
            (1, Gen.Constant("SISMEMBER")))
        from key in Gen.Elements(Keys)
        from other in Gen.Elements(Keys)
        from members in Gen.ListOf(Members, 3).Select(l => l.ToArray())
        from number in Gen.Choose(0, 6)
        select new Op(command, key, other, members, number);

    private sealed class Model
    {
        public readonly Dictionary<string, HashSet<string>> Sets = Keys.ToDictionary(k => k, _ => new HashSet<string>());
        public readonly Dictionary<string, bool> Outgrown = Keys.ToDictionary(k => k, _ => false);

        public int Add(string key, IEnumerable<string> members)
        {
            int added = members.Count(m => Sets[key].Add(m));
            if (Sets[key].Any(m => !IsInteger(m)) || Sets[key].Count > SetValue.MaxIntsetEntries) Outgrown[key] = true;
            return added;
        }

        public void Replace(string key, IEnumerable<string> members)
        {
            Sets[key] = new HashSet<string>();
            Outgrown[key] = false;
            Add(key, members);
        }

        public void ForgetIfEmpty(string key)
        {
            if (Sets[key].Count == 0) Outgrown[key] = false;
        }
    }

    [Fact]
    public void SetCommandsAgreeWithHashSets()
    {
        Prop.ForAll(Arb.From(Gen.ListOf(Ops)), ops =>
        {
            using var t = new TestServer();
            var model = new Model();
            foreach (var op in ops.SelectMany(Split))
            {
                Apply(t, op, model);
                foreach (var key in Keys)
                {
                    model.ForgetIfEmpty(key);
                    CheckEncoding(t, key, model);
                }
            }
            foreach (var key in Keys) CheckContents(t, key, model);
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>RANGE is 260 SADDs of consecutive integers (two ranges pass 512), so that every size on the way is checked.</summary>
    private static IEnumerable<Op> Split(Op op) => op.Command != "RANGE" ? [op]
        : Enumerable.Range(op.Number * 260, 260).Select(i => op with { Command = "SADD", Members = [i.ToString()] });

    private static void Apply(TestServer t, Op op, Model model)
    {
        var set = model.Sets[op.Key];
        switch (op.Command)
        {
            case "SADD":
                Assert.Equal(model.Add(op.Key, op.Members).ToString(), t.Text(["SADD", op.Key, .. op.Members]));
                break;
            case "SREM":
                Assert.Equal(op.Members.Distinct().Count(set.Remove).ToString(), t.Text(["SREM", op.Key, .. op.Members]));
                break;
            case "SPOP":
                string? popped = t.Text("SPOP", op.Key);
                if (set.Count == 0) Assert.Null(popped);
                else Assert.True(set.Remove(popped!));
                break;
            case "SPOPN":
                var many = t.Run("SPOP", op.Key, op.Number.ToString()).Items!.Select(i => i.Text!).ToList();
                Assert.Equal(Math.Min(op.Number, set.Count), many.Count);
                Assert.All(many, m => Assert.True(set.Remove(m)));
                break;
            case "SMOVE":
                string member = op.Members[0];
                bool moved = set.Contains(member);
                Assert.Equal(moved ? "1" : "0", t.Text("SMOVE", op.Key, op.Other, member));
                if (moved && op.Key != op.Other)
                {
                    set.Remove(member);
                    model.Add(op.Other, [member]);
                }
                break;
            case "SISMEMBER":
                Assert.Equal(set.Contains(op.Members[0]) ? "1" : "0", t.Text("SISMEMBER", op.Key, op.Members[0]));
                break;
            case "SINTERCARD":
                var common = model.Sets[op.Key].Intersect(model.Sets[op.Other]).Count();
                Assert.Equal((op.Number == 0 ? common : Math.Min(common, op.Number)).ToString(),
                    t.Text("SINTERCARD", "2", op.Key, op.Other, "LIMIT", op.Number.ToString()));
                break;
            default:
                string destination = Keys.First(k => k != op.Key && k != op.Other);
                var (first, second) = (model.Sets[op.Key], model.Sets[op.Other]);
                var result = op.Command switch
                {
                    "SINTERSTORE" => first.Intersect(second),
                    "SUNIONSTORE" => first.Union(second),
                    _ => first.Except(second),
                };
                var stored = result.ToList();
                Assert.Equal(stored.Count.ToString(), t.Text(op.Command, destination, op.Key, op.Other));
                model.Replace(destination, stored);
                break;
        }
    }

    private static void CheckContents(TestServer t, string key, Model model)
    {
        var members = t.Run("SMEMBERS", key).Items!.Select(i => i.Text!).ToList();
        Assert.Equal(model.Sets[key].Order(StringComparer.Ordinal), members.Order(StringComparer.Ordinal));
        Assert.Equal(model.Sets[key].Count.ToString(), t.Text("SCARD", key));

        var scanned = new HashSet<string>();
        string cursor = "0";
        do
        {
            var reply = t.Run("SSCAN", key, cursor, "COUNT", "5");
            cursor = reply.Items![0].Text!;
            scanned.UnionWith(reply.Items[1].Items!.Select(i => i.Text!));
        } while (cursor != "0");
        Assert.True(scanned.SetEquals(model.Sets[key]));
        if (!model.Outgrown[key]) Assert.Equal(members.OrderBy(long.Parse), members);
    }

    private static void CheckEncoding(TestServer t, string key, Model model)
    {
        var set = (SetValue?)t.Server.Databases[0].Get(System.Text.Encoding.UTF8.GetBytes(key));
        if (model.Sets[key].Count == 0) Assert.Null(set);
        else Assert.Equal(model.Outgrown[key] ? "hashtable" : "intset", set!.EncodingName);
    }

    private static bool IsInteger(string s) => RedisNumbers.TryParseInt64(System.Text.Encoding.UTF8.GetBytes(s), out _);
}
