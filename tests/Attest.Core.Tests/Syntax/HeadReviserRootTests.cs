using Attest.Syntax;
using static Attest.Tests.Syntax.HeadReviserTests;

namespace Attest.Tests.Syntax;

/// <summary>Root re-choice, guards, candidate cap and feature mixing of the head reviser (payload version 2).</summary>
public class HeadReviserRootTests
{
    private static readonly string[] Mixed = ["obl", "nmod", "conj", "obj", "nsubj", "parataxis", "ccomp", "dep"];

    /// <summary>A reviser with random weights on every word and root feature of the sentences (moves and re-roots a lot).</summary>
    private static HeadReviser Random(IEnumerable<(ReviseWord[] Words, int[] Heads)> sentences, Random rng, bool root, bool guards, int maxRank)
    {
        var keys = new SortedDictionary<ulong, float>();
        var buf = new ulong[HeadReviser.MaxFeatures];
        foreach (var (w, heads) in sentences)
        {
            if (HeadReviserTests.AddRandomWordWeights(w, heads, rng, keys, buf) is not { } s) continue;
            var cands = new int[w.Length];
            int r = HeadReviser.UniqueRoot(heads, s);
            if (r < 0) continue;
            int nr = HeadReviser.RootCandidates(w, heads, s, r, cands);
            for (int c = 0; c < nr; c++)
            {
                int k = HeadReviser.RootFeatures(w, heads, s, r, cands[c], buf);
                // favour the dependents over the parser's root so that roots do change
                for (int i = 0; i < k; i++) keys.TryAdd(buf[i], (float)(rng.NextDouble() * 4 - (c == 0 ? 3 : 1)));
            }
        }
        var relations = Mixed.Select(r => FeatureHash.Of(r)).ToArray();
        return new HeadReviser([.. keys.Keys], [.. keys.Values], relations, 0, true, 0, new ReviseRoot(root, 0, []), guards, maxRank);
    }

