using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// The options of XADD and XTRIM (streamParseAddOrTrimArgsOrReply): MAXLEN/MINID [=|~] with LIMIT,
/// and for XADD NOMKSTREAM and the ID, which ends the options.
/// </summary>
internal struct StreamTrimArgs
{
    /// <summary>Default LIMIT of an approximate trim is 100 nodes' worth, kept within these bounds.</summary>
    private const long MinDefaultLimit = 10000, MaxDefaultLimit = 1000000;

    /// <summary>MAXLEN's count, or -1 when MAXLEN is not the strategy.</summary>
    public long MaxLength;
    public StreamId MinId;
    public bool HasStrategy;
    public bool Approximate;
    public long Limit;
    public bool NoMakeStream;

    /// <summary>XADD: the ID given, unless `*`; <see cref="SeqGiven"/> is false for "ms-*".</summary>
    public StreamId? Id;
    public bool SeqGiven;

    /// <summary>XADD: the position of the ID argument.</summary>
    public int IdIndex;

    /// <summary>Parses from argument 2; false after replying an error.</summary>
    public static bool TryParse(Session session, CommandArgs args, bool xadd, out StreamTrimArgs parsed)
    {
        parsed = new StreamTrimArgs { MaxLength = -1, SeqGiven = true };
        var reply = session.Reply;
        bool limitGiven = false;
        int i = 2;
        for (; i < args.Count; i++)
        {
            int more = args.Count - 1 - i;
            var option = args[i];
            if (xadd && option.Length == 1 && option[0] == '*') break;
            if ((args.Is(i, "MAXLEN"u8) || args.Is(i, "MINID"u8)) && more > 0)
            {
                if (parsed.HasStrategy)
                {
                    reply.WriteError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible"u8);
                    return false;
                }
                bool byLength = args.Is(i, "MAXLEN"u8);
                parsed.Approximate = false;
                var next = args[i + 1];
                if (more >= 2 && next.Length == 1 && next[0] is (byte)'~' or (byte)'=')
                {
                    parsed.Approximate = next[0] == '~';
                    i++;
                }
                if (byLength)
                {
                    if (!StreamArgs.TryParseLong(session, args[i + 1], out parsed.MaxLength)) return false;
                    if (parsed.MaxLength < 0)
                    {
                        reply.WriteError("ERR The MAXLEN argument must be >= 0."u8);
                        return false;
                    }
                }
                else if (!StreamArgs.TryParseId(session, args[i + 1], out parsed.MinId, strict: true)) return false;
                parsed.HasStrategy = true;
                i++;
            }
            else if (args.Is(i, "LIMIT"u8) && more > 0)
            {
                if (!StreamArgs.TryParseLong(session, args[i + 1], out parsed.Limit)) return false;
                if (parsed.Limit < 0)
                {
                    reply.WriteError("ERR The LIMIT argument must be >= 0."u8);
                    return false;
                }
                limitGiven = true;
                i++;
            }
            else if (xadd && args.Is(i, "NOMKSTREAM"u8)) parsed.NoMakeStream = true;
            else if (xadd)
            {
                if (!StreamId.TryParse(option, out var id, out parsed.SeqGiven, strict: true, allowAutoSeq: true))
                {
                    reply.WriteError(StreamArgs.InvalidId);
                    return false;
                }
                parsed.Id = id;
                break;
            }
            else
            {
                reply.WriteError(Errors.Syntax);
                return false;
            }
        }
        parsed.IdIndex = i;
        if (parsed.Limit != 0 && !parsed.HasStrategy)
        {
            reply.WriteError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy"u8);
            return false;
        }
        if (!xadd && !parsed.HasStrategy)
        {
            reply.WriteError("ERR syntax error, XTRIM must be called with a trimming strategy"u8);
            return false;
        }
        if (limitGiven)
        {
            if (!parsed.Approximate)
            {
                reply.WriteError("ERR syntax error, LIMIT cannot be used without the special ~ option"u8);
                return false;
            }
        }
        else if (parsed.Approximate)
        {
            long nodeEntries = session.Server.Config.StreamNodeMaxEntries;
            parsed.Limit = nodeEntries > long.MaxValue / 100 ? MaxDefaultLimit : 100 * nodeEntries;
            if (parsed.Limit <= 0) parsed.Limit = MinDefaultLimit;
            if (parsed.Limit > MaxDefaultLimit) parsed.Limit = MaxDefaultLimit;
        }
        else parsed.Limit = 0;
        return true;
    }

    /// <summary>Trims the stream as parsed; returns the number of entries removed.</summary>
    public readonly long Apply(StreamValue stream) => HasStrategy ? stream.Trim(MaxLength, MinId, Approximate, Limit) : 0;
}
