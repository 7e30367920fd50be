package cn.tongban.hub.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

import cn.tongban.hub.canonical.CanonicalField;
import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.identifiers.IdentifierError;
import cn.tongban.hub.identifiers.IdentifierNormalizer;
import cn.tongban.hub.identifiers.InvalidIdentifierException;
import cn.tongban.hub.identifiers.OrganizationCode;
import cn.tongban.hub.identifiers.RegistrationNumber;
import cn.tongban.hub.identifiers.Uscc;

/**
 * One compiled rule of a mapping file: where a canonical field's value is read, how it is
 * cleaned and typed, and what a bad value means. {@link #convert} returns the canonical
 * value (null for "no value") and adds flags for values kept despite a defect; it throws
 * {@link MappingException} or {@link InvalidIdentifierException} for a value it cannot use.
 */
final class FieldRule {

    private static final DateTimeFormatter COMPACT_DATETIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final java.util.regex.Pattern EPOCH_MILLIS = java.util.regex.Pattern.compile("-?\\d{11,13}");
    private static final java.util.regex.Pattern ZONE_SUFFIX = java.util.regex.Pattern.compile("[+-]\\d{2}:\\d{2}$");
    /** Canonical date-time: always with seconds ({@code LocalDateTime.toString()} drops ":00"). */
    static final DateTimeFormatter CANONICAL_DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    final CanonicalField target;
    final String source;
    final SourceAccessor accessor;
    final RuleType type;
    final List<Normalisation> normalisation;
    final CodeList codeList;
    final CanonicalField label;
    final BigDecimal multiply;
    final boolean required;

    FieldRule(CanonicalField target, String source, SourceAccessor accessor, RuleType type, List<Normalisation> normalisation,
              CodeList codeList, CanonicalField label, BigDecimal multiply, boolean required) {
        this.target = target;
        this.source = source;
        this.accessor = accessor;
        this.type = type;
        this.normalisation = List.copyOf(normalisation);
        this.codeList = codeList;
        this.label = label;
        this.multiply = multiply;
        this.required = required;
    }

    /** The result of a code rule: the entry, or the raw text when it is outside the list. */
    record Coded(CodeList.Entry entry, String raw) {
    }

    Object convert(Object raw, List<String> flags) {
        if (raw instanceof java.sql.Timestamp ts) {
            raw = ts.toLocalDateTime();
        } else if (raw instanceof java.sql.Date d) {
            raw = d.toLocalDate();
        }
        if (raw instanceof LocalDate || raw instanceof LocalDateTime) {
            return temporal(raw);
        }
        if (raw instanceof Number n && normalisation.isEmpty()) {
            return number(n);
        }
        String text = Values.text(raw);
        for (Normalisation step : normalisation) {
            text = Values.text(step.apply(text));
        }
        if (text == null) {
            return null;
        }
        return switch (type) {
            case TEXT -> text;
            case DATE -> Values.date(text).toString();
            case DATETIME -> dateTime(text);
            case DECIMAL -> scaled(Values.decimal(text));
            case INTEGER -> integer(text);
            case CODE -> coded(text, flags);
            case USCC -> uscc(text, flags);
            case ORGANIZATION_CODE -> organizationCode(text, flags);
            case REGISTRATION_NUMBER -> registrationNumber(text, flags);
            case CITIZEN_ID -> citizenId(text, flags);
        };
    }

    private Object temporal(Object raw) {
        return switch (type) {
            case DATE -> (raw instanceof LocalDateTime t ? t.toLocalDate() : raw).toString();
            case DATETIME -> CANONICAL_DATETIME.format(raw instanceof LocalDate d ? d.atStartOfDay() : (LocalDateTime) raw);
            default -> convertText(raw.toString());
        };
    }

    private Object convertText(String s) {
        return switch (type) {
            case TEXT -> s;
            default -> throw new MappingException(MappingError.NUMBER_FORMAT, target.json() + " is not a " + type.id());
        };
    }

