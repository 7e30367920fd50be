package cn.tongban.hub.demo.data;

import static cn.tongban.hub.demo.data.DefaultData.DATA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.identifiers.IdentifierNormalizer;
import cn.tongban.hub.identifiers.OrganizationCode;
import cn.tongban.hub.identifiers.RegistrationNumber;
import cn.tongban.hub.identifiers.Uscc;

class SyntheticDataSetTest {

    @Test
    void sameSeedAndSizeGiveByteIdenticalSiloViews() throws IOException {
        SyntheticDataSet again = SyntheticDataSet.generate(
                SyntheticDataSet.DEFAULT_SEED, SyntheticDataSet.DEFAULT_ENTERPRISES, SyntheticDataSet.DEFAULT_PERSONS);

        assertThat(siloViewHash(again)).isEqualTo(siloViewHash(DATA));
        assertThat(again.manifest().toJson()).isEqualTo(DATA.manifest().toJson());
        assertThat(again.enterprises()).isEqualTo(DATA.enterprises());
        assertThat(again.persons()).isEqualTo(DATA.persons());
    }

    @Test
    void differentSeedGivesDifferentData() throws IOException {
        SyntheticDataSet a = SyntheticDataSet.generate(1L, 300, 1500);
        SyntheticDataSet b = SyntheticDataSet.generate(2L, 300, 1500);

        assertThat(siloViewHash(a)).isNotEqualTo(siloViewHash(b));
        assertThat(a.enterprises().get(0).uscc()).isNotEqualTo(b.enterprises().get(0).uscc());
        assertThat(siloViewHash(SyntheticDataSet.generate(1L, 300, 1500))).isEqualTo(siloViewHash(a));
    }

    @Test
    void respectsTheRequestedSizes() {
        assertThat(DATA.enterprises()).hasSize(SyntheticDataSet.DEFAULT_ENTERPRISES);
        assertThat(DATA.persons()).hasSize(SyntheticDataSet.DEFAULT_PERSONS);
        assertThat(DATA.publicSecurityRecords()).hasSize(SyntheticDataSet.DEFAULT_PERSONS);
        assertThat(DATA.ac01Rows()).hasSize((int) DATA.persons().stream().filter(TruthPerson::insured).count());
        assertThat(DATA.ac02Rows()).hasSize(DATA.persons().stream().mapToInt(p -> p.insurances().size()).sum());
        assertThat(DATA.ab01Rows().size()).isBetween(1, SyntheticDataSet.DEFAULT_ENTERPRISES);

        for (int[] size : new int[][] {{7, 13}, {1, 1}, {0, 5}, {0, 0}, {40, 3}}) {
            SyntheticDataSet d = SyntheticDataSet.generate(99L, size[0], size[1]);
            assertThat(d.enterprises()).hasSize(size[0]);
            assertThat(d.persons()).hasSize(size[1]);
            assertThat(d.publicSecurityRecords()).hasSize(size[1]);
            Set<String> initial = new HashSet<>();
            d.marketRegulationEvents().stream()
                    .filter(e -> e.wellFormed() && e.version() == 1 && e.payload().get("uniscid") != null)
                    .forEach(e -> initial.add(IdentifierNormalizer.normalize((String) e.payload().get("uniscid"))));
            assertThat(initial).as("initial versions for %s", List.of(size[0], size[1]))
                    .containsExactlyInAnyOrderElementsOf(d.enterprises().stream().map(TruthEnterprise::uscc).toList());
        }
    }

