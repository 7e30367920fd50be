package cn.tongban.hub.demo.data;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import cn.tongban.hub.identifiers.CitizenId;

/**
 * Derives the civil-affairs view from the persons' truth. Couples of a household (户主 and
 * 配偶, both 已婚 or one 丧偶) share one marriage registration; other married, widowed or
 * divorced persons get a spouse drawn for the purpose (not a person of the data set);
 * divorced persons' latest registration is the 离婚登记. All randomness comes from the
 * stream handed in, in person order; hash maps are for lookup only.
 */
final class CivilAffairsGenerator {

    private static final String MARRIED = "20";
    private static final String WIDOWED = "30";
    private static final String DIVORCED = "40";
    private static final double REISSUE_RATE = 0.03;
    private static final LocalDate CERTIFICATE_ERA = LocalDate.of(1995, 1, 1);
    private static final LocalDate EARLIEST_SPOUSE_BIRTH = LocalDate.of(1930, 1, 1);
    private static final LocalDate LATEST_SPOUSE_BIRTH = LocalDate.of(2003, 12, 31);

    private record Spouse(String name, String citizenId, LocalDate birthDate, boolean male, boolean inDataSet, LocalDate deathDate) {
    }

    /** One registration business: a marriage or a divorce of a couple, or a reissue for one person. */
    private record Registration(String type, LocalDate date, String district, String authority, String certificate, String serial) {
    }

    private final SplittableRandom r;
    private final List<TruthPerson> persons;
    private final Set<String> usedCitizenIds;
    private final Map<String, Vocabulary.Region> regionByDistrict = new HashMap<>();
    private final Map<String, Vocabulary.District> districtByCode = new HashMap<>();
    private final List<Injection> injections = new ArrayList<>();
    private final Map<CivilAffairsQuirk, Integer> opportunities = new EnumMap<>(CivilAffairsQuirk.class);

    private record Injection(CivilAffairsQuirk quirk, String field) {
    }

    CivilAffairsGenerator(SplittableRandom r, List<TruthPerson> persons, Set<String> usedCitizenIds) {
        this.r = r;
        this.persons = persons;
        this.usedCitizenIds = usedCitizenIds;
        for (Vocabulary.Region region : Vocabulary.REGIONS) {
            for (Vocabulary.District d : region.districts()) {
                regionByDistrict.put(d.code(), region);
                districtByCode.put(d.code(), d);
            }
        }
    }

