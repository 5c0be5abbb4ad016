namespace HotGears.Engine.Commands;

/// <summary>
/// Turns a command's argument syntax, written as Redis documents it, into the argument specs
/// COMMAND DOCS replies with. The notation:
/// <list type="bullet">
/// <item><c>word</c> (lowercase): a value argument named word. Its type follows from the name: key,
///   newkey, destination, source... are keys; seconds, count, cursor... integers; latitude, score...
///   doubles; unix-time-* unix times; pattern a pattern; anything else a string.
///   <c>word:type</c> overrides the type (<c>increment:double</c>); a colon followed by anything but
///   a type name is part of the name (<c>ip:port</c>).</item>
/// <item><c>WORD</c> (uppercase): a token. Followed by a value or a ( ) group it is that argument's
///   token (<c>EX seconds</c>), otherwise a pure token named after itself in lowercase (<c>NX</c>).</item>
/// <item><c>[ ... ]</c> an optional part, <c>( ... )</c> a required group; <c>a | b</c> alternatives
///   (a oneof); several arguments in one alternative form a block, which takes the token its first
///   argument starts with (<c>AUTH2 username password</c>). Groups are named after their parts joined
///   by "_" (key_value); <c>name:[...]</c> or <c>name:(...)</c> names one explicitly.</item>
/// <item><c>x ...</c> repeats x; <c>...</c> just before a closing bracket repeats the whole group.
///   The documentation idiom <c>key [key ...]</c> becomes one repeated key, <c>TOKEN x [TOKEN x ...]</c>
///   one whose token repeats too (multiple_token).</item>
/// </list>
/// Key arguments get key spec indexes 0, 1, ... in order of appearance.
/// </summary>
public static class ArgumentSyntax
{
    private static readonly HashSet<string> KeyNames =
        ["key", "newkey", "destkey", "sourcekey", "destination", "source", "src", "dst", "key1", "key2"];

    private static readonly HashSet<string> IntegerNames =
    [
        "seconds", "milliseconds", "ms", "count", "cursor", "db", "index", "offset", "numkeys", "increment",
        "decrement", "start", "end", "stop", "port", "client-id", "timeout", "numreplicas", "len", "limit",
        "bit", "bits", "ttl", "version", "protover", "rank", "slot", "frequency", "weight",
    ];

    private static readonly HashSet<string> DoubleNames = ["latitude", "longitude", "radius", "width", "height", "score"];

    public static IReadOnlyList<ArgumentSpec> Parse(string syntax)
    {
        var arguments = new Parser(syntax).ParseAll();
        int nextKeySpec = 0;
        return arguments.Select(a => NumberKeys(a, ref nextKeySpec)).ToList();
    }

    /// <summary>The type a value argument called <paramref name="name"/> has unless the syntax says otherwise.</summary>
    public static ArgumentType TypeOf(string name) =>
        KeyNames.Contains(name) ? ArgumentType.Key :
        IntegerNames.Contains(name) ? ArgumentType.Integer :
        DoubleNames.Contains(name) ? ArgumentType.Double :
        name.StartsWith("unix-time", StringComparison.Ordinal) ? ArgumentType.UnixTime :
        name == "pattern" ? ArgumentType.Pattern : ArgumentType.String;

