using System.Globalization;
using Attest.Model;
using Attest.Text;

namespace Attest.Entities;

/// <summary>
/// Recognises date expressions in news text and normalises them to partial ISO dates (2019, 2019-01, 2019-01-14)
/// against the document date. One hand-written grammar over tokens, no regular expressions:
/// <list type="bullet">
/// <item>weekdays: "Tuesday", "Tuesday evening" = the latest such day on or before the document date; "last Tuesday"
/// strictly before, "next Tuesday" strictly after;</item>
/// <item>"yesterday", "today", "tonight", "last night", "tomorrow";</item>
/// <item>"last/this/next week|month|year", "earlier this month", "late last year" (weeks are approximate: month);</item>
/// <item>month names: "in November" = the latest November at or before the document month ("last November"
/// strictly before, "next March" after); "May 2018"; "May 8, 2018", "8 May 2018"; "Dec. 15" = that day in the
/// document's year, or the year before when that would be more than 30 days after the document date;</item>
/// <item>years after a preposition: "in 2018", "since 2015", "mid-2018"; "mid-March" (the latest March), "mid-March 2023";</item>
/// <item>"three weeks ago" (from the document date), "twelve months prior", "two days later" (from the anchor: the
/// previous date of the sentence, else the document date); days keep the day, weeks and months give the month,
/// years the year. "N weeks after" / "N weeks before" are prepositions: the value dates their complement ("the
/// expulsions come three weeks after [the drills]" = the drills, three weeks before the reference date).</item>
/// </list>
/// </summary>
public static class DateNormalizer
{
    /// <summary>
    /// Normalises a whole expression ("last month", "on Tuesday evening", "in May 2018"); null when it is not a
    /// date expression this grammar knows. <paramref name="anchor"/> is the partial date that relative
    /// expressions such as "twelve months prior" count from (default: the document date).
    /// </summary>
    public static string? Normalize(string expression, DateOnly documentDate, string? anchor = null)
    {
        var spans = NameTokenizer.Split(expression);
        var tokens = new Token[spans.Count];
        for (int k = 0; k < spans.Count; k++) tokens[k] = new Token(spans[k].Start, spans[k].End, TokenFlags.SpaceAfter);
        var text = new TokenizedText(expression, tokens, [new SentenceRange(0, expression.Length, 0, tokens.Length)]);
        int start = 0, end = tokens.Length;
        while (end > start && IsPunct(text.TokenSpan(end - 1))) end--;
        while (start < end && IsLeadWord(text.TokenSpan(start))) start++;
        if (start >= end) return null;
        int len = Match(text, start, end, documentDate, anchor, out var value, contextOk: true);
        return len == end - start ? value : null;
    }

    private static bool IsLeadWord(ReadOnlySpan<char> w) =>
        Eq(w, "on") || Eq(w, "in") || Eq(w, "since") || Eq(w, "by") || Eq(w, "during") || Eq(w, "until") || Eq(w, "from")
        || Eq(w, "at") || Eq(w, "of") || Eq(w, "as") || Eq(w, "for") || Eq(w, "before") || Eq(w, "after") || Eq(w, "over");

    private static bool IsPunct(ReadOnlySpan<char> w) => w.Length == 1 && char.IsPunctuation(w[0]);

