using Attest.Syntax;

namespace Attest.Entities.Ner;

/// <summary>Label scores of one word given its two previous labels (the shipped model, or a perceptron in training).</summary>
internal interface INerScorer
{
    int Classes { get; }

    /// <summary>Writes the <see cref="Classes"/> label scores of the feature set into <paramref name="scores"/>.</summary>
    void Score(ReadOnlySpan<ulong> features, Span<double> scores);
}

/// <summary>Scores of a quantized <see cref="LinearModel"/> (integer units, as the greedy decoder compares them).</summary>
internal readonly struct ModelScorer(LinearModel model) : INerScorer
{
    public int Classes => model.Classes;

    public void Score(ReadOnlySpan<ulong> features, Span<double> scores)
    {
        Span<int> raw = stackalloc int[model.Stride * 2];
        model.Score(features, raw);
        for (int c = 0; c < model.Classes; c++) scores[c] = raw[c];
    }
}

/// <summary>Scores of the perceptron being trained (the domain copies of out-of-domain sentences' features are added by <see cref="NerBeam"/>'s feature functions).</summary>
internal readonly struct PerceptronScorer(AveragedPerceptron perceptron) : INerScorer
{
    public int Classes => perceptron.Classes;

    public void Score(ReadOnlySpan<ulong> features, Span<double> scores)
    {
        Span<float> raw = stackalloc float[perceptron.Classes];
        perceptron.Score(features, raw);
        for (int c = 0; c < perceptron.Classes; c++) scores[c] = raw[c];
    }
}

