using System.Collections.Frozen;
using Attest.Model;

namespace Attest.Attribution;

public enum CueKind : byte
{
    Verb,
    /// <summary>A verb that reports speech only with a that-clause, a quotation, a colon or a claim noun as object.</summary>
    WeakVerb,
    Phrase,
    Hedge,
}

/// <summary>One entry of the reporting-cue lexicon.</summary>
public sealed record CueEntry(string Lemma, string Stance, bool Hedged, CueKind Kind);

/// <summary>
/// Reporting verbs and phrases with their stance and hedging (embedded <c>attribution/cues.tsv</c>, user-editable).
/// Verbs are indexed under every inflected form, so lookups work on raw token text as well as on lemmas.
/// </summary>
public sealed class CueLexicon
{
    private static readonly Lazy<CueLexicon> DefaultLexicon = new(() =>
        Parse(Lexicon.EmbeddedResources.ReadText("attribution/cues.tsv"), "cues.tsv"));

    private readonly FrozenDictionary<string, CueEntry> forms;
    private readonly FrozenDictionary<string, CueEntry> phrases;

    private CueLexicon(FrozenDictionary<string, CueEntry> forms, FrozenDictionary<string, CueEntry> phrases)
    {
        this.forms = forms;
        this.phrases = phrases;
    }

    public static CueLexicon Default => DefaultLexicon.Value;

    /// <summary>Multi-word cues keyed by their lower-case text ("according to").</summary>
    public FrozenDictionary<string, CueEntry> Phrases => phrases;

    /// <summary>The entry for a word form or lemma (lower-cased by the caller), or null.</summary>
    public CueEntry? Lookup(string lowerForm) => forms.TryGetValue(lowerForm, out var e) ? e : null;

    public static CueLexicon Parse(string tsv, string name)
    {
        var forms = new Dictionary<string, CueEntry>(StringComparer.Ordinal);
        var phrases = new Dictionary<string, CueEntry>(StringComparer.Ordinal);
        foreach (var (lineNo, line) in Lexicon.DataLines.Read(tsv))
        {
            var f = line.Split('\t');
            if (f.Length != 4 || f[1] is not (Stance.Assert or Stance.Deny) || f[2] is not ("yes" or "no"))
                throw new FormatException($"{name}:{lineNo}: expected LEMMA<TAB>assert|deny<TAB>yes|no<TAB>verb|weak|phrase|hedge");
            var kind = f[3] switch
            {
                "verb" => CueKind.Verb,
                "weak" => CueKind.WeakVerb,
                "phrase" => CueKind.Phrase,
                "hedge" => CueKind.Hedge,
                _ => throw new FormatException($"{name}:{lineNo}: unknown kind '{f[3]}' (verb, weak, phrase or hedge)"),
            };
            var entry = new CueEntry(f[0], f[1], f[2] == "yes", kind);
            if (kind == CueKind.Phrase) phrases[f[0]] = entry;
            else if (kind == CueKind.Hedge) forms[f[0]] = entry;
            else foreach (var form in Lexicon.Inflection.VerbForms(f[0])) forms.TryAdd(form, entry);
        }
        return new CueLexicon(forms.ToFrozenDictionary(StringComparer.Ordinal), phrases.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
