using System.Globalization;
using System.Text;

namespace Attest.Syntax;

/// <summary>One syntactic word of a CoNLL-U sentence (multiword-token range lines are kept separately).</summary>
public sealed record ConlluWord(string Form, string Lemma, string Upos, string Xpos, string Feats, int Head, string Deprel, string Deps, string Misc)
{
    public bool SpaceAfter => !Misc.Contains("SpaceAfter=No", StringComparison.Ordinal);

    /// <summary>The UPOS column as a tag; X when it is not a UD tag.</summary>
    public UPos UposTag => Enum.TryParse<UPos>(Upos, out var u) ? u : UPos.X;
}

/// <summary>A multiword token (range line <c>first-last</c>) over syntactic words, 0-based word indexes.</summary>
public sealed record ConlluMultiword(int First, int Last, string Form, string Misc)
{
    public bool SpaceAfter => !Misc.Contains("SpaceAfter=No", StringComparison.Ordinal);
}

/// <summary>A sentence read from a CoNLL-U file. Word heads are 1-based (0 = root), as in the file.</summary>
public sealed class ConlluSentence
{
    public ConlluSentence(IReadOnlyList<string> comments, ConlluWord[] words, ConlluMultiword[] multiwords, string? documentId, bool newDocument, bool newParagraph)
    {
        Comments = comments;
        Words = words;
        Multiwords = multiwords;
        DocumentId = documentId;
        NewDocument = newDocument;
        NewParagraph = newParagraph;
    }

    public IReadOnlyList<string> Comments { get; }
    public ConlluWord[] Words { get; }
    public ConlluMultiword[] Multiwords { get; }
    /// <summary>The id of the latest <c># newdoc id =</c> seen at or before this sentence.</summary>
    public string? DocumentId { get; }
    public bool NewDocument { get; }
    public bool NewParagraph { get; }
    public int Count => Words.Length;

    public string? Text
    {
        get
        {
            foreach (var c in Comments)
                if (c.StartsWith("# text = ", StringComparison.Ordinal)) return c[9..];
            return null;
        }
    }
}

/// <summary>Streaming CoNLL-U reader: one sentence at a time, fields cut from spans of each line.</summary>
public static class ConlluReader
{
    public static IEnumerable<ConlluSentence> ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        foreach (var s in Read(reader, path)) yield return s;
    }

    public static IEnumerable<ConlluSentence> Read(TextReader reader, string source = "<stream>")
    {
        var comments = new List<string>();
        var words = new List<ConlluWord>();
        var multi = new List<ConlluMultiword>();
        string? docId = null;
        bool newDoc = false, newPar = false;
        int lineNo = 0;
        string? line;
        while (true)
        {
            line = reader.ReadLine();
            lineNo++;
            if (line is null || line.Length == 0)
            {
                if (words.Count > 0)
                {
                    yield return new ConlluSentence(comments.ToArray(), words.ToArray(), multi.ToArray(), docId, newDoc, newPar);
                    newDoc = newPar = false;
                }
                comments.Clear();
                words.Clear();
                multi.Clear();
                if (line is null) yield break;
                continue;
            }
            if (line[0] == '#')
            {
                comments.Add(line);
                if (line.StartsWith("# newdoc", StringComparison.Ordinal))
                {
                    newDoc = newPar = true;
                    int eq = line.IndexOf('=', StringComparison.Ordinal);
                    docId = eq >= 0 ? line[(eq + 1)..].Trim() : null;
                }
                else if (line.StartsWith("# newpar", StringComparison.Ordinal)) newPar = true;
                continue;
            }
            ParseWord(line, words, multi, source, lineNo);
        }
    }

    private static void ParseWord(string line, List<ConlluWord> words, List<ConlluMultiword> multi, string source, int lineNo)
    {
        Span<Range> parts = stackalloc Range[11];
        var span = line.AsSpan();
        int n = span.Split(parts, '\t');
        if (n != 10) throw new InvalidDataException($"{source}:{lineNo}: expected 10 tab-separated fields, found {n}");
        var id = span[parts[0]];
        int dash = id.IndexOf('-');
        if (dash >= 0)
        {
            int first = int.Parse(id[..dash], NumberStyles.None, CultureInfo.InvariantCulture);
            int last = int.Parse(id[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
            multi.Add(new ConlluMultiword(first - 1, last - 1, span[parts[1]].ToString(), span[parts[9]].ToString()));
            return;
        }
        if (id.IndexOf('.') >= 0) return; // empty nodes of enhanced graphs
        var headField = span[parts[6]];
        int head = headField is "_" ? -1 : int.Parse(headField, NumberStyles.None, CultureInfo.InvariantCulture);
        words.Add(new ConlluWord(
            span[parts[1]].ToString(), span[parts[2]].ToString(), span[parts[3]].ToString(), span[parts[4]].ToString(),
            span[parts[5]].ToString(), head, span[parts[7]].ToString(), span[parts[8]].ToString(), span[parts[9]].ToString()));
    }

    /// <summary>True when the sentence belongs to a GUM genre whose licence is non-commercial (whow, fiction).</summary>
    public static bool IsExcludedGumGenre(ConlluSentence sentence)
    {
        var id = sentence.DocumentId;
        return id is not null && (id.StartsWith("GUM_whow", StringComparison.Ordinal) || id.StartsWith("GUM_fiction", StringComparison.Ordinal));
    }

    /// <summary>Reads training files, dropping GUM documents of excluded genres.</summary>
    public static List<ConlluSentence> ReadTraining(IEnumerable<string> paths)
    {
        var all = new List<ConlluSentence>();
        foreach (var p in paths)
            foreach (var s in ReadFile(p))
                if (!IsExcludedGumGenre(s)) all.Add(s);
        return all;
    }
}

/// <summary>Writes CoNLL-U sentences.</summary>
public static class ConlluWriter
{
    public static void Write(TextWriter writer, ConlluSentence sentence)
    {
        foreach (var c in sentence.Comments) writer.Write(c + "\n");
        int m = 0;
        for (int i = 0; i < sentence.Words.Length; i++)
        {
            while (m < sentence.Multiwords.Length && sentence.Multiwords[m].First == i)
            {
                var mw = sentence.Multiwords[m++];
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{mw.First + 1}-{mw.Last + 1}\t{mw.Form}\t_\t_\t_\t_\t_\t_\t_\t{mw.Misc}\n"));
            }
            var w = sentence.Words[i];
            var head = w.Head < 0 ? "_" : w.Head.ToString(CultureInfo.InvariantCulture);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{i + 1}\t{w.Form}\t{w.Lemma}\t{w.Upos}\t{w.Xpos}\t{w.Feats}\t{head}\t{w.Deprel}\t{w.Deps}\t{w.Misc}\n"));
        }
        writer.Write('\n');
    }
}
