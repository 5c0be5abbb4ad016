using FsCheck;
using FsCheck.Fluent;
using HotGears.Engine.Keyspace;

namespace HotGears.Tests;

/// <summary>
/// Random sequences of hash commands against a Dictionary model: every reply, the final contents
/// (by HGETALL and by a full HSCAN) and the encoding must agree with the model.
/// </summary>
public class HashModelTests
{
    private sealed record Op(string Command, string Field, string Value, int Number);

    private static readonly Gen<string> Fields = Gen.OneOf(
        Gen.Choose(0, 9).Select(i => $"f{i}"),
        Gen.Choose(0, 300).Select(i => $"many{i}"),
        Gen.Constant(new string('k', 65)));

    private static readonly Gen<string> Values = Gen.OneOf(
        Gen.Choose(-1000, 1000).Select(i => i.ToString()),
        Gen.Elements("", "abc", "1.5", new string('v', 64), new string('w', 65)));

    private static readonly Gen<Op> Ops =
        from command in Gen.Frequency(
            (5, Gen.Constant("HSET")), (1, Gen.Constant("HSETNX")), (3, Gen.Constant("HDEL")),
            (2, Gen.Constant("HINCRBY")), (1, Gen.Constant("HGET")), (2, Gen.Constant("BULK")),
            (2, Gen.Constant("HSET3")))
        from field in Fields
        from value in Values
        from number in Gen.Choose(-50, 50)
        select new Op(command, field, value, number);

    [Fact]
    public void HashCommandsAgreeWithADictionary()
    {
        Prop.ForAll(Arb.From(Gen.ListOf(Ops)), ops =>
        {
            using var t = new TestServer();
            var model = new Dictionary<string, string>();
            bool outgrown = false; // a hash never goes back to listpack
            foreach (var op in ops.SelectMany(Split))
            {
                Assert.Equal(Expected(op, model, ref outgrown), t.Text(Args(op)));
                if (model.Count == 0) outgrown = false; // the key is gone; a new hash starts small
                CheckEncoding(t, model, outgrown);
            }
            CheckContents(t, model, outgrown);
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>BULK is fifty HSETs of one new field each, so that every size on the way past 128 is checked.</summary>
    private static IEnumerable<Op> Split(Op op) => op.Command != "BULK" ? [op]
        : Enumerable.Range(0, 50).Select(i => op with { Command = "HSET", Field = $"bulk{op.Number * 50 + i}" });

    private static string[] Args(Op op) => op.Command switch
    {
        "HINCRBY" => ["HINCRBY", "h", op.Field, op.Number.ToString()],
        "HDEL" or "HGET" => [op.Command, "h", op.Field],
        "HSET3" => ["HSET", "h", .. Pairs(op).SelectMany(p => new[] { p.Field, p.Value })],
        _ => [op.Command, "h", op.Field, op.Value],
    };

    /// <summary>HSET3: three pairs in one HSET, the last one setting the first field again with another length.</summary>
    private static (string Field, string Value)[] Pairs(Op op) =>
        [(op.Field, op.Value), ($"f{Math.Abs(op.Number) % 10}", $"n{op.Number}"), (op.Field, op.Value + "!")];

    /// <summary>The reply Redis gives, applying the command to the model.</summary>
    private static string? Expected(Op op, Dictionary<string, string> model, ref bool outgrown)
    {
        switch (op.Command)
        {
            case "HSET":
                bool added = !model.ContainsKey(op.Field);
                Store(model, op.Field, op.Value, ref outgrown);
                return added ? "1" : "0";
            case "HSET3":
                int created = 0;
                foreach (var (field, value) in Pairs(op))
                {
                    if (!model.ContainsKey(field)) created++;
                    Store(model, field, value, ref outgrown);
                }
                return created.ToString();
            case "HSETNX":
                if (model.ContainsKey(op.Field)) return "0";
                Store(model, op.Field, op.Value, ref outgrown);
                return "1";
            case "HDEL":
                return model.Remove(op.Field) ? "1" : "0";
            case "HGET":
                return model.GetValueOrDefault(op.Field);
            default: // HINCRBY
                long current = 0;
                if (model.TryGetValue(op.Field, out var text) && !long.TryParse(text, out current))
                    return "ERR hash value is not an integer";
                Store(model, op.Field, (current + op.Number).ToString(), ref outgrown);
                return model[op.Field];
        }
    }

    private static void Store(Dictionary<string, string> model, string field, string value, ref bool outgrown)
    {
        model[field] = value;
        if (field.Length > HashValue.MaxPackedLength || value.Length > HashValue.MaxPackedLength || model.Count > HashValue.MaxPackedEntries)
            outgrown = true;
    }

    private static void CheckContents(TestServer t, Dictionary<string, string> model, bool outgrown)
    {
        Assert.Equal(model.Count.ToString(), t.Text("HLEN", "h"));
        var all = t.Run("HGETALL", "h").Items!.Select(i => i.Text!).ToArray();
        var pairs = Enumerable.Range(0, all.Length / 2).ToDictionary(i => all[2 * i], i => all[2 * i + 1]);
        Assert.Equal(model.OrderBy(p => p.Key), pairs.OrderBy(p => p.Key));

        var scanned = new Dictionary<string, string>();
        string cursor = "0";
        do
        {
            var reply = t.Run("HSCAN", "h", cursor, "COUNT", "7");
            cursor = reply.Items![0].Text!;
            var items = reply.Items[1].Items!;
            for (int i = 0; i < items.Count; i += 2) scanned[items[i].Text!] = items[i + 1].Text!;
        } while (cursor != "0");
        Assert.Equal(model.OrderBy(p => p.Key), scanned.OrderBy(p => p.Key));
    }

    private static void CheckEncoding(TestServer t, Dictionary<string, string> model, bool outgrown)
    {
        var hash = (HashValue?)t.Server.Databases[0].Get("h"u8);
        if (model.Count == 0) Assert.Null(hash);
        else Assert.Equal(outgrown ? "hashtable" : "listpack", hash!.EncodingName);
    }
}
