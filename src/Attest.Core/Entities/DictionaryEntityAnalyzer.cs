using System.Collections.Immutable;
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
    private static readonly Lazy<DictionaryEntityAnalyzer> DefaultAnalyzer = new(() => new DictionaryEntityAnalyzer(ActorDictionary.LoadDefault()));

    public DictionaryEntityAnalyzer(ActorDictionary dictionary) => Dictionary = dictionary;

    public ActorDictionary Dictionary { get; }

    /// <summary>The analyzer over the embedded dictionary (built once, cached).</summary>
    public static DictionaryEntityAnalyzer CreateDefault() => DefaultAnalyzer.Value;

    /// <summary>The embedded dictionary plus a user dictionary file in Attest format (later entries win).</summary>
    public static DictionaryEntityAnalyzer CreateWithUserDictionary(string actorsFile) =>
        new(new ActorDictionary.Builder().AddDefaults().AddAttestFile(actorsFile).Build());

    public EntityLayer Analyze(SyntaxLayer syntax, string? documentDate) => new DocumentRun(Dictionary, syntax, documentDate).Run();
}
