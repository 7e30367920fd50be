package cn.tongban.hub.demo.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serialises a {@link SyntheticDataSet} to files: JSON lines for events, public-security
 * records and the truth, CSV for the social-insurance tables, JSON for the manifest. All
 * files are UTF-8 with {@code \n} line ends, so equal data sets give equal bytes.
 *
 * <p>CSV follows RFC 4180 with a header line; SQL NULL is an empty unquoted field, and a
 * value is quoted when it holds a comma, a quote, a line break, or leading or trailing
 * spaces (so the padding quirks survive a round trip).
 */
public final class SiloViewWriter {

    public static final String PUBLIC_SECURITY_FILE = "public-security-persons.jsonl";
    public static final String AB01_FILE = "social-insurance-AB01.csv";
    public static final String AC01_FILE = "social-insurance-AC01.csv";
    public static final String AC02_FILE = "social-insurance-AC02.csv";
    public static final String EVENTS_FILE = "market-regulation-events.jsonl";
    public static final String TRUTH_ENTERPRISES_FILE = "truth-enterprises.jsonl";
    public static final String TRUTH_PERSONS_FILE = "truth-persons.jsonl";
    public static final String MANIFEST_FILE = "quirk-manifest.json";
    public static final String SUMMARY_FILE = "summary.txt";
    public static final String CIVIL_AFFAIRS_FILE = "civil-affairs-marriages.jsonl";

    private SiloViewWriter() {
    }

    /** Writes every file into {@code dir} (created if needed) and returns their paths in a fixed order. */
    public static List<Path> writeAll(SyntheticDataSet data, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(write(dir.resolve(PUBLIC_SECURITY_FILE), w -> writePublicSecurity(data.publicSecurityRecords(), w)));
        written.add(write(dir.resolve(AB01_FILE), w -> writeAb01(data.ab01Rows(), w)));
        written.add(write(dir.resolve(AC01_FILE), w -> writeAc01(data.ac01Rows(), w)));
        written.add(write(dir.resolve(AC02_FILE), w -> writeAc02(data.ac02Rows(), w)));
        written.add(write(dir.resolve(EVENTS_FILE), w -> writeEvents(data.marketRegulationEvents(), w)));
        written.add(write(dir.resolve(TRUTH_ENTERPRISES_FILE), w -> writeTruthEnterprises(data.enterprises(), w)));
        written.add(write(dir.resolve(TRUTH_PERSONS_FILE), w -> writeTruthPersons(data.persons(), w)));
        written.add(write(dir.resolve(MANIFEST_FILE), w -> w.append(data.manifest().toJson()).append('\n')));
        written.add(write(dir.resolve(SUMMARY_FILE), w -> w.append(data.summary())));
        written.add(write(dir.resolve(CIVIL_AFFAIRS_FILE), w -> writeCivilAffairs(data.civilAffairs().records(), w)));
        return written;
    }

    /** Every silo view in a fixed order, as one text (what a determinism check hashes). */
    public static void writeSiloViews(SyntheticDataSet data, Appendable out) throws IOException {
        writePublicSecurity(data.publicSecurityRecords(), out);
        writeAb01(data.ab01Rows(), out);
        writeAc01(data.ac01Rows(), out);
        writeAc02(data.ac02Rows(), out);
        writeEvents(data.marketRegulationEvents(), out);
    }

    public static void writePublicSecurity(List<PublicSecurityRecord> records, Appendable out) throws IOException {
        for (PublicSecurityRecord r : records) {
            out.append(Json.write(r.toMap())).append('\n');
        }
    }

    /** One registry record per line, as an element of the answer's {@code data.list}. */
    public static void writeCivilAffairs(List<CivilAffairsRecord> records, Appendable out) throws IOException {
        for (CivilAffairsRecord r : records) {
            out.append(Json.write(r.toMap())).append('\n');
        }
    }

    public static void writeEvents(List<MarketRegulationEvent> events, Appendable out) throws IOException {
        for (MarketRegulationEvent e : events) {
            out.append(e.toJson()).append('\n');
        }
    }

