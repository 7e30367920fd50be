package cn.tongban.hub.demo.data;

import static cn.tongban.hub.canonical.Silo.MARKET_REGULATION;
import static cn.tongban.hub.canonical.Silo.PUBLIC_SECURITY;
import static cn.tongban.hub.canonical.Silo.SOCIAL_INSURANCE;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.demo.data.Vocabulary.District;
import cn.tongban.hub.demo.data.Vocabulary.EnterpriseType;
import cn.tongban.hub.demo.data.Vocabulary.Industry;
import cn.tongban.hub.demo.data.Vocabulary.Region;
import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.identifiers.OrganizationCode;
import cn.tongban.hub.identifiers.RegistrationNumber;
import cn.tongban.hub.identifiers.Uscc;

/**
 * Builds one {@link SyntheticDataSet}. Every random choice comes from {@link SplittableRandom}
 * streams split off the seed in a fixed order, one per phase, so the output depends only on
 * the seed and the sizes. Hash sets are used for uniqueness checks only, never iterated.
 */
final class Generator {

    /** "Today" of the data set: no date is later. Fixed so that the clock never leaks in. */
    static final LocalDate REFERENCE_DATE = LocalDate.of(2025, 6, 30);
    /** Zone of all local dates and times (China Standard Time). */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /**
     * The offset of {@link #ZONE} for every instant generated (1993 on): China has kept
     * +08:00 without daylight saving since 1991, and the fixed offset is much cheaper.
     */
    private static final ZoneOffset CHINA_OFFSET = ZoneOffset.ofHours(8);

