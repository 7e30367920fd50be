package cn.tongban.hub.bulkload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The parts of the bulk load that need no servers: rate, ETA, the page queries, the command's usage errors. */
class BulkLoadTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void rateIsRowsOverTheLastMinuteAndDropsToZeroWhenTheRunStalls() {
        Progress p = new Progress(60 * SECOND, 0, 0);
        p.record(10 * SECOND, 1000);
        p.record(20 * SECOND, 2000);
        assertThat(p.rate(20 * SECOND)).isEqualTo(100.0);
        // The first 2,000 rows leave the window; nothing since.
        assertThat(p.rate(200 * SECOND)).isZero();
        p.record(210 * SECOND, 2500);
        assertThat(p.rate(210 * SECOND)).isEqualTo(500.0 / 190, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void etaIsUnknownWithoutARateAndZeroWhenDone() {
        assertThat(BulkLoadRun.etaSeconds(1000, 400, 100.0)).isEqualTo(6L);
        assertThat(BulkLoadRun.etaSeconds(1000, 400, 0)).isNull();
        assertThat(BulkLoadRun.etaSeconds(1000, 1000, 0)).isZero();
    }

    @Test
    void pagesAreCutByTheKeyWithBoundValues() {
        BulkLoadProperties.Dataset units = new BulkLoadProperties.Dataset("socialInsuranceDataSource", "social-insurance.unit",
                "AB01", "AAB001, AAB004", "AB01", "AAB001", null, List.of(), false, true);
        assertThat(BulkLoader.firstPageSql(units))
                .isEqualTo("SELECT AAB001, AAB004 FROM AB01 WHERE AAB001 IS NOT NULL ORDER BY AAB001 FETCH FIRST ? ROWS ONLY");
        assertThat(BulkLoader.nextPageSql(units))
                .isEqualTo("SELECT AAB001, AAB004 FROM AB01 WHERE AAB001 > ? ORDER BY AAB001 FETCH FIRST ? ROWS ONLY");
        assertThat(BulkLoader.countSql(units)).isEqualTo("SELECT COUNT(*), COUNT(AAB001) FROM AB01");
        assertThat(units.recordIdColumn()).isEqualTo("AAB001");
    }

    @Test
    void failureDescriptionNamesClassAndSqlStateButNoMessage() {
        var e = new org.springframework.jdbc.UncategorizedSQLException("page", "SELECT ...",
                new java.sql.SQLException("value 310115198211242579 too long", "22001"));
        assertThat(BulkLoader.describe(e)).isEqualTo("UncategorizedSQLException (SQLException, SQLState 22001)")
                .doesNotContain("310115");
    }

    @Test
    void commandRefusesMissingOptionsAndAMissingPassword() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(BulkLoadCommand.run(new String[] {"--silo", "social-insurance"}, Map.<String, String>of()::get, o, e))
                .isEqualTo(BulkLoadCommand.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--silo and --dataset are required");
        assertThat(BulkLoadCommand.run(new String[] {"--silo", "social-insurance", "--dataset", "units"},
                Map.<String, String>of()::get, o, e)).isEqualTo(BulkLoadCommand.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(BulkLoadCommand.PASSWORD_VARIABLE);
    }
}
