package cn.tongban.hub.lookup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import cn.tongban.hub.access.Access;
import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.canonical.CanonicalField;
import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.identifiers.IdentifierNormalizer;
import cn.tongban.hub.mapping.CodeList;
import cn.tongban.hub.mapping.MappingException;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.mapping.Values;

/**
 * Checks claimed values against the merged profile of a person or an enterprise. Claims are
 * normalised as the mappings normalise silo values (half-width text, dates in any of the
 * silos' formats, a code or its label) and compared with the surviving value; the answer
 * says match, differ or unknown, and never what the hub holds.
 */
@Service
public class VerificationService {

    private final PersonProfileService persons;
    private final EnterpriseLookupService enterprises;
    private final Mappings mappings;

    VerificationService(PersonProfileService persons, EnterpriseLookupService enterprises, Mappings mappings) {
        this.persons = persons;
        this.enterprises = enterprises;
        this.mappings = mappings;
    }

    public Verification.Answer verify(Verification.Request request) {
        if (request == null || request.subjectType() == null) {
            throw badRequest("subjectType is required: person or enterprise");
        }
        if (request.subject() == null || request.subject().isBlank()) {
            throw badRequest("subject is required: a citizen ID or an enterprise identifier");
        }
        if (request.claims() == null || request.claims().isEmpty()) {
            throw badRequest("claims is required: at least one field and the value the applicant gave");
        }
        Entity entity = switch (request.subjectType()) {
            case Verification.PERSON -> Entity.PERSON;
            case Verification.ENTERPRISE -> Entity.ENTERPRISE;
            default -> throw badRequest("subjectType must be person or enterprise");
        };
        List<String> unknown = request.claims().keySet().stream().filter(f -> entity.field(f).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.UNKNOWN_FIELD, "Unknown field",
                    "Unknown " + entity.id() + " field(s) " + unknown + "; known: "
                            + entity.fields().stream().map(CanonicalField::json).sorted().toList());
        }
        // Claims are read before any silo is called: a claim that is no date is the caller's error.
        Map<String, Object> claimed = new LinkedHashMap<>();
        request.claims().forEach((f, v) -> claimed.put(f, claim(entity, entity.field(f).orElseThrow(), v)));

        Map<String, ProfileValue> recorded;
        Set<String> conflicting;
        Map<String, SourceStatus> sources;
        String subject;
        long elapsed;
        if (entity == Entity.PERSON) {
            CitizenId id = CitizenId.parse(request.subject());
            PersonProfile p = persons.profile(id, Set.copyOf(request.claims().keySet()));
            recorded = p.fields();
            conflicting = p.conflicts().stream().map(Conflict::field).collect(Collectors.toSet());
            sources = p.sources();
            subject = id.masked();
            elapsed = p.elapsedMillis();
        } else {
            EnterpriseProfile p = enterprises.lookUp(request.subject(), List.copyOf(request.claims().keySet()));
            recorded = p.fields();
            conflicting = p.conflicts().stream().map(Conflict::field).collect(Collectors.toSet());
            sources = p.sources();
            subject = p.uscc();
            elapsed = p.elapsedMillis() == null ? 0 : p.elapsedMillis();
        }
        Map<String, Verification.Result> results = new LinkedHashMap<>();
        claimed.forEach((f, c) -> {
            if (!Access.mayRead(entity, f)) {
                // Outside the client's scope: a match would disclose the value as surely as the value.
                results.put(f, new Verification.Result(Verification.WITHHELD, null, null, null, null));
                return;
            }
            CanonicalField field = entity.field(f).orElseThrow();
            ProfileValue v = recorded.get(f);
            if (v == null || v.value() == null) {
                results.put(f, new Verification.Result(Verification.UNKNOWN, null, null, null, null));
                return;
            }
            boolean same = c != null && Objects.equals(c, recordedForm(entity, field, v.value()));
            results.put(f, new Verification.Result(same ? Verification.MATCH : Verification.DIFFER,
                    v.provenance() == null ? null : v.provenance().silo(),
                    v.provenance() == null ? null : v.provenance().fetchedAt(),
                    Boolean.FALSE.equals(v.authoritative()) ? Boolean.FALSE : null,
                    conflicting.contains(f) ? Boolean.TRUE : null));
        });
        return new Verification.Answer(request.subjectType(), subject, results, sources, elapsed);
    }

    /** A claimed value in the form {@link Survivorship#normalised} gives recorded values; null when blank. */
    Object claim(Entity entity, CanonicalField field, Object raw) {
        if (raw == null) {
            return null;
        }
        try {
            return switch (field.type()) {
                case CODE -> {
                    String s = Values.text(raw);
                    if (s == null) {
                        yield null;
                    }
                    // Either the code or its label (or an alias of the label).
                    yield codeList(entity, field.json()).flatMap(l -> l.resolve(s)).map(CodeList.Entry::code)
                            .orElse(s.replace(" ", ""));
                }
                case LABEL -> {
                    String s = Values.text(raw);
                    if (s == null) {
                        yield null;
                    }
                    String codeField = field.json().replaceFirst("Label$", "");
                    yield codeList(entity, codeField).flatMap(l -> l.resolve(s)).map(e -> (Object) ("code:" + e.code()))
                            .orElse(Survivorship.normalised(field.type(), s));
                }
                case CITIZEN_ID -> {
                    String s = Values.identifier(raw);
                    yield s != null && s.length() == 15 ? CitizenId.upgrade(s) : s;
                }
                case USCC, ORGANIZATION_CODE, REGISTRATION_NUMBER -> Values.identifier(raw);
                default -> Survivorship.normalised(field.type(), raw);
            };
        } catch (MappingException | cn.tongban.hub.identifiers.InvalidIdentifierException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.INVALID_CLAIM, "Invalid claim",
                    "The claimed " + field.json() + " cannot be read as " + field.type().name().toLowerCase(java.util.Locale.ROOT)
                            + ": " + (e instanceof MappingException me ? me.error().name() : e.getMessage()));
        }
    }

    private Object recordedForm(Entity entity, CanonicalField field, Object value) {
        if (field.type() == cn.tongban.hub.canonical.ValueType.LABEL) {
            String codeField = field.json().replaceFirst("Label$", "");
            String s = Values.text(value);
            Optional<CodeList.Entry> e = s == null ? Optional.empty() : codeList(entity, codeField).flatMap(l -> l.resolve(s));
            if (e.isPresent()) {
                return "code:" + e.get().code();
            }
        }
        if (field.type() == cn.tongban.hub.canonical.ValueType.CITIZEN_ID
                || field.type() == cn.tongban.hub.canonical.ValueType.USCC) {
            return IdentifierNormalizer.normalize(value.toString());
        }
        return Survivorship.normalised(field.type(), value);
    }

    private Optional<CodeList> codeList(Entity entity, String field) {
        return mappings.all().stream().filter(m -> m.entity() == entity)
                .map(m -> m.codeList(field)).flatMap(Optional::stream).findFirst();
    }

    private static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.BAD_REQUEST, "Bad request", detail);
    }
}
