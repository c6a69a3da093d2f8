using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Attest.Model;

namespace Attest.Evaluation;

/// <summary>Scores of one document against its gold file (the metrics of <c>shared/tools/score-gold.py</c>).</summary>
public sealed record GoldDocumentScore(string Name)
{
    public int GoldStatements { get; init; }
    public int OutputStatements { get; init; }
    public int Found { get; init; }
    public int SpeakerRight { get; init; }
    public double AttributionPrecision { get; init; }
    public double AttributionRecall { get; init; }
    public double AttributionF1 { get; init; }
    public double? StanceAccuracy { get; init; }
    public double? FormAccuracy { get; init; }
    public double? HedgedAccuracy { get; init; }
    public int GoldEvents { get; init; }
    public int OutputEvents { get; init; }
    public double EventPrecision { get; init; }
    public double EventRecall { get; init; }
    public double EventF1 { get; init; }
    public double? DisputeRecall { get; init; }
    /// <summary>What went wrong, one line each ("g4 stance: want deny got assert", "statement missed: …").</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}

/// <summary>
/// Attest's own implementation of the gold-file metrics described in <c>spec/gold-format.md</c> (statements found with
/// the right speaker, stance/form/hedged accuracy, events found by sentence, root and source, disputes), so that the
/// team can score in process: <c>attest eval attribution --gold DIR</c>. The Python scorer in shared/tools stays the
/// reference; this one follows it rule for rule.
/// </summary>
public static partial class GoldScorer
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[A-Za-z][A-Za-z'\-]+")]
    private static partial Regex Words();

    /// <summary>Lower case, curly quotes and dashes made plain, white space collapsed.</summary>
    public static string Normalize(string? s)
    {
        var sb = new StringBuilder(s ?? "");
        sb.Replace('\u201C', '"').Replace('\u201D', '"').Replace('\u2018', '\'').Replace('\u2019', '\'')
          .Replace("\u2026", "...").Replace('\u2014', '-').Replace('\u2013', '-');
        return Spaces().Replace(sb.ToString(), " ").Trim().ToLowerInvariant();
    }

    public static GoldDocumentScore Score(string name, JsonNode gold, Analysis output)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(output);
        var problems = new List<string>();
        var actors = output.Actors.ToDictionary(a => a.Id, StringComparer.Ordinal);
        string CodeOf(ActorRef? r) => (r?.Code ?? (r?.Actor is { } id && actors.TryGetValue(id, out var a) ? a.Code : null) ?? "").ToUpperInvariant();

        bool SpeakerOk(JsonNode g, Statement st)
        {
            var texts = new List<string> { Normalize(st.Speaker.Text) };
            if (st.Speaker.Actor is { } id && actors.TryGetValue(id, out var actor)) texts.Add(Normalize(actor.Name));
            var words = Words().Matches(g["name"]?.GetValue<string>() ?? "");
            var last = words.Count > 0 ? words[^1].Value.ToLowerInvariant() : "";
            if (last.Length >= 3)
            {
                var re = new Regex(@"\b" + Regex.Escape(last) + @"\b");
                if (texts.Any(t => t.Length > 0 && re.IsMatch(t))) return true;
            }
            var code = g["code"]?.GetValue<string>();
            if (string.IsNullOrEmpty(code)) return false;
            var speakerCode = (st.Speaker.Code ?? "").ToUpperInvariant();
            var actorCode = (st.Speaker.Actor is { } aid && actors.TryGetValue(aid, out var ac) ? ac.Code ?? "" : "").ToUpperInvariant();
            return (speakerCode.Length > 0 && speakerCode.StartsWith(code.ToUpperInvariant(), StringComparison.Ordinal))
                || (actorCode.Length > 0 && actorCode.StartsWith(code.ToUpperInvariant(), StringComparison.Ordinal));
        }

        // statements
        var goldStatements = gold["statements"]?.AsArray().Select(n => n!).ToList() ?? [];
        var matched = new Dictionary<string, Statement>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in goldStatements)
        {
            var needle = Normalize(g["contains"]!.GetValue<string>());
            var cands = output.Statements.Where(st => Normalize(st.Content.Text).Contains(needle, StringComparison.Ordinal)).ToList();
            if (cands.Count == 0) continue;
            var best = cands.OrderBy(st => !SpeakerOk(g["speaker"]!, st)).ThenBy(st => used.Contains(st.Id)).First();
            matched[Id(g)] = best;
            used.Add(best.Id);
        }
        var required = goldStatements.Where(g => g["optional"]?.GetValue<bool>() != true).ToList();
        int tp = goldStatements.Count(g => matched.TryGetValue(Id(g), out var st) && SpeakerOk(g["speaker"]!, st));
        int tpReq = required.Count(g => matched.TryGetValue(Id(g), out var st) && SpeakerOk(g["speaker"]!, st));
        int fp = output.Statements.Count(st => !used.Contains(st.Id));
        double prec = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        double rec = required.Count == 0 ? 0 : (double)tpReq / required.Count;
        foreach (var g in required)
        {
            if (!matched.TryGetValue(Id(g), out var st)) problems.Add($"statement missed: {Id(g)} {g["speaker"]?["name"]}: '{g["contains"]}'");
            else if (!SpeakerOk(g["speaker"]!, st)) problems.Add($"{Id(g)} wrong speaker: want {g["speaker"]?["name"]} got '{st.Speaker.Text}'/{CodeOf(st.Speaker)}");
        }
        double? Accuracy(string field, Func<Statement, string> value)
        {
            var pairs = goldStatements.Where(g => matched.ContainsKey(Id(g)) && g[field] is not null)
                .Select(g => (Id(g), Want: g[field]!.ToString().ToLowerInvariant(), Got: value(matched[Id(g)]))).ToList();
            foreach (var p in pairs.Where(p => p.Want != p.Got)) problems.Add($"{p.Item1} {field}: want {p.Want} got {p.Got}");
            return pairs.Count == 0 ? null : pairs.Count(p => p.Want == p.Got) / (double)pairs.Count;
        }
        var stance = Accuracy("stance", st => st.Stance);
        var form = Accuracy("form", st => st.Form);
        var hedged = Accuracy("hedged", st => st.Hedged ? "true" : "false");
        foreach (var st in output.Statements.Where(st => !used.Contains(st.Id)))
            problems.Add($"extra statement: '{st.Speaker.Text}': '{Clip(st.Content.Text)}'");

