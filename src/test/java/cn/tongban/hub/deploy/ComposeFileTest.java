package cn.tongban.hub.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, the Dockerfile and the monitoring files, checked without Docker: the
 * services the deployment needs, pinned images, two hub replicas with health checks, ports
 * on 127.0.0.1 only, every variable the prod profile requires set for each hub, and alerts
 * and dashboard panels that query only metrics the hub exports (the operations contract's
 * names). {@code docker compose config} runs too where the compose plugin is installed.
 */
class ComposeFileTest {

    static final Path COMPOSE = Path.of("docker-compose.yml");
    static final List<String> HUBS = List.of("hub-1", "hub-2");
    static final List<String> SERVICES = List.of("postgres", "kafka", "simulators", "silo-http", "social-insurance-db",
            "hub-1", "hub-2", "prometheus", "grafana");
    /** The alert names of the operations contract (the operations guide has one runbook per name). */
    static final Set<String> ALERTS = Set.of("HubDown", "HubNotReady", "HubSiloDown", "HubSiloCircuitOpen",
            "HubLookupLatencyHigh", "HubIngestionLagHigh", "HubQuarantineGrowing", "HubDeadLetters",
            "HubAuditUnavailable", "HubUnresolvedOverdue", "HubBulkLoadStalled");
    /** The hub's Prometheus names of the operations contract, series suffixes included. */
    static final Set<String> HUB_METRICS = Set.of(
            "hub_lookups_seconds_bucket", "hub_lookups_seconds_count", "hub_lookups_seconds_sum", "hub_lookups_seconds_max",
            "hub_lookup_sources_total",
            "hub_silo_calls_seconds_bucket", "hub_silo_calls_seconds_count", "hub_silo_calls_seconds_sum", "hub_silo_calls_seconds_max",
            "hub_ingestion_events_total", "hub_ingestion_lag",
            "hub_quarantine_records_total", "hub_deadletter_records_total", "hub_conflicts_total",
            "hub_audit_append_seconds_bucket", "hub_audit_append_seconds_count", "hub_audit_append_seconds_sum",
            "hub_audit_append_seconds_max", "hub_audit_unavailable_total",
            "hub_unresolved_open", "hub_unresolved_overdue", "hub_maintenance",
            "hub_bulkload_done", "hub_bulkload_total_rows", "hub_bulkload_rate");
    /** Standard meters of Prometheus itself, resilience4j, the JVM and Spring MVC. */
    static final List<String> STANDARD_PREFIXES = List.of("resilience4j_", "jvm_", "http_server_requests_");

    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{(HUB_[A-Z0-9_]+)}");

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(options).load(Files.readString(file, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    static Map<String, Object> services() throws IOException {
        return map(yaml(COMPOSE).get("services"));
    }

    /** A service's environment as a map, whichever of the two compose forms it is written in. */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object e = service.get("environment");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(k.toString(), v == null ? null : v.toString()));
        } else if (e instanceof List<?> l) {
            l.forEach(x -> {
                String[] kv = x.toString().split("=", 2);
                env.put(kv[0], kv.length == 2 ? kv[1] : null);
            });
        }
        return env;
    }

    /**
     * The variables the prod profile cannot start without: a {@code ${HUB_X}} without a default
     * in application.yaml or application-prod.yaml (comments aside).
     */
    static Set<String> requiredProdVariables() throws IOException {
        Set<String> required = new TreeSet<>();
        for (String file : List.of("application.yaml", "application-prod.yaml")) {
            for (String line : Files.readAllLines(Path.of("src/main/resources", file), StandardCharsets.UTF_8)) {
                String code = line.strip().startsWith("#") ? "" : line.replaceAll("\\s#.*$", "");
                Matcher m = REQUIRED_VARIABLE.matcher(code);
                while (m.find()) {
                    required.add(m.group(1));
                }
            }
        }
        return required;
    }

    @Test
    void hasEveryServiceOfTheDeployment() throws IOException {
        assertThat(services()).containsKeys(SERVICES.toArray(String[]::new));
    }

    @Test
    void pinsEveryImageToATag() throws IOException {
        services().forEach((name, s) -> {
            Object image = map(s).get("image");
            assertThat(image).as(name + " has an image").isNotNull();
            String ref = image.toString();
            String tag = ref.substring(ref.lastIndexOf('/') + 1);
            assertThat(tag).as(name + " " + ref).contains(":").doesNotEndWith(":latest");
        });
        Map<String, Object> s = services();
        assertThat(map(s.get("kafka")).get("image")).isEqualTo("apache/kafka:3.9.1");
        assertThat(map(s.get("postgres")).get("image")).isEqualTo("postgres:17");
        assertThat(map(s.get("social-insurance-db")).get("image")).isEqualTo("postgres:17");
        assertThat(map(s.get("silo-http")).get("image").toString()).startsWith("wiremock/wiremock:3.13.");
        assertThat(map(s.get("prometheus")).get("image").toString()).startsWith("prom/prometheus:v");
        assertThat(map(s.get("grafana")).get("image").toString()).startsWith("grafana/grafana:");
    }

    @Test
    void runsTheHubBuiltFromTheDockerfileAsTwoReplicasOnDistinctPorts() throws IOException {
        Set<String> hostPorts = new LinkedHashSet<>();
        for (String hub : HUBS) {
            Map<String, Object> s = map(services().get(hub));
            Map<String, Object> build = map(s.get("build"));
            assertThat(build.get("context")).isEqualTo(".");
            assertThat(build.get("target")).isEqualTo("hub");
            assertThat(s.get("image")).isEqualTo("tongban-hub:local");
            Map<String, Object> health = map(s.get("healthcheck"));
            assertThat(String.join(" ", list(health.get("test")).stream().map(Object::toString).toList()))
                    .contains("/actuator/health/readiness");
            assertThat(map(s.get("depends_on"))).containsKeys("postgres", "kafka", "silo-http", "social-insurance-db");
            for (Object p : list(s.get("ports"))) {
                assertThat(hostPorts.add(p.toString().split(":")[1])).as("host port of " + p + " used once").isTrue();
            }
            assertThat(environment(s).get("HUB_NODE_NAME")).isEqualTo(hub);
        }
        assertThat(hostPorts).hasSize(4);
    }

    @Test
    void everyLongRunningServiceHasAHealthCheckAndDependenciesExist() throws IOException {
        Map<String, Object> services = services();
        services.forEach((name, s) -> {
            Map<String, Object> service = map(s);
            if (!"no".equals(String.valueOf(service.get("restart")))) {
                assertThat(service).as(name).containsKey("healthcheck");
            }
            if (service.get("depends_on") instanceof Map<?, ?> deps) {
                assertThat(services.keySet()).as(name + " depends on").containsAll(deps.keySet().stream().map(Object::toString).toList());
            }
        });
    }

    @Test
    void publishesPortsOnTheLoopbackOnly() throws IOException {
        services().forEach((name, s) -> {
            Object ports = map(s).get("ports");
            if (ports != null) {
                for (Object p : list(ports)) {
                    assertThat(p.toString()).as(name).startsWith("127.0.0.1:").matches("127\\.0\\.0\\.1:\\d+:\\d+");
                }
            }
        });
    }

    @Test
    void mountsOnlyFilesThatExistAndVolumesThatAreDeclared() throws IOException {
        Map<String, Object> compose = yaml(COMPOSE);
        Set<String> declared = map(compose.get("volumes")).keySet();
        map(compose.get("services")).forEach((name, s) -> {
            Object volumes = map(s).get("volumes");
            if (volumes != null) {
                for (Object v : list(volumes)) {
                    String source = v.toString().split(":")[0];
                    if (source.startsWith("./")) {
                        assertThat(Path.of(source)).as(name + " mounts " + source).exists();
                    } else {
                        assertThat(declared).as(name + " mounts volume " + source).contains(source);
                    }
                }
            }
        });
    }

    @Test
    void setsEveryVariableTheProdProfileRequiresForEachHub() throws IOException {
        Set<String> required = requiredProdVariables();
        // Sanity: the parse finds the store, the broker and each silo's address.
        assertThat(required).contains("HUB_DB_URL", "HUB_KAFKA_BROKERS", "HUB_PS_URL", "HUB_SI_JDBC_URL", "HUB_CA_URL");
        for (String hub : HUBS) {
            Map<String, String> env = environment(map(services().get(hub)));
            for (String variable : required) {
                assertThat(env.get(variable)).as(hub + " sets " + variable).isNotBlank();
            }
            // Not required by a placeholder, but the prod hub does not start or is unusable without them.
            assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
            for (String variable : List.of("HUB_AUDIT_SIGNING_KEY", "HUB_AUDIT_VERIFY_KEY", "HUB_OPS_PASSWORD_HASH",
                    "SPRING_CONFIG_ADDITIONAL_LOCATION")) {
                assertThat(env.get(variable)).as(hub + " sets " + variable).isNotBlank();
            }
            // Inside a container the loopback default would make the hub unreachable.
            assertThat(env.get("HUB_BIND_ADDRESS")).isEqualTo("0.0.0.0");
            assertThat(env.get("SPRING_CONFIG_ADDITIONAL_LOCATION")).isEqualTo("file:/etc/tongban/clients.yaml");
            assertThat(list(map(services().get(hub)).get("volumes")))
                    .contains("./ops/compose/clients.yaml:/etc/tongban/clients.yaml:ro");
        }
    }

    @Test
    void theSilosAndTheHubsAgreeOnTheSiloSettings() throws IOException {
        Map<String, String> simulators = environment(map(services().get("simulators")));
        Map<String, String> si = environment(map(services().get("social-insurance-db")));
        for (String hub : HUBS) {
            Map<String, String> env = environment(map(services().get(hub)));
            for (String v : List.of("HUB_PS_APP_KEY", "HUB_CA_APP_ID", "HUB_CA_TOKEN", "HUB_SI_USER", "HUB_SI_PASSWORD",
                    "HUB_KAFKA_BROKERS", "HUB_TOPIC_MR_EVENTS")) {
                assertThat(simulators.get(v)).as(v).isEqualTo(env.get(v));
            }
            assertThat(env.get("HUB_PS_URL")).isEqualTo("http://silo-http:8080");
            assertThat(env.get("HUB_CA_URL")).isEqualTo("http://silo-http:8080");
            assertThat(env.get("HUB_SI_JDBC_URL")).endsWith("//social-insurance-db:5432/" + si.get("POSTGRES_DB"));
            Map<String, String> store = environment(map(services().get("postgres")));
            assertThat(env.get("HUB_DB_URL")).isEqualTo("jdbc:postgresql://postgres:5432/" + store.get("POSTGRES_DB"));
            assertThat(env.get("HUB_DB_USER")).isEqualTo(store.get("POSTGRES_USER"));
            assertThat(env.get("HUB_DB_PASSWORD")).isEqualTo(store.get("POSTGRES_PASSWORD"));
        }
    }

    @Test
    void prometheusScrapesBothReplicasAsTheOperator() throws IOException {
        Map<String, Object> prometheus = yaml(Path.of("ops/prometheus/prometheus.yml"));
        assertThat(list(prometheus.get("rule_files"))).contains("/etc/prometheus/alerts.yml");
        Map<String, Object> job = map(list(prometheus.get("scrape_configs")).get(0));
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        List<String> targets = new ArrayList<>();
        list(job.get("static_configs")).forEach(c -> list(map(c).get("targets")).forEach(t -> targets.add(t.toString())));
        assertThat(targets).containsExactlyInAnyOrder("hub-1:8081", "hub-2:8081");
        Map<String, Object> auth = map(job.get("basic_auth"));
        // The scrape's password is the operator's: the compose file's hash ($$ is compose's $) matches it.
        String hash = environment(map(services().get("hub-1"))).get("HUB_OPS_PASSWORD_HASH").replace("$$", "$");
        assertThat(hash).startsWith("{bcrypt}");
        assertThat(new BCryptPasswordEncoder().matches(auth.get("password").toString(), hash.substring("{bcrypt}".length())))
                .isTrue();
        assertThat(auth.get("username")).isEqualTo("ops");
    }

    @Test
    void definesExactlyTheContractsAlertsOnKnownMetrics() throws IOException {
        Map<String, Object> alerts = yaml(Path.of("ops/prometheus/alerts.yml"));
        Set<String> names = new TreeSet<>();
        for (Object g : list(alerts.get("groups"))) {
            for (Object r : list(map(g).get("rules"))) {
                Map<String, Object> rule = map(r);
                String name = rule.get("alert").toString();
                assertThat(names.add(name)).as(name + " defined once").isTrue();
                assertThat(unknownMetrics(rule.get("expr").toString())).as(name).isEmpty();
                assertThat(map(rule.get("annotations"))).as(name).containsKeys("summary", "description");
            }
        }
        assertThat(names).isEqualTo(new TreeSet<>(ALERTS));
    }

    @Test
    void theDashboardQueriesOnlyKnownMetricsAndCoversWhatOperatorsWatch() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("ops/grafana/dashboards/tongban-hub.json").toFile());
        Map<String, Object> datasource = map(list(yaml(Path.of("ops/grafana/provisioning/datasources/prometheus.yml"))
                .get("datasources")).get(0));
        Set<String> used = new TreeSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(unknownMetrics(expr)).as(panel.path("title").asText()).isEmpty();
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo(datasource.get("uid"));
                used.addAll(metrics(expr));
                queries++;
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(10);
        assertThat(used).contains("hub_lookups_seconds_bucket", "hub_lookups_seconds_count", "resilience4j_circuitbreaker_state",
                "hub_silo_calls_seconds_bucket", "hub_ingestion_events_total", "hub_ingestion_lag",
                "hub_quarantine_records_total", "hub_deadletter_records_total", "hub_unresolved_open", "hub_unresolved_overdue");
    }

    @Test
    void theMetricCheckCatchesANameOutsideTheContract() {
        assertThat(unknownMetrics("sum by (endpoint) (rate(hub_lookups_seconds_bucket{endpoint=\"person\"}[5m]))")).isEmpty();
        assertThat(unknownMetrics("histogram_quantile(0.99, sum by (le) (rate(hub_lookup_seconds_bucket[5m]))) > 1.5"))
                .containsExactly("hub_lookup_seconds_bucket");
        assertThat(unknownMetrics("up{job=\"tongban-hub\"} == 0 and on (instance) jvm_memory_used_bytes > 0")).isEmpty();
        assertThat(unknownMetrics("max by (silo, dataset) (hub_bulkload_total_rows - hub_bulkload_done) > 0 "
                + "and on (silo, dataset) max by (silo, dataset) (changes(hub_bulkload_done[15m])) == 0")).isEmpty();
    }

    @Test
    void theDockerfileBuildsWithTheWrapperAndRunsTheHubAsANonRootUserWithAHeapLimitAndAHealthCheck() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"), StandardCharsets.UTF_8);
        assertThat(dockerfile).contains("./mvnw").contains("-Pprod")
                .containsPattern("(?m)^FROM eclipse-temurin:17-jdk AS build$")
                .containsPattern("(?m)^FROM eclipse-temurin:17-jre AS simulators$");
        // The hub is the last stage: "docker build ." without --target gives the hub.
        String hubStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        assertThat(hubStage).startsWith("\nFROM eclipse-temurin:17-jre AS hub")
                .containsPattern("(?m)^USER hub$").contains("-Xmx")
                .contains("HEALTHCHECK").contains("/actuator/health/readiness")
                .contains("COPY routes /app/routes").contains("COPY mappings /app/mappings");
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains("target/", ".git");
    }

    /** {@code docker compose config} where the compose plugin and an engine-less client allow it. */
    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        assumeTrue(run("docker", "compose", "version") == 0, "docker compose is not installed here");
        assertThat(run("docker", "compose", "-f", COMPOSE.toString(), "config", "--quiet")).isZero();
    }

    private static int run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }

    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** The metric names a PromQL expression reads: not functions, keywords, labels or Grafana variables. */
    static Set<String> metrics(String expr) {
        String e = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\w+", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            String word = m.group();
            boolean call = e.substring(m.end()).stripLeading().startsWith("(");
            boolean number = m.start() > 0 && Character.isDigit(e.charAt(m.start() - 1));
            if (!call && !number && !PROMQL_WORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }

    static List<String> unknownMetrics(String expr) {
        return metrics(expr).stream()
                .filter(n -> !HUB_METRICS.contains(n) && !n.equals("up") && STANDARD_PREFIXES.stream().noneMatch(n::startsWith))
                .toList();
    }
}
