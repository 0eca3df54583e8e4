namespace CheckpointIoT.ProvincialApi.Storage;

/// <summary>SQLite schema of the reference server. Times are Unix milliseconds (UTC).</summary>
internal static class Schema
{
    public const int Version = 1;

    public const string Pragmas = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        PRAGMA busy_timeout = 5000;
        PRAGMA temp_store = MEMORY;
        PRAGMA cache_size = -32000;
        """;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS gateways (
            gateway_id TEXT PRIMARY KEY, first_seen_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL,
            batches INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS checkpoints (
            checkpoint_id TEXT PRIMARY KEY, gateway_id TEXT NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL,
            district TEXT NOT NULL, province TEXT, address TEXT, registered_ms INTEGER NOT NULL,
            updated_ms INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS batches (
            gateway_id TEXT NOT NULL, batch_id TEXT NOT NULL, received_ms INTEGER NOT NULL, records INTEGER NOT NULL,
            accepted INTEGER NOT NULL, duplicates INTEGER NOT NULL, rejected INTEGER NOT NULL,
            PRIMARY KEY (gateway_id, batch_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS checkins (
            gateway_id TEXT NOT NULL, record_id TEXT NOT NULL, checkpoint_id TEXT NOT NULL, direction TEXT NOT NULL,
            ts_ms INTEGER NOT NULL, qr_kind TEXT NOT NULL, masked_id TEXT, id_hash TEXT, verdict TEXT NOT NULL,
            reason TEXT, received_ms INTEGER NOT NULL,
            PRIMARY KEY (gateway_id, record_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_checkins_cp_ts ON checkins (checkpoint_id, ts_ms);
        CREATE TABLE IF NOT EXISTS presence (
            gateway_id TEXT NOT NULL, record_id TEXT NOT NULL, checkpoint_id TEXT NOT NULL, beacon_type TEXT NOT NULL,
            rotating_id TEXT NOT NULL, first_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL, rssi_max INTEGER NOT NULL,
            rssi_mean INTEGER NOT NULL, seen_count INTEGER NOT NULL, received_ms INTEGER NOT NULL,
            PRIMARY KEY (gateway_id, record_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_presence_cp_first ON presence (checkpoint_id, first_ms);
        CREATE TABLE IF NOT EXISTS rejected_records (
            gateway_id TEXT NOT NULL, batch_id TEXT NOT NULL, record_id TEXT, section TEXT NOT NULL, idx INTEGER NOT NULL,
            code TEXT NOT NULL, reason TEXT NOT NULL, received_ms INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_rejected_batch ON rejected_records (gateway_id, batch_id);
        CREATE TABLE IF NOT EXISTS quarantine_orders (
            order_ref TEXT NOT NULL, id_hash TEXT NOT NULL, until_ms INTEGER, lifted INTEGER NOT NULL DEFAULT 0,
            created_ms INTEGER NOT NULL, PRIMARY KEY (order_ref, id_hash)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_quarantine_hash ON quarantine_orders (id_hash);
        CREATE TABLE IF NOT EXISTS denylist (
            id_hash TEXT PRIMARY KEY, active INTEGER NOT NULL, changed_seq INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS denylist_changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, id_hash TEXT NOT NULL, op TEXT NOT NULL, at_ms INTEGER NOT NULL);
        INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '1');
        """;
}
