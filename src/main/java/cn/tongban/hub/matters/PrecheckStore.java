package cn.tongban.hub.matters;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Pre-checks and their evidence in PostgreSQL (V4__evidence.sql); written once, read by id. */
@Repository
class PrecheckStore {

    /** A pre-check as stored: the answer and the notice as JSON text. */
    record StoredPrecheck(UUID id, String matterCode, String answer, String notice, String noticeHash) {
    }

    /** An evidence record as stored: its canonical content and the hash over it. */
    record StoredEvidence(UUID id, UUID precheckId, String matterCode, String materialId, String caseNumber,
                          String content, String contentHash, Instant createdAt) {
    }

    /** An evidence record to write. */
    record NewEvidence(UUID id, String materialId, String content, String contentHash) {
    }

    private final JdbcTemplate jdbc;

    PrecheckStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public void save(UUID id, String matterCode, String subjectKey, String caseNumber, String applicantType, Instant at,
                     String answer, String notice, String noticeHash, List<NewEvidence> evidence) {
        jdbc.update("insert into precheck (id, matter_code, subject_key, case_number, applicant_type, created_at, answer, notice, notice_hash)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, matterCode, subjectKey, caseNumber, applicantType, Timestamp.from(at), answer, notice, noticeHash);
        for (NewEvidence e : evidence) {
            jdbc.update("insert into evidence (id, precheck_id, matter_code, material_id, case_number, subject_key, content, content_hash, created_at)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    e.id(), id, matterCode, e.materialId(), caseNumber, subjectKey, e.content(), e.contentHash(), Timestamp.from(at));
        }
    }

    public Optional<StoredPrecheck> precheck(UUID id) {
        return jdbc.query("select id, matter_code, answer, notice, notice_hash from precheck where id = ?",
                (rs, i) -> new StoredPrecheck(rs.getObject("id", UUID.class), rs.getString("matter_code"), rs.getString("answer"),
                        rs.getString("notice"), rs.getString("notice_hash")), id).stream().findFirst();
    }

    public Optional<StoredEvidence> evidence(UUID id) {
        return jdbc.query("select id, precheck_id, matter_code, material_id, case_number, content, content_hash, created_at"
                        + " from evidence where id = ?",
                (rs, i) -> new StoredEvidence(rs.getObject("id", UUID.class), rs.getObject("precheck_id", UUID.class),
                        rs.getString("matter_code"), rs.getString("material_id"), rs.getString("case_number"),
                        rs.getString("content"), rs.getString("content_hash"), rs.getTimestamp("created_at").toInstant()), id)
                .stream().findFirst();
    }
}
