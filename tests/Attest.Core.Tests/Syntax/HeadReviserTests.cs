using Attest.Syntax;
using Attest.Text;

namespace Attest.Tests.Syntax;

public class HeadReviserTests
{
    private static readonly WordClusters NoClusters = new([], []);

    internal static ReviseWord W(string form, UPos upos, string rel) => HeadReviserTrainer.Word(form, "X", upos, rel, NoClusters);

    /// <summary>Whether the fixed words (non-floating) form a projective tree: every word between a head and its
    /// dependent descends from the head, and there is no cycle.</summary>
    internal static bool ProjectiveTree(int[] heads, bool[] floating)
    {
        int n = heads.Length;
        for (int i = 0; i < n; i++)
        {
            int steps = 0;
            for (int a = i; a >= 0; a = heads[a]) if (++steps > n + 1) return false;
        }
        for (int i = 0; i < n; i++)
        {
            if (floating[i]) continue;
            int h = heads[i];
            if (h < 0) continue;
            for (int x = Math.Min(h, i) + 1; x < Math.Max(h, i); x++)
            {
                if (floating[x]) continue;
                int y = x;
                while (y >= 0 && y != h) y = heads[y];
                if (y != h) return false;
            }
        }
        return true;
    }

    /// <summary>Brute force: fixed words h outside d's subtree such that d under h leaves a projective tree.</summary>
    private static SortedSet<int> ProjectiveHeads(int[] heads, bool[] floating, int d)
    {
        var set = new SortedSet<int>();
        for (int h = 0; h < heads.Length; h++)
        {
            if (floating[h] || h == d) continue;
            var trial = (int[])heads.Clone();
            trial[d] = h;
            if (ProjectiveTree(trial, floating)) set.Add(h);
        }
        return set;
    }

