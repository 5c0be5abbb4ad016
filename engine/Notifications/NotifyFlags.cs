namespace HotGears.Engine.Notifications;

/// <summary>The classes of keyspace events, as the letters of `notify-keyspace-events`.</summary>
[Flags]
public enum NotifyFlags
{
    None = 0,
    Keyspace = 1 << 0,  // K
    Keyevent = 1 << 1,  // E
    Generic = 1 << 2,   // g
    String = 1 << 3,    // $
    List = 1 << 4,      // l
    Set = 1 << 5,       // s
    Hash = 1 << 6,      // h
    ZSet = 1 << 7,      // z
    Expired = 1 << 8,   // x
    Evicted = 1 << 9,   // e
    Stream = 1 << 10,   // t
    KeyMiss = 1 << 11,  // m (not part of A)
    Module = 1 << 12,   // d
    New = 1 << 13,      // n (not part of A)
    All = Generic | String | List | Set | Hash | ZSet | Expired | Evicted | Stream | Module, // A
}

public static class NotifyFlagsText
{
    private static readonly (char Letter, NotifyFlags Flag)[] Letters =
    [
        ('g', NotifyFlags.Generic), ('$', NotifyFlags.String), ('l', NotifyFlags.List), ('s', NotifyFlags.Set),
        ('h', NotifyFlags.Hash), ('z', NotifyFlags.ZSet), ('x', NotifyFlags.Expired), ('e', NotifyFlags.Evicted),
        ('t', NotifyFlags.Stream), ('d', NotifyFlags.Module), ('n', NotifyFlags.New),
    ];

    /// <summary>Parses the letters; null when one is unknown (CONFIG SET then fails).</summary>
    public static NotifyFlags? Parse(string text)
    {
        var flags = NotifyFlags.None;
        foreach (char c in text)
        {
            switch (c)
            {
                case 'A': flags |= NotifyFlags.All; break;
                case 'K': flags |= NotifyFlags.Keyspace; break;
                case 'E': flags |= NotifyFlags.Keyevent; break;
                case 'm': flags |= NotifyFlags.KeyMiss; break;
                default:
                    int i = Array.FindIndex(Letters, l => l.Letter == c);
                    if (i < 0) return null;
                    flags |= Letters[i].Flag;
                    break;
            }
        }
        return flags;
    }

    /// <summary>The canonical text CONFIG GET shows (keyspaceEventsFlagsToString).</summary>
    public static string Format(NotifyFlags flags)
    {
        var text = new System.Text.StringBuilder();
        // As in Redis, 'A' stands for the whole class list, and 'n' (not part of A) is then left out.
        if ((flags & NotifyFlags.All) == NotifyFlags.All) text.Append('A');
        else
        {
            foreach (var (letter, flag) in Letters)
                if ((flags & flag) != 0) text.Append(letter);
        }
        if ((flags & NotifyFlags.Keyspace) != 0) text.Append('K');
        if ((flags & NotifyFlags.Keyevent) != 0) text.Append('E');
        if ((flags & NotifyFlags.KeyMiss) != 0) text.Append('m');
        return text.ToString();
    }
}
