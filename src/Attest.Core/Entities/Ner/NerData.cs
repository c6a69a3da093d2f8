using System.Globalization;
using System.Text;

namespace Attest.Entities.Ner;

/// <summary>One sentence with BIO labels ("O", "B-PER", "I-ORG", …).</summary>
public sealed record NerSentence(string[] Forms, string[] Labels)
{
    /// <summary>The <c># sent_id =</c> comment, when present.</summary>
    public string? Id { get; init; }

    /// <summary>The latest <c># newdoc id =</c> at or before the sentence, when present.</summary>
    public string? Doc { get; init; }
}

/// <summary>
/// Reads NER data: UNER-style IOB2 (<c>ID\tFORM\tTAG…</c>, <c>#</c> comments) or CoNLL-U whose MISC column carries
/// <c>NER=B-PER</c> (words without it are O; multiword range lines and empty nodes are skipped).
/// </summary>
public static class NerReader
{
    public static List<NerSentence> ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader);
    }

    public static List<NerSentence> Read(TextReader reader)
    {
        var result = new List<NerSentence>();
        var forms = new List<string>();
        var labels = new List<string>();
        string? line;
        string? id = null, doc = null;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                Flush();
                continue;
            }
            if (line[0] == '#')
            {
                if (line.StartsWith("# sent_id =", StringComparison.Ordinal)) id = line[11..].Trim();
                else if (line.StartsWith("# newdoc id =", StringComparison.Ordinal)) doc = line[13..].Trim();
                continue;
            }
            var cols = line.Split('\t');
            if (cols.Length < 3) throw new InvalidDataException($"NER data line has fewer than 3 columns: {line}");
            if (cols[0].Contains('-', StringComparison.Ordinal) || cols[0].Contains('.', StringComparison.Ordinal)) continue;
            forms.Add(cols[1]);
            labels.Add(cols.Length >= 10 ? FromMisc(cols[9]) : Normalize(cols[2]));
        }
        Flush();
        return result;

        void Flush()
        {
            if (forms.Count == 0) return;
            result.Add(new NerSentence(forms.ToArray(), labels.ToArray()) { Id = id, Doc = doc });
            id = null;
            forms.Clear();
            labels.Clear();
        }
    }

    private static string FromMisc(string misc)
    {
        foreach (var part in misc.Split('|'))
            if (part.StartsWith("NER=", StringComparison.Ordinal)) return Normalize(part[4..]);
        return "O";
    }

    private static string Normalize(string tag) =>
        tag.Length > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-' ? tag : "O";
}

/// <summary>Precision, recall and F1 (percentages) over exact spans.</summary>
public sealed record NerScore(int Gold, int Predicted, int Correct)
{
    public double Precision => Predicted == 0 ? 0 : 100.0 * Correct / Predicted;
    public double Recall => Gold == 0 ? 0 : 100.0 * Correct / Gold;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"P {Precision:F2} R {Recall:F2} F1 {F1:F2} (gold {Gold}, predicted {Predicted}, correct {Correct})");
}

/// <summary>Micro scores over the scored types plus one score per type.</summary>
public sealed record NerScores(NerScore Micro, IReadOnlyDictionary<string, NerScore> Types);

/// <summary>Exact-span evaluation of BIO labellings.</summary>
public static class NerEvaluator
{
    /// <summary>The types the issue-4 bar is measured on (OTH counts as O).</summary>
    public static readonly IReadOnlyList<string> ScoredTypes = ["PER", "ORG", "LOC"];

    /// <summary>Spans (start, end exclusive, type) of a BIO labelling; a stray I- starts a span.</summary>
    public static List<(int Start, int End, string Type)> Spans(IReadOnlyList<string> labels)
    {
        var spans = new List<(int, int, string)>();
        int start = -1;
        string? type = null;
        for (int i = 0; i <= labels.Count; i++)
        {
            string l = i < labels.Count ? labels[i] : "O";
            bool inside = l.StartsWith("I-", StringComparison.Ordinal) && type is not null && l.AsSpan(2).SequenceEqual(type);
            if (inside) continue;
            if (type is not null) spans.Add((start, i, type));
            type = null;
            if (l.Length > 2 && l[1] == '-') { start = i; type = l[2..]; }
        }
        return spans;
    }

    public static NerScores Evaluate(IReadOnlyList<NerSentence> gold, IReadOnlyList<string[]> predicted)
    {
        var g = new Dictionary<string, int>(StringComparer.Ordinal);
        var p = new Dictionary<string, int>(StringComparer.Ordinal);
        var c = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in ScoredTypes) { g[t] = 0; p[t] = 0; c[t] = 0; }
        for (int s = 0; s < gold.Count; s++)
        {
            var gs = Spans(gold[s].Labels).Where(x => g.ContainsKey(x.Type)).ToList();
            var ps = Spans(predicted[s]).Where(x => g.ContainsKey(x.Type)).ToList();
            foreach (var x in gs) g[x.Type]++;
            foreach (var x in ps) p[x.Type]++;
            var set = new HashSet<(int, int, string)>(gs);
            foreach (var x in ps) if (set.Contains(x)) c[x.Type]++;
        }
        var types = ScoredTypes.ToDictionary(t => t, t => new NerScore(g[t], p[t], c[t]), StringComparer.Ordinal);
        var micro = new NerScore(g.Values.Sum(), p.Values.Sum(), c.Values.Sum());
        return new NerScores(micro, types);
    }
}
