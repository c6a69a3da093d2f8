using Attest.Syntax;

namespace Attest.Tests.Syntax;

/// <summary>
/// The inference-speed paths of the parser give the answers of the plain computations: table lookups against a
/// dictionary of the model's rows, the buffer-template score cache against scoring every template in every state.
/// </summary>
public class ScoringPathTests
{
    /// <summary>A model of <paramref name="rows"/> random rows (about a third of the weights zero) and the rows by key.</summary>
    private static (LinearModel Model, Dictionary<ulong, short[]> Rows) RandomModel(int classes, int rows, int seed, Func<Random, ulong>? key = null)
    {
        var rng = new Random(seed);
        int stride = LinearModel.Pad(classes);
        var byKey = new Dictionary<ulong, short[]>();
        while (byKey.Count < rows)
        {
            ulong k = key?.Invoke(rng) ?? (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63);
            if (k <= 1) continue;
            var row = new short[classes];
            for (int c = 0; c < classes; c++) row[c] = rng.Next(3) == 0 ? (short)0 : (short)rng.Next(-30000, 30000);
            row[rng.Next(classes)] = (short)rng.Next(1, 30000); // no all-zero row
            byKey[k] = row;
        }
        var keys = byKey.Keys.ToArray();
        var weights = new short[keys.Length * stride];
        for (int r = 0; r < keys.Length; r++) byKey[keys[r]].CopyTo(weights, r * stride);
        return (new LinearModel(classes, 0.01f, keys, weights), byKey);
    }

    /// <summary>Row sums of the features a dictionary of rows holds (the reference the tables are checked against).</summary>
    internal static int[] Reference(Dictionary<ulong, short[]> rows, int classes, ReadOnlySpan<ulong> features)
    {
        var sums = new int[classes];
        foreach (var f in features)
            if (rows.TryGetValue(f, out var row))
                for (int c = 0; c < classes; c++) sums[c] += row[c];
        return sums;
    }

