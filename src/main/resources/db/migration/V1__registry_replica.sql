-- The registry replica: enterprises as last published by market regulation (市场监管),
-- keyed by USCC. The canonical record is kept as JSON with provenance per field; the
-- columns beside it are what look-ups and idempotent upserts need.
create table enterprise (
    uscc              varchar(18)  primary key,
    uscc_check_valid  boolean      not null,
    registration_no   varchar(20),
    organization_code varchar(9),
    name              text,
    -- Version of the source event that produced this row: a late, older or repeated
    -- event never overwrites a newer one (DESIGN.md "Delivery").
    source_version    bigint       not null,
    source_event_id   text,
    source_changed_at timestamptz,
    record            jsonb        not null,
    flags             jsonb        not null default '[]'::jsonb,
    created_at        timestamptz  not null default now(),
    updated_at        timestamptz  not null default now()
);
create index enterprise_registration_no_idx on enterprise (registration_no);
create index enterprise_organization_code_idx on enterprise (organization_code);

-- Records that could not be mapped or keyed. Never dropped: kept with the reason and
-- replayable once the mapping or crosswalk is fixed.
create table quarantine (
    id           bigserial    primary key,
    silo         text         not null,
    reason_code  text         not null,
    reason       text         not null,
    payload      text         not null,
    source_ref   text,
    received_at  timestamptz  not null default now(),
    replayed_at  timestamptz
);
create index quarantine_reason_idx on quarantine (silo, reason_code);
-- A redelivered record (same topic, partition and offset) is quarantined once.
create unique index quarantine_source_ref_idx on quarantine (silo, source_ref) where source_ref is not null;