    private static ArgumentSpec NumberKeys(ArgumentSpec argument, ref int next)
    {
        if (argument.Type == ArgumentType.Key) return argument with { KeySpecIndex = next++ };
        if (argument.Arguments.Count == 0) return argument;
        var parts = new List<ArgumentSpec>();
        foreach (var part in argument.Arguments) parts.Add(NumberKeys(part, ref next));
        return argument with { Arguments = parts };
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public List<ArgumentSpec> ParseAll()
        {
            var arguments = ParseSequence(closing: null);
            if (!AtEnd) throw Error("alternatives at the top level must be grouped in ( )");
            return arguments;
        }

        /// <summary>Arguments up to <paramref name="closing"/> (or the end) or a "|", with repetitions folded.</summary>
        public List<ArgumentSpec> ParseSequence(char? closing)
        {
            var items = new List<ArgumentSpec>();
            while (true)
            {
                SkipSpaces();
                if (AtEnd || Peek is '|' || Peek == closing) return items;
                if (Peek is ']' or ')') throw Error($"unexpected '{Peek}'");
                if (LooksAt("..."))
                {
                    if (items.Count == 0) throw Error("'...' repeats nothing");
                    int ellipsis = _pos;
                    _pos += 3;
                    SkipSpaces();
                    // Just before a closing bracket, "..." belongs to the whole group (see ParseGroup).
                    if (closing != null && !AtEnd && Peek == closing) { _pos = ellipsis; return items; }
                    items[^1] = items[^1] with { Flags = items[^1].Flags | ArgumentFlags.Multiple };
                    continue;
                }
                AddFoldingRepetition(items, ParseElement());
            }
        }

        private ArgumentSpec ParseElement()
        {
            string? label = null;
            string word = ReadWord();
            if (word.EndsWith(':') && !AtEnd && Peek is '[' or '(') { label = word[..^1]; word = ""; }
            if (word.Length == 0)
            {
                if (AtEnd || Peek is not ('[' or '(')) throw Error("expected an argument");
                return ParseGroup(label);
            }
            if (!IsToken(word)) return Value(word);
            SkipSpaces();
            if (AtEnd || Peek is '|' or ']' or ')' or '[' || LooksAt("...") || NextWordIsToken())
                return new ArgumentSpec(word.ToLowerInvariant(), ArgumentType.PureToken, word);
            var argument = ParseElement();
            if (argument.Token != null) throw Error($"token {word} precedes an argument with a token");
            return argument with { Token = word };
        }

        /// <summary>A [ ] or ( ) group: one argument, a block of several, or a oneof of alternatives.</summary>
        private ArgumentSpec ParseGroup(string? label)
        {
            char open = text[_pos++];
            char close = open == '[' ? ']' : ')';
            var alternatives = new List<ArgumentSpec>();
            while (true)
            {
                var sequence = ParseSequence(close);
                if (sequence.Count == 0) throw Error("empty alternative");
                alternatives.Add(sequence.Count == 1 ? sequence[0] : Block(sequence));
                if (AtEnd || Peek != '|') break;
                _pos++;
            }
            bool repeated = TryTake("...");
            SkipSpaces();
            if (AtEnd || Peek != close) throw Error($"expected '{close}'");
            _pos++;
            var group = alternatives.Count == 1 ? alternatives[0]
                : new ArgumentSpec(JoinedName(alternatives), ArgumentType.OneOf, Arguments: alternatives);
            if (label != null) group = group with { Name = label };
            var flags = group.Flags;
            if (repeated) flags |= ArgumentFlags.Multiple;
            if (open == '[') flags |= ArgumentFlags.Optional;
            return group with { Flags = flags };
        }

        /// <summary>Several arguments in a row; a token on the first one introduces the whole block.</summary>
        private static ArgumentSpec Block(List<ArgumentSpec> parts)
        {
            string? token = parts[0].Type == ArgumentType.PureToken ? null : parts[0].Token;
            if (token != null) parts[0] = parts[0] with { Token = null };
            return new ArgumentSpec(JoinedName(parts), ArgumentType.Block, token, Arguments: parts);
        }

        private static string JoinedName(List<ArgumentSpec> parts) => string.Join("_", parts.Select(p => p.Name));

        /// <summary>
        /// Adds <paramref name="next"/>, folding the idiom "x [x ...]" into one repeated x (and
        /// "a b [a b ...]" into a repeated block of a and b).
        /// </summary>
        private static void AddFoldingRepetition(List<ArgumentSpec> items, ArgumentSpec next)
        {
            const ArgumentFlags optionalRepeat = ArgumentFlags.Optional | ArgumentFlags.Multiple;
            if ((next.Flags & optionalRepeat) == optionalRepeat && items.Count > 0)
            {
                var last = items[^1];
                var repeated = next with { Flags = ArgumentFlags.None };
                if (last.Flags == ArgumentFlags.None && last.SameShape(repeated))
                {
                    // "TOKEN x [TOKEN x ...]": the token comes with every repetition.
                    items[^1] = last with { Flags = ArgumentFlags.Multiple | (last.Token != null ? ArgumentFlags.MultipleToken : 0) };
                    return;
                }
                if (last.Flags == ArgumentFlags.None && repeated.Token == null && (last with { Token = null }).SameShape(repeated))
                {
                    items[^1] = last with { Flags = ArgumentFlags.Multiple };
                    return;
                }
                int count = next.Arguments.Count;
                if (next.Type == ArgumentType.Block && next.Token == null && items.Count >= count &&
                    items.Skip(items.Count - count).Zip(next.Arguments).All(p => p.First.Flags == p.Second.Flags && p.First.SameShape(p.Second)))
                {
                    items.RemoveRange(items.Count - count, count);
                    items.Add(next with { Flags = ArgumentFlags.Multiple });
                    return;
                }
            }
            items.Add(next);
        }

        private static ArgumentSpec Value(string word)
        {
            int colon = word.LastIndexOf(':');
            if (colon > 0 && ArgumentSpec.TypeNamed(word[(colon + 1)..]) is { } type)
            {
                if (type is ArgumentType.PureToken or ArgumentType.OneOf or ArgumentType.Block)
                    throw new FormatException($"'{word}': a value cannot be a {word[(colon + 1)..]}");
                return new ArgumentSpec(word[..colon], type);
            }
            return new ArgumentSpec(word, TypeOf(word));
        }

        /// <summary>Tokens are written in capitals (symbols such as "=" count as tokens too).</summary>
        private static bool IsToken(string word) => !word.Any(char.IsLower) && !word.Contains(':');

        private bool NextWordIsToken()
        {
            int start = _pos;
            string word = ReadWord();
            _pos = start;
            return word.Length > 0 && !word.EndsWith(':') && IsToken(word);
        }

        private string ReadWord()
        {
            SkipSpaces();
            int start = _pos;
            while (!AtEnd && !char.IsWhiteSpace(Peek) && Peek is not ('[' or ']' or '(' or ')' or '|') && !LooksAt("...")) _pos++;
            return text[start.._pos];
        }

        private bool AtEnd => _pos >= text.Length;
        private char Peek => text[_pos];
        private bool LooksAt(string s) => string.CompareOrdinal(text, _pos, s, 0, s.Length) == 0;

        private bool TryTake(string s)
        {
            SkipSpaces();
            if (!LooksAt(s)) return false;
            _pos += s.Length;
            return true;
        }

        private void SkipSpaces()
        {
            while (!AtEnd && char.IsWhiteSpace(Peek)) _pos++;
        }

        private FormatException Error(string what) => new($"argument syntax \"{text}\" at {_pos}: {what}");
    }
}
