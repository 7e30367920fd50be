-- The tamper-evident audit log (cn.tongban.hub.audit; docs/audit.md). Every access to
-- personal or enterprise data is one row, hash-chained to the row before it; signed
-- checkpoints cover consecutive ranges; rows past retention move to archive files.
--
-- Append-only by grant in production (docs/audit.md, "Database grants"): the hub's account
-- gets SELECT and INSERT on audit_log and audit_checkpoint, SELECT and UPDATE on audit_head,
-- SELECT and INSERT on audit_archive, and DELETE on audit_log and audit_checkpoint only if the
-- archiver runs with it. The demo runs everything as one user, so nothing is revoked here.

create table audit_log (
    -- Consecutive from 1, assigned under the audit_head row lock.
    seq           bigint      primary key,
    -- When the HTTP layer answered, to the microsecond (the hash covers this precision).
    at            timestamptz not null,
    client        text        not null,
    operator      text,
    matter        text,
    case_number   text,
    -- USCC or 18-character citizen ID: personal data, the key of subject queries.
    subject_key   text,
    action        text        not null,
    fields        text[]      not null,
    sources       text[]      not null,
    outcome       text        not null,
    response_hash text,
    -- record_hash of seq - 1 (64 zeros for seq 1); record_hash covers every column above and
    -- prev_hash, in the canonical form of docs/audit.md, with hash_alg.
    prev_hash     text        not null,
    record_hash   text        not null,
    hash_alg      text        not null
);
-- Subject queries: newest first per key.
create index audit_log_subject_key on audit_log (subject_key, seq desc) where subject_key is not null;

-- The chain's head: one row, locked by every append transaction (select ... for update), so
-- replicas append one after the other. Also the verifier's check on a cut-off tail.
create table audit_head (
    id         smallint    primary key check (id = 1),
    last_seq   bigint      not null,
    -- null until the first record
    last_hash  text,
    updated_at timestamptz not null default now()
);
insert into audit_head (id, last_seq, last_hash) values (1, 0, null);

-- Signed Merkle roots over consecutive ranges of records (docs/audit.md, "Checkpoints").
create sequence audit_checkpoint_id_seq;
create table audit_checkpoint (
    id            bigint      primary key,
    from_seq      bigint      not null unique,
    to_seq        bigint      not null unique,
    merkle_root   text        not null,
    hash_alg      text        not null,
    -- base64
    signature     text        not null,
    signature_alg text        not null,
    key_id        text        not null,
    created_at    timestamptz not null,
    check (to_seq >= from_seq)
);

-- Ranges moved to archive files: where each went, the file's digest, and the hash the first
-- remaining record is chained to.
create table audit_archive (
    from_seq    bigint      primary key,
    to_seq      bigint      not null unique,
    last_hash   text        not null,
    -- file name inside hub.audit.archive-dir
    file        text        not null,
    file_digest text        not null,
    -- the algorithm of file_digest
    hash_alg    text        not null,
    archived_at timestamptz not null default now(),
    check (to_seq >= from_seq)
);