    CivilAffairsView build() {
        Map<String, TruthPerson> heads = new HashMap<>();
        Map<String, TruthPerson> partners = new HashMap<>();
        for (TruthPerson p : persons) {
            if ("02".equals(p.relationToHead())) {
                heads.put(p.householdNumber(), p);
            } else if ("10".equals(p.relationToHead())) {
                partners.put(p.householdNumber(), p);
            }
        }
        Map<String, Registration> coupleMarriages = new HashMap<>();
        List<TruthMarriage> marriages = new ArrayList<>();
        List<CivilAffairsRecord> records = new ArrayList<>();
        List<CivilAffairsView.Injection> all = new ArrayList<>();

        for (TruthPerson p : persons) {
            String status = p.maritalStatus();
            if (!MARRIED.equals(status) && !WIDOWED.equals(status) && !DIVORCED.equals(status)) {
                continue; // 未婚 and 未说明: unknown to the marriage registry
            }
            TruthPerson partner = "02".equals(p.relationToHead()) ? partners.get(p.householdNumber())
                    : "10".equals(p.relationToHead()) ? heads.get(p.householdNumber()) : null;
            boolean couple = partner != null && !DIVORCED.equals(status)
                    && (MARRIED.equals(partner.maritalStatus()) || WIDOWED.equals(partner.maritalStatus()));
            Spouse spouse = couple
                    ? new Spouse(partner.name(), partner.citizenId(), partner.birthDate(), "1".equals(partner.sex()), true, partner.deathDate())
                    : newSpouse(p);
            Registration marriage;
            if (couple) {
                marriage = coupleMarriages.get(p.householdNumber());
                if (marriage == null) {
                    marriage = marriage(p, spouse, p.householdRegion(), DIVORCED.equals(status));
                    coupleMarriages.put(p.householdNumber(), marriage);
                }
            } else {
                marriage = marriage(p, spouse, p.householdRegion(), DIVORCED.equals(status));
            }
            Registration latest = marriage;
            if (DIVORCED.equals(status)) {
                LocalDate until = p.deathDate() == null ? Generator.REFERENCE_DATE.minusDays(1) : p.deathDate().minusDays(1);
                LocalDate divorced = randomDate(min(marriage.date().plusYears(1), until), until);
                latest = registration(TruthMarriage.DIVORCE, "L", divorced, p.householdRegion());
            } else if (!p.deceased() && marriage.date().plusYears(1).isBefore(Generator.REFERENCE_DATE)
                    && r.nextDouble() < REISSUE_RATE) {
                LocalDate reissued = randomDate(marriage.date().plusYears(1), Generator.REFERENCE_DATE.minusDays(1));
                latest = registration(TruthMarriage.MARRIAGE_CERTIFICATE_REISSUED, "BJ", reissued, p.householdRegion());
            }
            String certificate = latest.certificate();
            String spouseId = spouse.citizenId();

            // Quirks of this record, in a fixed order of draws.
            injections.clear();
            String zsbh = certificate == null ? "" : certificate;
            if (latest.date().isBefore(CERTIFICATE_ERA)) {
                opportunity(CivilAffairsQuirk.EMPTY_STRING);
            }
            if (certificate == null) {
                injections.add(new Injection(CivilAffairsQuirk.EMPTY_STRING, "zsbh"));
            }
            String djrq = Generator.dashed(latest.date());
            double u = r.nextDouble();
            opportunity(CivilAffairsQuirk.DATE_COMPACT);
            opportunity(CivilAffairsQuirk.DATE_CHINESE);
            if (u < CivilAffairsQuirk.DATE_COMPACT.rate()) {
                djrq = Generator.compact(latest.date());
                injections.add(new Injection(CivilAffairsQuirk.DATE_COMPACT, "djrq"));
            } else if (u < CivilAffairsQuirk.DATE_COMPACT.rate() + CivilAffairsQuirk.DATE_CHINESE.rate()) {
                djrq = Generator.chinese(latest.date());
                injections.add(new Injection(CivilAffairsQuirk.DATE_CHINESE, "djrq"));
            }
            String hyzk = status;
            if (roll(CivilAffairsQuirk.MARITAL_STATUS_AS_TEXT)) {
                hyzk = switch (status) {
                    case MARRIED -> "已婚";
                    case WIDOWED -> "丧偶";
                    default -> "离婚";
                };
                injections.add(new Injection(CivilAffairsQuirk.MARITAL_STATUS_AS_TEXT, "hyzk"));
            }
            String posfzh = spouseId;
            if (roll(CivilAffairsQuirk.WU_PLACEHOLDER)) {
                posfzh = "无";
                spouseId = null;
                injections.add(new Injection(CivilAffairsQuirk.WU_PLACEHOLDER, "posfzh"));
            } else {
                boolean fifteen = false;
                if (spouse.birthDate().getYear() < 2000 && roll(CivilAffairsQuirk.FIFTEEN_DIGIT_CITIZEN_ID)) {
                    posfzh = Generator.toFifteen(posfzh);
                    fifteen = true;
                    injections.add(new Injection(CivilAffairsQuirk.FIFTEEN_DIGIT_CITIZEN_ID, "posfzh"));
                }
                if (!fifteen && posfzh.endsWith("X") && roll(CivilAffairsQuirk.LOWERCASE_X)) {
                    posfzh = posfzh.substring(0, 17) + "x";
                    injections.add(new Injection(CivilAffairsQuirk.LOWERCASE_X, "posfzh"));
                }
            }

            marriages.add(new TruthMarriage(p.citizenId(), status, latest.type(), latest.date(), latest.authority(),
                    certificate, spouse.name(), spouseId, spouse.inDataSet(), latest.serial()));
            records.add(new CivilAffairsRecord(latest.serial(), p.citizenId(), p.name(), p.sex(), hyzk, latest.type(), djrq,
                    latest.authority(), zsbh, spouse.name(), posfzh));
            for (Injection i : injections) {
                all.add(new CivilAffairsView.Injection(i.quirk(), latest.serial(), p.citizenId(), i.field()));
            }
        }
        return new CivilAffairsView(marriages, records, all, opportunities);
    }

