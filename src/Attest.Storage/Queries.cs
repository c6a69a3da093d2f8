using Attest.Model;

namespace Attest.Storage;

/// <summary>
/// Filters for <see cref="IAnalysisStore.QueryEvents"/>. Immutable; every property checks its value when set and
/// throws <see cref="ArgumentException"/> with a message fit for a user. Null means "no filter".
/// Results come in document date order (undated last), then document id, then the order of the document.
/// </summary>
public sealed record EventQuery
{
    /// <summary>CAMEO actor code prefix (letters and digits, e.g. USA, IRNGOV); matches the source or the target code.</summary>
    public string? ActorCode { get => _actorCode; init => _actorCode = QueryChecks.ActorCode(value, nameof(ActorCode)); }

    /// <summary>CAMEO event code prefix, 1–4 digits: 17 matches 170…175x.</summary>
    public string? Cameo { get => _cameo; init => _cameo = QueryChecks.CameoPrefix(value, nameof(Cameo)); }

    /// <summary>Partial ISO date; keeps events whose date (else their document's date) can fall on or after it.</summary>
    public string? Since { get => _since; init => _since = QueryChecks.Date(value, nameof(Since)); }

    /// <summary>Partial ISO date; keeps events whose date (else their document's date) can fall on or before it.</summary>
    public string? Until { get => _until; init => _until = QueryChecks.Date(value, nameof(Until)); }

    /// <summary>At most this many rows (≥ 1), or null for all.</summary>
    public int? Limit { get => _limit; init => _limit = QueryChecks.Limit(value, nameof(Limit)); }

    private readonly string? _actorCode;
    private readonly string? _cameo;
    private readonly string? _since;
    private readonly string? _until;
    private readonly int? _limit;
}

/// <summary>Filters for <see cref="IAnalysisStore.QueryStatements"/>; validated like <see cref="EventQuery"/>.</summary>
public sealed record StatementQuery
{
    /// <summary>Case-insensitive substring of the speaker's text or of the resolved actor's name.</summary>
    public string? Speaker { get => _speaker; init => _speaker = QueryChecks.Text(value, nameof(Speaker)); }

    /// <summary><see cref="Model.Stance.Assert"/> or <see cref="Model.Stance.Deny"/>.</summary>
    public string? Stance { get => _stance; init => _stance = QueryChecks.Stance(value, nameof(Stance)); }

    /// <summary>CAMEO actor code prefix of the speaker.</summary>
    public string? SpeakerCode { get => _speakerCode; init => _speakerCode = QueryChecks.ActorCode(value, nameof(SpeakerCode)); }

    /// <summary>Partial ISO date, compared with the document date.</summary>
    public string? Since { get => _since; init => _since = QueryChecks.Date(value, nameof(Since)); }

    public string? Until { get => _until; init => _until = QueryChecks.Date(value, nameof(Until)); }

    public int? Limit { get => _limit; init => _limit = QueryChecks.Limit(value, nameof(Limit)); }

    private readonly string? _speaker;
    private readonly string? _stance;
    private readonly string? _speakerCode;
    private readonly string? _since;
    private readonly string? _until;
    private readonly int? _limit;
}

/// <summary>Filters for <see cref="IAnalysisStore.QueryDisputes"/>; validated like <see cref="EventQuery"/>.</summary>
public sealed record DisputeQuery
{
    /// <summary>CAMEO actor code prefix; matches either speaker's code or an actor (or country) both sides share.</summary>
    public string? ActorCode { get => _actorCode; init => _actorCode = QueryChecks.ActorCode(value, nameof(ActorCode)); }

    /// <summary>Only links between two documents (true), only disputes inside one document (false), or both (null).</summary>
    public bool? CrossDocument { get; init; }

    public int? Limit { get => _limit; init => _limit = QueryChecks.Limit(value, nameof(Limit)); }

    private readonly string? _actorCode;
    private readonly int? _limit;
}

internal static class QueryChecks
{
    public static string? ActorCode(string? value, string name)
    {
        if (value is null) return null;
        var code = value.Trim();
        if (code.Length == 0 || !code.All(char.IsAsciiLetterOrDigit))
            throw new ArgumentException($"actor code '{value}' must be letters and digits, e.g. USA or IRNGOV", name);
        return code.ToUpperInvariant();
    }

    public static string? CameoPrefix(string? value, string name)
    {
        if (value is null) return null;
        var code = value.Trim();
        if (code.Length is < 1 or > 4 || !code.All(char.IsAsciiDigit))
            throw new ArgumentException($"CAMEO code '{value}' must be 1 to 4 digits, e.g. 17 or 1712", name);
        return code;
    }

    public static string? Date(string? value, string name)
    {
        if (value is null) return null;
        var date = value.Trim();
        if (!PartialDate.IsValid(date))
            throw new ArgumentException($"date '{value}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", name);
        return date;
    }

    public static int? Limit(int? value, string name) =>
        value is < 1 ? throw new ArgumentOutOfRangeException(name, value, "limit must be at least 1") : value;

    public static string? Text(string? value, string name)
    {
        if (value is null) return null;
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException("speaker text must not be empty", name);
        return value.Trim();
    }

    public static string? Stance(string? value, string name)
    {
        if (value is null) return null;
        var stance = value.Trim().ToLowerInvariant();
        return stance is Model.Stance.Assert or Model.Stance.Deny
            ? stance
            : throw new ArgumentException($"stance '{value}' must be '{Model.Stance.Assert}' or '{Model.Stance.Deny}'", name);
    }
}
