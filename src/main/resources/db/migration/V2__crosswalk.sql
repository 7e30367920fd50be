-- The crosswalk: aliases (organisation code, 15-digit registration number, old tax number,
-- social-insurance unit and person numbers, 15-digit citizen ID) linked to the key of an
-- entity (USCC or 18-character citizen ID), with the silo that asserted each link, the
-- record it came from and the dates it is valid between.
create table crosswalk (
    entity            text         not null,
    alias_kind        text         not null,
    alias_value       text         not null,
    key               text         not null,
    asserted_by       text         not null,
    source_record     text,
    valid_from        date,
    valid_to          date,
    first_asserted_at timestamptz  not null default now(),
    last_asserted_at  timestamptz  not null default now(),
    primary key (entity, alias_kind, alias_value, key, asserted_by)
);
create index crosswalk_key_idx on crosswalk (entity, key);
