package cn.tongban.hub.bulkload;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code java -jar tongban-hub.jar bulk-load ...}: starts (or resumes) a bulk load on a
 * running hub through its {@code bulkload} actuator endpoint and follows it to the end,
 * printing its progress. The load itself runs in the hub, where the silo connection, the
 * mappings and the checkpoints are; interrupting this command does not stop it.
 *
 * <pre>
 * bulk-load --silo social-insurance --dataset units [--url http://127.0.0.1:8081] [--user ops]
 *           [--blocking] [--fresh] [--no-wait] [--interval 5s]
 * </pre>
 *
 * The operator's password is read from the environment variable {@code HUB_OPERATOR_PASSWORD}
 * (never from the command line, which other users of the machine can see). Exit status 0 when
 * the run is DONE (or started, with --no-wait), 1 when it FAILED, was aborted or runs
 * elsewhere already, 2 on a usage error or when the hub cannot be reached.
 */
public final class BulkLoadCommand {

    public static final String NAME = "bulk-load";
    public static final String PASSWORD_VARIABLE = "HUB_OPERATOR_PASSWORD";

    static final int DONE = 0;
    static final int NOT_DONE = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: bulk-load --silo SILO --dataset DATASET [--url http://127.0.0.1:8081] [--user ops]
                             [--blocking] [--fresh] [--no-wait] [--interval 5s]
            the password comes from the environment variable HUB_OPERATOR_PASSWORD
            exit status: 0 done, 1 failed, aborted or already running elsewhere, 2 usage error or hub unreachable""";

    private BulkLoadCommand() {
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, Function<String, String> environment, PrintStream out, PrintStream err) {
        Map<String, String> o = new LinkedHashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--blocking", "--fresh", "--no-wait" -> o.put(a, "true");
                    case "--silo", "--dataset", "--url", "--user", "--interval" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("missing value of " + a);
                        }
                        o.put(a, args[++i]);
                    }
                    default -> throw new IllegalArgumentException("unknown option: " + a);
                }
            }
            if (!o.containsKey("--silo") || !o.containsKey("--dataset")) {
                throw new IllegalArgumentException("--silo and --dataset are required");
            }
        } catch (IllegalArgumentException e) {
            err.println("bulk-load: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        String password = environment.apply(PASSWORD_VARIABLE);
        if (password == null || password.isEmpty()) {
            err.println("bulk-load: set " + PASSWORD_VARIABLE + " to the operator's password");
            return USAGE;
        }
        String base = o.getOrDefault("--url", "http://127.0.0.1:8081").replaceAll("/+$", "") + "/actuator/bulkload";
        String auth = "Basic " + Base64.getEncoder().encodeToString((o.getOrDefault("--user", "ops") + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        Duration interval;
        try {
            interval = parseDuration(o.getOrDefault("--interval", "5s"));
        } catch (IllegalArgumentException e) {
            err.println("bulk-load: --interval: " + e.getMessage());
            return USAGE;
        }
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("silo", o.get("--silo"));
            body.put("dataset", o.get("--dataset"));
            body.put("blocking", o.containsKey("--blocking"));
            body.put("fresh", o.containsKey("--fresh"));
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 401 || res.statusCode() == 403) {
                err.println("bulk-load: the hub refused the operator (HTTP " + res.statusCode() + ")");
                return USAGE;
            }
            JsonNode answer = json.readTree(res.body());
            out.println(answer.path("outcome").asText() + ": " + answer.path("message").asText());
            if (res.statusCode() != 202) {
                return res.statusCode() == 409 ? NOT_DONE : USAGE;
            }
            long id = answer.path("run").path("id").asLong();
            if (o.containsKey("--no-wait")) {
                out.println("run " + id + " goes on in the hub; GET " + base + " shows its progress");
                return DONE;
            }
            while (true) {
                Thread.sleep(interval.toMillis());
                JsonNode runs = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofSeconds(30))
                        .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
                JsonNode run = null;
                for (JsonNode r : runs.path("runs")) {
                    if (r.path("id").asLong() == id) {
                        run = r;
                    }
                }
                if (run == null) {
                    err.println("bulk-load: run " + id + " is no longer listed");
                    return NOT_DONE;
                }
                String state = run.path("state").asText();
                out.printf("run %d %s: %d/%d rows (%s%%), %s rows/s, ETA %s, %d quarantined%n", id, state,
                        run.path("done").asLong(), run.path("total").asLong(), run.path("percent").asText(),
                        run.path("ratePerSecond").asText(), run.path("etaSeconds").isNumber()
                                ? run.path("etaSeconds").asLong() + " s" : "unknown", run.path("quarantined").asLong());
                if (!state.equals("RUNNING")) {
                    if (!run.path("error").isNull() && !run.path("error").isMissingNode()) {
                        out.println("error: " + run.path("error").asText());
                    }
                    return state.equals("DONE") ? DONE : NOT_DONE;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bulk-load: interrupted; the run goes on in the hub");
            return NOT_DONE;
        } catch (java.io.IOException e) {
            err.println("bulk-load: cannot reach the hub at " + base + ": " + e.getClass().getSimpleName());
            return USAGE;
        }
    }

    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + s);
        }
    }
}
