package cn.tongban.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;

import org.junit.jupiter.api.Test;

/** Reading what PostgreSQL's COPY ... CSV HEADER writes (AuditTrailIT reads real exports). */
class AuditCsvTest {

    @Test
    void readsTimestampsInAnySessionTimeZone() {
        Instant t = Instant.parse("2026-11-23T09:30:00.123456Z");
        assertThat(AuditCsv.timestamp("2026-11-23 09:30:00.123456+00")).isEqualTo(t);
        assertThat(AuditCsv.timestamp("2026-11-23 17:30:00.123456+08")).isEqualTo(t);
        assertThat(AuditCsv.timestamp("2026-11-23 04:00:00.123456-05:30")).isEqualTo(t);
        assertThat(AuditCsv.timestamp("2026-11-23 09:30:00+00")).isEqualTo(Instant.parse("2026-11-23T09:30:00Z"));
        assertThat(AuditCsv.timestamp("2026-11-23T09:30:00.123456Z")).isEqualTo(t);
    }

    @Test
    void readsTextArraysWithQuotingAndNulls() {
        assertThat(AuditCsv.textArray("{}")).isEmpty();
        assertThat(AuditCsv.textArray("{name,birthDate}")).containsExactly("name", "birthDate");
        assertThat(AuditCsv.textArray("{\"a,b\",\"c \\\"d\\\"\",\"NULL\",NULL,\"\",\"x\\\\y\"}"))
                .containsExactlyElementsOf(Arrays.asList("a,b", "c \"d\"", "NULL", null, "", "x\\y"));
        assertThatThrownBy(() -> AuditCsv.textArray("name,birthDate")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tellsNullFromEmptyAndKeepsQuotedLineBreaks() throws Exception {
        String csv = "last_seq,last_hash\n7,\n8,\"\"\n9,\"a\nb\"\"c\"\n";
        try (AuditCsv in = new AuditCsv(new StringReader(csv), "audit_head.csv")) {
            Iterator<AuditVerifier.Head> heads = in.heads();
            assertThat(heads.next()).isEqualTo(new AuditVerifier.Head(7, null));
            assertThat(heads.next()).isEqualTo(new AuditVerifier.Head(8, ""));
            assertThat(heads.next()).isEqualTo(new AuditVerifier.Head(9, "a\nb\"c"));
            assertThat(heads.hasNext()).isFalse();
        }
    }

    @Test
    void aMalformedRowIsReportedWithItsLine() throws Exception {
        try (AuditCsv in = new AuditCsv(new StringReader("last_seq,last_hash\nseven,x\n"), "audit_head.csv")) {
            Iterator<AuditVerifier.Head> heads = in.heads();
            assertThatThrownBy(heads::next).isInstanceOf(AuditArchiveFile.MalformedLine.class)
                    .hasMessageContaining("audit_head.csv line 2");
        }
        assertThatThrownBy(() -> new AuditCsv(new StringReader("seq\n1\n"), "audit_log.csv").records())
                .hasMessageContaining("has no column at");
    }
}