    private static bool Eq(ReadOnlySpan<char> a, string b) => a.Equals(b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a token could start a date expression (cheap pre-check for the analyzer).</summary>
    internal static bool CanStart(ReadOnlySpan<char> w)
    {
        if (w.Length == 0) return false;
        char c = w[0];
        if (char.IsDigit(c)) return true;
        if (!char.IsLetter(c)) return false;
        return MonthOf(w) > 0 || WeekdayOf(w) >= 0 || IsRelativeStart(w);
    }

    private static bool IsRelativeStart(ReadOnlySpan<char> w) =>
        Eq(w, "yesterday") || Eq(w, "today") || Eq(w, "tonight") || Eq(w, "tomorrow") || Eq(w, "last") || Eq(w, "this")
        || Eq(w, "next") || Eq(w, "earlier") || Eq(w, "later") || Eq(w, "early") || Eq(w, "late") || Eq(w, "mid")
        || Eq(w, "the") || Eq(w, "a") || Eq(w, "an") || Eq(w, "several") || Eq(w, "few") || NumberWord(w) > 0
        || w.StartsWith("mid-", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Matches a date expression at token <paramref name="start"/>; returns its length in tokens (0: none) and its
    /// value (null when it is relative and there is no document date). <paramref name="contextOk"/>: a bare month or
    /// year may stand here (it follows "in", "since" …).
    /// </summary>
    internal static int Match(TokenizedText t, int start, int end, DateOnly? doc, string? anchor, out string? value, bool contextOk)
    {
        value = null;
        if (start >= end) return 0;
        var w0 = t.TokenSpan(start);
        if (!CanStart(w0)) return 0;

        // ISO date 2018-05-08
        if (w0.Length == 10 && PartialDate.IsValid(w0.ToString()))
        {
            value = w0.ToString();
            return 1;
        }
        // mid-2018
        if (w0.Length == 8 && w0.StartsWith("mid-", StringComparison.OrdinalIgnoreCase) && YearOf(w0[4..]) is int my and > 0)
        {
            value = PartialDate.Format(my);
            return 1;
        }

        // mid-March, mid-March 2023 (one token)
        if (w0.Length > 4 && w0.StartsWith("mid-", StringComparison.OrdinalIgnoreCase) && MonthOf(w0[4..]) is int mm and > 0)
        {
            if (start + 1 < end && YearOf(t.TokenSpan(start + 1)) is int my2 and > 0)
            {
                value = PartialDate.Format(my2, mm);
                return 2;
            }
            if (doc is { } md) value = PartialDate.Format(mm <= md.Month ? md.Year : md.Year - 1, mm);
            return 1;
        }

        int p = start;
        // qualifier: early / mid / late (+ optional "-"), "the end of", "the beginning of"
        bool qualified = false;
        if (Eq(w0, "early") || Eq(w0, "mid") || Eq(w0, "late"))
        {
            p++;
            if (p < end && t.TokenSpan(p) is "-") p++;
            qualified = true;
        }

        if (p >= end) return 0;
        var w = t.TokenSpan(p);

        // yesterday, today, tonight, tomorrow
        if (!qualified)
        {
            int rel = Eq(w, "yesterday") ? -1 : Eq(w, "today") || Eq(w, "tonight") ? 0 : Eq(w, "tomorrow") ? 1 : int.MinValue;
            if (rel != int.MinValue)
            {
                if (doc is { } d) value = Day(d.AddDays(rel));
                return p - start + 1;
            }
        }

        // last / this / next + unit or weekday or month
        int dir = Eq(w, "last") || Eq(w, "past") ? -1 : Eq(w, "this") ? 0 : Eq(w, "next") || Eq(w, "coming") ? 1 : int.MinValue;
        if (dir != int.MinValue && p + 1 < end)
        {
            var u = t.TokenSpan(p + 1);
            int n = RelativeUnit(u, dir, doc, out var v);
            if (n > 0)
            {
                value = v;
                return p + 1 - start + 1;
            }
            int wd = WeekdayOf(u);
            if (wd >= 0 && !qualified)
            {
                int len = p + 2 - start;
                len += PartOfDay(t, p + 2, end);
                if (doc is { } d) value = Day(WeekdayDate(d, (DayOfWeek)wd, dir == 0 ? 0 : dir));
                return len;
            }
            int mo = MonthOf(u);
            if (mo > 0 && (p + 2 >= end || DayOf(t.TokenSpan(p + 2)) == 0))
            {
                if (doc is { } d)
                {
                    int y = dir switch
                    {
                        < 0 => mo < d.Month ? d.Year : d.Year - 1,
                        0 => d.Year,
                        _ => mo > d.Month ? d.Year : d.Year + 1,
                    };
                    value = PartialDate.Format(y, mo);
                }
                return p + 2 - start;
            }
            return 0;
        }

        // earlier / later this week|month|year, earlier in the month
        if ((Eq(w, "earlier") || Eq(w, "later")) && p + 2 < end)
        {
            var a = t.TokenSpan(p + 1);
            if (Eq(a, "this") || Eq(a, "last") || Eq(a, "next"))
            {
                int d2 = Eq(a, "this") ? 0 : Eq(a, "last") ? -1 : 1;
                int n = RelativeUnit(t.TokenSpan(p + 2), d2, doc, out var v);
                if (n > 0)
                {
                    value = v;
                    return p + 3 - start;
                }
            }
            if (Eq(a, "in") && p + 3 < end && Eq(t.TokenSpan(p + 2), "the"))
            {
                int n = RelativeUnit(t.TokenSpan(p + 3), 0, doc, out var v);
                if (n > 0)
                {
                    value = v;
                    return p + 4 - start;
                }
            }
            return 0;
        }

        // weekday [part of day] [, Month Day [, Year]]
        int weekday = WeekdayOf(w);
        if (weekday >= 0)
        {
            int q = p + 1;
            // "Tuesday, May 8, 2018": the explicit date wins
            if (q + 1 < end && t.TokenSpan(q) is "," && MonthOf(t.TokenSpan(q + 1)) > 0)
            {
                int n = MonthForms(t, q + 1, end, doc, out var v, contextOk: false);
                if (n > 0 && v is { Length: 10 })
                {
                    value = v;
                    return q + 1 + n - start;
                }
            }
            q += PartOfDay(t, q, end);
            if (doc is { } d) value = Day(WeekdayDate(d, (DayOfWeek)weekday, 0));
            return q - start;
        }

        // month forms
        if (MonthOf(w) > 0)
        {
            int n = MonthForms(t, p, end, doc, out var v, contextOk || qualified);
            if (n > 0)
            {
                value = v;
                return p + n - start;
            }
            return 0;
        }

        // Day Month [Year]: 8 May 2018
        int dd = DayOf(w);
        if (dd > 0 && p + 1 < end && MonthOf(t.TokenSpan(p + 1)) is int dm and > 0)
        {
            int q = p + 2;
            int year;
            if (q < end && YearOf(t.TokenSpan(q)) is int yy and > 0)
            {
                year = yy;
                q++;
            }
            else if (doc is { } d) year = InferYear(d, dm, dd);
            else
            {
                value = null;
                return q - start;
            }
            if (dd <= DateTime.DaysInMonth(year, dm)) value = PartialDate.Format(year, dm, dd);
            return q - start;
        }

        // bare year after a preposition
        int year0 = YearOf(w);
        if (year0 > 0)
        {
            if (!(contextOk || qualified)) return 0;
            if (p + 1 < end && IsUnit(t.TokenSpan(p + 1))) return 0;
            value = PartialDate.Format(year0);
            return p + 1 - start;
        }

        // [the] N units ago / prior / earlier / later / after / before
        {
            int q = p;
            if (Eq(t.TokenSpan(q), "the")) q++;
            if (q >= end) return 0;
            int count;
            var nw = t.TokenSpan(q);
            if ((Eq(nw, "a") || Eq(nw, "an")) && q + 1 < end && Eq(t.TokenSpan(q + 1), "few"))
            {
                count = 3;
                q += 2;
            }
            else if (Eq(nw, "a") || Eq(nw, "an"))
            {
                count = 1;
                q++;
            }
            else if (Eq(nw, "several") || Eq(nw, "few"))
            {
                count = 3;
                q++;
            }
            else
            {
                count = NumberWord(nw);
                if (count <= 0) return 0;
                q++;
            }
            if (q + 1 >= end) return 0;
            int unit = UnitOf(t.TokenSpan(q));
            if (unit == 0) return 0;
            var after = t.TokenSpan(q + 1);
            int sign;
            bool fromDoc;
            if (Eq(after, "ago")) { sign = -1; fromDoc = true; }
            else if (Eq(after, "prior") || Eq(after, "earlier")) { sign = -1; fromDoc = false; }
            else if (Eq(after, "later")) { sign = 1; fromDoc = false; }
            // prepositions date their complement: "the expulsions come three weeks after [Russia staged drills]" puts
            // the drills three weeks before the reference date; "two days before [the vote]" puts the vote after it
            else if (Eq(after, "after")) { sign = -1; fromDoc = false; }
            else if (Eq(after, "before")) { sign = 1; fromDoc = false; }
            else return 0;
            string? baseValue = fromDoc || anchor is null ? (doc is { } d ? Day(d) : null) : anchor;
            if (baseValue is not null && PartialDate.TryParse(baseValue, out var by, out var bm, out var bd))
            {
                value = Shift(by, bm, bd, sign * count, unit);
            }
            return q + 2 - start;
        }
    }

    /// <summary>Month [Day][,] [Year] at p; returns its length.</summary>
    private static int MonthForms(TokenizedText t, int p, int end, DateOnly? doc, out string? value, bool contextOk)
    {
        value = null;
        int mo = MonthOf(t.TokenSpan(p));
        int q = p + 1;
        if (q < end && DayOf(t.TokenSpan(q)) is int day and > 0)
        {
            q++;
            int r = q;
            if (r < end && t.TokenSpan(r) is ",") r++;
            if (r < end && YearOf(t.TokenSpan(r)) is int year and > 0)
            {
                if (day <= DateTime.DaysInMonth(year, mo)) value = PartialDate.Format(year, mo, day);
                return r + 1 - p;
            }
            if (doc is { } d)
            {
                int y = InferYear(d, mo, day);
                if (day <= DateTime.DaysInMonth(y, mo)) value = PartialDate.Format(y, mo, day);
            }
            return q - p;
        }
        int s = q;
        if (s < end && Eq(t.TokenSpan(s), "of")) s++;
        if (s < end && YearOf(t.TokenSpan(s)) is int yy and > 0)
        {
            value = PartialDate.Format(yy, mo);
            return s + 1 - p;
        }
        // a bare month needs context ("in May") unless it is an abbreviation ("Dec.")
        var mw = t.TokenSpan(p);
        if (!contextOk && !mw.EndsWith('.')) return 0;
        if (doc is { } dd) value = PartialDate.Format(mo <= dd.Month ? dd.Year : dd.Year - 1, mo);
        return q - p;
    }

    private static int InferYear(DateOnly doc, int month, int day)
    {
        int y = doc.Year;
        if (day > DateTime.DaysInMonth(y, month)) return y;
        var candidate = new DateOnly(y, month, day);
        return candidate.DayNumber - doc.DayNumber > 30 ? y - 1 : y;
    }

    private static int PartOfDay(TokenizedText t, int q, int end) =>
        q < end && (Eq(t.TokenSpan(q), "morning") || Eq(t.TokenSpan(q), "afternoon") || Eq(t.TokenSpan(q), "evening")
                    || Eq(t.TokenSpan(q), "night") || Eq(t.TokenSpan(q), "overnight")) ? 1 : 0;

    /// <summary>week/month/year/night/weekend after last/this/next.</summary>
    private static int RelativeUnit(ReadOnlySpan<char> u, int dir, DateOnly? doc, out string? value)
    {
        value = null;
        if (Eq(u, "week") || Eq(u, "weekend"))
        {
            if (doc is { } d)
            {
                var x = d.AddDays(7 * dir);
                value = PartialDate.Format(x.Year, x.Month);
            }
            return 1;
        }
        if (Eq(u, "month"))
        {
            if (doc is { } d)
            {
                var x = new DateOnly(d.Year, d.Month, 1).AddMonths(dir);
                value = PartialDate.Format(x.Year, x.Month);
            }
            return 1;
        }
        if (Eq(u, "year"))
        {
            if (doc is { } d) value = PartialDate.Format(d.Year + dir);
            return 1;
        }
        if (dir <= 0 && (Eq(u, "night") || Eq(u, "evening") || Eq(u, "morning") || Eq(u, "afternoon")))
        {
            // "last night" = the night before the document date; "this morning" = the document date
            if (doc is { } d) value = Day(dir < 0 && Eq(u, "night") ? d.AddDays(-1) : d);
            return 1;
        }
        return 0;
    }

    /// <summary>The most recent such weekday on or before (dir 0), strictly before (-1) or strictly after (1) doc.</summary>
    private static DateOnly WeekdayDate(DateOnly doc, DayOfWeek wd, int dir)
    {
        int diff = ((int)doc.DayOfWeek - (int)wd + 7) % 7;
        if (dir > 0)
        {
            int ahead = ((int)wd - (int)doc.DayOfWeek + 7) % 7;
            return doc.AddDays(ahead == 0 ? 7 : ahead);
        }
        if (dir < 0 && diff == 0) diff = 7;
        return doc.AddDays(-diff);
    }

    private static string Shift(int y, int m, int d, int amount, int unit)
    {
        // unit: 1 day, 2 week, 3 month, 4 year; precision: min(anchor precision, unit precision)
        if (m == 0)
        {
            double years = unit switch { 4 => amount, 3 => amount / 12.0, 2 => amount * 7 / 365.0, _ => amount / 365.0 };
            return PartialDate.Format(y + (int)Math.Floor(years));
        }
        if (unit == 4) return PartialDate.Format(y + amount);
        if (d == 0)
        {
            var mdate = new DateOnly(y, m, 1);
            var shifted = unit switch
            {
                3 => mdate.AddMonths(amount),
                2 => mdate.AddDays(7 * amount),
                _ => mdate.AddDays(amount),
            };
            return PartialDate.Format(shifted.Year, shifted.Month);
        }
        var date = new DateOnly(y, m, d);
        return unit switch
        {
            1 => Day(date.AddDays(amount)),
            2 => Month(date.AddDays(7 * amount)),
            _ => Month(date.AddMonths(amount)),
        };
    }

    private static string Day(DateOnly d) => PartialDate.Format(d.Year, d.Month, d.Day);

    private static string Month(DateOnly d) => PartialDate.Format(d.Year, d.Month);

    private static bool IsUnit(ReadOnlySpan<char> w) => UnitOf(w) > 0;

    private static int UnitOf(ReadOnlySpan<char> w) =>
        Eq(w, "day") || Eq(w, "days") ? 1
        : Eq(w, "week") || Eq(w, "weeks") ? 2
        : Eq(w, "month") || Eq(w, "months") ? 3
        : Eq(w, "year") || Eq(w, "years") ? 4
        : 0;

    internal static int MonthOf(ReadOnlySpan<char> w)
    {
        if (w.Length < 3 || !char.IsUpper(w[0])) return 0;
        if (w.EndsWith('.')) w = w[..^1];
        switch (w.Length)
        {
            case 3:
                return Eq(w, "jan") ? 1 : Eq(w, "feb") ? 2 : Eq(w, "mar") ? 3 : Eq(w, "apr") ? 4 : Eq(w, "may") ? 5
                    : Eq(w, "jun") ? 6 : Eq(w, "jul") ? 7 : Eq(w, "aug") ? 8 : Eq(w, "sep") ? 9 : Eq(w, "oct") ? 10
                    : Eq(w, "nov") ? 11 : Eq(w, "dec") ? 12 : 0;
            case 4:
                return Eq(w, "sept") ? 9 : Eq(w, "june") ? 6 : Eq(w, "july") ? 7 : 0;
            default:
                return Eq(w, "january") ? 1 : Eq(w, "february") ? 2 : Eq(w, "march") ? 3 : Eq(w, "april") ? 4
                    : Eq(w, "august") ? 8 : Eq(w, "september") ? 9 : Eq(w, "october") ? 10 : Eq(w, "november") ? 11
                    : Eq(w, "december") ? 12 : 0;
        }
    }

    internal static int WeekdayOf(ReadOnlySpan<char> w)
    {
        if (w.Length < 6 || !char.IsUpper(w[0])) return -1;
        return Eq(w, "sunday") ? 0 : Eq(w, "monday") ? 1 : Eq(w, "tuesday") ? 2 : Eq(w, "wednesday") ? 3
            : Eq(w, "thursday") ? 4 : Eq(w, "friday") ? 5 : Eq(w, "saturday") ? 6 : -1;
    }

    private static int DayOf(ReadOnlySpan<char> w)
    {
        if (w.Length > 2 && (w.EndsWith("st", StringComparison.OrdinalIgnoreCase) || w.EndsWith("nd", StringComparison.OrdinalIgnoreCase)
            || w.EndsWith("rd", StringComparison.OrdinalIgnoreCase) || w.EndsWith("th", StringComparison.OrdinalIgnoreCase)))
            w = w[..^2];
        if (w.Length is < 1 or > 2) return 0;
        return int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out int d) && d is >= 1 and <= 31 ? d : 0;
    }

    private static int YearOf(ReadOnlySpan<char> w) =>
        w.Length == 4 && int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out int y) && y is >= 1900 and <= 2099 ? y : 0;

