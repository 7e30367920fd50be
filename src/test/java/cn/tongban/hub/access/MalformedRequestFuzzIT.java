package cn.tongban.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthEnterprise;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.identifiers.Uscc;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.DemoSubjects;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * Fuzzes every API endpoint with generated malformed requests: broken and unknown keys, huge
 * and empty values, wrong JSON types and malformed JSON, wrong content types, injection
 * strings, XXE for the dry run, unknown matters, fields and mappings, wrong methods, random
 * query parameters, bad credentials and purposes, and invalid UTF-8 and raw control characters
 * (sent on a raw socket where java.net.http refuses them). A few valid requests are
 * interleaved. No answer may be a 5xx; no request malformed in its credentials, purpose, key or
 * body may get a 2xx; every refusal of the API is a problem answer with a code (Tomcat's own
 * protocol rejections excepted), and no refusal carries data of the demo subjects.
 *
 * <p>Each request is generated from its own {@link Random}, seeded from the run's seed and
 * the request's index, so a failure names the seed and index that reproduce it whatever the
 * thread interleaving ({@code -Dhub.fuzz.seed=...} replays a run).
 */
@HubIntegrationTest
class MalformedRequestFuzzIT {

    private static final long DEFAULT_SEED = 20_261_123L;
    /** The issue asks for at least 10,000 malformed requests; the controls come on top. */
    private static final int REQUESTS = 12_000;
    private static final int THREADS = 4;
    /** 1-3 minutes on two cores; beyond this the hub is hanging on something. */
    private static final Duration TIME_LIMIT = Duration.ofMinutes(8);
    private static final double CONTROL_SHARE = 0.02;
    /** Request-line, framing and encoding errors only a raw socket can send. */
    private static final double PROTOCOL_SHARE = 0.035;
    /** Composed requests sent on a raw socket with a raw-only mutation (invalid UTF-8, control characters). */
    private static final double RAW_SHARE = 0.06;
    private static final int MAX_EXAMPLES = 20;

    private static final String[] MATTERS = {"GG00101001", "GG00201002", "GG00301003", "QR00401004", "XK00501005", "JF00601006"};
    private static final String ENTERPRISE_MATTER = "GG00101001";
    private static final String[] PERSON_MATTERS = {"GG00201002", "GG00301003", "QR00401004", "XK00501005", "JF00601006"};
    private static final String[] PERSON_MAPPINGS = {"public-security", "civil-affairs", "social-insurance.person", "social-insurance.insurance"};
    private static final String[] ENTERPRISE_MAPPINGS = {"social-insurance.unit", "market-regulation"};
    private static final String[] REPLAY_SILOS = {"market-regulation", "social-insurance"};
    /** Query parameter names the endpoints read: random parameters avoid them. */
    private static final Set<String> KNOWN_PARAMETERS = Set.of("fields", "subject", "q", "status", "tag", "department", "matter",
            "overdue", "limit", "offset", "silo", "reason");

