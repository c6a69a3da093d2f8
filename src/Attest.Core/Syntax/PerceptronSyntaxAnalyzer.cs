using System.Reflection;
using Attest.Text;

namespace Attest.Syntax;

/// <summary>
/// Tagger + lemmatizer + arc-hybrid parser over the committed perceptron models. Immutable and thread-safe: every call
/// works on its own buffers.
/// </summary>
public sealed class PerceptronSyntaxAnalyzer : ISyntaxAnalyzer
{
    public const string TaggerFile = "tagger.bin";
    public const string LemmatizerFile = "lemmatizer.bin";
    public const string ParserFile = "parser.bin";
    public const string PunctFile = "punct.bin";
    public const string ReviserFile = "revise.bin";
    private const string ResourcePrefix = "Attest.Models.";

    private static readonly Lazy<PerceptronSyntaxAnalyzer> Default = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    public PerceptronSyntaxAnalyzer(PosTagger tagger, Lemmatizer lemmatizer, DependencyParser? parser, PunctAttacher? punct = null, HeadReviser? reviser = null)
    {
        Punct = punct;
        Reviser = reviser;
        labelHash = parser is null ? [] : Array.ConvertAll(parser.Labels, l => FeatureHash.Of(l));
        labelIndex = [];
        for (int i = 0; i < labelHash.Length; i++) labelIndex.TryAdd(labelHash[i], i);
        Tagger = tagger;
        Lemmatizer = lemmatizer;
        Parser = parser;
        xposHash = new ulong[tagger.Xpos.Length];
        for (int i = 0; i < xposHash.Length; i++) xposHash[i] = FeatureHash.Of(tagger.Xpos[i]);
        sharedClusters = parser is not null && parser.Clusters.Keys.AsSpan().SequenceEqual(tagger.Clusters.Keys)
            && parser.Clusters.Paths.AsSpan().SequenceEqual(tagger.Clusters.Paths);
    }

    private readonly ulong[] xposHash;
    private readonly bool sharedClusters;
    private readonly ulong[] labelHash;
    private readonly Dictionary<ulong, int> labelIndex;

    public PosTagger Tagger { get; }
    public Lemmatizer Lemmatizer { get; }
    public DependencyParser? Parser { get; }
    /// <summary>The punctuation re-attacher run after the parser (null: the parser's punctuation heads stay).</summary>
    public PunctAttacher? Punct { get; }

    /// <summary>The same models with another (or no) punctuation re-attacher.</summary>
    /// <summary>The head reviser run after the parser, before the punctuation re-attacher (null: none).</summary>
    public HeadReviser? Reviser { get; }

    public PerceptronSyntaxAnalyzer WithPunct(PunctAttacher? punct) => new(Tagger, Lemmatizer, Parser, punct, Reviser);

    /// <summary>The same models with another (or no) head reviser.</summary>
    public PerceptronSyntaxAnalyzer WithReviser(HeadReviser? reviser) => new(Tagger, Lemmatizer, Parser, Punct, reviser);

    /// <summary>The models embedded in Attest.Core (loaded once, on first use).</summary>
    public static PerceptronSyntaxAnalyzer LoadDefault() => Default.Value;

    /// <summary>Loads tagger.bin, lemmatizer.bin and (when present) parser.bin, punct.bin and revise.bin from a directory.</summary>
    public static PerceptronSyntaxAnalyzer Load(string directory)
    {
        var tagger = PosTagger.Load(Path.Combine(directory, TaggerFile));
        var lemmatizer = Lemmatizer.Load(Path.Combine(directory, LemmatizerFile));
        var parserPath = Path.Combine(directory, ParserFile);
        var parser = File.Exists(parserPath) ? DependencyParser.Load(parserPath) : null;
        var punctPath = Path.Combine(directory, PunctFile);
        var punct = parser is not null && File.Exists(punctPath) ? PunctAttacher.Load(punctPath) : null;
        var reviserPath = Path.Combine(directory, ReviserFile);
        var reviser = parser is not null && File.Exists(reviserPath) ? HeadReviser.Load(reviserPath) : null;
        return new PerceptronSyntaxAnalyzer(tagger, lemmatizer, parser, punct, reviser);
    }

    private static PerceptronSyntaxAnalyzer LoadEmbedded()
    {
        var tagger = ModelFile.Decode(Resource(TaggerFile), TaggerFile, ModelKind.Tagger, PosTagger.Read);
        var lemmatizer = ModelFile.Decode(Resource(LemmatizerFile), LemmatizerFile, ModelKind.Lemmatizer, Lemmatizer.Read);
        var parserBytes = TryResource(ParserFile);
        var parser = parserBytes is null ? null : ModelFile.Decode(parserBytes, ParserFile, ModelKind.Parser, DependencyParser.Read);
        var punctBytes = parser is null ? null : TryResource(PunctFile);
        var punct = punctBytes is null ? null : ModelFile.Decode(punctBytes, PunctFile, ModelKind.Punct, PunctAttacher.Read);
        var reviserBytes = parser is null ? null : TryResource(ReviserFile);
        var reviser = reviserBytes is null ? null : ModelFile.Decode(reviserBytes, ReviserFile, ModelKind.Revise, HeadReviser.Read);
        return new PerceptronSyntaxAnalyzer(tagger, lemmatizer, parser, punct, reviser);
    }

    private static byte[] Resource(string file) =>
        TryResource(file) ?? throw new InvalidOperationException($"embedded model {ResourcePrefix}{file} is missing from Attest.Core");

