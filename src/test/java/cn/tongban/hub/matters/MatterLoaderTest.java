package cn.tongban.hub.matters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.tongban.hub.mapping.CodeLists;

class MatterLoaderTest {

    static final CodeLists CODE_LISTS = CodeLists.load(Path.of("mappings", "codelists"));
    static final MatterLoader LOADER = new MatterLoader(Set.of(MatterConfiguration.DEFAULT_TYPES.split(",")), CODE_LISTS);

    @TempDir
    Path dir;

    static final String GOOD = """
            code: QR00401004
            name: 户口登记项目变更
            aliases: [婚姻变更户口登记]
            subject: person
            materials:
              - id: marriage-certificate
                name: 结婚证
                form: 原件
                medium: paper
                count: 1
                necessity: required
                source: 民政部门
                satisfiedBy:
                  all:
                    - { field: maritalStatus, in: ["20", "21"] }
                    - { field: deathDate, absent: true }
            form:
              - { id: name, label: 姓名, field: name }
            """;

    @Test
    void loadsTheShippedCatalogueWithAtLeastSixMatters() {
        List<Matter> matters = LOADER.loadAll(Path.of("mappings", "matters"));
        assertThat(matters).hasSizeGreaterThanOrEqualTo(6);
        assertThat(matters).extracting(Matter::subjectType).contains("person", "enterprise");
        assertThat(matters).allSatisfy(m -> assertThat(m.code()).matches("[A-Z]{2}\\d{8}"));
        // At least one matter that shared data can never fully satisfy.
        assertThat(matters).anySatisfy(m -> assertThat(m.materials()).anyMatch(x -> x.satisfiedBy() == null && x.applicantTypes().isEmpty()
                && x.necessity() == Matter.Necessity.REQUIRED));
    }

    @Test
    void compilesMaterialsWithChineseOrEnglishValues() throws IOException {
        Matter m = LOADER.load(write("good.yaml", GOOD));
        Matter.Material mat = m.materials().get(0);
        assertThat(mat.form()).isEqualTo(Matter.Form.ORIGINAL);
        assertThat(mat.medium()).isEqualTo(Matter.Medium.PAPER);
        assertThat(mat.shareable()).isTrue();
        assertThat(mat.satisfiedBy()).isInstanceOf(Condition.All.class);
        assertThat(mat.dataFields()).containsExactly("maritalStatus", "deathDate");
        assertThat(m.type()).isEqualTo("QR");
    }

    @Test
    void rejectsUnknownCanonicalFieldInAConditionWithItsLine() throws IOException {
        assertError(GOOD.replace("field: deathDate", "field: deathDay"), 16, "unknown canonical field 'deathDay'");
    }

    @Test
    void rejectsCodeOfWrongShape() throws IOException {
        assertError(GOOD.replace("QR00401004", "QR0040100"), 1, "not a basic code");
    }

    @Test
    void rejectsMatterTypeNotConfigured() throws IOException {
        assertError(GOOD.replace("QR00401004", "ZZ00401004"), 1, "unknown matter type 'ZZ'");
    }

    @Test
    void rejectsUnknownNecessity() throws IOException {
        assertError(GOOD.replace("necessity: required", "necessity: sometimes"), 11, "unknown necessity 'sometimes'");
    }

    @Test
    void rejectsFieldTestWithTwoOperators() throws IOException {
        assertError(GOOD.replace("{ field: deathDate, absent: true }", "{ field: deathDate, absent: true, present: true }"), 16,
                "exactly one of equals");
    }

    @Test
    void rejectsInsuranceTypeOutsideTheCodeList() throws IOException {
        assertError(GOOD.replace("{ field: deathDate, absent: true }", "{ insurance: { type: \"999\", noArrears: true } }"), 16,
                "'999' is not a code of insurance-type");
    }

    @Test
    void rejectsInsuranceTestOnEnterpriseMatter() throws IOException {
        String enterprise = GOOD.replace("subject: person", "subject: enterprise")
                .replace("- { field: maritalStatus, in: [\"20\", \"21\"] }", "- { insurance: { type: \"110\" } }")
                .replace("- { field: deathDate, absent: true }", "- { field: uscc, present: true }")
                .replace("field: name }", "field: name }");
        assertError(enterprise, 15, "insurance tests apply to person matters only");
    }

    @Test
    void rejectsSatisfiedByOnAnApplicantMaterial() throws IOException {
        assertError(GOOD.replace("source: 民政部门", "source: applicant"), 12, "comes from the applicant");
    }

    @Test
    void rejectsUnknownEntryInAMaterial() throws IOException {
        assertError(GOOD.replace("    count: 1\n", "    count: 1\n    colour: red\n"), 11, "unknown entry 'colour'");
    }

    @Test
    void reportsBrokenYamlWithItsLine() throws IOException {
        assertError(GOOD.replace("    count: 1\n", "    count: [1\n"), 11, "not valid YAML");
    }

    @Test
    void rejectsAnAliasThatNamesTwoMatters() throws IOException {
        write("a.yaml", GOOD);
        write("b.yaml", GOOD.replace("QR00401004", "QR00401005").replace("name: 户口登记项目变更", "name: 另一个事项"));
        assertThatThrownBy(() -> LOADER.loadAll(dir)).isInstanceOfSatisfying(MatterFileException.class, e -> {
            assertThat(e.file()).endsWith("b.yaml");
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.reason()).contains("already names a matter").contains("a.yaml:3");
        });
    }

    private void assertError(String yaml, int line, String reason) throws IOException {
        Path f = write("broken.yaml", yaml);
        assertThatThrownBy(() -> LOADER.load(f)).isInstanceOfSatisfying(MatterFileException.class, e -> {
            assertThat(e.reason()).contains(reason);
            assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
            assertThat(e.getMessage()).startsWith(f + ":" + line + ": ");
        });
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
