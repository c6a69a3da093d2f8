using Attest.Syntax;
using Attest.Text;

namespace Attest.Tests.Syntax;

public class PunctAttacherTests
{
    private static PunctWord W(string form, UPos upos, string rel) => PunctAttacherTrainer.Word(form, "X", upos, rel);

    /// <summary>Brute force: fixed words h such that every fixed word strictly between h and p descends from h.</summary>
    private static SortedSet<int> Projective(int[] heads, bool[] movable, int p)
    {
        var set = new SortedSet<int>();
        for (int h = 0; h < heads.Length; h++)
        {
            if (movable[h]) continue;
            bool ok = true;
            for (int x = Math.Min(h, p) + 1; x < Math.Max(h, p) && ok; x++)
            {
                if (movable[x]) continue;
                int y = x;
                while (y >= 0 && y != h) y = heads[y];
                ok = y == h;
            }
            if (ok) set.Add(h);
        }
        return set;
    }

    [Fact]
    public void Candidates_are_exactly_the_projective_heads_of_a_hand_parsed_sentence()
    {
        // "Lisbon , the capital of Portugal , hosted the summit ."
        //   0    1  2    3      4     5     6    7     8    9    10
        PunctWord[] w =
        [
            W("Lisbon", UPos.PROPN, "nsubj"), W(",", UPos.PUNCT, "punct"), W("the", UPos.DET, "det"), W("capital", UPos.NOUN, "appos"),
            W("of", UPos.ADP, "case"), W("Portugal", UPos.PROPN, "nmod"), W(",", UPos.PUNCT, "punct"), W("hosted", UPos.VERB, "root"),
            W("the", UPos.DET, "det"), W("summit", UPos.NOUN, "obj"), W(".", UPos.PUNCT, "punct"),
        ];
        int[] heads = [7, 3, 3, 0, 5, 3, 3, -1, 9, 7, 7];
        var s = new PunctScratch(w.Length);
        Assert.True(PunctAttacher.Prepare(w, heads, s));
        var cands = new int[w.Length];
        var info = new CandidateInfo[w.Length];
        // first comma: the word before it (Lisbon) and the chain from "the" up: capital, Lisbon (left), hosted
        int n1 = PunctAttacher.Candidates(w, heads, s, 1, cands, info);
        Assert.Equal(new SortedSet<int> { 0, 2, 3, 7 }, new SortedSet<int>(cands[..n1]));
        // second comma: Portugal, capital, Lisbon on the left; hosted on the right
        int n2 = PunctAttacher.Candidates(w, heads, s, 6, cands, info);
        Assert.Equal(new SortedSet<int> { 0, 3, 5, 7 }, new SortedSet<int>(cands[..n2]));
        Assert.Equal(Projective(heads, s.Movable, 6), new SortedSet<int>(cands[..n2]));
        // the final period: summit and hosted
        int n3 = PunctAttacher.Candidates(w, heads, s, 10, cands, info);
        Assert.Equal(new SortedSet<int> { 7, 9 }, new SortedSet<int>(cands[..n3]));
        Assert.Single(Enumerable.Range(0, n3), c => info[c].Highest);
        Assert.True(info[Array.IndexOf(cands, 7, 0, n3)].Highest);
    }

