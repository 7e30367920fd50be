package cn.tongban.hub.sources.socialinsurance;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A step of the unit sync: AB01 rows without a USCC are keyed through the organisation codes
 * and registration numbers that market regulation asserts while it consumes its Kafka
 * backlog, so the unit sync waits until the registry replica has stopped changing (no new
 * or updated row for the settle time), at most the settle timeout. Rows still unkeyed after
 * that are quarantined and tried again on the next run.
 */
@Component("socialInsuranceRegistryBacklog")
public class RegistryBacklog {

    private static final Logger log = LoggerFactory.getLogger(RegistryBacklog.class);

    private final JdbcTemplate jdbc;
    private final Duration settle;
    private final Duration timeout;

    RegistryBacklog(JdbcTemplate jdbc,
                    @Value("${hub.silos.social-insurance.sync.settle:5s}") Duration settle,
                    @Value("${hub.silos.social-insurance.sync.settle-timeout:2m}") Duration timeout) {
        this.jdbc = jdbc;
        this.settle = settle;
        this.timeout = timeout;
    }

    /** Returns once the replica is quiet, or when the timeout is over (then the run goes ahead anyway). */
    public boolean awaitSettled() throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> last = state();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(Math.min(1000, Math.max(100, settle.toMillis() / 5)));
            Map<String, Object> now = state();
            if (!Objects.equals(now, last)) {
                last = now;
                quietSince = System.nanoTime();
            } else if (((Number) now.get("n")).longValue() > 0 && System.nanoTime() - quietSince >= settle.toNanos()) {
                return true;
            }
        }
        log.warn("The registry replica did not settle within {}; syncing units anyway (unkeyed rows retry next run)", timeout);
        return false;
    }

    private Map<String, Object> state() {
        return jdbc.queryForMap("select count(*) as n, max(updated_at) as changed from enterprise");
    }
}