    private static byte[]? TryResource(string file)
    {
        using var stream = typeof(PerceptronSyntaxAnalyzer).Assembly.GetManifestResourceStream(ResourcePrefix + file);
        if (stream is null) return null;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public SyntaxLayer Analyze(TokenizedText text) => Analyze(text, SyntaxSteps.All);

    /// <summary>Runs only some steps (for benchmarks); skipped steps leave lemmas as the token text and the tree flat.</summary>
    public SyntaxLayer Analyze(TokenizedText text, SyntaxSteps steps)
    {
        bool lemmatize = (steps & SyntaxSteps.Lemmatize) != 0;
        bool parse = (steps & SyntaxSteps.Parse) != 0 && Parser is not null;
        int n = text.TokenCount;
        var upos = new UPos[n];
        var xpos = new string[n];
        var lemmas = new string[n];
        var heads = new int[n];
        var rels = new string[n];
        int maxLen = 0;
        foreach (var s in text.Sentences) maxLen = Math.Max(maxLen, s.TokenCount);
        // two sweeps over the sentences: tag (and lemmatize) them all, then parse them all, so each sweep keeps one
        // model's tables in the cache instead of alternating between the tagger's and the parser's
        var infos = new WordInfo[n];
        var tags = new int[n];
        var covered = new bool[n];
        foreach (var s in text.Sentences)
        {
            int len = s.TokenCount;
            if (len == 0) continue;
            var sentInfos = infos.AsSpan(s.FirstToken, len);
            for (int i = 0; i < len; i++)
            {
                Tagger.Describe(text.TokenSpan(s.FirstToken + i), ref sentInfos[i]);
                covered[s.FirstToken + i] = true;
            }
            Tagger.Tag(sentInfos, tags.AsSpan(s.FirstToken, len), constrain: true);
            for (int i = 0; i < len; i++)
            {
                int t = s.FirstToken + i;
                upos[t] = Tagger.Upos[tags[t]];
                xpos[t] = Tagger.Xpos[tags[t]];
                lemmas[t] = lemmatize ? Lemmatizer.Lemmatize(text.TokenSpan(t), upos[t], xpos[t]) : text.TokenText(t);
            }
        }
        if (parse && Parser is not null)
        {
            var words = new ParseWord[maxLen];
            var embeddings = Parser.EmbeddingClusters;
            var state = new ArcHybridState(maxLen);
            var sentHeads = new int[maxLen];
            var sentLabels = new int[maxLen];
            var punctWords = Punct is null ? null : new PunctWord[maxLen];
            var punctScratch = Punct is null ? null : new PunctScratch(maxLen);
            var reviseWords = Reviser is null ? null : new ReviseWord[maxLen];
            var reviseScratch = Reviser is null ? null : new ReviseScratch(maxLen);
            foreach (var s in text.Sentences)
            {
                int len = s.TokenCount;
                if (len == 0) continue;
                for (int i = 0; i < len; i++)
                {
                    int t = s.FirstToken + i;
                    words[i] = new ParseWord { Word = infos[t].Lower, Tag = xposHash[tags[t]], Upos = (ulong)upos[t] + 1, Cluster = sharedClusters ? infos[t].Cluster : Parser.Clusters.Get(infos[t].Lower), Emb = embeddings?.Get(infos[t].Lower) ?? 0 };
                }
                Parser.Parse(words.AsSpan(0, len), state, sentHeads, sentLabels);
                if (Reviser is not null)
                {
                    for (int i = 0; i < len; i++)
                    {
                        int t = s.FirstToken + i;
                        reviseWords![i] = new ReviseWord { Word = infos[t].Lower, Tag = xposHash[tags[t]], Upos = upos[t], Rel = labelHash[sentLabels[i]], Cluster = infos[t].Cluster };
                    }
                    if (Reviser.Revise(reviseWords.AsSpan(0, len), sentHeads.AsSpan(0, len), reviseScratch!) > 0)
                        for (int i = 0; i < len; i++)
                            if (reviseWords![i].Rel != labelHash[sentLabels[i]] && labelIndex.TryGetValue(reviseWords[i].Rel, out int label)) sentLabels[i] = label;
                }
                if (Punct is not null)
                {
                    for (int i = 0; i < len; i++)
                    {
                        int t = s.FirstToken + i;
                        punctWords![i] = new PunctWord
                        {
                            Word = infos[t].Lower, Tag = xposHash[tags[t]], Upos = upos[t], Rel = labelHash[sentLabels[i]],
                            Class = upos[t] == UPos.PUNCT ? PunctAttacher.Classify(text.TokenSpan(t)) : PunctClass.None,
                        };
                    }
                    Punct.Reattach(punctWords.AsSpan(0, len), sentHeads.AsSpan(0, len), punctScratch!);
                }
                for (int i = 0; i < len; i++)
                {
                    int t = s.FirstToken + i;
                    heads[t] = sentHeads[i] < 0 ? -1 : s.FirstToken + sentHeads[i];
                    rels[t] = Parser.Labels[sentLabels[i]];
                }
            }
        }
        else
        {
            for (int t = 0; t < n; t++) { heads[t] = -1; rels[t] = "dep"; }
        }
        for (int t = 0; t < n; t++)
            if (!covered[t])
            {
                upos[t] = UPos.X;
                xpos[t] = "XX";
                lemmas[t] = text.TokenText(t);
                heads[t] = -1;
                rels[t] = "dep";
            }
        return new SyntaxLayer(text, upos, xpos, lemmas, heads, rels) { HasParse = parse };
    }
}

/// <summary>Steps of <see cref="PerceptronSyntaxAnalyzer.Analyze(TokenizedText, SyntaxSteps)"/>; tagging always runs.</summary>
[Flags]
public enum SyntaxSteps
{
    Tag = 0,
    Lemmatize = 1,
    Parse = 2,
    All = Lemmatize | Parse,
}
