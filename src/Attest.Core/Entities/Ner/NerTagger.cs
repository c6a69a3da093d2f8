using System.Text;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Entities.Ner;

/// <summary>Per-word inputs of the NER features, computed once per sentence.</summary>
internal struct NerWord
{
    public WordInfo W;
    public ulong Upos, Xpos;
    /// <summary>Actor-dictionary kinds (bit mask) of the match covering the word, 0 when none.</summary>
    public int Gaz;
    /// <summary>0 outside a match, 1 first word, 2 later word.</summary>
    public int GazPos;
    /// <summary>Capitalised run: 0 none, 1 single, 2 begin, 3 inside, 4 end.</summary>
    public int Cap;
    public int CapLen;
    public ulong RunFirst, RunLast;
    public bool FirstName;
    /// <summary>The word is in the written given-name list (Resources/names/first-names.txt; models with <see cref="NerTagger.NameList"/>).</summary>
    public bool ListedName;
    /// <summary>Lowercased phrase-gazetteer types (bit mask) of the longest match covering the word, and position (1 first, 2 later).</summary>
    public int Phrase, PhrasePos;
    /// <summary>Label (+1) given by the auxiliary recognizer trained on other data, 0 without one.</summary>
    public int Aux;
    /// <summary>How the word is written elsewhere in its document: 1 lowercase non-initially, 2 capitalised non-initially, 4 seen more than once.</summary>
    public int Doc;
    /// <summary>Embedding-cluster path of the lowercased word (leading 1 bit), 0 when the word is not in the table.</summary>
    public int Emb;
    /// <summary>Packed nearest-neighbour entity-type fractions (<see cref="EmbeddingNeighbours"/>), 0 when unknown.</summary>
    public int Knn;
    /// <summary>Embedding-cluster path and neighbour types of the last word of the word's capitalised run, 0 outside runs.</summary>
    public int RunEmb, RunKnn;
    /// <summary>Dependency inputs (0 without parse features): the word's relation, and for words of a capitalised run
    /// the run head's relation with its head's lowercased lemma and with the lemma of the run head's "case" dependent.</summary>
    public ulong DepRel, RunDep, RunCase;
}

/// <summary>
/// BIO named-entity recognizer: averaged perceptron over PER, ORG, LOC and OTH with a hard BIO constraint (I-X only
/// after B-X or I-X), decoded left to right greedily or, for models trained as structured perceptrons, with a beam
/// (<see cref="Beam"/>, <see cref="NerBeam"/>), with an optional per-label decision bias (<see cref="Bias"/>). Features: word, affixes, shape, neighbours, tags predicted by
/// Attest's POS tagger, the tagger's word clusters, previous labels, actor-dictionary matches, a first-name list and
/// capitalised runs. Immutable and thread-safe.
/// </summary>
public sealed class NerTagger
{
    public const string FileName = "ner.bin";
    internal const int MaxFeatures = 128;
    private const ulong None = 0x5bd1e995UL;

    /// <summary>Entity types, in label order: label 0 is O, 2t+1 is B-type, 2t+2 is I-type.</summary>
    internal static readonly string[] DefaultTypes = ["PER", "ORG", "LOC", "OTH"];

    private static readonly Lazy<NerTagger> Default = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly HashSet<string> Connectors = new(["of", "the", "and", "&", "-", "for", "de", "du", "la", "al", "el", "van", "von", "on", "'s", "."], StringComparer.Ordinal);

