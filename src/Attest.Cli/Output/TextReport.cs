using System.Globalization;
using Attest.Events;
using Attest.Model;
using Spectre.Console;

namespace Attest.Cli.Output;

/// <summary>The human-readable report of one analysed document: who said what, events, disputes, what cleaning removed.</summary>
internal static class TextReport
{
    public static void Write(IAnsiConsole console, Analysis a)
    {
        var doc = a.Document;
        console.Write(new Rule($"[bold]{Markup.Escape(doc.Title ?? "(untitled)")}[/]").LeftJustified());
        console.MarkupLine($"[grey]source[/] {Markup.Escape(doc.Source ?? "stdin")}  [grey]date[/] {Markup.Escape(doc.Date ?? "unknown")}  [grey]id[/] {doc.Id}");
        console.MarkupLine($"[grey]{a.Sentences.Length} sentences, {a.Actors.Length} actors, {a.Statements.Length} statements, {a.Events.Length} events, {a.Disputes.Length} disputes[/]");
        console.WriteLine();

        if (a.Statements.Length > 0)
        {
            var table = new Table().Title("Who said what").Border(TableBorder.Rounded).Expand();
            table.AddColumn("#");
            table.AddColumn("Speaker");
            table.AddColumn("Stance");
            table.AddColumn("Statement");
            foreach (var s in a.Statements)
            {
                var stance = s.Stance == Stance.Deny ? "[red]deny[/]" : "assert";
                if (s.Hedged) stance += " [yellow](hedged)[/]";
                var speaker = Markup.Escape(s.Speaker.Text) + (s.Speaker.Code is { } c ? $" [grey]{c}[/]" : "");
                if (s.Via.Length > 0) speaker += $" [grey]via {Markup.Escape(string.Join(", ", s.Via.Select(v => v.Text)))}[/]";
                var content = Markup.Escape(Clip(s.Content.Text, 160)) + $" [grey]({s.Form}, {Markup.Escape(s.Cue.Lemma)})[/]";
                if (s.RespondsTo is { } r) content += $" [grey]→ {r}[/]";
                table.AddRow(s.Id, speaker, stance, content);
            }
            console.Write(table);
        }
        if (a.Events.Length > 0)
        {
            var table = new Table().Title("Events").Border(TableBorder.Rounded).Expand();
            foreach (var h in new[] { "#", "Source → target", "CAMEO", "Date", "Status", "Trigger" }) table.AddColumn(h);
            foreach (var e in a.Events)
            {
                var name = CameoCatalog.Default.TryGet(e.Cameo, out var code) ? code.Name : "";
                var who = $"{Markup.Escape(Actor(e.Source))} → {Markup.Escape(e.Target is null ? "–" : Actor(e.Target))}";
                var gold = e.Goldstein is { } g ? g.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : "";
                table.AddRow(e.Id, who, $"{e.Cameo} {Markup.Escape(name)} [grey]{gold}{(e.Plover is null ? "" : " " + e.Plover)}[/]",
                    e.Date ?? "", e.Status, Markup.Escape(e.Trigger.Text));
            }
            console.Write(table);
        }
        if (a.Disputes.Length > 0)
        {
            console.MarkupLine("[bold]Disputes[/]");
            var byId = a.Statements.ToDictionary(s => s.Id, StringComparer.Ordinal);
            foreach (var d in a.Disputes)
            {
                var claim = byId.TryGetValue(d.Claim, out var cs) ? $"{cs.Speaker.Text}: \"{Clip(cs.Content.Text, 90)}\"" : d.Claim;
                console.MarkupLine($"  [bold]{Markup.Escape(d.Claim)}[/] {Markup.Escape(claim)}");
                foreach (var id in d.DeniedBy)
                    if (byId.TryGetValue(id, out var ds))
                        console.MarkupLine($"    [red]denied by[/] {Markup.Escape(ds.Speaker.Text)} ({id}): \"{Markup.Escape(Clip(ds.Content.Text, 90))}\"");
                foreach (var id in d.SupportedBy)
                    if (byId.TryGetValue(id, out var ss))
                        console.MarkupLine($"    [green]supported by[/] {Markup.Escape(ss.Speaker.Text)} ({id})");
            }
            console.WriteLine();
        }
        if (doc.Removed.Length > 0)
        {
            console.MarkupLine("[bold]Removed by cleaning[/]");
            foreach (var r in doc.Removed) console.MarkupLine($"  [grey]{r.Kind,-11}[/] {Markup.Escape(Clip(r.Text, 110))}");
            console.WriteLine();
        }
    }

    private static string Actor(ActorRef r) => r.Code is null ? r.Text : $"{r.Text} ({r.Code})";

    private static string Clip(string s, int max)
    {
        s = s.ReplaceLineEndings(" ");
        return s.Length <= max ? s : string.Concat(s.AsSpan(0, max - 1), "…");
    }
}
