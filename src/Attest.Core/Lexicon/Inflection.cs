using System.Collections.Frozen;

namespace Attest.Lexicon;

/// <summary>English inflection for dictionary entries: verb forms and noun plurals, so patterns match raw text.</summary>
public static class Inflection
{
    private static readonly FrozenDictionary<string, string[]> IrregularVerbs = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["say"] = ["said", "says", "saying"],
        ["tell"] = ["told", "tells", "telling"],
        ["think"] = ["thought", "thinks", "thinking"],
        ["write"] = ["wrote", "written", "writes", "writing"],
        ["feel"] = ["felt", "feels", "feeling"],
        ["hold"] = ["held", "holds", "holding"],
        ["meet"] = ["met", "meets", "meeting"],
        ["send"] = ["sent", "sends", "sending"],
        ["take"] = ["took", "taken", "takes", "taking"],
        ["break"] = ["broke", "broken", "breaks", "breaking"],
        ["give"] = ["gave", "given", "gives", "giving"],
        ["withdraw"] = ["withdrew", "withdrawn", "withdraws", "withdrawing"],
        ["shoot"] = ["shot", "shoots", "shooting"],
        ["fight"] = ["fought", "fights", "fighting"],
        ["beat"] = ["beat", "beaten", "beats", "beating"],
        ["cut"] = ["cut", "cuts", "cutting"],
        ["hit"] = ["hit", "hits", "hitting"],
        ["strike"] = ["struck", "stricken", "strikes", "striking"],
        ["freeze"] = ["froze", "frozen", "freezes", "freezing"],
        ["shut"] = ["shut", "shuts", "shutting"],
        ["set"] = ["set", "sets", "setting"],
        ["put"] = ["put", "puts", "putting"],
        ["lead"] = ["led", "leads", "leading"],
        ["seek"] = ["sought", "seeks", "seeking"],
        ["bring"] = ["brought", "brings", "bringing"],
        ["make"] = ["made", "makes", "making"],
        ["do"] = ["did", "done", "does", "doing"],
        ["go"] = ["went", "gone", "goes", "going"],
        ["begin"] = ["began", "begun", "begins", "beginning"],
        ["flee"] = ["fled", "flees", "fleeing"],
        ["sell"] = ["sold", "sells", "selling"],
        ["leave"] = ["left", "leaves", "leaving"],
        ["forgive"] = ["forgave", "forgiven", "forgives", "forgiving"],
        ["rebut"] = ["rebutted", "rebuts", "rebutting"],
        ["admit"] = ["admitted", "admits", "admitting"],
        ["regret"] = ["regretted", "regrets", "regretting"],
        ["commit"] = ["committed", "commits", "committing"],
        ["open"] = ["opened", "opens", "opening"],
        ["visit"] = ["visited", "visits", "visiting"],
        ["deliver"] = ["delivered", "delivers", "delivering"],
        ["offer"] = ["offered", "offers", "offering"],
        ["travel"] = ["traveled", "travelled", "travels", "traveling", "travelling"],
        ["shell"] = ["shelled", "shells", "shelling"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Verbs stressed on a final consonant-vowel-consonant syllable double it: expel → expelled, kidnap → kidnapped.</summary>
    private static readonly FrozenSet<string> DoublingVerbs = new[]
    {
        "expel", "repel", "compel", "propel", "dispel", "patrol", "control", "kidnap", "equip", "admit", "commit", "omit",
        "permit", "submit", "transmit", "occur", "refer", "prefer", "transfer", "confer", "deter", "regret", "abet",
        "rebel", "embed", "acquit", "outfit", "worship", "format", "overrun", "rebut", "extol", "enrol", "instil",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The base form and its inflections: -s, -ed, -ing, with e-drop, y→i and consonant doubling.</summary>
    public static IEnumerable<string> VerbForms(string lemma)
    {
        ArgumentNullException.ThrowIfNull(lemma);
        yield return lemma;
        if (IrregularVerbs.TryGetValue(lemma, out var irregular))
        {
            foreach (var f in irregular) yield return f;
            yield break;
        }
        bool endsE = lemma.EndsWith('e');
        bool consonantY = lemma.Length > 1 && lemma[^1] == 'y' && !IsVowel(lemma[^2]);
        bool sibilant = lemma.EndsWith('s') || lemma.EndsWith('x') || lemma.EndsWith('z') || lemma.EndsWith("sh", StringComparison.Ordinal) || lemma.EndsWith("ch", StringComparison.Ordinal);
        bool doubles = DoublingVerbs.Contains(lemma) || lemma.Length is >= 3 and <= 4 && !IsVowel(lemma[0]) && !IsVowel(lemma[^1]) && IsVowel(lemma[^2]) && !IsVowel(lemma[^3])
            && lemma[^1] is not ('w' or 'x' or 'y');
        string stem = doubles ? lemma + lemma[^1] : lemma;
        yield return consonantY ? lemma[..^1] + "ies" : sibilant ? lemma + "es" : lemma + "s";
        yield return consonantY ? lemma[..^1] + "ied" : endsE ? lemma + "d" : stem + "ed";
        yield return endsE && !lemma.EndsWith("ee", StringComparison.Ordinal) ? lemma[..^1] + "ing" : stem + "ing";
    }

    /// <summary>The singular and its regular plural.</summary>
    public static IEnumerable<string> NounForms(string lemma)
    {
        ArgumentNullException.ThrowIfNull(lemma);
        yield return lemma;
        if (lemma.Length > 1 && lemma[^1] == 'y' && !IsVowel(lemma[^2])) yield return lemma[..^1] + "ies";
        else if (lemma.EndsWith('s') || lemma.EndsWith('x') || lemma.EndsWith("sh", StringComparison.Ordinal) || lemma.EndsWith("ch", StringComparison.Ordinal)) yield return lemma + "es";
        else yield return lemma + "s";
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