        // events
        var text = output.Document.Text;
        int SentenceOf(int pos)
        {
            for (int i = 0; i < output.Sentences.Length; i++)
                if (output.Sentences[i].Start <= pos && pos < output.Sentences[i].End) return i;
            return -1;
        }
        HashSet<int> Locate(string needle)
        {
            var n = Normalize(needle);
            var found = new HashSet<int>();
            for (int i = 0; i < output.Sentences.Length; i++)
                if (Normalize(text[output.Sentences[i].Start..output.Sentences[i].End]).Contains(n, StringComparison.Ordinal)) found.Add(i);
            if (found.Count == 0)
            {
                var all = Normalize(text);
                int k = all.IndexOf(n, StringComparison.Ordinal);
                if (k >= 0) found.Add(SentenceOf((int)((double)k / Math.Max(1, all.Length) * text.Length)));
            }
            found.Remove(-1);
            return found;
        }
        var goldEvents = gold["events"]?.AsArray().Select(n => n!).ToList() ?? [];
        var evMatched = new Dictionary<string, Event>(StringComparer.Ordinal);
        var evUsed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in goldEvents)
        {
            var sents = Locate(g["contains"]!.GetValue<string>());
            var roots = g["root"]!.AsArray().Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var source = g["source"]!.GetValue<string>().ToUpperInvariant();
            var cands = output.Events.Where(ev => sents.Contains(SentenceOf(ev.Trigger.Start)) && roots.Contains(ev.Root)
                && CodeOf(ev.Source).StartsWith(source, StringComparison.Ordinal)).ToList();
            if (cands.Count == 0)
            {
                if (g["optional"]?.GetValue<bool>() != true) problems.Add($"event missed: {Id(g)} {source}->{g["target"]} [{string.Join(",", roots)}]: '{g["contains"]}'");
                continue;
            }
            var best = cands.OrderBy(ev => evUsed.Contains(ev.Id)).First();
            evMatched[Id(g)] = best;
            evUsed.Add(best.Id);
        }
        var evRequired = goldEvents.Where(g => g["optional"]?.GetValue<bool>() != true).ToList();
        int etp = goldEvents.Count(g => evMatched.ContainsKey(Id(g)));
        int etpReq = evRequired.Count(g => evMatched.ContainsKey(Id(g)));
        int efp = output.Events.Count(ev => !evUsed.Contains(ev.Id));
        double eprec = etp + efp == 0 ? 0 : (double)etp / (etp + efp);
        double erec = evRequired.Count == 0 ? 0 : (double)etpReq / evRequired.Count;

        // disputes
        var goldDisputes = gold["disputes"]?.AsArray().Select(n => n!).ToList() ?? [];
        int hits = 0;
        foreach (var g in goldDisputes)
        {
            if (!matched.TryGetValue(g["claim"]!.GetValue<string>(), out var claim)) continue;
            var deniers = g["denied_by_any_of"]!.AsArray().Select(x => x!.GetValue<string>())
                .Where(matched.ContainsKey).Select(x => matched[x].Id).ToHashSet(StringComparer.Ordinal);
            var claimIds = output.Events.Where(ev => ev.Statement == claim.Id).Select(ev => ev.Id).Append(claim.Id).ToHashSet(StringComparer.Ordinal);
            if (output.Disputes.Any(d => claimIds.Contains(d.Claim) && d.DeniedBy.Any(deniers.Contains))) hits++;
            else problems.Add($"dispute missed: claim {g["claim"]}");
        }

        return new GoldDocumentScore(name)
        {
            GoldStatements = required.Count,
            OutputStatements = output.Statements.Length,
            Found = required.Count(g => matched.ContainsKey(Id(g))),
            SpeakerRight = tpReq,
            AttributionPrecision = prec,
            AttributionRecall = rec,
            AttributionF1 = F1(prec, rec),
            StanceAccuracy = stance,
            FormAccuracy = form,
            HedgedAccuracy = hedged,
            GoldEvents = evRequired.Count,
            OutputEvents = output.Events.Length,
            EventPrecision = eprec,
            EventRecall = erec,
            EventF1 = F1(eprec, erec),
            DisputeRecall = goldDisputes.Count == 0 ? null : (double)hits / goldDisputes.Count,
            Problems = problems,
        };
    }

    public static double F1(double p, double r) => p + r == 0 ? 0 : 2 * p * r / (p + r);

    private static string Id(JsonNode g) => g["id"]!.GetValue<string>();

    private static string Clip(string s) => s.Length <= 80 ? s : s[..80];
}
