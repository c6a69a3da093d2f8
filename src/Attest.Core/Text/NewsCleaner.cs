using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Attest.Model;

namespace Attest.Text;

/// <summary>Options of <see cref="NewsCleaner"/>.</summary>
public sealed record CleanerOptions
{
    /// <summary>Treat the first line of plain text as the headline (default true).</summary>
    public bool FirstLineIsTitle { get; init; } = true;

    /// <summary>Detect a subtitle/standfirst right after the headline (default true).</summary>
    public bool DetectSubtitle { get; init; } = true;

    /// <summary>Paragraphs longer than this are never taken for captions, credits, bylines or boilerplate.</summary>
    public int MaxNoiseLength { get; init; } = 400;
}

/// <summary>
/// Stage 1a: turns a news article (plain text in the "headline / standfirst / paragraphs" layout, or an HTML page
/// read with SmartReader) into body text of paragraphs joined by "\n\n", and lists everything it takes out —
/// headline, subtitle, photo captions and credits, author notes and bylines, trailing boilerplate, duplicated
/// paragraphs — in <see cref="CleanedDocument.Removed"/>. Decisions are made per paragraph from its form and its
/// neighbours (a caption sits beside a credit line or is printed twice), never from its position alone.
/// Immutable and thread-safe.
/// </summary>
public sealed partial class NewsCleaner : IDocumentCleaner
{
    public static NewsCleaner Default { get; } = new();

    public NewsCleaner(CleanerOptions? options = null) => Options = options ?? new CleanerOptions();

    public CleanerOptions Options { get; }

    public CleanedDocument Clean(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var content = document.Content ?? string.Empty;
        bool html = document.Format == InputFormat.Html || (document.Format == InputFormat.Auto && LooksLikeHtml(content));
        return html ? CleanHtml(content, document.Source) : CleanPlain(content);
    }

