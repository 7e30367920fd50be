package cn.tongban.hub.ops;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.tongban.hub.ops.metrics.HubMetrics;

/**
 * The maintenance switch of this hub replica: while it is on, the {@code maintenance} health
 * component is OUT_OF_SERVICE, so readiness answers 503 and a load balancer drains the node
 * (requests already in flight finish; nothing else changes: the API still answers whoever
 * calls it directly, Kafka consumption goes on). Per replica on purpose: one node is drained
 * at a time. Operator only ({@code /actuator/maintenance} on the management port):
 * {@code GET} for the state, {@code POST {"on": true|false}} to switch; who switched it is
 * logged and kept in the state. {@code hub.maintenance} is 1 while it is on.
 */
@Configuration(proxyBeanMethods = false)
class Maintenance {

    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

    /** The switch's state: on or off, since when and by which operator (null before the first switch). */
    record State(boolean on, Instant since, String by) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("on", on);
            if (since != null) {
                m.put("since", since.toString());
            }
            if (by != null) {
                m.put("by", by);
            }
            return m;
        }
    }

    private final AtomicReference<State> state = new AtomicReference<>(new State(false, null, null));

    State state() {
        return state.get();
    }

    State switchTo(boolean on, String operator) {
        State before = state.get();
        State after = new State(on, before.on() == on && before.since() != null ? before.since() : Instant.now(), operator);
        state.set(after);
        if (before.on() != on) {
            log.warn("Maintenance switched {} by operator {}: readiness is {}", on ? "ON" : "OFF", operator,
                    on ? "OUT_OF_SERVICE (the load balancer drains this node)" : "back to the dependencies' state");
        } else {
            log.info("Maintenance left {} by operator {}", on ? "on" : "off", operator);
        }
        return after;
    }

    /** The {@code maintenance} health component (in the readiness group). */
    @Bean
    HealthIndicator maintenanceHealthIndicator() {
        return () -> {
            State s = state.get();
            return (s.on() ? Health.outOfService() : Health.up()).withDetails(s.asMap()).build();
        };
    }

    @Bean
    Gauge maintenanceGauge(MeterRegistry registry) {
        return Gauge.builder(HubMetrics.MAINTENANCE, state, s -> s.get().on() ? 1 : 0)
                .description("1 while this replica's maintenance switch is on (readiness OUT_OF_SERVICE)").register(registry);
    }

    @Bean
    MaintenanceEndpoint maintenanceEndpoint() {
        return new MaintenanceEndpoint(this);
    }

    /** {@code /actuator/maintenance}: the switch for operators. */
    @Endpoint(id = "maintenance")
    static class MaintenanceEndpoint {

        private final Maintenance maintenance;

        MaintenanceEndpoint(Maintenance maintenance) {
            this.maintenance = maintenance;
        }

        @ReadOperation
        public Map<String, Object> state() {
            return maintenance.state().asMap();
        }

        /** Switches maintenance on or off; the operator is the authenticated management user. */
        @WriteOperation
        public Map<String, Object> switchTo(boolean on, SecurityContext security) {
            String operator = security == null || security.getPrincipal() == null ? "unknown" : security.getPrincipal().getName();
            return maintenance.switchTo(on, operator).asMap();
        }
    }
}
