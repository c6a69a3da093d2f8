using System.Collections.Frozen;
using Attest.Entities;

namespace Attest.Events.Petrarch;

/// <summary>A phrase found in a sentence: word range [Start, End) and the value of the dictionary entry.</summary>
public readonly record struct PhraseMatch<T>(int Start, int End, T Value);

/// <summary>
/// Word-sequence dictionary with longest-match lookup (words upper case; PETRARCH underscores and spaces both
/// separate words). Immutable once built.
/// </summary>
public sealed class PhraseDictionary<T>
{
    private readonly FrozenDictionary<string, (string[] Words, T Value)[]> byFirst;

    internal PhraseDictionary(IEnumerable<(string[] Words, T Value)> entries)
    {
        var map = new Dictionary<string, List<(string[] Words, T Value)>>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (e.Words.Length == 0) continue;
            if (!map.TryGetValue(e.Words[0], out var list)) map[e.Words[0]] = list = [];
            list.Add(e);
        }
        byFirst = map.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.OrderByDescending(x => x.Words.Length).ToArray(), StringComparer.Ordinal);
        Count = map.Values.Sum(l => l.Count);
    }

    public int Count { get; }

    /// <summary>The longest entry starting at <paramref name="start"/>, if any.</summary>
    public bool TryMatch(IReadOnlyList<string> words, int start, out PhraseMatch<T> match)
    {
        match = default;
        if (!byFirst.TryGetValue(words[start], out var candidates)) return false;
        foreach (var (ws, value) in candidates)
        {
            if (start + ws.Length > words.Count) continue;
            bool ok = true;
            for (int k = 1; k < ws.Length && ok; k++) ok = string.Equals(words[start + k], ws[k], StringComparison.Ordinal);
            if (!ok) continue;
            match = new PhraseMatch<T>(start, start + ws.Length, value);
            return true;
        }
        return false;
    }

    /// <summary>Non-overlapping longest matches, left to right, over the words not already taken.</summary>
    public List<PhraseMatch<T>> FindAll(IReadOnlyList<string> words, bool[]? taken = null)
    {
        var found = new List<PhraseMatch<T>>();
        for (int i = 0; i < words.Count;)
        {
            if ((taken is null || !taken[i]) && TryMatch(words, i, out var m) && (taken is null || !Overlaps(taken, m.Start, m.End)))
            {
                found.Add(m);
                i = m.End;
            }
            else
            {
                i++;
            }
        }
        return found;
    }

    private static bool Overlaps(bool[] taken, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (taken[i]) return true;
        }
        return false;
    }

}

internal static class PetrarchWords
{
    /// <summary>The words of a name, plus a variant with hyphens as separate words ("BARAD-DUR" as the tokenizer may
    /// split it: BARAD - DUR) when the name has any.</summary>
    public static IEnumerable<string[]> Variants(string phrase)
    {
        var words = Split(phrase);
        yield return words;
        if (!words.Any(w => w.Length > 1 && w.Contains('-', StringComparison.Ordinal))) yield break;
        var split = new List<string>();
        foreach (var w in words)
        {
            if (w.Length <= 1 || !w.Contains('-', StringComparison.Ordinal)) { split.Add(w); continue; }
            var parts = w.Split('-');
            for (int i = 0; i < parts.Length; i++)
            {
                if (i > 0) split.Add("-");
                if (parts[i].Length > 0) split.Add(parts[i]);
            }
        }
        yield return [.. split];
    }

    /// <summary>PETRARCH phrase to words: underscores and spaces separate, upper case, empty parts dropped.</summary>
    public static string[] Split(string phrase) =>
        [.. phrase.Split([' ', '\t', '_'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToUpperInvariant())];
}

/// <summary>An actor entry: its codes in file order, each maybe date-restricted (see <see cref="PetrarchCode"/>).</summary>
public sealed record PetrarchActor(string Name, IReadOnlyList<PetrarchCode> Codes, int Line)
{
    /// <summary>
    /// The codes on <paramref name="date"/>: the first dated code that applies, else the first undated one; a code with
    /// slashes (<c>FRO/BIL/SAM</c>) is several actors; <c>[---]</c> gives none.
    /// </summary>
    public IReadOnlyList<string> CodesOn(DateOnly? date)
    {
        PetrarchCode? chosen = null;
        if (date is { } d) chosen = Codes.FirstOrDefault(c => c.IsDated && c.AppliesOn(d));
        chosen ??= Codes.FirstOrDefault(c => !c.IsDated);
        if (chosen?.Code is not { } code) return [];
        return code.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }
}

/// <summary>
/// The PETRARCH dictionaries one coder uses: verbs, actors, agents and discards. Actors and agents come from
/// <see cref="PetrarchDictionaryReader"/>'s raw readers, so both Attest's actor layer and this coder read one format.
/// </summary>
public sealed class PetrarchDictionaries
{
    public PetrarchDictionaries(PetrarchVerbDictionary verbs, PhraseDictionary<PetrarchActor> actors, PhraseDictionary<string> agents,
        PhraseDictionary<bool> discards, IReadOnlyList<string> warnings)
    {
        Verbs = verbs;
        Actors = actors;
        Agents = agents;
        Discards = discards;
        Warnings = warnings;
    }

