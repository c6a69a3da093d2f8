using System.Collections.Frozen;
using System.Collections.Immutable;
using Attest.Lexicon;

namespace Attest.Events;

public enum TriggerKind : byte
{
    Verb,
    Noun,
    Adjective,
}

/// <summary>One pattern of the verb dictionary: a trigger (one or more words), optional object words and excluded words.</summary>
public sealed record EventPattern(string Code, TriggerKind Kind, string Lemma, ImmutableArray<string> Following,
    FrozenSet<string> Objects, FrozenSet<string> Excluded, int Line)
{
    /// <summary>How specific the pattern is: patterns with objects and longer codes win.</summary>
    public int Specificity => (Objects.Count > 0 ? 100 : 0) + (Following.Length * 10) + Code.Length;
}

/// <summary>
/// Attest's verb-pattern dictionary (<c>events/verbs.txt</c>): triggers indexed under every inflected form of their first word.
/// Immutable and thread-safe. The format is documented at the top of the file.
/// </summary>
public sealed class VerbDictionary
{
    private static readonly Lazy<VerbDictionary> DefaultDictionary = new(() =>
        Parse(Lexicon.EmbeddedResources.ReadText("events/verbs.txt"), "verbs.txt"));

    private readonly FrozenDictionary<string, EventPattern[]> byForm;

    private VerbDictionary(FrozenDictionary<string, EventPattern[]> byForm, int count)
    {
        this.byForm = byForm;
        Count = count;
    }

    public static VerbDictionary Default => DefaultDictionary.Value;

    public int Count { get; }

    /// <summary>Patterns whose first trigger word has this lower-case form.</summary>
    public ReadOnlySpan<EventPattern> Candidates(string lowerForm) =>
        byForm.TryGetValue(lowerForm, out var list) ? list : ReadOnlySpan<EventPattern>.Empty;

    public IEnumerable<EventPattern> Patterns => byForm.Values.SelectMany(p => p).Distinct();

    /// <exception cref="FormatException">a malformed line, with file name and line number.</exception>
    public static VerbDictionary Parse(string text, string name, CameoCatalog? catalog = null)
    {
        catalog ??= CameoCatalog.Default;
        var sets = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var index = new Dictionary<string, List<EventPattern>>(StringComparer.Ordinal);
        int count = 0;
        foreach (var (lineNo, raw) in DataLines.Read(text))
        {
            var line = raw.Trim();
            if (line[0] == '@')
            {
                int eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0) throw new FormatException($"{name}:{lineNo}: a set is written @NAME = word|word");
                sets[line[..eq].Trim()] = Words(line[(eq + 1)..], sets, name, lineNo);
                continue;
            }
            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0) throw new FormatException($"{name}:{lineNo}: expected CODE<TAB>TRIGGER [> OBJECTS] [! EXCLUDED]");
            var code = line[..tab].Trim();
            if (!catalog.TryGet(code, out _)) throw new FormatException($"{name}:{lineNo}: '{code}' is not a CAMEO code");
            var rest = line[(tab + 1)..];
            string excludedText = "", objectText = "";
            int bang = rest.IndexOf('!', StringComparison.Ordinal);
            if (bang >= 0) { excludedText = rest[(bang + 1)..]; rest = rest[..bang]; }
            int gt = rest.IndexOf('>', StringComparison.Ordinal);
            if (gt >= 0) { objectText = rest[(gt + 1)..]; rest = rest[..gt]; }
            rest = rest.Trim();
            if (rest.Length < 3 || rest[1] != ':' || rest[0] is not ('v' or 'n' or 'a'))
                throw new FormatException($"{name}:{lineNo}: a trigger starts with v:, n: or a: (got '{rest}')");
            var kind = rest[0] switch { 'v' => TriggerKind.Verb, 'n' => TriggerKind.Noun, _ => TriggerKind.Adjective };
            var words = rest[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var objects = ExpandForms(Words(objectText, sets, name, lineNo));
            var excluded = ExpandForms(Words(excludedText, sets, name, lineNo));
            EventPattern pattern;
            IEnumerable<string> keys;
            if (kind == TriggerKind.Noun && words.Length > 1)
            {
                // compound noun: the first word as written, the last inflected ("missile test(s)")
                var following = words[1..^1].Append(words[^1]).ToImmutableArray();
                pattern = new EventPattern(code, kind, string.Join(' ', words), following, objects, excluded, lineNo);
                keys = [words[0]];
            }
            else
            {
                pattern = new EventPattern(code, kind, words[0], [.. words[1..]], objects, excluded, lineNo);
                keys = kind switch
                {
                    TriggerKind.Verb => Inflection.VerbForms(words[0]),
                    TriggerKind.Noun => Inflection.NounForms(words[0]),
                    _ => [words[0]],
                };
            }
            count++;
            foreach (var key in keys.Distinct(StringComparer.Ordinal))
            {
                if (!index.TryGetValue(key, out var list)) index[key] = list = [];
                list.Add(pattern);
            }
        }
        return new VerbDictionary(index.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.OrderByDescending(p => p.Specificity).ToArray(), StringComparer.Ordinal), count);
    }

    private static string[] Words(string text, Dictionary<string, string[]> sets, string name, int lineNo)
    {
        var result = new List<string>();
        foreach (var w in text.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (w[0] == '@')
            {
                if (!sets.TryGetValue(w, out var set)) throw new FormatException($"{name}:{lineNo}: unknown set {w}");
                result.AddRange(set);
            }
            else result.Add(w.ToLowerInvariant());
        }
        return [.. result];
    }

    private static FrozenSet<string> ExpandForms(string[] words) =>
        words.SelectMany(Inflection.NounForms).ToFrozenSet(StringComparer.Ordinal);
}
