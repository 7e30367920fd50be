package cn.tongban.hub.demo.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Command line to write a synthetic data set to files, for load tests and for looking at
 * the data outside the demo.
 *
 * <pre>
 * ./mvnw -q compile
 * java -cp target/classes cn.tongban.hub.demo.data.SyntheticDataCli \
 *      --seed 20261123 --enterprises 2000 --persons 10000 --out /tmp/tongban-data
 * </pre>
 *
 * The generator needs nothing beyond the project's own classes (no Spring, no libraries).
 * The whole data set is built in memory: the default size fits in a 64 MB heap, ten times
 * the default needs about 1 GB ({@code -Xmx1g}). Every option is optional: the defaults are the demo's
 * {@link SyntheticDataSet#DEFAULT_SEED}, {@link SyntheticDataSet#DEFAULT_ENTERPRISES},
 * {@link SyntheticDataSet#DEFAULT_PERSONS} and the folder {@code demo-data}. The same options
 * always produce byte-identical files.
 *
 * <p>Files written (see {@link SiloViewWriter}): {@code public-security-persons.jsonl} (one
 * GA/T 543 record per line), {@code social-insurance-AB01.csv}, {@code -AC01.csv},
 * {@code -AC02.csv}, {@code market-regulation-events.jsonl} (message bodies in publication
 * order, malformed ones included), {@code truth-enterprises.jsonl}, {@code truth-persons.jsonl},
 * {@code quirk-manifest.json}, {@code summary.txt} and {@code civil-affairs-marriages.jsonl} (one
 * marriage registry record per line). Exit status 0 on success, 2 on bad
 * arguments, 1 when writing fails.
 */
public final class SyntheticDataCli {

    static final String USAGE = "usage: SyntheticDataCli [--seed N] [--enterprises N] [--persons N] [--out DIR]";

    private SyntheticDataCli() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Does the work of {@link #main} and returns the exit status instead of exiting. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        long seed = SyntheticDataSet.DEFAULT_SEED;
        int enterprises = SyntheticDataSet.DEFAULT_ENTERPRISES;
        int persons = SyntheticDataSet.DEFAULT_PERSONS;
        Path dir = Path.of("demo-data");
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--enterprises" -> enterprises = nonNegative(a, v);
                    case "--persons" -> persons = nonNegative(a, v);
                    case "--out" -> dir = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (enterprises > 0 && persons == 0) {
                throw new IllegalArgumentException("--persons must be at least 1 when there are enterprises");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        long start = System.nanoTime();
        SyntheticDataSet data = SyntheticDataSet.generate(seed, enterprises, persons);
        long generated = System.nanoTime();
        try {
            List<Path> files = SiloViewWriter.writeAll(data, dir);
            out.print(data.summary());
            out.printf(Locale.ROOT, "generated in %d ms, written in %d ms:%n",
                    (generated - start) / 1_000_000, (System.nanoTime() - generated) / 1_000_000);
            files.forEach(f -> out.println("  " + f));
            return 0;
        } catch (IOException e) {
            err.println("cannot write to " + dir + ": " + e.getMessage());
            return 1;
        }
    }

    private static int nonNegative(String option, String value) {
        int n = Integer.parseInt(value);
        if (n < 0) {
            throw new IllegalArgumentException(option + " must not be negative");
        }
        return n;
    }
}
