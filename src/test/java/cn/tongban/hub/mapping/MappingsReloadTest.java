package cn.tongban.hub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The developer loop: edited mapping files and code lists take effect; a broken edit keeps the last good one. */
class MappingsReloadTest {

    @TempDir
    Path dir;

    private static final String MAPPING = """
            silo: shop
            entity: enterprise
            format: row
            record:
              id: ID
            fields:
              uscc:
                source: USCC
                type: uscc
              registrationState:
                source: STATE
                type: code
                codelist: state
                label: registrationStateLabel
            """;

    private static final String LIST = """
            id: state
            description: test
            source: test
            entries:
              - { code: "1", label: 存续, aliases: [] }
            """;

    private void write(Path file, String text, int secondsAhead) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        // Editors save within the same second; the poll compares modification times.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsAhead)));
    }

    private static Map<String, Object> row(String state) {
        return Map.of("ID", "1", "USCC", "91340000711771143J", "STATE", state);
    }

    @Test
    void reloadsChangedFilesAndKeepsTheLastGoodOneOnABrokenEdit() throws IOException {
        Path mapping = dir.resolve("shop.yaml");
        Path list = dir.resolve("codelists/state.yaml");
        write(mapping, MAPPING, 0);
        write(list, LIST, 0);
        Mappings m = Mappings.load(dir, CodeLists.load(dir.resolve("codelists")));
        assertThat(m.reloadIfChanged()).isEmpty();
        assertThat(m.require("shop").map(row("在营"), Instant.EPOCH).flags()).containsExactly("UNKNOWN_CODE:registrationState");

        write(list, LIST.replace("aliases: []", "aliases: [在营]"), 5);
        assertThat(m.reloadIfChanged()).containsExactly("shop");
        assertThat(m.require("shop").map(row("在营"), Instant.EPOCH).text("registrationState")).isEqualTo("1");

        write(mapping, MAPPING.replace("type: code", "type: kode"), 10);
        assertThat(m.reloadIfChanged()).isEmpty();
        assertThat(m.lastErrors()).singleElement().asString().contains("shop.yaml:12: unknown type 'kode'");
        assertThat(m.require("shop").map(row("在营"), Instant.EPOCH).text("registrationState")).isEqualTo("1");

        write(mapping, MAPPING.replace("label: registrationStateLabel", ""), 15);
        assertThat(m.reloadIfChanged()).containsExactly("shop");
        assertThat(m.lastErrors()).isEmpty();
        assertThat(m.require("shop").map(row("在营"), Instant.EPOCH).has("registrationStateLabel")).isFalse();
    }
}