    private static final String[] INJECTIONS = {
            "' OR 1=1--", "\" OR \"1\"=\"1", "1; DROP TABLE audit_log;--", "'; WAITFOR DELAY '0:0:5'--", "1' UNION SELECT null,version()--",
            "${jndi:ldap://127.0.0.1:1/x}", "${jndi:dns://x}", "${env:HOME}", "${7*7}", "#{7*7}", "{{7*7}}", "<%= 7*7 %>",
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)",
            "../../etc/passwd", "..\\..\\windows\\win.ini", "....//....//etc/passwd", "/etc/passwd", "file:///etc/passwd",
            "%00", "\u0000", "a\u0000b", "\r\nX-Injected: 1", "%0d%0aSet-Cookie:%20x=1", "\n", "\r",
            "$(id)", "`id`", "|id", "; ls -la", "&& whoami",
            "null", "undefined", "NaN", "Infinity", "-1", "0", "9999999999999999999999", "1e309", "true", "[]", "{}",
            "%s%s%s%s%n", "%x%x%x", "\\u0000", "\\x00", "*", "?", "#", ";", "/", "//", "\\", "~", "..", ".", "<>",
            "\uFEFF", "\u202E", "\u200B", "\uD800", "😀", "𝟘𝟙𝟚", "１２３", "Ｘ", "ǅ", "ß", "İ", "ı",
            "<!ENTITY x SYSTEM \"file:///etc/passwd\">", "]]>", "<![CDATA[x]]>", "&amp;", "&#0;",
            "' or sleep(5)#", "admin'--", "\"; exec xp_cmdshell 'dir'--", "{\"$gt\":\"\"}", "[$ne]=1"};
    /** Appended to a valid key these never normalise away (IdentifierNormalizer drops spaces, dashes, controls). */
    private static final String[] APPENDABLE = {"' OR 1=1--", "<script>", "${jndi:ldap://x}", "../../etc/passwd", "'", "\"", ";",
            "*", "%", "abc", "0", "X", "..", "/x", "\\"};
    private static final byte[][] INVALID_UTF8 = {
            {(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xC3, (byte) 0x28},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0x80}, {(byte) 0xE4, (byte) 0xB8}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xC1, (byte) 0xBF}};
    private static final String[] CONTROL_CHARS = {"\u0000", "\u0001", "\u0007", "\u0008", "\u001B", "\u007F", "\r", "\u000B", "\u000C"};

    /** An 18-character citizen ID standing alone, as PersonalDataInLogsCheck finds them: printed output is masked. */
    private static final Pattern CITIZEN_ID = Pattern.compile("(?<![0-9A-Za-z])[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])"
            + "(?:0[1-9]|[12]\\d|3[01])\\d{3}[0-9Xx](?![0-9A-Za-z])");

    @LocalServerPort
    int port;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What a request may get, weakest expectation first. */
    enum Expect {
        /** Valid: 200 (429 tolerated except for the controls, which retry). */
        OK,
        /** Noise the hub may ignore, or an equivalent form: any answer but a 5xx. */
        ANY,
        /** A well-formed key of no subject: not 2xx, or a 2xx without subject data (a silo timed out). */
        NO_SUBJECT,
        /** Malformed credentials, purpose, key or body: never 2xx. */
        REFUSE
    }

    enum Role {
        DATA(DemoClients.BACKOFFICE_KEY), ADMIN(DemoClients.ADMIN_KEY), AUDITOR(DemoClients.AUDITOR_KEY);

        final String key;

        Role(String key) {
            this.key = key;
        }
    }

    /** A subject key as generated: the text, what it deserves, whose data it names (null: nobody's). */
    record Key(String text, Expect expect, String owner, String variant) {
    }

    /** A value of a demo subject that must not turn up where it does not belong; weak ones (short names) only in refusals. */
    record Sentinel(String value, String owner, String kind, boolean strong) {
    }

    /** A person or enterprise of the demo data the fuzz aims at. */
    record Target(String owner, String key, String name, TruthPerson person, TruthEnterprise enterprise) {
    }

    /** One generated request. Target and header values hold bytes as ISO-8859-1 characters. */
    static final class Req {
        final int index;
        String gen = "?";
        String method = "GET";
        String target = "/";
        final List<String[]> headers = new ArrayList<>();
        byte[] body;
        Expect expect = Expect.OK;
        final List<String> why = new ArrayList<>();
        Set<String> owners = Set.of();
        Predicate<JsonNode> noSubjectData = b -> true;
        boolean credentialsOk = true;
        boolean subjectEndpoint;
        boolean mayBeCut;
        boolean raw;
        boolean protocolBroken;
        boolean lfOnly;
        boolean chunked;
        byte[] rawBytes;
        boolean apiPath = true;
        boolean control;
        String mustContain;

        Req(int index) {
            this.index = index;
        }

        void worse(Expect e, String reason) {
            if (e.ordinal() > expect.ordinal()) {
                expect = e;
            }
            if (reason != null && e != Expect.OK) {
                why.add(reason);
            }
        }

        Req header(String name, String value) {
            headers.add(new String[]{name, value});
            return this;
        }

        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        void removeHeader(String name) {
            headers.removeIf(h -> h[0].equalsIgnoreCase(name));
        }

        void query(String name, String value) {
            target += (target.contains("?") ? "&" : "?") + name + "=" + value;
        }

        boolean head() {
            return "HEAD".equals(method);
        }

        /** The request as text, target decoded: what the caller itself said. */
        String said() {
            StringBuilder b = new StringBuilder(percentDecode(target)).append('\n').append(target).append('\n');
            headers.forEach(h -> b.append(h[0]).append(": ").append(utf8(h[1])).append('\n'));
            if (body != null) {
                b.append(new String(body, StandardCharsets.UTF_8));
            }
            if (rawBytes != null) {
                b.append(new String(rawBytes, StandardCharsets.UTF_8));
            }
            return b.toString();
        }

        String describe() {
            StringBuilder b = new StringBuilder();
            b.append('#').append(index).append(' ').append(gen).append(" expect=").append(expect).append(why)
                    .append(raw || rawBytes != null ? " raw" : "").append(" | ");
            if (rawBytes != null) {
                b.append(printable(rawBytes, 400));
            } else {
                b.append(method).append(' ').append(printable(target.getBytes(StandardCharsets.ISO_8859_1), 240));
                for (String[] h : headers) {
                    b.append(" | ").append(h[0]).append(": ").append(printable(h[1].getBytes(StandardCharsets.ISO_8859_1), 80));
                }
                if (body != null) {
                    b.append(" | body(").append(body.length).append("): ").append(printable(body, 200));
                }
            }
            return b.toString();
        }
    }

    /** An answer: status (-1: none), content type, body; or why there was none. */
    record Answer(int status, String contentType, byte[] body, String failure) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------ state of a run

    private final List<Target> persons = new ArrayList<>();
    private final List<Target> enterprises = new ArrayList<>();
    private final List<Sentinel> sentinels = new ArrayList<>();
    private final Set<String> knownPersonIds = new HashSet<>();
    private final Set<String> knownUsccs = new HashSet<>();
    private String xxeMarker;
    private Path xxeFile;
    private int canaryPort;

    private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byStatusAndCode = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byGenerator = new ConcurrentHashMap<>();
    private final Map<String, Queue<String>> failures = new ConcurrentHashMap<>();
    private final LongAdder rawSent = new LongAdder();
    private final LongAdder closedWithoutAnswer = new LongAdder();
    private final LongAdder tomcatRejections = new LongAdder();
    private final LongAdder controlsOk = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder hub5xx = new LongAdder();
    private final LongAdder tomcatProtocol5xx = new LongAdder();

    @Test
    void noMalformedRequestGetsA5xxOrDataItShouldNot() throws Exception {
        long seed = Long.getLong("hub.fuzz.seed", DEFAULT_SEED);
        System.out.println("fuzz: seed " + seed + " (replay with -Dhub.fuzz.seed=" + seed + ")");
        pickTargets();
        xxeMarker = "XXE-MARKER-" + Long.toHexString(new Random(seed).nextLong());
        xxeFile = Files.createTempFile("fuzz-xxe", ".txt");
        Files.writeString(xxeFile, xxeMarker);
        AtomicInteger canaryHits = new AtomicInteger();
        try (ServerSocket canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            canaryPort = canary.getLocalPort();
            Thread listener = new Thread(() -> {
                while (!canary.isClosed()) {
                    try (Socket s = canary.accept()) {
                        canaryHits.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "fuzz-xxe-canary");
            listener.setDaemon(true);
            listener.start();
            warmUp();

            long t0 = System.nanoTime();
            long deadline = t0 + TIME_LIMIT.toNanos();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    workers.add(pool.submit(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < REQUESTS && System.nanoTime() < deadline) {
                            Req q = generate(i, new Random(seed + 0x9E3779B97F4A7C15L * (i + 1)));
                            judge(q, send(q));
                            done.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> w : workers) {
                    w.get(TIME_LIMIT.toSeconds() + 60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            System.out.println(summary(done.get(), seed, seconds));
            System.out.println("fuzz generators: " + new TreeMap<>(byGenerator).entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().sum()).collect(Collectors.joining(", ")));

            assertThat(done.get()).as("requests sent within %s (seed %d)", TIME_LIMIT, seed).isEqualTo(REQUESTS);
            if (canaryHits.get() > 0) {
                fail("xxe-fetch", "the hub opened " + canaryHits.get() + " connection(s) to the XXE canary port " + canaryPort);
            }
        } finally {
            Files.deleteIfExists(xxeFile);
        }
        StringBuilder report = new StringBuilder();
        StringBuilder all = new StringBuilder();
        int perKind = Math.max(3, MAX_EXAMPLES / Math.max(1, failures.size()));
        for (Map.Entry<String, Queue<String>> e : new TreeMap<>(failures).entrySet()) {
            report.append(String.format(Locale.ROOT, "%n%s: %d", e.getKey(), e.getValue().size()));
            all.append(String.format(Locale.ROOT, "%s: %d%n", e.getKey(), e.getValue().size()));
            int shown = 0;
            for (String f : e.getValue()) {
                if (shown++ < perKind) {
                    report.append(String.format(Locale.ROOT, "%n  %s", f));
                }
                all.append("  ").append(f).append(System.lineSeparator());
            }
        }
        if (!failures.isEmpty()) {
            Path file = buildDirectory().resolve("fuzz-failures.txt");
            Files.writeString(file, all);
            throw new AssertionError(String.format(Locale.ROOT, "seed %d; failures by kind (all of them in %s):%s", seed, file, report));
        }
        assertThat(controlsOk.sum()).as("valid requests answered 200 during the fuzz").isPositive();
    }

    /** The build directory (target-h3 and the like): the parent of test-classes. */
    private static Path buildDirectory() {
        try {
            return Path.of(MalformedRequestFuzzIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ targets and sentinels

    private void pickTargets() {
        List<TruthEnterprise> es = demo.dataSet().enterprises().stream()
                .filter(e -> "1".equals(e.registrationState()) && e.orgCode() != null && e.regNo() != null)
                .filter(e -> e.address() != null && e.address().length() > 8 && e.name().length() > 5)
                .filter(e -> !looksLikeCitizenId(e.uscc()))
                .limit(6).toList();
        Set<String> enterpriseUsccs = es.stream().map(TruthEnterprise::uscc).collect(Collectors.toSet());
        Set<String> legalReps = es.stream().map(TruthEnterprise::legalRepresentativeId).collect(Collectors.toSet());
        Set<String> households = new HashSet<>();
        List<TruthPerson> ps = new ArrayList<>();
        for (TruthPerson p : DemoSubjects.cleanPersons(demo.dataSet())) {
            if (ps.size() == 6) {
                break;
            }
            boolean separate = !legalReps.contains(p.citizenId()) && (p.employerUscc() == null || !enterpriseUsccs.contains(p.employerUscc()))
                    && p.householdAddress() != null && p.householdAddress().length() > 8 && p.name().length() >= 2
                    && p.phone() != null && p.birthDate().getYear() < 2000 && households.add(p.householdNumber());
            if (separate) {
                ps.add(p);
            }
        }
        for (int i = 0; i < ps.size(); i++) {
            TruthPerson p = ps.get(i);
            String owner = "P" + i;
            persons.add(new Target(owner, p.citizenId(), p.name(), p, null));
            sentinels.add(new Sentinel(p.citizenId(), owner, "citizen ID", true));
            sentinels.add(new Sentinel(p.householdAddress(), owner, "address", true));
            sentinels.add(new Sentinel(p.phone(), owner, "phone", true));
            sentinels.add(new Sentinel(p.name(), owner, "name", p.name().length() >= 4));
        }
        for (int i = 0; i < es.size(); i++) {
            TruthEnterprise e = es.get(i);
            String owner = "E" + i;
            enterprises.add(new Target(owner, e.uscc(), e.name(), null, e));
            sentinels.add(new Sentinel(e.uscc(), owner, "USCC", true));
            sentinels.add(new Sentinel(e.name(), owner, "name", true));
            sentinels.add(new Sentinel(e.address(), owner, "address", true));
            if (e.legalRepresentativeId() != null) {
                sentinels.add(new Sentinel(e.legalRepresentativeId(), owner, "legal representative's ID", true));
            }
            if (e.legalRepresentativeName() != null) {
                sentinels.add(new Sentinel(e.legalRepresentativeName(), owner, "legal representative", false));
            }
        }
        demo.dataSet().persons().forEach(p -> knownPersonIds.add(p.citizenId()));
        demo.dataSet().enterprises().forEach(e -> knownUsccs.add(e.uscc()));
        assertThat(persons).hasSize(6);
        assertThat(enterprises).hasSize(6);
    }

    /**
     * Every kind of control answers 200 before the fuzz starts (the registry replica fills from
     * Kafka after start), and the sentinels are values the hub really serves: each target's
     * profile holds at least two of them, so their absence elsewhere means something.
     */
    private void warmUp() {
        Random r = new Random(1);
        for (int kind = 0; kind < 7; kind++) {
            int k = kind;
            Req q = control(new Req(-1 - kind), r, k);
            Awaitility.await("control " + q.gen).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> send(q).status() == 200);
        }
        for (Target t : java.util.stream.Stream.concat(persons.stream(), enterprises.stream()).toList()) {
            Req q = new Req(-10);
            q.target = (t.person() != null ? "/api/v1/persons/" : "/api/v1/enterprises/") + t.key();
            validPurpose(q, Role.DATA, DemoClients.MATTER);
            Answer a = send(q);
            long served = sentinels.stream().filter(s -> s.owner().equals(t.owner()) && a.text().contains(s.value())).count();
            assertThat(served).as("sentinel values of %s in its own profile (status %d)", t.owner(), a.status()).isGreaterThanOrEqualTo(2);
        }
    }

    // ------------------------------------------------------------------ generation

    private Req generate(int index, Random r) {
        Req q = new Req(index);
        double p = r.nextDouble();
        if (p < CONTROL_SHARE) {
            return control(q, r, r.nextInt(7));
        }
        if (p < CONTROL_SHARE + PROTOCOL_SHARE) {
            protocol(q, r);
            return q;
        }
        int w = r.nextInt(100);
        if (w < 15) {
            person(q, r);
        } else if (w < 27) {
            enterprise(q, r);
        } else if (w < 39) {
            verification(q, r);
        } else if (w < 46) {
            precheck(q, r);
        } else if (w < 53) {
            prefill(q, r);
        } else if (w < 56) {
            matters(q, r);
        } else if (w < 59) {
            matter(q, r);
        } else if (w < 62) {
            storedPrecheck(q, r);
        } else if (w < 65) {
            evidence(q, r);
        } else if (w < 70) {
            unresolvedList(q, r);
        } else if (w < 73) {
            unresolvedOne(q, r);
        } else if (w < 78) {
            unresolvedPatch(q, r);
        } else if (w < 82) {
            audit(q, r);
        } else if (w < 86) {
            mappingRecords(q, r);
        } else if (w < 91) {
            dryRun(q, r);
        } else if (w < 92) {
            mappings(q, r);
        } else if (w < 96) {
            quarantine(q, r);
        } else if (w < 97) {
            dataQuality(q, r);
        } else {
            unknownPath(q, r);
        }
        if (r.nextDouble() < 0.06) {
            wrongMethod(q, r);
        }
        if (r.nextDouble() < 0.2) {
            noise(q, r);
        }
        if (r.nextDouble() < RAW_SHARE) {
            rawMutation(q, r);
        }
        return q;
    }

    /** A valid request of one of seven kinds; it must be answered 200 with the data asked for. */
    private Req control(Req q, Random r, int kind) {
        q.control = true;
        Target p = pick(r, persons);
        Target e = pick(r, enterprises);
        switch (kind) {
            case 0 -> {
                q.gen = "control.person";
                q.target = "/api/v1/persons/" + p.key();
                validPurpose(q, Role.DATA, DemoClients.MATTER);
                q.mustContain = p.name();
            }
            case 1 -> {
                q.gen = "control.enterprise";
                q.target = "/api/v1/enterprises/" + e.key();
                validPurpose(q, Role.DATA, DemoClients.MATTER);
                q.mustContain = e.name();
            }
            case 2 -> {
                q.gen = "control.verification";
                q.method = "POST";
                q.target = "/api/v1/verifications";
                validPurpose(q, Role.DATA, DemoClients.MATTER);
                q.header("Content-Type", "application/json");
                q.body = utf8Bytes("{\"subjectType\":\"person\",\"subject\":\"" + p.key() + "\",\"claims\":{\"name\":\"" + p.name() + "\"}}");
                q.mustContain = "\"match\"";
            }
            case 3 -> {
                q.gen = "control.prefill";
                q.target = "/api/v1/matters/" + ENTERPRISE_MATTER + "/prefill?subject=" + e.key();
                validPurpose(q, Role.DATA, ENTERPRISE_MATTER);
                q.mustContain = e.key();
            }
            case 4 -> {
                q.gen = "control.matters";
                q.target = "/api/v1/matters";
                q.header(AccessHeaders.API_KEY, Role.DATA.key);
                q.mustContain = ENTERPRISE_MATTER;
            }
            case 5 -> {
                q.gen = "control.matter";
                q.target = "/api/v1/matters/" + MATTERS[r.nextInt(MATTERS.length)];
                q.header(AccessHeaders.API_KEY, Role.DATA.key);
                q.mustContain = "materials";
            }
            default -> {
                q.gen = "control.mappings";
                q.target = "/api/v1/mappings";
                q.header(AccessHeaders.API_KEY, Role.ADMIN.key);
                q.mustContain = "public-security";
            }
        }
        q.header("Accept", "application/json");
        return q;
    }

    private static void validPurpose(Req q, Role role, String matter) {
        q.header(AccessHeaders.API_KEY, role.key).header(AccessHeaders.OPERATOR, DemoClients.OPERATOR)
                .header(AccessHeaders.MATTER, matter).header(AccessHeaders.CASE, DemoClients.CASE);
    }

    // --- credentials and purpose

    /** The client: mostly the right key for the role, otherwise one of many wrong ones. */
    private void credentials(Req q, Random r, Role role) {
        if (r.nextDouble() < 0.78) {
            q.header(AccessHeaders.API_KEY, role.key);
            return;
        }
        int v = r.nextInt(13);
        boolean refused = true;
        switch (v) {
            case 0 -> q.why.add("no key");
            case 1 -> q.header(AccessHeaders.API_KEY, "");
            case 2 -> q.header(AccessHeaders.API_KEY, randomToken(r, 1 + r.nextInt(80)));
            case 3 -> q.header(AccessHeaders.API_KEY, latin1(pick(r, INJECTIONS)));
            case 4 -> {
                q.header(AccessHeaders.API_KEY, huge(r, role.key));
                q.mayBeCut = true;
            }
            case 5 -> q.header(AccessHeaders.API_KEY, role.key.toUpperCase(Locale.ROOT));
            case 6 -> q.header(AccessHeaders.API_KEY, r.nextBoolean() ? role.key + "x" : role.key.substring(0, role.key.length() - 1));
            case 7 -> q.header(AccessHeaders.API_KEY, otherRole(r, role).key);
            case 8 -> q.header("Authorization", "Bearer " + randomToken(r, 10 + r.nextInt(300)));
            case 9 -> q.header("Authorization", DemoClients.operatorBasic());
            case 10 -> q.header(AccessHeaders.API_KEY, latin1(role.key + "é"));
            case 11 -> q.header("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJjbGllbnRfaWQiOiJiYWNrb2ZmaWNlLWRlbW8ifQ.");
            default -> {
                // The right key plus something that is not a credential: the hub may go either way.
                q.header(AccessHeaders.API_KEY, role.key);
                q.header(r.nextBoolean() ? "Authorization" : "X-Api-Key-2", "Bearer " + randomToken(r, 20));
                refused = false;
                q.worse(Expect.ANY, "key plus junk credential");
            }
        }
        if (refused) {
            q.credentialsOk = false;
            q.worse(Expect.REFUSE, "credentials " + v);
        }
    }

    private static Role otherRole(Random r, Role role) {
        List<Role> others = new ArrayList<>(List.of(Role.values()));
        others.remove(role);
        return others.get(r.nextInt(others.size()));
    }

    /**
     * Operator, matter and case headers: mostly valid, otherwise one of them missing or
     * malformed. A broken purpose refuses a purpose-bound request; elsewhere it is noise.
     */
    private void purpose(Req q, Random r, boolean bound, String matter) {
        String[] names = {AccessHeaders.OPERATOR, AccessHeaders.MATTER, AccessHeaders.CASE};
        String[] values = {DemoClients.OPERATOR, matter, DemoClients.CASE};
        String broken = null;
        if (r.nextDouble() >= 0.75) {
            int which = r.nextInt(3);
            String v = switch (r.nextInt(14)) {
                case 0 -> null;
                case 1 -> "";
                case 2 -> "   ";
                case 3 -> latin1(pick(r, INJECTIONS));
                case 4 -> {
                    q.mayBeCut = true;
                    yield huge(r, values[which]);
                }
                case 5 -> values[which].charAt(0) + "x".repeat(64 + r.nextInt(200));
                case 6 -> latin1(fullWidth(values[which]));
                case 7 -> values[which] + new String(pick(r, INVALID_UTF8), StandardCharsets.ISO_8859_1);
                case 8 -> values[which].substring(0, 2) + pick(r, CONTROL_CHARS) + values[which].substring(2);
                case 9 -> values[which].toLowerCase(Locale.ROOT) + "-";
                case 10 -> "XX99999999";
                case 11 -> values[which] + "\t" + "x";
                case 12 -> latin1("企业开办一件事");
                default -> "-" + values[which];
            };
            if (!validPurposeValue(which, v)) {
                broken = names[which] + "=" + (v == null ? "missing" : "bad");
            }
            values[which] = v;
        }
        for (int i = 0; i < 3; i++) {
            if (values[i] != null) {
                q.header(names[i], values[i]);
            }
        }
        if (broken != null) {
            if (bound) {
                q.worse(Expect.REFUSE, "purpose " + broken);
            } else {
                q.worse(Expect.ANY, "purpose noise");
            }
        }
    }

    /** Whether the hub must accept this header value: as the server sees it (cut at a line break, trimmed). */
    private static boolean validPurposeValue(int which, String v) {
        if (v == null) {
            return false;
        }
        int cut = v.length();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || (c < 0x20 && c != '\t') || c == 0x7F) {
                // Tomcat rejects the request or drops the line; either way the value is not accepted as sent.
                return false;
            }
        }
        String s = v.substring(0, cut).strip();
        return switch (which) {
            case 0 -> AccessHeaders.OPERATOR_ID.matcher(s).matches();
            case 1 -> AccessHeaders.MATTER_CODE.matcher(s).matches() && List.of(MATTERS).contains(s);
            default -> AccessHeaders.CASE_NUMBER.matcher(s).matches();
        };
    }

    // --- keys

    private Key personKey(Random r) {
        Target t = pick(r, persons);
        String id = t.key();
        int v = r.nextInt(24);
        return switch (v) {
            case 0, 1 -> new Key(id, Expect.OK, t.owner(), "valid");
            case 2 -> new Key(id.substring(0, 17) + otherThan(r, id.charAt(17), "0123456789X"), Expect.REFUSE, null, "check character");
            case 3 -> new Key(id.substring(0, 17), Expect.REFUSE, null, "17 characters");
            case 4 -> new Key(id + r.nextInt(10), Expect.REFUSE, null, "19 characters");
            case 5 -> new Key(id.substring(0, 16), Expect.REFUSE, null, "16 characters");
            case 6 -> new Key(digits(r, 20 + r.nextInt(30)), Expect.REFUSE, null, "long");
            case 7 -> {
                int pos = r.nextInt(17);
                yield new Key(id.substring(0, pos) + (char) ('A' + r.nextInt(23)) + id.substring(pos + 1), Expect.REFUSE, null, "letter");
            }
            case 8 -> new Key(fullWidth(id), Expect.ANY, t.owner(), "full-width");
            case 9 -> new Key(separated(r, id.toLowerCase(Locale.ROOT)), Expect.ANY, t.owner(), "separators");
            case 10 -> new Key(id.substring(0, 6) + id.substring(8, 17), Expect.ANY, t.owner(), "old 15-digit form");
            case 11 -> unknownPersonKey(r);
            case 12 -> {
                String body = id.substring(0, 10) + (r.nextBoolean() ? "13" : "00") + id.substring(12, 17);
                yield new Key(body + CitizenId.checkCharacter(body), Expect.REFUSE, null, "birth date");
            }
            case 13 -> new Key("", Expect.REFUSE, null, "empty");
            case 14 -> new Key(digits(r, 10_000 + r.nextInt(90_000)), Expect.REFUSE, null, "huge");
            case 15 -> new Key(pick(r, INJECTIONS), Expect.REFUSE, null, "injection");
            case 16 -> new Key(id + pick(r, APPENDABLE), Expect.REFUSE, null, "injection appended");
            case 17 -> new Key(pick(r, enterprises).key(), Expect.NO_SUBJECT, null, "a USCC");
            case 18 -> new Key(otherScriptDigits(id), Expect.REFUSE, null, "Arabic-Indic digits");
            case 19 -> new Key(" ", Expect.REFUSE, null, "blank");
            case 20 -> new Key(digits(r, 15), Expect.NO_SUBJECT, null, "random 15 digits");
            case 21 -> new Key(id.substring(0, 6) + "😀" + id.substring(7), Expect.REFUSE, null, "emoji");
            case 22 -> new Key(randomToken(r, 18), Expect.REFUSE, null, "18 random characters");
            default -> new Key(id.substring(0, 17) + "x" + id.substring(17), Expect.REFUSE, null, "check character doubled");
        };
    }

    private Key unknownPersonKey(Random r) {
        for (int attempt = 0; attempt < 100; attempt++) {
            String body = String.format(Locale.ROOT, "%06d%04d%02d%02d%03d", 110101 + r.nextInt(500), 1940 + r.nextInt(80),
                    1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(1000));
            String id = body + CitizenId.checkCharacter(body);
            if (!knownPersonIds.contains(id)) {
                return new Key(id, Expect.NO_SUBJECT, null, "unknown person");
            }
        }
        throw new IllegalStateException("no unknown citizen ID in 100 attempts");
    }

    private Key enterpriseKey(Random r) {
        Target t = pick(r, enterprises);
        String u = t.key();
        TruthEnterprise e = t.enterprise();
        int v = r.nextInt(22);
        return switch (v) {
            case 0, 1 -> new Key(u, Expect.OK, t.owner(), "valid");
            case 2 -> new Key(u.substring(0, 17) + otherThan(r, u.charAt(17), "0123456789ABCDEFGHJKLMNPQRTUWXY"), Expect.REFUSE, null,
                    "check character");
            case 3 -> new Key(u.substring(0, 17), Expect.REFUSE, null, "17 characters");
            case 4 -> new Key(u + "1", Expect.REFUSE, null, "19 characters");
            case 5 -> new Key(u.substring(0, 16), Expect.REFUSE, null, "16 characters");
            case 6 -> {
                int pos = 2 + r.nextInt(15);
                yield new Key(u.substring(0, pos) + "IOSVZ".charAt(r.nextInt(5)) + u.substring(pos + 1), Expect.REFUSE, null, "letter outside the alphabet");
            }
            case 7 -> new Key(fullWidth(u.toLowerCase(Locale.ROOT)), Expect.ANY, t.owner(), "full-width");
            case 8 -> new Key(separated(r, u), Expect.ANY, t.owner(), "separators");
            case 9 -> new Key(e.regNo(), Expect.ANY, t.owner(), "registration number");
            case 10 -> new Key(e.orgCode().substring(0, 8) + "-" + e.orgCode().substring(8), Expect.ANY, t.owner(), "organisation code");
            case 11 -> unknownUscc(r);
            case 12 -> new Key("", Expect.REFUSE, null, "empty");
            case 13 -> new Key(randomToken(r, 10_000 + r.nextInt(90_000)), Expect.REFUSE, null, "huge");
            case 14 -> new Key(pick(r, INJECTIONS), Expect.REFUSE, null, "injection");
            case 15 -> new Key(u + pick(r, APPENDABLE), Expect.REFUSE, null, "injection appended");
            case 16 -> new Key(pick(r, persons).key(), Expect.NO_SUBJECT, null, "a citizen ID");
            case 17 -> new Key(digits(r, 15), Expect.NO_SUBJECT, null, "random 15 digits");
            case 18 -> new Key(randomToken(r, 9), Expect.NO_SUBJECT, null, "9 random characters");
            case 19 -> new Key(randomToken(r, 20), Expect.NO_SUBJECT, null, "20 random characters");
            case 20 -> new Key(u.substring(0, 4) + "\u0130" + u.substring(5), Expect.REFUSE, null, "dotted capital I");
            default -> new Key(otherScriptDigits(u), Expect.REFUSE, null, "Arabic-Indic digits");
        };
    }

    private Key unknownUscc(Random r) {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        for (int attempt = 0; attempt < 100; attempt++) {
            StringBuilder b = new StringBuilder("91").append(String.format(Locale.ROOT, "%06d", 110000 + r.nextInt(500)));
            while (b.length() < 17) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String u = b.toString() + Uscc.checkCharacter(b.toString());
            if (!knownUsccs.contains(u)) {
                return new Key(u, Expect.NO_SUBJECT, null, "unknown USCC");
            }
        }
        throw new IllegalStateException("no unknown USCC in 100 attempts");
    }

    /** A key goes into a path segment: percent-encoded, except a few literal traversal and separator forms. */
    private static String segment(Req q, Random r, String key) {
        if (r.nextDouble() < 0.04) {
            String[] literal = {"../../etc/passwd", "..;/..;/actuator/env", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", key + ";jsessionid=0",
                    key + "/", "/" + key, key + "%2F..", key + "%5C..", key + "%00", key + "%25", key + "?x=%ZZ"};
            String s = literal[r.nextInt(literal.length)];
            q.apiPath = false;
            q.worse(Expect.ANY, "literal path");
            return s.replace(" ", "%20");
        }
        return enc(key);
    }

    private void keyExpect(Req q, Key k, Predicate<JsonNode> noSubjectData) {
        q.worse(k.expect(), "key " + k.variant());
        if (k.owner() != null) {
            q.owners = Set.of(k.owner());
        }
        q.noSubjectData = noSubjectData;
        if (k.text().length() > 6000) {
            q.mayBeCut = true;
        }
    }

    // --- endpoints

    private void person(Req q, Random r) {
        q.gen = "person";
        q.subjectEndpoint = true;
        Key k = personKey(r);
        q.target = "/api/v1/persons/" + segment(q, r, k.text());
        keyExpect(q, k, MalformedRequestFuzzIT::noProfileValues);
        fields(q, r, new String[]{"name", "maritalStatus", "insurances", "householdAddress"});
        credentialsAndPurpose(q, r, Role.DATA, true, DemoClients.MATTER);
    }

    private void enterprise(Req q, Random r) {
        q.gen = "enterprise";
        q.subjectEndpoint = true;
        Key k = enterpriseKey(r);
        q.target = "/api/v1/enterprises/" + segment(q, r, k.text());
        keyExpect(q, k, MalformedRequestFuzzIT::noProfileValues);
        fields(q, r, new String[]{"name", "legalRepresentative", "address"});
        credentialsAndPurpose(q, r, Role.DATA, true, DemoClients.MATTER);
    }

    private void credentialsAndPurpose(Req q, Random r, Role role, boolean bound, String matter) {
        if (role == Role.DATA && r.nextDouble() < 0.01) {
            // The restricted client for a matter it may not act for (or its 5/s limit).
            q.header(AccessHeaders.API_KEY, DemoClients.RESTRICTED_KEY).header(AccessHeaders.OPERATOR, DemoClients.OPERATOR)
                    .header(AccessHeaders.MATTER, "GG00201002").header(AccessHeaders.CASE, DemoClients.CASE);
            q.worse(bound ? Expect.REFUSE : Expect.ANY, "restricted client, other matter");
            return;
        }
        credentials(q, r, role);
        purpose(q, r, bound, matter);
    }

    /** The optional fields parameter: valid names, unknown names, injections, huge, empty. */
    private static void fields(Req q, Random r, String[] valid) {
        if (r.nextDouble() > 0.25) {
            return;
        }
        switch (r.nextInt(7)) {
            case 0 -> q.query("fields", valid[r.nextInt(valid.length)]);
            case 1 -> q.query("fields", valid[0] + "," + valid[1]);
            case 2 -> {
                q.query("fields", enc(pick(r, INJECTIONS)));
                q.worse(Expect.ANY, "fields injection");
            }
            case 3 -> {
                q.query("fields", "nmae");
                q.worse(Expect.REFUSE, "unknown field");
            }
            case 4 -> {
                q.query("fields", "x".repeat(10_000 + r.nextInt(50_000)));
                q.mayBeCut = true;
                q.worse(Expect.REFUSE, "huge field");
            }
            case 5 -> {
                q.query("fields", "");
                q.worse(Expect.ANY, "empty fields");
            }
            default -> {
                q.query("fields", valid[0]);
                q.query("fields", "citizenId%00");
                q.worse(Expect.REFUSE, "field with NUL");
            }
        }
    }

    private void verification(Req q, Random r) {
        q.gen = "verification";
        q.subjectEndpoint = true;
        q.method = "POST";
        q.target = "/api/v1/verifications";
        boolean personSubject = r.nextBoolean();
        Key k = personSubject ? personKey(r) : enterpriseKey(r);
        keyExpect(q, k, MalformedRequestFuzzIT::noVerifiedValues);
        String claimName = k.owner() != null ? ownerName(k.owner()) : "张三";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subjectType", personSubject ? "person" : "enterprise");
        body.put("subject", k.text());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("name", claimName);
        body.put("claims", claims);
        String deep = null;
        switch (r.nextInt(18)) {
            case 0 -> {
                body.put("subjectType", pick(r, new String[]{"PERSON", "", "persons", "organisation", "' OR 1=1--", "null"}));
                q.worse(Expect.REFUSE, "subjectType");
            }
            case 1 -> {
                body.put("subjectType", pick(r, new Object[]{1, List.of("person"), Map.of("type", "person"), true, null}));
                q.worse(Expect.REFUSE, "subjectType type");
            }
            case 2 -> {
                body.put("subject", pick(r, new Object[]{List.of(k.text()), Map.of("id", k.text()), true, 1.5e300, null, List.of()}));
                q.worse(Expect.REFUSE, "subject type");
            }
            case 3 -> {
                body.put("claims", pick(r, new Object[]{List.of(), "name", 1, true, null, List.of(Map.of("name", claimName))}));
                q.worse(Expect.REFUSE, "claims type");
            }
            case 4 -> {
                body.put("claims", Map.of());
                q.worse(Expect.REFUSE, "claims empty");
            }
            case 5 -> {
                claims.clear();
                claims.put(pick(r, new String[]{"nmae", "' OR 1=1--", "", "__proto__", "constructor", "fields.name", "name\u0000"}), "x");
                q.worse(Expect.REFUSE, "unknown claim");
            }
            case 6 -> {
                claims.put("name", pick(r, new Object[]{123, List.of("a", "b"), Map.of("a", 1), true, 1e308, -0.0, ""}));
                q.worse(Expect.ANY, "claim type");
            }
            case 7 -> {
                if (personSubject) {
                    claims.put("birthDate", pick(r, new String[]{"2024-13-45", "yesterday", "1999/02/30", "0000-00-00", "' OR 1=1--"}));
                    q.worse(Expect.REFUSE, "claim no date");
                }
            }
            case 8 -> {
                body.put(pick(r, new String[]{"extra", "fields", "$where", "__proto__"}), pick(r, new Object[]{1, "x", List.of(), Map.of()}));
                q.worse(Expect.ANY, "extra property");
            }
            case 9 -> {
                claims.put("name", "名".repeat(3_000 + r.nextInt(15_000)));
                q.worse(Expect.ANY, "huge claim");
            }
            case 10 -> {
                claims.put("name", "x".repeat(66_000 + r.nextInt(40_000)));
                q.mayBeCut = true;
                q.worse(Expect.REFUSE, "body over 64 KiB");
            }
            case 11 -> {
                // With the body and claims objects around it, 999 levels pass Jackson's limit of 1000.
                int depth = pick(r, new Integer[]{50, 500, 997, 999, 1000, 5000, 20_000});
                deep = "[".repeat(depth) + "]".repeat(depth);
                claims.put("name", "@@DEEP@@");
                q.worse(depth < 999 ? Expect.ANY : Expect.REFUSE, "nested " + depth);
            }
            case 12 -> {
                claims.put("name", pick(r, INJECTIONS));
                q.worse(Expect.ANY, "injection claim");
            }
            case 13 -> {
                claims.put("maritalStatus", "20");
                if (!personSubject) {
                    q.worse(Expect.REFUSE, "person field on an enterprise");
                }
            }
            default -> {
                // as generated
            }
        }
        String text = writeJson(body);
        if (deep != null) {
            text = text.replace("\"@@DEEP@@\"", deep);
        }
        q.body = jsonMutation(q, r, text);
        contentType(q, r);
        credentialsAndPurpose(q, r, Role.DATA, true, DemoClients.MATTER);
    }

    /**
     * Pre-checks store their answer and may open unresolved cases, so every subject here is
     * malformed: a fuzz must not leave state behind that other tests count.
     */
    private void precheck(Req q, Random r) {
        q.gen = "precheck";
        q.method = "POST";
        String matter = pick(r, MATTERS);
        boolean personMatter = !ENTERPRISE_MATTER.equals(matter);
        Key k = new Key("x", Expect.REFUSE, null, "x");
        for (int attempt = 0; attempt < 100; attempt++) {
            Key candidate = personMatter ? personKey(r) : enterpriseKey(r);
            if (candidate.expect() == Expect.REFUSE) {
                k = candidate;
                break;
            }
        }
        keyExpect(q, k, b -> true);
        String pathMatter = matter;
        String headerMatter = matter;
        switch (r.nextInt(8)) {
            case 0 -> {
                pathMatter = enc(pick(r, INJECTIONS));
                q.worse(Expect.REFUSE, "matter in path");
            }
            case 1 -> {
                headerMatter = pick(r, MATTERS);
                if (!headerMatter.equals(matter)) {
                    q.worse(Expect.REFUSE, "matter mismatch");
                }
            }
            case 2 -> pathMatter = enc("企业开办一件事");
            default -> {
                // the matter in both
            }
        }
        q.target = "/api/v1/matters/" + pathMatter + "/prechecks";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", k.text());
        body.put("caseNumber", DemoClients.CASE);
        switch (r.nextInt(6)) {
            case 0 -> body.put("caseNumber", pick(r, new Object[]{"TB-2026-999999", "", 1, List.of(), "x".repeat(500), null}));
            case 1 -> body.put("applicantType", pick(r, new Object[]{"nobody", "' OR 1=1--", 7, Map.of(), "self"}));
            case 2 -> body.put("subject", pick(r, new Object[]{List.of(k.text()), Map.of(), false, 0}));
            default -> {
                // as generated
            }
        }
        q.body = jsonMutation(q, r, writeJson(body));
        contentType(q, r);
        credentialsAndPurpose(q, r, Role.DATA, true, headerMatter);
    }

    private void prefill(Req q, Random r) {
        q.gen = "prefill";
        q.subjectEndpoint = true;
        boolean personMatter = r.nextBoolean();
        String matter = personMatter ? pick(r, PERSON_MATTERS) : ENTERPRISE_MATTER;
        Key k;
        if (r.nextInt(8) == 0) {
            // A key of the other subject type: no applicant of this matter.
            k = personMatter ? new Key(pick(r, enterprises).key(), Expect.NO_SUBJECT, null, "a USCC")
                    : new Key(pick(r, persons).key(), Expect.NO_SUBJECT, null, "a citizen ID");
        } else {
            k = personMatter ? personKey(r) : enterpriseKey(r);
            for (int attempt = 0; attempt < 100 && (k.variant().equals("a USCC") || k.variant().equals("a citizen ID")); attempt++) {
                // Those are the other subject type's keys, generated above with their own verdict.
                k = personMatter ? personKey(r) : enterpriseKey(r);
            }
        }
        q.target = "/api/v1/matters/" + matter + "/prefill";
        switch (r.nextInt(10)) {
            case 0 -> q.worse(Expect.REFUSE, "no subject");
            case 1 -> {
                q.query("subject", "");
                q.worse(Expect.REFUSE, "empty subject");
            }
            case 2 -> {
                q.query("subject", enc(k.text()));
                q.query("subject", enc(pick(r, INJECTIONS)));
                keyExpect(q, k, MalformedRequestFuzzIT::noPrefilledValues);
                q.worse(Expect.ANY, "two subjects");
            }
            default -> {
                q.query("subject", enc(k.text()));
                keyExpect(q, k, MalformedRequestFuzzIT::noPrefilledValues);
                if (!personMatter && k.owner() != null && (k.variant().equals("registration number") || k.variant().equals("organisation code"))) {
                    q.worse(Expect.ANY, "alias as applicant");
                }
            }
        }
        if (q.target.length() > 8000) {
            q.mayBeCut = true;
        }
        credentialsAndPurpose(q, r, Role.DATA, true, matter);
    }

    private void matters(Req q, Random r) {
        q.gen = "matters";
        q.target = "/api/v1/matters";
        if (r.nextBoolean()) {
            String v = switch (r.nextInt(5)) {
                case 0 -> enc(pick(r, INJECTIONS));
                case 1 -> enc("社保");
                case 2 -> "x".repeat(10_000 + r.nextInt(50_000));
                case 3 -> "";
                default -> enc(randomToken(r, 1 + r.nextInt(40)));
            };
            q.query("q", v);
            q.mayBeCut = v.length() > 6000;
        }
        q.worse(Expect.ANY, "catalogue search");
        credentialsAndPurpose(q, r, Role.DATA, false, DemoClients.MATTER);
    }

    private void matter(Req q, Random r) {
        q.gen = "matter";
        int v = r.nextInt(6);
        String code = switch (v) {
            case 0 -> pick(r, MATTERS);
            case 1 -> enc("企业开办一件事");
            case 2 -> pick(r, MATTERS).toLowerCase(Locale.ROOT);
            case 3 -> "XX" + digits(r, 8);
            case 4 -> enc(pick(r, INJECTIONS));
            default -> "x".repeat(10_000 + r.nextInt(60_000));
        };
        q.target = "/api/v1/matters/" + code;
        q.worse(v <= 2 ? Expect.ANY : Expect.REFUSE, "matter " + v);
        q.mayBeCut = code.length() > 6000;
        credentialsAndPurpose(q, r, Role.DATA, false, DemoClients.MATTER);
    }

    private void storedPrecheck(Req q, Random r) {
        q.gen = "stored-precheck";
        String matter = pick(r, MATTERS);
        String id = r.nextBoolean() ? java.util.UUID.randomUUID().toString().replace('-', r.nextBoolean() ? '-' : '_')
                : enc(pick(r, INJECTIONS));
        q.target = "/api/v1/matters/" + matter + "/prechecks/" + (id.isEmpty() ? "x" : id) + (r.nextBoolean() ? "/notice" : "");
        q.worse(Expect.REFUSE, "no such pre-check");
        credentialsAndPurpose(q, r, Role.DATA, true, matter);
    }

    private void evidence(Req q, Random r) {
        q.gen = "evidence";
        String id = switch (r.nextInt(5)) {
            case 0 -> new java.util.UUID(r.nextLong(), r.nextLong()).toString();
            case 1 -> "00000000-0000-0000-0000-000000000000";
            case 2 -> "1-1-1-1-1";
            case 3 -> "x".repeat(10_000 + r.nextInt(60_000));
            default -> enc(pick(r, INJECTIONS));
        };
        q.target = "/api/v1/evidence/" + (id.isEmpty() ? "%20" : id);
        q.mayBeCut = id.length() > 6000;
        q.worse(Expect.REFUSE, "no such evidence");
        credentialsAndPurpose(q, r, Role.DATA, true, DemoClients.MATTER);
    }

    private void unresolvedList(Req q, Random r) {
        q.gen = "unresolved-list";
        q.target = "/api/v1/unresolved";
        q.worse(Expect.ANY, "list");
        int params = r.nextInt(4);
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < params; i++) {
            int which = r.nextInt(8);
            if (!used.add(which)) {
                // A parameter given twice: Spring takes the first value, which makes the verdict ambiguous.
                continue;
            }
            switch (which) {
                case 0 -> {
                    boolean valid = r.nextBoolean();
                    q.query("status", valid ? pick(r, new String[]{"open", "responding", "closed", "cancelled"}) : enc(pick(r, INJECTIONS) + "x"));
                    if (!valid) {
                        q.worse(Expect.REFUSE, "status");
                    }
                }
                case 1 -> {
                    boolean valid = r.nextBoolean();
                    q.query("tag", valid ? "data_missing" : enc("x" + pick(r, INJECTIONS)));
                    if (!valid) {
                        q.worse(Expect.REFUSE, "tag");
                    }
                }
                case 2 -> q.query("department", enc(pick(r, INJECTIONS)));
                case 3 -> q.query("matter", enc(pick(r, INJECTIONS)));
                case 4 -> {
                    String[] bad = {"0", "-1", "abc", "1.5", "99999999999", "", "1e3", "' OR 1=1--", "201", "100000"};
                    String v = bad[r.nextInt(bad.length)];
                    q.query("limit", enc(v));
                    if (!v.isEmpty()) {
                        q.worse(Expect.REFUSE, "limit");
                    }
                }
                case 5 -> {
                    String[] bad = {"-1", "abc", "1.5", "99999999999", "-2147483648"};
                    q.query("offset", enc(bad[r.nextInt(bad.length)]));
                    q.worse(Expect.REFUSE, "offset");
                }
                case 6 -> {
                    String v = pick(r, new String[]{"maybe", "2", "' OR 1=1--", "truee", "yes", "true", "1"});
                    q.query("overdue", enc(v));
                    if (!List.of("yes", "true", "1").contains(v)) {
                        q.worse(Expect.REFUSE, "overdue");
                    }
                }
                default -> q.query(enc(randomName(r)), enc(pick(r, INJECTIONS)));
            }
        }
        credentialsAndPurpose(q, r, Role.DATA, true, DemoClients.MATTER);
    }

    private void unresolvedOne(Req q, Random r) {
        q.gen = "unresolved-one";
        String id = switch (r.nextInt(7)) {
            case 0 -> Integer.toString(1 + r.nextInt(20));
            case 1 -> "report";
            case 2 -> Long.toString(1_000_000_000_000L + (r.nextLong() & 0xFFFFFFFFFFL));
            case 3 -> pick(r, new String[]{"0", "-1", "99999999999999999999", "1.0", "0x10", "1e3", "%20"});
            case 4 -> "x".repeat(10_000 + r.nextInt(60_000));
            default -> enc(pick(r, INJECTIONS));
        };
        q.target = "/api/v1/unresolved/" + (id.isEmpty() ? "%20" : id);
        q.mayBeCut = id.length() > 6000;
        if (id.equals("report") || names(percentDecode(id))) {
            q.worse(Expect.ANY, "a case that may exist");
        } else {
            q.worse(Expect.REFUSE, "no such case");
        }
        credentialsAndPurpose(q, r, Role.DATA, !id.equals("report"), DemoClients.MATTER);
    }

    /** Whether the hub reads this id as a case number (a positive long, as UnresolvedCases does). */
    private static boolean names(String id) {
        try {
            return Long.parseLong(id) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Every PATCH is refused: cases that may exist (small ids) only get bodies with an invalid
     * status, which the hub rejects before it writes; any body goes to ids no case has.
     */
    private void unresolvedPatch(Req q, Random r) {
        q.gen = "unresolved-patch";
        q.method = "PATCH";
        boolean mayExist = r.nextInt(3) == 0;
        String id = mayExist ? Integer.toString(1 + r.nextInt(20)) : switch (r.nextInt(4)) {
            case 0 -> Long.toString(1_000_000_000_000L + (r.nextLong() & 0xFFFFFFFFFFL));
            case 1 -> "0";
            case 2 -> {
                // Not one the hub reads as a case number (such as "１２３"): that case may exist.
                String x = pick(r, INJECTIONS);
                yield enc(names(x) ? "x" + x : x);
            }
            default -> "-" + (1 + r.nextInt(9));
        };
        q.target = "/api/v1/unresolved/" + (id.isEmpty() ? "%20" : id);
        Map<String, Object> body = new LinkedHashMap<>();
        Object badStatus = pick(r, new Object[]{"reopened", "CLOSED ", "' OR 1=1--", "", 1, List.of("closed"), Map.of("s", 1), true,
                "closed\u0000", "x".repeat(3000)});
        body.put("status", badStatus);
        if (r.nextBoolean()) {
            body.put("note", pick(r, new Object[]{pick(r, INJECTIONS), "n".repeat(5000), "a\u0001b", 5, List.of()}));
        }
        if (r.nextBoolean()) {
            body.put("assignee", pick(r, new Object[]{pick(r, INJECTIONS), "", 7}));
        }
        if (!mayExist && r.nextBoolean()) {
            body.remove("status");
        }
        if (!mayExist && r.nextInt(4) == 0) {
            body.clear();
        }
        q.worse(Expect.REFUSE, mayExist ? "invalid status" : "no such case");
        byte[] bytes = jsonMutation(q, r, writeJson(body));
        q.body = bytes;
        contentType(q, r);
        credentialsAndPurpose(q, r, Role.DATA, true, DemoClients.MATTER);
    }

    /**
     * The auditor's endpoints: a refusal of a wrong client is certain; a subject key the hub
     * cannot read is AUDIT_SUBJECT_INVALID, but a USCC with a bad check character or an unknown
     * key is a valid question with an empty answer, so any other answer but a 5xx is right.
     * Verifications are mostly of a short range: the full chain grows with every fuzz request.
     */
    private void audit(Req q, Random r) {
        q.gen = "audit";
        if (r.nextBoolean()) {
            Key k = r.nextBoolean() ? personKey(r) : enterpriseKey(r);
            q.target = "/api/v1/audit/subjects/" + segment(q, r, k.text());
            q.mayBeCut = k.text().length() > 6000;
            if (k.owner() != null) {
                q.owners = Set.of(k.owner());
            }
            if (r.nextInt(4) == 0) {
                q.query(r.nextBoolean() ? "limit" : "before", enc(pick(r, new String[]{"0", "-1", "1001", "abc", "1.5", "99999999999999999999",
                        "' OR 1=1--", "", "1"})));
            }
        } else {
            q.target = "/api/v1/audit/verify";
            int v = r.nextInt(20);
            if (v < 13) {
                long from = 1 + r.nextInt(200);
                q.query("from", Long.toString(from));
                q.query("to", Long.toString(from + r.nextInt(50)));
            } else if (v < 19) {
                String[] bad = {"0", "-1", "abc", "1.5", "99999999999999999999", "9223372036854775807", "' OR 1=1--", "", "%00"};
                q.query(pick(r, new String[]{"from", "to", "archives"}), bad[r.nextInt(bad.length)].equals("%00") ? "%00" : enc(pick(r, bad)));
                if (r.nextBoolean()) {
                    q.query("from", "50");
                    q.query("to", "10");
                }
            }
        }
        q.worse(Expect.ANY, "audit");
        credentialsAndPurpose(q, r, Role.AUDITOR, false, DemoClients.MATTER);
    }

    private void mappingRecords(Req q, Random r) {
        q.gen = "mapping-records";
        q.subjectEndpoint = true;
        int v = r.nextInt(10);
        String mapping;
        Key k;
        if (v < 6) {
            mapping = pick(r, PERSON_MAPPINGS);
            k = personKey(r);
        } else if (v < 8) {
            mapping = ENTERPRISE_MAPPINGS[0];
            k = enterpriseKey(r);
        } else if (v == 8) {
            mapping = "market-regulation";
            k = enterpriseKey(r);
            q.worse(Expect.REFUSE, "push-only silo");
        } else {
            mapping = enc(pick(r, new String[]{"public_security", "PUBLIC-SECURITY", "x", "../public-security", "' OR 1=1--", ""}));
            k = personKey(r);
            q.worse(Expect.REFUSE, "unknown mapping");
        }
        q.target = "/api/v1/mappings/" + (mapping.isEmpty() ? "%20" : mapping) + "/records/" + segment(q, r, k.text());
        keyExpect(q, k, b -> b.path("records").isEmpty());
        if (k.owner() != null && !"valid".equals(k.variant())) {
            // The diagnostic wants the canonical key (strict USCC, citizen ID): an alias may be refused.
            q.worse(Expect.ANY, "alias");
        }
        credentialsAndPurpose(q, r, Role.ADMIN, false, DemoClients.MATTER);
    }

    private void dryRun(Req q, Random r) {
        q.gen = "dry-run";
        q.method = "POST";
        boolean known = r.nextInt(6) != 0;
        String mapping = known ? pick(r, new String[]{"public-security", "civil-affairs", "market-regulation", "social-insurance.person",
                "social-insurance.unit", "social-insurance.insurance"}) : enc(pick(r, new String[]{"nope", "' OR 1=1--", "..", "x".repeat(300)}));
        q.target = "/api/v1/mappings/" + mapping + "/dry-run";
        q.worse(known ? Expect.ANY : Expect.REFUSE, known ? "dry run" : "unknown mapping");
        String file = xxeFile.toUri().toString();
        String canary = "http://127.0.0.1:" + canaryPort + "/x";
        String[] xml = {
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + file + "\">]><record><GMSFHM>&x;</GMSFHM><XM>&x;</XM></record>",
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM \"" + canary + "\"> %p;]><record/>",
                "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"" + canary + "\"><record><XM>a</XM></record>",
                "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                        + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                        + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                        + "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                        + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">]><record><XM>&lol6;</XM></record>",
                "<record xmlns:xi=\"http://www.w3.org/2001/XInclude\"><XM><xi:include href=\"" + file + "\" parse=\"text\"/></XM></record>",
                "<?xml-stylesheet type=\"text/xsl\" href=\"" + canary + "\"?><record><XM>a</XM></record>",
                "<record><XM><![CDATA[" + pick(r, INJECTIONS) + "]]></XM><GMSFHM>" + pick(r, persons).key() + "1</GMSFHM></record>",
                "<record>" + "<a>".repeat(5000) + "</a>".repeat(5000) + "</record>",
                "<record><XM>unclosed",
                "<?xml version=\"1.0\" encoding=\"UTF-7\"?><record>+ADw-script+AD4-</record>"};
        byte[] body;
        String type;
        switch (r.nextInt(8)) {
            case 0, 1, 2 -> {
                body = utf8Bytes(xml[r.nextInt(xml.length)]);
                type = pick(r, new String[]{"application/xml", "text/xml", "text/plain"});
            }
            case 3 -> {
                // A dry run answers malformed input with an error outcome: the mutation's verdict does not apply.
                body = jsonMutation(new Req(-1), r, "{\"" + pick(r, new String[]{"GMSFHM", "uscc", "id", "AAB001"}) + "\":\""
                        + jsonEscape(pick(r, INJECTIONS)) + "\",\"version\":" + pick(r, new String[]{"1", "-1", "1e309", "-1e309", "1e-400",
                        "123456789012345678901234567890", "\"x\"", "null", "[]"}) + ",\"changed-at\":" + pick(r, new String[]{"\"2026-13-45\"",
                        "1e309", "\"' OR 1=1--\"", "0"}) + "}");
                q.worse(Expect.ANY, null);
                type = "application/json";
            }
            case 4 -> {
                body = new byte[1 + r.nextInt(4096)];
                r.nextBytes(body);
                type = "application/octet-stream";
            }
            case 5 -> {
                body = utf8Bytes("[" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3000) + "]");
                type = "application/json";
            }
            case 6 -> {
                body = new byte[66_000 + r.nextInt(40_000)];
                java.util.Arrays.fill(body, (byte) 'a');
                type = "text/plain";
                q.mayBeCut = true;
                q.worse(Expect.REFUSE, "body over 64 KiB");
            }
            default -> {
                body = new byte[0];
                type = "application/json";
                q.worse(Expect.REFUSE, "empty body");
            }
        }
        q.body = body;
        if (r.nextInt(8) == 0) {
            type = pick(r, new String[]{"image/png", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "x", "a/b/c"});
            q.worse(Expect.REFUSE, "content type");
        }
        q.header("Content-Type", type);
        credentialsAndPurpose(q, r, Role.ADMIN, false, DemoClients.MATTER);
    }

    private void mappings(Req q, Random r) {
        q.gen = "mappings";
        boolean one = r.nextBoolean();
        String id = pick(r, new String[]{"public-security", "nope", enc("' OR 1=1--"), "x".repeat(300)});
        q.target = one ? "/api/v1/mappings/" + id : "/api/v1/mappings";
        q.worse(!one || id.equals("public-security") ? Expect.ANY : Expect.REFUSE, "mapping");
        credentialsAndPurpose(q, r, Role.ADMIN, false, DemoClients.MATTER);
    }

    /** Never a valid silo with a valid limit: a replay re-reads the social-insurance tables. */
    private void quarantine(Req q, Random r) {
        q.gen = "quarantine";
        if (r.nextInt(5) == 0) {
            q.target = "/api/v1/quarantine";
            q.worse(Expect.ANY, "summary");
        } else {
            q.method = r.nextInt(6) == 0 ? "GET" : "POST";
            q.target = "/api/v1/quarantine/replay";
            boolean siloKnown = r.nextBoolean();
            int s = r.nextInt(3);
            if (s == 0) {
                q.worse(Expect.REFUSE, "no silo");
            } else {
                q.query("silo", siloKnown ? pick(r, REPLAY_SILOS) : enc(pick(r, new String[]{"public-security", "MARKET-REGULATION", "x", "", "' OR 1=1--"})));
                if (!siloKnown) {
                    q.worse(Expect.REFUSE, "unknown silo");
                }
            }
            String[] badLimits = {"0", "-1", "10001", "2147483648", "abc", "1.5", "1e3", "' OR 1=1--", "99999999999999999999", "NaN", "-0"};
            if (siloKnown || r.nextBoolean()) {
                q.query("limit", enc(badLimits[r.nextInt(badLimits.length)]));
                q.worse(Expect.REFUSE, "limit");
            }
            if (r.nextBoolean()) {
                q.query("reason", enc(pick(r, INJECTIONS)));
            }
            if (q.method.equals("GET")) {
                q.worse(Expect.REFUSE, "GET replay");
            }
            if (q.expect != Expect.REFUSE) {
                throw new IllegalStateException("a fuzz replay must not run: " + q.target);
            }
        }
        credentialsAndPurpose(q, r, Role.ADMIN, false, DemoClients.MATTER);
    }

    private void dataQuality(Req q, Random r) {
        q.gen = "data-quality";
        q.target = "/api/v1/data-quality";
        q.worse(Expect.ANY, "counts");
        credentialsAndPurpose(q, r, Role.ADMIN, false, DemoClients.MATTER);
    }

    private void unknownPath(Req q, Random r) {
        q.gen = "unknown-path";
        String[] paths = {"/api/v1/x-" + enc(randomName(r)), "/api/v2/persons/x", "/api/v1/persons", "/api/v1/enterprises/",
                "/api/v1/verifications/x", "/api/v1/persons/x/y", "/api/v1/matters/GG00101001/prechecks/", "/api/",
                "/api/v1/" + "x/".repeat(500), "/api/v1/" + enc(pick(r, INJECTIONS)), "/API/V1/MATTERS", "/api/v1/Persons/x"};
        q.target = paths[r.nextInt(paths.length)];
        if (q.target.startsWith("/API") || q.target.startsWith("/api/v1/Persons")) {
            q.apiPath = false;
        }
        q.worse(Expect.REFUSE, "no such endpoint");
        credentialsAndPurpose(q, r, Role.DATA, false, DemoClients.MATTER);
    }

    // --- mutations that apply to any request

    private static void wrongMethod(Req q, Random r) {
        String m = pick(r, new String[]{"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO", "PROPFIND"});
        if (m.equals(q.method)) {
            return;
        }
        String was = q.method;
        if (q.gen.equals("unresolved-patch") && (m.equals("GET") || m.equals("HEAD"))) {
            // GET /api/v1/unresolved/{id} is an endpoint of its own, and the case may exist.
            return;
        }
        q.method = m;
        if (m.equals("HEAD") && was.equals("GET")) {
            return;
        }
        if (m.equals("OPTIONS")) {
            // Spring answers OPTIONS with the allowed methods, before any purpose or key check: no data either way.
            if (q.credentialsOk) {
                q.expect = Expect.ANY;
            }
            q.why.add("OPTIONS");
            return;
        }
        q.worse(Expect.REFUSE, "method " + m);
        if (m.equals("HEAD")) {
            q.body = null;
        }
    }

    /** Unknown parameters and headers, odd Accept values: never a reason to refuse, never a 5xx. */
    private static void noise(Req q, Random r) {
        switch (r.nextInt(7)) {
            case 0 -> {
                String name = randomName(r);
                q.query(enc(name), enc(pick(r, INJECTIONS)));
            }
            case 1 -> q.header("X-Fuzz-" + r.nextInt(100), latin1(pick(r, INJECTIONS)));
            case 2 -> {
                q.removeHeader("Accept");
                q.header("Accept", pick(r, new String[]{"text/html", "application/xml", "*/*", "x", "", "application/problem+json",
                        "application/json;q=0", "text/*;q=0.1", "image/png", "application/json, text/plain;q=\"x\""}));
            }
            case 3 -> q.header("Cookie", "JSESSIONID=" + randomToken(r, 32) + "; x=" + latin1(pick(r, INJECTIONS)));
            case 4 -> q.header("X-Forwarded-For", pick(r, new String[]{"' OR 1=1--", "127.0.0.1, 10.0.0.1", "999.999.999.999", "::1"}));
            case 5 -> q.header("Range", "bytes=0-1");
            default -> q.header("Accept-Language", pick(r, new String[]{"zh-CN", "xx", "*", "tr-TR", "' OR 1=1--"}));
        }
        q.worse(Expect.ANY, "noise");
    }

    /** The content type of a JSON body: mostly right, otherwise missing, wrong or unparseable. */
    private static void contentType(Req q, Random r) {
        int v = r.nextInt(20);
        if (v < 13) {
            q.header("Content-Type", "application/json");
        } else if (v == 13) {
            q.header("Content-Type", pick(r, new String[]{"application/json; charset=UTF-8", "APPLICATION/JSON", "application/json;charset=utf-8",
                    "application/json; charset=UTF-32"}));
            q.worse(Expect.ANY, "content type variant");
        } else if (v == 14) {
            q.worse(Expect.REFUSE, "no content type");
        } else if (v == 15) {
            // A form body whose escapes do not decode (Spring parses PUT, PATCH and DELETE form bodies itself).
            q.header("Content-Type", "application/x-www-form-urlencoded");
            q.body = utf8Bytes(pick(r, new String[]{"status=%zz&note=%", "a=%s%s%s%n", "%E4%B8=1", "=&&=%", "note=" + "%".repeat(100)}));
            q.worse(Expect.REFUSE, "undecodable form body");
        } else {
            q.header("Content-Type", pick(r, new String[]{"text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=--x", "application/problem+json", "x", "", "a/b/c", ";;;", "application/json/x",
                    "application/json; charset=x-bogus"}));
            q.worse(Expect.REFUSE, "content type");
        }
        if (r.nextInt(12) == 0) {
            q.chunked = true;
        }
    }

    /** Malformed JSON in many ways; each one marks what the request deserves. */
    private static byte[] jsonMutation(Req q, Random r, String text) {
        if (r.nextDouble() > 0.4) {
            return utf8Bytes(text);
        }
        int v = r.nextInt(16);
        switch (v) {
            case 0 -> {
                q.worse(Expect.REFUSE, "truncated JSON");
                return utf8Bytes(text.substring(0, Math.max(1, r.nextInt(Math.max(1, text.length() - 1)))));
            }
            case 1 -> {
                q.worse(Expect.ANY, "trailing garbage");
                return utf8Bytes(text + pick(r, new String[]{"}", "xyz", ",{}", "\u0000"}));
            }
            case 2 -> {
                q.worse(Expect.REFUSE, "single quotes");
                return utf8Bytes(text.replace('"', '\''));
            }
            case 3 -> {
                q.worse(Expect.REFUSE, "comment");
                return utf8Bytes("/* c */" + text.replaceFirst(",", ",/* c */,"));
            }
            case 4 -> {
                q.worse(Expect.REFUSE, "NaN");
                return utf8Bytes(text.replaceFirst(":\"[^\"]*\"", ":NaN"));
            }
            case 5 -> {
                q.worse(Expect.REFUSE, "empty body");
                return new byte[0];
            }
            case 6 -> {
                q.worse(Expect.REFUSE, "JSON null");
                return utf8Bytes("null");
            }
            case 7 -> {
                q.worse(Expect.REFUSE, "wrong top-level type");
                return utf8Bytes(pick(r, new String[]{"[]", "\"x\"", "123", "true", "[" + text + "]", "{}"}));
            }
            case 8 -> {
                q.worse(Expect.ANY, "BOM");
                byte[] b = utf8Bytes(text);
                byte[] out = new byte[b.length + 3];
                out[0] = (byte) 0xEF;
                out[1] = (byte) 0xBB;
                out[2] = (byte) 0xBF;
                System.arraycopy(b, 0, out, 3, b.length);
                return out;
            }
            case 9 -> {
                q.worse(Expect.ANY, "duplicate key");
                return utf8Bytes(text.replaceFirst("\\{", "{\"subject\":\"x\","));
            }
            case 10 -> {
                int depth = 1000 + r.nextInt(30_000);
                q.worse(Expect.REFUSE, "nested " + depth);
                return utf8Bytes("[".repeat(depth) + "]".repeat(depth));
            }
            case 11 -> {
                q.worse(Expect.REFUSE, "invalid UTF-8 in JSON");
                byte[] b = utf8Bytes(text);
                int at = text.indexOf("\":\"");
                at = at < 0 ? b.length / 2 : at + 3;
                byte[] bad = INVALID_UTF8[r.nextInt(INVALID_UTF8.length)];
                byte[] out = new byte[b.length + bad.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(bad, 0, out, at, bad.length);
                System.arraycopy(b, at, out, at + bad.length, b.length - at);
                return out;
            }
            case 12 -> {
                q.worse(Expect.ANY, "UTF-16");
                return text.getBytes(r.nextBoolean() ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
            }
            case 13 -> {
                q.worse(Expect.REFUSE, "raw control character in a string");
                int at = text.indexOf("\":\"");
                return utf8Bytes(at < 0 ? text + "\u0001" : text.substring(0, at + 3) + "\u0001" + text.substring(at + 3));
            }
            case 14 -> {
                q.worse(Expect.REFUSE, "unquoted key");
                return utf8Bytes(text.replaceFirst("\"([a-zA-Z]+)\":", "$1:"));
            }
            default -> {
                q.worse(Expect.REFUSE, "random bytes");
                byte[] b = new byte[1 + r.nextInt(2000)];
                r.nextBytes(b);
                b[0] = '{';
                return b;
            }
        }
    }

    /**
     * Sends the request on a raw socket with something java.net.http would not send: invalid
     * UTF-8 or control characters in a header, the path, the query or the body, line feeds
     * without carriage returns, a header folded over two lines, a malformed header line.
     */
    private void rawMutation(Req q, Random r) {
        q.raw = true;
        q.worse(Expect.ANY, "raw");
        String bad = new String(pick(r, INVALID_UTF8), StandardCharsets.ISO_8859_1);
        switch (r.nextInt(12)) {
            case 0 -> q.header("X-Fuzz", "a" + bad + "b");
            case 1, 2 -> {
                String[] names = {AccessHeaders.OPERATOR, AccessHeaders.MATTER, AccessHeaders.CASE, AccessHeaders.API_KEY};
                String name = names[r.nextInt(names.length)];
                String was = q.header(name);
                q.removeHeader(name);
                q.header(name, (was == null ? "" : was) + bad);
                if (name.equals(AccessHeaders.API_KEY)) {
                    q.credentialsOk = false;
                    q.worse(Expect.REFUSE, "invalid UTF-8 key");
                } else if (boundEndpoint(q)) {
                    q.worse(Expect.REFUSE, "invalid UTF-8 purpose");
                }
            }
            case 3 -> {
                if (!containsCitizenId(q.target)) {
                    int cut = q.target.indexOf('?');
                    q.target = cut < 0 ? q.target + bad : q.target.substring(0, cut) + bad + q.target.substring(cut);
                    q.protocolBroken = true;
                    q.mayBeCut = true;
                    q.apiPath = false;
                    q.worse(Expect.REFUSE, "raw invalid UTF-8 in the path");
                }
            }
            case 4 -> {
                if (!containsCitizenId(q.target)) {
                    int cut = q.target.indexOf('?');
                    String enc = percentBytes(pick(r, INVALID_UTF8));
                    q.target = cut < 0 ? q.target + enc : q.target.substring(0, cut) + enc + q.target.substring(cut);
                    q.worse(Expect.REFUSE, "percent-encoded invalid UTF-8 in the path");
                }
            }
            case 5 -> {
                q.query("x", percentBytes(pick(r, INVALID_UTF8)));
                if (q.target.contains("/prefill?") && r.nextBoolean()) {
                    q.target = q.target.replaceFirst("subject=[^&]*", "subject=" + percentBytes(pick(r, INVALID_UTF8)));
                    q.worse(Expect.REFUSE, "invalid UTF-8 subject");
                }
            }
            case 6 -> {
                if (q.body != null && q.body.length > 0) {
                    byte[] b = q.body;
                    byte[] x = pick(r, INVALID_UTF8);
                    int at = b.length / 2;
                    byte[] out = new byte[b.length + x.length];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(x, 0, out, at, x.length);
                    System.arraycopy(b, at, out, at + x.length, b.length - at);
                    q.body = out;
                    if (!q.gen.equals("dry-run")) {
                        q.worse(Expect.REFUSE, "invalid UTF-8 body");
                    }
                } else {
                    q.header("X-Fuzz", bad);
                }
            }
            case 7 -> {
                q.header("X-Fuzz", "a" + pick(r, CONTROL_CHARS) + "b");
                q.protocolBroken = true;
                q.mayBeCut = true;
            }
            case 8 -> {
                q.lfOnly = true;
                q.protocolBroken = true;
                q.mayBeCut = true;
            }
            case 9 -> {
                String was = q.header(AccessHeaders.OPERATOR);
                q.removeHeader(AccessHeaders.OPERATOR);
                q.header(AccessHeaders.OPERATOR, (was == null ? "w" : was) + "\r\n\t-folded");
                q.protocolBroken = true;
                q.mayBeCut = true;
                if (boundEndpoint(q)) {
                    q.worse(Expect.REFUSE, "folded operator");
                }
            }
            case 10 -> {
                String was = q.header(AccessHeaders.API_KEY);
                if (was != null) {
                    q.removeHeader(AccessHeaders.API_KEY);
                    q.header(r.nextBoolean() ? "X-Api-Key " : "X Api-Key", was);
                    q.protocolBroken = true;
                    q.mayBeCut = true;
                    q.credentialsOk = false;
                    q.worse(Expect.REFUSE, "malformed key header line");
                }
            }
            default -> {
                String[] names = {AccessHeaders.OPERATOR, AccessHeaders.CASE};
                String name = names[r.nextInt(names.length)];
                q.removeHeader(name);
                q.header(name, latin1(pick(r, new String[]{"窗口-0042", "ＴＢ－２０２６", "办件" + DemoClients.CASE})));
                if (boundEndpoint(q)) {
                    q.worse(Expect.REFUSE, "non-ASCII purpose");
                }
            }
        }
    }

    private static boolean boundEndpoint(Req q) {
        if (q.method.equals("OPTIONS")) {
            return false;
        }
        String t = q.target;
        return t.startsWith("/api/v1/persons/") || t.startsWith("/api/v1/enterprises/") || t.startsWith("/api/v1/verifications")
                || t.startsWith("/api/v1/evidence/") || (t.startsWith("/api/v1/unresolved") && !t.startsWith("/api/v1/unresolved/report"))
                || (t.startsWith("/api/v1/matters/") && (t.contains("/prechecks") || t.contains("/prefill")));
    }

    /** Request lines and framing only a raw socket sends: the server must answer or close, never 5xx, never data. */
    private void protocol(Req q, Random r) {
        q.gen = "protocol";
        String host = "Host: 127.0.0.1:" + port + "\r\n";
        String key = "X-Api-Key: " + DemoClients.BACKOFFICE_KEY + "\r\n";
        String purpose = AccessHeaders.OPERATOR + ": " + DemoClients.OPERATOR + "\r\n" + AccessHeaders.MATTER + ": " + DemoClients.MATTER
                + "\r\n" + AccessHeaders.CASE + ": " + DemoClients.CASE + "\r\n";
        String close = "Connection: close\r\n";
        String refused = "/api/v1/persons/" + enc(pick(r, INJECTIONS) + "x");
        String badBody = "{\"subjectType\":\"person\",\"subject\":\"" + jsonEscape(pick(r, INJECTIONS)) + "x\",\"claims\":{\"name\":\"x\"}}";
        String post = "POST /api/v1/verifications HTTP/1.1\r\n" + host + key + purpose + "Content-Type: application/json\r\n";
        int v = r.nextInt(34);
        q.gen = "protocol." + v;
        q.mayBeCut = true;
        q.protocolBroken = true;
        q.apiPath = false;
        String s;
        Expect e = Expect.REFUSE;
        switch (v) {
            case 0 -> {
                s = "GET /api/v1/matters HTTP/1.1\r\n" + key + close + "\r\n";
                e = Expect.ANY;
            }
            case 1 -> {
                s = "GET /api/v1/matters HTTP/1.1\r\n" + host + "Host: example.com\r\n" + key + close + "\r\n";
                e = Expect.ANY;
            }
            case 2 -> {
                s = "GET  /api/v1/matters  HTTP/1.1\r\n" + host + key + close + "\r\n";
                e = Expect.ANY;
            }
            case 3 -> {
                s = "GET /api/v1/matters " + pick(r, new String[]{"HTTP/1.2", "HTTP/2.0", "HTTP/9.9", "HTTP/1.10", "HTTP/1", "HTTQ/1.1", "http/1.1"})
                        + "\r\n" + host + key + close + "\r\n";
                e = Expect.ANY;
            }
            case 4 -> {
                s = "GET /api/v1/matters\r\n\r\n";
                e = Expect.ANY;
            }
            case 5 -> {
                s = "get /api/v1/matters HTTP/1.1\r\n" + host + key + close + "\r\n";
                e = Expect.ANY;
            }
            case 6 -> s = pick(r, new String[]{"FOO", "A".repeat(10_000), "G-T", "GET\u0000"}) + " " + refused + " HTTP/1.1\r\n" + host + key + purpose + close + "\r\n";
            case 7 -> {
                s = "GET http://127.0.0.1:" + port + "/api/v1/matters HTTP/1.1\r\n" + host + key + close + "\r\n";
                e = Expect.ANY;
                q.protocolBroken = false;
                q.mayBeCut = false;
            }
            case 8 -> {
                s = pick(r, new String[]{"GET", "OPTIONS"}) + " * HTTP/1.1\r\n" + host + key + close + "\r\n";
                e = Expect.ANY;
            }
            case 9 -> {
                s = "GET api/v1/matters HTTP/1.1\r\n" + host + key + close + "\r\n";
                e = Expect.ANY;
            }
            case 10 -> s = post + "Content-Length: " + badBody.length() + "\r\nTransfer-Encoding: chunked\r\n" + close + "\r\n"
                    + Integer.toHexString(badBody.length()) + "\r\n" + badBody + "\r\n0\r\n\r\n";
            case 11 -> s = post + "Content-Length: " + badBody.length() + "\r\nContent-Length: " + (badBody.length() + 5) + "\r\n" + close + "\r\n" + badBody;
            case 12 -> s = post + "Content-Length: " + pick(r, new String[]{"-1", "abc", "1e3", "99999999999999999999", " "}) + "\r\n" + close + "\r\n" + badBody;
            case 13 -> s = post + "Content-Length: " + (badBody.length() + 100) + "\r\n" + close + "\r\n" + badBody;
            case 14 -> s = post + "Content-Length: 10\r\n" + close + "\r\n" + badBody;
            case 15 -> s = post + "Transfer-Encoding: chunked\r\n" + close + "\r\nzz\r\n" + badBody + "\r\n0\r\n\r\n";
            case 16 -> s = post + "Transfer-Encoding: chunked\r\n" + close + "\r\n" + Integer.toHexString(badBody.length()) + ";ext=\"x\r\n" + badBody;
            case 17 -> s = "GET " + refused + " HTTP/1.1\r\n" + host + "X-Api-Key : " + DemoClients.BACKOFFICE_KEY + "\r\n" + purpose + close + "\r\n";
            case 18 -> s = "GET " + refused + " HTTP/1.1\r\n" + host + " X-Api-Key: " + DemoClients.BACKOFFICE_KEY + "\r\n" + purpose + close + "\r\n";
            case 19 -> s = "GET " + refused + " HTTP/1.1\r\n" + host + "X-Api-Key " + DemoClients.BACKOFFICE_KEY + "\r\n" + purpose + close + "\r\n";
            case 20 -> {
                StringBuilder b = new StringBuilder("GET /api/v1/matters HTTP/1.1\r\n" + host + key);
                for (int i = 0; i < 150 + r.nextInt(200); i++) {
                    b.append("X-H").append(i).append(": ").append(i).append("\r\n");
                }
                s = b + close + "\r\n";
                e = Expect.ANY;
            }
            case 21 -> s = "GET " + refused + " HTTP/1.1\r\n" + host + "X-Fuzz: " + "a".repeat(100_000) + "\r\n" + key + close + "\r\n";
            case 22 -> {
                s = "GET /api/v1/matters HTTP/1.1\r\n" + host + key + "\r\n" + "GARBAGE " + "\u0000".repeat(10) + "\r\n\r\n";
                e = Expect.ANY;
            }
            case 23 -> {
                // A TLS ClientHello on the plain port.
                s = new String(new byte[]{0x16, 0x03, 0x01, 0x00, (byte) 0xA5, 0x01, 0x00, 0x00, (byte) 0xA1, 0x03, 0x03}, StandardCharsets.ISO_8859_1)
                        + "x".repeat(160);
                e = Expect.ANY;
            }
            case 24 -> {
                byte[] junk = new byte[1 + r.nextInt(4096)];
                r.nextBytes(junk);
                s = new String(junk, StandardCharsets.ISO_8859_1);
                e = Expect.ANY;
            }
            case 25 -> s = post + "Expect: 100-continue\r\nContent-Length: " + badBody.length() + "\r\n" + close + "\r\n" + badBody;
            case 26 -> s = post + "Transfer-Encoding: " + pick(r, new String[]{"gzip", "chunked, chunked", "Chunked", "identity", "x"}) + "\r\n" + close + "\r\n"
                    + Integer.toHexString(badBody.length()) + "\r\n" + badBody + "\r\n0\r\n\r\n";
            case 27 -> s = "GET /api/v1/matters" + pick(r, CONTROL_CHARS) + "x HTTP/1.1\r\n" + host + key + close + "\r\n";
            case 28 -> {
                s = "GET /api/v1/matters/" + latin1("企业开办一件事") + " HTTP/1.1\r\n" + host + key + close + "\r\n";
                e = Expect.ANY;
            }
            case 29 -> s = "GET /api/v1/matters/" + new String(pick(r, INVALID_UTF8), StandardCharsets.ISO_8859_1) + " HTTP/1.1\r\n" + host + key + close + "\r\n";
            case 30 -> {
                s = "GET /api/v1/matters/" + percentBytes(pick(r, INVALID_UTF8)) + " HTTP/1.1\r\n" + host + key + close + "\r\n";
                q.protocolBroken = false;
                q.mayBeCut = false;
            }
            case 31 -> {
                s = "GET /api/v1/matters/GG00101001" + pick(r, new String[]{"%00", "%2F..", "%5C", "%25", ";x=1", "%0D%0A", "%2e%2e", "%u0000", "%ZZ"})
                        + " HTTP/1.1\r\n" + host + key + close + "\r\n";
                e = Expect.ANY;
            }
            case 32 -> s = "GET /api/v1/matters?q=" + new String(pick(r, INVALID_UTF8), StandardCharsets.ISO_8859_1) + " HTTP/1.1\r\n" + host + close + "\r\n";
            default -> {
                s = "GET /api/v1/persons/" + enc(pick(r, INJECTIONS)) + "x HTTP/1.0\r\n" + key + purpose + "\r\n";
                q.protocolBroken = false;
                q.mayBeCut = false;
            }
        }
        q.rawBytes = s.getBytes(StandardCharsets.ISO_8859_1);
        q.raw = true;
        q.worse(e, "protocol " + v);
    }

    // ------------------------------------------------------------------ sending

    private Answer send(Req q) {
        byte[] raw = q.rawBytes;
        if (raw == null && !q.raw) {
            HttpRequest request = httpRequest(q);
            if (request != null) {
                Answer a = sendHttp(request);
                if (a.status() < 0 && !q.mayBeCut) {
                    // A pooled connection the server had just closed: once more on a fresh one.
                    retried.increment();
                    a = sendHttp(request);
                }
                return a;
            }
        }
        rawSent.increment();
        if (raw == null) {
            raw = rawBytes(q);
        }
        return sendRaw(raw);
    }

    /** The request for java.net.http, or null when it would refuse to send it as generated. */
    private HttpRequest httpRequest(Req q) {
        for (char c : q.target.toCharArray()) {
            if (c > 0x7E || c <= 0x20) {
                return null;
            }
        }
        if (q.lfOnly) {
            return null;
        }
        try {
            URI uri = new URI("http://127.0.0.1:" + port + q.target);
            if (!uri.toASCIIString().equals("http://127.0.0.1:" + port + q.target)) {
                return null;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
            for (String[] h : q.headers) {
                for (char c : h[1].toCharArray()) {
                    if (c > 0x7E || (c < 0x20 && c != '\t')) {
                        return null;
                    }
                }
                b.header(h[0], h[1]);
            }
            HttpRequest.BodyPublisher body;
            if (q.body == null) {
                body = HttpRequest.BodyPublishers.noBody();
            } else if (q.chunked) {
                byte[] bytes = q.body;
                body = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
            } else {
                body = HttpRequest.BodyPublishers.ofByteArray(q.body);
            }
            return b.method(q.method, body).build();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return null;
        }
    }

    private Answer sendHttp(HttpRequest request) {
        try {
            HttpResponse<byte[]> res = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(res.statusCode(), res.headers().firstValue("Content-Type").orElse(null), res.body(), null);
        } catch (IOException e) {
            return new Answer(-1, null, new byte[0], e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, new byte[0], "interrupted");
        }
    }

    private byte[] rawBytes(Req q) {
        String eol = q.lfOnly ? "\n" : "\r\n";
        StringBuilder b = new StringBuilder();
        b.append(q.method).append(' ').append(q.target).append(" HTTP/1.1").append(eol);
        b.append("Host: 127.0.0.1:").append(port).append(eol);
        for (String[] h : q.headers) {
            b.append(h[0]).append(": ").append(h[1]).append(eol);
        }
        if (q.body != null && !q.chunked) {
            b.append("Content-Length: ").append(q.body.length).append(eol);
        } else if (q.body != null) {
            b.append("Transfer-Encoding: chunked").append(eol);
        }
        b.append("Connection: close").append(eol).append(eol);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (q.body != null && !q.chunked) {
            out.writeBytes(q.body);
        } else if (q.body != null) {
            out.writeBytes((Integer.toHexString(q.body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(q.body);
            out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    /** Writes the bytes, half-closes, reads the first answer until the server closes (bounded by a read timeout). */
    private Answer sendRaw(byte[] request) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                // The server may answer and close before it read everything: read what it said.
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] chunk = new byte[8192];
            String failure = null;
            try {
                int n;
                while ((n = in.read(chunk)) > 0 && buf.size() < (1 << 22)) {
                    buf.write(chunk, 0, n);
                }
            } catch (SocketTimeoutException e) {
                failure = "no answer within 10 s";
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            return parseRaw(buf.toByteArray(), failure);
        } catch (IOException e) {
            return new Answer(-1, null, new byte[0], e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Answer parseRaw(byte[] bytes, String failure) {
        String head = new String(bytes, StandardCharsets.ISO_8859_1);
        while (head.startsWith("HTTP/1.1 1") && head.indexOf("\r\n\r\n") > 0) {
            // An interim answer (100 Continue): the final one follows.
            bytes = java.util.Arrays.copyOfRange(bytes, head.indexOf("\r\n\r\n") + 4, bytes.length);
            head = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        int end = head.indexOf("\r\n\r\n");
        if (!head.startsWith("HTTP/1.") || end < 0 || head.length() < 12) {
            return new Answer(-1, null, new byte[0], failure != null ? failure : bytes.length == 0 ? "closed without an answer"
                    : "not an HTTP answer: " + printable(bytes, 80));
        }
        int status;
        try {
            status = Integer.parseInt(head.substring(9, 12));
        } catch (NumberFormatException e) {
            return new Answer(-1, null, new byte[0], "bad status line: " + printable(bytes, 80));
        }
        String contentType = null;
        boolean chunked = false;
        int length = -1;
        for (String line : head.substring(0, end).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-type" -> contentType = value;
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "content-length" -> length = Integer.parseInt(value);
                default -> {
                }
            }
        }
        byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        byte[] body;
        if (chunked) {
            body = dechunk(rest);
        } else if (length >= 0 && length <= rest.length) {
            body = java.util.Arrays.copyOf(rest, length);
        } else {
            body = rest;
        }
        return new Answer(status, contentType, body, null);
    }

    private static byte[] dechunk(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < b.length) {
            int eol = indexOf(b, i);
            if (eol < 0) {
                break;
            }
            String size = new String(b, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int n;
            try {
                n = Integer.parseInt(size, 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (n == 0 || eol + 2 + n > b.length) {
                break;
            }
            out.write(b, eol + 2, n);
            i = eol + 2 + n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ the oracle

    private void judge(Req q, Answer a) {
        byGenerator.computeIfAbsent(q.gen.replaceFirst("\\.\\d+$", ""), k -> new LongAdder()).increment();
        if (a.status() < 0) {
            count("closed", q.gen);
            if (q.mayBeCut || q.protocolBroken) {
                closedWithoutAnswer.increment();
            } else {
                fail("no answer", q.describe() + " -> " + a.failure());
            }
            return;
        }
        JsonNode body = parse(a.body());
        boolean problem = a.contentType() != null && a.contentType().startsWith("application/problem+json");
        String code = problem && body != null ? body.path("code").asText("") : "";
        count(Integer.toString(a.status()), q.head() ? "(HEAD, no body)"
                : problem ? (code.isEmpty() ? "(no code)" : code) : "(" + mediaType(a.contentType()) + ")");
        boolean success = a.status() >= 200 && a.status() < 300;

        if ((a.status() == 501 || a.status() == 505) && q.protocolBroken && tomcatPage(a, body)) {
            // RFC 9112: an unknown transfer coding is answered 501, an unsupported HTTP version 505,
            // by Tomcat before the hub sees the request. Counted, not a failure of the hub.
            tomcatProtocol5xx.increment();
        } else if (a.status() >= 500) {
            hub5xx.increment();
            fail("5xx", q.describe() + " -> " + a.status() + " " + printable(a.body(), 300));
        }
        if (q.control) {
            judgeControl(q, a);
            return;
        }
        switch (q.expect) {
            case OK -> {
                if (a.status() != 200 && a.status() != 429) {
                    fail("valid request not answered 200", q.describe() + " -> " + a.status() + " " + printable(a.body(), 300));
                }
            }
            case REFUSE -> {
                if (success) {
                    fail("malformed request answered 2xx", q.describe() + " -> " + a.status() + " " + printable(a.body(), 300));
                }
            }
            case NO_SUBJECT -> {
                if (success && !q.head() && (body == null || !q.noSubjectData.test(body))) {
                    fail("unknown subject answered with data", q.describe() + " -> " + a.status() + " " + printable(a.body(), 300));
                }
            }
            default -> {
            }
        }
        if (!q.credentialsOk && success) {
            fail("answered 2xx without valid credentials", q.describe() + " -> " + a.status());
        }
        if (a.status() >= 400 && a.status() < 500 && !q.head() && q.apiPath && !problem) {
            if (tomcatPage(a, body)) {
                tomcatRejections.increment();
            } else {
                fail("4xx not a problem answer", q.describe() + " -> " + a.status() + " " + a.contentType() + " " + printable(a.body(), 300));
            }
        }
        if (a.status() >= 400 && a.status() < 500 && problem && code.isEmpty() && !q.head()) {
            fail("problem answer without code", q.describe() + " -> " + a.status() + " " + printable(a.body(), 300));
        }
        leaks(q, a, success);
    }

    private void judgeControl(Req q, Answer a) {
        Answer answer = a;
        if (answer.status() == 429) {
            // The back office may make 2000 requests a second; if the fuzz got there, wait for the next second.
            answer = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> send(q), x -> x.status() != 429);
        }
        if (answer.status() != 200 || !answer.text().contains(q.mustContain)) {
            fail("valid request not answered", q.describe() + " -> " + answer.status() + " " + printable(answer.body(), 300));
        } else {
            controlsOk.increment();
        }
    }

    /** Data of a demo subject where it does not belong: in a refusal (unless the caller sent it), or in another subject's answer. */
    private void leaks(Req q, Answer a, boolean success) {
        String text = a.text();
        if (text.isEmpty()) {
            return;
        }
        if (text.contains(xxeMarker)) {
            fail("XXE", q.describe() + " -> " + a.status() + " answer holds the content of a local file");
        }
        if (success && !q.subjectEndpoint) {
            return;
        }
        String said = null;
        for (Sentinel s : sentinels) {
            if (!text.contains(s.value())) {
                continue;
            }
            if (success && (q.owners.contains(s.owner()) || !s.strong())) {
                continue;
            }
            if (said == null) {
                said = q.said();
            }
            if (said.contains(s.value())) {
                continue;
            }
            if (!success && q.owners.contains(s.owner()) && s.value().equals(ownerKey(s.owner()))) {
                // The caller named this subject (in an equivalent form); its key in a refusal discloses nothing.
                continue;
            }
            fail("data where it does not belong", q.describe() + " -> " + a.status() + " holds the " + s.kind() + " of " + s.owner());
        }
    }

    /**
     * An answer Tomcat made before the hub saw the request: no body, or the error report page of
     * its valve ("HTTP Status 400 – Bad Request"), not Spring Boot's whitelabel page or JSON.
     */
    private static boolean tomcatPage(Answer a, JsonNode body) {
        String type = a.contentType() == null ? "" : a.contentType().toLowerCase(Locale.ROOT);
        return body == null && (a.body().length == 0 || type.startsWith("text/html") && a.text().contains("<title>HTTP Status "));
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private void count(String status, String code) {
        byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
        byStatusAndCode.computeIfAbsent(status + " " + code, k -> new LongAdder()).increment();
    }

    private void fail(String kind, String example) {
        failures.computeIfAbsent(kind, k -> new ConcurrentLinkedQueue<>()).add(mask(example));
    }

    private String summary(int done, long seed, long seconds) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "fuzz: %d requests (seed %d, %d raw, %d valid controls answered 200) in %d s, %d 5xx",
                done, seed, rawSent.sum(), controlsOk.sum(), seconds, hub5xx.sum()));
        for (Map.Entry<String, LongAdder> s : new TreeMap<>(byStatus).entrySet()) {
            String prefix = s.getKey() + " ";
            String codes = new TreeMap<>(byStatusAndCode).entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .sorted((x, y) -> Long.compare(y.getValue().sum(), x.getValue().sum()))
                    .map(e -> e.getKey().substring(prefix.length()) + " " + e.getValue().sum()).collect(Collectors.joining(", "));
            String label = s.getKey().equals("closed") ? "closed without answer" : s.getKey();
            b.append("; ").append(label).append(" x ").append(s.getValue().sum()).append(" (").append(codes).append(')');
        }
        b.append(String.format(Locale.ROOT, "; Tomcat's own rejections: %d 4xx without a problem body, %d 501/505 for a transfer coding"
                + " or HTTP version it does not implement; HTTP retries %d", tomcatRejections.sum(), tomcatProtocol5xx.sum(), retried.sum()));
        return b.toString();
    }

    // ------------------------------------------------------------------ "no subject data" per answer

    private static boolean noProfileValues(JsonNode b) {
        for (JsonNode f : b.path("fields")) {
            JsonNode v = f.path("value");
            if (!v.isMissingNode() && !v.isNull()) {
                return false;
            }
        }
        return b.path("insurances").isEmpty();
    }

    private static boolean noVerifiedValues(JsonNode b) {
        for (JsonNode r : b.path("results")) {
            String result = r.path("result").asText();
            if (result.equals("match") || result.equals("differ")) {
                return false;
            }
        }
        return true;
    }

    private static boolean noPrefilledValues(JsonNode b) {
        for (JsonNode f : b.path("fields")) {
            JsonNode v = f.path("value");
            if (!v.isMissingNode() && !v.isNull()) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ helpers

    private String ownerName(String owner) {
        return (owner.startsWith("P") ? persons : enterprises).get(Integer.parseInt(owner.substring(1))).name();
    }

    private String ownerKey(String owner) {
        return (owner.startsWith("P") ? persons : enterprises).get(Integer.parseInt(owner.substring(1))).key();
    }

    private String writeJson(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T pick(Random r, T[] a) {
        return a[r.nextInt(a.length)];
    }

    private static <T> T pick(Random r, List<T> a) {
        return a.get(r.nextInt(a.size()));
    }

    private static char otherThan(Random r, char c, String alphabet) {
        int i = alphabet.indexOf(c);
        int shift = 1 + r.nextInt(alphabet.length() - 1);
        return alphabet.charAt(((i < 0 ? 0 : i) + shift) % alphabet.length());
    }

    private static String digits(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    private static String randomToken(Random r, int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String randomName(Random r) {
        String n = randomToken(r, 1 + r.nextInt(8)).toLowerCase(Locale.ROOT);
        return KNOWN_PARAMETERS.contains(n) ? "x" + n : n;
    }

    /** 10,000 to 100,000 characters built from the given value. */
    private static String huge(Random r, String from) {
        int n = 10_000 + r.nextInt(90_000);
        String unit = from.isEmpty() ? "x" : from;
        return unit.repeat(n / unit.length() + 1).substring(0, n);
    }

    private static String fullWidth(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c > 0x20 && c < 0x7F ? (char) (c + 0xFEE0) : (char) c));
        return b.toString();
    }

    private static String otherScriptDigits(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c >= '0' && c <= '9' ? (char) ('\u0660' + (c - '0')) : (char) c));
        return b.toString();
    }

    /** The key with characters the normaliser removes: spaces, dashes, a zero-width space, an ideographic space. */
    private static String separated(Random r, String s) {
        String[] seps = {" ", "-", "\u200B", "\u3000", "\u2014", "\u00A0"};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            b.append(s.charAt(i));
            if (r.nextInt(5) == 0) {
                b.append(seps[r.nextInt(seps.length)]);
            }
        }
        return b.toString();
    }

    private static String enc(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return b.toString();
    }

    private static String percentBytes(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append('%').append(String.format(Locale.ROOT, "%02X", x & 0xFF));
        }
        return b.toString();
    }

    /** Percent-decoding that tolerates bad escapes (the request as the caller meant it, for comparisons only). */
    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // literal '%'
                }
            }
            if (c < 0x100) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /** A Unicode string as the ISO-8859-1 characters of its UTF-8 bytes (what goes on the wire). */
    private static String latin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static byte[] utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "no content type" : contentType.split(";")[0].trim();
    }

    private static boolean looksLikeCitizenId(String s) {
        Matcher m = CITIZEN_ID.matcher(s);
        while (m.find()) {
            try {
                CitizenId.parse(m.group());
                return true;
            } catch (RuntimeException e) {
                // not a valid one
            }
        }
        return false;
    }

    private static boolean containsCitizenId(String target) {
        return looksLikeCitizenId(percentDecode(target)) || looksLikeCitizenId(target);
    }

    /** Printable form of bytes for a report: UTF-8 where valid, \xNN otherwise, cut at max characters. */
    private static String printable(byte[] bytes, int max) {
        String s = new String(bytes, 0, Math.min(bytes.length, max * 4), StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\uFFFD') {
                b.append(c == '\uFFFD' ? "\\x??" : String.format(Locale.ROOT, "\\x%02X", (int) c));
            } else {
                b.append(c);
            }
        }
        if (bytes.length > max) {
            b.append("...(").append(bytes.length).append(" bytes)");
        }
        return b.toString();
    }

    /** Citizen IDs masked as the hub masks them (first 6, last 4), so the build log stays clean. */
    private static String mask(String s) {
        Matcher m = Pattern.compile("(?<![0-9A-Za-z])[1-9]\\d{16}[0-9Xx](?![0-9A-Za-z])").matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String id = m.group();
            m.appendReplacement(b, id.substring(0, 6) + "********" + id.substring(14));
        }
        m.appendTail(b);
        return b.toString();
    }
}
