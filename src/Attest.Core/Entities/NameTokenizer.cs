namespace Attest.Entities;

/// <summary>
/// A small whitespace/punctuation splitter used for dictionary names and stand-alone date expressions. It splits
/// roughly like the news tokenizer: clitics ('s, n't) and surrounding punctuation become tokens, abbreviations
/// (U.S., Dr., Dec.) keep their period, hyphenated words stay whole.
/// </summary>
internal static class NameTokenizer
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "lt.", "col.", "capt.", "maj.", "brig.", "adm.", "sgt.", "sen.",
        "rep.", "gov.", "rev.", "st.", "corp.", "inc.", "ltd.", "co.", "no.", "vs.", "jr.", "sr.", "jan.", "feb.",
        "mar.", "apr.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "mt.", "ft.", "gov't.",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationLookup = Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    public static List<(int Start, int End)> Split(string text)
    {
        var result = new List<(int, int)>();
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) break;
            int j = i;
            while (j < text.Length && !char.IsWhiteSpace(text[j])) j++;
            SplitChunk(text, i, j, result);
            i = j;
        }
        return result;
    }

    private static bool IsDash(char c) => c is '\u2014' or '\u2013' or '\u2026';

    private static void SplitChunk(string text, int start, int end, List<(int, int)> result)
    {
        // dashes and ellipses split a chunk ("missiles—some")
        for (int k = start; k < end; k++)
        {
            if (IsDash(text[k]))
            {
                if (k > start) SplitChunk(text, start, k, result);
                result.Add((k, k + 1));
                if (k + 1 < end) SplitChunk(text, k + 1, end, result);
                return;
            }
        }
        var tail = new List<(int, int)>();
        while (start < end && IsLeadPunct(text[start]))
        {
            result.Add((start, start + 1));
            start++;
        }
        while (end > start)
        {
            char c = text[end - 1];
            if (IsTrailPunct(c))
            {
                tail.Add((end - 1, end));
                end--;
                continue;
            }
            if (c == '.' && end - start > 1 && !IsAbbreviation(text.AsSpan(start, end - start)))
            {
                tail.Add((end - 1, end));
                end--;
                continue;
            }
            break;
        }
        if (end > start)
        {
            var w = text.AsSpan(start, end - start);
            if (w.Length > 2 && (w.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || w.EndsWith("\u2019s", StringComparison.OrdinalIgnoreCase)))
            {
                result.Add((start, end - 2));
                result.Add((end - 2, end));
            }
            else if (w.Length > 3 && w.EndsWith("n't", StringComparison.OrdinalIgnoreCase))
            {
                result.Add((start, end - 3));
                result.Add((end - 3, end));
            }
            else if (w.Length > 2 && (w[^1] == '\'' || w[^1] == '\u2019') && (w[^2] == 's' || w[^2] == 'S'))
            {
                result.Add((start, end - 1));
                result.Add((end - 1, end));
            }
            else if (w.Length > 1 && (w[^1] == '\'' || w[^1] == '\u2019'))
            {
                result.Add((start, end - 1));
                result.Add((end - 1, end));
            }
            else
            {
                result.Add((start, end));
            }
        }
        for (int k = tail.Count - 1; k >= 0; k--) result.Add(tail[k]);
    }

    private static bool IsLeadPunct(char c) => c is '"' or '\u201C' or '\u201D' or '\u2018' or '\u2019' or '\'' or '(' or '[' or '{' or '\u00AB';

    private static bool IsTrailPunct(char c) => c is '"' or '\u201C' or '\u201D' or '\u2018' or ')' or ']' or '}' or '\u00BB' or ',' or ';' or ':' or '!' or '?';

    private static bool IsAbbreviation(ReadOnlySpan<char> w)
    {
        // "U.S.", "D.C.", "a.m.": another period inside
        if (w[..^1].Contains('.')) return true;
        // single capital letter "J."
        if (w.Length == 2 && char.IsUpper(w[0])) return true;
        return AbbreviationLookup.Contains(w);
    }
}
