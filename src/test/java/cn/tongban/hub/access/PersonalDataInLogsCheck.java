package cn.tongban.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.identifiers.CitizenId;

/**
 * Runs after every other test of the build (its own failsafe execution, see pom.xml) and scans
 * what they logged (the surefire and failsafe output files, the child JVMs' logs) for citizen
 * ID numbers: an 18-character ID with a valid check character that is not masked. Personal
 * data must never appear unmasked in logs, whatever the test or the code path.
 */
class PersonalDataInLogsCheck {

    /** An 18-character citizen ID standing alone (not part of a longer token such as a USCC or a hash). */
    private static final Pattern ID = Pattern.compile("(?<![0-9A-Za-z])[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])"
            + "(?:0[1-9]|[12]\\d|3[01])\\d{3}[0-9Xx](?![0-9A-Za-z])");

    @Test
    void recognisesAnUnmaskedCitizenIdInALogLineAndNotAMaskedOne() {
        String id = "310115198211242579";
        assertThat(validCheckCharacter(id)).isTrue();
        assertThat(ID.matcher("INFO person " + id + " answered in 12 ms").find()).isTrue();
        assertThat(ID.matcher("INFO person " + CitizenId.parse(id).masked() + " answered").find()).isFalse();
        assertThat(ID.matcher("uscc 91" + id.substring(2) + "X").find()).as("part of a longer token").isFalse();
    }

    @Test
    void noTestRunLoggedAnUnmaskedCitizenId() throws IOException {
        Path build = Path.of(System.getProperty("hub.build.dir.absolute", "target"));
        List<Path> logs;
        try (Stream<Path> files = Files.walk(build, 6)) {
            logs = files.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith("-output.txt") || n.endsWith(".log");
            }).filter(p -> !p.toString().contains("personal-data-in-logs")).toList();
        }
        List<String> found = new ArrayList<>();
        long lines = 0;
        for (Path log : logs) {
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE);
            try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(log), decoder))) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    lines++;
                    Matcher m = ID.matcher(line);
                    while (m.find()) {
                        if (validCheckCharacter(m.group()) && found.size() < 50) {
                            found.add(build.relativize(log) + ":" + n + ": " + CitizenId.parse(m.group()).masked());
                        }
                    }
                }
            }
        }
        System.out.printf("personal-data scan: %d log files, %d lines, %d unmasked citizen IDs%n", logs.size(), lines, found.size());
        org.junit.jupiter.api.Assumptions.assumeFalse(logs.isEmpty(), "no test logged anything under " + build.toAbsolutePath());
        assertThat(found).as("unmasked citizen IDs in the build's logs (shown masked here)").isEmpty();
    }

    private static boolean validCheckCharacter(String id) {
        try {
            return CitizenId.parse(id).value() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
