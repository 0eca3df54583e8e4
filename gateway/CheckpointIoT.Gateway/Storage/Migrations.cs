namespace CheckpointIoT.Gateway.Storage;

/// <summary>
/// Versioned schema migrations, applied in order in one transaction each; PRAGMA user_version holds the
/// version reached. Never edit a released step: add a new one.
/// </summary>
public static class Migrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        // 1: registry, idempotency key (verdicts: PRIMARY KEY(node_id, sequence) for every kind), check-ins, presence, outbox (kind 0 = check-in, 1 = presence record), deny list, settings.
        """
        CREATE TABLE nodes(
            node_id TEXT PRIMARY KEY,
            checkpoint_id TEXT NOT NULL,
            direction INTEGER NOT NULL,
            password_hash TEXT NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            enrolled_ms INTEGER NOT NULL,
            rotated_ms INTEGER NOT NULL,
            last_seen_ms INTEGER,
            firmware_version TEXT,
            online INTEGER,
            uptime_s INTEGER,
            free_memory INTEGER,
            queue_depth INTEGER,
            wifi_rssi INTEGER,
            scanner INTEGER,
            last_status_ms INTEGER
        );
        CREATE TABLE verdicts(
            node_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            result INTEGER NOT NULL,
            reason INTEGER NOT NULL,
            display_text TEXT NOT NULL,
            decided_ms INTEGER NOT NULL,
            PRIMARY KEY(node_id, sequence)
        ) WITHOUT ROWID;
        CREATE TABLE checkins(
            id INTEGER PRIMARY KEY,
            node_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            checkpoint_id TEXT NOT NULL,
            direction INTEGER NOT NULL,
            qr_kind INTEGER NOT NULL,
            node_time_ms INTEGER NOT NULL,
            event_ms INTEGER NOT NULL,
            received_ms INTEGER NOT NULL,
            offline_verdict INTEGER NOT NULL,
            replayed INTEGER NOT NULL,
            result INTEGER NOT NULL,
            reason INTEGER NOT NULL,
            identity_hash TEXT,
            document_masked TEXT,
            personal_erased_ms INTEGER
        );
        CREATE INDEX ix_checkins_identity ON checkins(identity_hash, checkpoint_id, event_ms) WHERE identity_hash IS NOT NULL;
        CREATE INDEX ix_checkins_received ON checkins(received_ms);
        CREATE TABLE presence_batches(
            id INTEGER PRIMARY KEY,
            node_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            checkpoint_id TEXT NOT NULL,
            node_time_ms INTEGER NOT NULL,
            received_ms INTEGER NOT NULL,
            record_count INTEGER NOT NULL,
            UNIQUE(node_id, sequence)
        );
        CREATE INDEX ix_presence_batches_received ON presence_batches(received_ms);
        CREATE TABLE presence_records(
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES presence_batches(id),
            idx INTEGER NOT NULL,
            beacon_type INTEGER NOT NULL,
            beacon_id BLOB,
            first_seen_ms INTEGER NOT NULL,
            last_seen_ms INTEGER NOT NULL,
            max_rssi INTEGER NOT NULL,
            mean_rssi INTEGER NOT NULL,
            seen_count INTEGER NOT NULL,
            at_door INTEGER NOT NULL
        );
        CREATE INDEX ix_presence_records_batch ON presence_records(batch_id);
        CREATE TABLE outbox(
            id INTEGER PRIMARY KEY,
            kind INTEGER NOT NULL,
            ref_id INTEGER NOT NULL,
            state INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            created_ms INTEGER NOT NULL,
            updated_ms INTEGER,
            last_error TEXT
        );
        CREATE INDEX ix_outbox_state ON outbox(state, id);
        CREATE INDEX ix_outbox_ref ON outbox(kind, ref_id);
        CREATE TABLE deny_list(
            identity_hash TEXT PRIMARY KEY,
            added_ms INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE settings(
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
        // 2: the duplicate window is answered from memory (Policy/RecentPasses, seeded through ix_checkins_received);
        // the identity index cost a random page write per check-in.
        """
        DROP INDEX IF EXISTS ix_checkins_identity;
        """,
        // 3: node health: status frames are applied every time (no verdict row); the last will's arrival, and the
        // node's count of records it skipped because their flash copy was unreadable.
        """
        ALTER TABLE nodes ADD COLUMN last_will_ms INTEGER;
        ALTER TABLE nodes ADD COLUMN unreadable_records INTEGER;
        """,
    ];

    /// <summary>The schema version a fully migrated database has.</summary>
    public static int Latest => Steps.Count;
}
