-- Matter pre-checks (cn.tongban.hub.matters): one row per pre-check, with its answer and
-- its one-time notice (一次性告知清单), and the evidence records it issued. Both are written
-- once and never updated: a notice given to an applicant and the proof behind it must stay
-- as they were given.
create table precheck (
    id              uuid         primary key,
    matter_code     text         not null,
    -- The applicant's key (citizen ID or USCC), bound to the purpose below.
    subject_key     text         not null,
    case_number     text         not null,
    applicant_type  text         not null,
    created_at      timestamptz  not null default now(),
    -- The pre-check answer as given (JSON text).
    answer          text         not null,
    -- The notice in canonical JSON (CanonicalJson) and its SHA-256, so the printed page can
    -- be rendered again exactly and checked against the hash printed on it.
    notice          text         not null,
    notice_hash     char(64)     not null
);
create index precheck_case_idx on precheck (case_number);

create table evidence (
    id              uuid         primary key,
    precheck_id     uuid         not null references precheck (id),
    matter_code     text         not null,
    material_id     text         not null,
    case_number     text         not null,
    subject_key     text         not null,
    -- Exactly the data the material's condition read, with provenance, in canonical JSON;
    -- kept as text (not jsonb) so that the bytes the hash covers are the bytes stored.
    content         text         not null,
    content_hash    char(64)     not null,
    created_at      timestamptz  not null default now()
);
create index evidence_precheck_idx on evidence (precheck_id);
