package cn.tongban.hub.bulkload;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import cn.tongban.hub.bulkload.BulkLoadRun.State;

/**
 * Table {@code bulk_load_run} (Flyway V8): runs, their checkpoints and their owners.
 * Every change of a RUNNING run names its owner in the WHERE clause, so a replica that lost
 * a run (taken over after a missed heartbeat, or aborted) changes nothing and learns it from
 * the row count. Heartbeat ages are judged by the store's clock, the one clock all replicas share.
 */
@Repository
class BulkLoadRuns {

    private static final String COLUMNS = "id, silo, dataset, state, blocking, total, done, quarantined, last_key, rate, "
            + "started_at, updated_at, finished_at, error, owner";

    private static final RowMapper<BulkLoadRun> ROW = BulkLoadRuns::row;

    private final JdbcTemplate jdbc;

    BulkLoadRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A new RUNNING run; empty when another run of the dataset is RUNNING (the unique partial index). */
    Optional<BulkLoadRun> create(String silo, String dataset, boolean blocking, String owner, Instant startedAt) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.update(c -> {
                var ps = c.prepareStatement("""
                        insert into bulk_load_run (silo, dataset, state, blocking, started_at, updated_at, owner)
                        values (?, ?, 'RUNNING', ?, ?, now(), ?)""", new String[] {"id"});
                ps.setString(1, silo);
                ps.setString(2, dataset);
                ps.setBoolean(3, blocking);
                ps.setTimestamp(4, Timestamp.from(startedAt));
                ps.setString(5, owner);
                return ps;
            }, keys);
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return find(keys.getKey().longValue());
    }

    /**
     * Takes a run over: a FAILED or ABORTED one (resumed on request), or a RUNNING one whose
     * owner missed its heartbeats for {@code staleAfter}. At most one replica wins the row.
     */
    boolean claim(long id, String owner, boolean blocking, Duration staleAfter) {
        try {
            return jdbc.update("""
                    update bulk_load_run set state = 'RUNNING', owner = ?, blocking = blocking or ?, updated_at = now(),
                           finished_at = null, error = null, rate = 0
                     where id = ? and (state in ('FAILED', 'ABORTED')
                           or (state = 'RUNNING' and updated_at < now() - make_interval(secs => ?)))""",
                    owner, blocking, id, staleAfter.toMillis() / 1000.0) == 1;
        } catch (DuplicateKeyException e) {
            // Another run of the dataset is RUNNING.
            return false;
        }
    }

    boolean setTotal(long id, String owner, long total) {
        return jdbc.update("update bulk_load_run set total = ?, updated_at = now() where id = ? and owner = ? and state = 'RUNNING'",
                total, id, owner) == 1;
    }

    /** The batch's checkpoint; joins the batch's transaction. False: this replica no longer owns the run. */
    boolean checkpoint(long id, String owner, long rows, long quarantined, String lastKey, double rate) {
        return jdbc.update("""
                update bulk_load_run set done = done + ?, quarantined = quarantined + ?, last_key = ?, rate = ?, updated_at = now()
                 where id = ? and owner = ? and state = 'RUNNING'""", rows, quarantined, lastKey, rate, id, owner) == 1;
    }

    boolean heartbeat(long id, String owner, double rate) {
        return jdbc.update("update bulk_load_run set updated_at = now(), rate = ? where id = ? and owner = ? and state = 'RUNNING'",
                rate, id, owner) == 1;
    }

    boolean finish(long id, String owner, State state, String error) {
        return jdbc.update("""
                update bulk_load_run set state = ?, error = ?, rate = 0, finished_at = now(), updated_at = now()
                 where id = ? and owner = ? and state = 'RUNNING'""", state.name(), error, id, owner) == 1;
    }

    /** An orderly stop: the run stays RUNNING with an expired heartbeat, so the next start (or another replica) resumes it at once. */
    boolean release(long id, String owner) {
        return jdbc.update("""
                update bulk_load_run set updated_at = timestamptz 'epoch', rate = 0
                 where id = ? and owner = ? and state = 'RUNNING'""", id, owner) == 1;
    }

    /** Stops a run of the dataset whoever owns it: its owner notices at its next checkpoint or heartbeat. */
    int abort(String silo, String dataset) {
        return jdbc.update("""
                update bulk_load_run set state = 'ABORTED', error = 'aborted by an operator', rate = 0,
                       finished_at = now(), updated_at = now()
                 where silo = ? and dataset = ? and state = 'RUNNING'""", silo, dataset);
    }

    /** A stopped run that a fresh one replaces stays in the history as ABORTED. */
    boolean supersede(long id) {
        return jdbc.update("""
                update bulk_load_run set state = 'ABORTED', error = coalesce(error, 'replaced by a fresh run'), rate = 0,
                       finished_at = coalesce(finished_at, now()), updated_at = now()
                 where id = ? and state in ('FAILED', 'ABORTED')""", id) == 1;
    }

    Optional<BulkLoadRun> find(long id) {
        return jdbc.query("select " + COLUMNS + " from bulk_load_run where id = ?", ROW, id).stream().findFirst();
    }

    Optional<BulkLoadRun> latest(String silo, String dataset) {
        return jdbc.query("select " + COLUMNS + " from bulk_load_run where silo = ? and dataset = ? order by id desc limit 1",
                ROW, silo, dataset).stream().findFirst();
    }

    List<BulkLoadRun> recent(int limit) {
        return jdbc.query("select " + COLUMNS + " from bulk_load_run order by id desc limit ?", ROW, limit);
    }

    /** RUNNING runs whose owner missed its heartbeats for {@code staleAfter}. */
    List<BulkLoadRun> orphans(Duration staleAfter) {
        return jdbc.query("select " + COLUMNS + " from bulk_load_run where state = 'RUNNING' "
                + "and updated_at < now() - make_interval(secs => ?) order by id", ROW, staleAfter.toMillis() / 1000.0);
    }

    boolean stale(BulkLoadRun run, Duration staleAfter) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select updated_at < now() - make_interval(secs => ?) from bulk_load_run where id = ?", Boolean.class,
                staleAfter.toMillis() / 1000.0, run.id()));
    }

    List<BulkLoadRun> blockingRunning() {
        return jdbc.query("select " + COLUMNS + " from bulk_load_run where state = 'RUNNING' and blocking order by id", ROW);
    }

    boolean everDone(String silo, String dataset) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from bulk_load_run where silo = ? and dataset = ? and state = 'DONE')",
                Boolean.class, silo, dataset));
    }

    private static BulkLoadRun row(ResultSet rs, int i) throws SQLException {
        return new BulkLoadRun(rs.getLong("id"), rs.getString("silo"), rs.getString("dataset"), State.valueOf(rs.getString("state")),
                rs.getBoolean("blocking"), rs.getLong("total"), rs.getLong("done"), rs.getLong("quarantined"),
                rs.getString("last_key"), rs.getDouble("rate"), instant(rs, "started_at"), instant(rs, "updated_at"),
                instant(rs, "finished_at"), rs.getString("error"), rs.getString("owner"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
