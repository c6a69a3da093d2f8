namespace Attest.Syntax;

/// <summary>
/// Averaged perceptron that ranks candidates, each described by a run of feature hashes, as the second stages
/// (<see cref="PunctAttacherTrainer"/>, <see cref="HeadReviserTrainer"/>) train it: one float weight per feature, a wrong
/// choice moves the gold candidate's features up by 1 and the chosen one's down, and averaging uses the running-sum
/// trick (weight − accumulated step-weighted updates / steps). Training only; deterministic (no hashing order enters a result).
/// </summary>
internal sealed class CandidateRanker
{
    private readonly Dictionary<ulong, int> index = [];
    private readonly List<float> weights = [];
    private readonly List<float> updates = [];
    private long step = 1;

    /// <summary>The current (not averaged) score of a candidate: its features' weights summed in order.</summary>
    public float Score(ReadOnlySpan<ulong> features)
    {
        float sum = 0;
        foreach (ulong f in features)
        {
            if (index.TryGetValue(f, out int slot)) sum += weights[slot];
        }
        return sum;
    }

    /// <summary>A wrong choice: the gold candidate's features go up by 1, the predicted one's down by 1.</summary>
    public void Update(ReadOnlySpan<ulong> gold, ReadOnlySpan<ulong> predicted)
    {
        foreach (ulong f in gold) Add(f, 1);
        foreach (ulong f in predicted) Add(f, -1);
    }

    private void Add(ulong feature, float delta)
    {
        if (!index.TryGetValue(feature, out int slot))
        {
            slot = weights.Count;
            index[feature] = slot;
            weights.Add(0);
            updates.Add(0);
        }
        weights[slot] += delta;
        updates[slot] += delta * step;
    }

    /// <summary>One training instance done (the averaging clock).</summary>
    public void Tick() => step++;

    /// <summary>The averaged weights whose magnitude exceeds <paramref name="threshold"/>, sorted by feature.</summary>
    public (ulong[] Keys, float[] Weights) Averaged(float threshold)
    {
        var pairs = new List<(ulong Key, float Value)>(index.Count);
        foreach (var (key, i) in index)
        {
            float avg = weights[i] - updates[i] / step;
            if (Math.Abs(avg) > threshold) pairs.Add((key, avg));
        }
        pairs.Sort((a, b) => a.Key.CompareTo(b.Key));
        return (pairs.Select(p => p.Key).ToArray(), pairs.Select(p => p.Value).ToArray());
    }
}
