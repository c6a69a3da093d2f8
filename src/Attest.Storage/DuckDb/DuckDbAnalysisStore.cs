using System.Collections.Immutable;
using System.Data;
using System.Data.Common;
using System.Text.Json;
using Attest.Disputes;
using Attest.Model;
using DuckDB.NET.Data;

namespace Attest.Storage.DuckDb;

/// <summary>
/// An <see cref="IAnalysisStore"/> in one DuckDB file. The main fields are real columns (for SQL users and Parquet
/// exports); the full analysis is kept as JSON in <c>documents.analysis_json</c> and is what
/// <see cref="GetDocument"/> returns. One connection, serialised by a lock: DuckDB allows one writing process per file.
/// </summary>
public sealed class DuckDbAnalysisStore : IAnalysisStore
{
    private readonly DuckDBConnection _connection;
    private readonly TimeProvider _clock;
    private readonly bool _readOnly;
    private readonly Lock _gate = new();
    private bool _disposed;

    private DuckDbAnalysisStore(DuckDBConnection connection, string location, AnalysisStoreOptions options)
    {
        _connection = connection;
        _clock = options.Clock;
        _readOnly = options.ReadOnly;
        Location = location;
    }

    public string Location { get; }

    /// <summary>The schema version this build writes.</summary>
    public static int SchemaVersion => DuckDbSchema.CurrentVersion;