    public PetrarchVerbDictionary Verbs { get; }
    public PhraseDictionary<PetrarchActor> Actors { get; }
    /// <summary>Agent phrases (singular and plural) to their code as written: <c>~GOV</c> appends, <c>NGO~</c> prepends.</summary>
    public PhraseDictionary<string> Agents { get; }
    /// <summary>Discard phrases; the value is true for a story discard (<c>+PHRASE</c>).</summary>
    public PhraseDictionary<bool> Discards { get; }
    /// <summary>Lines skipped in the actor and agent files and unknown synsets in the verb file (file:line: problem).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The default file names of PETRARCH's validation suite.</summary>
    public static readonly (string Verbs, string Actors, string Agents, string Discards) ValidationFiles =
        ("PETR.Validate.verbs.txt", "PETR.Validate.actors.txt", "PETR.Validate.agents.txt", "PETR.Validate.discards.txt");

    /// <summary>Loads the four files from <paramref name="directory"/>.</summary>
    /// <exception cref="FormatException">a malformed verb or discard line (file:line in the message).</exception>
    /// <exception cref="FileNotFoundException">a file is missing.</exception>
    public static PetrarchDictionaries Load(string directory, string verbFile, IReadOnlyList<string> actorFiles, string agentFile, string discardFile)
    {
        string Full(string name)
        {
            var full = Path.Combine(directory, name);
            if (!File.Exists(full)) throw new FileNotFoundException($"no such dictionary: {full}", full);
            return full;
        }
        var warnings = new List<string>();
        var verbs = PetrarchVerbDictionary.Load(Full(verbFile));
        warnings.AddRange(verbs.Warnings);
        var actorRecords = new List<PetrarchActorRecord>();
        foreach (var a in actorFiles)
        {
            using var r = new StreamReader(Full(a));
            actorRecords.AddRange(PetrarchDictionaryReader.ParseActors(r, a, warnings));
        }
        IReadOnlyList<PetrarchAgentRecord> agentRecords;
        using (var r = new StreamReader(Full(agentFile))) agentRecords = PetrarchDictionaryReader.ParseAgents(r, agentFile, warnings);
        PhraseDictionary<bool> discards;
        using (var r = new StreamReader(Full(discardFile))) discards = ReadDiscards(r, discardFile);
        return new PetrarchDictionaries(verbs, BuildActors(actorRecords), BuildAgents(agentRecords), discards, warnings);
    }

    public static PhraseDictionary<PetrarchActor> BuildActors(IEnumerable<PetrarchActorRecord> records) =>
        new(records.SelectMany(r =>
        {
            var actor = new PetrarchActor(r.Names[0], r.Codes, r.Line);
            return r.Names.SelectMany(n => PetrarchWords.Variants(n).Select(w => (w, actor)));
        }));

    public static PhraseDictionary<string> BuildAgents(IEnumerable<PetrarchAgentRecord> records) =>
        new(records.SelectMany(r => r.Names.Concat(r.Plurals).SelectMany(n => PetrarchWords.Variants(n).Select(w => (w, r.Code)))));

    /// <summary>Discard file: one phrase a line, <c>+PHRASE</c> discards the whole story, <c>#</c> comments.</summary>
    /// <exception cref="FormatException">a line with only '+'.</exception>
    public static PhraseDictionary<bool> ReadDiscards(TextReader reader, string sourceName)
    {
        var entries = new List<(string[], bool)>();
        string? line;
        int lineNo = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            var t = (hash >= 0 ? line[..hash] : line).Trim();
            if (t.Length == 0 || t.StartsWith('<')) continue;
            bool story = t.StartsWith('+');
            var words = PetrarchWords.Split(story ? t[1..] : t);
            if (words.Length == 0) throw new FormatException($"{sourceName}:{lineNo}: empty discard phrase");
            entries.Add((words, story));
        }
        return new PhraseDictionary<bool>(entries);
    }
}
