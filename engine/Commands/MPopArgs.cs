using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// The arguments LMPOP, BLMPOP, ZMPOP and BZMPOP share after their numkeys: "numkeys key...
/// END [COUNT n]", END being one of two words (LEFT|RIGHT, MIN|MAX). <see cref="Second"/> says the
/// second word was given; COUNT defaults to 1.
/// </summary>
internal readonly record struct MPopArgs(int KeyCount, bool Second, long Count)
{
    /// <summary>Parses from <paramref name="numKeysIndex"/> (lmpopGenericCommand, zmpopGenericCommand); false after replying the error.</summary>
    public static bool TryParse(Session session, CommandArgs args, int numKeysIndex, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second,
        out MPopArgs parsed)
    {
        var reply = session.Reply;
        parsed = default;
        if (!RedisNumbers.TryParseInt64(args[numKeysIndex], out long keyCount) || keyCount < 1)
        {
            reply.WriteError(Errors.NumKeysNotPositive);
            return false;
        }
        if (keyCount >= args.Count - numKeysIndex - 1)
        {
            reply.WriteError(Errors.Syntax);
            return false;
        }
        int endIndex = numKeysIndex + (int)keyCount + 1;
        bool isSecond = args.Is(endIndex, second);
        if (!isSecond && !args.Is(endIndex, first))
        {
            reply.WriteError(Errors.Syntax);
            return false;
        }
        long count = -1;
        for (int i = endIndex + 1; i < args.Count; i++)
        {
            if (count == -1 && args.Is(i, "COUNT"u8) && i + 1 < args.Count)
            {
                if (!RedisNumbers.TryParseInt64(args[++i], out count) || count < 1)
                {
                    reply.WriteError(Errors.CountNotPositive);
                    return false;
                }
            }
            else
            {
                reply.WriteError(Errors.Syntax);
                return false;
            }
        }
        parsed = new MPopArgs((int)keyCount, isSecond, count == -1 ? 1 : count);
        return true;
    }
}
