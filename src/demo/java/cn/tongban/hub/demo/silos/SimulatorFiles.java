package cn.tongban.hub.demo.silos;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import cn.tongban.hub.demo.data.Ab01Row;
import cn.tongban.hub.demo.data.Ac01Row;
import cn.tongban.hub.demo.data.Ac02Row;
import cn.tongban.hub.demo.data.CivilAffairsRecord;
import cn.tongban.hub.demo.data.PublicSecurityRecord;
import cn.tongban.hub.demo.data.SyntheticDataSet;
import cn.tongban.hub.sources.publicsecurity.RequestSigner;

/**
 * The simulated silos of the docker-compose deployment, from the demo data set: what the
 * in-process simulators serve, written as files for stock containers, and the
 * market-regulation events published to a real broker. The {@code simulators} service of
 * docker-compose.yml runs it once before the silos and the hubs start:
 *
 * <ul>
 * <li>{@code wiremock/mappings/public-security.json} and {@code civil-affairs.json}: WireMock
 * stubs, one per person, answering as {@link PublicSecuritySimulator} (XML in GBK) and
 * {@link CivilAffairsSimulator} (JSON) do. Static stubs cannot check the HMAC, so public
 * security requires the app key and the presence of a timestamp and a signature only; civil
 * affairs checks its app id and token as the in-process simulator does.</li>
 * <li>{@code social-insurance.sql}: the AB01/AC01/AC02 tables, their rows and a read-only
 * account for the hub, for PostgreSQL's {@code /docker-entrypoint-initdb.d}.</li>
 * <li>with a broker: the hub's three topics created, and every market-regulation event
 * published, as {@link MarketRegulationPublisher} does in the demo.</li>
 * </ul>
 *
 * Settings come from the same environment variables as the hub's ({@code HUB_PS_APP_KEY},
 * {@code HUB_CA_APP_ID}, {@code HUB_CA_TOKEN}, {@code HUB_SI_USER}, {@code HUB_SI_PASSWORD},
 * {@code HUB_KAFKA_BROKERS}, {@code HUB_TOPIC_*}, {@code HUB_DEMO_SEED}, {@code _ENTERPRISES},
 * {@code _PERSONS}); the only argument is the output folder. The same settings give the same files.
 */
public final class SimulatorFiles {

