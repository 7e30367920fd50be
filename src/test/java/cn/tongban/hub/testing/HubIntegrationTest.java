package cn.tongban.hub.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole hub on its embedded default (demo profile: real PostgreSQL, Kafka broker and
 * simulated silos), on random ports. Every integration test that uses it with no other
 * configuration shares one application context, so the servers start once per run.
 * Metrics export is on, as in production (Spring's test support turns it off otherwise).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
public @interface HubIntegrationTest {
}
