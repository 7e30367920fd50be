package cn.tongban.hub.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/**
 * The operations guide keeps up with the configuration: every {@code hub.*} property the
 * configuration files define and every {@code HUB_*} environment variable they read is named
 * in docs/operations.md, and the Chinese twin names the same variables under the same number
 * of sections. A property added without a line in the guide fails here, not in an operator's
 * night shift. Plain files, no Spring context.
 */
class OperationsGuideTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path GUIDE = Path.of("docs/operations.md");
    private static final Path GUIDE_ZH = Path.of("docs/operations.zh-CN.md");

    /**
     * Maps whose keys are names chosen by the deployment (client ids, operator user names, the
     * silos and datasets a bulk load knows): the guide documents the map and its entry's fields,
     * not every entry the shipped files carry, so only the prefix must be named.
     */
    private static final List<String> USER_DEFINED_MAPS = List.of("hub.security.clients.", "hub.security.operators.",
            "hub.bulkload.datasets.");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{(HUB_[A-Z0-9_]+)[:}]");
    private static final Pattern ENV_NAME = Pattern.compile("\\bHUB_[A-Z0-9_]*[A-Z0-9]");

    @Test
    void namesEveryHubPropertyOfTheConfigurationFiles() throws IOException {
        String guide = read(GUIDE);
        Set<String> missing = new TreeSet<>();
        for (Path file : configurationFiles()) {
            for (String key : hubKeys(file)) {
                String required = USER_DEFINED_MAPS.stream().filter(key::startsWith).findFirst().orElse(key);
                if (!mentions(guide, required)) {
                    missing.add(required + " (" + file.getFileName() + ")");
                }
            }
        }
        assertThat(missing).as("hub.* properties of the configuration files that docs/operations.md does not name").isEmpty();
    }

    @Test
    void namesEveryEnvironmentVariableTheConfigurationFilesRead() throws IOException {
        String guide = read(GUIDE);
        Set<String> missing = new TreeSet<>();
        for (Path file : configurationFiles()) {
            Matcher m = ENV_REFERENCE.matcher(read(file));
            while (m.find()) {
                if (!envNames(guide).contains(m.group(1))) {
                    missing.add(m.group(1) + " (" + file.getFileName() + ")");
                }
            }
        }
        assertThat(missing).as("HUB_* variables of the configuration files that docs/operations.md does not name").isEmpty();
    }

    @Test
    void chineseTwinNamesTheSameVariablesUnderTheSameNumberOfSections() throws IOException {
        String en = read(GUIDE);
        String zh = read(GUIDE_ZH);
        assertThat(envNames(zh)).as("HUB_* variables named in docs/operations.zh-CN.md").isEqualTo(envNames(en));
        assertThat(levelTwoHeadings(zh)).as("level-2 headings of docs/operations.zh-CN.md").isEqualTo(levelTwoHeadings(en));
    }

    @Test
    void flattensNestedKeysAndKeepsListsWhole() throws IOException {
        Path yaml = Files.createTempFile("operations-guide", ".yaml");
        try {
            Files.writeString(yaml, "hub:\n  a:\n    b-c: 1\n    list: [x, y]\n  d: ''\nother:\n  e: 2\n");
            assertThat(hubKeys(yaml)).containsExactlyInAnyOrder("hub.a.b-c", "hub.a.list", "hub.d");
        } finally {
            Files.delete(yaml);
        }
        // A longer key does not count as naming a shorter one it starts with.
        assertThat(mentions("`hub.x.settle-timeout`", "hub.x.settle")).isFalse();
        assertThat(mentions("`hub.x.settle`, `hub.x.settle-timeout`", "hub.x.settle")).isTrue();
        assertThat(mentions("see hub.x.settle.", "hub.x.settle")).isTrue();
        assertThat(mentions("hub.x.settle.more", "hub.x.settle")).isFalse();
        assertThat(levelTwoHeadings("## One\n```\n## not a heading\n```\n### Three\n## Two\n")).isEqualTo(2);
    }

    private static List<Path> configurationFiles() throws IOException {
        try (Stream<Path> files = Files.list(RESOURCES)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().matches("application(-[a-z0-9]+)?\\.ya?ml")).sorted().toList();
            assertThat(found).as("configuration files under " + RESOURCES).isNotEmpty();
            return found;
        }
    }

    /** The flattened {@code hub.*} keys of one YAML file; a list is one property. */
    static Set<String> hubKeys(Path yaml) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
        Set<String> keys = new TreeSet<>();
        if (root != null && root.has("hub")) {
            flatten("hub", root.get("hub"), keys);
        }
        return keys;
    }

    private static void flatten(String prefix, JsonNode node, Set<String> keys) {
        if (!node.isObject() || node.isEmpty()) {
            keys.add(prefix);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            flatten(prefix + "." + e.getKey(), e.getValue(), keys);
        }
    }

    /** The key itself, not only a longer key that starts with it. */
    static boolean mentions(String text, String key) {
        String quoted = Pattern.quote(key);
        String pattern = key.endsWith(".") ? "(?<![\\w.-])" + quoted : "(?<![\\w.-])" + quoted + "(?![\\w-])(?!\\.\\w)";
        return Pattern.compile(pattern).matcher(text).find();
    }

    private static Set<String> envNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = ENV_NAME.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** {@code ## } headings outside fenced code blocks. */
    static int levelTwoHeadings(String markdown) {
        int count = 0;
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("## ")) {
                count++;
            }
        }
        return count;
    }

    private static String read(Path file) throws IOException {
        assertThat(file).as(file + " (run from the project root)").exists();
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
