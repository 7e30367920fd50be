package cn.tongban.hub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A broken mapping file stops the start with the file, the line and the reason; every
 * shipped mapping file compiles.
 */
class MappingLoaderTest {

    private static final CodeLists CODE_LISTS = CodeLists.load(Path.of("mappings", "codelists"));

    @TempDir
    Path dir;

    private static final String VALID = """
            silo: test-silo
            entity: enterprise
            format: row
            record:
              id: UNIT_NO
            fields:
              uscc:
                source: USCC
                type: uscc
              name:
                source: NAME
                type: text
                required: true
              enterpriseType:
                source: TYPE
                type: code
                codelist: enterprise-type
                label: enterpriseTypeLabel
              registeredCapitalWan:
                source: CAPITAL_YUAN
                type: decimal
                multiply: 0.0001
            """;

    private MappingFileException brokenAt(String yaml) throws IOException {
        Path file = dir.resolve("test-silo.yaml");
        Files.writeString(file, yaml);
        try {
            new MappingLoader(CODE_LISTS).load(file);
        } catch (MappingFileException e) {
            return e;
        }
        throw new AssertionError("the file compiled: " + yaml);
    }

    @Test
    void everyShippedMappingFileCompiles() {
        Mappings all = Mappings.load(Path.of("mappings"), CODE_LISTS);
        assertThat(all.all()).extracting(CompiledMapping::id)
                .contains("market-regulation", "public-security", "social-insurance.unit", "social-insurance.person",
                        "social-insurance.insurance");
    }

    @Test
    void aValidFileMapsARowWithProvenanceAndUnitConversion() throws IOException {
        Path file = dir.resolve("test-silo.yaml");
        Files.writeString(file, VALID);
        CompiledMapping m = new MappingLoader(CODE_LISTS).load(file);
        Map<String, Object> row = new HashMap<>();
        row.put("UNIT_NO", "U1");
        row.put("USCC", "91340000711771143J");
        row.put("NAME", "科大讯飞股份有限公司   ");
        row.put("TYPE", "股份有限公司（上市）");
        row.put("CAPITAL_YUAN", "2310005000");
        Instant at = Instant.parse("2026-11-23T08:00:00Z");
        MappedRecord r = m.map(row, at);
        assertThat(r.text("name")).isEqualTo("科大讯飞股份有限公司");
        assertThat(r.text("enterpriseType")).isEqualTo("1210");
        assertThat(r.text("enterpriseTypeLabel")).isEqualTo("股份有限公司(上市)");
        assertThat(r.fields().get("registeredCapitalWan").value()).isEqualTo(new java.math.BigDecimal("231000.5"));
        assertThat(r.fields().get("name").provenance().sourceField()).isEqualTo("NAME");
        assertThat(r.fields().get("name").provenance().recordId()).isEqualTo("U1");
        assertThat(r.fields().get("name").provenance().fetchedAt()).isEqualTo(at);
        assertThat(r.flags()).isEmpty();
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
            "  name:|  nmae:|10|unknown canonical field 'nmae'",
            "    type: text|    type: txt|12|unknown type 'txt'",
            "    type: text|    type: date|12|type date produces DATE but canonical field 'name' is TEXT",
            "    codelist: enterprise-type|    codelist: enterprise-kind|17|unknown code list 'enterprise-kind'",
            "    label: enterpriseTypeLabel|    label: name|18|label field 'name' is TEXT, not LABEL",
            "    multiply: 0.0001|    multiply: ten thousand|22|multiply is a decimal number",
            "    source: NAME|    sauce: NAME|11|unknown entry 'sauce'",
            "  id: UNIT_NO|  id: UNIT NO|5|'UNIT NO' is not a column name",
    })
    void aBrokenFileNamesItsLineAndReason(String search, String replacement, int line, String reason) throws IOException {
        assertThat(VALID).contains(search);
        MappingFileException e = brokenAt(VALID.replace(search, replacement));
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.reason()).contains(reason);
        assertThat(e.getMessage()).startsWith(dir.resolve("test-silo.yaml") + ":" + line + ": ");
    }

    @Test
    void aFileWhoseRecordsCouldNeverBeKeyedIsRefused() throws IOException {
        MappingFileException e = brokenAt(VALID.replace("  uscc:\n    source: USCC\n    type: uscc\n", ""));
        assertThat(e.reason()).contains("key field 'uscc'").contains("could never be keyed");
    }

    @Test
    void aFileNamedForAnotherSiloIsRefused() throws IOException {
        MappingFileException e = brokenAt(VALID.replace("silo: test-silo", "silo: other"));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.reason()).contains("must be the file name");
    }

    @Test
    void invalidYamlIsReportedWithItsLine() throws IOException {
        MappingFileException e = brokenAt(VALID.replace("  name:\n", "  name:\n   - [unclosed\n"));
        assertThat(e.reason()).startsWith("not valid YAML");
        assertThat(e.line()).isGreaterThanOrEqualTo(9);
    }

    @Test
    void aRequiredValueThatIsBlankRejectsTheRecordWithItsCode() throws IOException {
        Path file = dir.resolve("test-silo.yaml");
        Files.writeString(file, VALID);
        CompiledMapping m = new MappingLoader(CODE_LISTS).load(file);
        Map<String, Object> row = new HashMap<>();
        row.put("UNIT_NO", "U2");
        row.put("USCC", "91340000711771143J");
        row.put("NAME", "无");
        assertThatThrownBy(() -> m.map(row, Instant.EPOCH)).isInstanceOfSatisfying(MappingException.class,
                ex -> assertThat(ex.error()).isEqualTo(MappingError.MISSING_REQUIRED_FIELD));
        row.put("NAME", "某公司");
        row.put("CAPITAL_YUAN", "一百万");
        MappedRecord r = m.map(row, Instant.EPOCH);
        assertThat(r.has("registeredCapitalWan")).isFalse();
        assertThat(r.flags()).containsExactly("NUMBER_FORMAT:registeredCapitalWan");
    }
}
