namespace Attest.Syntax;

/// <summary>One sentence as a second stage (punctuation re-attacher, head reviser) trains on it: per word the form, the
/// predicted XPOS, UPOS, relation and head (sentence-local, −1 for the root), and the gold head and relation.</summary>
internal sealed record PredictedTree(string[] Forms, string[] Xpos, UPos[] Upos, string[] Rel, int[] Heads, int[] GoldHeads, string[] GoldRel)
{
    public int Count => Forms.Length;
}

/// <summary>The parser's trees of treebank sentences for training and scoring the second stages: parsed here (gold
/// tokens), or read from a file of predicted trees such as <c>attest train jackknife</c> writes.</summary>
internal static class SecondStageTrees
{
    /// <summary>The trees <paramref name="analyzer"/> predicts for the sentences, with gold tokens.</summary>
    public static List<PredictedTree> Parse(PerceptronSyntaxAnalyzer analyzer, IReadOnlyList<ConlluSentence> sentences, int batch = 256)
    {
        var result = new List<PredictedTree>(sentences.Count);
        for (int start = 0; start < sentences.Count; start += batch)
        {
            int count = Math.Min(batch, sentences.Count - start);
            var text = SyntaxEvaluator.GoldTokens(sentences, start, count);
            var layer = analyzer.Analyze(text);
            int t = 0;
            for (int s = start; s < start + count; s++)
            {
                var sent = sentences[s];
                int n = sent.Count, first = t;
                var tree = Empty(n);
                for (int i = 0; i < n; i++, t++)
                {
                    tree.Forms[i] = text.TokenText(t);
                    tree.Xpos[i] = layer.Xpos[t];
                    tree.Upos[i] = layer.Upos[t];
                    tree.Rel[i] = layer.Relations[t];
                    tree.Heads[i] = layer.Heads[t] < 0 ? -1 : layer.Heads[t] - first;
                    tree.GoldHeads[i] = sent.Words[i].Head - 1;
                    tree.GoldRel[i] = sent.Words[i].Deprel;
                }
                result.Add(tree);
            }
        }
        return result;
    }

    /// <summary>
    /// Predicted trees of the training sentences (e.g. jackknifed ones), aligned with them by order: each pair must have
    /// the same <c># sent_id</c> (when both have one), word count and forms. Tags, heads and relations come from
    /// <paramref name="trees"/>, the gold heads and relations from <paramref name="train"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The files do not align, or a predicted head lies outside its sentence.</exception>
    public static List<PredictedTree> Align(IReadOnlyList<ConlluSentence> train, IReadOnlyList<ConlluSentence> trees, string source)
    {
        if (trees.Count != train.Count)
            throw new InvalidDataException($"{source}: {trees.Count} sentences, but the training data has {train.Count} (the trees file must hold every training sentence in order)");
        var result = new List<PredictedTree>(train.Count);
        for (int s = 0; s < train.Count; s++)
        {
            var g = train[s];
            var t = trees[s];
            string? gid = SentId(g), tid = SentId(t);
            if (gid is not null && tid is not null && gid != tid)
                throw new InvalidDataException($"{source}: sentence {s + 1} has sent_id '{tid}', the training sentence '{gid}'");
            if (g.Count != t.Count)
                throw new InvalidDataException($"{source}: sentence {s + 1} ({tid ?? gid ?? "no sent_id"}) has {t.Count} words, the training sentence {g.Count}");
            int n = g.Count;
            var tree = Empty(n);
            for (int i = 0; i < n; i++)
            {
                var tw = t.Words[i];
                if (tw.Form != g.Words[i].Form)
                    throw new InvalidDataException($"{source}: sentence {s + 1} ({tid ?? gid ?? "no sent_id"}) word {i + 1} is '{tw.Form}', in the training sentence '{g.Words[i].Form}'");
                if (tw.Head < 0 || tw.Head > n)
                    throw new InvalidDataException($"{source}: sentence {s + 1} ({tid ?? gid ?? "no sent_id"}) word {i + 1} has no head within the sentence");
                tree.Forms[i] = tw.Form;
                tree.Xpos[i] = tw.Xpos;
                tree.Upos[i] = tw.UposTag;
                tree.Rel[i] = tw.Deprel;
                tree.Heads[i] = tw.Head - 1;
                tree.GoldHeads[i] = g.Words[i].Head - 1;
                tree.GoldRel[i] = g.Words[i].Deprel;
            }
            result.Add(tree);
        }
        return result;
    }

    private static PredictedTree Empty(int n) => new(new string[n], new string[n], new UPos[n], new string[n], new int[n], new int[n], new string[n]);

    /// <summary>The value of a sentence's <c># sent_id</c> comment, or null.</summary>
    public static string? SentId(ConlluSentence s)
    {
        foreach (var c in s.Comments)
        {
            if (!c.StartsWith("# sent_id", StringComparison.Ordinal)) continue;
            int eq = c.IndexOf('=', StringComparison.Ordinal);
            return eq < 0 ? null : c[(eq + 1)..].Trim();
        }
        return null;
    }
}