    [Fact]
    public void Root_candidates_can_each_take_over_the_root_and_leave_a_projective_tree()
    {
        var rng = new Random(21);
        int swaps = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            var (w, heads, floating) = RandomSentence(rng, Mixed);
            int n = w.Length;
            var s = new ReviseScratch(n);
            Assert.True(HeadReviser.Prepare(w, heads, s));
            int r = HeadReviser.UniqueRoot(heads, s);
            Assert.True(r >= 0);
            var cands = new int[n];
            int nc = HeadReviser.RootCandidates(w, heads, s, r, cands);
            Assert.Equal(r, cands[0]);
            for (int c = 1; c < nc; c++)
            {
                int x = cands[c];
                Assert.Equal(r, heads[x]);
                var trial2 = (int[])heads.Clone();
                trial2[x] = -1;
                trial2[r] = x;
                Assert.True(ProjectiveTree(trial2, floating), $"swap of root {r} and {x} is not projective");
                swaps++;
            }
            // every fixed dependent of r that can head a clause and is left out would make a crossing arc
            for (int x = 0; x < n; x++)
            {
                if (heads[x] != r || floating[x] || w[x].Upos == UPos.PUNCT || cands.AsSpan(0, nc).Contains(x)) continue;
                var trial2 = (int[])heads.Clone();
                trial2[x] = -1;
                trial2[r] = x;
                Assert.False(ProjectiveTree(trial2, floating));
            }
        }
        Assert.True(swaps > 100, $"only {swaps} root candidates");
    }

    [Fact]
    public void Root_rechoice_and_guards_keep_one_root_and_a_projective_tree()
    {
        var rng = new Random(5);
        var sentences = Enumerable.Range(0, 300).Select(_ => RandomSentence(rng, Mixed)).ToList();
        var reviser = Random(sentences.Select(x => (x.Words, x.Heads)), new Random(6), root: true, guards: true, maxRank: 0);
        int rerooted = 0, moved = 0;
        ulong nsubj = FeatureHash.Of("nsubj"), root = FeatureHash.Of("root"), parataxis = FeatureHash.Of("parataxis");
        foreach (var (w0, heads0, floating) in sentences)
        {
            int n = w0.Length;
            var w = (ReviseWord[])w0.Clone();
            var heads = (int[])heads0.Clone();
            var s0 = new ReviseScratch(n);
            Assert.True(HeadReviser.Prepare(w0, heads0, s0));
            var splitName = Enumerable.Range(0, n).Select(d => !floating[d] && heads0[d] >= 0 && HeadReviser.SplitName(w0, heads0, s0, d)).ToArray();
            reviser.Revise(w, heads, new ReviseScratch(n));
            Assert.True(ProjectiveTree(heads, floating));
            Assert.Equal(1, Enumerable.Range(0, n).Count(i => heads[i] < 0 && !floating[i]));
            int oldRoot = Array.FindIndex(heads0, h => h < 0);
            int newRoot = Array.FindIndex(heads, h => h < 0);
            if (newRoot != oldRoot)
            {
                rerooted++;
                Assert.Equal(oldRoot, heads0[newRoot]);
                Assert.Equal(root, w[newRoot].Rel);
                // no table entries: the old root is a parataxis of the new one (and may then move as one)
                Assert.Equal(parataxis, w[oldRoot].Rel);
                Assert.False(splitName[newRoot], "a split name became the root");
            }
            for (int i = 0; i < n; i++)
            {
                if (heads[i] == heads0[i] || i == oldRoot || i == newRoot) continue;
                moved++;
                Assert.False(splitName[i], "a split name moved");
                if (w0[i].Rel != nsubj) continue;
                // a subject lands on a predicate (no copulas here: verb, auxiliary or adjective) whose only subject it is
                int h = heads[i];
                Assert.True(w[h].Upos is UPos.VERB or UPos.AUX or UPos.ADJ, $"subject moved to a {w[h].Upos}");
                Assert.Equal(1, Enumerable.Range(0, n).Count(x => heads[x] == h && w[x].Rel == nsubj));
            }
        }
        Assert.True(rerooted > 20, $"only {rerooted} roots re-chosen");
        Assert.True(moved > 20, $"only {moved} words moved");
    }

    [Fact]
    public void Capped_reviser_moves_words_only_to_the_nearest_heads_on_each_side()
    {
        var rng = new Random(13);
        var sentences = Enumerable.Range(0, 200).Select(_ => RandomSentence(rng, Mixed)).ToList();
        var capped = Random(sentences.Select(x => (x.Words, x.Heads)), new Random(14), root: false, guards: false, maxRank: 1);
        int moved = 0;
        foreach (var (w0, heads0, _) in sentences)
        {
            int n = w0.Length;
            var final = (int[])heads0.Clone();
            capped.Revise((ReviseWord[])w0.Clone(), final, new ReviseScratch(n));
            for (int d = 0; d < n; d++)
            {
                if (final[d] == heads0[d]) continue;
                moved++;
                var before = new int[n];
                for (int i = 0; i < n; i++) before[i] = i < d ? final[i] : heads0[i];
                var s = new ReviseScratch(n);
                Assert.True(HeadReviser.Prepare(w0, before, s));
                var cands = new int[n];
                var info = new ReviseCandidate[n];
                int nc = HeadReviser.Candidates(before, s, d, cands, info);
                int at = Array.IndexOf(cands, final[d], 0, nc);
                Assert.True(at >= 0);
                Assert.Equal(0, info[at].Rank);
            }
        }
        Assert.True(moved > 10, $"only {moved} words moved");
    }

    [Fact]
    public void Trained_reviser_rechooses_a_reporting_verb_root_and_relabels_it()
    {
        // "Talks resumed , officials said": the parser's root is "said" with "resumed" as its ccomp in some copies;
        // gold has "resumed" as root and "said" as its parataxis. "Officials said talks resumed" is parsed right.
        ReviseWord[] After(string said, string resumed) => [W("Talks", UPos.NOUN, "nsubj"), W("resumed", UPos.VERB, resumed), W(",", UPos.PUNCT, "punct"), W("officials", UPos.NOUN, "nsubj"), W("said", UPos.VERB, said)];
        ReviseWord[] Before() => [W("Officials", UPos.NOUN, "nsubj"), W("said", UPos.VERB, "root"), W("talks", UPos.NOUN, "nsubj"), W("resumed", UPos.VERB, "ccomp")];
        int[] wrong = [1, 4, 4, 4, -1], right = [1, -1, 1, 4, 1], before = [1, -1, 3, 1];
        string[] afterRels = ["nsubj", "root", "punct", "nsubj", "parataxis"], beforeRels = ["nsubj", "root", "nsubj", "ccomp"];
        var trees = new List<ReviseSentence>();
        ReviseSentence Tree(ReviseWord[] w, int[] heads, int[] gold, string[] rels) =>
            new(w, w.Select(x => x.Upos == UPos.PUNCT ? PunctClass.Comma : PunctClass.None).ToArray(), heads, gold, rels.Select(r => FeatureHash.Of(r)).ToArray());
        for (int i = 0; i < 20; i++)
        {
            trees.Add(Tree(After("root", "ccomp"), wrong, right, afterRels));
            trees.Add(Tree(Before(), before, before, beforeRels));
        }
        var labels = HeadReviserTrainer.RootLabels(trees);
        Assert.Single(labels);
        Assert.Equal(FeatureHash.Of("parataxis"), labels[0].Label);
        var options = new HeadReviserTrainer.Options(["obl"], 3, 1, 0, [0f], Root: true);
        var reviser = HeadReviserTrainer.Train(trees, [], options, TextWriter.Null);
        Assert.True(reviser.RootChoice);
        var w = After("root", "ccomp");
        var heads = (int[])wrong.Clone();
        Assert.Equal(2, reviser.Revise(w, heads, new ReviseScratch(5)));
        // the comma stays where it was (the punctuation re-attacher runs afterwards)
        Assert.Equal([1, -1, 4, 4, 1], heads);
        Assert.Equal(FeatureHash.Of("root"), w[1].Rel);
        Assert.Equal(FeatureHash.Of("parataxis"), w[4].Rel);
        var kept = Before();
        heads = (int[])before.Clone();
        Assert.Equal(0, reviser.Revise(kept, heads, new ReviseScratch(4)));
        Assert.Equal(before, heads);
        // without root re-choice the same weights leave the root alone
        heads = (int[])wrong.Clone();
        Assert.Equal(0, reviser.With(0, true, reviser.Root with { Enabled = false }, false).Revise(After("root", "ccomp"), heads, new ReviseScratch(5)));
        Assert.Equal(wrong, heads);
    }

    [Fact]
    public void Mix_gives_distinct_keys_to_distinct_small_tuples()
    {
        var seen = new HashSet<ulong>();
        for (int t = 0; t < 64; t++)
            for (ulong a = 0; a < 8; a++)
                for (ulong b = 0; b < 8; b++)
                    for (ulong c = 0; c < 8; c++)
                        Assert.True(seen.Add(FeatureHash.Mix(t, a, b, c)), $"collision at template {t} ({a}, {b}, {c})");
        // word hashes in different slots differ too
        ulong x = FeatureHash.Of("minister"), y = FeatureHash.Of("Peru");
        Assert.NotEqual(FeatureHash.Mix(20, x, y), FeatureHash.Mix(20, y, x));
    }

    [Fact]
    public void Averaged_seeds_are_the_mean_of_each_rankers_averaged_weights()
    {
        var a = new CandidateRanker();
        var b = new CandidateRanker();
        a.Update([1UL, 4UL], [2UL]);
        a.Tick();
        a.Tick();
        b.Update([1UL, 3UL], [2UL]);
        b.Tick();
        var expected = new SortedDictionary<ulong, double>();
        foreach (var r in new[] { a, b })
        {
            var (k, w) = r.Averaged(0);
            for (int i = 0; i < k.Length; i++) expected[k[i]] = expected.GetValueOrDefault(k[i]) + w[i] / 2;
        }
        var (keys, weights) = HeadReviserTrainer.AverageSeeds([a, b], 0);
        Assert.Equal(expected.Keys, keys);
        Assert.Equal(expected.Values.Select(v => (float)v), weights);
        Assert.Equal([1UL, 2UL, 3UL, 4UL], keys);
        // a threshold drops the small means; one ranker is its own average
        var (big, _) = HeadReviserTrainer.AverageSeeds([a, b], (float)expected.Values.Select(Math.Abs).Min());
        Assert.True(big.Length < keys.Length);
        Assert.Equal(a.Averaged(0).Keys, HeadReviserTrainer.AverageSeeds([a], 0).Keys);
    }
}
