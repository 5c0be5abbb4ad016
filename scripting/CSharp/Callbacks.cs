using System.Collections;
using System.Runtime.CompilerServices;
using HotGears.Engine.Gears;

namespace HotGears.Scripting.CSharp;

/// <summary>The glue between typed C# callbacks and the engine's object?-typed step delegates.</summary>
internal static class Callbacks
{
    /// <summary>A record or accumulator as the callback's parameter type; null (a fresh accumulator) is default(T), so a long accumulator starts at 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T As<T>(object? value) => value is null ? default! : (T)value;

    /// <summary>A group key: strings as they are, anything else as its Python repr() (spec §9.4: countby on 100 gives '100').</summary>
    public static string Key(object? key) => key as string ?? PythonRepr.Repr(key);

    /// <summary>The name RG.GETEXECUTION shows for a callback: its method, or "&lt;lambda&gt;" for a lambda.</summary>
    public static string Name(Delegate callback) =>
        callback.Method.Name is var name && name.StartsWith('<') ? "<lambda>" : name;

    /// <summary>
    /// deepcopy(zero) for aggregate/aggregateby: collections are copied recursively (lists,
    /// dictionaries, arrays; sets shallowly), everything else (strings, numbers, records) is shared
    /// as immutable.
    /// </summary>
    public static object? DeepCopy(object? value)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null or string: return value;
            case Array array:
                var copy = (Array)array.Clone();
                for (int i = 0; i < copy.Length; i++) copy.SetValue(DeepCopy(copy.GetValue(i)), i);
                return copy;
            case IDictionary dict:
                var newDict = (IDictionary)Activator.CreateInstance(dict.GetType())!;
                foreach (DictionaryEntry entry in dict) newDict.Add(entry.Key, DeepCopy(entry.Value));
                return newDict;
            case IList list:
                var newList = (IList)Activator.CreateInstance(list.GetType())!;
                foreach (var item in list) newList.Add(DeepCopy(item));
                return newList;
            case IEnumerable set when PythonTypes.IsSet(set):
                return Activator.CreateInstance(set.GetType(), set);
            default: return value;
        }
    }
}
