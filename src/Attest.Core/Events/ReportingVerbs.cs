using System.Collections.Frozen;
using Attest.Attribution;
using Attest.Lexicon;
using Attest.Syntax;

namespace Attest.Events;

/// <summary>
/// The plain verbs of reporting the event stage reads (say, tell, report, announce, state, confirm, add, claim): a date
/// right after one dates the saying, not the event ("said on Tuesday it had …"), and "&lt;agency&gt; said it had reached …"
/// takes the agency as the source. Narrower than the attribution stage's cue lexicon (<c>cues.tsv</c>), whose cues
/// also include verbs that are events in their own right (warn, urge, accuse, deny).
/// </summary>
internal static class ReportingVerbs
{
    private static readonly FrozenSet<string> Lemmas = new[] { "say", "tell", "report", "announce", "state", "confirm", "add", "claim" }
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Their inflected forms without the base forms, which can be nouns ("the state", "a report").</summary>
    private static readonly FrozenSet<string> InflectedForms = Lemmas.SelectMany(Inflection.VerbForms).Where(f => !Lemmas.Contains(f))
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="lemma"/> (lower case) is one of the verbs.</summary>
    public static bool IsLemma(string lemma) => Lemmas.Contains(lemma);

    /// <summary>Whether token <paramref name="k"/> is one of the verbs: by part of speech and lemma when the text is tagged,
    /// else by an inflected form ("said", "told", "announced").</summary>
    public static bool At(TokenView v, int k) =>
        v.Tagged ? v.Pos(k) == UPos.VERB && Lemmas.Contains(v.Syntax.Lemmas[k].ToLowerInvariant()) : InflectedForms.Contains(v.Lower[k]);
}
