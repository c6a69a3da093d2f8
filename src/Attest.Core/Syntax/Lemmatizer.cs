using System.Globalization;

namespace Attest.Syntax;

/// <summary>
/// Lemmatizer: a lexicon of (form, XPOS) → lemma seen in training, and for unseen words an averaged-perceptron classifier
/// choosing an edit script (optionally lowercase, strip k final characters, append a suffix). Immutable and thread-safe.
/// </summary>
public sealed class Lemmatizer
{
    internal const int MaxFeatures = 24;
    private readonly HashIndex lexicon;
    private readonly bool[] lowerScript;
    private readonly int[] stripScript;
    private readonly string[] appendScript;

    internal Lemmatizer(string[] scripts, LinearModel model, ulong[] lexKeys, string[] lexLemmas)
    {
        Scripts = scripts;
        Model = model;
        LexKeys = lexKeys;
        LexLemmas = lexLemmas;
        lexicon = new HashIndex(lexKeys.Length);
        for (int i = 0; i < lexKeys.Length; i++) lexicon.TryAdd(lexKeys[i], i);
        lowerScript = new bool[scripts.Length];
        stripScript = new int[scripts.Length];
        appendScript = new string[scripts.Length];
        for (int i = 0; i < scripts.Length; i++)
        {
            var parts = scripts[i].Split('|');
            if (parts.Length != 3) throw new InvalidDataException($"bad edit script '{scripts[i]}'");
            lowerScript[i] = parts[0] == "L";
            stripScript[i] = int.Parse(parts[1], CultureInfo.InvariantCulture);
            appendScript[i] = parts[2];
        }
    }

    internal string[] Scripts { get; }
    internal LinearModel Model { get; }
    internal ulong[] LexKeys { get; }
    internal string[] LexLemmas { get; }

    internal static ulong LexKey(ReadOnlySpan<char> form, string xpos) => FeatureHash.F(1, FeatureHash.Of(form), FeatureHash.Of(xpos));

    /// <summary>Edit script turning <paramref name="form"/> into <paramref name="lemma"/>: "L|k|suffix" or "K|k|suffix".</summary>
    internal static string ScriptFor(string form, string lemma)
    {
        string Make(string b, char flag)
        {
            int lcp = 0;
            while (lcp < b.Length && lcp < lemma.Length && b[lcp] == lemma[lcp]) lcp++;
            return string.Create(CultureInfo.InvariantCulture, $"{flag}|{b.Length - lcp}|{lemma[lcp..]}");
        }
        var keep = Make(form, 'K');
        var lower = Make(form.ToLowerInvariant(), 'L');
        return lower.Length < keep.Length ? lower : keep;
    }

    internal string Apply(int script, ReadOnlySpan<char> form)
    {
        int strip = stripScript[script];
        if (strip > form.Length) return form.ToString();
        var stem = form[..^strip];
        var s = lowerScript[script] ? stem.ToString().ToLowerInvariant() : stem.ToString();
        return s + appendScript[script];
    }

    public string Lemmatize(ReadOnlySpan<char> form, UPos upos, string xpos)
    {
        int lex = lexicon.Get(LexKey(form, xpos));
        if (lex >= 0) return LexLemmas[lex];
        Span<ulong> feats = stackalloc ulong[MaxFeatures];
        int nf = Features(form, upos, xpos, feats);
        Span<int> scores = stackalloc int[Model.Stride * 2];
        Model.Score(feats[..nf], scores);
        int best = -1;
        for (int c = 0; c < Model.Classes; c++)
            if (stripScript[c] <= form.Length && (best < 0 || scores[c] > scores[best])) best = c;
        return best < 0 ? form.ToString() : Apply(best, form);
    }

    internal static int Features(ReadOnlySpan<char> form, UPos upos, string xpos, Span<ulong> f)
    {
        int n = 0;
        ulong u = (ulong)upos + 1, x = FeatureHash.Of(xpos);
        Span<char> low = form.Length <= 64 ? stackalloc char[form.Length] : new char[form.Length];
        form.ToLowerInvariant(low);
        f[n++] = FeatureHash.F(0, x);
        f[n++] = FeatureHash.F(1, u);
        f[n++] = FeatureHash.F(2, FeatureHash.Of(low), x);
        for (int k = 1; k <= 6; k++)
        {
            ulong suf = FeatureHash.Of(low[Math.Max(0, low.Length - k)..]);
            f[n++] = FeatureHash.F(10 + k, suf, x);
            f[n++] = FeatureHash.F(20 + k, suf);
        }
        f[n++] = FeatureHash.F(3, form.Length > 0 && char.IsUpper(form[0]) ? 1UL : 0UL, x);
        f[n++] = FeatureHash.F(4, (ulong)Math.Min(form.Length, 12), x);
        f[n++] = FeatureHash.F(5, form.ContainsAnyInRange('0', '9') ? 1UL : 0UL, x);
        return n;
    }

