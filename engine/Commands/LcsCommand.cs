using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence of
/// two strings, by the classic dynamic-programming table, walked back from the end as Redis does
/// so that the matched ranges come out in the same order (last first).
/// </summary>
internal static class LcsCommand
{
    /// <summary>One run of consecutive matching bytes: a[AStart..AEnd] == b[BStart..BEnd].</summary>
    private readonly record struct Match(int AStart, int AEnd, int BStart, int BEnd)
    {
        public int Length => AEnd - AStart + 1;
    }

    [Command("LCS", -3, Flags = "readonly", FirstKey = 1, LastKey = 2, Step = 1, Group = "string",
        Summary = "Find longest common substring", Since = "7.0.0",
        Complexity = "O(N*M) where N and M are the lengths of s1 and s2, respectively",
        Syntax = "key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]")]
    public static void Lcs(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        var db = session.Db;
        object? first = db.LookupRead(args[1]);
        object? second = db.LookupRead(args[2]);
        if (first is not (null or byte[]) || second is not (null or byte[]))
        {
            reply.WriteError(Errors.LcsNotStrings);
            return;
        }
        byte[] a = first as byte[] ?? [];
        byte[] b = second as byte[] ?? [];

        bool getLength = false, getIndexes = false, withMatchLength = false;
        long minMatchLength = 0;
        for (int j = 3; j < args.Count; j++)
        {
            if (args.Is(j, "IDX"u8)) getIndexes = true;
            else if (args.Is(j, "LEN"u8)) getLength = true;
            else if (args.Is(j, "WITHMATCHLEN"u8)) withMatchLength = true;
            else if (args.Is(j, "MINMATCHLEN"u8) && j + 1 < args.Count)
            {
                if (!RedisNumbers.TryParseInt64(args[++j], out minMatchLength))
                {
                    reply.WriteError(Errors.NotInteger);
                    return;
                }
                minMatchLength = Math.Max(minMatchLength, 0);
            }
            else
            {
                reply.WriteError(Errors.Syntax);
                return;
            }
        }
        if (getLength && getIndexes)
        {
            reply.WriteError(Errors.LcsLenWithIdx);
            return;
        }

        // The table holds one 32-bit length per pair of prefixes; Redis bounds it by proto-max-bulk-len.
        long cells = (long)(a.Length + 1) * (b.Length + 1);
        if (cells * sizeof(uint) > session.Server.Config.Limits.MaxBulkLength)
        {
            reply.WriteError(Errors.LcsTableTooLarge);
            return;
        }
        uint[]? table = TryAllocate(cells);
        if (table == null)
        {
            reply.WriteError(Errors.LcsTableAllocationFailed);
            return;
        }
        Fill(table, a, b);
        int length = (int)table[^1];

        if (getLength)
        {
            reply.WriteInteger(length);
            return;
        }
        var common = new byte[length];
        var matches = new List<Match>();
        WalkBack(table, a, b, common, matches, minMatchLength);
        if (!getIndexes)
        {
            reply.WriteBulk(common);
            return;
        }
        reply.WriteMapHeader(2);
        reply.WriteBulk("matches"u8);
        reply.WriteArrayHeader(matches.Count);
        foreach (var match in matches)
        {
            reply.WriteArrayHeader(withMatchLength ? 3 : 2);
            reply.WriteArrayHeader(2);
            reply.WriteInteger(match.AStart);
            reply.WriteInteger(match.AEnd);
            reply.WriteArrayHeader(2);
            reply.WriteInteger(match.BStart);
            reply.WriteInteger(match.BEnd);
            if (withMatchLength) reply.WriteInteger(match.Length);
        }
        reply.WriteBulk("len"u8);
        reply.WriteInteger(length);
    }

    private static uint[]? TryAllocate(long cells)
    {
        if (cells > Array.MaxLength) return null;
        try
        {
            return new uint[cells];
        }
        catch (OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>table[i * (b.Length + 1) + j] = length of the LCS of a[..i] and b[..j].</summary>
    private static void Fill(uint[] table, byte[] a, byte[] b)
    {
        int width = b.Length + 1;
        for (int i = 1; i <= a.Length; i++)
        {
            int row = i * width, above = row - width;
            byte ai = a[i - 1];
            for (int j = 1; j <= b.Length; j++)
            {
                table[row + j] = ai == b[j - 1]
                    ? table[above + j - 1] + 1
                    : Math.Max(table[above + j], table[row + j - 1]);
            }
        }
    }

    /// <summary>
    /// Rebuilds the common subsequence from the end and collects the runs of consecutive matches
    /// at least <paramref name="minMatchLength"/> long (0: all), last run first.
    /// </summary>
    private static void WalkBack(uint[] table, byte[] a, byte[] b, byte[] common, List<Match> matches, long minMatchLength)
    {
        int width = b.Length + 1;
        int i = a.Length, j = b.Length, k = common.Length;
        Match? run = null;
        while (i > 0 && j > 0)
        {
            bool runEnds;
            if (a[i - 1] == b[j - 1])
            {
                common[--k] = a[i - 1];
                // Matches found one after the other going back extend the run downwards.
                run = run is { } r ? r with { AStart = i - 1, BStart = j - 1 } : new Match(i - 1, i - 1, j - 1, j - 1);
                runEnds = i == 1 || j == 1; // it cannot extend past the start of either string
                i--;
                j--;
            }
            else
            {
                if (table[(i - 1) * width + j] > table[i * width + j - 1]) i--;
                else j--;
                runEnds = run != null;
            }
            if (runEnds && run is { } ended)
            {
                if (minMatchLength == 0 || ended.Length >= minMatchLength) matches.Add(ended);
                run = null;
            }
        }
    }
}