    @Test
    void rejectsImpossibleSizes() {
        assertThatThrownBy(() -> SyntheticDataSet.generate(1L, 5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyntheticDataSet.generate(1L, -1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyTruthUsccIsValidAndCarriesItsOrganisationCode() {
        List<String> invalid = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int postReform = 0;
        for (TruthEnterprise e : DATA.enterprises()) {
            String uscc = e.uscc();
            try {
                Uscc.parse(uscc);
            } catch (RuntimeException ex) {
                invalid.add(uscc + " " + ex.getMessage());
            }
            assertThat(seen.add(uscc)).as("unique %s", uscc).isTrue();
            String org = uscc.substring(8, 17);
            assertThat(OrganizationCode.checkCharacter(org.substring(0, 8))).as("org part of %s", uscc).isEqualTo(org.charAt(8));
            assertThat(uscc.substring(2, 8)).isEqualTo(e.regionCode());
            if (e.postReform()) {
                postReform++;
                assertThat(org).startsWith("MA");
                assertThat(e.regNo()).isNull();
            } else {
                assertThat(e.orgCode()).isEqualTo(org).doesNotStartWith("MA");
                assertThat(e.regNo()).hasSize(15).containsOnlyDigits();
                assertThat(RegistrationNumber.checkDigit(e.regNo().substring(0, 14))).isEqualTo(e.regNo().charAt(14));
                assertThat(e.regNo()).startsWith(e.regionCode());
            }
        }
        assertThat(invalid).isEmpty();
        assertThat(postReform / (double) DATA.enterprises().size()).isBetween(0.25, 0.35);
    }

    @Test
    void everyTruthCitizenIdIsValidAndMatchesBirthDateAndSex() {
        List<String> invalid = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TruthPerson p : DATA.persons()) {
            String id = p.citizenId();
            assertThat(id).hasSize(18);
            try {
                CitizenId parsed = CitizenId.parse(id);
                assertThat(parsed.value()).isEqualTo(id);
                assertThat(parsed.birthDate()).isEqualTo(p.birthDate());
                assertThat(parsed.sex()).isEqualTo(p.sex().equals("1") ? CitizenId.Sex.MALE : CitizenId.Sex.FEMALE);
            } catch (RuntimeException ex) {
                invalid.add(id + " " + ex.getMessage());
            }
            assertThat(seen.add(id)).as("unique %s", id).isTrue();
            assertThat(p.birthDate()).isBetween(LocalDate.of(1940, 1, 1), LocalDate.of(2005, 12, 31));
            assertThat(p.phone()).matches("1[3-9]\\d{9}");
            assertThat(p.deathDate() != null).isEqualTo(p.deceased());
        }
        assertThat(invalid).isEmpty();
    }

    @Test
    void legalRepresentativesAndEmployersAreInTheDataSet() {
        Map<String, TruthPerson> persons = new HashMap<>();
        DATA.persons().forEach(p -> persons.put(p.citizenId(), p));
        Set<String> usccs = new HashSet<>();
        DATA.enterprises().forEach(e -> usccs.add(e.uscc()));

        for (TruthEnterprise e : DATA.enterprises()) {
            TruthPerson rep = persons.get(e.legalRepresentativeId());
            assertThat(rep).as("legal representative of %s", e.uscc()).isNotNull();
            assertThat(rep.name()).isEqualTo(e.legalRepresentativeName());
            assertThat(e.registrationState()).isIn("1", "2", "3", "4", "5", "6", "9");
            assertThat(e.registeredCapital().signum()).isPositive();
            assertThat(e.approvedDate()).isAfterOrEqualTo(e.establishedDate());
        }
        for (TruthPerson p : DATA.persons()) {
            if (p.employerUscc() != null) {
                assertThat(usccs).contains(p.employerUscc());
            }
            p.insurances().forEach(i -> assertThat(usccs).contains(i.unitUscc()));
        }
    }

    @Test
    void socialInsuranceRowsReferToEachOtherAndHoldNoEmptyStrings() {
        Set<String> units = new HashSet<>();
        DATA.ab01Rows().forEach(r -> assertThat(units.add(r.AAB001())).isTrue());
        Set<String> people = new HashSet<>();
        DATA.ac01Rows().forEach(r -> assertThat(people.add(r.AAC001())).isTrue());
        DATA.ac02Rows().forEach(r -> {
            assertThat(units).contains(r.AAB001());
            assertThat(people).contains(r.AAC001());
        });
        // Oracle stores '' as NULL: a legacy VARCHAR2 column never holds an empty string.
        Stream.of(DATA.ab01Rows().stream().map(Ab01Row::values), DATA.ac01Rows().stream().map(Ac01Row::values),
                        DATA.ac02Rows().stream().map(Ac02Row::values))
                .flatMap(s -> s).flatMap(List::stream)
                .forEach(v -> assertThat(v).isNotEqualTo(""));
    }

    @Test
    void publicSecurityRecordsCanBeEncodedInGbk() {
        CharsetEncoder gbk = Charset.forName("GBK").newEncoder();
        List<String> bad = new ArrayList<>();
        for (PublicSecurityRecord r : DATA.publicSecurityRecords()) {
            for (String v : r.values()) {
                if (!gbk.canEncode(v)) {
                    bad.add(v);
                }
            }
        }
        assertThat(bad).isEmpty();
        assertThat(DATA.publicSecurityRecords().get(0).toMap().keySet()).containsExactlyElementsOf(PublicSecurityRecord.FIELDS);
    }

    @Test
    void summaryNamesTheSizesAndEveryQuirk() {
        String summary = DATA.summary();
        assertThat(summary).contains("seed " + SyntheticDataSet.DEFAULT_SEED).contains("10000 persons");
        for (Quirk q : Quirk.values()) {
            assertThat(summary).contains(q.name());
        }
    }

    static String siloViewHash(SyntheticDataSet data) throws IOException {
        StringBuilder text = new StringBuilder(8 << 20);
        SiloViewWriter.writeSiloViews(data, text);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