    public void Save(string path) => ModelFile.Save(path, ModelKind.Lemmatizer, Write);

    internal void Write(BinaryWriter w)
    {
        ModelFile.WriteStrings(w, Scripts);
        w.Write(LexKeys.Length);
        for (int i = 0; i < LexKeys.Length; i++) { w.Write(LexKeys[i]); w.Write(LexLemmas[i]); }
        Model.Write(w);
    }

    public static Lemmatizer Load(string path) => ModelFile.Load(path, ModelKind.Lemmatizer, Read);

    internal static Lemmatizer Read(BinaryReader r)
    {
        var scripts = ModelFile.ReadStrings(r);
        int n = r.ReadInt32();
        if (n < 0 || n > 10_000_000) throw new InvalidDataException("implausible lexicon size");
        var k = new ulong[n];
        var l = new string[n];
        for (int i = 0; i < n; i++) { k[i] = r.ReadUInt64(); l[i] = r.ReadString(); }
        var model = LinearModel.Read(r);
        if (model.Classes != scripts.Length) throw new InvalidDataException("lemmatizer model class count does not match its scripts");
        return new Lemmatizer(scripts, model, k, l);
    }
}

/// <summary>Trains a <see cref="Lemmatizer"/>.</summary>
public static class LemmatizerTrainer
{
    public static Lemmatizer Train(IReadOnlyList<ConlluSentence> train, IReadOnlyList<ConlluSentence>? dev, int epochs, int seed, TextWriter log)
    {
        var scriptIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var scripts = new List<string>();
        var lexCounts = new Dictionary<(string, string), Dictionary<string, int>>();
        var items = new List<(string Form, UPos Upos, string Xpos, int Script)>();
        var scriptCount = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in train)
            foreach (var w in s.Words)
            {
                var sc = Lemmatizer.ScriptFor(w.Form, w.Lemma);
                scriptCount[sc] = scriptCount.GetValueOrDefault(sc) + 1;
                if (!lexCounts.TryGetValue((w.Form, w.Xpos), out var d)) lexCounts[(w.Form, w.Xpos)] = d = new Dictionary<string, int>(StringComparer.Ordinal);
                d[w.Lemma] = d.GetValueOrDefault(w.Lemma) + 1;
            }
        foreach (var s in train)
            foreach (var w in s.Words)
            {
                var sc = Lemmatizer.ScriptFor(w.Form, w.Lemma);
                if (scriptCount[sc] < 2) continue;
                if (!scriptIds.TryGetValue(sc, out int id)) { id = scripts.Count; scriptIds[sc] = id; scripts.Add(sc); }
                items.Add((w.Form, w.UposTag, w.Xpos, id));
            }
        var lexKeys = new List<ulong>();
        var lexLemmas = new List<string>();
        foreach (var ((form, xpos), d) in lexCounts.OrderBy(kv => kv.Key.Item1, StringComparer.Ordinal).ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal))
        {
            var best = d.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
            lexKeys.Add(Lemmatizer.LexKey(form, xpos));
            lexLemmas.Add(best);
        }
        log.WriteLine($"lemmatizer: {items.Count} training words, {scripts.Count} edit scripts, {lexKeys.Count} lexicon entries");
        var perceptron = new AveragedPerceptron(scripts.Count);
        var rng = new Random(seed);
        var order = Enumerable.Range(0, items.Count).ToArray();
        Span<ulong> feats = stackalloc ulong[Lemmatizer.MaxFeatures];
        var scores = new float[scripts.Count];
        Lemmatizer? result = null;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            rng.Shuffle(order);
            int correct = 0;
            foreach (int i in order)
            {
                var it = items[i];
                int nf = Lemmatizer.Features(it.Form, it.Upos, it.Xpos, feats);
                perceptron.Score(feats[..nf], scores);
                int guess = 0;
                for (int c = 1; c < scores.Length; c++) if (scores[c] > scores[guess]) guess = c;
                perceptron.Update(feats[..nf], it.Script, guess);
                perceptron.Tick();
                if (guess == it.Script) correct++;
            }
            result = new Lemmatizer(scripts.ToArray(), perceptron.Build(), lexKeys.ToArray(), lexLemmas.ToArray());
            var devScore = dev is null ? "" : string.Create(CultureInfo.InvariantCulture, $" dev lemma (gold tags) {Evaluate(result, dev):F2}");
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lemmatizer epoch {epoch}: train acc {100.0 * correct / items.Count:F2}{devScore}"));
        }
        return result!;
    }

    /// <summary>Lemma accuracy with gold tags.</summary>
    public static double Evaluate(Lemmatizer lemmatizer, IReadOnlyList<ConlluSentence> sentences)
    {
        int ok = 0, n = 0;
        foreach (var s in sentences)
            foreach (var w in s.Words)
            {
                n++;
                var u = w.UposTag;
                if (lemmatizer.Lemmatize(w.Form, u, w.Xpos) == w.Lemma) ok++;
            }
        return 100.0 * ok / n;
    }
}