    public static final String WIREMOCK_DIR = "wiremock";
    public static final String SOCIAL_INSURANCE_SQL = "social-insurance.sql";
    private static final int PARTITIONS = 3;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private SimulatorFiles() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: SimulatorFiles OUTPUT_DIR   (settings from HUB_* environment variables)");
            System.exit(2);
        }
        run(Path.of(args[0]), System.getenv(), System.out);
    }

    /** Writes the files into {@code dir} and, when {@code HUB_KAFKA_BROKERS} is set, publishes the events. */
    public static void run(Path dir, Map<String, String> env, PrintStream out) throws Exception {
        Function<String, String> setting = name -> {
            String v = env.get(name);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(name + " is not set");
            }
            return v;
        };
        SyntheticDataSet data = SyntheticDataSet.generate(
                Long.parseLong(env.getOrDefault("HUB_DEMO_SEED", String.valueOf(SyntheticDataSet.DEFAULT_SEED))),
                Integer.parseInt(env.getOrDefault("HUB_DEMO_ENTERPRISES", String.valueOf(SyntheticDataSet.DEFAULT_ENTERPRISES))),
                Integer.parseInt(env.getOrDefault("HUB_DEMO_PERSONS", String.valueOf(SyntheticDataSet.DEFAULT_PERSONS))));
        Path mappings = dir.resolve(WIREMOCK_DIR).resolve("mappings");
        Files.createDirectories(mappings);
        Files.createDirectories(dir.resolve(WIREMOCK_DIR).resolve("__files"));
        writeJson(mappings.resolve("public-security.json"), publicSecurityStubs(data, setting.apply("HUB_PS_APP_KEY")));
        writeJson(mappings.resolve("civil-affairs.json"),
                civilAffairsStubs(data, setting.apply("HUB_CA_APP_ID"), setting.apply("HUB_CA_TOKEN")));
        try (Writer w = Files.newBufferedWriter(dir.resolve(SOCIAL_INSURANCE_SQL), StandardCharsets.UTF_8)) {
            socialInsuranceSql(data, setting.apply("HUB_SI_USER"), setting.apply("HUB_SI_PASSWORD"), w);
        }
        out.printf(Locale.ROOT, "simulator files written to %s: %d public-security records, %d civil-affairs records, "
                        + "%d AB01, %d AC01, %d AC02 rows%n", dir, data.publicSecurityRecords().size(),
                data.civilAffairs().records().size(), data.ab01Rows().size(), data.ac01Rows().size(), data.ac02Rows().size());
        String brokers = env.get("HUB_KAFKA_BROKERS");
        if (brokers != null && !brokers.isBlank()) {
            String events = env.getOrDefault("HUB_TOPIC_MR_EVENTS", "market-regulation.enterprise-events");
            createTopics(brokers, List.of(events,
                    env.getOrDefault("HUB_TOPIC_ENTERPRISE_CHANGED", "hub.enterprise.changed"),
                    env.getOrDefault("HUB_TOPIC_DEAD_LETTER", "hub.dead-letter")));
            // Published again at every start: the hub applies an event version once (the
            // others are "current"), as it must for a registry that re-delivers.
            try (MarketRegulationPublisher publisher = new MarketRegulationPublisher(brokers, events)) {
                out.printf(Locale.ROOT, "%d market-regulation events published to %s%n", publisher.publishAll(data), events);
            }
        }
    }

    /** One stub per person; unknown persons get an empty answer, unsigned requests a refusal, as the simulator. */
    static Map<String, Object> publicSecurityStubs(SyntheticDataSet data, String appKey) {
        Map<String, Map<String, String>> byId = new LinkedHashMap<>();
        for (PublicSecurityRecord r : data.publicSecurityRecords()) {
            byId.put(PopulationXml.lookupKey(r.GMSFHM()), r.toMap());
        }
        Map<String, Object> signed = Map.of(
                RequestSigner.APP_KEY_HEADER, Map.of("equalTo", appKey),
                RequestSigner.TIMESTAMP_HEADER, Map.of("matches", "[0-9]{1,19}"),
                RequestSigner.SIGNATURE_HEADER, Map.of("matches", ".+"));
        List<Object> stubs = new ArrayList<>();
        byId.forEach((id, person) -> stubs.add(stub(1,
                request(PublicSecuritySimulator.QUERY_PATH, Map.of("gmsfhm", Map.of("equalTo", id, "caseInsensitive", true)), signed),
                gbkXml(200, PopulationXml.success(List.of(person))))));
        stubs.add(stub(5, request(PublicSecuritySimulator.QUERY_PATH, Map.of("gmsfhm", Map.of("matches", ".+")), signed),
                gbkXml(200, PopulationXml.success(List.of()))));
        stubs.add(stub(6, request(PublicSecuritySimulator.QUERY_PATH, Map.of(), signed),
                gbkXml(400, PopulationXml.failure("4000", "缺少参数 gmsfhm"))));
        stubs.add(stub(9, request(PublicSecuritySimulator.QUERY_PATH, Map.of(), Map.of()),
                gbkXml(401, PopulationXml.failure("4001", "缺少签名"))));
        stubs.add(stub(1, request("/health", Map.of(), Map.of()), Map.of("status", 200, "body", "UP")));
        return Map.of("mappings", stubs);
    }

    /** One stub per person with a registration (the latest), as the simulator answers. */
    static Map<String, Object> civilAffairsStubs(SyntheticDataSet data, String appId, String token) {
        Map<String, Map<String, String>> byId = new LinkedHashMap<>();
        for (CivilAffairsRecord r : data.civilAffairs().records()) {
            byId.put(r.sfzh(), r.toMap());
        }
        Map<String, Object> authorised = Map.of(
                CivilAffairsSimulator.APP_ID_HEADER, Map.of("equalTo", appId),
                CivilAffairsSimulator.TOKEN_HEADER, Map.of("equalTo", token));
        String path = CivilAffairsSimulator.QUERY_PATH;
        String param = CivilAffairsSimulator.ID_PARAMETER;
        List<Object> stubs = new ArrayList<>();
        byId.forEach((id, record) -> stubs.add(stub(1,
                request(path, Map.of(param, Map.of("equalTo", id, "caseInsensitive", true)), authorised),
                civilAffairsAnswer(200, "0000", "成功", List.of(record)))));
        stubs.add(stub(5, request(path, Map.of(param, Map.of("matches", ".*[^ ].*")), authorised),
                civilAffairsAnswer(200, "0000", "未查询到婚姻登记记录", List.of())));
        stubs.add(stub(6, request(path, Map.of(), authorised), civilAffairsAnswer(400, "1002", "缺少参数sfzh", null)));
        stubs.add(stub(9, request(path, Map.of(), Map.of()), civilAffairsAnswer(401, "1001", "应用未授权或令牌无效", null)));
        return Map.of("mappings", stubs);
    }

    /** The tables as the legacy system holds them (upper-case names, text columns) and a read-only account. */
    static void socialInsuranceSql(SyntheticDataSet data, String user, String password, Writer w) throws IOException {
        if (!user.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("HUB_SI_USER must be a plain lower-case PostgreSQL role name");
        }
        w.write("-- The simulated social-insurance silo (AB01 units, AC01 persons, AC02 insurances), generated by\n"
                + "-- cn.tongban.hub.demo.silos.SimulatorFiles from the demo data set. Synthetic data only.\n");
        w.write(createTable("AB01", Ab01Row.COLUMNS, "AAB001"));
        w.write(createTable("AC01", Ac01Row.COLUMNS, "AAC001"));
        w.write(createTable("AC02", Ac02Row.COLUMNS, null));
        for (String index : List.of("AB01 (AAB003)", "AB01 (AAB007)", "AB01 (AAB998)", "AC01 (AAC002)", "AC02 (AAC001)",
                "AC02 (AAB001)")) {
            w.write("CREATE INDEX ON " + index + ";\n");
        }
        insert(w, "AB01", Ab01Row.COLUMNS, data.ab01Rows(), Ab01Row::values);
        insert(w, "AC01", Ac01Row.COLUMNS, data.ac01Rows(), Ac01Row::values);
        insert(w, "AC02", Ac02Row.COLUMNS, data.ac02Rows(), Ac02Row::values);
        w.write("CREATE ROLE " + user + " LOGIN PASSWORD " + literal(password) + ";\n");
        w.write("GRANT SELECT ON AB01, AC01, AC02 TO " + user + ";\n");
    }

    private static void createTopics(String brokers, List<String> topics) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().distinct().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        }
    }

    private static String createTable(String table, List<String> columns, String primaryKey) {
        StringBuilder b = new StringBuilder("CREATE TABLE ").append(table).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(columns.get(i)).append(" VARCHAR(200)");
        }
        if (primaryKey != null) {
            b.append(", PRIMARY KEY (").append(primaryKey).append(')');
        }
        return b.append(");\n").toString();
    }

    private static <T> void insert(Writer w, String table, List<String> columns, List<T> rows,
                                   Function<T, List<String>> values) throws IOException {
        String head = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES\n";
        int n = 0;
        for (T row : rows) {
            // 500 rows a statement: few round trips, statements of a few hundred kB at most.
            w.write(n % 500 == 0 ? (n == 0 ? "" : ";\n") + head : ",\n");
            List<String> v = values.apply(row);
            w.write('(');
            for (int i = 0; i < v.size(); i++) {
                w.write((i == 0 ? "" : ", ") + literal(v.get(i)));
            }
            w.write(')');
            n++;
        }
        if (n > 0) {
            w.write(";\n");
        }
    }

    /** A standard SQL string literal (PostgreSQL's standard_conforming_strings is on); NULL for null. */
    static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    private static Map<String, Object> request(String path, Map<String, Object> query, Map<String, Object> headers) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("method", "GET");
        r.put("urlPath", path);
        if (!query.isEmpty()) {
            r.put("queryParameters", query);
        }
        if (!headers.isEmpty()) {
            r.put("headers", headers);
        }
        return r;
    }

    private static Map<String, Object> stub(int priority, Map<String, Object> request, Map<String, Object> response) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("priority", priority);
        s.put("request", request);
        s.put("response", response);
        return s;
    }

    private static Map<String, Object> gbkXml(int status, String body) {
        return Map.of("status", status,
                "headers", Map.of("Content-Type", "application/xml; charset=GBK"),
                "base64Body", Base64.getEncoder().encodeToString(body.getBytes(PublicSecuritySimulator.GBK)));
    }

    private static Map<String, Object> civilAffairsAnswer(int status, String code, String msg, List<Map<String, String>> list) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("msg", msg);
        if (list == null) {
            body.put("data", null);
        } else {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("total", list.size());
            d.put("list", list);
            body.put("data", d);
        }
        try {
            return Map.of("status", status,
                    "headers", Map.of("Content-Type", "application/json;charset=UTF-8"),
                    "base64Body", Base64.getEncoder().encodeToString(new ObjectMapper().writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeJson(Path file, Object value) throws IOException {
        JSON.writeValue(file.toFile(), value);
    }
}