    /// <summary>A random projective tree over words[lo..hi) hanging from <paramref name="parent"/>.</summary>
    internal static void BuildProjective(int[] words, int lo, int hi, int parent, int[] heads, Random rng)
    {
        if (lo >= hi) return;
        int r = rng.Next(lo, hi);
        heads[words[r]] = parent;
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

    internal static (ReviseWord[] Words, int[] Heads, bool[] Floating) RandomSentence(Random rng, string[]? relations = null)
    {
        int n = rng.Next(2, 16);
        var floating = new bool[n];
        for (int i = 0; i < n; i++) floating[i] = rng.NextDouble() < 0.25;
        floating[rng.Next(n)] = false;
        var fixedWords = Enumerable.Range(0, n).Where(i => !floating[i]).ToArray();
        var heads = new int[n];
        BuildProjective(fixedWords, 0, fixedWords.Length, -1, heads, rng);
        for (int i = 0; i < n; i++) if (floating[i]) heads[i] = fixedWords[rng.Next(fixedWords.Length)];
        string[] rels = relations ?? ["obl", "nmod", "conj", "obj", "amod"];
        UPos[] tags = [UPos.NOUN, UPos.VERB, UPos.ADJ, UPos.PROPN];
        var w = new ReviseWord[n];
        for (int i = 0; i < n; i++)
            w[i] = floating[i] ? W(",", UPos.PUNCT, "punct") : W("w" + rng.Next(5), tags[rng.Next(tags.Length)], heads[i] < 0 ? "root" : rels[rng.Next(rels.Length)]);
        return (w, heads, floating);
    }

    [Fact]
    public void Candidates_are_exactly_the_projective_heads_on_random_trees()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 400; trial++)
        {
            var (w, heads, floating) = RandomSentence(rng);
            int n = w.Length;
            var s = new ReviseScratch(n);
            Assert.True(HeadReviser.Prepare(w, heads, s));
            Assert.Equal(floating, s.Floating);
            var cands = new int[n];
            var info = new ReviseCandidate[n];
            for (int d = 0; d < n; d++)
            {
                if (floating[d] || heads[d] < 0) continue;
                int nc = HeadReviser.Candidates(heads, s, d, cands, info);
                var got = new SortedSet<int>(cands[..nc]);
                Assert.Equal(nc, got.Count);
                Assert.Equal(ProjectiveHeads(heads, floating, d), got);
                Assert.Contains(heads[d], got);
            }
        }
    }

    [Fact]
    public void Non_projective_or_cyclic_trees_are_left_alone()
    {
        ReviseWord[] w = [W("a", UPos.NOUN, "nsubj"), W("b", UPos.VERB, "root"), W("c", UPos.NOUN, "obj"), W("d", UPos.NOUN, "obl")];
        var s = new ReviseScratch(4);
        Assert.False(HeadReviser.Prepare(w, [2, -1, 1, 0], s)); // arc 0→3 crosses 1→2
        Assert.False(HeadReviser.Prepare(w, [1, 2, 1, 1], s)); // cycle 1 ↔ 2
        Assert.False(HeadReviser.Prepare(w, [1, -1, 7, 1], s)); // head out of range
        Assert.True(HeadReviser.Prepare(w, [1, -1, 1, 1], s));
    }

    /// <summary>Gives a random weight in [-2, 2) to every word feature of every candidate head of the sentence's words
    /// (shared by the random revisers of these tests); returns the prepared scratch, or null when the tree is rejected.</summary>
    internal static ReviseScratch? AddRandomWordWeights(ReviseWord[] w, int[] heads, Random rng, SortedDictionary<ulong, float> keys, ulong[] buf)
    {
        var s = new ReviseScratch(w.Length);
        if (!HeadReviser.Prepare(w, heads, s)) return null;
        var cands = new int[w.Length];
        var info = new ReviseCandidate[w.Length];
        for (int d = 0; d < w.Length; d++)
        {
            if (s.Floating[d] || heads[d] < 0) continue;
            int nc = HeadReviser.Candidates(heads, s, d, cands, info);
            for (int c = 0; c < nc; c++)
            {
                int k = HeadReviser.Features(w, heads, s, d, cands[c], info[c], buf);
                for (int i = 0; i < k; i++) keys.TryAdd(buf[i], (float)(rng.NextDouble() * 4 - 2));
            }
        }
        return s;
    }

    /// <summary>A reviser whose weights are random on every feature of the given sentences (moves words around a lot).</summary>
    private static HeadReviser RandomReviser(IEnumerable<(ReviseWord[] Words, int[] Heads)> sentences, Random rng)
    {
        var keys = new SortedDictionary<ulong, float>();
        var buf = new ulong[HeadReviser.MaxFeatures];
        foreach (var (w, heads) in sentences) AddRandomWordWeights(w, heads, rng, keys, buf);
        var relations = new[] { "obl", "nmod", "conj", "obj", "amod" }.Select(r => FeatureHash.Of(r)).ToArray();
        return new HeadReviser([.. keys.Keys], [.. keys.Values], relations, 0, true);
    }

    [Fact]
    public void Revised_trees_stay_projective_and_acyclic_and_words_move_only_to_candidates()
    {
        var rng = new Random(3);
        var sentences = Enumerable.Range(0, 200).Select(_ => RandomSentence(rng)).ToList();
        var reviser = RandomReviser(sentences.Select(x => (x.Words, x.Heads)), new Random(4));
        int movedTotal = 0;
        foreach (var (w0, heads0, floating) in sentences)
        {
            int n = w0.Length;
            var w = (ReviseWord[])w0.Clone();
            var heads = (int[])heads0.Clone();
            var s = new ReviseScratch(n);
            int moved = reviser.Revise(w, heads, s);
            movedTotal += moved;
            Assert.True(ProjectiveTree(heads, floating));
            // each word is decided once, left to right, and a move changes its head
            Assert.Equal(moved, Enumerable.Range(0, n).Count(i => heads[i] != heads0[i]));
            for (int i = 0; i < n; i++)
            {
                if (heads[i] == heads0[i]) continue;
                Assert.False(floating[i]);
                Assert.True(heads0[i] >= 0, "the root does not move");
                Assert.True(reviser.IsRevisable(w0[i].Rel));
            }
        }
        Assert.True(movedTotal > 20, $"only {movedTotal} words moved");
    }

    [Fact]
    public void Each_move_goes_to_a_candidate_of_the_tree_at_that_moment()
    {
        var rng = new Random(8);
        var sentences = Enumerable.Range(0, 150).Select(_ => RandomSentence(rng)).ToList();
        var reviser = RandomReviser(sentences.Select(x => (x.Words, x.Heads)), new Random(9));
        foreach (var (w0, heads0, _) in sentences)
        {
            int n = w0.Length;
            var final = (int[])heads0.Clone();
            reviser.Revise((ReviseWord[])w0.Clone(), final, new ReviseScratch(n));
            // replay: the tree before word d's turn has words < d at their final heads, the rest at the original ones
            for (int d = 0; d < n; d++)
            {
                if (final[d] == heads0[d]) continue;
                var before = new int[n];
                for (int i = 0; i < n; i++) before[i] = i < d ? final[i] : heads0[i];
                var s = new ReviseScratch(n);
                Assert.True(HeadReviser.Prepare(w0, before, s));
                var cands = new int[n];
                int nc = HeadReviser.Candidates(before, s, d, cands, new ReviseCandidate[n]);
                Assert.Contains(final[d], cands[..nc]);
            }
        }
    }

    private static ReviseSentence Sentence(ReviseWord[] w, int[] heads, int[] gold, string[] goldRels) =>
        new(w, w.Select(x => x.Upos == UPos.PUNCT ? PunctClass.Comma : PunctClass.None).ToArray(), heads, gold, goldRels.Select(r => FeatureHash.Of(r)).ToArray());

    [Fact]
    public void Trained_reviser_moves_a_misattached_prepositional_phrase_and_relabels_it()
    {
        // "Officials met the minister of Peru" with "Peru" wrongly on "met" (obl) in some copies, right in others;
        // "Officials met the minister in Lima" with "Lima" rightly on "met".
        ReviseWord[] Ofs(string rel) => [W("Officials", UPos.NOUN, "nsubj"), W("met", UPos.VERB, "root"), W("the", UPos.DET, "det"), W("minister", UPos.NOUN, "obj"), W("of", UPos.ADP, "case"), W("Peru", UPos.PROPN, rel)];
        ReviseWord[] In() => [W("Officials", UPos.NOUN, "nsubj"), W("met", UPos.VERB, "root"), W("the", UPos.DET, "det"), W("minister", UPos.NOUN, "obj"), W("in", UPos.ADP, "case"), W("Lima", UPos.PROPN, "obl")];
        int[] onVerb = [1, -1, 3, 1, 5, 1], onNoun = [1, -1, 3, 1, 5, 3];
        string[] nmodRels = ["nsubj", "root", "det", "obj", "case", "nmod"], oblRels = ["nsubj", "root", "det", "obj", "case", "obl"];
        var trees = new List<ReviseSentence>();
        for (int i = 0; i < 20; i++)
        {
            trees.Add(Sentence(Ofs("obl"), onVerb, onNoun, nmodRels));
            trees.Add(Sentence(Ofs("nmod"), onNoun, onNoun, nmodRels));
            trees.Add(Sentence(In(), onVerb, onVerb, oblRels));
        }
        var options = new HeadReviserTrainer.Options(["obl", "nmod"], 3, 1, 0, [0f]);
        var reviser = HeadReviserTrainer.Train(trees, [], options, TextWriter.Null);
        var w = Ofs("obl");
        var heads = (int[])onVerb.Clone();
        Assert.Equal(1, reviser.Revise(w, heads, new ReviseScratch(6)));
        Assert.Equal(onNoun, heads);
        Assert.Equal(FeatureHash.Of("nmod"), w[5].Rel);
        var inLima = In();
        heads = (int[])onVerb.Clone();
        Assert.Equal(0, reviser.Revise(inLima, heads, new ReviseScratch(6)));
        Assert.Equal(onVerb, heads);
        // the same weights without relabelling keep the parser's relation
        w = Ofs("obl");
        heads = (int[])onVerb.Clone();
        reviser.With(0, false).Revise(w, heads, new ReviseScratch(6));
        Assert.Equal(onNoun, heads);
        Assert.Equal(FeatureHash.Of("obl"), w[5].Rel);
        // training is deterministic given the seed
        var again = HeadReviserTrainer.Train(trees, [], options, TextWriter.Null);
        Assert.Equal(reviser.Keys, again.Keys);
        Assert.Equal(reviser.Values, again.Values);
    }

    [Fact]
    public void Relabel_follows_the_new_head()
    {
        var r = new HeadReviser([], [], [FeatureHash.Of("obl")], 0, true);
        Assert.Equal(FeatureHash.Of("nmod"), r.Relabel(FeatureHash.Of("obl"), UPos.NOUN));
        Assert.Equal(FeatureHash.Of("obl"), r.Relabel(FeatureHash.Of("nmod"), UPos.VERB));
        Assert.Equal(FeatureHash.Of("obl:tmod"), r.Relabel(FeatureHash.Of("nmod:tmod"), UPos.ADJ));
        Assert.Equal(FeatureHash.Of("acl"), r.Relabel(FeatureHash.Of("advcl"), UPos.PROPN));
        Assert.Equal(FeatureHash.Of("conj"), r.Relabel(FeatureHash.Of("conj"), UPos.NOUN));
        Assert.Equal(FeatureHash.Of("obl"), r.Relabel(FeatureHash.Of("obl"), UPos.PUNCT));
    }

    private static HeadReviser Small() => new([3UL, 9UL, 12UL], [0.5f, -1.25f, 2f], [FeatureHash.Of("obl"), FeatureHash.Of("conj")], 0.75f, true, 1UL << 5,
        new ReviseRoot(true, 2.5f, [(5UL, FeatureHash.Of("parataxis")), (8UL, FeatureHash.Of("advcl"))]), true, 3);

    [Fact]
    public void Model_file_round_trips()
    {
        var bytes = ModelFile.Encode(ModelKind.Revise, Small().Write);
        var back = ModelFile.Decode(bytes, "revise.bin", ModelKind.Revise, HeadReviser.Read);
        Assert.Equal(Small().Keys, back.Keys);
        Assert.Equal(Small().Values, back.Values);
        Assert.Equal(Small().Relations, back.Relations);
        Assert.Equal(0.75f, back.Margin);
        Assert.True(back.RelabelMoves);
        Assert.Equal(1UL << 5, back.DroppedTemplates);
        Assert.True(back.RootChoice);
        Assert.Equal(2.5f, back.Root.Margin);
        Assert.Equal(Small().Root.Labels, back.Root.Labels);
        Assert.True(back.Guards);
        Assert.Equal(3, back.MaxRank);
        Assert.Equal(bytes, ModelFile.Encode(ModelKind.Revise, back.Write));
    }

    [Fact]
    public void Corrupt_or_wrong_model_files_are_rejected()
    {
        var bytes = ModelFile.Encode(ModelKind.Revise, Small().Write);
        var flipped = (byte[])bytes.Clone();
        flipped[24] ^= 0x10;
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Decode(flipped, "revise.bin", ModelKind.Revise, HeadReviser.Read));
        Assert.Contains("revise.bin", e.Message);
        Assert.Contains("checksum", e.Message);
        Assert.Throws<InvalidDataException>(() => ModelFile.Decode(bytes[..^2], "revise.bin", ModelKind.Revise, HeadReviser.Read));
        var kind = Assert.Throws<InvalidDataException>(() => ModelFile.Decode(bytes, "revise.bin", ModelKind.Punct, HeadReviser.Read));
        Assert.Contains("Revise", kind.Message);
        var other = ModelFile.Encode(ModelKind.Revise, w => { w.Write(HeadReviser.PayloadVersion + 1); w.Write(0f); });
        Assert.Throws<InvalidDataException>(() => ModelFile.Decode(other, "revise.bin", ModelKind.Revise, HeadReviser.Read));
        // a version-1 file (chained hashing, before root re-choice) says to retrain
        var v1 = ModelFile.Encode(ModelKind.Revise, w => { w.Write(1); w.Write(0f); });
        var old = Assert.Throws<InvalidDataException>(() => ModelFile.Decode(v1, "revise.bin", ModelKind.Revise, HeadReviser.Read));
        Assert.Contains("version 1", old.Message);
        Assert.Contains("retrain", old.Message);
        var negative = ModelFile.Encode(ModelKind.Revise, w => { w.Write(HeadReviser.PayloadVersion); w.Write(-1f); });
        Assert.Contains("margin", Assert.Throws<InvalidDataException>(() => ModelFile.Decode(negative, "revise.bin", ModelKind.Revise, HeadReviser.Read)).Message);
    }

    [Fact]
    public void Model_directory_loads_revise_bin_when_present_and_rejects_a_corrupt_one()
    {
        var dir = Directory.CreateTempSubdirectory("attest-revise-");
        try
        {
            var models = Path.Combine(SharedData.RepoRoot, "models");
            foreach (var f in new[] { PerceptronSyntaxAnalyzer.TaggerFile, PerceptronSyntaxAnalyzer.LemmatizerFile, PerceptronSyntaxAnalyzer.ParserFile })
                File.Copy(Path.Combine(models, f), Path.Combine(dir.FullName, f));
            Assert.Null(PerceptronSyntaxAnalyzer.Load(dir.FullName).Reviser);
            var path = Path.Combine(dir.FullName, PerceptronSyntaxAnalyzer.ReviserFile);
            Small().Save(path);
            var loaded = PerceptronSyntaxAnalyzer.Load(dir.FullName);
            Assert.Equal(3, loaded.Reviser!.FeatureCount);
            // the reviser is kept when the punctuation re-attacher is swapped, and can be dropped
            Assert.NotNull(loaded.WithPunct(null).Reviser);
            Assert.Null(loaded.WithReviser(null).Reviser);
            var bytes = File.ReadAllBytes(path);
            bytes[^1] ^= 1;
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<InvalidDataException>(() => PerceptronSyntaxAnalyzer.Load(dir.FullName));
            Assert.Contains("revise.bin", e.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Trees_file_must_match_the_training_sentences()
    {
        const string gold = "# sent_id = t-1\n1\tRain\train\tNOUN\tNN\t_\t2\tnsubj\t_\t_\n2\tfell\tfall\tVERB\tVBD\t_\t0\troot\t_\t_\n\n"
            + "# sent_id = t-2\n1\tOslo\tOslo\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\twaited\twait\tVERB\tVBD\t_\t0\troot\t_\t_\n\n";
        var train = ConlluReader.Read(new StringReader(gold)).ToList();
        var dir = Directory.CreateTempSubdirectory("attest-revise-trees-");
        try
        {
            var good = Path.Combine(dir.FullName, "good.conllu");
            File.WriteAllText(good, gold.Replace("\t2\tnsubj", "\t0\troot", StringComparison.Ordinal).Replace("\t0\troot\t_\t_\n\n", "\t1\tdep\t_\t_\n\n", StringComparison.Ordinal));
            var trees = HeadReviserTrainer.FromTreesFile(good, train, NoClusters);
            Assert.Equal(2, trees.Count);
            Assert.Equal([-1, 0], trees[0].Heads);
            Assert.Equal([1, -1], trees[0].Gold);
            var swapped = Path.Combine(dir.FullName, "swapped.conllu");
            File.WriteAllText(swapped, gold.Replace("t-1", "t-9", StringComparison.Ordinal));
            var e = Assert.Throws<InvalidDataException>(() => HeadReviserTrainer.FromTreesFile(swapped, train, NoClusters));
            Assert.Contains("t-9", e.Message);
            var shorter = Path.Combine(dir.FullName, "short.conllu");
            File.WriteAllText(shorter, gold[..gold.IndexOf("# sent_id = t-2", StringComparison.Ordinal)]);
            Assert.Throws<InvalidDataException>(() => HeadReviserTrainer.FromTreesFile(shorter, train, NoClusters));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Analyzer_with_a_reviser_keeps_every_tree_a_projective_tree()
    {
        var analyzer = PerceptronSyntaxAnalyzer.LoadDefault();
        if (analyzer.Parser is null) return;
        var text = WhitespaceTokenizer.Instance.Tokenize("Officials in Ankara said on Tuesday that the talks with Greece about the islands , which began in March , would resume after the elections in both countries .");
        var plain = analyzer.WithReviser(null).WithPunct(null).Analyze(text);
        var sentences = new List<(ReviseWord[], int[])>();
        int n = plain.Heads.Length;
        var w = new ReviseWord[n];
        for (int i = 0; i < n; i++) w[i] = HeadReviserTrainer.Word(text.TokenSpan(i), plain.Xpos[i], plain.Upos[i], plain.Relations[i], NoClusters);
        sentences.Add((w, plain.Heads.ToArray()));
        var revised = analyzer.WithReviser(RandomReviser(sentences, new Random(2))).WithPunct(null).Analyze(text);
        var floating = new bool[n];
        for (int i = 0; i < n; i++) floating[i] = revised.Upos[i] == UPos.PUNCT && revised.Relations[i] == "punct";
        for (int i = 0; i < n; i++) if (revised.Heads[i] >= 0) floating[revised.Heads[i]] = false;
        Assert.True(ProjectiveTree(revised.Heads.ToArray(), floating));
        Assert.Equal(1, revised.Heads.Count(h => h < 0));
    }
}