    /// <summary>True when the content starts with markup (a doctype, comment or element tag).</summary>
    public static bool LooksLikeHtml(string content)
    {
        var s = content.AsSpan().TrimStart();
        if (s.Length > 0 && s[0] == '\uFEFF') s = s[1..].TrimStart();
        if (s.Length < 2 || s[0] != '<') return false;
        return char.IsAsciiLetter(s[1]) || s[1] == '!' || s[1] == '?';
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Plain text

    private CleanedDocument CleanPlain(string content)
    {
        var paragraphs = SplitParagraphs(content);
        var removed = ImmutableArray.CreateBuilder<RemovedText>();
        var warnings = ImmutableArray.CreateBuilder<string>();
        string? title = null;
        int first = 0;
        if (Options.FirstLineIsTitle && paragraphs.Count > 0)
        {
            var candidate = paragraphs[0];
            if (LooksLikeHeadline(candidate) && paragraphs.Count > 1)
            {
                title = candidate;
                removed.Add(new RemovedText(RemovedKind.Title, candidate));
                first = 1;
            }
            else
            {
                warnings.Add("no headline found: the first line reads like body text, so it was kept");
            }
        }
        var body = paragraphs.GetRange(first, paragraphs.Count - first).Select(p => new Paragraph(p)).ToList();
        var text = CleanParagraphs(body, Options.DetectSubtitle && title is not null, removed, warnings, out var date);
        return new CleanedDocument(text, title, removed.ToImmutable()) { Warnings = warnings.ToImmutable(), PublishedDate = date };
    }

    /// <summary>
    /// Splits plain text into trimmed paragraphs. Blank lines always separate paragraphs; a single newline does too,
    /// unless the block is hard-wrapped (most lines of similar width running on without final punctuation).
    /// </summary>
    internal static List<string> SplitParagraphs(string content)
    {
        var result = new List<string>();
        var normalized = content.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var lines = normalized.Split('\n');
        var block = new List<string>();
        foreach (var raw in lines)
        {
            var line = CollapseSpaces(raw);
            if (line.Length == 0)
            {
                FlushBlock(block, result);
                continue;
            }
            block.Add(line);
        }
        FlushBlock(block, result);
        return result;
    }

    private static void FlushBlock(List<string> block, List<string> result)
    {
        if (block.Count == 0) return;
        if (block.Count >= 3 && IsHardWrapped(block))
        {
            // join wrapped lines, but keep a break after a line that ends a sentence and is clearly short
            var sb = new StringBuilder();
            int width = block.Max(l => l.Length);
            for (int i = 0; i < block.Count; i++)
            {
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(block[i]);
                bool shortEnd = block[i].Length < width * 0.6 && EndsSentence(block[i]);
                if (shortEnd || i == block.Count - 1)
                {
                    result.Add(sb.ToString());
                    sb.Clear();
                }
            }
        }
        else
        {
            result.AddRange(block);
        }
        block.Clear();
    }

    private static bool IsHardWrapped(List<string> block)
    {
        int wrapped = 0, candidates = block.Count - 1;
        int width = block.Max(l => l.Length);
        if (width > 120) return false;
        for (int i = 0; i < block.Count - 1; i++)
            if (block[i].Length >= width * 0.7 && !EndsSentence(block[i])) wrapped++;
        return wrapped * 2 >= candidates;
    }

    private static bool EndsSentence(string line)
    {
        var s = line.AsSpan().TrimEnd();
        while (s.Length > 0 && (NewsTokenizer.IsQuoteChar(s[^1]) || s[^1] == ')')) s = s[..^1];
        return s.Length > 0 && s[^1] is '.' or '!' or '?' or ':' or '\u2026';
    }

    private static string CollapseSpaces(string line)
    {
        var sb = new StringBuilder(line.Length);
        bool space = false;
        foreach (char c in line)
        {
            if (c is '\u00AD' or '\u200B' or '\uFEFF' or '\u2060') continue; // soft hyphen, zero-width space, BOM, word joiner
            if (NewsTokenizer.IsSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space)
            {
                sb.Append(' ');
                space = false;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool LooksLikeHeadline(string p)
    {
        if (p.Length > 300) return false;
        return CountSentences(p) <= 1 || !EndsSentence(p);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Paragraph-level rules shared by plain text and HTML

    private sealed class Paragraph(string text)
    {
        public string Text { get; set; } = text;
        /// <summary>Removal kind, or null while the paragraph is body text.</summary>
        public string? Kind { get; set; }
        /// <summary>A credit split off the end of a caption paragraph.</summary>
        public string? InlineCredit { get; set; }
        /// <summary>Known to be a caption from markup (figcaption).</summary>
        public bool MarkupCaption { get; init; }
        /// <summary>Known to be a credit from markup.</summary>
        public bool MarkupCredit { get; init; }
    }

    private string CleanParagraphs(List<Paragraph> ps, bool allowSubtitle, ImmutableArray<RemovedText>.Builder removed,
        ImmutableArray<string>.Builder warnings, out string? publishedDate)
    {
        publishedDate = null;
        string? updatedDate = null;
        int max = Options.MaxNoiseLength;
        int n = ps.Count;

        // 0. date lines: "Published: March 3, 2021 10:42 GMT" is page furniture; it also dates the document
        foreach (var p in ps)
        {
            if (p.Text.Length > 100 || p.MarkupCaption || p.MarkupCredit || DateLineRegex().Match(p.Text) is not { Success: true } dm) continue;
            p.Kind = RemovedKind.Boilerplate;
            var iso = IsoDate(dm);
            if (dm.Groups["upd"].Success) updatedDate ??= iso;
            else publishedDate ??= iso;
        }
        publishedDate ??= updatedDate;

        // 1. credit lines, and captions carrying an inline credit
        foreach (var p in ps)
        {
            if (p.Kind is not null) continue;
            if (p.MarkupCredit) p.Kind = RemovedKind.Credit;
            else if (p.MarkupCaption) p.Kind = RemovedKind.Caption;
            else if (p.Text.Length <= 160 && IsCreditLine(p.Text)) p.Kind = RemovedKind.Credit;
            else if (p.Text.Length <= max + 80 && InlineCreditRegex().Match(p.Text) is { Success: true } m && m.Index > 0)
            {
                var caption = p.Text[..m.Index].TrimEnd();
                if (IsCaptionLike(caption, max))
                {
                    p.Text = caption;
                    p.InlineCredit = m.Value.Trim();
                    p.Kind = RemovedKind.Caption;
                }
            }
            if (p.MarkupCaption && p.Kind == RemovedKind.Caption && InlineCreditRegex().Match(p.Text) is { Success: true } mc && mc.Index > 0)
            {
                p.InlineCredit = mc.Value.Trim();
                p.Text = p.Text[..mc.Index].TrimEnd();
            }
        }

        // 1b. labelled captions ("Image caption, Protesters gather …")
        foreach (var p in ps)
            if (p.Kind is null && p.Text.Length <= max && CaptionLabelRegex().IsMatch(p.Text)) p.Kind = RemovedKind.Caption;

        // 2. the paragraph just before a credit line is its caption when it reads like one; after the credit only
        //    a paragraph in strict caption style (ends with "City, Month D, YYYY") is
        for (int i = 0; i < n; i++)
        {
            if (ps[i].Kind != RemovedKind.Credit) continue;
            int b = i - 1;
            while (b >= 0 && ps[b].Kind == RemovedKind.Credit) b--;
            if (b >= 0 && ps[b].Kind is null && IsCaptionLike(ps[b].Text, max) && (IsDescriptive(ps[b].Text) || !EndsSentence(ps[b].Text))
                && !(b == 0 && allowSubtitle && !HasCaptionDateline(ps[b].Text)))
                ps[b].Kind = RemovedKind.Caption;
            int a = i + 1;
            if (a < n && ps[a].Kind is null && IsCaptionLike(ps[a].Text, max) && HasCaptionDateline(ps[a].Text))
                ps[a].Kind = RemovedKind.Caption;
        }

        // 3. captions in caption style without a credit: "…, Warsaw, Poland, October 10, 2017."
        foreach (var p in ps)
            if (p.Kind is null && IsCaptionLike(p.Text, max) && HasCaptionDateline(p.Text) && !StartsWithDateline(p.Text))
                p.Kind = RemovedKind.Caption;

        // 4. repeats: a paragraph equal to (or a prefix of) a caption is the caption printed twice; other exact
        //    repeats of a paragraph are duplicates
        for (int i = 0; i < n; i++)
        {
            if (ps[i].Kind is not null) continue;
            for (int j = 0; j < n; j++)
            {
                if (j == i || ps[j].Kind is not (null or RemovedKind.Caption)) continue;
                if (!SameOrPrefix(ps[i].Text, ps[j].Text)) continue;
                if (ps[j].Kind == RemovedKind.Caption) ps[i].Kind = RemovedKind.Caption;
                else if (j < i && string.Equals(ps[i].Text, ps[j].Text, StringComparison.Ordinal))
                {
                    // two equal paragraphs: captions when they read like one, else the later is a duplicate
                    if (IsCaptionLike(ps[i].Text, max) && IsDescriptive(ps[i].Text))
                    {
                        ps[i].Kind = RemovedKind.Caption;
                        ps[j].Kind = RemovedKind.Caption;
                    }
                    else ps[i].Kind = RemovedKind.Duplicate;
                }
                if (ps[i].Kind is not null) break;
            }
        }

        // 5. bylines, author notes and boilerplate
        for (int i = 0; i < n; i++)
        {
            var p = ps[i];
            if (p.Kind is not null || p.Text.Length > max) continue;
            if (IsByline(p.Text, nearEnd: i >= n - 3)) p.Kind = RemovedKind.Byline;
            else if (IsBoilerplate(p.Text)) p.Kind = RemovedKind.Boilerplate;
        }

        // 6. subtitle: the first paragraph after the headline when it is a short standfirst
        if (allowSubtitle)
        {
            int s = 0;
            if (s < n && ps[s].Kind is null && IsSubtitle(ps, s)) ps[s].Kind = RemovedKind.Subtitle;
        }

        var body = new StringBuilder();
        foreach (var p in ps)
        {
            if (p.Kind is null)
            {
                if (body.Length > 0) body.Append("\n\n");
                body.Append(p.Text);
                continue;
            }
            removed.Add(new RemovedText(p.Kind, p.Text));
            if (p.InlineCredit is not null) removed.Add(new RemovedText(RemovedKind.Credit, p.InlineCredit));
        }
        if (body.Length == 0) warnings.Add("no body text after cleaning");
        return body.ToString();
    }

    private static bool IsSubtitle(List<Paragraph> ps, int s)
    {
        var t = ps[s].Text;
        if (t.Length > 250 || StartsWithDateline(t) || StartsWithQuote(t) || t.EndsWith(':')) return false;
        // the body must go on after it
        int next = s + 1;
        while (next < ps.Count && ps[next].Kind is not null) next++;
        if (next >= ps.Count) return false;
        if (!EndsSentence(t)) return true;
        if (CountSentences(t) > 1 || ContainsQuote(t)) return false;
        // a one-sentence standfirst ending with a period: only when what follows is plainly not its continuation
        // (a caption/credit block, or a body paragraph that opens with a dateline)
        return ps[s + 1].Kind is RemovedKind.Caption or RemovedKind.Credit || StartsWithDateline(ps[next].Text);
    }

    private static bool SameOrPrefix(string a, string b)
    {
        if (a.Length < 20 || b.Length < 20) return string.Equals(a, b, StringComparison.Ordinal);
        return a.Length <= b.Length ? b.StartsWith(a, StringComparison.Ordinal) : a.StartsWith(b, StringComparison.Ordinal);
    }

    private static bool IsCaptionLike(string t, int max)
    {
        if (t.Length < 15 || t.Length > max) return false;
        if (ContainsQuote(t) || StartsWithDateline(t) || t.EndsWith(':')) return false;
        return CountSentences(t) <= 2;
    }

    /// <summary>Present-tense description or a picture dateline: "… holds up …", "… in Warsaw, Poland, October 10, 2017".</summary>
    private static bool IsDescriptive(string t) =>
        HasCaptionDateline(t) || (PresentTenseRegex().IsMatch(t) && !ReportingVerbRegex().IsMatch(t));

    private static bool HasCaptionDateline(string t) => CaptionDatelineRegex().IsMatch(t);

    private static bool StartsWithDateline(string t) => DatelineRegex().IsMatch(t);

    private static bool StartsWithQuote(string t) => t.Length > 0 && NewsTokenizer.IsQuoteChar(t[0]);

    private static bool ContainsQuote(string t) =>
        t.AsSpan().IndexOfAny("\"\u201C\u201D\u00AB\u00BB") >= 0;

    /// <summary>Rough sentence count: terminal punctuation followed by a space and a capital letter, plus one.</summary>
    private static int CountSentences(string t) => 1 + SentenceBreakRegex().Count(t);

    internal static bool IsCreditLine(string t) => CreditLineRegex().IsMatch(t) || ImageSourceRegex().IsMatch(t);

    [GeneratedRegex(@"^(?:image|photo|picture|video)\s+(?:source|credit)s?\s*[,:]\s*\S", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ImageSourceRegex();

    [GeneratedRegex(@"^(?:image|media|photo|video)\s+caption\s*[,:]\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CaptionLabelRegex();

    internal static bool IsByline(string t, bool nearEnd)
    {
        if (ParenthesizedNoteRegex().IsMatch(t)) return true;
        if (ReportingByRegex().IsMatch(t)) return true;
        if (ByAuthorRegex().IsMatch(t) && t.Length <= 120) return true;
        if (ContributedRegex().IsMatch(t) && t.Length <= 300) return true;
        return nearEnd && t.Length <= 250 && CountSentences(t) == 1 && AuthorNoteRegex().IsMatch(t);
    }

    internal static bool IsBoilerplate(string t)
    {
        if (t.Length > 300) return false;
        return BoilerplateRegex().IsMatch(t) || (t.Length <= 200 && t.Contains("All rights reserved", StringComparison.OrdinalIgnoreCase));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Patterns (paragraph level only; never applied inside the hot path of tokenization)

    private const string Months = @"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)";

    private const string Agencies = @"(?:REUTERS|Reuters|AP|AP Photo|AFP|AFP Photo|EPA|EPA-EFE|Getty Images|Getty|Bloomberg|Xinhua|Anadolu Agency|Anadolu|SOPA Images|Shutterstock|Pool|Handout|Flash90|UPI|Sputnik|TASS|Yonhap|Kyodo|dpa|ANSA|NurPhoto)";

    [GeneratedRegex(@"^\(?\s*(?:(?:photo|image|picture|photograph|video|graphic|illustration|file photo)s?\s*(?:credit)?\s*:|credit\s*:|(?:photo|picture|image|photograph)s?\s+by\s|" + Agencies + @"\s*/\s*[\p{L}][\p{L} .'-]*\)?\s*$|[\p{Lu}][\p{L} .'-]{1,60}\s*/\s*" + Agencies + @"\s*\)?\s*$|" + Agencies + @"\s*\)?\s*$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreditLineRegex();

    [GeneratedRegex(@"\s*(?:\(\s*(?:(?:photo|image|picture|photograph|file photo)s?\s*)?(?:credit)?\s*:[^()]{2,120}\)|\(\s*(?:" + Agencies + @")\s*/[^()]{2,80}\)|\(\s*(?:photo|picture|image)s?\s+by\s[^()]{2,80}\)|(?:photo|photo credit|credit)\s*:\s*[^.:]{2,80}|\b" + Agencies + @"\s*/\s*[\p{Lu}][\p{L} .'-]{1,60})\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlineCreditRegex();

    [GeneratedRegex(@"(?:^|[\s,])[\p{Lu}][\p{L}.'-]*,\s+(?:[\p{Lu}][\p{L}.'-]*(?:\s+[\p{Lu}][\p{L}.'-]*)*,\s+)?" + Months + @"\s+\d{1,2},\s+\d{4}\.?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex CaptionDatelineRegex();

    [GeneratedRegex(@"^(?:[\p{Lu}][\p{Lu}\p{M}.'/-]+(?:[ /][\p{Lu}][\p{Lu}\p{M}.'/-]+)*(?:,\s+[\p{Lu}][\p{L}.]+(?:\s+[\p{Lu}][\p{L}.]+)*)?\s*(?:\([^)]{2,40}\)\s*)?[\u2014\u2013-]{1,2}\s|[\p{Lu}][\p{Lu}/ .'-]+\s*\([\p{L} .]{2,30}\)\s*[-\u2014\u2013:])", RegexOptions.CultureInvariant)]
    private static partial Regex DatelineRegex();

    [GeneratedRegex(@"[.!?]['""\u2019\u201D)]*\s+['""\u2018\u201C(]?[\p{Lu}\d]", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreakRegex();

    [GeneratedRegex(@"\b(?:stands|holds up|holds|speaks|walks|looks on|looks|gestures|sits|waves|attends|arrives|leaves|shakes hands|poses|listens|delivers|gather|gathers|march|marches|ride|rides|carry|carries|shows|rises|burns|react|reacts|chant|chants|is seen|are seen|pictured|is shown|are shown|wait|waits|inspects|visits|greets|addresses|prays|pray|mourn|mourns|clash|clashes|stand|hold|walk|sit|wave|pose|listen|attend)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PresentTenseRegex();

    [GeneratedRegex(@"\b(?:said|says|told|tells|according to|announced|stated|added|would|will|had|has)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReportingVerbRegex();

    [GeneratedRegex(@"^\(\s*(?=[^()]*\b(?:is an?|is the|contributed|reporting by|editing by|writing by|compiled by|reported from|writes for|wrote this|is a former|are)\b)[^()]{3,300}\)\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ParenthesizedNoteRegex();

    [GeneratedRegex(@"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|written|reported|produced|edited|research)\s+by\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReportingByRegex();

    [GeneratedRegex(@"^By\s+[\p{Lu}][\p{L}.'-]*(?:\s+(?:[\p{Lu}][\p{L}.'-]*|and|&|de|da|van|von|bin|al-[\p{L}]+|,))*(?:\s*[,|\u2014\u2013-]\s*[^.!?]{0,80})?$", RegexOptions.CultureInvariant)]
    private static partial Regex ByAuthorRegex();

    [GeneratedRegex(@"\bcontributed\s+(?:to\s+)?(?:this\s+)?(?:report|reporting|to this story|to this article)\b[^.]*\.?\)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContributedRegex();

    [GeneratedRegex(@"^[\p{Lu}][\p{L}.'-]*(?:\s+[\p{Lu}][\p{L}.'-]*){0,4}\s+is\s+(?:a|an|the)\s+[^.]{0,150}\b(?:correspondent|reporter|writer|journalist|intern|editor|fellow|columnist|contributor|author|freelancer|photographer|producer)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorNoteRegex();

    [GeneratedRegex(@"^\W{0,3}(?:for more (?:stories|news|coverage|information|articles|updates|on\b)|read more\b|read also\b|also read\b|more to read\b|related\s*:|related (?:stories|articles|coverage|content|reading)\b|click here\b|share this\b|share (?:on|via|article)\b|subscribe\b(?!rs)|sign up (?:for|to|here|now|today)\b|follow us\b|follow (?:\S+ )?on (?:twitter|facebook|instagram|x|linkedin|telegram)\b|like us on\b|download (?:the|our) (?:app|newsletter)|get (?:the|our) (?:app|newsletter|latest)|join (?:us|our) (?:on|newsletter|mailing|channel)|copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4}|all rights reserved|this (?:article|story) (?:was|has been) (?:originally |first )?(?:published|updated|corrected|amended)|advertisement\W*$|recommended\s*:|watch\s*:|listen\s*:|see also\b|sponsored\b|this material may not be published|want more\b|don't miss\b|more from\b|you may also like\b|newsletter\s*:|story continues\b|continue reading\b|(?:tags|topics|filed under|posted in)\s*:|\(c\)\s*copyright\b|follow (?:\S+ ){1,3}on (?:twitter|facebook|instagram|x|linkedin|telegram|threads|bluesky)\b|(?:email|contact) the (?:author|reporter|writer)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BoilerplateRegex();

    private static string? IsoDate(Match m)
    {
        int year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        int month;
        if (m.Groups["mon"].Success)
        {
            var name = m.Groups["mon"].Value;
            month = 1 + Array.FindIndex(MonthPrefixes, x => name.StartsWith(x, StringComparison.OrdinalIgnoreCase));
        }
        else month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        int day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}");
    }

    private static readonly string[] MonthPrefixes = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private const string MonthNames = @"(?<mon>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?";

    [GeneratedRegex(@"^(?:(?:(?:first\s+)?published|posted|(?<upd>(?:last\s+)?updated|modified))\s*(?:on|at)?\s*:?\s*)?(?:(?:Mon|Tues?|Wed|Thu(?:rs)?|Fri|Sat|Sun)[a-z]*\.?,?\s+)?(?:" + MonthNames + @"\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>(?:19|20)\d{2})|(?<d>\d{1,2})(?:st|nd|rd|th)?\s+" + MonthNames + @",?\s+(?<y>(?:19|20)\d{2})|(?<y>(?:19|20)\d{2})-(?<m>\d{2})-(?<d>\d{2}))(?:\s*(?:,|at|-|\||\u2014|\u2013|T)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5}|UTC[+-]?\d*|GMT[+-]?\d*|Z)?)?(?:\s*[|\u2022\u00b7]\s*\d+\s+min(?:ute)?s?\s+read)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateLineRegex();

    // ---------------------------------------------------------------------------------------------------------------
    // HTML

    private CleanedDocument CleanHtml(string html, string? source)
    {
        var removed = ImmutableArray.CreateBuilder<RemovedText>();
        var warnings = ImmutableArray.CreateBuilder<string>();
        string url = source is not null && Uri.TryCreate(source, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
            ? source : "https://localhost/article";
        SmartReader.Article article;
        try
        {
            // The (uri, text) constructor parses the given text; never use the two-string ParseArticle, which downloads.
            using var reader = new SmartReader.Reader(url, html) { ContinueIfNotReadable = true };
            article = reader.GetArticle();
        }
#pragma warning disable CA1031 // a broken page must not stop the pipeline: report it and go on with no body
        catch (Exception ex)
#pragma warning restore CA1031
        {
            warnings.Add($"HTML could not be read: {ex.Message}");
            return new CleanedDocument(string.Empty, null, removed.ToImmutable()) { Warnings = warnings.ToImmutable() };
        }

        string? title = string.IsNullOrWhiteSpace(article.Title) ? null : CollapseSpaces(article.Title);
        if (title is not null) removed.Add(new RemovedText(RemovedKind.Title, title));
        if (!string.IsNullOrWhiteSpace(article.Byline)) removed.Add(new RemovedText(RemovedKind.Byline, CollapseSpaces(article.Byline)));

        var paragraphs = HtmlBlocks(article.Content ?? string.Empty);
        if (paragraphs.Count == 0 && !string.IsNullOrWhiteSpace(article.TextContent))
            paragraphs = SplitParagraphs(article.TextContent).Select(p => new Paragraph(p)).ToList();
        // the headline repeated as the first block
        if (title is not null && paragraphs.Count > 0 && string.Equals(paragraphs[0].Text, title, StringComparison.Ordinal))
            paragraphs.RemoveAt(0);
        if (!article.IsReadable) warnings.Add("the HTML page does not look like an article; the text may be incomplete");

        var text = CleanParagraphs(paragraphs, Options.DetectSubtitle && title is not null, removed, warnings, out var dateLine);
        string? date = article.PublicationDate is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : dateLine;
        return new CleanedDocument(text, title, removed.ToImmutable()) { Warnings = warnings.ToImmutable(), PublishedDate = date };
    }

    private static List<Paragraph> HtmlBlocks(string contentHtml)
    {
        var result = new List<Paragraph>();
        if (string.IsNullOrWhiteSpace(contentHtml)) return result;
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        using var doc = parser.ParseDocument(contentHtml);
        if (doc.Body is { } body) Walk(body, result);
        return result;
    }

    private static readonly FrozenNames BlockNames = new(
        "P", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "BLOCKQUOTE", "PRE", "FIGCAPTION", "DIV", "SECTION", "ARTICLE", "UL", "OL",
        "TABLE", "TR", "TD", "TH", "FIGURE", "HEADER", "FOOTER", "ASIDE", "DL", "DT", "DD", "MAIN", "CAPTION", "ADDRESS", "HR");

    private static void Walk(AngleSharp.Dom.IElement element, List<Paragraph> result)
    {
        foreach (var child in element.Children)
        {
            var name = child.TagName;
            if (name is "SCRIPT" or "STYLE" or "NOSCRIPT" or "TEMPLATE" or "IMG" or "PICTURE" or "SVG" or "IFRAME" or "BUTTON" or "FORM") continue;
            var cls = (child.ClassName ?? string.Empty) + " " + (child.Id ?? string.Empty);
            bool caption = name is "FIGCAPTION" or "CAPTION" || cls.Contains("caption", StringComparison.OrdinalIgnoreCase);
            bool credit = cls.Contains("credit", StringComparison.OrdinalIgnoreCase) || cls.Contains("copyright", StringComparison.OrdinalIgnoreCase);
            if (caption)
            {
                // a caption block: its credit element (if marked) is split off
                string? creditText = null;
                foreach (var inner in child.QuerySelectorAll("[class*=credit], [class*=copyright]"))
                {
                    creditText = CollapseSpaces(inner.TextContent);
                    inner.Remove();
                }
                var captionText = CollapseSpaces(child.TextContent);
                if (captionText.Length > 0) result.Add(new Paragraph(captionText) { MarkupCaption = true });
                if (!string.IsNullOrEmpty(creditText)) result.Add(new Paragraph(creditText) { MarkupCredit = true });
                continue;
            }
            if (credit)
            {
                var creditText = CollapseSpaces(child.TextContent);
                if (creditText.Length > 0) result.Add(new Paragraph(creditText) { MarkupCredit = true });
                continue;
            }
            bool hasBlockChild = false;
            foreach (var c in child.Children)
                if (BlockNames.Contains(c.TagName))
                {
                    hasBlockChild = true;
                    break;
                }
            if (hasBlockChild)
            {
                Walk(child, result);
                continue;
            }
            if (!BlockNames.Contains(name) && name is not "SPAN" and not "A" and not "EM" and not "STRONG" and not "B" and not "I") continue;
            var text = CollapseSpaces(child.TextContent);
            if (text.Length > 0) result.Add(new Paragraph(text));
        }
    }

    private sealed class FrozenNames(params string[] names)
    {
        private readonly System.Collections.Frozen.FrozenSet<string> set = System.Collections.Frozen.FrozenSet.Create(StringComparer.Ordinal, names);

        public bool Contains(string name) => set.Contains(name);
    }
}