    private Object number(Number n) {
        return switch (type) {
            case DATE -> Values.date(n).toString();
            case DATETIME -> CANONICAL_DATETIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(n.longValue()), Values.SOURCE_ZONE));
            case DECIMAL -> scaled(Values.decimal(n));
            case INTEGER -> integer(n.toString());
            case TEXT -> n.toString();
            default -> {
                List<String> ignored = new java.util.ArrayList<>();
                yield convert(n.toString(), ignored);
            }
        };
    }

    private BigDecimal scaled(BigDecimal d) {
        BigDecimal v = multiply == null ? d : d.multiply(multiply);
        v = v.stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    private static Long integer(String s) {
        try {
            BigDecimal d = new BigDecimal(s.replace(",", "").replace(" ", ""));
            return d.toBigIntegerExact().longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MappingException(MappingError.NUMBER_FORMAT, "not a whole number");
        }
    }

    private static String dateTime(String s) {
        String v = s.strip();
        try {
            if (v.length() == 14 && v.chars().allMatch(Character::isDigit)) {
                return CANONICAL_DATETIME.format(LocalDateTime.parse(v, COMPACT_DATETIME));
            }
            if (EPOCH_MILLIS.matcher(v).matches()) {
                return CANONICAL_DATETIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(Long.parseLong(v)), Values.SOURCE_ZONE));
            }
            if (v.endsWith("Z") || ZONE_SUFFIX.matcher(v).find()) {
                return CANONICAL_DATETIME.format(LocalDateTime.ofInstant(Instant.parse(v.replace(' ', 'T')), Values.SOURCE_ZONE));
            }
            return CANONICAL_DATETIME.format(LocalDateTime.parse(v.replace(' ', 'T')));
        } catch (DateTimeParseException e) {
            if (v.length() <= 10) {
                return CANONICAL_DATETIME.format(Values.date(v).atStartOfDay());
            }
            throw new MappingException(MappingError.DATE_FORMAT, "unrecognised date-time format");
        }
    }

    private Coded coded(String text, List<String> flags) {
        var entry = codeList.resolve(text);
        if (entry.isEmpty()) {
            if (required) {
                throw new MappingException(MappingError.UNKNOWN_CODE, target.json() + " is in no entry of " + codeList.id());
            }
            flags.add(MappingError.UNKNOWN_CODE.name() + ":" + target.json());
            return new Coded(null, text);
        }
        return new Coded(entry.get(), text);
    }

    private String uscc(String text, List<String> flags) {
        Uscc u = Uscc.parseLenient(text);
        if (!u.checkDigitValid()) {
            flags.add(IdentifierError.USCC_CHECK_DIGIT.name() + ":" + target.json());
        }
        return u.value();
    }

    private String organizationCode(String text, List<String> flags) {
        try {
            return OrganizationCode.parse(text).compact();
        } catch (InvalidIdentifierException e) {
            if (e.error() != IdentifierError.ORG_CODE_CHECK_DIGIT) {
                throw e;
            }
            // Right shape, wrong check character: kept and flagged, never dropped (DOMAIN.md 2.4).
            flags.add(IdentifierError.ORG_CODE_CHECK_DIGIT.name() + ":" + target.json());
            return IdentifierNormalizer.normalize(text).replace("-", "");
        }
    }

    private String registrationNumber(String text, List<String> flags) {
        RegistrationNumber rn = RegistrationNumber.parseLenient(text);
        if (rn.flagged()) {
            flags.add("REG_NO_NON_CONFORMING:" + target.json());
        }
        return rn.value();
    }

    private String citizenId(String text, List<String> flags) {
        try {
            CitizenId id = CitizenId.parse(text);
            if (id.upgradedFrom15()) {
                flags.add("ID_UPGRADED_FROM_15:" + target.json());
            }
            return id.value();
        } catch (InvalidIdentifierException e) {
            if (e.error() == IdentifierError.ID_CHECK_DIGIT && CitizenId.isWellShaped18(text)) {
                flags.add(IdentifierError.ID_CHECK_DIGIT.name() + ":" + target.json());
                return IdentifierNormalizer.normalize(text);
            }
            throw e;
        }
    }

    static Object unwrap(Object value) {
        return value instanceof BigInteger b ? new BigDecimal(b) : value;
    }
}
