package cn.tongban.hub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One benchmark's result file, {@code target/bench/<id>.json}: the interface between the
 * benchmark mains and {@link BenchReport} (the schema is in /work/i8-contract.md and in
 * docs/benchmarks.md). Rows hold one value per repetition; median, min and max are derived.
 */
public final class BenchResult {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode rows;
    private final ArrayNode notes;
    private final ObjectNode ratios;

    public BenchResult(String id, String title, String command, String unit, boolean higherIsBetter, int repetitions) {
        root.put("id", id);
        root.put("title", title);
        root.put("command", command);
        root.put("unit", unit);
        root.put("higherIsBetter", higherIsBetter);
        root.put("repetitions", repetitions);
        rows = root.putArray("rows");
        ratios = root.putObject("ratios");
        notes = root.putArray("notes");
    }

    /**
     * Adds a row.
     *
     * @param values one per repetition, in the unit of the file
     * @param extra  per-row numbers (e.g. {@code p99_ms}: the median over repetitions); ordered
     */
    public BenchResult row(String name, boolean baseline, double[] values, Map<String, Double> extra) {
        ObjectNode r = rows.addObject();
        r.put("name", name);
        r.put("baseline", baseline);
        ArrayNode v = r.putArray("values");
        Arrays.stream(values).forEach(x -> { if (Double.isFinite(x)) { v.add(round(x)); } else { v.addNull(); } });
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        num(r, "median", median(finite));
        num(r, "min", Arrays.stream(finite).min().orElse(Double.NaN));
        num(r, "max", Arrays.stream(finite).max().orElse(Double.NaN));
        if (extra != null && !extra.isEmpty()) {
            ObjectNode e = r.putObject("extra");
            extra.forEach((k, x) -> num(e, k, x));
        }
        return this;
    }

    public BenchResult target(String text, boolean met, String by) {
        ObjectNode t = root.putObject("target");
        t.put("text", text);
        t.put("met", met);
        t.put("by", by);
        return this;
    }

    public BenchResult ratio(String name, double value) {
        num(ratios, name, value);
        return this;
    }

    public BenchResult note(String text) {
        notes.add(text);
        return this;
    }

    /** A chart hint: x values and one series per name. */
    public BenchResult chart(String type, String xLabel, String yLabel, List<?> x, Map<String, List<Double>> series) {
        ObjectNode c = root.putObject("chart");
        c.put("type", type);
        c.put("xLabel", xLabel);
        c.put("yLabel", yLabel);
        ArrayNode xs = c.putArray("x");
        x.forEach(v -> xs.add(String.valueOf(v)));
        ObjectNode s = c.putObject("series");
        series.forEach((name, ys) -> {
            ArrayNode a = s.putArray(name);
            ys.forEach(y -> a.add(y == null || y.isNaN() ? null : round(y)));
        });
        return this;
    }

    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(root.get("id").asText() + ".json");
            JSON.writeValue(file.toFile(), root);
            System.out.println("wrote " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectNode json() {
        return root;
    }

    static double median(double[] values) {
        double[] s = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A number, or null where there is none (JSON has no NaN). */
    private static void num(ObjectNode o, String key, double x) {
        if (Double.isFinite(x)) {
            o.put(key, round(x));
        } else {
            o.putNull(key);
        }
    }

    private static double round(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double scale = Math.abs(x) >= 100 ? 10 : 1000;
        return Math.round(x * scale) / scale;
    }

    /** Ordered map helper for the {@code extra} numbers. */
    static Map<String, Double> extra(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    static List<Double> list(double... xs) {
        List<Double> l = new ArrayList<>();
        for (double x : xs) {
            l.add(x);
        }
        return l;
    }
}
