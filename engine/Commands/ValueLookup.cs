namespace HotGears.Engine.Commands;

/// <summary>Key lookups for the container commands, with Redis's WRONGTYPE reply (checkType).</summary>
internal static class ValueLookup
{
    /// <summary>
    /// Looks a key up for reading (lookupKeyRead: counts a keyspace hit or miss). False after
    /// replying WRONGTYPE; otherwise <paramref name="value"/> is the value or null when the key is missing.
    /// </summary>
    public static bool TryRead<T>(Session session, ReadOnlySpan<byte> key, out T? value) where T : class =>
        Check(session, session.Db.LookupRead(key), out value);

    /// <summary>Looks a key up for writing (lookupKeyWrite: no hit/miss counting); as <see cref="TryRead{T}"/>.</summary>
    public static bool TryWrite<T>(Session session, ReadOnlySpan<byte> key, out T? value) where T : class =>
        Check(session, session.Db.Get(key), out value);

    /// <summary>The value at a key, stored empty first when the key is missing; null after replying WRONGTYPE.</summary>
    public static T? GetOrCreate<T>(Session session, ReadOnlySpan<byte> key) where T : class, new()
    {
        if (!TryWrite(session, key, out T? value)) return null;
        if (value == null)
        {
            value = new T();
            session.Db.Set(key, value);
        }
        return value;
    }

    private static bool Check<T>(Session session, object? found, out T? value) where T : class
    {
        value = found as T;
        if (found == null || value != null) return true;
        session.Reply.WriteError(Errors.WrongType);
        return false;
    }
}
