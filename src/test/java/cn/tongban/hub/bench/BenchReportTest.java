package cn.tongban.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report renderer on two small result files (a latency benchmark and a throughput one,
 * in src/test/resources/bench/): the tables in docs/benchmarks.md between the markers, the
 * hand-written sections kept, and one decodable PNG chart per benchmark.
 */
class BenchReportTest {

    private static final String HAND_WRITTEN = "## Mapping engine\n\nHand-written analysis that must survive.\n";

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private Path results() throws IOException {
        Path in = Files.createDirectories(dir.resolve("target/bench"));
        for (String f : new String[] {"latency.json", "throughput.json"}) {
            try (InputStream s = getClass().getResourceAsStream("/bench/" + f)) {
                Files.copy(s, in.resolve(f));
            }
        }
        return in;
    }

    @Test
    void rendersATablePerBenchmarkBetweenTheMarkersAfterTheTitle() throws IOException {
        Path doc = dir.resolve("docs/benchmarks.md");
        Files.createDirectories(doc.getParent());
        Files.writeString(doc, "# Benchmarks\n\n" + HAND_WRITTEN);

        BenchReport.render(results(), doc, dir.resolve("docs/benchmarks"), "bench/run.sh", "test machine, 2 cores");

        String md = Files.readString(doc);
        assertThat(md).startsWith("# Benchmarks\n\n" + BenchReport.BEGIN);
        assertThat(md).endsWith(BenchReport.END + "\n\n" + HAND_WRITTEN);
        assertThat(md).contains("Machine: test machine, 2 cores", "How to reproduce: run `bench/run.sh`");
        // Latency: median, min, max, spread over the repetitions, then p50 / p99 / p99.9.
        assertThat(md).contains("| | median ms (p99) | min | max | spread | rate/s | p50 ms | p99 ms | p99.9 ms |");
        assertThat(md).contains("| hub: pre-check @ 200/s | 72.5 | 70.1 | 75 | ±3% | 200 | 63.2 | 72.5 | 88.8 |");
        assertThat(md).contains("| floor: slowest silo called directly @ 200/s *(baseline)* | 60.9 | 60.4 | 61 | ±1% | 200 | 60.1 | 60.9 | 62.5 |");
        assertThat(md).contains("Target: hub p99 <= 1.05x the floor's p99 at 200 requests/s — **missed**: 1.20x the floor.");
        assertThat(md).contains("pre-check p99 / floor p99 @ 200/s **1.19**", "- a note about | pipes");
        // Throughput: no latency columns, thousands separated, the target met.
        assertThat(md).contains("| | median events/s | min | max | spread |\n");
        assertThat(md).contains("| raw batched INSERT ... ON CONFLICT *(baseline)* | 41,000 | 40,000 | 42,000 | ±2% |");
        assertThat(md).contains("— **met**: 1.25x of target.", "hub / raw **0.61**");
        // The summary links each section; fan-out first, as in the order.
        assertThat(md.indexOf("### Fan-out look-up overhead")).isLessThan(md.indexOf("### Ingestion: topic to replica"));
        assertThat(md).contains("![Fan-out look-up overhead (fixture)](benchmarks/fanout.png)");
    }

    @Test
    void writesADecodablePngChartPerBenchmark() throws IOException {
        Path doc = dir.resolve("docs/benchmarks.md");
        Path charts = dir.resolve("docs/benchmarks");

        BenchReport.render(results(), doc, charts, "bench/run.sh", "test machine");

        for (String id : new String[] {"fanout", "ingestion"}) {
            Path png = charts.resolve(id + ".png");
            assertThat(png).exists();
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(id + ".png decodes").isNotNull();
            assertThat(image.getWidth()).isEqualTo(900);
            assertThat(image.getHeight()).isEqualTo(500);
        }
    }

    @Test
    void renderingTwiceReplacesTheGeneratedPartOnly() throws IOException {
        Path doc = dir.resolve("benchmarks.md");
        Files.writeString(doc, "# Benchmarks\n\n" + HAND_WRITTEN);
        Path in = results();

        BenchReport.render(in, doc, dir.resolve("benchmarks"), "bench/run.sh", "first");
        BenchReport.render(in, doc, dir.resolve("benchmarks"), "bench/run.sh", "second");

        String md = Files.readString(doc);
        assertThat(md.split(BenchReport.BEGIN, -1)).hasSize(2);
        assertThat(md).contains("Machine: second").doesNotContain("Machine: first");
        assertThat(md).endsWith(HAND_WRITTEN);
    }
}
