namespace HotGears.Engine.Commands;

/// <summary>
/// SRANDMEMBER and HRANDFIELD with a positive count below the size of the collection: distinct
/// random elements, picked the two ways Redis picks them (t_set.c / t_hash.c cases 3 and 4).
/// </summary>
internal static class RandomPick
{
    /// <param name="all">Every element, in a new list.</param>
    /// <param name="sample">One element drawn at random.</param>
    /// <param name="identity">What makes two elements the same one.</param>
    public static List<T> Distinct<T>(int count, int size, Func<List<T>> all, Func<T> sample, Func<T, byte[]> identity)
    {
        if ((long)count * 3 > size)
        {
            // Close to the whole collection: drawing until enough distinct ones show up would be slow.
            var items = all();
            for (int i = 0; i < count; i++)
            {
                int j = Random.Shared.Next(i, items.Count);
                (items[i], items[j]) = (items[j], items[i]);
            }
            items.RemoveRange(count, items.Count - count);
            return items;
        }
        var seen = new HashSet<byte[]>(ByteArrayComparer.Instance);
        var picked = new List<T>(count);
        while (picked.Count < count)
        {
            var item = sample();
            if (seen.Add(identity(item))) picked.Add(item);
        }
        return picked;
    }
}
