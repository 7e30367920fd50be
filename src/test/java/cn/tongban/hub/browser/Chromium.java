package cn.tongban.hub.browser;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.util.FileSystemUtils;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol with the JDK's own HTTP and
 * WebSocket client: one tab, navigate, wait for a condition in the page, evaluate JavaScript,
 * take a screenshot. No WebDriver, no extra dependency; Debian's {@code chromium} package is
 * the browser. Every wait is bounded.
 *
 * <p>Without a browser the tests that need one are skipped with a message, unless
 * {@code HUB_REQUIRE_BROWSER=1} (set by .ci/run), where they fail instead.
 */
final class Chromium implements AutoCloseable {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final Deque<String> output = new ArrayDeque<>();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private WebSocket socket;

    private Chromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** The browser executable, or a skipped test (a failed one when HUB_REQUIRE_BROWSER=1). */
    static Path executableOrSkip() {
        Optional<Path> exe = executable();
        if (exe.isEmpty()) {
            String why = "No Chromium found (HUB_CHROMIUM, /usr/bin/chromium or chromium on the PATH):"
                    + " the browser tests need Debian's chromium package (apt-get install chromium)";
            if ("1".equals(System.getenv("HUB_REQUIRE_BROWSER"))) {
                Assertions.fail(why + "; HUB_REQUIRE_BROWSER=1 makes this a failure");
            }
            Assumptions.abort(why + "; skipped");
        }
        return exe.get();
    }

    static Optional<Path> executable() {
        String configured = System.getenv("HUB_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Where the screenshots go: target/screenshots, beside the test classes of this build. */
    static Path screenshotDir() {
        try {
            Path classes = Path.of(Chromium.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = classes.getParent().resolve("screenshots");
            Files.createDirectories(dir);
            return dir;
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("no screenshot folder", e);
        }
    }

    /** Starts a headless browser with one blank tab and connects to that tab. */
    static Chromium launch(Path executable) throws Exception {
        Path profile = Files.createTempDirectory("hub-chromium-");
        Process p = new ProcessBuilder(executable.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-extensions", "--no-first-run", "--no-default-browser-check", "--mute-audio",
                "--hide-scrollbars", "--window-size=1400,1000", "--lang=zh-CN",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).start();
        Chromium browser = new Chromium(p, profile);
        try {
            browser.connect();
        } catch (Exception e) {
            browser.close();
            throw e;
        }
        return browser;
    }

    private void connect() throws Exception {
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (output) {
                        output.addLast(line);
                        if (output.size() > 50) {
                            output.removeFirst();
                        }
                    }
                    Matcher m = DEVTOOLS.matcher(line);
                    if (m.find()) {
                        endpoint.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the browser went away; close() reports nothing more
            }
            endpoint.completeExceptionally(new IllegalStateException("Chromium exited before DevTools listened: " + recentOutput()));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        URI browserWs = URI.create(endpoint.get(30, TimeUnit.SECONDS));
        // The blank tab Chromium opened, from the DevTools HTTP listing on the same port.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI list = URI.create("http://" + browserWs.getAuthority() + "/json/list");
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(list).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String pageWs = null;
        for (JsonNode t : targets) {
            if ("page".equals(t.path("type").asText())) {
                pageWs = t.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (pageWs == null) {
            throw new IllegalStateException("Chromium has no page target: " + targets);
        }
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(pageWs), new Listener()).get(15, TimeUnit.SECONDS);
        send("Page.enable", Map.of());
        send("Runtime.enable", Map.of());
        send("Network.enable", Map.of());
    }

    /** Collects the frames of a message and hands each answer to the command waiting for it. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    JsonNode node = JSON.readTree(message);
                    if (node.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(node.get("id").asInt());
                        if (f != null) {
                            f.complete(node);
                        }
                    }
                } catch (IOException e) {
                    // not JSON: ignore, the waiting command times out with the browser's output
                }
            }
            ws.request(1);
            return null;
        }
    }

    /** One DevTools command; its result, or an exception with the protocol's error. */
    JsonNode send(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode command = JSON.createObjectNode();
        command.put("id", id);
        command.put("method", method);
        command.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(command), true).get(10, TimeUnit.SECONDS);
        JsonNode reply;
        try {
            reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            pending.remove(id);
            throw new IllegalStateException(method + " got no answer within " + COMMAND_TIMEOUT + "; browser output: " + recentOutput(), e);
        }
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Sends HTTP Basic credentials with every request of the tab (the management port's operator). */
    void basicAuth(String user, String password) throws Exception {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        send("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + token)));
    }

    void viewport(int width, int height) throws Exception {
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    void navigate(String url) throws Exception {
        JsonNode r = send("Page.navigate", Map.of("url", url));
        if (r.hasNonNull("errorText")) {
            throw new IllegalStateException("navigation to " + url + " failed: " + r.get("errorText").asText());
        }
    }

    /** The value of a JavaScript expression (promises awaited), as JSON. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + r.get("exceptionDetails").toString());
        }
        return r.path("result").path("value");
    }

    /** Waits, at most {@code timeout}, until the expression is truthy in the page; returns its last value. */
    JsonNode waitUntil(String expression, Duration timeout) {
        JsonNode[] last = {null};
        await().atMost(timeout).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
            last[0] = evaluate(expression);
            return last[0] != null && !last[0].isMissingNode() && !last[0].isNull()
                    && !(last[0].isBoolean() && !last[0].asBoolean())
                    && !(last[0].isTextual() && last[0].asText().isEmpty())
                    && !(last[0].isNumber() && last[0].asDouble() == 0);
        });
        return last[0];
    }

    /** A PNG of the whole page (grown to the document's height) at the given path. */
    Path screenshot(Path file, int width) throws Exception {
        int height = evaluate("Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)").asInt(1000);
        viewport(width, Math.min(Math.max(height, 600), 4000));
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
        return file;
    }

    String recentOutput() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FileSystemUtils.deleteRecursively(profile.toFile());
    }
}