    public static DuckDbAnalysisStore Open(string path, AnalysisStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new AnalysisStoreException($"{path}: is a directory, not a store file");
        var exists = File.Exists(full);
        if (!exists && (options.ReadOnly || !options.CreateIfMissing))
            throw new AnalysisStoreException($"{path}: no such store");
        if (!exists && Path.GetDirectoryName(full) is { } dir && !Directory.Exists(dir))
            throw new AnalysisStoreException($"{path}: directory {dir} does not exist");

        var builder = new DuckDBConnectionStringBuilder { DataSource = full };
        if (options.ReadOnly) builder["ACCESS_MODE"] = "READ_ONLY";
        var connection = new DuckDBConnection(builder.ConnectionString);
        try
        {
            connection.Open();
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            connection.Dispose();
            var detail = FirstLine(ex.Message);
            throw new AnalysisStoreException(
                detail.Contains("Could not set lock", StringComparison.OrdinalIgnoreCase)
                    ? $"{path}: is in use by another process (DuckDB allows one writer, or many readers): {detail}"
                    : $"{path}: cannot open as a DuckDB database: {detail}",
                ex);
        }

        var store = new DuckDbAnalysisStore(connection, path, options);
        try
        {
            store.EnsureSchema();
            return store;
        }
        catch (DbException ex)
        {
            store.Dispose();
            throw new AnalysisStoreException($"{path}: cannot read or create the store schema: {FirstLine(ex.Message)}", ex);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private void EnsureSchema()
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        using (var cmd = Command("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_catalog = current_database()"))
        using (var reader = cmd.ExecuteReader())
            while (reader.Read()) tables.Add(reader.GetString(0));

        int version;
        if (tables.Count == 0)
        {
            if (_readOnly) throw new AnalysisStoreException($"{Location}: is an empty database, not an Attest store");
            using var cmd = Command("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL)");
            cmd.ExecuteNonQuery();
            version = 0;
        }
        else if (!tables.Contains("schema_version"))
        {
            throw new AnalysisStoreException($"{Location}: is a DuckDB database but not an Attest store (no schema_version table)");
        }
        else
        {
            using var cmd = Command("SELECT max(version) FROM schema_version");
            version = cmd.ExecuteScalar() is { } v and not DBNull ? Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }

        if (version > DuckDbSchema.CurrentVersion)
            throw new AnalysisStoreException(
                $"{Location}: store schema version {version} is newer than this Attest supports ({DuckDbSchema.CurrentVersion}); upgrade Attest");
        if (version == DuckDbSchema.CurrentVersion) return;
        if (_readOnly)
            throw new AnalysisStoreException(
                $"{Location}: store schema version {version} is older than {DuckDbSchema.CurrentVersion}; open it for writing (e.g. attest ingest) to upgrade it");

        foreach (var (number, sql) in DuckDbSchema.Migrations)
        {
            if (number <= version) continue;
            using var tx = _connection.BeginTransaction();
            using (var cmd = Command(sql, tx)) cmd.ExecuteNonQuery();
            using (var cmd = Command("INSERT INTO schema_version (version, applied_at) VALUES ($version, $at)", tx))
            {
                Add(cmd, "version", number);
                Add(cmd, "at", _clock.GetUtcNow().UtcDateTime);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    public StoreOutcome Store(Analysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(analysis.Document);
        var doc = analysis.Document;
        if (string.IsNullOrEmpty(doc.Id)) throw new ArgumentException("the analysis has no document id", nameof(analysis));
        if (_readOnly) throw new InvalidOperationException($"{Location}: store is open read-only");
        var json = AnalysisJson.Serialize(analysis);

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var tx = _connection.BeginTransaction();
            try
            {
                using (var cmd = Command("""
                    INSERT INTO documents (id, source, title, date, date_lo, date_hi, text, schema, analysis_json, ingested_at)
                    VALUES ($id, $source, $title, $date, $date_lo, $date_hi, $text, $schema, $json, $at)
                    ON CONFLICT (id) DO NOTHING
                    """, tx))
                {
                    Add(cmd, "id", doc.Id);
                    Add(cmd, "source", doc.Source);
                    Add(cmd, "title", doc.Title);
                    Add(cmd, "date", doc.Date);
                    Add(cmd, "date_lo", PartialDateRange.Lower(doc.Date));
                    Add(cmd, "date_hi", PartialDateRange.Upper(doc.Date));
                    Add(cmd, "text", doc.Text);
                    Add(cmd, "schema", analysis.Schema);
                    Add(cmd, "json", json);
                    Add(cmd, "at", _clock.GetUtcNow().UtcDateTime);
                    if (cmd.ExecuteNonQuery() == 0)
                    {
                        tx.Rollback();
                        return StoreOutcome.AlreadyStored;
                    }
                }

                var names = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var actor in analysis.Actors) names.TryAdd(actor.Id, actor.Name);
                InsertActors(doc.Id, analysis.Actors);
                InsertStatements(doc.Id, analysis.Statements, names);
                InsertEvents(analysis, names);
                InsertDisputes(doc.Id, analysis.Disputes);
                tx.Commit();
                return StoreOutcome.Inserted;
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or NotSupportedException)
            {
                TryRollback(tx);
                throw new AnalysisStoreException($"{Location}: cannot store document {doc.Id}: {FirstLine(ex.Message)}", ex);
            }
        }
    }

    // Child rows go through DuckDB appenders (an INSERT per row costs milliseconds); appenders write inside the
    // connection's open transaction, so a failure still rolls the whole document back. Values are appended in
    // the column order of the CREATE TABLE statements in DuckDbSchema.

    private void InsertActors(string documentId, ImmutableArray<Actor> actors)
    {
        if (actors.IsDefaultOrEmpty) return;
        using var appender = _connection.CreateAppender("actors");
        for (var i = 0; i < actors.Length; i++)
        {
            var a = actors[i];
            AppendRow(appender, documentId, a.Id, i, a.Name, a.Code, a.Country, a.Kind, a.Mentions.IsDefault ? 0 : a.Mentions.Length);
        }
    }

    private void InsertStatements(string documentId, ImmutableArray<Statement> statements, Dictionary<string, string> names)
    {
        if (statements.IsDefaultOrEmpty) return;
        using var appender = _connection.CreateAppender("statements");
        for (var i = 0; i < statements.Length; i++)
        {
            var s = statements[i];
            var via = s.Via.IsDefault ? [] : s.Via.Select(v => v.Text).ToList();
            AppendRow(appender,
                documentId, s.Id, i, s.Speaker.Text, s.Speaker.Start, s.Speaker.End, s.Speaker.Actor, s.Speaker.Code,
                NameOf(s.Speaker, names), s.Cue.Text, s.Cue.Lemma, s.Content.Text, s.Form, s.Stance, s.Hedged, via, s.RespondsTo);
        }
    }

    private void InsertEvents(Analysis analysis, Dictionary<string, string> names)
    {
        var events = analysis.Events;
        if (events.IsDefaultOrEmpty) return;
        using var appender = _connection.CreateAppender("events");
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            AppendRow(appender,
                analysis.Document.Id, e.Id, i, e.Date, PartialDateRange.Lower(e.Date), PartialDateRange.Upper(e.Date),
                e.Source.Text, e.Source.Start, e.Source.End, e.Source.Actor, e.Source.Code, NameOf(e.Source, names),
                e.Target?.Text, e.Target?.Start, e.Target?.End, e.Target?.Actor, e.Target?.Code, e.Target is null ? null : NameOf(e.Target, names),
                e.Cameo, e.Root, e.Plover, e.Goldstein, e.QuadClass, e.Trigger.Text, e.Trigger.Start, e.Trigger.End,
                e.Negated, e.Status, e.Statement, e.Location?.Text, e.Location?.Country, e.Quantity?.Value, e.Quantity?.Unit,
                e.Sentence, SentenceText(analysis, e.Sentence));
        }
    }

    private void InsertDisputes(string documentId, ImmutableArray<Dispute> disputes)
    {
        if (disputes.IsDefaultOrEmpty) return;
        using var appender = _connection.CreateAppender("disputes");
        for (var i = 0; i < disputes.Length; i++)
        {
            var d = disputes[i];
            foreach (var (relation, ids) in new[] { ("denied_by", d.DeniedBy), ("supported_by", d.SupportedBy) })
            {
                if (ids.IsDefaultOrEmpty) continue;
                foreach (var id in ids) AppendRow(appender, documentId, d.Claim, i, relation, id);
            }
        }
    }

    private static void AppendRow(DuckDBAppender appender, params ReadOnlySpan<object?> values)
    {
        var row = appender.CreateRow();
        foreach (var value in values)
        {
            row = value switch
            {
                null => row.AppendNullValue(),
                string s => row.AppendValue(s),
                int n => row.AppendValue((int?)n),
                double x => row.AppendValue((double?)x),
                bool b => row.AppendValue((bool?)b),
                DateOnly d => row.AppendValue((DateOnly?)d),
                List<string> list => row.AppendValue((IEnumerable<string>)list),
                float[] vector => row.AppendValue((IEnumerable<float>)vector),
                DateTime t => row.AppendValue((DateTime?)t),
                _ => throw new NotSupportedException($"cannot append a {value.GetType().Name}"),
            };
        }
        row.EndRow();
    }

    public bool Contains(string documentId)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = Command("SELECT 1 FROM documents WHERE id = $id");
            Add(cmd, "id", documentId);
            return cmd.ExecuteScalar() is not (null or DBNull);
        }
    }

    public Analysis? GetDocument(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        string? json;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = Command("SELECT analysis_json FROM documents WHERE id = $id");
            Add(cmd, "id", id);
            json = cmd.ExecuteScalar() as string;
        }
        if (json is null) return null;
        try
        {
            return AnalysisJson.Deserialize(json);
        }
        catch (JsonException ex)
        {
            throw new AnalysisStoreException($"{Location}: document {id} holds unreadable analysis JSON: {ex.Message}", ex);
        }
    }

    public IReadOnlyList<StoredEvent> QueryEvents(EventQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new System.Text.StringBuilder("""
            SELECT e.document_id, d.source, d.date, e.id, e.date, e.source_text, e.source_code, e.source_name,
                   e.target_text, e.target_code, e.target_name, e.cameo, e.root, e.goldstein, e.quad_class, e.plover,
                   CASE WHEN e.status = 'claimed' AND x.claim_statement_id IS NOT NULL THEN 'disputed' ELSE e.status END,
                   e.negated, e.trigger_text, e.sentence_text
            FROM events e JOIN documents d ON d.id = e.document_id
            -- a claimed event whose claim is denied in another document is disputed (the stored analysis is unchanged)
            LEFT JOIN (SELECT DISTINCT claim_document_id, claim_statement_id FROM cross_disputes) x
                   ON x.claim_document_id = e.document_id AND x.claim_statement_id = e.statement_id
            WHERE TRUE
            """);
        var parameters = new List<DuckDBParameter>();
        if (query.ActorCode is { } actor)
        {
            sql.Append(" AND (starts_with(e.source_code, $actor) OR starts_with(e.target_code, $actor))");
            parameters.Add(new DuckDBParameter("actor", actor));
        }
        if (query.Cameo is { } cameo)
        {
            sql.Append(" AND starts_with(e.cameo, $cameo)");
            parameters.Add(new DuckDBParameter("cameo", cameo));
        }
        AppendDateFilters(sql, parameters, "coalesce(e.date_lo, d.date_lo)", "coalesce(e.date_hi, d.date_hi)", query.Since, query.Until);
        sql.Append(" ORDER BY coalesce(e.date_lo, d.date_lo) NULLS LAST, e.document_id, e.ord");
        AppendLimit(sql, parameters, query.Limit);

        return Query(sql.ToString(), parameters, r => new StoredEvent
        {
            DocumentId = r.GetString(0),
            DocumentSource = NullableString(r, 1),
            DocumentDate = NullableString(r, 2),
            Id = r.GetString(3),
            Date = NullableString(r, 4),
            SourceText = r.GetString(5),
            SourceCode = NullableString(r, 6),
            SourceName = NullableString(r, 7),
            TargetText = NullableString(r, 8),
            TargetCode = NullableString(r, 9),
            TargetName = NullableString(r, 10),
            Cameo = r.GetString(11),
            Root = r.GetString(12),
            Goldstein = r.IsDBNull(13) ? null : r.GetDouble(13),
            QuadClass = r.IsDBNull(14) ? null : r.GetInt32(14),
            Plover = NullableString(r, 15),
            Status = r.GetString(16),
            Negated = r.GetBoolean(17),
            Trigger = r.GetString(18),
            Sentence = NullableString(r, 19),
        });
    }

    public IReadOnlyList<StoredStatement> QueryStatements(StatementQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new System.Text.StringBuilder("""
            SELECT s.document_id, d.source, d.date, s.id, s.speaker_text, s.speaker_code, s.speaker_name,
                   s.cue_lemma, s.stance, s.form, s.hedged, s.content_text, s.via, s.responds_to
            FROM statements s JOIN documents d ON d.id = s.document_id
            WHERE TRUE
            """);
        var parameters = new List<DuckDBParameter>();
        if (query.Speaker is { } speaker)
        {
            sql.Append(" AND (strpos(lower(s.speaker_text), $speaker) > 0 OR coalesce(strpos(lower(s.speaker_name), $speaker), 0) > 0)");
            parameters.Add(new DuckDBParameter("speaker", speaker.ToLowerInvariant()));
        }
        if (query.Stance is { } stance)
        {
            sql.Append(" AND s.stance = $stance");
            parameters.Add(new DuckDBParameter("stance", stance));
        }
        if (query.SpeakerCode is { } code)
        {
            sql.Append(" AND starts_with(s.speaker_code, $code)");
            parameters.Add(new DuckDBParameter("code", code));
        }
        AppendDateFilters(sql, parameters, "d.date_lo", "d.date_hi", query.Since, query.Until);
        sql.Append(" ORDER BY d.date_lo NULLS LAST, s.document_id, s.ord");
        AppendLimit(sql, parameters, query.Limit);

        return Query(sql.ToString(), parameters, r => new StoredStatement
        {
            DocumentId = r.GetString(0),
            DocumentSource = NullableString(r, 1),
            DocumentDate = NullableString(r, 2),
            Id = r.GetString(3),
            SpeakerText = r.GetString(4),
            SpeakerCode = NullableString(r, 5),
            SpeakerName = NullableString(r, 6),
            Cue = r.GetString(7),
            Stance = r.GetString(8),
            Form = r.GetString(9),
            Hedged = r.GetBoolean(10),
            Content = r.GetString(11),
            Via = r.IsDBNull(12) ? [] : r.GetFieldValue<List<string>>(12),
            RespondsTo = NullableString(r, 13),
        });
    }

    public long UnlinkedDocuments(string modelId)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = Command("""
                SELECT count(*) FROM documents d
                WHERE NOT EXISTS (SELECT 1 FROM linked_documents l WHERE l.document_id = d.id AND l.model = $model)
                """);
            Add(cmd, "model", modelId);
            return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public LinkReport LinkDocuments(CrossDocumentLinker linker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(linker);
        if (_readOnly) throw new InvalidOperationException($"{Location}: store is open read-only");
        var model = linker.ModelId;
        var pending = new List<string>();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = Command("""
                SELECT d.id FROM documents d
                WHERE NOT EXISTS (SELECT 1 FROM linked_documents l WHERE l.document_id = d.id AND l.model = $model)
                ORDER BY d.id
                """);
            Add(cmd, "model", model);
            using var reader = cmd.ExecuteReader();
            while (reader.Read()) pending.Add(reader.GetString(0));
        }

        int documents = 0, candidates = 0, links = 0;
        foreach (var id in pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (GetDocument(id) is not { } analysis) continue;
            // Embedding is the slow part: done outside the lock, and only for documents with candidates.
            var prepared = linker.Prepare(analysis, cancellationToken);
            var found = LinkOne(linker, id, prepared);
            if (found is null) continue;
            documents++;
            candidates += prepared.Length;
            links += found.Value;
        }
        return new LinkReport(documents, candidates, links);
    }

    /// <summary>Stores one document's candidates and its links with earlier linked documents, in one transaction; null when another caller linked it first.</summary>
    private int? LinkOne(CrossDocumentLinker linker, string documentId, ImmutableArray<LinkCandidate> prepared)
    {
        var model = linker.ModelId;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var tx = _connection.BeginTransaction();
            try
            {
                using (var cmd = Command("INSERT INTO linked_documents (document_id, model, candidates, linked_at) VALUES ($id, $model, $n, $at) ON CONFLICT DO NOTHING", tx))
                {
                    Add(cmd, "id", documentId);
                    Add(cmd, "model", model);
                    Add(cmd, "n", prepared.Length);
                    Add(cmd, "at", _clock.GetUtcNow().UtcDateTime);
                    if (cmd.ExecuteNonQuery() == 0)
                    {
                        tx.Rollback();
                        return null;
                    }
                }
                if (prepared.IsEmpty)
                {
                    tx.Commit();
                    return 0;
                }

                var others = LoadCandidates(linker, documentId, prepared, tx);
                var links = new List<CrossDocumentLink>();
                foreach (var mine in prepared)
                    foreach (var other in others)
                        if (linker.Match(mine, other) is { } link) links.Add(link);

                using (var appender = _connection.CreateAppender("link_candidates"))
                {
                    foreach (var c in prepared)
                    {
                        AppendRow(appender, c.DocumentId, c.StatementId, model, c.Stance, c.SpeakerCode, c.SpeakerCountry,
                            c.ActorCodes.ToList(), c.NamedCountries.ToList(), c.DateLo, c.DateHi, c.Text, c.Embedding);
                    }
                }

                var stored = 0;
                foreach (var link in links)
                {
                    using var cmd = Command("""
                        INSERT INTO cross_disputes (claim_document_id, claim_statement_id, denial_document_id, denial_statement_id, model,
                                                    similarity, shared_actors, actor_match, stance_pair, date_gap_days, linked_at)
                        VALUES ($cd, $cs, $dd, $ds, $model, $sim, string_split($shared, ','), $match, $pair, $gap, $at)
                        ON CONFLICT DO NOTHING
                        """, tx);
                    Add(cmd, "cd", link.ClaimDocumentId);
                    Add(cmd, "cs", link.ClaimStatementId);
                    Add(cmd, "dd", link.DenialDocumentId);
                    Add(cmd, "ds", link.DenialStatementId);
                    Add(cmd, "model", model);
                    Add(cmd, "sim", link.Similarity);
                    Add(cmd, "shared", string.Join(',', link.SharedActors));
                    Add(cmd, "match", link.ActorMatch);
                    Add(cmd, "pair", link.StancePair);
                    Add(cmd, "gap", link.DateGapDays);
                    Add(cmd, "at", _clock.GetUtcNow().UtcDateTime);
                    stored += cmd.ExecuteNonQuery();
                }
                tx.Commit();
                return stored;
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or NotSupportedException)
            {
                TryRollback(tx);
                throw new AnalysisStoreException($"{Location}: cannot link document {documentId}: {FirstLine(ex.Message)}", ex);
            }
        }
    }

    /// <summary>
    /// Stored candidates of other documents that could match one of <paramref name="prepared"/>: opposite stance, a
    /// country in common (named, or the speaker's), and dated within the window or undated. A superset of what
    /// <see cref="CrossDocumentLinker.Match"/> accepts, which decides.
    /// </summary>
    private List<LinkCandidate> LoadCandidates(CrossDocumentLinker linker, string documentId, ImmutableArray<LinkCandidate> prepared, DbTransaction tx)
    {
        var wanted = prepared.Select(c => c.Stance == Stance.Assert ? Stance.Deny : Stance.Assert).Distinct().ToList();
        var countries = prepared.SelectMany(c => c.SpeakerCountry is { } own ? c.NamedCountries.Add(own) : c.NamedCountries)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var window = linker.Options.DateWindowDays;
        DateOnly? lo = prepared.Select(c => c.DateLo).Min(), hi = prepared.Select(c => c.DateHi).Max();
        var dated = lo is not null && hi is not null;
        using var cmd = Command($"""
            SELECT document_id, statement_id, stance, speaker_code, speaker_country, actor_codes, named_countries, date_lo, date_hi, text, embedding
            FROM link_candidates
            WHERE model = $model AND document_id <> $id AND (stance = $s1 OR stance = $s2)
              AND (list_has_any(named_countries, string_split($countries, ',')) OR list_contains(string_split($countries, ','), speaker_country))
              {(dated ? "AND (date_lo IS NULL OR (date_lo <= $hi AND date_hi >= $lo))" : "")}
            ORDER BY document_id, statement_id
            """, tx);
        Add(cmd, "model", linker.ModelId);
        Add(cmd, "id", documentId);
        Add(cmd, "s1", wanted[0]);
        Add(cmd, "s2", wanted[^1]);
        Add(cmd, "countries", string.Join(',', countries));
        if (dated)
        {
            Add(cmd, "lo", lo!.Value.AddDays(-window));
            Add(cmd, "hi", hi!.Value.AddDays(window));
        }
        using var r = cmd.ExecuteReader();
        var rows = new List<LinkCandidate>();
        while (r.Read())
        {
            rows.Add(new LinkCandidate
            {
                DocumentId = r.GetString(0),
                StatementId = r.GetString(1),
                Stance = r.GetString(2),
                SpeakerCode = NullableString(r, 3),
                SpeakerCountry = NullableString(r, 4),
                ActorCodes = [.. r.GetFieldValue<List<string>>(5)],
                NamedCountries = [.. r.GetFieldValue<List<string>>(6)],
                DateLo = r.IsDBNull(7) ? null : r.GetFieldValue<DateOnly>(7),
                DateHi = r.IsDBNull(8) ? null : r.GetFieldValue<DateOnly>(8),
                Text = r.GetString(9),
                Embedding = [.. r.GetFieldValue<List<float>>(10)],
            });
        }
        return rows;
    }

    public IReadOnlyList<StoredDispute> QueryDisputes(DisputeQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new System.Text.StringBuilder("""
            WITH x AS (
                SELECT 'cross-document' AS scope, claim_document_id AS cdoc, claim_statement_id AS cst,
                       denial_document_id AS ddoc, denial_statement_id AS dst, similarity, shared_actors, actor_match,
                       stance_pair, date_gap_days, model
                FROM cross_disputes
                UNION ALL
                SELECT DISTINCT 'document', document_id, claim, document_id, statement_id, NULL, NULL, NULL, NULL, NULL, NULL
                FROM disputes WHERE relation = 'denied_by'
            )
            SELECT x.scope, x.similarity, x.shared_actors, x.actor_match, x.stance_pair, x.date_gap_days, x.model,
                   x.cdoc, cd.title, cd.source, cd.date, x.cst, c.speaker_text, c.speaker_code, c.speaker_name, c.stance, c.cue_lemma, c.content_text,
                   x.ddoc, dd.title, dd.source, dd.date, x.dst, s.speaker_text, s.speaker_code, s.speaker_name, s.stance, s.cue_lemma, s.content_text
            FROM x
            JOIN documents cd ON cd.id = x.cdoc
            JOIN statements c ON c.document_id = x.cdoc AND c.id = x.cst
            JOIN documents dd ON dd.id = x.ddoc
            JOIN statements s ON s.document_id = x.ddoc AND s.id = x.dst
            WHERE TRUE
            """);
        var parameters = new List<DuckDBParameter>();
        if (query.ActorCode is { } actor)
        {
            sql.Append("""
                 AND (starts_with(c.speaker_code, $actor) OR starts_with(s.speaker_code, $actor)
                      OR strpos(',' || array_to_string(coalesce(x.shared_actors, []), ','), ',' || $actor) > 0)
                """);
            parameters.Add(new DuckDBParameter("actor", actor));
        }
        if (query.CrossDocument is { } cross)
        {
            sql.Append(" AND x.scope = $scope");
            parameters.Add(new DuckDBParameter("scope", cross ? "cross-document" : "document"));
        }
        sql.Append(" ORDER BY x.scope, least(cd.date_lo, dd.date_lo) NULLS LAST, x.cdoc, c.ord, x.ddoc, s.ord");
        AppendLimit(sql, parameters, query.Limit);

        static StoredDisputeSide Side(DbDataReader r, int at) => new()
        {
            DocumentId = r.GetString(at),
            DocumentTitle = NullableString(r, at + 1),
            DocumentSource = NullableString(r, at + 2),
            DocumentDate = NullableString(r, at + 3),
            StatementId = r.GetString(at + 4),
            SpeakerText = r.GetString(at + 5),
            SpeakerCode = NullableString(r, at + 6),
            SpeakerName = NullableString(r, at + 7),
            Stance = r.GetString(at + 8),
            Cue = r.GetString(at + 9),
            Content = r.GetString(at + 10),
        };

        return Query(sql.ToString(), parameters, r =>
        {
            var scope = r.GetString(0);
            double? similarity = r.IsDBNull(1) ? null : r.GetDouble(1);
            List<string> shared = r.IsDBNull(2) ? [] : r.GetFieldValue<List<string>>(2);
            var actorMatch = NullableString(r, 3);
            var stancePair = NullableString(r, 4);
            int? gap = r.IsDBNull(5) ? null : r.GetInt32(5);
            var matched = new List<string>();
            if (similarity is { } sim)
            {
                matched.Add($"actors ({actorMatch}): {string.Join(' ', shared)}");
                matched.Add($"stance: {stancePair}");
                matched.Add(gap is { } days ? $"dates: {days} day{(days == 1 ? "" : "s")} apart" : "dates: unknown");
                matched.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"content: similarity {sim:0.000}"));
            }
            return new StoredDispute
            {
                Scope = scope,
                Similarity = similarity,
                SharedActors = shared,
                ActorMatch = actorMatch,
                DateGapDays = gap,
                Model = NullableString(r, 6),
                Matched = matched,
                Claim = Side(r, 7),
                Denial = Side(r, 18),
            };
        });
    }

    public StoreCounts Counts()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = Command("""
                SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM actors), (SELECT count(*) FROM statements),
                       (SELECT count(*) FROM events), (SELECT count(DISTINCT (document_id, claim)) FROM disputes)
                """);
            using var r = cmd.ExecuteReader();
            r.Read();
            return new StoreCounts(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
        }
    }

    private static void AppendDateFilters(System.Text.StringBuilder sql, List<DuckDBParameter> parameters, string lo, string hi, string? since, string? until)
    {
        // A partial date is a range of days; keep a row when its range can overlap [since, until].
        if (PartialDateRange.Lower(since) is { } from)
        {
            sql.Append(" AND ").Append(hi).Append(" >= $since");
            parameters.Add(new DuckDBParameter("since", from));
        }
        if (PartialDateRange.Upper(until) is { } to)
        {
            sql.Append(" AND ").Append(lo).Append(" <= $until");
            parameters.Add(new DuckDBParameter("until", to));
        }
    }

    private static void AppendLimit(System.Text.StringBuilder sql, List<DuckDBParameter> parameters, int? limit)
    {
        if (limit is not { } n) return;
        sql.Append(" LIMIT $limit");
        parameters.Add(new DuckDBParameter("limit", (long)n));
    }

    private List<T> Query<T>(string sql, List<DuckDBParameter> parameters, Func<DbDataReader, T> map)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = Command(sql);
            foreach (var p in parameters) cmd.Parameters.Add(p);
            using var reader = cmd.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(map(reader));
            return rows;
        }
    }

    private static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static string? NameOf(ActorRef reference, Dictionary<string, string> names) =>
        reference.Actor is { } id && names.TryGetValue(id, out var name) ? name : null;

    private static string? SentenceText(Analysis analysis, int index)
    {
        if (analysis.Sentences.IsDefault || index < 0 || index >= analysis.Sentences.Length) return null;
        var span = analysis.Sentences[index];
        var text = analysis.Document.Text;
        return span.Start >= 0 && span.End <= text.Length && span.Start <= span.End ? text[span.Start..span.End] : null;
    }

    private DuckDBCommand Command(string sql, DbTransaction? tx = null)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        if (tx is not null) cmd.Transaction = (DuckDBTransaction)tx;
        return cmd;
    }

    private static void Add(DuckDBCommand cmd, string name, object? value) =>
        cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));

    /// <summary>Rolls back after a failure; a transaction DuckDB already aborted may refuse, which changes nothing.</summary>
    private static void TryRollback(DbTransaction tx)
    {
        try
        {
            tx.Rollback();
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            // already rolled back
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _connection.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
