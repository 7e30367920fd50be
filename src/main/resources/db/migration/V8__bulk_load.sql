-- Bulk initial loads (cn.tongban.hub.bulkload): one row per run of a full, keyset-paginated
-- read of a silo dataset (e.g. social-insurance/units = AB01). The row is the checkpoint:
-- it is updated in the same transaction as each batch's writes (record_outcome, crosswalk,
-- quarantine), so after a crash the run resumes after last_key with done exactly as committed.
create table bulk_load_run (
    id           bigint generated always as identity primary key,
    silo         text             not null,
    dataset      text             not null,
    -- RUNNING, DONE, FAILED (an error stopped it; POST resumes it) or ABORTED (an operator
    -- stopped it, or a newer run replaced it).
    state        text             not null check (state in ('RUNNING', 'DONE', 'FAILED', 'ABORTED')),
    -- Holds the hub's readiness OUT_OF_SERVICE while it runs (the initial load at first start).
    blocking     boolean          not null default false,
    -- Rows to read: a COUNT at the start (again at each resume; a live table changes).
    total        bigint           not null default 0,
    -- Rows read, mapped or quarantined and committed; never counts a batch twice.
    done         bigint           not null default 0,
    quarantined  bigint           not null default 0,
    -- Key of the last row committed (keyset pagination: the next batch reads key > last_key).
    -- A silo's local key (unit or person number), not a citizen ID.
    last_key     text,
    -- Records per second over the last minute, written by the owner with its heartbeat.
    rate         double precision not null default 0,
    started_at   timestamptz      not null,
    -- The owner's heartbeat: a RUNNING run not updated for hub.bulkload.heartbeat-timeout has
    -- lost its owner (crashed replica) and is taken over by another one, from last_key.
    updated_at   timestamptz      not null default now(),
    finished_at  timestamptz,
    -- Exception class and SQLState only: messages may quote a row (personal data).
    error        text,
    -- The hub instance running it (host:pid:uuid).
    owner        text
);

-- Two hub replicas never run the same dataset at once: a second RUNNING row cannot exist.
create unique index bulk_load_run_one_running on bulk_load_run (silo, dataset) where state = 'RUNNING';
create index bulk_load_run_dataset on bulk_load_run (silo, dataset, id desc);
