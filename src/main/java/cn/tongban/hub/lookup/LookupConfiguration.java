package cn.tongban.hub.lookup;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bounded pool that look-ups use to call silos in parallel. */
@Configuration
@EnableConfigurationProperties(LookupProperties.class)
class LookupConfiguration {

    static final String EXECUTOR = "lookupExecutor";

    @Bean(name = EXECUTOR, destroyMethod = "shutdownNow")
    ThreadPoolExecutor lookupExecutor(LookupProperties props) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "lookup-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // A full queue means the silos are slower than the callers: refuse at once (the
        // source is reported as error) rather than queue work that will miss its deadline.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(props.threads(), props.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, props.queueCapacity())), threads, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
