using System.Collections.Immutable;
using Attest.Model;

namespace Attest.Disputes;

/// <summary>
/// Links each denial in a document to the claims it denies: first by explicit reference ("repudiated Shamkhani's claim"
/// → the claims of the speaker named), else by shared content words with claims made by another side, else — for a bare
/// "rejected the accusations" — the first claim of another side. Linked claims become disputes, and events carried by
/// a disputed claim get status <c>disputed</c>. Immutable and thread-safe.
/// </summary>
public sealed class DisputeLinker : IDisputeLinker
{
    private static readonly HashSet<string> ClaimNouns = new(StringComparer.Ordinal)
    {
        "claim", "claims", "accusation", "accusations", "allegation", "allegations", "charge", "charges", "report", "reports",
        "statement", "statements", "assertion", "assertions", "suggestion", "suggestions", "story", "stories", "account", "version",
    };

    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "that", "this", "with", "from", "have", "been", "were", "their", "they", "them", "there", "which", "would", "could",
        "should", "about", "after", "before", "into", "than", "then", "will", "what", "when", "where", "while", "said", "says",
        "also", "only", "such", "some", "more", "most", "other", "over", "under", "very", "just", "being", "these", "those",
        "made", "make", "does", "didn", "doesn", "because", "against", "between", "since", "until", "upon", "your", "ours",
    };

    public DisputeLinker()
    {
    }

    public DisputeResult Link(ImmutableArray<Statement> statements, ImmutableArray<Event> events)
    {
        var links = new Dictionary<string, List<string>>(StringComparer.Ordinal); // claim id → denial ids
        var respondsTo = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var denial in statements.Where(s => s.Stance == Stance.Deny))
        {
            var claims = ReferencedClaims(denial, statements);
            if (claims.Count == 0) claims = SimilarClaims(denial, statements);
            foreach (var claim in claims)
            {
                if (!links.TryGetValue(claim.Id, out var list)) links[claim.Id] = list = [];
                list.Add(denial.Id);
                respondsTo.TryAdd(denial.Id, claim.Id);
            }
        }

        var updatedStatements = statements.Select(s => respondsTo.TryGetValue(s.Id, out var c) ? s with { RespondsTo = c } : s).ToImmutableArray();
        var updatedEvents = events.Select(e => e.Statement is { } sid && links.ContainsKey(sid) && e.Status == EventStatus.Claimed
            ? e with { Status = EventStatus.Disputed } : e).ToImmutableArray();
        var disputes = statements.Where(s => links.ContainsKey(s.Id))
            .Select(s => new Dispute(s.Id, [.. links[s.Id]]) { SupportedBy = Supporters(s, statements) })
            .ToImmutableArray();
        return new DisputeResult(updatedStatements, updatedEvents, disputes);
    }

    /// <summary>"X's claim", "the claim by X", "X's report": the assertions of the speaker named X.</summary>
    private static List<Statement> ReferencedClaims(Statement denial, ImmutableArray<Statement> statements)
    {
        var words = Words(denial.Content.Text, keepCase: true);
        var result = new List<Statement>();
        for (int i = 0; i < words.Count; i++)
        {
            if (!ClaimNouns.Contains(words[i].ToLowerInvariant())) continue;
            string? owner = null;
            if (i >= 1 && (words[i - 1].EndsWith("'s", StringComparison.Ordinal) || words[i - 1].EndsWith("\u2019s", StringComparison.Ordinal)))
                owner = words[i - 1][..^2];
            else if (i + 2 < words.Count && words[i + 1] is "by" or "from" or "of")
                owner = words[i + 2];
            if (owner is null || owner.Length < 3 || !char.IsUpper(owner[0])) continue;
            foreach (var s in statements)
            {
                if (s.Id == denial.Id || s.Stance != Stance.Assert) continue;
                if (s.Speaker.Text.Contains(owner, StringComparison.OrdinalIgnoreCase)
                    || (s.Speaker.Actor is not null && statements.Any(o => o.Speaker.Actor == s.Speaker.Actor && o.Speaker.Text.Contains(owner, StringComparison.OrdinalIgnoreCase))))
                    result.Add(s);
            }
        }
        return result;
    }

    /// <summary>Claims by another side that share content words with the denial; a bare "the accusations" takes the first.</summary>
    private static List<Statement> SimilarClaims(Statement denial, ImmutableArray<Statement> statements)
    {
        var mine = new HashSet<string>(Words(denial.Content.Text, keepCase: false).Where(Content).Select(Stem), StringComparer.Ordinal);
        Statement? best = null;
        int bestScore = 0;
        Statement? firstOther = null;
        foreach (var s in statements)
        {
            if (s.Id == denial.Id || s.Stance != Stance.Assert || SameSide(s.Speaker, denial.Speaker)) continue;
            firstOther ??= s;
            int score = Words(s.Content.Text, keepCase: false).Where(Content).Select(Stem).Distinct(StringComparer.Ordinal).Count(mine.Contains);
            if (score > bestScore) { best = s; bestScore = score; }
        }
        if (best is not null) return [best];
        bool bare = Words(denial.Content.Text, keepCase: false).Any(ClaimNouns.Contains);
        return bare && firstOther is not null ? [firstOther] : [];
    }

    /// <summary>Other speakers' assertions that repeat the claim's content (two or more content words in common).</summary>
    private static ImmutableArray<string> Supporters(Statement claim, ImmutableArray<Statement> statements)
    {
        var mine = new HashSet<string>(Words(claim.Content.Text, keepCase: false).Where(Content).Select(Stem), StringComparer.Ordinal);
        return [.. statements.Where(s => s.Id != claim.Id && s.Stance == Stance.Assert && s.Speaker.Actor != claim.Speaker.Actor
                && SameSide(s.Speaker, claim.Speaker) && s.Speaker.Actor is not null
                && Words(s.Content.Text, keepCase: false).Where(Content).Select(Stem).Distinct(StringComparer.Ordinal).Count(mine.Contains) >= 3)
            .Select(s => s.Id)];
    }

    private static bool SameSide(ActorRef a, ActorRef b)
    {
        if (a.Actor is not null && a.Actor == b.Actor) return true;
        if (a.Code is { Length: >= 3 } ca && b.Code is { Length: >= 3 } cb) return string.Equals(ca[..3], cb[..3], StringComparison.Ordinal);
        return false;
    }

    private static bool Content(string w) => w.Length >= 4 && !Stopwords.Contains(w);

    private static string Stem(string w) => w.Length > 4 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) ? w[..^1] : w;

    private static List<string> Words(string text, bool keepCase)
    {
        var words = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i])) i++;
            int s = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || ((text[i] is '\'' or '\u2019' or '-') && i + 1 < text.Length && char.IsLetter(text[i + 1])))) i++;
            if (i > s) words.Add(keepCase ? text[s..i] : text[s..i].ToLowerInvariant());
        }
        return words;
    }
}
