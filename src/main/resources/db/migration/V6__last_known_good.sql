-- Last-known-good answers of the pull silos (cn.tongban.hub.sources.LastKnownGood): the
-- mapped records of the latest successful look-up per mapping and key. When a silo times
-- out, fails or its circuit breaker is open, a look-up answers from here, marked stale with
-- the records' age. Rows older than hub.lookup.stale-max-age are never served and are
-- purged: this is a cache of personal data, not a copy to keep.
create table last_known_good (
    mapping_id   text        not null,
    -- The key asked for (USCC or citizen ID): personal data.
    subject_key  text        not null,
    fetched_at   timestamptz not null,
    -- [{recordId, version, changedAt, fetchedAt, flags, fields: {name: {value, sourceField}}}]
    records      jsonb       not null,
    primary key (mapping_id, subject_key)
);
create index last_known_good_fetched_at on last_known_good (fetched_at);