    private readonly HashIndex firstNames;
    private static readonly Lazy<HashIndex> ListedNames = new(LoadListedNames, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly HashIndex phrases;
    internal const int MaxPhrase = 6;
    /// <summary>Bit of the phrase mask where the external gazetteer's types (PER, ORG, LOC) start.</summary>
    internal const int ExternalShift = 12;

    /// <param name="cityPlaces">Whether the actor dictionary's city entries count as place evidence (kind bit 1, and in
    /// the phrase gazetteer). Models trained before the city entries existed saw neither; for them cities keep the
    /// catch-all kind bit of the dictionary-match features and stay out of the phrase gazetteer, as when they were trained.</param>
    /// <param name="parseFeatures">Whether the model uses dependency-parse features (then every tagged sentence needs a parse:
    /// the entity stage's syntax layer, or <see cref="Syntax"/>'s analysis).</param>
    /// <param name="worldDictionaries">Whether the model sees the world-knowledge files of the actor dictionary
    /// (places.actors, organisations.actors). Models trained before them get the embedded dictionary without them
    /// (<see cref="ActorDictionary.LoadClassic"/>) in place of the default one, so their inputs do not change.</param>
    /// <param name="nameList">Whether the written given-name list (Resources/names/first-names.txt) is a feature.</param>
    internal NerTagger(string[] types, ulong[] firstNameKeys, LinearModel model, PosTagger tagger, ActorDictionary? dictionary, ulong[] phraseKeys, int[] phraseMasks, bool cityPlaces,
        bool parseFeatures = false, bool worldDictionaries = false, bool nameList = false)
    {
        CityPlaces = cityPlaces;
        ParseFeatures = parseFeatures;
        WorldDictionaries = worldDictionaries;
        NameList = nameList;
        dictionary = DictionaryFor(dictionary, worldDictionaries);
        PhraseKeys = phraseKeys;
        PhraseMasks = phraseMasks;
        phrases = new HashIndex(phraseKeys.Length * 2);
        for (int i = 0; i < phraseKeys.Length; i++) phrases.Set(phraseKeys[i], phraseMasks[i]);
        if (dictionary is not null)
        {
            // case-insensitive view of the actor dictionary, in the high bits of the phrase mask
            foreach (var e in dictionary.AllEntries())
            {
                if (e.SurfaceTokens.Length == 0 || e.SurfaceTokens.Length > MaxPhrase) continue;
                if ((e.Kind == ActorEntryKind.City && !cityPlaces) || e.NonInitial) continue;
                ulong h = PhraseSeed;
                foreach (var t in e.SurfaceTokens) h = PhraseStep(h, FeatureHash.OfLower(t));
                int bit = KindBit(e.Kind, cityPlaces) << 4;
                phrases.Set(h, phrases.Get(h, 0) | bit);
            }
        }
        Types = types;
        var labels = new string[types.Length * 2 + 1];
        labels[0] = "O";
        for (int t = 0; t < types.Length; t++)
        {
            labels[2 * t + 1] = "B-" + types[t];
            labels[2 * t + 2] = "I-" + types[t];
        }
        Labels = labels;
        FirstNameKeys = firstNameKeys;
        firstNames = new HashIndex(firstNameKeys.Length);
        foreach (var k in firstNameKeys) firstNames.TryAdd(k, 1);
        Model = model;
        Tagger = tagger;
        Dictionary = dictionary;
        if (model.Classes != labels.Length) throw new InvalidDataException("NER model class count does not match its label set");
    }

    internal string[] Types { get; }
    /// <summary>Whether city entries of the actor dictionary are place evidence (true for models trained with them).</summary>
    internal bool CityPlaces { get; }
    /// <summary>Whether the model uses dependency-parse features (trailing flag of ner.bin; false for older files).</summary>
    internal bool ParseFeatures { get; }
    /// <summary>Whether the model sees places.actors and organisations.actors (trailing flag; false for older files).</summary>
    internal bool WorldDictionaries { get; }
    /// <summary>Whether the written given-name list is a feature (trailing flag; false for older files).</summary>
    internal bool NameList { get; }

    /// <summary>The dictionary a model sees: the default one without the world-knowledge files for models trained
    /// before them (a user-built dictionary is kept as given).</summary>
    internal static ActorDictionary? DictionaryFor(ActorDictionary? dictionary, bool worldDictionaries) =>
        dictionary is not null && !worldDictionaries && ReferenceEquals(dictionary, ActorDictionary.LoadDefault()) ? ActorDictionary.LoadClassic() : dictionary;

    /// <summary>Lowercased hashes of the embedded given-name list (one name per line, '#' comments).</summary>
    private static HashIndex LoadListedNames()
    {
        var keys = new List<ulong>();
        foreach (var line in Lexicon.EmbeddedResources.ReadText("names/first-names.txt").AsSpan().EnumerateLines())
        {
            var name = line.Trim();
            if (name.Length == 0 || name[0] == '#') continue;
            keys.Add(FeatureHash.OfLower(name));
        }
        var index = new HashIndex(keys.Count);
        foreach (var k in keys) index.TryAdd(k, 1);
        return index;
    }

    /// <summary>Whether <paramref name="word"/> is in the written given-name list (case-insensitive).</summary>
    internal static bool IsListedName(ReadOnlySpan<char> word) => ListedNames.Value.Get(FeatureHash.OfLower(word)) >= 0;
    /// <summary>Analyzer that parses sentences for a parse-feature model when no parsed syntax layer is given
    /// (null: the embedded <see cref="PerceptronSyntaxAnalyzer.LoadDefault"/>).</summary>
    internal PerceptronSyntaxAnalyzer? Syntax { get; init; }

    private SyntaxLayer? ParseOf(TokenizedText text) => ParseFeatures ? (Syntax ?? PerceptronSyntaxAnalyzer.LoadDefault()).Analyze(text) : null;
    public IReadOnlyList<string> Labels { get; }
    internal ulong[] FirstNameKeys { get; }
    internal ulong[] PhraseKeys { get; }
    internal int[] PhraseMasks { get; }
    internal const ulong PhraseSeed = 0x2545F4914F6CDD1DUL;

    internal static ulong PhraseStep(ulong h, ulong lowerToken) => FeatureHash.F(999, h, lowerToken);
    internal LinearModel Model { get; }
    internal PosTagger Tagger { get; }
    internal ActorDictionary? Dictionary { get; }
    /// <summary>A recognizer trained on other data (another annotation scheme) whose labels are features of this one.</summary>
    internal NerTagger? Aux { get; init; }
    /// <summary>Bit paths of lowercased words from clustered sentence-embedding vectors (<see cref="EmbeddingClusterBuilder"/>), or null.</summary>
    internal WordClusters? Embeddings { get; init; }
    /// <summary>Nearest-neighbour entity types of lowercased words (<see cref="EmbeddingNeighbours"/>), or null.</summary>
    internal WordClusters? Neighbours { get; init; }
    public int FeatureCount => Model.FeatureCount;

    /// <summary>Decision bias: an additive offset per label (in the model's score units, one per <see cref="Labels"/>
    /// entry) added to the label scores before the argmax, e.g. to trade precision for recall of one type. Empty = none
    /// (older files; the scores are then compared exactly as before).</summary>
    internal float[] Bias
    {
        get => bias;
        init
        {
            if (value.Length != 0 && value.Length != Labels.Count) throw new ArgumentException($"decision bias needs {Labels.Count} label offsets, not {value.Length}", nameof(value));
            foreach (var b in value)
                if (!float.IsFinite(b)) throw new ArgumentException("decision bias offsets must be finite", nameof(value));
            bias = value;
            biasOffsets = Array.TrueForAll(value, b => b == 0f) ? [] : ToOffsets(value, Model.Scale);
        }
    }

    private readonly float[] bias = [];

    /// <summary>Beam width of the decoder: 1 = greedy left to right (older files); a model trained with a beam
    /// (structured perceptron, early update) records its width and decodes with it.</summary>
    internal int Beam
    {
        get => beam;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxBeam);
            beam = value;
        }
    }

    private readonly int beam = 1;
    /// <summary><see cref="Bias"/> in the model's integer score units (empty when every offset is 0).</summary>
    private readonly int[] biasOffsets = [];

    internal static int[] ToOffsets(ReadOnlySpan<float> bias, float scale)
    {
        var offsets = new int[bias.Length];
        for (int c = 0; c < bias.Length; c++) offsets[c] = (int)Math.Clamp(MathF.Round(bias[c] / scale), int.MinValue / 4, int.MaxValue / 4);
        return offsets;
    }

    /// <summary>A copy sharing every table of <paramref name="other"/> (the phrase and first-name indexes are not rebuilt);
    /// the caller's initializer sets what differs.</summary>
    private NerTagger(NerTagger other)
    {
        CityPlaces = other.CityPlaces;
        ParseFeatures = other.ParseFeatures;
        WorldDictionaries = other.WorldDictionaries;
        NameList = other.NameList;
        PhraseKeys = other.PhraseKeys;
        PhraseMasks = other.PhraseMasks;
        phrases = other.phrases;
        Types = other.Types;
        Labels = other.Labels;
        FirstNameKeys = other.FirstNameKeys;
        firstNames = other.firstNames;
        Model = other.Model;
        Tagger = other.Tagger;
        Dictionary = other.Dictionary;
        Aux = other.Aux;
        Embeddings = other.Embeddings;
        Neighbours = other.Neighbours;
        Syntax = other.Syntax;
        Bias = other.Bias;
        Beam = other.Beam;
    }

    /// <summary>The same recognizer with another decision bias (per label; empty or all 0 = none).</summary>
    public NerTagger WithBias(float[] perLabel) => new(this) { Bias = perLabel };

    /// <summary>The same recognizer decoding with another beam width (1 = greedy).</summary>
    public NerTagger WithBeam(int width) => new(this) { Beam = width };

    /// <summary>Labels one sentence with this model's decoder (greedy, or its beam) and decision bias.</summary>
    internal void DecodeSentence(ReadOnlySpan<NerWord> words, Span<int> labels, bool skipPlain = true)
    {
        if (Beam <= 1)
        {
            Decode(Model, words, labels, biasOffsets, skipPlain);
            return;
        }
        Span<double> offsets = stackalloc double[biasOffsets.Length];
        for (int c = 0; c < biasOffsets.Length; c++) offsets[c] = biasOffsets[c];
        NerBeam.Search(new ModelScorer(Model), words, Beam, offsets, skipPlain, labels);
    }

    /// <summary>Per-label offsets from "TYPE=x" (B- and I- of the type), "B-TYPE=x", "I-TYPE=x" or "O=x" items separated by commas.</summary>
    public float[] ParseBias(string spec)
    {
        var result = new float[Labels.Count];
        foreach (var item in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !float.TryParse(item.AsSpan(eq + 1), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
                throw new FormatException($"decision bias item '{item}': expected LABEL=number");
            var name = item[..eq];
            bool found = false;
            for (int c = 0; c < Labels.Count; c++)
                if (string.Equals(Labels[c], name, StringComparison.Ordinal) || (c > 0 && string.Equals(Labels[c][2..], name, StringComparison.Ordinal)))
                {
                    result[c] = v;
                    found = true;
                }
            if (!found) throw new FormatException($"decision bias item '{item}': no label or type '{name}' (labels: {string.Join(' ', Labels)})");
        }
        return result;
    }

    /// <summary>The embedded model, with the embedded POS tagger and actor dictionary (loaded once).</summary>
    public static NerTagger LoadDefault() => Default.Value;

    private static NerTagger LoadEmbedded()
    {
        using var stream = typeof(NerTagger).Assembly.GetManifestResourceStream("Attest.Models." + FileName)
            ?? throw new InvalidOperationException($"embedded model Attest.Models.{FileName} is missing from Attest.Core");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        return ModelFile.Decode(bytes, FileName, ModelKind.Ner, r => Read(r, tagger, ActorDictionary.LoadDefault()));
    }

    public static NerTagger Load(string path, PosTagger tagger, ActorDictionary? dictionary) =>
        ModelFile.Load(path, ModelKind.Ner, r => Read(r, tagger, dictionary));

    public void Save(string path) => ModelFile.Save(path, ModelKind.Ner, Write);

    internal void Write(BinaryWriter w)
    {
        ModelFile.WriteStrings(w, Types);
        w.Write(Dictionary is not null);
        w.Write(FirstNameKeys.Length);
        foreach (var k in FirstNameKeys) w.Write(k);
        w.Write(Aux is not null);
        Aux?.Write(w);
        w.Write(PhraseKeys.Length);
        for (int i = 0; i < PhraseKeys.Length; i++) { w.Write(PhraseKeys[i]); w.Write(PhraseMasks[i]); }
        Model.Write(w);
        // trailing section (absent from older files): the embedding-cluster table
        w.Write(Embeddings is not null);
        Embeddings?.Write(w);
        w.Write(Neighbours is not null);
        Neighbours?.Write(w);
        // trailing flag (absent from older files, which were trained without city entries)
        w.Write(CityPlaces);
        // trailing flag (absent from older files, which have no parse features)
        w.Write(ParseFeatures);
        // trailing flags (absent from older files, trained before places.actors, organisations.actors and the name list)
        w.Write(WorldDictionaries);
        w.Write(NameList);
        // trailing section (absent from older files, which decode without a bias)
        w.Write(Bias.Length != 0);
        if (Bias.Length != 0)
        {
            w.Write(Bias.Length);
            foreach (var b in Bias) w.Write(b);
        }
        // trailing section (absent from older files, which decode greedily)
        w.Write(Beam > 1);
        if (Beam > 1) w.Write(Beam);
    }

    internal static NerTagger Read(BinaryReader r, PosTagger tagger, ActorDictionary? dictionary)
    {
        var types = ModelFile.ReadStrings(r);
        bool usesDictionary = r.ReadBoolean();
        int n = r.ReadInt32();
        if (n < 0 || n > 10_000_000) throw new InvalidDataException("implausible first-name count");
        var keys = new ulong[n];
        for (int i = 0; i < n; i++) keys[i] = r.ReadUInt64();
        var aux = r.ReadBoolean() ? Read(r, tagger, dictionary) : null;
        int np = r.ReadInt32();
        if (np < 0 || np > 10_000_000) throw new InvalidDataException("implausible phrase count");
        var pk = new ulong[np];
        var pm = new int[np];
        for (int i = 0; i < np; i++) { pk[i] = r.ReadUInt64(); pm[i] = r.ReadInt32(); }
        var model = LinearModel.Read(r);
        var embeddings = ModelFile.ReadTrailingFlag(r) ? WordClusters.Read(r) : null;
        var neighbours = ModelFile.ReadTrailingFlag(r) ? WordClusters.Read(r) : null;
        bool cityPlaces = ModelFile.ReadTrailingFlag(r);
        bool parseFeatures = ModelFile.ReadTrailingFlag(r);
        bool worldDictionaries = ModelFile.ReadTrailingFlag(r);
        bool nameList = ModelFile.ReadTrailingFlag(r);
        float[] bias = [];
        if (ModelFile.ReadTrailingFlag(r))
        {
            int nb = r.ReadInt32();
            if (nb != types.Length * 2 + 1) throw new InvalidDataException("NER decision bias does not match the label set");
            bias = new float[nb];
            for (int i = 0; i < nb; i++) bias[i] = r.ReadSingle();
        }
        int beamWidth = 1;
        if (ModelFile.ReadTrailingFlag(r))
        {
            beamWidth = r.ReadInt32();
            if (beamWidth < 2 || beamWidth > MaxBeam) throw new InvalidDataException("implausible NER beam width");
        }
        return new NerTagger(types, keys, model, tagger, usesDictionary ? dictionary ?? ActorDictionary.LoadDefault() : null, pk, pm, cityPlaces, parseFeatures, worldDictionaries, nameList)
            { Aux = aux, Embeddings = embeddings, Neighbours = neighbours, Bias = bias, Beam = beamWidth };
    }

    /// <summary>BIO labels for one sentence of words.</summary>
    public string[] Tag(IReadOnlyList<string> forms)
    {
        if (forms.Count == 0) return [];
        var text = SentenceText(forms);
        var words = new NerWord[forms.Count];
        Prepare(text, 0, forms.Count, words, parse: ParseOf(text));
        ApplyDocument(DocumentStats([forms]), words);
        var labels = new int[forms.Count];
        DecodeSentence(words, labels);
        return labels.Select(l => Labels[l]).ToArray();
    }

    /// <summary>Entity spans (first token, end token exclusive, type) of every sentence of a tokenized text.</summary>
    public List<(int Start, int End, string Type)> Spans(TokenizedText text) => Spans(text, null);

    /// <summary>
    /// Entity spans of every sentence; the POS tags come from <paramref name="syntax"/> when it has them (the same
    /// tagger's output, so the words are not tagged twice), else from <see cref="Tagger"/>.
    /// </summary>
    public List<(int Start, int End, string Type)> Spans(TokenizedText text, SyntaxLayer? syntax)
    {
        if (syntax is not null && (syntax.Tokens.TokenCount != text.TokenCount || Array.TrueForAll(syntax.Upos, u => u == UPos.X))) syntax = null;
        var parse = !ParseFeatures ? null : syntax is { HasParse: true } ? syntax : ParseOf(text);
        var result = new List<(int, int, string)>();
        int max = 0;
        foreach (var s in text.Sentences) max = Math.Max(max, s.TokenCount);
        var words = new NerWord[max];
        var labels = new int[max];
        var names = new string[max];
        var stats = new HashIndex(256);
        foreach (var s in text.Sentences)
            for (int i = 0; i < s.TokenCount; i++) AddStat(stats, text.TokenSpan(s.FirstToken + i), i == 0);
        foreach (var s in text.Sentences)
        {
            if (s.TokenCount == 0) continue;
            var ws = words.AsSpan(0, s.TokenCount);
            Prepare(text, s.FirstToken, s.TokenCount, ws, tags: syntax, parse: parse);
            ApplyDocument(stats, ws);
            DecodeSentence(ws, labels.AsSpan(0, s.TokenCount));
            for (int i = 0; i < s.TokenCount; i++) names[i] = Labels[labels[i]];
            foreach (var (a, b, t) in NerEvaluator.Spans(new ArraySegment<string>(names, 0, s.TokenCount)))
                result.Add((s.FirstToken + a, s.FirstToken + b, t));
        }
        return result;
    }

    /// <summary>BIO labels for the sentences of one document (document-level capitalisation features see all of them).</summary>
    /// <param name="scoreEveryWord">Score plain lower-case words too instead of labelling them O (for measuring what the shortcut costs).</param>
    public string[][] TagDocument(IReadOnlyList<IReadOnlyList<string>> sentences, bool scoreEveryWord = false)
    {
        var stats = DocumentStats(sentences);
        var result = new string[sentences.Count][];
        for (int s = 0; s < sentences.Count; s++)
        {
            var forms = sentences[s];
            if (forms.Count == 0) { result[s] = []; continue; }
            var words = new NerWord[forms.Count];
            var text = SentenceText(forms);
            Prepare(text, 0, forms.Count, words, parse: ParseOf(text));
            ApplyDocument(stats, words);
            var labels = new int[forms.Count];
            DecodeSentence(words, labels, !scoreEveryWord);
            result[s] = labels.Select(l => Labels[l]).ToArray();
        }
        return result;
    }

    internal static HashIndex DocumentStats(IEnumerable<IReadOnlyList<string>> sentences)
    {
        var stats = new HashIndex(256);
        foreach (var forms in sentences)
            for (int i = 0; i < forms.Count; i++) AddStat(stats, forms[i], i == 0);
        return stats;
    }

    private static void AddStat(HashIndex stats, ReadOnlySpan<char> form, bool initial)
    {
        if (form.Length == 0) return;
        ulong key = FeatureHash.OfLower(form);
        int old = stats.Get(key, 0);
        int bits = old == 0 ? 8 : old | 4;
        if (!initial && char.IsLower(form[0])) bits |= 1;
        if (!initial && char.IsUpper(form[0])) bits |= 2;
        stats.Set(key, bits);
    }

    internal static void ApplyDocument(HashIndex stats, Span<NerWord> words)
    {
        for (int i = 0; i < words.Length; i++) words[i].Doc = stats.Get(words[i].W.Lower, 0) & 7;
    }

    internal static TokenizedText SentenceText(IReadOnlyList<string> forms)
    {
        var sb = new StringBuilder();
        var tokens = new Token[forms.Count];
        for (int i = 0; i < forms.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            tokens[i] = new Token(sb.Length, sb.Length + forms[i].Length, TokenFlags.SpaceAfter);
            sb.Append(forms[i]);
        }
        return new TokenizedText(sb.ToString(), tokens, [new SentenceRange(0, sb.Length, 0, forms.Count)]);
    }

    /// <summary>Tags words with the POS tagger and computes dictionary, first-name and capitalisation inputs.</summary>
    /// <param name="tagSource">Tagger for the POS tags (jackknifed taggers in training); the word features and clusters
    /// always come from <see cref="Tagger"/>.</param>
    /// <param name="parse">Dependency parse of <paramref name="text"/> for the parse features (used only when <see cref="ParseFeatures"/>).</param>
    internal void Prepare(TokenizedText text, int first, int count, Span<NerWord> words, PosTagger? tagSource = null, SyntaxLayer? tags = null, SyntaxLayer? parse = null)
    {
        var infos = new WordInfo[count];
        for (int i = 0; i < count; i++) Tagger.Describe(text.TokenSpan(first + i), ref infos[i]);
        // POS tags: the syntax layer's when given (the same tagger's output), else this tagger's or tagSource's
        int[] tagIds = [];
        var tagger = tagSource ?? Tagger;
        if (tags is null)
        {
            tagIds = new int[count];
            if (tagSource is null) Tagger.Tag(infos, tagIds);
            else
            {
                var own = new WordInfo[count];
                for (int i = 0; i < count; i++) tagSource.Describe(text.TokenSpan(first + i), ref own[i]);
                tagSource.Tag(own, tagIds);
            }
        }
        for (int i = 0; i < count; i++)
        {
            ref var w = ref words[i];
            w = default;
            w.W = infos[i];
            w.Upos = (ulong)(tags is null ? tagger.Upos[tagIds[i]] : tags.Upos[first + i]) + 1;
            w.Xpos = FeatureHash.Of(tags is null ? tagger.Xpos[tagIds[i]] : tags.Xpos[first + i]);
            w.FirstName = firstNames.Get(infos[i].Lower) >= 0;
            w.ListedName = NameList && ListedNames.Value.Get(infos[i].Lower) >= 0;
            w.Emb = Embeddings?.Get(infos[i].Lower) ?? 0;
            w.Knn = Neighbours?.Get(infos[i].Lower) ?? 0;
        }
        if (Dictionary is not null)
        {
            var entries = new List<ActorEntry>();
            int end = first + count;
            for (int i = first; i < end;)
            {
                int len = Dictionary.LongestMatch(text, i, end, entries);
                if (len == 0) { i++; continue; }
                int mask = 0;
                foreach (var e in entries) mask |= KindBit(e.Kind, CityPlaces);
                for (int j = 0; j < len; j++)
                {
                    words[i - first + j].Gaz = mask;
                    words[i - first + j].GazPos = j == 0 ? 1 : 2;
                }
                i += len;
            }
        }
        if (Aux is not null)
        {
            var aux = new NerWord[count];
            var labels = new int[count];
            Aux.Prepare(text, first, count, aux, parse: parse);
            Decode(Aux.Model, aux, labels);
            for (int i = 0; i < count; i++) words[i].Aux = labels[i] + 1;
        }
        if (phrases.Count > 0)
        {
            for (int i = 0; i < count;)
            {
                int bestLen = 0, bestMask = 0;
                ulong h = PhraseSeed;
                for (int j = i; j < count && j - i < MaxPhrase; j++)
                {
                    h = PhraseStep(h, words[j].W.Lower);
                    int m = phrases.Get(h, 0);
                    if (m != 0) { bestLen = j - i + 1; bestMask = m; }
                }
                if (bestLen == 0) { i++; continue; }
                for (int j = 0; j < bestLen; j++)
                {
                    words[i + j].Phrase = bestMask;
                    words[i + j].PhrasePos = j == 0 ? 1 : 2;
                }
                i += bestLen;
            }
        }
        if (ParseFeatures && parse is not null) Dependency(parse, first, count, words);
        // capitalised runs, allowing connectors ("Bank of America", "al - Qaeda") between capitalised words
        Span<bool> cap = count <= 256 ? stackalloc bool[count] : new bool[count];
        for (int i = 0; i < count; i++)
        {
            var span = text.TokenSpan(first + i);
            cap[i] = span.Length > 0 && char.IsUpper(span[0]);
        }
        for (int i = 0; i < count;)
        {
            if (!cap[i]) { i++; continue; }
            int j = i + 1;
            while (true)
            {
                if (j < count && cap[j]) { j++; continue; }
                int k = j;
                while (k < count && !cap[k] && k - j < 2 && Connectors.Contains(text.TokenText(first + k))) k++;
                if (k > j && k < count && cap[k]) { j = k + 1; continue; }
                break;
            }
            int len = j - i;
            ulong a = words[i].W.Lower, b = words[j - 1].W.Lower;
            for (int x = i; x < j; x++)
            {
                words[x].Cap = len == 1 ? 1 : x == i ? 2 : x == j - 1 ? 4 : 3;
                words[x].CapLen = Math.Min(len, 5);
                words[x].RunFirst = a;
                words[x].RunLast = b;
                words[x].RunEmb = words[j - 1].Emb;
                words[x].RunKnn = words[j - 1].Knn;
            }
            if (ParseFeatures && parse is not null) RunDependency(parse, first, count, i, j, words);
            i = j;
        }
    }

    private static ulong HeadLemma(SyntaxLayer parse, int head) => head < 0 ? None : FeatureHash.OfLower(parse.Lemmas[head]);

    /// <summary>Relation input of every word of a sentence (document token indexes <paramref name="first"/>…).</summary>
    private static void Dependency(SyntaxLayer parse, int first, int count, Span<NerWord> words)
    {
        for (int i = 0; i < count; i++)
        {
            int t = first + i;
            words[i].DepRel = FeatureHash.Of(parse.Relations[t]) | 1;
        }
    }

    /// <summary>The run [a, b)'s head (its first word whose head lies outside the run): its relation with its head's
    /// lemma, and the lemma of its "case" dependent ("at", "of", "'s"), given to every word of the run.</summary>
    private static void RunDependency(SyntaxLayer parse, int first, int count, int a, int b, Span<NerWord> words)
    {
        int head = b - 1;
        for (int x = a; x < b; x++)
        {
            int h = parse.Heads[first + x] - first;
            if (h < a || h >= b) { head = x; break; }
        }
        int t = first + head;
        ulong rel = FeatureHash.Of(parse.Relations[t]);
        ulong caseLemma = None;
        for (int k = 0; k < count; k++)
            if (parse.Heads[first + k] == t && string.Equals(parse.Relations[first + k], "case", StringComparison.Ordinal))
            {
                caseLemma = FeatureHash.OfLower(parse.Lemmas[first + k]);
                break;
            }
        ulong runDep = FeatureHash.F(991, rel, HeadLemma(parse, parse.Heads[t])) | 1;
        ulong runCase = FeatureHash.F(992, rel, caseLemma) | 1;
        for (int x = a; x < b; x++)
        {
            words[x].RunDep = runDep;
            words[x].RunCase = runCase;
        }
    }

    private static int KindBit(ActorEntryKind kind, bool cityPlaces) => kind switch
    {
        ActorEntryKind.City => cityPlaces ? 1 : 128,
        ActorEntryKind.Country or ActorEntryKind.Capital or ActorEntryKind.Place => 1,
        ActorEntryKind.Adjective or ActorEntryKind.People => 2,
        ActorEntryKind.Organization or ActorEntryKind.Group => 4,
        ActorEntryKind.Outlet => 8,
        ActorEntryKind.Metonym => 16,
        ActorEntryKind.Leader => 32,
        ActorEntryKind.Role or ActorEntryKind.Title => 64,
        _ => 128,
    };

    /// <summary>Whether label <paramref name="cur"/> may follow <paramref name="prev"/> (-1 = sentence start).</summary>
    internal static bool Allowed(int prev, int cur) => cur == 0 || (cur & 1) == 1 || prev == cur || prev == cur - 1;

    /// <param name="skipPlain">Label O without scoring a word that cannot start an entity in practice: no capital
    /// letter, no dictionary, gazetteer or neighbour-type evidence, after an O (<see cref="IsPlain"/>).</param>
    /// <param name="bias">Offsets added to the label scores (model units; empty = none).</param>
    internal static void Decode(LinearModel model, ReadOnlySpan<NerWord> words, Span<int> labels, ReadOnlySpan<int> bias = default, bool skipPlain = true)
    {
        Span<ulong> feats = stackalloc ulong[MaxFeatures];
        Span<int> scores = stackalloc int[model.Stride * 2];
        for (int i = 0; i < words.Length; i++)
        {
            int p1 = i > 0 ? labels[i - 1] : -1, p2 = i > 1 ? labels[i - 2] : -1;
            if (skipPlain && p1 <= 0 && IsPlain(in words[i]))
            {
                labels[i] = 0;
                continue;
            }
            int nf = Features(words, i, p1, p2, feats);
            scores.Clear();
            model.Score(feats[..nf], scores);
            if (!bias.IsEmpty)
                for (int c = 0; c < model.Classes; c++) scores[c] += bias[c];
            int best = 0;
            for (int c = 1; c < model.Classes; c++)
                if (Allowed(p1, c) && scores[c] > scores[best]) best = c;
            labels[i] = best;
        }
    }

    /// <summary>A word with no upper-case letter, no actor-dictionary or phrase-gazetteer match and no entity type among its embedding neighbours.</summary>
    internal static bool IsPlain(in NerWord w) =>
        (w.W.Flags & 1) == 0 && w.Gaz == 0 && w.Phrase == 0 && ((w.Knn >> 6) & 3) == 0;

    /// <summary>The widest beam a model may decode with.</summary>
    public const int MaxBeam = 64;

    /// <summary>The two-label history feature (hash 131) of <see cref="Features"/>.</summary>
    internal static ulong HistoryFeature(int p1, int p2) => FeatureHash.F(131, (ulong)(p1 + 2), (ulong)(p2 + 2));

    /// <summary>
    /// The features of <see cref="Features"/> that depend on the previous labels (the same hashes under the same
    /// conditions): every other feature is the same for every label history, so a beam scores it once per word.
    /// </summary>
    internal static int LabelFeatures(ReadOnlySpan<NerWord> w, int i, int p1, int p2, Span<ulong> f)
    {
        int n = 0;
        ref readonly var x = ref w[i].W;
        ref readonly var nw = ref w[i];
        ulong t1 = (ulong)(p1 + 2);
        ulong lm1 = i > 0 ? w[i - 1].W.Lower : None;
        f[n++] = FeatureHash.F(130, t1);
        f[n++] = HistoryFeature(p1, p2);
        f[n++] = FeatureHash.F(132, t1, x.Lower);
        f[n++] = FeatureHash.F(133, t1, x.Shape);
        f[n++] = FeatureHash.F(134, t1, nw.Xpos);
        f[n++] = FeatureHash.F(135, t1, lm1);
        f[n++] = FeatureHash.F(151, (ulong)nw.Gaz, t1);
        if (i > 0 && w[i - 1].ListedName) f[n++] = FeatureHash.F(164, (ulong)x.Flags & 33, t1);
        ulong ph = (ulong)nw.Phrase;
        f[n++] = FeatureHash.F(182, ph & 15, t1);
        ulong ext = ph >> ExternalShift;
        if (ext != 0) f[n++] = FeatureHash.F(186, ext, t1);
        if (nw.Aux != 0) f[n++] = FeatureHash.F(194, (ulong)nw.Aux, t1);
        int em = nw.Emb;
        if (em != 0) f[n++] = FeatureHash.F(215, (ulong)WordClusters.Prefix(em, 6), t1);
        int kn = nw.Knn;
        if (kn != 0) f[n++] = FeatureHash.F(224, (ulong)((kn >> 6) & 3), t1);
        if (nw.Cap != 0) f[n++] = FeatureHash.F(174, (ulong)nw.Cap, t1);
        if (nw.DepRel != 0 && nw.RunDep != 0) f[n++] = FeatureHash.F(237, (ulong)nw.Cap, nw.RunCase, t1);
        return n;
    }

    internal static int Features(ReadOnlySpan<NerWord> w, int i, int p1, int p2, Span<ulong> f)
    {
        int n = 0;
        ref readonly var x = ref w[i].W;
        ref readonly var nw = ref w[i];
        int len = w.Length;
        ulong t1 = (ulong)(p1 + 2);
        ulong lm1 = i > 0 ? w[i - 1].W.Lower : None, lm2 = i > 1 ? w[i - 2].W.Lower : None;
        ulong lp1 = i + 1 < len ? w[i + 1].W.Lower : None, lp2 = i + 2 < len ? w[i + 2].W.Lower : None;
        ulong fm1 = i > 0 ? w[i - 1].W.Form : None, fp1 = i + 1 < len ? w[i + 1].W.Form : None;
        ulong shm1 = i > 0 ? w[i - 1].W.Shape : None, shp1 = i + 1 < len ? w[i + 1].W.Shape : None;
        ulong um1 = i > 0 ? w[i - 1].Upos : 0, um2 = i > 1 ? w[i - 2].Upos : 0;
        ulong up1 = i + 1 < len ? w[i + 1].Upos : 0, up2 = i + 2 < len ? w[i + 2].Upos : 0;
        ulong xm1 = i > 0 ? w[i - 1].Xpos : None, xp1 = i + 1 < len ? w[i + 1].Xpos : None;
        int cl = x.Cluster;
        int clm1 = i > 0 ? w[i - 1].W.Cluster : 1, clp1 = i + 1 < len ? w[i + 1].W.Cluster : 1;
        ulong init = i == 0 ? 1UL : 0UL;
        f[n++] = FeatureHash.F(100, 0);
        f[n++] = FeatureHash.F(101, x.Lower);
        f[n++] = FeatureHash.F(102, x.Form);
        f[n++] = FeatureHash.F(103, x.P2);
        f[n++] = FeatureHash.F(104, x.P3);
        f[n++] = FeatureHash.F(105, x.S1);
        f[n++] = FeatureHash.F(106, x.S2);
        f[n++] = FeatureHash.F(107, x.S3);
        f[n++] = FeatureHash.F(108, x.S4);
        f[n++] = FeatureHash.F(109, x.Shape);
        f[n++] = FeatureHash.F(110, (ulong)x.Flags, init);
        f[n++] = FeatureHash.F(111, lm1);
        f[n++] = FeatureHash.F(112, lm2);
        f[n++] = FeatureHash.F(113, lp1);
        f[n++] = FeatureHash.F(114, lp2);
        f[n++] = FeatureHash.F(115, fm1);
        f[n++] = FeatureHash.F(116, fp1);
        f[n++] = FeatureHash.F(117, shm1, x.Shape);
        f[n++] = FeatureHash.F(118, x.Shape, shp1);
        f[n++] = FeatureHash.F(119, lm1, x.Lower);
        f[n++] = FeatureHash.F(120, x.Lower, lp1);
        f[n++] = FeatureHash.F(121, nw.Upos);
        f[n++] = FeatureHash.F(122, nw.Xpos);
        f[n++] = FeatureHash.F(123, um1, nw.Upos);
        f[n++] = FeatureHash.F(124, nw.Upos, up1);
        f[n++] = FeatureHash.F(125, um2, um1);
        f[n++] = FeatureHash.F(126, up1, up2);
        f[n++] = FeatureHash.F(127, xm1);
        f[n++] = FeatureHash.F(128, xp1);
        f[n++] = FeatureHash.F(129, nw.Xpos, x.Shape, init);
        f[n++] = FeatureHash.F(130, t1);
        f[n++] = HistoryFeature(p1, p2);
        f[n++] = FeatureHash.F(132, t1, x.Lower);
        f[n++] = FeatureHash.F(133, t1, x.Shape);
        f[n++] = FeatureHash.F(134, t1, nw.Xpos);
        f[n++] = FeatureHash.F(135, t1, lm1);
        if (cl != 0)
        {
            f[n++] = FeatureHash.F(140, (ulong)WordClusters.Prefix(cl, 4));
            f[n++] = FeatureHash.F(141, (ulong)WordClusters.Prefix(cl, 7));
            f[n++] = FeatureHash.F(142, (ulong)WordClusters.Prefix(cl, 10));
            f[n++] = FeatureHash.F(143, (ulong)cl);
            f[n++] = FeatureHash.F(144, (ulong)WordClusters.Prefix(cl, 7), (ulong)x.Flags);
        }
        else
        {
            f[n++] = FeatureHash.F(145, x.Shape, nw.Xpos);
        }
        f[n++] = FeatureHash.F(146, (ulong)WordClusters.Prefix(clm1, 7));
        f[n++] = FeatureHash.F(147, (ulong)WordClusters.Prefix(clp1, 7));
        f[n++] = FeatureHash.F(148, (ulong)clp1);
        f[n++] = FeatureHash.F(149, (ulong)clm1);
        // actor dictionary
        ulong gm1 = i > 0 ? (ulong)w[i - 1].Gaz : 999, gp1 = i + 1 < len ? (ulong)w[i + 1].Gaz : 999;
        f[n++] = FeatureHash.F(150, (ulong)nw.Gaz, (ulong)nw.GazPos);
        f[n++] = FeatureHash.F(151, (ulong)nw.Gaz, t1);
        f[n++] = FeatureHash.F(152, gm1);
        f[n++] = FeatureHash.F(153, gp1);
        if (nw.Gaz != 0) f[n++] = FeatureHash.F(154, (ulong)nw.Gaz, (ulong)x.Flags, x.Lower);
        // first names
        bool fnm1 = i > 0 && w[i - 1].FirstName, fnp1 = i + 1 < len && w[i + 1].FirstName;
        f[n++] = FeatureHash.F(160, nw.FirstName ? 1UL : 0UL, fnm1 ? 1UL : 0UL, (ulong)x.Flags & 32);
        f[n++] = FeatureHash.F(161, nw.FirstName ? 1UL : 0UL, fnp1 ? 1UL : 0UL, (ulong)x.Flags & 32);
        // the written given-name list (only models with NameList have listed words): the word and its neighbours
        // ("Amara Okafor": the surname follows a listed name)
        bool lnm1 = i > 0 && w[i - 1].ListedName, lnp1 = i + 1 < len && w[i + 1].ListedName;
        if (nw.ListedName || lnm1 || lnp1)
        {
            f[n++] = FeatureHash.F(162, nw.ListedName ? 1UL : 0UL, lnm1 ? 1UL : 0UL, (ulong)x.Flags & 32);
            f[n++] = FeatureHash.F(163, nw.ListedName ? 1UL : 0UL, lnp1 ? 1UL : 0UL, (ulong)x.Flags & 32);
            if (lnm1) f[n++] = FeatureHash.F(164, (ulong)x.Flags & 33, t1);
        }
        // lowercased phrase gazetteer (training entities, actor dictionary)
        ulong ph = (ulong)nw.Phrase;
        f[n++] = FeatureHash.F(180, ph, (ulong)nw.PhrasePos);
        f[n++] = FeatureHash.F(181, ph, (ulong)x.Flags & 33);
        f[n++] = FeatureHash.F(182, ph & 15, t1);
        f[n++] = FeatureHash.F(183, i > 0 ? (ulong)w[i - 1].Phrase : 9999, i + 1 < len ? (ulong)w[i + 1].Phrase & 15 : 9999);
        f[n++] = FeatureHash.F(184, ph & 15, nw.Upos);
        ulong ext = ph >> ExternalShift;
        if (ext != 0)
        {
            f[n++] = FeatureHash.F(185, ext, (ulong)nw.PhrasePos, (ulong)x.Flags & 33);
            f[n++] = FeatureHash.F(186, ext, t1);
        }
        if (nw.Aux != 0)
        {
            ulong a0 = (ulong)nw.Aux, am1 = i > 0 ? (ulong)w[i - 1].Aux : 99, ap1 = i + 1 < len ? (ulong)w[i + 1].Aux : 99;
            f[n++] = FeatureHash.F(190, a0);
            f[n++] = FeatureHash.F(191, a0, (ulong)x.Flags & 33);
            f[n++] = FeatureHash.F(192, am1, a0);
            f[n++] = FeatureHash.F(193, a0, ap1);
            f[n++] = FeatureHash.F(194, a0, t1);
        }
        // embedding clusters (world knowledge of a sentence-embedding model, from a stored table)
        int em = nw.Emb;
        if (em != 0)
        {
            f[n++] = FeatureHash.F(210, (ulong)WordClusters.Prefix(em, 4));
            f[n++] = FeatureHash.F(211, (ulong)WordClusters.Prefix(em, 8));
            f[n++] = FeatureHash.F(212, (ulong)WordClusters.Prefix(em, 12));
            f[n++] = FeatureHash.F(213, (ulong)em);
            f[n++] = FeatureHash.F(214, (ulong)WordClusters.Prefix(em, 8), (ulong)x.Flags & 33);
            f[n++] = FeatureHash.F(215, (ulong)WordClusters.Prefix(em, 6), t1);
        }
        else f[n++] = FeatureHash.F(216, (ulong)x.Flags & 33);
        f[n++] = FeatureHash.F(217, i > 0 ? (ulong)WordClusters.Prefix(w[i - 1].Emb, 8) : 1, (ulong)WordClusters.Prefix(em, 4));
        f[n++] = FeatureHash.F(218, i + 1 < len ? (ulong)WordClusters.Prefix(w[i + 1].Emb, 8) : 1, (ulong)WordClusters.Prefix(em, 4));
        int kn = nw.Knn;
        if (kn != 0)
        {
            ulong cap = (ulong)x.Flags & 33;
            f[n++] = FeatureHash.F(220, (ulong)(kn & 3), cap);
            f[n++] = FeatureHash.F(221, (ulong)((kn >> 2) & 3), cap);
            f[n++] = FeatureHash.F(222, (ulong)((kn >> 4) & 3), cap);
            f[n++] = FeatureHash.F(223, (ulong)(kn & 255), cap, init);
            f[n++] = FeatureHash.F(224, (ulong)((kn >> 6) & 3), t1);
        }
        f[n++] = FeatureHash.F(225, i > 0 ? (ulong)w[i - 1].Knn : 1, i + 1 < len ? (ulong)w[i + 1].Knn : 1);
        // document-level writing of the word
        f[n++] = FeatureHash.F(200, (ulong)nw.Doc, (ulong)x.Flags & 33, init);
        f[n++] = FeatureHash.F(201, (ulong)nw.Doc, nw.Upos);
        // capitalised runs
        f[n++] = FeatureHash.F(170, (ulong)nw.Cap, (ulong)nw.CapLen, init);
        if (nw.Cap != 0)
        {
            f[n++] = FeatureHash.F(171, nw.RunLast);
            f[n++] = FeatureHash.F(172, nw.RunFirst);
            f[n++] = FeatureHash.F(173, (ulong)nw.Cap, nw.RunLast);
            f[n++] = FeatureHash.F(174, (ulong)nw.Cap, t1);
            f[n++] = FeatureHash.F(175, nw.RunLast, (ulong)nw.Gaz);
            f[n++] = FeatureHash.F(176, (ulong)nw.Cap, lm1);
            f[n++] = FeatureHash.F(178, (ulong)nw.Cap, (ulong)WordClusters.Prefix(nw.RunEmb, 8));
            f[n++] = FeatureHash.F(179, (ulong)nw.Cap, (ulong)(nw.RunKnn & 255));
        }
        ulong cm1 = i > 0 ? (ulong)w[i - 1].Cap : 9, cp1 = i + 1 < len ? (ulong)w[i + 1].Cap : 9;
        f[n++] = FeatureHash.F(177, cm1, (ulong)nw.Cap, cp1);
        // dependency parse (models trained with parse features only; the inputs are 0 otherwise)
        if (nw.DepRel != 0)
        {
            ulong capf = (ulong)x.Flags & 33;
            f[n++] = FeatureHash.F(230, nw.DepRel, capf);
            if (nw.RunDep != 0)
            {
                f[n++] = FeatureHash.F(234, nw.RunDep);
                f[n++] = FeatureHash.F(235, (ulong)nw.Cap, nw.RunDep);
                f[n++] = FeatureHash.F(236, nw.RunCase);
                f[n++] = FeatureHash.F(237, (ulong)nw.Cap, nw.RunCase, t1);
            }
        }
        return n;
    }
}