    [Fact]
    public void Candidates_match_brute_force_on_random_projective_trees()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = rng.Next(3, 18);
            var movable = new bool[n];
            for (int i = 0; i < n; i++) movable[i] = rng.NextDouble() < 0.3;
            movable[rng.Next(n)] = false;
            var fixedWords = Enumerable.Range(0, n).Where(i => !movable[i]).ToArray();
            var heads = new int[n];
            BuildProjective(fixedWords, 0, fixedWords.Length, -1, heads, rng);
            // punctuation: any fixed word, as the parser might leave it
            for (int i = 0; i < n; i++) if (movable[i]) heads[i] = fixedWords[rng.Next(fixedWords.Length)];
            var w = new PunctWord[n];
            for (int i = 0; i < n; i++) w[i] = movable[i] ? W(",", UPos.PUNCT, "punct") : W("word", UPos.NOUN, heads[i] < 0 ? "root" : "dep");
            var s = new PunctScratch(n);
            Assert.Equal(movable.Any(m => m), PunctAttacher.Prepare(w, heads, s));
            var cands = new int[n];
            var info = new CandidateInfo[n];
            for (int p = 0; p < n; p++)
            {
                if (!movable[p]) continue;
                Assert.True(s.Movable[p]);
                int nc = PunctAttacher.Candidates(w, heads, s, p, cands, info);
                Assert.Equal(Projective(heads, movable, p), new SortedSet<int>(cands[..nc]));
            }
        }
    }

    /// <summary>A random projective tree over words[lo..hi) hanging from <paramref name="parent"/>.</summary>
    private static void BuildProjective(int[] words, int lo, int hi, int parent, int[] heads, Random rng)
    {
        if (lo >= hi) return;
        int r = rng.Next(lo, hi);
        heads[words[r]] = parent;
        // split each side into contiguous chunks, each hanging from r
        int start = lo;
        while (start < r)
        {
            int end = rng.Next(start + 1, r + 1);
            BuildProjective(words, start, end, words[r], heads, rng);
            start = end;
        }
        start = r + 1;
        while (start < hi)
        {
            int end = rng.Next(start + 1, hi + 1);
            BuildProjective(words, start, end, words[r], heads, rng);
            start = end;
        }
    }

    [Theory]
    [InlineData(",", "Comma")]
    [InlineData(".", "Final")]
    [InlineData("?", "Final")]
    [InlineData("(", "OpenBracket")]
    [InlineData("]", "CloseBracket")]
    [InlineData("“", "OpenQuote")]
    [InlineData("''", "CloseQuote")]
    [InlineData("\"", "Quote")]
    [InlineData("—", "Dash")]
    [InlineData("-", "Hyphen")]
    [InlineData("....", "Ellipsis")]
    [InlineData("*", "Other")]
    public void Classifies_punctuation_forms(string form, string expected) =>
        Assert.Equal(Enum.Parse<PunctClass>(expected), PunctAttacher.Classify(form));

    [Fact]
    public void Quotes_and_brackets_are_paired()
    {
        // Officials ( in Ottawa ) said " no " .
        PunctWord[] w =
        [
            W("Officials", UPos.NOUN, "nsubj"), W("(", UPos.PUNCT, "punct"), W("in", UPos.ADP, "case"), W("Ottawa", UPos.PROPN, "nmod"),
            W(")", UPos.PUNCT, "punct"), W("said", UPos.VERB, "root"), W("\"", UPos.PUNCT, "punct"), W("no", UPos.INTJ, "obj"),
            W("\"", UPos.PUNCT, "punct"), W(".", UPos.PUNCT, "punct"),
        ];
        int[] heads = [5, 3, 3, 0, 3, -1, 7, 5, 7, 5];
        var s = new PunctScratch(w.Length);
        Assert.True(PunctAttacher.Prepare(w, heads, s));
        Assert.Equal(4, s.Partner[1]);
        Assert.Equal(1, s.Partner[4]);
        Assert.Equal(8, s.Partner[6]);
        Assert.Equal(6, s.Partner[8]);
        Assert.Equal(-1, s.Partner[9]);
    }

    [Fact]
    public void Non_leaf_or_non_punct_words_are_not_moved()
    {
        // a PUNCT word that heads another word, and a PUNCT word labelled otherwise, keep their heads
        PunctWord[] w = [W("Rome", UPos.PROPN, "root"), W("-", UPos.PUNCT, "punct"), W("Milan", UPos.PROPN, "dep"), W(":", UPos.PUNCT, "list"), W(".", UPos.PUNCT, "punct")];
        int[] heads = [-1, 0, 1, 0, 0];
        var s = new PunctScratch(w.Length);
        Assert.True(PunctAttacher.Prepare(w, heads, s));
        Assert.False(s.Movable[1]);
        Assert.False(s.Movable[3]);
        Assert.True(s.Movable[4]);
        var model = new PunctAttacher([], [], false);
        var h = (int[])heads.Clone();
        model.Reattach(w, h, s);
        Assert.Equal(heads[..4], h[..4]);
    }

    [Fact]
    public void Punctuation_without_any_candidate_keeps_its_head()
    {
        PunctWord[] w = [W("(", UPos.PUNCT, "punct"), W(")", UPos.PUNCT, "punct")];
        int[] heads = [-1, 0];
        var s = new PunctScratch(w.Length);
        // ")" depends on "(", so only ")" is movable; it has no fixed word to attach to
        Assert.True(PunctAttacher.Prepare(w, heads, s));
        var h = (int[])heads.Clone();
        new PunctAttacher([], [], false).Reattach(w, h, s);
        Assert.Equal(heads, h);
        int[] flat = [-1, -1];
        h = (int[])flat.Clone();
        Assert.True(PunctAttacher.Prepare(w, flat, s));
        Assert.Equal(1, s.Partner[0]);
        new PunctAttacher([], [], false).Reattach(w, h, s);
        Assert.Equal(flat, h);
    }

    private static SyntaxLayer Parse(string text) =>
        PerceptronSyntaxAnalyzer.LoadDefault().Analyze(WhitespaceTokenizer.Instance.Tokenize(text));

    /// <summary>Every PUNCT word that the committed re-attacher moved sits on a projective head given the other arcs.</summary>
    [Theory]
    [InlineData("Mr. Halvorsen , a spokesman for the Norwegian government , said on Monday that the talks in Geneva ( which began in May ) had stalled .")]
    [InlineData("\" We will not sign , \" the Kenyan minister Odhiambo Waweru told reporters in Nairobi , adding that Ethiopia had \" broken its word . \"")]
    [InlineData("Brazil , Argentina and Chile - the largest economies of the region - agreed to cut tariffs ; Peru declined .")]
    public void Committed_reattacher_picks_projective_heads(string sentence)
    {
        var analyzer = PerceptronSyntaxAnalyzer.LoadDefault();
        if (analyzer.Parser is null || analyzer.Punct is null) return;
        var layer = Parse(sentence);
        int n = layer.Heads.Length;
        var movable = new bool[n];
        for (int i = 0; i < n; i++) movable[i] = layer.Upos[i] == UPos.PUNCT && layer.Relations[i] == "punct";
        for (int i = 0; i < n; i++) if (layer.Heads[i] >= 0) movable[layer.Heads[i]] = false;
        for (int p = 0; p < n; p++)
        {
            if (!movable[p]) continue;
            int h = layer.Heads[p];
            Assert.True(h >= 0, $"punctuation {p} left at the root");
            Assert.Contains(h, Projective(layer.Heads, movable, p));
        }
    }

    [Fact]
    public void Committed_reattacher_attaches_bracket_pairs_together()
    {
        var analyzer = PerceptronSyntaxAnalyzer.LoadDefault();
        if (analyzer.Parser is null || analyzer.Punct is null) return;
        var layer = Parse("The agreement ( signed in Oslo last year ) lowered duties on Danish exports .");
        Assert.Equal(layer.Heads[2], layer.Heads[8]);
        // the brackets go to the head of the bracketed phrase, inside it
        Assert.InRange(layer.Heads[2], 3, 7);
        Assert.Equal("punct", layer.Relations[2]);
        Assert.Equal("punct", layer.Relations[8]);
    }

    [Fact]
    public void Reattacher_changes_only_punctuation_heads()
    {
        var analyzer = PerceptronSyntaxAnalyzer.LoadDefault();
        if (analyzer.Parser is null || analyzer.Punct is null) return;
        var text = WhitespaceTokenizer.Instance.Tokenize("In Kyiv , officials said , after a long meeting , that the deal with Poland , Hungary and Slovakia was close .");
        var with = analyzer.Analyze(text);
        var without = analyzer.WithPunct(null).Analyze(text);
        for (int i = 0; i < with.Heads.Length; i++)
        {
            Assert.Equal(without.Relations[i], with.Relations[i]);
            if (with.Upos[i] != UPos.PUNCT) Assert.Equal(without.Heads[i], with.Heads[i]);
        }
    }

    private static PunctAttacher Small() => new([3UL, 9UL, 12UL], [0.5f, -1.25f, 2f], true);

    [Fact]
    public void Model_file_round_trips()
    {
        var bytes = ModelFile.Encode(ModelKind.Punct, Small().Write);
        var back = ModelFile.Decode(bytes, "punct.bin", ModelKind.Punct, PunctAttacher.Read);
        Assert.Equal(Small().Keys, back.Keys);
        Assert.Equal(Small().Values, back.Values);
        Assert.True(back.UseParserChoice);
    }

    [Fact]
    public void Corrupt_or_wrong_model_files_are_rejected()
    {
        var bytes = ModelFile.Encode(ModelKind.Punct, Small().Write);
        var flipped = (byte[])bytes.Clone();
        flipped[20] ^= 0x40;
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Decode(flipped, "punct.bin", ModelKind.Punct, PunctAttacher.Read));
        Assert.Contains("punct.bin", e.Message);
        Assert.Contains("checksum", e.Message);
        Assert.Throws<InvalidDataException>(() => ModelFile.Decode(bytes[..^3], "punct.bin", ModelKind.Punct, PunctAttacher.Read));
        var kind = Assert.Throws<InvalidDataException>(() => ModelFile.Decode(bytes, "punct.bin", ModelKind.Parser, PunctAttacher.Read));
        Assert.Contains("Punct", kind.Message);
        // a payload of another version
        var other = ModelFile.Encode(ModelKind.Punct, w => { w.Write(PunctAttacher.PayloadVersion + 1); w.Write(false); w.Write(0); });
        Assert.Throws<InvalidDataException>(() => ModelFile.Decode(other, "punct.bin", ModelKind.Punct, PunctAttacher.Read));
    }

    [Fact]
    public void Model_directory_loads_punct_bin_when_present_and_rejects_a_corrupt_one()
    {
        var dir = Directory.CreateTempSubdirectory("attest-punct-");
        try
        {
            var models = Path.Combine(SharedData.RepoRoot, "models");
            foreach (var f in new[] { PerceptronSyntaxAnalyzer.TaggerFile, PerceptronSyntaxAnalyzer.LemmatizerFile, PerceptronSyntaxAnalyzer.ParserFile })
                File.Copy(Path.Combine(models, f), Path.Combine(dir.FullName, f));
            Assert.Null(PerceptronSyntaxAnalyzer.Load(dir.FullName).Punct);
            var punct = Path.Combine(dir.FullName, PerceptronSyntaxAnalyzer.PunctFile);
            Small().Save(punct);
            Assert.Equal(3, PerceptronSyntaxAnalyzer.Load(dir.FullName).Punct!.FeatureCount);
            var bytes = File.ReadAllBytes(punct);
            bytes[^1] ^= 1;
            File.WriteAllBytes(punct, bytes);
            var e = Assert.Throws<InvalidDataException>(() => PerceptronSyntaxAnalyzer.Load(dir.FullName));
            Assert.Contains("punct.bin", e.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
