using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Attest.Events.Petrarch;

/// <summary>One <c>&lt;Sentence&gt;</c> of a PETRARCH records file with the codings it expects.</summary>
public sealed record PetrarchRecord(string Id, string Category, DateOnly? Date, string Text, IReadOnlyList<PetrarchCoding> Expected,
    bool NoEvents, string? Error, bool RequireDyad)
{
    /// <summary>The <c>new_actor_length</c> in force for this record (0: off).</summary>
    public int NewActorLength { get; init; }
}

/// <summary>A PETRARCH validation file: the dictionaries its <c>&lt;Environment&gt;</c> names and its records in order.</summary>
public sealed record PetrarchRecordsFile(string? VerbFile, IReadOnlyList<string> ActorFiles, string? AgentFile, string? DiscardFile,
    IReadOnlyList<PetrarchRecord> Records)
{
    /// <summary>Reads a records file; <c>&lt;Config option="require_dyad"&gt;</c> elements apply to the records after them.</summary>
    /// <exception cref="FormatException">not a PETRARCH records file, or a record without text or id (with its line).</exception>
    public static PetrarchRecordsFile Load(string path)
    {
        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new FormatException($"{path}:{e.LineNumber}: {e.Message}", e);
        }
        var root = doc.Root ?? throw new FormatException($"{path}: empty document");
        var env = root.Element("Environment");
        string? Value(string name) => env?.Element(name)?.Value.Trim() is { Length: > 0 } s ? s : null;
        var actorFiles = env?.Elements("Actorfile").Select(e => e.Value.Trim()).Where(s => s.Length > 0)
            .SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList() ?? [];
        var sentences = root.Element("Sentences") ?? root;
        var records = new List<PetrarchRecord>();
        bool requireDyad = true;
        int newActorLength = 0;
        foreach (var el in sentences.Elements())
        {
            int line = ((IXmlLineInfo)el).LineNumber;
            if (el.Name.LocalName == "Config")
            {
                if (string.Equals((string?)el.Attribute("option"), "require_dyad", StringComparison.OrdinalIgnoreCase))
                    requireDyad = !string.Equals(((string?)el.Attribute("value"))?.Trim(), "false", StringComparison.OrdinalIgnoreCase);
                if (string.Equals((string?)el.Attribute("option"), "new_actor_length", StringComparison.OrdinalIgnoreCase))
                {
                    if (!int.TryParse(((string?)el.Attribute("value"))?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out newActorLength))
                        throw new FormatException($"{path}:{line}: new_actor_length must be a number");
                }
                continue;
            }
            if (el.Name.LocalName != "Sentence") continue;
            var id = ((string?)el.Attribute("id"))?.Trim();
            var text = el.Element("Text")?.Value;
            if (string.IsNullOrEmpty(id) || text is null) throw new FormatException($"{path}:{line}: <Sentence> without id or <Text>");
            var category = ((string?)el.Attribute("category"))?.Trim() ?? "";
            DateOnly? date = DateOnly.TryParseExact(((string?)el.Attribute("date"))?.Trim(), "yyyyMMdd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var dd) ? dd : null;
            var expected = new List<PetrarchCoding>();
            bool noEvents = false;
            string? error = null;
            foreach (var c in el.Elements("EventCoding"))
            {
                if (c.Attribute("noevents") is not null) { noEvents = true; continue; }
                if (c.Attribute("error") is { } err) { error = err.Value; continue; }
                expected.Add(new PetrarchCoding(((string?)c.Attribute("sourcecode"))?.Trim() ?? "", ((string?)c.Attribute("targetcode"))?.Trim() ?? "",
                    ((string?)c.Attribute("eventcode"))?.Trim() ?? ""));
            }
            records.Add(new PetrarchRecord(id, category, date, string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
                expected, noEvents, error, requireDyad) { NewActorLength = newActorLength });
        }
        return new PetrarchRecordsFile(Value("Verbfile"), actorFiles, Value("Agentfile"), Value("Discardfile"), records);
    }
}

/// <summary>Counts for one category (or all records): expected codings, those reproduced exactly, missed, extra.</summary>
public sealed record PetrarchScore(int Records, int Expected, int Reproduced, int Missed, int Extra)
{
    /// <summary>Reproduced / expected, in [0, 1]; 1 when nothing was expected.</summary>
    public double ExactShare => Expected == 0 ? 1.0 : (double)Reproduced / Expected;

    public PetrarchScore Plus(PetrarchScore o) => new(Records + o.Records, Expected + o.Expected, Reproduced + o.Reproduced, Missed + o.Missed, Extra + o.Extra);

    public static PetrarchScore Zero { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>The result of one record: what was expected, what the coder produced, or the exception message.</summary>
public sealed record PetrarchRecordResult(PetrarchRecord Record, IReadOnlyList<PetrarchCoding> Produced, PetrarchScore Score, string? Failure);

/// <summary>The whole run: totals, per category (in file order) and per record.</summary>
public sealed record PetrarchSuiteReport(PetrarchScore Total, IReadOnlyList<(string Category, PetrarchScore Score)> Categories,
    IReadOnlyList<PetrarchRecordResult> Records);

/// <summary>Runs a <see cref="PetrarchCoder"/> over every record and compares with the expected codings (source, target
/// and event code exact; each expected coding matches at most one produced one).</summary>
public static class PetrarchSuite
{
    public static PetrarchSuiteReport Run(PetrarchCoder coder, IReadOnlyList<PetrarchRecord> records)
    {
        var results = new List<PetrarchRecordResult>(records.Count);
        foreach (var r in records)
        {
            IReadOnlyList<PetrarchCoding> produced;
            string? failure = null;
            try
            {
                produced = coder.Code(r.Text, r.Date, new PetrarchCoderOptions { RequireDyad = r.RequireDyad, NewActorLength = r.NewActorLength });
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // a record that throws is reported and all its expected codings count as missed
                produced = [];
                failure = $"{e.GetType().Name}: {e.Message}";
            }
            results.Add(new PetrarchRecordResult(r, produced, Score(r.Expected, produced), failure));
        }
        var categories = new List<(string, PetrarchScore)>();
        foreach (var group in results.GroupBy(x => x.Record.Category, StringComparer.Ordinal))
            categories.Add((group.Key, group.Aggregate(PetrarchScore.Zero, (acc, x) => acc.Plus(x.Score))));
        var total = results.Aggregate(PetrarchScore.Zero, (acc, x) => acc.Plus(x.Score));
        return new PetrarchSuiteReport(total, categories, results);
    }

    public static PetrarchScore Score(IReadOnlyList<PetrarchCoding> expected, IReadOnlyList<PetrarchCoding> produced)
    {
        var left = produced.ToList();
        int reproduced = 0;
        foreach (var e in expected)
        {
            int k = left.IndexOf(e);
            if (k < 0) continue;
            reproduced++;
            left.RemoveAt(k);
        }
        return new PetrarchScore(1, expected.Count, reproduced, expected.Count - reproduced, left.Count);
    }
}