    /// <summary>The model's scores of the features, one per class.</summary>
    internal static int[] Scored(LinearModel model, ReadOnlySpan<ulong> features)
    {
        var scores = new int[model.Stride * 2];
        model.Score(features, scores);
        return scores[..model.Classes];
    }

    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(51)]
    [InlineData(300)]
    public void Scores_are_the_sums_of_the_rows_of_the_features_present(int classes)
    {
        var (model, rows) = RandomModel(classes, 3000, classes);
        var keys = rows.Keys.ToArray();
        var rng = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            // present and absent keys mixed, some repeated, batches longer than one scoring batch now and then
            var features = new ulong[rng.Next(1, trial % 10 == 0 ? 300 : 60)];
            for (int i = 0; i < features.Length; i++)
                features[i] = rng.Next(2) == 0 ? keys[rng.Next(keys.Length)] : (ulong)rng.NextInt64(2, long.MaxValue);
            Assert.Equal(Reference(rows, classes, features), Scored(model, features));
        }
        for (int r = 0; r < model.FeatureCount; r++)
            for (int c = 0; c < classes; c++)
                Assert.Equal(rows[model.Keys[r]][c], model.Weight(r, c));
    }

    [Theory]
    [InlineData(51)]
    [InlineData(300)]
    public void Many_class_rows_packed_sparse_or_dense_score_and_save_as_their_weights(int classes)
    {
        // rows with 1 … classes non-zero weights: the short ones are packed as entries, the long ones as dense rows
        var rng = new Random(classes);
        int stride = LinearModel.Pad(classes);
        var rows = new Dictionary<ulong, short[]>();
        while (rows.Count < 2000)
        {
            var row = new short[classes];
            int nnz = rng.Next(1, classes + 1);
            for (int j = 0; j < nnz; j++) row[rng.Next(classes)] = (short)(rng.Next(2) == 0 ? rng.Next(-32000, -1) : rng.Next(1, 32000));
            rows[(ulong)rng.NextInt64(2, long.MaxValue)] = row;
        }
        Assert.Contains(rows.Values, r => r.Count(x => x != 0) < LinearModel.DenseFrom);
        Assert.Contains(rows.Values, r => r.Count(x => x != 0) >= LinearModel.DenseFrom);
        var keys = rows.Keys.ToArray();
        var weights = new short[keys.Length * stride];
        for (int r = 0; r < keys.Length; r++) rows[keys[r]].CopyTo(weights, r * stride);
        var model = new LinearModel(classes, 0.5f, keys, weights);
        for (int trial = 0; trial < 300; trial++)
        {
            var features = new ulong[rng.Next(1, 200)];
            for (int i = 0; i < features.Length; i++) features[i] = rng.Next(4) == 0 ? (ulong)rng.NextInt64(2, long.MaxValue) : keys[rng.Next(keys.Length)];
            Assert.Equal(Reference(rows, classes, features), Scored(model, features));
        }
        for (int r = 0; r < model.FeatureCount; r++)
            for (int c = 0; c < classes; c++)
                Assert.Equal(rows[model.Keys[r]][c], model.Weight(r, c));
        // the file stores (class, weight) entries whatever the packing: written, read and written again, the same bytes
        RoundTrip(model);
    }

    /// <summary>Writes <paramref name="model"/>, reads it back, asserts that writing the copy gives the same bytes, and
    /// returns the copy.</summary>
    internal static LinearModel RoundTrip(LinearModel model)
    {
        var first = new MemoryStream();
        using (var w = new BinaryWriter(first, System.Text.Encoding.UTF8, leaveOpen: true)) model.Write(w);
        first.Position = 0;
        var again = LinearModel.Read(new BinaryReader(first));
        var second = new MemoryStream();
        using (var w = new BinaryWriter(second, System.Text.Encoding.UTF8, leaveOpen: true)) again.Write(w);
        Assert.Equal(first.ToArray(), second.ToArray());
        return again;
    }

    [Fact]
    public void Many_class_lookups_compare_whole_keys_when_high_halves_collide()
    {
        // every key shares its high half with others (and some high halves are 0), so the slot match on the high half
        // alone would add wrong rows; absent keys with the same high halves must add nothing
        ulong[] highs = [0, 0xABCD_EF01UL, 0xFFFF_FFFFUL];
        var (model, rows) = RandomModel(51, 600, 3, rng => (highs[rng.Next(highs.Length)] << 32) | (uint)rng.Next(2, 400));
        var rngQ = new Random(11);
        for (int trial = 0; trial < 400; trial++)
        {
            var features = new ulong[rngQ.Next(1, 40)];
            for (int i = 0; i < features.Length; i++) features[i] = (highs[rngQ.Next(highs.Length)] << 32) | (uint)rngQ.Next(2, 800);
            Assert.Equal(Reference(rows, 51, features), Scored(model, features));
        }
    }

    [Fact]
    public void Three_class_lookups_add_the_rows_of_present_features_and_nothing_for_absent_ones()
    {
        var (model, rows) = RandomModel(3, 5000, 5);
        var keys = rows.Keys.ToArray();
        // the 3-class table keeps a 16-bit fingerprint (bits 40–55 of the key): absent keys whose fingerprint no stored
        // key has can never match, so the sums are exact
        var used = keys.Select(k => (ushort)(k >> 40)).ToHashSet();
        var rng = new Random(9);
        ulong Absent()
        {
            while (true)
            {
                ulong k = (ulong)rng.NextInt64(2, long.MaxValue);
                if (!used.Contains((ushort)(k >> 40)) && (ushort)(k >> 40) != 0) return k;
            }
        }
        for (int trial = 0; trial < 500; trial++)
        {
            var features = new ulong[rng.Next(1, 160)];
            for (int i = 0; i < features.Length; i++) features[i] = rng.Next(3) == 0 ? Absent() : keys[rng.Next(keys.Length)];
            Assert.Equal(Reference(rows, 3, features), Scored(model, features));
        }
    }

    [Fact]
    public void Large_tables_live_in_huge_page_aligned_zeroed_memory()
    {
        var big = new TableMemory<long>(3 << 20 >> 3);
        Assert.Equal(0, big.Address % (2 << 20));
        Assert.True(big.Span.IndexOfAnyExcept(0L) < 0);
        var small = new TableMemory<int>(10);
        Assert.Equal(10, small.Span.Length);
        Assert.True(small.Span.IndexOfAnyExcept(0) < 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TableMemory<int>(-1));
        // the finalizer of the block whose constructor threw must not throw (that would end the process)
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Throws<ArgumentOutOfRangeException>(() => DependencyParser.RoleFeatures([], 0, DependencyParser.Roles, -1, new ulong[DependencyParser.MaxRoleFeatures], 1));
    }

    private static ParseWord[] Words(int n, int seed)
    {
        var rng = new Random(seed);
        var words = new ParseWord[n];
        for (int i = 0; i < n; i++)
            words[i] = new ParseWord { Word = (ulong)rng.Next(1, 50), Tag = (ulong)rng.Next(1, 12), Upos = (ulong)rng.Next(1, 18), Cluster = rng.Next(1, 1 << 12), Emb = rng.Next(1 << 10, 1 << 14) };
        return words;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Buffer_and_stack_word_templates_and_the_rest_are_the_transition_features_in_order(int featureSet)
    {
        var rng = new Random(featureSet);
        var all = new ulong[DependencyParser.MaxFeatures];
        var rest = new ulong[DependencyParser.MaxFeatures];
        var buffer = new ulong[DependencyParser.MaxBufferFeatures];
        for (int sentence = 0; sentence < 20; sentence++)
        {
            var words = Words(rng.Next(1, 25), sentence);
            var st = new ArcHybridState(words.Length);
            st.Reset(words);
            int checkedStates = 0;
            while (!st.Terminal)
            {
                int na = DependencyParser.ArcFeatures(words, st, all, featureSet);
                int nr = DependencyParser.ArcFeatures(words, st, rest, featureSet, buffer: false, roles: false);
                var groups = new List<ulong[]> { buffer.AsSpan(0, DependencyParser.BufferFeatures(words, st, buffer, featureSet)).ToArray() };
                int[] positions = [st.S0, st.S1, st.S2];
                for (int role = 0; role < DependencyParser.Roles; role++)
                    groups.Add(buffer.AsSpan(0, DependencyParser.RoleFeatures(words, st.N, role, positions[role], buffer, featureSet)).ToArray());
                Assert.Equal(na, nr + groups.Sum(g => g.Length));
                // the full list is the others merged, each in its own order
                var full = all.AsSpan(0, na).ToArray();
                foreach (var g in groups)
                {
                    var set = g.ToHashSet();
                    Assert.Equal(g, full.Where(set.Contains).ToArray());
                }
                var grouped = groups.SelectMany(g => g).ToHashSet();
                Assert.Equal(rest.AsSpan(0, nr).ToArray(), full.Where(f => !grouped.Contains(f)).ToArray());
                checkedStates++;
                int t;
                do t = rng.Next(3); while (!st.IsLegal(t));
                st.Apply(t, t == ArcHybridState.Shift ? -1 : rng.Next(10));
            }
            Assert.True(checkedStates > 0);
        }
    }

    /// <summary>The parse loop as it was before the buffer and stack-word score caches: every template scored in every state.</summary>
    private static (int[] Heads, int[] Labels) ReferenceParse(DependencyParser parser, ParseWord[] words)
    {
        var state = new ArcHybridState(words.Length);
        state.Reset(words);
        var feats = new ulong[DependencyParser.MaxFeatures];
        var scores = new int[parser.Arcs.Stride * 2];
        var lfeats = new ulong[DependencyParser.MaxLabelFeatures];
        var lscores = new int[parser.AttachLabeller.Stride * 2];
        while (!state.Terminal)
        {
            int best = state.OnlyLegal();
            if (best < 0)
            {
                int nf = DependencyParser.ArcFeatures(words, state, feats, parser.FeatureSet);
                Array.Clear(scores);
                parser.Arcs.Score(feats.AsSpan(0, nf), scores);
                for (int t = 0; t < 3; t++)
                    if (state.IsLegal(t) && (best < 0 || scores[t] > scores[best])) best = t;
            }
            state.Apply(best, best == ArcHybridState.Shift ? -1 : parser.AttachLabel(words, state, best, lfeats, lscores));
        }
        return (state.Heads[..words.Length], state.Labels[..words.Length]);
    }

    [Fact]
    public void Committed_parser_parses_as_when_every_template_is_scored_in_every_state()
    {
        var parser = PerceptronSyntaxAnalyzer.LoadDefault().Parser;
        Skip.If(parser is null, "no committed parser");
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        string[][] sentences =
        [
            ["The", "foreign", "ministry", "in", "Ankara", "said", "on", "Tuesday", "that", "talks", "with", "Greece", "would", "resume", "next", "month", "."],
            ["Officials", "in", "Kyiv", "denied", "reports", "that", "Russian", "troops", "had", "crossed", "the", "border", "near", "Kharkiv", "."],
            ["Mr.", "Varnok", ",", "who", "leads", "the", "opposition", ",", "accused", "the", "government", "of", "lying", "about", "the", "sanctions", "announced", "by", "Brussels", "."],
            ["Stop", "!"],
            ["No", "."],
        ];
        var state = new ArcHybridState(64);
        foreach (var forms in sentences)
        {
            var infos = tagger.Prepare(forms);
            var tags = new int[forms.Length];
            tagger.Tag(infos, tags);
            var words = new ParseWord[forms.Length];
            for (int i = 0; i < forms.Length; i++) words[i] = ParseWord.From(forms[i], tagger.Xpos[tags[i]], tagger.Upos[tags[i]], parser.Clusters, parser.EmbeddingClusters);
            Check(parser, words, state);
        }
        // random word sequences: more varied states than the sentences above
        for (int seed = 0; seed < 40; seed++) Check(parser, Words(1 + seed % 30, 100 + seed).Select(w => w with { Emb = 0 }).ToArray(), state);
    }

    private static void Check(DependencyParser parser, ParseWord[] words, ArcHybridState state)
    {
        var (refHeads, refLabels) = ReferenceParse(parser, words);
        var heads = new int[words.Length];
        var labels = new int[words.Length];
        parser.Parse(words, state, heads, labels);
        Assert.Equal(refHeads.Select(h => h == words.Length ? -1 : h), heads);
        if (parser.UseAttachLabels)
            Assert.Equal(refLabels.Select(l => l < 0 ? Math.Max(parser.RootLabel, 0) : l), labels);
    }

    // a toy treebank written for this test
    private const string Toy = """
        1	Officials	official	NOUN	NNS	_	2	nsubj	_	_
        2	in	in	ADP	IN	_	3	case	_	_
        3	Warsaw	Warsaw	PROPN	NNP	_	1	nmod	_	_
        4	rejected	reject	VERB	VBD	_	0	root	_	_
        5	the	the	DET	DT	_	6	det	_	_
        6	proposal	proposal	NOUN	NN	_	4	obj	_	_
        7	.	.	PUNCT	.	_	4	punct	_	_

        1	Chile	Chile	PROPN	NNP	_	2	nsubj	_	_
        2	said	say	VERB	VBD	_	0	root	_	_
        3	talks	talk	NOUN	NNS	_	5	nsubj	_	_
        4	had	have	AUX	VBD	_	5	aux	_	_
        5	stalled	stall	VERB	VBN	_	2	ccomp	_	_
        6	.	.	PUNCT	.	_	2	punct	_	_


        """;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Trained_parsers_of_every_feature_set_parse_as_when_every_template_is_scored(int featureSet)
    {
        var treebank = ConlluReader.Read(new StringReader(Toy.Replace("        ", ""))).ToList();
        (string, int)[] emb = [("officials", 0b1_0110_0101_0011), ("rejected", 0b1_1010_0111_0001), ("said", 0b1_1010_0111_0011), ("the", 0b1_0001_0000_1111), ("talks", 0b1_0110_0101_1011)];
        var parser = DependencyParserTrainer.Train(treebank, null, null, 4, 1, TextWriter.Null, jackknifeFolds: 1, featureSet: featureSet,
            embeddingClusters: DependencyParser.UsesEmbeddings(featureSet) ? emb : null);
        var pool = treebank.SelectMany(s => DependencyParserTrainer.Tag(s, null, parser.Clusters, parser.EmbeddingClusters)).ToArray();
        var rng = new Random(featureSet);
        var state = new ArcHybridState(40);
        foreach (var s in treebank) Check(parser, DependencyParserTrainer.Tag(s, null, parser.Clusters, parser.EmbeddingClusters), state);
        // sequences of the treebank's words in random orders: states the training never saw, with features it did
        for (int k = 0; k < 60; k++) Check(parser, Enumerable.Range(0, 1 + k % 25).Select(_ => pool[rng.Next(pool.Length)]).ToArray(), state);
    }
}