    /** The marriage registration of a person and spouse: at legal age, before either died (and early enough for a later divorce). */
    private Registration marriage(TruthPerson p, Spouse spouse, String district, boolean divorcedLater) {
        LocalDate man = "1".equals(p.sex()) ? p.birthDate() : spouse.birthDate();
        LocalDate woman = "1".equals(p.sex()) ? spouse.birthDate() : p.birthDate();
        LocalDate lower = max(man.plusYears(22), woman.plusYears(20));
        LocalDate upper = min(lower.plusYears(12), Generator.REFERENCE_DATE.minusDays(1));
        if (divorcedLater) {
            upper = min(upper, Generator.REFERENCE_DATE.minusYears(2));
        }
        if (p.deathDate() != null) {
            // A divorce, one year or more after the marriage, also precedes the death.
            upper = min(upper, divorcedLater ? p.deathDate().minusYears(1).minusDays(1) : p.deathDate().minusDays(1));
        }
        if (spouse.deathDate() != null) {
            upper = min(upper, spouse.deathDate().minusDays(1));
        }
        LocalDate date = randomDate(min(lower, upper), upper);
        return registration(TruthMarriage.MARRIAGE, "J", date, district);
    }

    private Registration registration(String type, String certificatePrefix, LocalDate date, String district) {
        String authority = authority(district);
        String certificate = certificatePrefix + district + "-" + date.getYear() + "-" + Generator.zeroPad(1 + r.nextInt(3000), 6);
        String serial = district + Generator.compact(date) + Generator.zeroPad(r.nextInt(1_000_000), 6);
        if (date.isBefore(CERTIFICATE_ERA) && r.nextDouble() < CivilAffairsQuirk.EMPTY_STRING.rate()) {
            certificate = null;
        }
        return new Registration(type, date, district, authority, certificate, serial);
    }

    private String authority(String district) {
        Vocabulary.Region region = regionByDistrict.get(district);
        Vocabulary.District d = districtByCode.get(district);
        if (region == null || d == null) {
            return "民政局婚姻登记处";
        }
        return (d.name().equals(region.city()) ? region.city() : region.city() + d.name()) + "民政局婚姻登记处";
    }

    /** A spouse who is not a person of the data set: opposite sex, born within five years, a fresh citizen ID. */
    private Spouse newSpouse(TruthPerson p) {
        boolean male = !"1".equals(p.sex());
        LocalDate birth = p.birthDate().plusDays(r.nextInt(-1825, 1826));
        birth = birth.isBefore(EARLIEST_SPOUSE_BIRTH) ? EARLIEST_SPOUSE_BIRTH : birth.isAfter(LATEST_SPOUSE_BIRTH) ? LATEST_SPOUSE_BIRTH : birth;
        String region = r.nextDouble() < 0.7 ? p.householdRegion() : Vocabulary.ORIGIN_REGIONS.get(r.nextInt(Vocabulary.ORIGIN_REGIONS.size()));
        String id;
        do {
            int seq = male ? 2 * r.nextInt(500) + 1 : 2 * (1 + r.nextInt(499));
            String body = region + Generator.compact(birth) + Generator.zeroPad(seq, 3);
            id = body + CitizenId.checkCharacter(body);
        } while (!usedCitizenIds.add(id));
        String surname = String.valueOf(Vocabulary.SURNAMES.charAt(r.nextInt(Vocabulary.SURNAMES.length())));
        String pool = male ? Vocabulary.MALE_GIVEN : Vocabulary.FEMALE_GIVEN;
        StringBuilder name = new StringBuilder(surname);
        int n = r.nextDouble() < 0.3 ? 1 : 2;
        for (int i = 0; i < n; i++) {
            name.append(pool.charAt(r.nextInt(pool.length())));
        }
        return new Spouse(name.toString(), id, birth, male, false, null);
    }

    private boolean roll(CivilAffairsQuirk quirk) {
        opportunity(quirk);
        return r.nextDouble() < quirk.rate();
    }

    private void opportunity(CivilAffairsQuirk quirk) {
        opportunities.merge(quirk, 1, Integer::sum);
    }

    private LocalDate randomDate(LocalDate from, LocalDate to) {
        long days = ChronoUnit.DAYS.between(from, to);
        return days <= 0 ? from : from.plusDays(r.nextLong(days + 1));
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
