package cn.tongban.hub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The result file of benchmarks 3 and 4, {@code target/bench/<id>.json} (or under the
 * {@code bench.out} system property), in the schema of issue 8's contract: rows with one
 * value per repetition and their median, min and max, ratios, the target, notes.
 */
final class EngineResultFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode rows;
    private final ObjectNode ratios;
    private final ArrayNode notes;

    EngineResultFile(String id, String title, String command, String unit, int repetitions) {
        root.put("id", id);
        root.put("title", title);
        root.put("command", command);
        root.put("unit", unit);
        root.put("higherIsBetter", true);
        root.put("repetitions", repetitions);
        rows = root.putArray("rows");
        ratios = root.putObject("ratios");
        notes = root.putArray("notes");
    }

    static Path dir() {
        return Path.of(System.getProperty("bench.out", "target/bench"));
    }

    EngineResultFile row(String name, boolean baseline, double[] values, Map<String, Double> extra) {
        ObjectNode r = rows.addObject();
        r.put("name", name);
        r.put("baseline", baseline);
        ArrayNode v = r.putArray("values");
        for (double x : values) {
            num(v, x);
        }
        num(r, "median", median(values));
        num(r, "min", Arrays.stream(values).min().orElse(Double.NaN));
        num(r, "max", Arrays.stream(values).max().orElse(Double.NaN));
        if (extra != null && !extra.isEmpty()) {
            ObjectNode e = r.putObject("extra");
            extra.forEach((k, x) -> num(e, k, x));
        }
        return this;
    }

    EngineResultFile target(String text, boolean met, String by) {
        ObjectNode t = root.putObject("target");
        t.put("text", text);
        t.put("met", met);
        t.put("by", by);
        return this;
    }

    EngineResultFile ratio(String name, double value) {
        num(ratios, name, value);
        return this;
    }

    EngineResultFile note(String text) {
        notes.add(text);
        return this;
    }

    EngineResultFile barChart(List<String> x, String series, List<Double> y) {
        ObjectNode c = root.putObject("chart");
        c.put("type", "bar");
        ArrayNode xs = c.putArray("x");
        x.forEach(xs::add);
        ArrayNode ys = c.putObject("series").putArray(series);
        y.forEach(d -> num(ys, d));
        return this;
    }

    void write() {
        try {
            Files.createDirectories(dir());
            Path file = dir().resolve(root.get("id").asText() + ".json");
            JSON.writeValue(file.toFile(), root);
            System.out.println("wrote " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double median(double[] values) {
        double[] s = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** "met" or "0.42x of target": how far a higher-is-better figure is from its target. */
    static String by(double value, double target) {
        return value >= target ? String.format(java.util.Locale.ROOT, "met, %.2fx the target", value / target)
                : String.format(java.util.Locale.ROOT, "%.3fx of target", value / target);
    }

    private static void num(ObjectNode o, String key, double x) {
        if (Double.isFinite(x)) {
            o.put(key, round(x));
        } else {
            o.putNull(key);
        }
    }

    private static void num(ArrayNode a, double x) {
        if (Double.isFinite(x)) {
            a.add(round(x));
        } else {
            a.addNull();
        }
    }

    private static double round(double x) {
        double scale = Math.abs(x) >= 100 ? 10 : 10000;
        return Math.round(x * scale) / scale;
    }
}
