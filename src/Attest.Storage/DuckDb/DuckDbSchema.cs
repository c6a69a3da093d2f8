namespace Attest.Storage.DuckDb;

/// <summary>
/// The DuckDB schema as numbered migrations. A store records each applied version in <c>schema_version</c>;
/// opening a store applies the missing ones in order, each in its own transaction. Never edit a released
/// migration: add the next one.
/// </summary>
internal static class DuckDbSchema
{
    public static int CurrentVersion => Migrations[^1].Version;

    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            CREATE TABLE documents (
                id            VARCHAR PRIMARY KEY,
                source        VARCHAR,
                title         VARCHAR,
                date          VARCHAR,
                date_lo       DATE,
                date_hi       DATE,
                text          VARCHAR NOT NULL,
                schema        VARCHAR NOT NULL,
                analysis_json VARCHAR NOT NULL,
                ingested_at   TIMESTAMP NOT NULL
            );
            CREATE TABLE actors (
                document_id VARCHAR NOT NULL,
                id          VARCHAR NOT NULL,
                ord         INTEGER NOT NULL,
                name        VARCHAR NOT NULL,
                code        VARCHAR,
                country     VARCHAR,
                kind        VARCHAR NOT NULL,
                mentions    INTEGER NOT NULL,
                PRIMARY KEY (document_id, id)
            );
            CREATE TABLE statements (
                document_id   VARCHAR NOT NULL,
                id            VARCHAR NOT NULL,
                ord           INTEGER NOT NULL,
                speaker_text  VARCHAR NOT NULL,
                speaker_start INTEGER NOT NULL,
                speaker_end   INTEGER NOT NULL,
                speaker_actor VARCHAR,
                speaker_code  VARCHAR,
                speaker_name  VARCHAR,
                cue_text      VARCHAR NOT NULL,
                cue_lemma     VARCHAR NOT NULL,
                content_text  VARCHAR NOT NULL,
                form          VARCHAR NOT NULL,
                stance        VARCHAR NOT NULL,
                hedged        BOOLEAN NOT NULL,
                via           VARCHAR[] NOT NULL,
                responds_to   VARCHAR,
                PRIMARY KEY (document_id, id)
            );
            CREATE TABLE events (
                document_id      VARCHAR NOT NULL,
                id               VARCHAR NOT NULL,
                ord              INTEGER NOT NULL,
                date             VARCHAR,
                date_lo          DATE,
                date_hi          DATE,
                source_text      VARCHAR NOT NULL,
                source_start     INTEGER NOT NULL,
                source_end       INTEGER NOT NULL,
                source_actor     VARCHAR,
                source_code      VARCHAR,
                source_name      VARCHAR,
                target_text      VARCHAR,
                target_start     INTEGER,
                target_end       INTEGER,
                target_actor     VARCHAR,
                target_code      VARCHAR,
                target_name      VARCHAR,
                cameo            VARCHAR NOT NULL,
                root             VARCHAR NOT NULL,
                plover           VARCHAR,
                goldstein        DOUBLE,
                quad_class       INTEGER,
                trigger_text     VARCHAR NOT NULL,
                trigger_start    INTEGER NOT NULL,
                trigger_end      INTEGER NOT NULL,
                negated          BOOLEAN NOT NULL,
                status           VARCHAR NOT NULL,
                statement_id     VARCHAR,
                location_text    VARCHAR,
                location_country VARCHAR,
                quantity_value   DOUBLE,
                quantity_unit    VARCHAR,
                sentence         INTEGER NOT NULL,
                sentence_text    VARCHAR,
                PRIMARY KEY (document_id, id)
            );
            CREATE TABLE disputes (
                document_id  VARCHAR NOT NULL,
                claim        VARCHAR NOT NULL,
                ord          INTEGER NOT NULL,
                relation     VARCHAR NOT NULL,
                statement_id VARCHAR NOT NULL
            );
            """),
        (2, """
            -- Cross-document dispute linking (see README). One row per statement prepared for linking, per model.
            CREATE TABLE link_candidates (
                document_id  VARCHAR NOT NULL,
                statement_id VARCHAR NOT NULL,
                model        VARCHAR NOT NULL,
                stance       VARCHAR NOT NULL,
                speaker_code VARCHAR,
                speaker_country VARCHAR,
                actor_codes  VARCHAR[] NOT NULL,
                named_countries VARCHAR[] NOT NULL,
                date_lo      DATE,
                date_hi      DATE,
                text         VARCHAR NOT NULL,
                embedding    FLOAT[] NOT NULL,
                PRIMARY KEY (document_id, statement_id, model)
            );
            -- Documents whose candidates have been compared with those of every document linked before them.
            CREATE TABLE linked_documents (
                document_id VARCHAR NOT NULL,
                model       VARCHAR NOT NULL,
                candidates  INTEGER NOT NULL,
                linked_at   TIMESTAMP NOT NULL,
                PRIMARY KEY (document_id, model)
            );
            -- A claim in one document and its denial in another, with what matched.
            CREATE TABLE cross_disputes (
                claim_document_id  VARCHAR NOT NULL,
                claim_statement_id VARCHAR NOT NULL,
                denial_document_id VARCHAR NOT NULL,
                denial_statement_id VARCHAR NOT NULL,
                model              VARCHAR NOT NULL,
                similarity         DOUBLE NOT NULL,
                shared_actors      VARCHAR[] NOT NULL,
                actor_match        VARCHAR NOT NULL,
                stance_pair        VARCHAR NOT NULL,
                date_gap_days      INTEGER,
                linked_at          TIMESTAMP NOT NULL,
                PRIMARY KEY (claim_document_id, claim_statement_id, denial_document_id, denial_statement_id, model)
            );
            """),
    ];
}
