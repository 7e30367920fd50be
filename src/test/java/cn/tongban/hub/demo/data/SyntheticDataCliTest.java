package cn.tongban.hub.demo.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataCliTest {

    @TempDir
    Path tmp;

    @Test
    void writesEveryViewAndTheManifest() throws IOException {
        Path out = tmp.resolve("a");
        assertThat(run("--seed", "7", "--enterprises", "50", "--persons", "300", "--out", out.toString())).isZero();

        SyntheticDataSet data = SyntheticDataSet.generate(7, 50, 300);
        assertThat(lines(out.resolve(SiloViewWriter.PUBLIC_SECURITY_FILE))).hasSize(300);
        assertThat(lines(out.resolve(SiloViewWriter.AB01_FILE))).hasSize(data.ab01Rows().size() + 1)
                .first().isEqualTo(String.join(",", Ab01Row.COLUMNS));
        assertThat(lines(out.resolve(SiloViewWriter.AC01_FILE))).hasSize(data.ac01Rows().size() + 1);
        assertThat(lines(out.resolve(SiloViewWriter.AC02_FILE))).hasSize(data.ac02Rows().size() + 1);
        assertThat(lines(out.resolve(SiloViewWriter.EVENTS_FILE))).hasSize(data.marketRegulationEvents().size());
        assertThat(lines(out.resolve(SiloViewWriter.TRUTH_ENTERPRISES_FILE))).hasSize(50);
        assertThat(lines(out.resolve(SiloViewWriter.TRUTH_PERSONS_FILE))).hasSize(300);
        assertThat(Files.readString(out.resolve(SiloViewWriter.MANIFEST_FILE))).startsWith("{\"quirks\":[");
    }

    @Test
    void sameOptionsWriteIdenticalFiles() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertThat(run("--seed", "11", "--enterprises", "30", "--persons", "200", "--out", a.toString())).isZero();
        assertThat(run("--seed", "11", "--enterprises", "30", "--persons", "200", "--out", b.toString())).isZero();
        try (var files = Files.list(a)) {
            for (Path f : files.sorted().toList()) {
                assertThat(Files.readAllBytes(b.resolve(f.getFileName()))).as(f.getFileName().toString())
                        .isEqualTo(Files.readAllBytes(f));
            }
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThat(run("--enterprises", "many")).isEqualTo(2);
        assertThat(run("--persons")).isEqualTo(2);
        assertThat(run("--colour", "blue")).isEqualTo(2);
        assertThat(run("--enterprises", "5", "--persons", "0")).isEqualTo(2);
    }

    @Test
    void quotesCsvValuesThatWouldOtherwiseLoseInformation() {
        assertThat(SiloViewWriter.csvField(null)).isEmpty();
        assertThat(SiloViewWriter.csvField("")).isEqualTo("\"\"");
        assertThat(SiloViewWriter.csvField("王俊  ")).isEqualTo("\"王俊  \"");
        assertThat(SiloViewWriter.csvField("a,\"b\"")).isEqualTo("\"a,\"\"b\"\"\"");
        assertThat(SiloViewWriter.csvField("无")).isEqualTo("无");
    }

    private static int run(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return SyntheticDataCli.run(args, out, out);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
