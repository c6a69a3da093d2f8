using System.Globalization;

namespace Attest.Model;

/// <summary>Helpers for ISO 8601 partial calendar dates: 2019, 2019-01, 2019-01-14.</summary>
public static class PartialDate
{
    public static bool IsValid(string value) => TryParse(value, out _, out _, out _);

    /// <summary>Parses a partial date; missing month or day come back as 0.</summary>
    public static bool TryParse(string? value, out int year, out int month, out int day)
    {
        year = month = day = 0;
        if (value is null) return false;
        var s = value.AsSpan();
        if (s.Length is not (4 or 7 or 10)) return false;
        if (!int.TryParse(s[..4], NumberStyles.None, CultureInfo.InvariantCulture, out year)) return false;
        if (s.Length == 4) return year > 0;
        if (s[4] != '-' || !int.TryParse(s.Slice(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out month) || month is < 1 or > 12)
            return false;
        if (s.Length == 7) return true;
        if (s[7] != '-' || !int.TryParse(s.Slice(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out day)) return false;
        return day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    public static string Format(int year, int month = 0, int day = 0) =>
        month == 0 ? year.ToString("D4", CultureInfo.InvariantCulture)
        : day == 0 ? string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}")
        : string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}");

    /// <summary>The full date when the value has a day, else null.</summary>
    public static DateOnly? ToDateOnly(string? value) =>
        TryParse(value, out var y, out var m, out var d) && d > 0 ? new DateOnly(y, m, d) : null;
}

/// <summary>The first and last day a partial ISO date can denote: 2019-02 → 2019-02-01 … 2019-02-28.</summary>
public static class PartialDateRange
{
    public static DateOnly? Lower(string? value) =>
        PartialDate.TryParse(value, out var y, out var m, out var d) ? new DateOnly(y, Math.Max(m, 1), Math.Max(d, 1)) : null;

    public static DateOnly? Upper(string? value)
    {
        if (!PartialDate.TryParse(value, out var y, out var m, out var d)) return null;
        if (m == 0) return new DateOnly(y, 12, 31);
        return new DateOnly(y, m, d == 0 ? DateTime.DaysInMonth(y, m) : d);
    }
}