/// <summary>
/// Beam search over BIO label sequences for <see cref="NerTagger.Features"/> (which sees the two previous labels), with
/// the hard BIO constraint. A beam of one is the greedy decoder (same tie order: the lowest label wins a tie). With a
/// gold sequence it stops where the gold prefix falls out of the beam (early update, Collins and Roark 2004).
/// The plain-word shortcut (<see cref="NerTagger.IsPlain"/>: label O unscored after an O) applies when every hypothesis
/// ends in O; each then adds only its two-label history feature's O weight, the one part of the word's O score that
/// differs between them (a hypothesis that scored its other features would add the same amount to each).
/// </summary>
internal static class NerBeam
{
    /// <summary>Decodes <paramref name="words"/> into <paramref name="labels"/>.</summary>
    /// <param name="bias">Offsets added to the label scores (empty = none).</param>
    /// <param name="gold">Gold labels (training), or empty.</param>
    /// <param name="domainCopies">Add a domain-specific copy of every feature (out-of-domain training sentences).</param>
    /// <returns>The number of words labelled: all of them, or with a gold sequence the position where the gold prefix
    /// left the beam plus one (then <paramref name="labels"/> holds the best prefix of that length).</returns>
    public static int Search<TScorer>(TScorer scorer, ReadOnlySpan<NerWord> words, int beam, ReadOnlySpan<double> bias, bool skipPlain, Span<int> labels,
        ReadOnlySpan<int> gold = default, bool domainCopies = false)
        where TScorer : INerScorer
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(beam, 1);
        int n = words.Length;
        if (n == 0) return 0;
        int classes = scorer.Classes;
        int k = beam;
        // labels and back pointers of every position's hypotheses (on the stack for sentences of usual length)
        Span<int> lab = n * k <= 1024 ? stackalloc int[n * k] : new int[n * k];
        Span<int> back = n * k <= 1024 ? stackalloc int[n * k] : new int[n * k];
        Span<double> score = stackalloc double[k];
        Span<double> next = stackalloc double[k];
        int count = 1;
        score[0] = 0;
        int goldSlot = gold.IsEmpty ? -1 : 0;
        Span<ulong> feats = stackalloc ulong[NerTagger.MaxFeatures * 2];
        Span<double> s = stackalloc double[classes];
        Span<double> common = stackalloc double[classes];
        // scores of the distinct (previous, before previous) label states of this position
        Span<int> stateKey = stackalloc int[k];
        Span<double> stateScores = stackalloc double[k * classes];
        // candidates: score, parent slot, label (kept best first, ties in generation order)
        Span<double> candScore = stackalloc double[k];
        Span<int> candSlot = stackalloc int[k];
        Span<int> candLab = stackalloc int[k];
        for (int i = 0; i < n; i++)
        {
            int kept = 0, states = 0;
            if (skipPlain && NerTagger.IsPlain(in words[i]) && AllAfterO(lab, k, i, count))
            {
                // plain word after O in every hypothesis: O without scoring the word's features. Every label feature but
                // the two-label history is then the same for all hypotheses, as is every other feature, so the history
                // feature's O weight alone keeps their sums in the order full scoring gives them.
                for (int slot = 0; slot < count; slot++)
                {
                    int p2 = i > 1 ? lab[(i - 2) * k + back[(i - 1) * k + slot]] : -1;
                    double w = 0;
                    if (count > 1)
                    {
                        feats[0] = NerTagger.HistoryFeature(i > 0 ? 0 : -1, p2);
                        scorer.Score(feats[..1], s);
                        w = s[0];
                    }
                    Offer(candScore, candSlot, candLab, ref kept, score[slot] + w, slot, 0);
                }
            }
            else
            for (int slot = 0; slot < count; slot++)
            {
                int p1 = i > 0 ? lab[(i - 1) * k + slot] : -1;
                int p2 = i > 1 ? lab[(i - 2) * k + back[(i - 1) * k + slot]] : -1;
                int key = (p1 + 1) * 64 + (p2 + 1), st = -1;
                for (int x = 0; x < states; x++) if (stateKey[x] == key) { st = x; break; }
                if (st < 0)
                {
                    st = states++;
                    stateKey[st] = key;
                    var row0 = stateScores.Slice(st * classes, classes);
                    if (st == 0)
                    {
                        // all features once; the label-independent part is kept for the other label histories
                        int nf = Features(words, i, p1, p2, feats, domainCopies);
                        scorer.Score(feats[..nf], row0);
                        nf = LabelFeatures(words, i, p1, p2, feats, domainCopies);
                        scorer.Score(feats[..nf], s);
                        for (int c = 0; c < classes; c++) common[c] = row0[c] - s[c];
                    }
                    else
                    {
                        int nf = LabelFeatures(words, i, p1, p2, feats, domainCopies);
                        scorer.Score(feats[..nf], s);
                        for (int c = 0; c < classes; c++) row0[c] = common[c] + s[c];
                    }
                }
                var row = stateScores.Slice(st * classes, classes);
                for (int c = 0; c < classes; c++)
                    if (NerTagger.Allowed(p1, c)) Offer(candScore, candSlot, candLab, ref kept, score[slot] + row[c] + (bias.IsEmpty ? 0 : bias[c]), slot, c);
            }
            int newGold = -1;
            for (int x = 0; x < kept; x++)
            {
                lab[i * k + x] = candLab[x];
                back[i * k + x] = candSlot[x];
                next[x] = candScore[x];
                if (goldSlot >= 0 && candSlot[x] == goldSlot && candLab[x] == gold[i] && newGold < 0) newGold = x;
            }
            var swap = score;
            score = next;
            next = swap;
            count = kept;
            if (!gold.IsEmpty)
            {
                goldSlot = newGold;
                if (goldSlot < 0)
                {
                    Backtrack(lab, back, k, i, 0, labels);
                    return i + 1;
                }
            }
        }
        Backtrack(lab, back, k, n - 1, 0, labels);
        return n;
    }

    /// <summary>Whether every hypothesis of the beam labels the word before <paramref name="i"/> O (or <paramref name="i"/> is 0).</summary>
    private static bool AllAfterO(ReadOnlySpan<int> lab, int k, int i, int count)
    {
        if (i == 0) return true;
        for (int slot = 0; slot < count; slot++)
            if (lab[(i - 1) * k + slot] != 0) return false;
        return true;
    }

    /// <summary>Keeps the candidate if it is among the best <c>candScore.Length</c> so far (a later candidate with an equal score ranks after).</summary>
    private static void Offer(Span<double> candScore, Span<int> candSlot, Span<int> candLab, ref int kept, double value, int slot, int label)
    {
        int k = candScore.Length;
        if (kept == k && !(value > candScore[k - 1])) return;
        int at = kept < k ? kept : k - 1;
        while (at > 0 && value > candScore[at - 1])
        {
            candScore[at] = candScore[at - 1];
            candSlot[at] = candSlot[at - 1];
            candLab[at] = candLab[at - 1];
            at--;
        }
        candScore[at] = value;
        candSlot[at] = slot;
        candLab[at] = label;
        if (kept < k) kept++;
    }

    private static void Backtrack(ReadOnlySpan<int> lab, ReadOnlySpan<int> back, int k, int last, int slot, Span<int> labels)
    {
        for (int i = last; i >= 0; i--)
        {
            labels[i] = lab[i * k + slot];
            slot = back[i * k + slot];
        }
    }

    /// <summary>Structured perceptron update of the first <paramref name="length"/> positions: the gold sequence's features
    /// up, the predicted sequence's down, skipping positions where both have the same label and the same two previous labels.</summary>
    /// <returns>Whether the prefixes differed (an update was made).</returns>
    public static bool Update(AveragedPerceptron perceptron, ReadOnlySpan<NerWord> words, ReadOnlySpan<int> gold, ReadOnlySpan<int> predicted, int length, bool domainCopies)
    {
        Span<ulong> feats = stackalloc ulong[NerTagger.MaxFeatures * 2];
        bool any = false;
        for (int j = 0; j < length; j++)
        {
            int g1 = j > 0 ? gold[j - 1] : -1, g2 = j > 1 ? gold[j - 2] : -1;
            int q1 = j > 0 ? predicted[j - 1] : -1, q2 = j > 1 ? predicted[j - 2] : -1;
            if (gold[j] == predicted[j] && g1 == q1 && g2 == q2) continue;
            any = true;
            int nf = Features(words, j, g1, g2, feats, domainCopies);
            perceptron.Add(feats[..nf], gold[j], 1f);
            nf = Features(words, j, q1, q2, feats, domainCopies);
            perceptron.Add(feats[..nf], predicted[j], -1f);
        }
        return any;
    }

    private static int LabelFeatures(ReadOnlySpan<NerWord> words, int i, int p1, int p2, Span<ulong> feats, bool domainCopies)
    {
        int nf = NerTagger.LabelFeatures(words, i, p1, p2, feats);
        return domainCopies ? NerTrainer.AddDomainCopies(feats, nf) : nf;
    }

    private static int Features(ReadOnlySpan<NerWord> words, int i, int p1, int p2, Span<ulong> feats, bool domainCopies)
    {
        int nf = NerTagger.Features(words, i, p1, p2, feats);
        return domainCopies ? NerTrainer.AddDomainCopies(feats, nf) : nf;
    }
}
