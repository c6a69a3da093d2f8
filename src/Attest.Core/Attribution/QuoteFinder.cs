namespace Attest.Attribution;

/// <summary>A quotation: the marks at <see cref="Open"/> and (when closed) <see cref="Close"/>; content lies between.</summary>
/// <param name="Open">index of the opening mark</param>
/// <param name="Close">index of the closing mark, or the paragraph end when <paramref name="Closed"/> is false</param>
public readonly record struct QuoteSpan(int Open, int Close, bool Closed)
{
    public int ContentStart => Open + 1;
    public int ContentEnd => Close;
    /// <summary>End of the quotation including its closing mark.</summary>
    public int End => Closed ? Close + 1 : Close;
}

/// <summary>
/// Finds double-quoted passages in any mark style (“…”, "…", „…“, «…», mixed curly and straight). A quote left open at
/// a paragraph break ends there with <see cref="QuoteSpan.Closed"/> false: the newswire convention for a quote that
/// runs on into the next paragraph, which opens with a mark of its own.
/// </summary>
public static class QuoteFinder
{
    public static List<QuoteSpan> Find(string text)
    {
        var quotes = new List<QuoteSpan>();
        int open = -1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                if (open >= 0)
                {
                    int end = i;
                    while (end > open + 1 && char.IsWhiteSpace(text[end - 1])) end--;
                    quotes.Add(new QuoteSpan(open, end, false));
                    open = -1;
                }
                continue;
            }
            switch (c)
            {
                case '\u201C' or '\u201E' or '\u00AB': // “ „ «
                    if (open >= 0) quotes.Add(new QuoteSpan(open, TrimEnd(text, open, i), false));
                    open = i;
                    break;
                case '\u201D' or '\u00BB': // ” »
                    if (open >= 0) { quotes.Add(new QuoteSpan(open, i, true)); open = -1; }
                    break;
                case '"':
                    bool opening = IsOpeningStraight(text, i);
                    if (open < 0 && opening) open = i;
                    else if (open >= 0 && !(opening && i == open + 1)) { quotes.Add(new QuoteSpan(open, i, true)); open = -1; }
                    break;
            }
        }
        if (open >= 0) quotes.Add(new QuoteSpan(open, TrimEnd(text, open, text.Length), false));
        return quotes;
    }

    private static int TrimEnd(string text, int open, int end)
    {
        while (end > open + 1 && char.IsWhiteSpace(text[end - 1])) end--;
        return end;
    }

    /// <summary>A straight mark opens when it follows a space, an opening bracket or dash, or starts the text, and precedes a non-space.</summary>
    private static bool IsOpeningStraight(string text, int i)
    {
        bool before = i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '[' or '\u2014' or '\u2013' or '-' or ':';
        bool after = i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]);
        return before && after;
    }
}
