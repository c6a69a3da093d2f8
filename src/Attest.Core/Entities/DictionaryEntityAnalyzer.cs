using System.Collections.Immutable;
using Attest.Entities.Ner;
using Attest.Model;
using Attest.Syntax;

namespace Attest.Entities;

/// <summary>
/// Stage 3: finds named entities, dates and actor mentions with the <see cref="ActorDictionary"/>, capitalisation and
/// a few phrase rules, resolves them to CAMEO codes and links coreferent mentions (short names, titles, pronouns,
/// appositions, metonyms). Works from token text alone; uses UPOS and the parse when present. One left-to-right pass
/// per step, dictionary lookups through the token trie, no regular expressions. Thread-safe: the analyzer holds only
/// the immutable dictionary; each call keeps its state in a local <see cref="DocumentRun"/>.
/// </summary>
public sealed class DictionaryEntityAnalyzer : IEntityAnalyzer
{
    private static readonly Lazy<DictionaryEntityAnalyzer> DefaultAnalyzer =
        new(() => new DictionaryEntityAnalyzer(ActorDictionary.LoadDefault(), NerTagger.LoadDefault()), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <param name="dictionary">Actor dictionary: names, roles, codes.</param>
    /// <param name="recognizer">Trained recognizer whose PER/ORG/LOC spans add the names that the dictionary and the
    /// capitalisation rules miss (null: rules only). It never assigns codes.</param>
    public DictionaryEntityAnalyzer(ActorDictionary dictionary, NerTagger? recognizer = null)
    {
        Dictionary = dictionary;
        Recognizer = recognizer;
    }

    public ActorDictionary Dictionary { get; }

    public NerTagger? Recognizer { get; }

    /// <summary>The analyzer over the embedded dictionary and the embedded recognizer (built once, cached).</summary>
    public static DictionaryEntityAnalyzer CreateDefault() => DefaultAnalyzer.Value;

    /// <summary>The embedded dictionary plus a user dictionary file in Attest format (later entries win), with the embedded recognizer.</summary>
    public static DictionaryEntityAnalyzer CreateWithUserDictionary(string actorsFile) =>
        new(new ActorDictionary.Builder().AddDefaults().AddAttestFile(actorsFile).Build(), NerTagger.LoadDefault());

    public EntityLayer Analyze(SyntaxLayer syntax, string? documentDate) =>
        new DocumentRun(Dictionary, syntax, documentDate, Recognizer?.Spans(syntax.Tokens, syntax)).Run();
}
