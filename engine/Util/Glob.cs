namespace HotGears.Engine;

/// <summary>
/// Redis's glob-style matching (util.c stringmatchlen), used by KEYS, SCAN MATCH, PSUBSCRIBE,
/// PUBSUB CHANNELS and CONFIG GET: `*`, `?`, `[abc]`, `[^a-z]`, and `\` to escape.
/// </summary>
public static class Glob
{
    public static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, bool ignoreCase = false) =>
        Match(pattern, text, ignoreCase, depth: 0) == Outcome.Match;

    public static bool Match(string pattern, string text, bool ignoreCase = false) =>
        Match(System.Text.Encoding.UTF8.GetBytes(pattern), System.Text.Encoding.UTF8.GetBytes(text), ignoreCase);

    private enum Outcome { Match, NoMatch, GiveUp }

    /// <summary>Recursion on `*` is bounded, and a failed `*` tail cannot succeed later ("skip longer"), as in Redis.</summary>
    private static Outcome Match(ReadOnlySpan<byte> p, ReadOnlySpan<byte> s, bool nocase, int depth)
    {
        if (depth > 1000) return Outcome.GiveUp;
        while (p.Length > 0 && s.Length > 0)
        {
            switch (p[0])
            {
                case (byte)'*':
                    while (p.Length > 1 && p[1] == (byte)'*') p = p[1..];
                    if (p.Length == 1) return Outcome.Match;
                    while (s.Length > 0)
                    {
                        var outcome = Match(p[1..], s, nocase, depth + 1);
                        if (outcome != Outcome.NoMatch) return outcome;
                        s = s[1..];
                    }
                    return Outcome.GiveUp; // nothing matched the rest: longer prefixes of '*' cannot either
                case (byte)'?':
                    s = s[1..];
                    p = p[1..];
                    break;
                case (byte)'[':
                {
                    p = p[1..];
                    bool not = p.Length > 0 && p[0] == (byte)'^';
                    if (not) p = p[1..];
                    bool matched = false;
                    while (true)
                    {
                        if (p.Length == 0) break; // unterminated class: treat the end as its close
                        if (p[0] == (byte)'\\' && p.Length >= 2)
                        {
                            p = p[1..];
                            if (Same(p[0], s[0], nocase)) matched = true;
                        }
                        else if (p[0] == (byte)']') break;
                        else if (p.Length >= 3 && p[1] == (byte)'-')
                        {
                            int start = p[0], end = p[2], c = s[0];
                            if (start > end) (start, end) = (end, start);
                            if (nocase)
                            {
                                start = Lower(start);
                                end = Lower(end);
                                c = Lower(c);
                            }
                            p = p[2..];
                            if (c >= start && c <= end) matched = true;
                        }
                        else if (Same(p[0], s[0], nocase)) matched = true;
                        p = p[1..];
                    }
                    if (not) matched = !matched;
                    if (!matched) return Outcome.NoMatch;
                    s = s[1..];
                    if (p.Length > 0) p = p[1..]; // past ']'
                    break;
                }
                case (byte)'\\':
                    if (p.Length >= 2) p = p[1..];
                    goto default;
                default:
                    if (!Same(p[0], s[0], nocase)) return Outcome.NoMatch;
                    s = s[1..];
                    p = p[1..];
                    break;
            }
        }
        if (s.Length == 0)
        {
            while (p.Length > 0 && p[0] == (byte)'*') p = p[1..];
            return p.Length == 0 ? Outcome.Match : Outcome.NoMatch;
        }
        return Outcome.NoMatch;
    }

    private static bool Same(byte a, byte b, bool nocase) => a == b || (nocase && Lower(a) == Lower(b));

    private static int Lower(int c) => c is >= 'A' and <= 'Z' ? c + 32 : c;
}