    private static final LocalDate REFORM_DATE = LocalDate.of(2015, 10, 1);
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1940, 1, 1);
    private static final LocalDate LATEST_BIRTH = LocalDate.of(2005, 12, 31);
    private static final String USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final String ORG_LETTERS = "ABCDEFGHJKLNPQRTUWXY";
    private static final double[] REGION_WEIGHTS = Vocabulary.REGIONS.stream().mapToDouble(Region::weight).toArray();
    private static final double[] TYPE_WEIGHTS =
            Vocabulary.ENTERPRISE_TYPES.stream().mapToDouble(EnterpriseType::weight).toArray();
    private static final double[] HOUSEHOLD_SIZE_WEIGHTS = {0.30, 0.30, 0.25, 0.15};
    private static final int AB01_NAME_WIDTH = 40;
    private static final int AC01_NAME_WIDTH = 20;

    private final long seed;
    private final int enterpriseCount;
    private final int personCount;
    private final SplittableRandom personRnd;
    private final SplittableRandom enterpriseRnd;
    private final SplittableRandom historyRnd;
    private final SplittableRandom insuranceRnd;
    private final SplittableRandom socialInsuranceRnd;
    private final SplittableRandom publicSecurityRnd;
    private final SplittableRandom marketRegulationRnd;
    private final SplittableRandom civilAffairsRnd;
    private final QuirkManifest.Builder manifest = new QuirkManifest.Builder();

    private final List<PersonDraft> persons = new ArrayList<>();
    private final List<EnterpriseDraft> enterprises = new ArrayList<>();
    private final Set<String> usedCitizenIds = new HashSet<>();
    private final Set<String> usedHouseholdNumbers = new HashSet<>();
    private final Set<String> usedOrgCodes = new HashSet<>();
    private final Set<String> usedRegNos = new HashSet<>();
    private final Set<String> usedNames = new HashSet<>();

    Generator(long seed, int enterpriseCount, int personCount) {
        if (enterpriseCount < 0 || personCount < 0) {
            throw new IllegalArgumentException("sizes must not be negative");
        }
        if (enterpriseCount > 0 && personCount == 0) {
            throw new IllegalArgumentException("enterprises need persons to be their legal representatives");
        }
        this.seed = seed;
        this.enterpriseCount = enterpriseCount;
        this.personCount = personCount;
        SplittableRandom root = new SplittableRandom(seed);
        this.personRnd = root.split();
        this.enterpriseRnd = root.split();
        this.historyRnd = root.split();
        this.insuranceRnd = root.split();
        this.socialInsuranceRnd = root.split();
        this.publicSecurityRnd = root.split();
        this.marketRegulationRnd = root.split();
        // Split last: the civil-affairs view was added later and must not shift the streams above.
        this.civilAffairsRnd = root.split();
    }

    /** Runs every phase once; a generator is good for one data set. */
    SyntheticDataSet generate() {
        if (!persons.isEmpty() || !enterprises.isEmpty()) {
            throw new IllegalStateException("this generator has already run");
        }
        generatePersons();
        generateEnterprises();
        generateHistories();
        generateInsurances();
        List<TruthEnterprise> truthEnterprises = enterprises.stream().map(e -> e.truth(persons)).toList();
        List<TruthPerson> truthPersons = persons.stream().map(PersonDraft::truth).toList();
        SocialInsuranceView si = buildSocialInsurance();
        List<PublicSecurityRecord> ps = buildPublicSecurity();
        List<MarketRegulationEvent> mr = buildMarketRegulation();
        CivilAffairsView ca = new CivilAffairsGenerator(civilAffairsRnd, truthPersons, usedCitizenIds).build();
        return new SyntheticDataSet(seed, truthEnterprises, truthPersons, ps, si.ab01, si.ac01, si.ac02, mr,
                manifest.build(), ca);
    }

    // ------------------------------------------------------------------ persons

    private static final class PersonDraft {
        String citizenId;
        String name;
        String surname;
        boolean male;
        String ethnicGroup;
        LocalDate birthDate;
        String householdAddress;
        String householdRegion;
        String householdNumber;
        String relationToHead;
        String maritalStatus;
        String status = TruthPerson.ACTIVE;
        LocalDate deathDate;
        LocalDateTime updatedAt;
        String phone;
        String employerUscc;
        final List<InsuranceDraft> insurances = new ArrayList<>();
        List<TruthInsurance> truthInsurances = List.of();

        boolean alive() {
            return !TruthPerson.DECEASED.equals(status);
        }

        TruthPerson truth() {
            return new TruthPerson(citizenId, name, male ? "1" : "2", ethnicGroup, birthDate, householdAddress,
                    householdRegion, householdNumber, relationToHead, maritalStatus, status, deathDate, phone,
                    employerUscc, truthInsurances);
        }
    }

    private record InsuranceDraft(String type, int unit, String status, LocalDate firstInsured, LocalDate insured,
                                  int monthsPaid, BigDecimal arrears) {
    }

    private void generatePersons() {
        SplittableRandom r = personRnd;
        while (persons.size() < personCount) {
            int size = switch (Vocabulary.weighted(r, HOUSEHOLD_SIZE_WEIGHTS)) {
                case 0 -> 1;
                case 1 -> 2;
                case 2 -> 3;
                default -> 4;
            };
            boolean withChildren = size >= 3 || (size == 2 && r.nextDouble() < 0.3);
            boolean withSpouse = size >= 3 || (size == 2 && !withChildren);
            int children = withChildren ? size - (withSpouse ? 2 : 1) : 0;

            Region region = pickRegion(r);
            District district = region.districts().get(r.nextInt(region.districts().size()));
            String address = region.addressPrefix(district) + pick(r, Vocabulary.ROADS) + (1 + r.nextInt(899)) + "号"
                    + (r.nextDouble() < 0.7
                    ? (1 + r.nextInt(30)) + "栋" + (1 + r.nextInt(4)) + "单元" + (1 + r.nextInt(25)) + "0" + (1 + r.nextInt(4)) + "室"
                    : "");
            String household = uniqueDigits(r, 9, usedHouseholdNumbers);

            LocalDate headBirth = children > 0
                    ? randomDate(r, EARLIEST_BIRTH, LocalDate.of(1983, 12, 31))
                    : randomBirth(r);
            boolean headMale = r.nextDouble() < 0.6;
            PersonDraft head = newPerson(r, headMale, headBirth, district, null);
            head.relationToHead = "02";
            head.maritalStatus = withSpouse ? "20" : singleMaritalStatus(r, headBirth);
            addToHousehold(head, address, district, household);

            PersonDraft father = headMale ? head : null;
            if (withSpouse && persons.size() < personCount) {
                LocalDate spouseBirth = clamp(headBirth.plusDays(r.nextInt(-1800, 1800)), EARLIEST_BIRTH, LATEST_BIRTH);
                PersonDraft spouse = newPerson(r, !headMale, spouseBirth, district, null);
                spouse.relationToHead = "10";
                spouse.maritalStatus = "20";
                if (!head.alive()) {
                    spouse.maritalStatus = "30"; // 丧偶
                } else if (!spouse.alive()) {
                    head.maritalStatus = "30";
                }
                addToHousehold(spouse, address, district, household);
                if (!headMale) {
                    father = spouse;
                }
            }
            for (int c = 0; c < children && persons.size() < personCount; c++) {
                LocalDate childBirth = headBirth.plusYears(22 + r.nextInt(17)).plusDays(r.nextInt(365));
                if (childBirth.isAfter(LATEST_BIRTH)) {
                    break;
                }
                boolean male = r.nextBoolean();
                String surname = father != null && r.nextDouble() < 0.9 ? father.surname : null;
                PersonDraft child = newPerson(r, male, childBirth, district, surname);
                child.relationToHead = male ? "20" : "30";
                child.maritalStatus = childBirth.isAfter(LocalDate.of(2000, 6, 30)) || r.nextDouble() < 0.6 ? "10" : "20";
                addToHousehold(child, address, district, household);
            }
        }
    }

    private void addToHousehold(PersonDraft p, String address, District district, String household) {
        p.householdAddress = address;
        p.householdRegion = district.code();
        p.householdNumber = household;
        persons.add(p);
    }

    private PersonDraft newPerson(SplittableRandom r, boolean male, LocalDate birth, District district, String surname) {
        PersonDraft p = new PersonDraft();
        p.male = male;
        p.birthDate = birth;
        p.surname = surname != null ? surname : randomSurname(r);
        p.name = p.surname + randomGivenName(r, male);
        p.ethnicGroup = r.nextDouble() < 0.92 ? "01" : pick(r, Vocabulary.MINORITY_CODES);
        String origin = r.nextDouble() < 0.7 ? district.code() : pick(r, Vocabulary.ORIGIN_REGIONS);
        p.citizenId = newCitizenId(r, origin, birth, male);
        double deathRate = birth.getYear() < 1950 ? 0.06 : birth.getYear() < 1965 ? 0.025 : birth.getYear() < 1985 ? 0.006 : 0.001;
        double u = r.nextDouble();
        if (u < deathRate) {
            p.status = TruthPerson.DECEASED;
            LocalDate earliest = max(birth.plusYears(20), LocalDate.of(2000, 1, 1));
            p.deathDate = randomDate(r, earliest, REFERENCE_DATE.minusDays(1));
        } else if (u < deathRate + 0.01) {
            p.status = TruthPerson.MOVED_OUT;
        }
        LocalDate updateFrom = max(max(birth, LocalDate.of(2016, 1, 1)), p.deathDate == null ? birth : p.deathDate);
        p.updatedAt = randomDate(r, updateFrom, REFERENCE_DATE).atTime(r.nextInt(24), r.nextInt(60), r.nextInt(60));
        p.phone = "1" + Vocabulary.MOBILE_SECOND.charAt(r.nextInt(Vocabulary.MOBILE_SECOND.length()))
                + digits(r, 9);
        return p;
    }

    private String newCitizenId(SplittableRandom r, String region, LocalDate birth, boolean male) {
        while (true) {
            // odd sequence numbers (1..999) for men, even ones (2..998) for women
            int seq = male ? 2 * r.nextInt(500) + 1 : 2 * (1 + r.nextInt(499));
            String body = region + compact(birth) + zeroPad(seq, 3);
            String id = body + CitizenId.checkCharacter(body);
            if (usedCitizenIds.add(id)) {
                return id;
            }
        }
    }

    private static String singleMaritalStatus(SplittableRandom r, LocalDate birth) {
        int age = birth.until(REFERENCE_DATE).getYears();
        if (age < 25) {
            return r.nextDouble() < 0.9 ? "10" : "20";
        }
        int i = Vocabulary.weighted(r, age >= 65
                ? new double[] {0.05, 0.45, 0.10, 0.35, 0.05}
                : new double[] {0.30, 0.45, 0.17, 0.03, 0.05});
        return new String[] {"10", "20", "40", "30", "90"}[i];
    }

    private static String randomSurname(SplittableRandom r) {
        if (r.nextDouble() < 0.01) {
            return pick(r, Vocabulary.COMPOUND_SURNAMES);
        }
        double u = r.nextDouble();
        int i = (int) (u * u * Vocabulary.SURNAMES.length());
        return String.valueOf(Vocabulary.SURNAMES.charAt(i));
    }

    private static String randomGivenName(SplittableRandom r, boolean male) {
        String pool = male ? Vocabulary.MALE_GIVEN : Vocabulary.FEMALE_GIVEN;
        StringBuilder b = new StringBuilder();
        int n = r.nextDouble() < 0.3 ? 1 : 2;
        for (int i = 0; i < n; i++) {
            b.append(pool.charAt(r.nextInt(pool.length())));
        }
        return b.toString();
    }

    private static LocalDate randomBirth(SplittableRandom r) {
        return r.nextDouble() < 0.7
                ? randomDate(r, LocalDate.of(1960, 1, 1), LocalDate.of(1995, 12, 31))
                : randomDate(r, EARLIEST_BIRTH, LATEST_BIRTH);
    }

    // ------------------------------------------------------------------ enterprises

    private static final class EnterpriseDraft {
        Region region;
        District district;
        boolean postReform;
        EnterpriseType type;
        Industry industry;
        String uscc;
        String orgCode;
        String regNo;
        String name;
        String namePrefix;
        int rep;
        BigDecimal capital;
        LocalDate established;
        LocalDate approved;
        LocalDate termTo;
        String scope;
        String state;
        String address;
        final List<Snapshot> versions = new ArrayList<>();
        String previousName;
        int previousRep = -1;
        boolean badRegNoInRegistry;

        TruthEnterprise truth(List<PersonDraft> persons) {
            PersonDraft p = persons.get(rep);
            return new TruthEnterprise(uscc, orgCode, regNo, name, type.code(), p.name, p.citizenId, capital, "人民币",
                    established, approved, established, termTo, scope, region.authority(), state, address, region.code());
        }
    }

    /** The state of an enterprise at one version of the registry record. */
    private record Snapshot(int version, LocalDate date, Instant changedAt, String name, int rep, String state) {
    }

    private void generateEnterprises() {
        SplittableRandom r = enterpriseRnd;
        for (int i = 0; i < enterpriseCount; i++) {
            EnterpriseDraft e = new EnterpriseDraft();
            e.region = pickRegion(r);
            e.district = e.region.districts().get(r.nextInt(e.region.districts().size()));
            e.postReform = r.nextDouble() < 0.30;
            e.type = Vocabulary.ENTERPRISE_TYPES.get(Vocabulary.weighted(r, TYPE_WEIGHTS));
            e.industry = pick(r, Vocabulary.INDUSTRIES);
            e.established = e.postReform
                    ? randomDate(r, REFORM_DATE, LocalDate.of(2024, 6, 30))
                    : randomDate(r, LocalDate.of(1993, 1, 1), REFORM_DATE.minusDays(1));
            String org = null;
            while (org == null) {
                String body = e.postReform ? "MA" + randomChars(r, USCC_ALPHABET, 6)
                        : r.nextDouble() < 0.05 ? ORG_LETTERS.charAt(r.nextInt(ORG_LETTERS.length())) + digits(r, 7)
                        : (1 + r.nextInt(9)) + digits(r, 7);
                org = newOrgCode(body);
            }
            if (!e.postReform) {
                e.orgCode = org;
                e.regNo = newRegNo(r, e.region.code());
            }
            String first17 = "91" + e.region.code() + org;
            e.uscc = first17 + Uscc.checkCharacter(first17);
            String[] name = newName(r, e);
            e.namePrefix = name[0];
            e.name = name[0] + name[1];
            e.rep = pickRepresentative(r, e.established, -1);
            e.capital = randomCapital(r);
            e.termTo = e.type.code().equals("2152") || r.nextDouble() < 0.45
                    ? null
                    : e.established.plusYears(new int[] {10, 20, 30, 50}[r.nextInt(4)]).minusDays(1);
            while (e.termTo != null && !e.termTo.isAfter(REFERENCE_DATE)) {
                e.termTo = e.termTo.plusYears(10); // renewed on expiry, as a living registry would show
            }
            e.scope = e.industry.scope()
                    + (e.established.isBefore(LocalDate.of(2021, 1, 1)) ? Vocabulary.SCOPE_SUFFIX_OLD : Vocabulary.SCOPE_SUFFIX_NEW);
            e.state = Vocabulary.STATE_CODES.get(Vocabulary.weighted(r, Vocabulary.STATE_WEIGHTS));
            e.address = e.region.addressPrefix(e.district) + pick(r, Vocabulary.ROADS) + (1 + r.nextInt(999)) + "号"
                    + (r.nextDouble() < 0.5 ? pick(r, Vocabulary.BUILDINGS) + (1 + r.nextInt(30)) + "层" + (1 + r.nextInt(20)) + "室" : "");
            enterprises.add(e);
        }
    }

    /** A new organisation code with its check, or null when the body is taken. */
    private String newOrgCode(String body8) {
        String code = body8 + OrganizationCode.checkCharacter(body8);
        return usedOrgCodes.add(code) ? code : null;
    }

    private String newRegNo(SplittableRandom r, String region) {
        while (true) {
            String first14 = region + "0" + digits(r, 7);
            String regNo = first14 + RegistrationNumber.checkDigit(first14);
            if (usedRegNos.add(regNo)) {
                return regNo;
            }
        }
    }

    /** Returns {prefix, rest}: the region prefix (合肥, 安徽, ...) and the rest of a unique name. */
    private String[] newName(SplittableRandom r, EnterpriseDraft e) {
        for (int attempt = 0; ; attempt++) {
            String trade = r.nextDouble() < 0.07
                    ? pick(r, Vocabulary.ASCII_TRADE_NAMES)
                    : randomChars(r, Vocabulary.TRADE_NAME_CHARS, attempt > 10 ? 3 : 2);
            String code = e.type.code();
            String prefix;
            String rest;
            if (code.equals("2152")) {
                prefix = e.region.provinceShort();
                String place = e.region.province().equals(e.region.city())
                        ? e.district.name().replaceAll("(新区|区)$", "")
                        : e.region.shortName();
                rest = trade + e.industry.word() + "有限公司" + place + "分公司";
            } else {
                prefix = r.nextDouble() < 0.8 ? e.region.shortName() : e.region.provinceShort();
                String suffix = code.startsWith("12") ? "股份有限公司"
                        : (code.equals("1110") || code.equals("1140")) && r.nextBoolean() ? "有限责任公司" : "有限公司";
                rest = trade + e.industry.word() + suffix;
            }
            if (usedNames.add(prefix + rest)) {
                return new String[] {prefix, rest};
            }
        }
    }

    /** A living adult (20 to 70 at {@code when}), other than {@code except}; relaxed for tiny data sets. */
    private int pickRepresentative(SplittableRandom r, LocalDate when, int except) {
        int n = persons.size();
        for (int attempt = 0; attempt < 200; attempt++) {
            int i = r.nextInt(n);
            PersonDraft p = persons.get(i);
            if (i != except && p.alive() && !p.birthDate.isAfter(when.minusYears(20))
                    && p.birthDate.isAfter(when.minusYears(70))) {
                return i;
            }
        }
        int start = r.nextInt(n);
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            if (i != except && !persons.get(i).birthDate.isAfter(when.minusYears(18))) {
                return i;
            }
        }
        return n > 1 && start == except ? (start + 1) % n : start;
    }

    private static BigDecimal randomCapital(SplittableRandom r) {
        if (r.nextDouble() < 0.1) {
            return BigDecimal.valueOf(1 + r.nextInt(500_000), 2).setScale(6, RoundingMode.UNNECESSARY);
        }
        int[] round = {3, 10, 30, 50, 100, 200, 300, 500, 800, 1000, 2000, 3000, 5000, 10000, 50000};
        double[] weights = {2, 10, 8, 12, 18, 10, 8, 10, 3, 9, 4, 2, 2, 1.5, 0.5};
        return BigDecimal.valueOf(round[Vocabulary.weighted(r, weights)]).setScale(6, RoundingMode.UNNECESSARY);
    }

    // ------------------------------------------------------------------ market-regulation history

    private void generateHistories() {
        SplittableRandom r = historyRnd;
        for (EnterpriseDraft e : enterprises) {
            List<String> changes = new ArrayList<>();
            if (r.nextDouble() < 0.30) {
                int k = r.nextDouble() < 0.6 ? 1 : r.nextDouble() < 0.75 ? 2 : 3;
                for (int i = 0; i < k; i++) {
                    changes.add(r.nextBoolean() ? "NAME" : "LEGAL_REP");
                }
            }
            if (!e.state.equals("1")) {
                changes.add("STATE");
            }
            LocalDate from = e.established.plusDays(30);
            LocalDate to = REFERENCE_DATE.minusDays(1);
            List<LocalDate> dates = new ArrayList<>();
            Set<LocalDate> seen = new HashSet<>();
            while (dates.size() < changes.size()) {
                LocalDate d = randomDate(r, from, to);
                if (seen.add(d)) {
                    dates.add(d);
                }
            }
            dates.sort(Comparator.naturalOrder());

            // Walk back from the final state (the truth) to the initial registration.
            String name = e.name;
            int rep = e.rep;
            String state = e.state;
            List<Snapshot> reversed = new ArrayList<>();
            for (int i = changes.size() - 1; i >= 0; i--) {
                reversed.add(new Snapshot(i + 2, dates.get(i), changedAt(r, dates.get(i)), name, rep, state));
                switch (changes.get(i)) {
                    case "NAME" -> {
                        String[] fresh = newName(r, e);
                        String old = fresh[0] + fresh[1];
                        if (e.previousName == null) {
                            e.previousName = old;
                        }
                        name = old;
                    }
                    case "LEGAL_REP" -> {
                        int old = pickRepresentative(r, e.established, rep);
                        if (e.previousRep < 0) {
                            e.previousRep = old;
                        }
                        rep = old;
                    }
                    default -> state = "1";
                }
            }
            reversed.add(new Snapshot(1, e.established, changedAt(r, e.established), name, rep, state));
            for (int i = reversed.size() - 1; i >= 0; i--) {
                e.versions.add(reversed.get(i));
            }
            e.approved = e.versions.get(e.versions.size() - 1).date();
        }
    }

    private static Instant changedAt(SplittableRandom r, LocalDate date) {
        return date.atTime(8, 30).plusSeconds(r.nextInt(9 * 3600)).toInstant(CHINA_OFFSET);
    }

    // ------------------------------------------------------------------ insurance facts

    private void generateInsurances() {
        SplittableRandom r = insuranceRnd;
        List<Integer> active = new ArrayList<>();
        List<Integer> preReform = new ArrayList<>();
        for (int i = 0; i < enterprises.size(); i++) {
            if (enterprises.get(i).state.equals("1")) {
                active.add(i);
            }
            if (!enterprises.get(i).postReform) {
                preReform.add(i);
            }
        }
        if (enterprises.isEmpty()) {
            return;
        }
        for (PersonDraft p : persons) {
            int birthYear = p.birthDate.getYear();
            double u = r.nextDouble();
            if (p.status.equals(TruthPerson.ACTIVE) && birthYear >= 1965 && birthYear <= 2003 && u < 0.62 && !active.isEmpty()) {
                int unit = active.get(r.nextInt(active.size()));
                p.employerUscc = enterprises.get(unit).uscc;
                LocalDate first = clamp(p.birthDate.plusYears(18).plusDays(r.nextInt(3650)),
                        LocalDate.of(1992, 1, 1), REFERENCE_DATE.minusDays(31));
                LocalDate atUnit = max(first, enterprises.get(unit).established);
                atUnit = randomDate(r, atUnit, max(atUnit, REFERENCE_DATE.minusDays(31)));
                String status = r.nextDouble() < 0.96 ? TruthInsurance.PAYING : TruthInsurance.SUSPENDED;
                List<String> types = r.nextDouble() < 0.9
                        ? List.of("110", "210", "310", "410", "510")
                        : List.of("110", "310", "410");
                addInsurances(r, p, types, unit, status, first, atUnit, REFERENCE_DATE);
            } else if (p.status.equals(TruthPerson.ACTIVE) && birthYear >= 1965 && birthYear <= 2000 && u < 0.77) {
                int unit = r.nextInt(enterprises.size());
                LocalDate first = clamp(p.birthDate.plusYears(18).plusDays(r.nextInt(3650)),
                        LocalDate.of(1992, 1, 1), REFERENCE_DATE.minusDays(400));
                LocalDate atUnit = randomDate(r, max(first, enterprises.get(unit).established),
                        max(max(first, enterprises.get(unit).established), REFERENCE_DATE.minusDays(400)));
                String status = r.nextBoolean() ? TruthInsurance.SUSPENDED : TruthInsurance.TERMINATED;
                LocalDate end = randomDate(r, atUnit, REFERENCE_DATE.minusDays(30));
                addInsurances(r, p, List.of("110", "310"), unit, status, first, atUnit, end);
            } else if (p.status.equals(TruthPerson.ACTIVE) && birthYear < 1965 && u < 0.55 && !preReform.isEmpty()) {
                LocalDate retired = p.birthDate.plusYears(p.male ? 60 : 55);
                int unit = pickUnitBefore(r, preReform, retired);
                LocalDate first = max(p.birthDate.plusYears(20), LocalDate.of(1992, 1, 1));
                LocalDate atUnit = clamp(enterprises.get(unit).established, first, max(first, retired));
                addInsurances(r, p, List.of("110"), unit, TruthInsurance.TERMINATED, first, atUnit, min(retired, REFERENCE_DATE));
                if (r.nextBoolean()) {
                    addInsurances(r, p, List.of("310"), unit, TruthInsurance.PAYING, first, atUnit, REFERENCE_DATE);
                }
            } else if (p.status.equals(TruthPerson.DECEASED) && u < 0.6 && !preReform.isEmpty()) {
                int unit = pickUnitBefore(r, preReform, p.deathDate);
                LocalDate first = min(max(p.birthDate.plusYears(18), LocalDate.of(1992, 1, 1)), p.deathDate);
                LocalDate atUnit = clamp(enterprises.get(unit).established, first, p.deathDate);
                addInsurances(r, p, List.of("110", "310"), unit, TruthInsurance.TERMINATED, first, atUnit, p.deathDate);
            }
            p.truthInsurances = p.insurances.stream().map(i -> new TruthInsurance(i.type(), enterprises.get(i.unit()).uscc,
                    i.status(), i.firstInsured(), i.insured(), i.monthsPaid(), i.arrears())).toList();
        }
    }

    private int pickUnitBefore(SplittableRandom r, List<Integer> candidates, LocalDate before) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int i = candidates.get(r.nextInt(candidates.size()));
            if (enterprises.get(i).established.isBefore(before)) {
                return i;
            }
        }
        return candidates.get(r.nextInt(candidates.size()));
    }

    private static void addInsurances(SplittableRandom r, PersonDraft p, List<String> types, int unit, String status,
                                      LocalDate first, LocalDate atUnit, LocalDate end) {
        long span = Math.max(1, ChronoUnit.MONTHS.between(first, end));
        for (String type : types) {
            int months = (int) Math.max(1, Math.round(span * (0.75 + 0.25 * r.nextDouble())));
            BigDecimal arrears = r.nextDouble() < 0.04
                    ? BigDecimal.valueOf(20_000 + r.nextInt(3_000_000), 2)
                    : BigDecimal.ZERO.setScale(2, RoundingMode.UNNECESSARY);
            p.insurances.add(new InsuranceDraft(type, unit, status, first, atUnit, months, arrears));
        }
    }

    // ------------------------------------------------------------------ social insurance view

    private record SocialInsuranceView(List<Ab01Row> ab01, List<Ac01Row> ac01, List<Ac02Row> ac02) {
    }

    private SocialInsuranceView buildSocialInsurance() {
        SplittableRandom r = socialInsuranceRnd;
        boolean[] referenced = new boolean[enterprises.size()];
        for (PersonDraft p : persons) {
            p.insurances.forEach(i -> referenced[i.unit()] = true);
        }
        String[] unitNumbers = new String[enterprises.size()];
        List<Ab01Row> ab01 = new ArrayList<>();
        long unitNo = 10_000_000L;
        int agencySeq = 0;
        for (int i = 0; i < enterprises.size(); i++) {
            EnterpriseDraft e = enterprises.get(i);
            boolean include = referenced[i] || r.nextDouble() < (e.state.equals("1") ? 0.4 : 0.2);
            if (!include) {
                continue;
            }
            unitNo += 1 + r.nextInt(5);
            unitNumbers[i] = String.valueOf(unitNo);
            ab01.add(ab01Row(r, e, unitNumbers[i], e.region.code() + zeroPad(++agencySeq, 7)));
        }

        List<Ac01Row> ac01 = new ArrayList<>();
        List<Ac02Row> ac02 = new ArrayList<>();
        long personNo = 1_000_000_000L;
        for (PersonDraft p : persons) {
            if (p.insurances.isEmpty()) {
                continue;
            }
            personNo += 1 + r.nextInt(7);
            String aac001 = String.valueOf(personNo);
            ac01.add(ac01Row(r, p, aac001));
            for (InsuranceDraft ins : p.insurances) {
                String key = aac001 + "/" + ins.type();
                String first = compact(ins.firstInsured());
                String atUnit = compact(ins.insured());
                if (roll(r, Quirk.DATE_DASHED, SOCIAL_INSURANCE)) {
                    first = dashed(ins.firstInsured());
                    atUnit = dashed(ins.insured());
                    manifest.inject(Quirk.DATE_DASHED, SOCIAL_INSURANCE, key, p.citizenId, "AAC049,AAC030");
                }
                String arrears = ins.arrears().signum() == 0 ? "0" : ins.arrears().toPlainString();
                ac02.add(new Ac02Row(aac001, unitNumbers[ins.unit()], ins.type(), ins.status(), first, atUnit,
                        String.valueOf(ins.monthsPaid()), arrears));
            }
        }
        return new SocialInsuranceView(List.copyOf(ab01), List.copyOf(ac01), List.copyOf(ac02));
    }

    private Ab01Row ab01Row(SplittableRandom r, EnterpriseDraft e, String aab001, String aab002) {
        String key = e.uscc;
        Silo si = SOCIAL_INSURANCE;

        String aab019 = e.type.label();
        if (roll(r, Quirk.ENTERPRISE_TYPE_AS_TEXT, si)) {
            aab019 = aab019.replace('(', '（').replace(')', '）');
            manifest.inject(Quirk.ENTERPRISE_TYPE_AS_TEXT, si, aab001, key, "AAB019");
        } else {
            aab019 = e.type.code();
        }
        String capital = e.capital.multiply(BigDecimal.valueOf(10_000)).setScale(2, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
        if (roll(r, Quirk.CAPITAL_IN_YUAN, si)) {
            manifest.inject(Quirk.CAPITAL_IN_YUAN, si, aab001, key, "ZCZB");
        } else {
            capital = e.capital.stripTrailingZeros().toPlainString();
        }

        // Identifiers: [0] USCC (AAB998), [1] organisation code (AAB003), [2] registration number (AAB007)
        String[] ids = {e.uscc, e.orgCode, e.regNo};
        String[] columns = {"AAB998", "AAB003", "AAB007"};
        if (!e.postReform) {
            if (roll(r, Quirk.AB01_USCC_MISSING, si)) {
                ids[0] = null;
                manifest.inject(Quirk.AB01_USCC_MISSING, si, aab001, key, "AAB998");
                manifest.opportunity(Quirk.AB01_ORG_CODE_ONLY, si);
                manifest.opportunity(Quirk.AB01_REG_NO_ONLY, si);
                double u = r.nextDouble();
                if (u < Quirk.AB01_ORG_CODE_ONLY.rate(si)) {
                    ids[2] = null;
                    manifest.inject(Quirk.AB01_ORG_CODE_ONLY, si, aab001, key, "AAB998,AAB007");
                } else if (u < Quirk.AB01_ORG_CODE_ONLY.rate(si) + Quirk.AB01_REG_NO_ONLY.rate(si)) {
                    ids[1] = null;
                    manifest.inject(Quirk.AB01_REG_NO_ONLY, si, aab001, key, "AAB998,AAB003");
                }
            }
        }
        int present = (ids[0] != null ? 1 : 0) + (ids[1] != null ? 1 : 0) + (ids[2] != null ? 1 : 0);
        if (present >= 2 && roll(r, Quirk.BAD_CHECK_CHARACTER, si)) {
            int which;
            do {
                which = r.nextInt(3);
            } while (ids[which] == null);
            ids[which] = switch (which) {
                case 0 -> badUsccCheck(r, ids[0]);
                case 1 -> badOrgCodeCheck(r, ids[1]);
                default -> badRegNoCheck(r, ids[2]);
            };
            manifest.inject(Quirk.BAD_CHECK_CHARACTER, si, aab001, key, columns[which]);
        }
        if (ids[1] != null && roll(r, Quirk.ORG_CODE_HYPHENATED, si)) {
            ids[1] = ids[1].substring(0, 8) + "-" + ids[1].charAt(8);
            manifest.inject(Quirk.ORG_CODE_HYPHENATED, si, aab001, key, "AAB003");
        }
        if (roll(r, Quirk.FULL_WIDTH_IDENTIFIER, si)) {
            int which = ids[0] != null ? 0 : ids[1] != null ? 1 : 2;
            ids[which] = fullWidth(ids[which]);
            manifest.inject(Quirk.FULL_WIDTH_IDENTIFIER, si, aab001, key, columns[which]);
        }
        if (ids[1] == null || ids[2] == null) {
            String placeholder = missingPlaceholder(r, si, aab001, key,
                    ids[1] == null && ids[2] == null ? "AAB003,AAB007" : ids[1] == null ? "AAB003" : "AAB007");
            ids[1] = ids[1] == null ? placeholder : ids[1];
            ids[2] = ids[2] == null ? placeholder : ids[2];
        }

        String name = e.name;
        if (roll(r, Quirk.ENTERPRISE_NAME_DISAGREES, si)) {
            name = e.previousName != null ? e.previousName : e.name.substring(e.namePrefix.length());
            manifest.inject(Quirk.ENTERPRISE_NAME_DISAGREES, si, aab001, key, "AAB004");
        }
        if (hasAsciiAlnum(name) && roll(r, Quirk.FULL_WIDTH_NAME, si)) {
            name = fullWidth(name);
            manifest.inject(Quirk.FULL_WIDTH_NAME, si, aab001, key, "AAB004");
        }
        if (roll(r, Quirk.TRAILING_SPACES, si)) {
            name = padRight(name, AB01_NAME_WIDTH);
            manifest.inject(Quirk.TRAILING_SPACES, si, aab001, key, "AAB004");
        }

        int rep = e.rep;
        if (roll(r, Quirk.LEGAL_REP_DISAGREES, si)) {
            rep = e.previousRep >= 0 ? e.previousRep : pickRepresentative(r, e.established, e.rep);
            if (rep != e.rep) { // only a one-person data set has nobody else
                manifest.inject(Quirk.LEGAL_REP_DISAGREES, si, aab001, key, "AAB013,AAB014");
            }
        }
        PersonDraft repPerson = persons.get(rep);
        String repId = repPerson.citizenId;
        if (repPerson.birthDate.getYear() < 2000 && roll(r, Quirk.FIFTEEN_DIGIT_CITIZEN_ID, si)) {
            repId = toFifteen(repId);
            manifest.inject(Quirk.FIFTEEN_DIGIT_CITIZEN_ID, si, aab001, repPerson.citizenId, "AAB014");
        }
        return new Ab01Row(aab001, aab002, ids[1], name, ids[2], repPerson.name, repId, aab019,
                e.region.code(), capital, ids[0]);
    }

    /** NULL, 'null' or '无' for a missing AB01 identifier column. */
    private String missingPlaceholder(SplittableRandom r, Silo si, String recordKey, String truthKey, String fields) {
        manifest.opportunity(Quirk.NULL_LITERAL, si);
        manifest.opportunity(Quirk.WU_PLACEHOLDER, si);
        double u = r.nextDouble();
        if (u < Quirk.NULL_LITERAL.rate(si)) {
            manifest.inject(Quirk.NULL_LITERAL, si, recordKey, truthKey, fields);
            return "null";
        }
        if (u < Quirk.NULL_LITERAL.rate(si) + Quirk.WU_PLACEHOLDER.rate(si)) {
            manifest.inject(Quirk.WU_PLACEHOLDER, si, recordKey, truthKey, fields);
            return "无";
        }
        return null;
    }

    private Ac01Row ac01Row(SplittableRandom r, PersonDraft p, String aac001) {
        Silo si = SOCIAL_INSURANCE;
        String key = p.citizenId;
        String id = p.citizenId;
        boolean fifteen = false;
        if (p.birthDate.getYear() < 2000 && roll(r, Quirk.FIFTEEN_DIGIT_CITIZEN_ID, si)) {
            id = toFifteen(id);
            fifteen = true;
            manifest.inject(Quirk.FIFTEEN_DIGIT_CITIZEN_ID, si, aac001, key, "AAC002");
        }
        boolean corrupted = false;
        if (!fifteen && roll(r, Quirk.BAD_CHECK_CHARACTER, si)) {
            id = badCitizenIdCheck(r, id);
            corrupted = true;
            manifest.inject(Quirk.BAD_CHECK_CHARACTER, si, aac001, key, "AAC002");
        }
        if (!fifteen && !corrupted && id.endsWith("X") && roll(r, Quirk.LOWERCASE_X, si)) {
            id = id.substring(0, 17) + "x";
            manifest.inject(Quirk.LOWERCASE_X, si, aac001, key, "AAC002");
        }
        if (roll(r, Quirk.FULL_WIDTH_IDENTIFIER, si)) {
            id = fullWidth(id);
            manifest.inject(Quirk.FULL_WIDTH_IDENTIFIER, si, aac001, key, "AAC002");
        }
        String name = p.name;
        if (roll(r, Quirk.PERSON_NAME_DISAGREES, si)) {
            name = homophoneVariant(r, p);
            manifest.inject(Quirk.PERSON_NAME_DISAGREES, si, aac001, key, "AAC003");
        }
        if (roll(r, Quirk.TRAILING_SPACES, si)) {
            name = padRight(name, AC01_NAME_WIDTH);
            manifest.inject(Quirk.TRAILING_SPACES, si, aac001, key, "AAC003");
        }
        String birth = compact(p.birthDate);
        if (roll(r, Quirk.DATE_CHINESE, si)) {
            birth = chinese(p.birthDate);
            manifest.inject(Quirk.DATE_CHINESE, si, aac001, key, "AAC006");
        }
        String status;
        if (p.status.equals(TruthPerson.DECEASED)) {
            status = "3";
            if (roll(r, Quirk.PERSON_STATUS_DISAGREES, si)) {
                status = "1";
                manifest.inject(Quirk.PERSON_STATUS_DISAGREES, si, aac001, key, "AAC008");
            }
        } else if (p.insurances.stream().anyMatch(i -> i.status().equals(TruthInsurance.PAYING))) {
            status = "1";
        } else if (p.insurances.stream().anyMatch(i -> i.status().equals(TruthInsurance.SUSPENDED))) {
            status = "2";
        } else {
            status = "3";
        }
        return new Ac01Row(aac001, id, name, p.male ? "1" : "2", birth, status);
    }

    /** The name with one given-name character replaced by a homophone (or another character). */
    private static String homophoneVariant(SplittableRandom r, PersonDraft p) {
        String given = p.name.substring(p.surname.length());
        int at = r.nextInt(given.length());
        char c = given.charAt(at);
        Character h = Vocabulary.HOMOPHONES.get(c);
        if (h == null) {
            String pool = p.male ? Vocabulary.MALE_GIVEN : Vocabulary.FEMALE_GIVEN;
            do {
                h = pool.charAt(r.nextInt(pool.length()));
            } while (h == c);
        }
        return p.surname + given.substring(0, at) + h + given.substring(at + 1);
    }

    // ------------------------------------------------------------------ public security view

    private List<PublicSecurityRecord> buildPublicSecurity() {
        SplittableRandom r = publicSecurityRnd;
        List<PublicSecurityRecord> out = new ArrayList<>(persons.size());
        for (PersonDraft p : persons) {
            String key = p.citizenId;
            String birth = compact(p.birthDate);
            if (roll(r, Quirk.DATE_DASHED, PUBLIC_SECURITY)) {
                birth = dashed(p.birthDate);
                manifest.inject(Quirk.DATE_DASHED, PUBLIC_SECURITY, key, key, "CSRQ");
            }
            String household = p.householdNumber;
            if (roll(r, Quirk.EMPTY_STRING, PUBLIC_SECURITY)) {
                household = "";
                manifest.inject(Quirk.EMPTY_STRING, PUBLIC_SECURITY, key, key, "HH");
            }
            out.add(new PublicSecurityRecord(p.name, p.citizenId, p.male ? "1" : "2", p.ethnicGroup, birth,
                    p.householdAddress, p.householdRegion, household, p.relationToHead, p.maritalStatus, p.status,
                    p.deathDate == null ? "" : compact(p.deathDate), timestamp(p.updatedAt)));
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ market-regulation view

    /** A quirk decided for a logical event, recorded each time the event is published. */
    private record Hit(Quirk quirk, String field) {
    }

    private static final class LogicalEvent {
        final EnterpriseDraft enterprise;
        final int index;
        final Snapshot snapshot;
        final MarketRegulationEvent event;
        final List<Quirk> opportunities;
        final List<Hit> hits;

        LogicalEvent(EnterpriseDraft enterprise, int index, Snapshot snapshot, MarketRegulationEvent event,
                     List<Quirk> opportunities, List<Hit> hits) {
            this.enterprise = enterprise;
            this.index = index;
            this.snapshot = snapshot;
            this.event = event;
            this.opportunities = opportunities;
            this.hits = hits;
        }
    }

    private record Publication(long slot, int sequence, MarketRegulationEvent event, LogicalEvent source) {
    }

    private List<MarketRegulationEvent> buildMarketRegulation() {
        SplittableRandom r = marketRegulationRnd;
        Silo mr = MARKET_REGULATION;
        List<LogicalEvent> logical = new ArrayList<>();
        for (int i = 0; i < enterprises.size(); i++) {
            EnterpriseDraft e = enterprises.get(i);
            e.badRegNoInRegistry = e.regNo != null && r.nextDouble() < Quirk.BAD_CHECK_CHARACTER.rate(mr);
            String badRegNo = e.badRegNoInRegistry ? badRegNoCheck(r, e.regNo) : null;
            for (Snapshot s : e.versions) {
                logical.add(logicalEvent(r, e, i, s, badRegNo));
            }
        }
        logical.sort(Comparator.comparing((LogicalEvent l) -> l.snapshot.changedAt())
                .thenComparingInt(l -> l.index).thenComparingInt(l -> l.snapshot.version()));

        // Base positions; out-of-order swaps exchange the positions of two consecutive versions.
        int n = logical.size();
        LogicalEvent[] at = logical.toArray(new LogicalEvent[0]);
        int[][] positionsByEnterprise = new int[enterprises.size()][];
        for (int p = 0; p < n; p++) {
            LogicalEvent l = at[p];
            if (positionsByEnterprise[l.index] == null) {
                positionsByEnterprise[l.index] = new int[l.enterprise.versions.size()];
            }
            positionsByEnterprise[l.index][l.snapshot.version() - 1] = p;
        }
        for (int i = 0; i < enterprises.size(); i++) {
            EnterpriseDraft e = enterprises.get(i);
            if (e.versions.size() < 2) {
                continue;
            }
            if (roll(r, Quirk.EVENT_OUT_OF_ORDER, mr)) {
                int k = r.nextInt(e.versions.size() - 1);
                int older = positionsByEnterprise[i][k];
                int newer = positionsByEnterprise[i][k + 1];
                LogicalEvent tmp = at[older];
                at[older] = at[newer];
                at[newer] = tmp;
                manifest.inject(Quirk.EVENT_OUT_OF_ORDER, mr, tmp.event.eventId(), e.uscc,
                        "version " + (k + 1) + " after " + (k + 2));
            }
        }

        List<Publication> pubs = new ArrayList<>(n + n / 10);
        int seq = 0;
        for (int p = 0; p < n; p++) {
            LogicalEvent l = at[p];
            String uscc = l.enterprise.uscc;
            pubs.add(new Publication(p * 4L, seq++, l.event, l));
            if (roll(r, Quirk.EVENT_REDELIVERED, mr)) {
                pubs.add(new Publication((p + 1 + r.nextInt(300)) * 4L + 1, seq++, l.event, l));
                manifest.inject(Quirk.EVENT_REDELIVERED, mr, l.event.eventId(), uscc, "eventId,version");
            }
            if (roll(r, Quirk.EVENT_DUPLICATE_VERSION, mr)) {
                MarketRegulationEvent copy = MarketRegulationEvent.of(newEventId(r), l.event.version(),
                        l.event.changedAt(), l.event.payload());
                pubs.add(new Publication((p + 1 + r.nextInt(100)) * 4L + 2, seq++, copy, l));
                manifest.inject(Quirk.EVENT_DUPLICATE_VERSION, mr, copy.eventId(), uscc, "version");
            }
            if (roll(r, Quirk.EVENT_MALFORMED_JSON, mr)) {
                String id = newEventId(r);
                String full = MarketRegulationEvent.of(id, l.event.version(), l.event.changedAt(), l.event.payload()).toJson();
                String truncated = full.substring(0, (int) (full.length() * (0.3 + 0.5 * r.nextDouble())));
                pubs.add(new Publication(p * 4L + 3, seq++,
                        new MarketRegulationEvent(id, l.event.version(), l.event.changedAt(), null, truncated), null));
                manifest.inject(Quirk.EVENT_MALFORMED_JSON, mr, id, uscc, "body");
            }
            if (roll(r, Quirk.EVENT_MISSING_KEYS, mr)) {
                LinkedHashMap<String, Object> payload = l.event.payload();
                payload.remove("uniscid");
                payload.remove("regno");
                MarketRegulationEvent poison = MarketRegulationEvent.of(newEventId(r), l.event.version(),
                        l.event.changedAt(), payload);
                pubs.add(new Publication(p * 4L + 3, seq++, poison, null));
                manifest.inject(Quirk.EVENT_MISSING_KEYS, mr, poison.eventId(), uscc, "uniscid,regno");
            }
        }
        pubs.sort(Comparator.comparingLong(Publication::slot).thenComparingInt(Publication::sequence));

        List<MarketRegulationEvent> out = new ArrayList<>(pubs.size());
        for (Publication pub : pubs) {
            out.add(pub.event());
            if (pub.source() != null) {
                for (Quirk q : pub.source().opportunities) {
                    manifest.opportunity(q, mr);
                }
                for (Hit h : pub.source().hits) {
                    manifest.inject(h.quirk(), mr, pub.event().eventId(), pub.source().enterprise.uscc, h.field());
                }
            }
        }
        return List.copyOf(out);
    }

    private LogicalEvent logicalEvent(SplittableRandom r, EnterpriseDraft e, int index, Snapshot s, String badRegNo) {
        List<Quirk> opportunities = new ArrayList<>();
        List<Hit> hits = new ArrayList<>();
        Silo mr = MARKET_REGULATION;

        Object enttype = e.type.code();
        opportunities.add(Quirk.ENTERPRISE_TYPE_AS_TEXT);
        if (r.nextDouble() < Quirk.ENTERPRISE_TYPE_AS_TEXT.rate(mr)) {
            enttype = e.type.label();
            hits.add(new Hit(Quirk.ENTERPRISE_TYPE_AS_TEXT, "enttype"));
        }

        opportunities.add(Quirk.DATE_EPOCH_MILLIS);
        opportunities.add(Quirk.DATE_CHINESE);
        double u = r.nextDouble();
        int dateStyle = u < Quirk.DATE_EPOCH_MILLIS.rate(mr) ? 2
                : u < Quirk.DATE_EPOCH_MILLIS.rate(mr) + Quirk.DATE_CHINESE.rate(mr) ? 1 : 0;
        if (dateStyle == 2) {
            hits.add(new Hit(Quirk.DATE_EPOCH_MILLIS, "estdate,apprdate,opfrom,opto"));
        } else if (dateStyle == 1) {
            hits.add(new Hit(Quirk.DATE_CHINESE, "estdate,apprdate,opfrom,opto"));
        }

        Object uniscid = e.uscc;
        opportunities.add(Quirk.FULL_WIDTH_IDENTIFIER);
        if (r.nextDouble() < Quirk.FULL_WIDTH_IDENTIFIER.rate(mr)) {
            uniscid = fullWidth(e.uscc);
            hits.add(new Hit(Quirk.FULL_WIDTH_IDENTIFIER, "uniscid"));
        }

        String name = s.name();
        if (hasAsciiAlnum(name)) {
            opportunities.add(Quirk.FULL_WIDTH_NAME);
            if (r.nextDouble() < Quirk.FULL_WIDTH_NAME.rate(mr)) {
                name = fullWidth(name);
                hits.add(new Hit(Quirk.FULL_WIDTH_NAME, "entname"));
            }
        }
        String lerep = persons.get(s.rep()).name;
        opportunities.add(Quirk.TRAILING_SPACES);
        if (r.nextDouble() < Quirk.TRAILING_SPACES.rate(mr)) {
            String spaces = " ".repeat(1 + r.nextInt(3));
            if (r.nextBoolean()) {
                lerep += spaces;
                hits.add(new Hit(Quirk.TRAILING_SPACES, "lerep"));
            } else {
                name += spaces;
                hits.add(new Hit(Quirk.TRAILING_SPACES, "entname"));
            }
        }
        String dom = e.address;
        String scope = e.scope;
        opportunities.add(Quirk.EMPTY_STRING);
        if (r.nextDouble() < Quirk.EMPTY_STRING.rate(mr)) {
            if (r.nextBoolean()) {
                dom = "";
                hits.add(new Hit(Quirk.EMPTY_STRING, "dom"));
            } else {
                scope = "";
                hits.add(new Hit(Quirk.EMPTY_STRING, "opscope"));
            }
        }

        Object regno = e.regNo;
        if (regno != null) {
            opportunities.add(Quirk.BAD_CHECK_CHARACTER);
            if (badRegNo != null) {
                regno = badRegNo;
                hits.add(new Hit(Quirk.BAD_CHECK_CHARACTER, "regno"));
            }
        }
        Object opto = e.termTo == null ? null : date(e.termTo, dateStyle);
        if (regno == null || opto == null) {
            opportunities.add(Quirk.NULL_LITERAL);
            opportunities.add(Quirk.WU_PLACEHOLDER);
            double v = r.nextDouble();
            String placeholder = v < Quirk.NULL_LITERAL.rate(mr) ? "null"
                    : v < Quirk.NULL_LITERAL.rate(mr) + Quirk.WU_PLACEHOLDER.rate(mr) ? "无" : null;
            if (placeholder != null) {
                String fields = regno == null && opto == null ? "regno,opto" : regno == null ? "regno" : "opto";
                hits.add(new Hit(placeholder.equals("null") ? Quirk.NULL_LITERAL : Quirk.WU_PLACEHOLDER, fields));
                regno = regno == null ? placeholder : regno;
                opto = opto == null ? placeholder : opto;
            }
        }

        LinkedHashMap<String, Object> payload = new LinkedHashMap<>();
        payload.put("uniscid", uniscid);
        payload.put("regno", regno);
        payload.put("entname", name);
        payload.put("enttype", enttype);
        payload.put("lerep", lerep);
        payload.put("regcap", e.capital);
        payload.put("regcapcur", "人民币");
        payload.put("estdate", date(e.established, dateStyle));
        payload.put("apprdate", date(s.date(), dateStyle));
        payload.put("opfrom", date(e.established, dateStyle));
        payload.put("opto", opto);
        payload.put("opscope", scope);
        payload.put("regorg", e.region.authority());
        payload.put("regstate", s.state());
        payload.put("dom", dom);
        MarketRegulationEvent event = MarketRegulationEvent.of(newEventId(r), s.version(), s.changedAt(), payload);
        return new LogicalEvent(e, index, s, event, opportunities, hits);
    }

    private static Object date(LocalDate d, int style) {
        return switch (style) {
            case 2 -> d.atStartOfDay().toInstant(CHINA_OFFSET).toEpochMilli();
            case 1 -> chinese(d);
            default -> dashed(d);
        };
    }

    private static String newEventId(SplittableRandom r) {
        long msb = (r.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    // ------------------------------------------------------------------ bad check characters

    private static String badUsccCheck(SplittableRandom r, String uscc) {
        char good = uscc.charAt(17);
        char bad;
        do {
            bad = USCC_ALPHABET.charAt(r.nextInt(USCC_ALPHABET.length()));
        } while (bad == good);
        return uscc.substring(0, 17) + bad;
    }

    private static String badOrgCodeCheck(SplittableRandom r, String org) {
        return org.substring(0, 8) + otherThan(r, "0123456789X", org.charAt(8));
    }

    private static String badRegNoCheck(SplittableRandom r, String regNo) {
        return regNo.substring(0, 14) + otherThan(r, "0123456789", regNo.charAt(14));
    }

    /** A digit other than the right check character (never X, so that lower-case x stays unambiguous). */
    private static String badCitizenIdCheck(SplittableRandom r, String id) {
        return id.substring(0, 17) + otherThan(r, "0123456789", id.charAt(17));
    }

    private static char otherThan(SplittableRandom r, String alphabet, char good) {
        char c;
        do {
            c = alphabet.charAt(r.nextInt(alphabet.length()));
        } while (c == good);
        return c;
    }

    // ------------------------------------------------------------------ helpers

    /** Counts one opportunity and decides whether the quirk is injected. */
    private boolean roll(SplittableRandom r, Quirk quirk, Silo silo) {
        manifest.opportunity(quirk, silo);
        return r.nextDouble() < quirk.rate(silo);
    }

    /** The old 15-digit form of an 18-character ID of someone born in the 1900s. */
    static String toFifteen(String id18) {
        return id18.substring(0, 6) + id18.substring(8, 17);
    }

    /** Full-width forms of the printable ASCII characters (letters, digits, punctuation). */
    static String fullWidth(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= '!' && c <= '~' ? (char) (c + 0xFEE0) : c);
        }
        return b.toString();
    }

    static boolean hasAsciiAlnum(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                return true;
            }
        }
        return false;
    }

    /** {@code yyyyMMdd}; hand-written because it runs about a hundred thousand times per data set. */
    static String compact(LocalDate d) {
        char[] c = new char[8];
        putDate(c, 0, d, false);
        return new String(c);
    }

    static String dashed(LocalDate d) {
        char[] c = new char[10];
        putDate(c, 0, d, true);
        return new String(c);
    }

    /** {@code yyyyMMddHHmmss}. */
    static String timestamp(LocalDateTime t) {
        char[] c = new char[14];
        putDate(c, 0, t.toLocalDate(), false);
        putTwo(c, 8, t.getHour());
        putTwo(c, 10, t.getMinute());
        putTwo(c, 12, t.getSecond());
        return new String(c);
    }

    private static void putDate(char[] c, int at, LocalDate d, boolean dashes) {
        int y = d.getYear();
        putTwo(c, at, y / 100);
        putTwo(c, at + 2, y % 100);
        int i = at + 4;
        if (dashes) {
            c[i++] = '-';
        }
        putTwo(c, i, d.getMonthValue());
        i += 2;
        if (dashes) {
            c[i++] = '-';
        }
        putTwo(c, i, d.getDayOfMonth());
    }

    private static void putTwo(char[] c, int at, int v) {
        c[at] = (char) ('0' + v / 10);
        c[at + 1] = (char) ('0' + v % 10);
    }

    static String zeroPad(long value, int width) {
        String s = Long.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    static String chinese(LocalDate d) {
        return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }

    private static String padRight(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    private static Region pickRegion(SplittableRandom r) {
        return Vocabulary.REGIONS.get(Vocabulary.weighted(r, REGION_WEIGHTS));
    }

    private static <T> T pick(SplittableRandom r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    private static String randomChars(SplittableRandom r, String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String digits(SplittableRandom r, int n) {
        return randomChars(r, "0123456789", n);
    }

    private static String uniqueDigits(SplittableRandom r, int n, Set<String> used) {
        while (true) {
            String s = (1 + r.nextInt(9)) + digits(r, n - 1);
            if (used.add(s)) {
                return s;
            }
        }
    }

    private static LocalDate randomDate(SplittableRandom r, LocalDate from, LocalDate to) {
        long days = ChronoUnit.DAYS.between(from, to);
        return days <= 0 ? from : from.plusDays(r.nextLong(days + 1));
    }

    private static LocalDate clamp(LocalDate d, LocalDate lo, LocalDate hi) {
        return d.isBefore(lo) ? lo : d.isAfter(hi) ? hi : d;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