    public static void writeAb01(List<Ab01Row> rows, Appendable out) throws IOException {
        writeCsv(Ab01Row.COLUMNS, rows.stream().map(Ab01Row::values).toList(), out);
    }

    public static void writeAc01(List<Ac01Row> rows, Appendable out) throws IOException {
        writeCsv(Ac01Row.COLUMNS, rows.stream().map(Ac01Row::values).toList(), out);
    }

    public static void writeAc02(List<Ac02Row> rows, Appendable out) throws IOException {
        writeCsv(Ac02Row.COLUMNS, rows.stream().map(Ac02Row::values).toList(), out);
    }

    public static void writeCsv(List<String> columns, List<List<String>> rows, Appendable out) throws IOException {
        out.append(String.join(",", columns)).append('\n');
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(csvField(row.get(i)));
            }
            out.append('\n');
        }
    }

    static String csvField(String v) {
        if (v == null) {
            return "";
        }
        boolean quote = v.isEmpty() || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
                || v.indexOf('\r') >= 0 || Character.isWhitespace(v.charAt(0))
                || Character.isWhitespace(v.charAt(v.length() - 1));
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    public static void writeTruthEnterprises(List<TruthEnterprise> enterprises, Appendable out) throws IOException {
        for (TruthEnterprise e : enterprises) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("uscc", e.uscc());
            m.put("orgCode", e.orgCode());
            m.put("regNo", e.regNo());
            m.put("name", e.name());
            m.put("typeCode", e.typeCode());
            m.put("legalRepresentativeName", e.legalRepresentativeName());
            m.put("legalRepresentativeId", e.legalRepresentativeId());
            m.put("registeredCapital", e.registeredCapital());
            m.put("currency", e.currency());
            m.put("establishedDate", iso(e.establishedDate()));
            m.put("approvedDate", iso(e.approvedDate()));
            m.put("businessTermFrom", iso(e.businessTermFrom()));
            m.put("businessTermTo", iso(e.businessTermTo()));
            m.put("businessScope", e.businessScope());
            m.put("registrationAuthority", e.registrationAuthority());
            m.put("registrationState", e.registrationState());
            m.put("address", e.address());
            m.put("regionCode", e.regionCode());
            out.append(Json.write(m)).append('\n');
        }
    }

    public static void writeTruthPersons(List<TruthPerson> persons, Appendable out) throws IOException {
        for (TruthPerson p : persons) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("citizenId", p.citizenId());
            m.put("name", p.name());
            m.put("sex", p.sex());
            m.put("ethnicGroup", p.ethnicGroup());
            m.put("birthDate", iso(p.birthDate()));
            m.put("householdAddress", p.householdAddress());
            m.put("householdRegion", p.householdRegion());
            m.put("householdNumber", p.householdNumber());
            m.put("relationToHead", p.relationToHead());
            m.put("maritalStatus", p.maritalStatus());
            m.put("personStatus", p.personStatus());
            m.put("deathDate", iso(p.deathDate()));
            m.put("phone", p.phone());
            m.put("employerUscc", p.employerUscc());
            List<Object> ins = new ArrayList<>();
            for (TruthInsurance i : p.insurances()) {
                Map<String, Object> im = new LinkedHashMap<>();
                im.put("type", i.type());
                im.put("unitUscc", i.unitUscc());
                im.put("contributionStatus", i.contributionStatus());
                im.put("firstInsuredDate", iso(i.firstInsuredDate()));
                im.put("insuredDate", iso(i.insuredDate()));
                im.put("monthsPaid", i.monthsPaid());
                im.put("arrears", i.arrears());
                ins.add(im);
            }
            m.put("insurances", ins);
            out.append(Json.write(m)).append('\n');
        }
    }

    private static String iso(LocalDate d) {
        return d == null ? null : d.toString();
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    private static Path write(Path file, Body body) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            body.write(w);
        }
        return file;
    }
}
