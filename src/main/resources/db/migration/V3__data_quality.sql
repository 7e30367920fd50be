-- Data quality: the outcome of the last reconciliation of every record of a pulled silo
-- (one row per mapping and source record, so re-running a sync overwrites instead of
-- adding up). The data-quality summary (GET /api/v1/data-quality) counts over it.
create table record_outcome (
    mapping_id    text         not null,
    record_id     text         not null,
    silo          text         not null,
    -- MAPPED (mapped and keyed) or QUARANTINED (reason_code says why).
    outcome       text         not null,
    reason_code   text,
    -- The alias kind the key was found through (crosswalk); null when the record carries its key.
    linked_by     text,
    -- Flags raised by the mapping, CODE:field (never values).
    flags         jsonb        not null default '[]'::jsonb,
    -- The silo the record's facts were compared with (null: not compared, e.g. no replica row).
    compared_with text,
    -- Canonical fields whose value differs from the authoritative silo's.
    conflicts     jsonb        not null default '[]'::jsonb,
    last_run_at   timestamptz  not null default now(),
    primary key (mapping_id, record_id)
);
create index record_outcome_outcome_idx on record_outcome (mapping_id, outcome);