    private static int NumberWord(ReadOnlySpan<char> w)
    {
        if (w.Length is >= 1 and <= 3 && int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out int n)) return n;
        return Eq(w, "one") ? 1 : Eq(w, "two") ? 2 : Eq(w, "three") ? 3 : Eq(w, "four") ? 4 : Eq(w, "five") ? 5
            : Eq(w, "six") ? 6 : Eq(w, "seven") ? 7 : Eq(w, "eight") ? 8 : Eq(w, "nine") ? 9 : Eq(w, "ten") ? 10
            : Eq(w, "eleven") ? 11 : Eq(w, "twelve") ? 12 : Eq(w, "fifteen") ? 15 : Eq(w, "eighteen") ? 18
            : Eq(w, "twenty") ? 20 : Eq(w, "thirty") ? 30 : 0;
    }

    /// <summary>Parses a document date (partial ISO); a year-month counts as its last day, a year as 31 December.</summary>
    public static DateOnly? ParseDocumentDate(string? value)
    {
        if (!PartialDate.TryParse(value, out var y, out var m, out var d)) return null;
        if (m == 0) return new DateOnly(y, 12, 31);
        if (d == 0) return new DateOnly(y, m, DateTime.DaysInMonth(y, m));
        return new DateOnly(y, m, d);
    }
}
