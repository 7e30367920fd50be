-- Unresolved cases (办不成事) (cn.tongban.hub.unresolved): a material a pre-check could not
-- satisfy from shared data for a reason the hub's departments can act on (a source down, a
-- missing record, departments that disagree, a system not connected). One active case per
-- (matter, material, applicant); every pre-check that hits it again is an occurrence in
-- the history, next to the status changes.
create table unresolved_case (
    id              bigint       generated always as identity primary key,
    matter_code     text         not null,
    matter_name     text         not null,
    material_id     text         not null,
    material_name   text         not null,
    -- The applicant's key (citizen ID or USCC): personal data, shown masked in answers.
    subject_key     text         not null,
    -- source_unavailable, data_missing, departments_disagree, not_connected (Tag).
    tag             text         not null,
    -- The pre-check reason of the latest occurrence (Reason name).
    reason          text         not null,
    -- The department that issues the material (the matter file's source).
    department      text         not null,
    status          text         not null,
    assignee        text,
    occurrences     integer      not null default 1,
    opened_at       timestamptz  not null,
    last_seen_at    timestamptz  not null,
    updated_at      timestamptz  not null,
    -- Service-level deadlines, fixed when the case opens.
    respond_by      timestamptz  not null,
    coordinate_by   timestamptz  not null,
    close_by        timestamptz  not null
);
-- At most one active case per (matter, material, applicant): a pre-check repeated, even
-- concurrently, updates it instead of opening another.
create unique index unresolved_case_active_uq on unresolved_case (matter_code, material_id, subject_key)
    where status not in ('closed', 'cancelled');
create index unresolved_case_status_idx on unresolved_case (status);

create table unresolved_case_event (
    id              bigint       generated always as identity primary key,
    case_id         bigint       not null references unresolved_case (id),
    at              timestamptz  not null,
    -- occurrence (a pre-check hit the case), status, note, assignee.
    kind            text         not null,
    from_status     text,
    to_status       text,
    operator        text,
    note            text,
    -- For occurrences: the pre-check's case number (办件编号) and id.
    case_number     text,
    precheck_id     uuid
);
create index unresolved_case_event_case_idx on unresolved_case_event (case_id, id);
