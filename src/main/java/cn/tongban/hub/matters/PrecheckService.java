package cn.tongban.hub.matters;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import cn.tongban.hub.access.Access;
import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.canonical.InsuranceField;
import cn.tongban.hub.canonical.Provenance;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.identifiers.IdentifierNormalizer;
import cn.tongban.hub.identifiers.Uscc;
import cn.tongban.hub.registry.EnterpriseReplicaRepository;
import cn.tongban.hub.unresolved.UnresolvedCases;

/**
 * Pre-checks a matter for an applicant: which materials shared data already satisfies
 * (each with an evidence record of exactly the data used), which the applicant must still
 * bring and why, and the one-time notice of the latter. Also fills the application form.
 */
@Service
public class PrecheckService {

    private static final int MAX_CASE_NUMBER = 64;

    private final MatterCatalogue catalogue;
    private final SubjectData subjects;
    private final PrecheckStore store;
    private final EnterpriseReplicaRepository replica;
    private final ObjectMapper json;
    private final UnresolvedCases unresolved;
    private final Clock clock = Clock.systemUTC();

    PrecheckService(MatterCatalogue catalogue, SubjectData subjects, PrecheckStore store, EnterpriseReplicaRepository replica,
                    ObjectMapper json, UnresolvedCases unresolved) {
        this.catalogue = catalogue;
        this.subjects = subjects;
        this.store = store;
        this.replica = replica;
        this.json = json;
        this.unresolved = unresolved;
    }

    public Matter matter(String codeOrName) {
        return catalogue.find(codeOrName).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, ProblemCodes.MATTER_NOT_FOUND,
                "Matter not found", "No matter of the catalogue has this code, name or alias."));
    }

    public PrecheckAnswer precheck(String code, String subjectKey, String caseNumber, String applicantType) {
        Matter matter = matter(code);
        String purpose = checkCaseNumber(caseNumber);
        String applicant = applicantType == null || applicantType.isBlank() ? "self" : applicantType.strip();
        if (!MatterLoader.APPLICANT_TYPES.contains(applicant)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.UNKNOWN_APPLICANT_TYPE, "Unknown applicant type",
                    "applicantType is one of " + new TreeSet<>(MatterLoader.APPLICANT_TYPES) + ".");
        }
        String key = key(matter, subjectKey);
        SubjectData.Subject subject = fetch(matter, key);

        UUID precheckId = UUID.randomUUID();
        Instant now = clock.instant();
        List<PrecheckAnswer.MaterialOutcome> outcomes = new ArrayList<>();
        List<PrecheckStore.NewEvidence> evidence = new ArrayList<>();
        List<Notice.Item> items = new ArrayList<>();
        for (Matter.Material m : matter.materials()) {
            if (!m.appliesTo(applicant)) {
                continue;
            }
            Evaluation e = m.satisfiedBy() == null ? Evaluation.failed(Reason.NOT_SHAREABLE) : m.satisfiedBy().evaluate(subject);
            if (e.satisfied()) {
                Map<String, Object> content = evidenceContent(matter, m, subject, purpose, precheckId, e.used());
                String text = CanonicalJson.write(content);
                String hash = CanonicalJson.sha256(text);
                UUID id = UUID.randomUUID();
                evidence.add(new PrecheckStore.NewEvidence(id, m.id(), text, hash));
                @SuppressWarnings("unchecked")
                List<String> silos = (List<String>) content.get("sources");
                outcomes.add(new PrecheckAnswer.MaterialOutcome(m.id(), m.name(), m.necessity().id(), PrecheckAnswer.SATISFIED,
                        id.toString(), hash, silos, null, null, List.of()));
            } else {
                List<String> detail = List.copyOf(e.detail());
                outcomes.add(new PrecheckAnswer.MaterialOutcome(m.id(), m.name(), m.necessity().id(), PrecheckAnswer.MUST_SUBMIT,
                        null, null, List.of(), e.reason().name(), e.reason().text(), detail));
                items.add(new Notice.Item(items.size() + 1, m.id(), m.name(), m.form().id(), m.form().label(), m.medium().id(),
                        m.medium().label(), m.count(), m.necessity().id(), m.necessity().label(), m.source(), m.commitment(),
                        m.note(), e.reason().name(), e.reason().text(), detail));
            }
        }
        Notice notice = new Notice(matter.code(), matter.name(), matter.department(), purpose, masked(matter, key), applicant, items);
        String noticeText = CanonicalJson.write(notice);
        String noticeHash = CanonicalJson.sha256(noticeText);
        String html = "/api/v1/matters/" + matter.code() + "/prechecks/" + precheckId + "/notice";
        PrecheckAnswer answer = new PrecheckAnswer(precheckId.toString(), matter.code(), matter.name(), matter.subjectType(),
                masked(matter, key), purpose, applicant, now.toString(), new TreeMap<>(subject.sources()),
                new TreeSet<>(subject.conflicts()).stream().toList(), outcomes,
                new PrecheckAnswer.NoticeView(noticeHash, CanonicalJson.ALGORITHM, html, items.size(), notice), Map.of());
        answer = answer.withUnresolvedCases(unresolved.record(matter, key, answer));
        store.save(precheckId, matter.code(), key, purpose, applicant, now, write(answer), noticeText, noticeHash, evidence);
        return answer;
    }

    /** The stored answer of a pre-check of this matter, as JSON text. */
    public String storedAnswer(String code, String precheckId) {
        return stored(code, precheckId).answer();
    }

    /** The stored notice of a pre-check and its hash. */
    public Map.Entry<Notice, String> storedNotice(String code, String precheckId) {
        PrecheckStore.StoredPrecheck p = stored(code, precheckId);
        try {
            return Map.entry(json.readValue(p.notice(), Notice.class), p.noticeHash());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored notice cannot be read", e);
        }
    }

    public PrecheckStore.StoredEvidence evidence(String id) {
        return uuid(id).flatMap(store::evidence).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
                ProblemCodes.EVIDENCE_NOT_FOUND, "Evidence not found", "No evidence record has this id."));
    }

    public PrefillAnswer prefill(String code, String subjectKey) {
        Matter matter = matter(code);
        String key = key(matter, subjectKey);
        SubjectData.Subject subject = fetch(matter, key);
        List<PrefillAnswer.Field> fields = new ArrayList<>();
        for (Matter.FormField f : matter.form()) {
            SourcedValue v;
            String silo;
            if (f.insuranceType() == null) {
                v = subject.fields().get(f.field());
                silo = Condition.entityOf(matter.subjectType()).field(f.field()).orElseThrow().authority();
            } else {
                v = subject.insurances().stream()
                        .filter(i -> i.get(InsuranceField.INSURANCE_TYPE.json()) != null
                                && f.insuranceType().equals(String.valueOf(i.get(InsuranceField.INSURANCE_TYPE.json()).value())))
                        .sorted(Comparator.comparing(i -> String.valueOf(i.get(InsuranceField.INSURANCE_TYPE.json()).provenance().recordId())))
                        .map(i -> i.get(f.field())).filter(x -> x != null).findFirst().orElse(null);
                silo = InsuranceField.CITIZEN_ID.authority();
            }
            String status;
            if (v != null && v.value() != null) {
                status = subject.conflicts().contains(f.field()) && f.insuranceType() == null ? PrefillAnswer.CONFLICT : PrefillAnswer.FILLED;
            } else {
                String s = subject.sources().get(silo);
                status = s == null || Condition.UNAVAILABLE.contains(s) ? PrefillAnswer.SOURCE_UNAVAILABLE : PrefillAnswer.EMPTY;
            }
            fields.add(new PrefillAnswer.Field(f.id(), f.label(), f.field(), v == null ? null : v.value(),
                    v == null ? null : v.provenance(), status));
        }
        return new PrefillAnswer(matter.code(), matter.name(), matter.subjectType(), masked(matter, key),
                new TreeMap<>(subject.sources()), fields);
    }

    private PrecheckStore.StoredPrecheck stored(String code, String precheckId) {
        Matter matter = matter(code);
        return uuid(precheckId).flatMap(store::precheck).filter(p -> p.matterCode().equals(matter.code()))
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, ProblemCodes.PRECHECK_NOT_FOUND, "Pre-check not found",
                        "No pre-check of this matter has this id."));
    }

    /**
     * The evidence: purpose (matter, case), subject, the condition, and exactly the values it
     * read with their provenance. All values are text (see {@link CanonicalJson}).
     */
    private static Map<String, Object> evidenceContent(Matter matter, Matter.Material m, SubjectData.Subject subject, String caseNumber,
                                                       UUID precheckId, SortedMap<String, SourcedValue> used) {
        SortedMap<String, Object> data = new TreeMap<>();
        TreeSet<String> silos = new TreeSet<>();
        String latest = null;
        for (Map.Entry<String, SourcedValue> u : used.entrySet()) {
            Provenance p = u.getValue().provenance();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("value", u.getValue().value() == null ? null : u.getValue().value().toString());
            v.put("silo", p == null ? null : p.silo());
            v.put("sourceField", p == null ? null : p.sourceField());
            v.put("recordId", p == null ? null : p.recordId());
            String fetched = p == null || p.fetchedAt() == null ? null : p.fetchedAt().toString();
            v.put("fetchedAt", fetched);
            data.put(u.getKey(), v);
            if (p != null && p.silo() != null) {
                silos.add(p.silo());
            }
            if (fetched != null && (latest == null || p.fetchedAt().isAfter(Instant.parse(latest)))) {
                latest = fetched;
            }
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("precheckId", precheckId.toString());
        c.put("matterCode", matter.code());
        c.put("materialId", m.id());
        c.put("materialName", m.name());
        c.put("caseNumber", caseNumber);
        c.put("subjectType", subject.type());
        c.put("subjectKey", subject.key());
        c.put("condition", m.satisfiedByText());
        c.put("data", data);
        c.put("sources", List.copyOf(silos));
        c.put("fetchedAt", latest);
        return c;
    }

    private SubjectData.Subject fetch(Matter matter, String key) {
        return subjects.fetch(matter.subjectType(), key).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
                ProblemCodes.SUBJECT_NOT_FOUND, "Applicant not found",
                "No connected source knows this " + (SubjectData.PERSON.equals(matter.subjectType()) ? "citizen ID." : "USCC.")));
    }

    /** The applicant's key, normalised and validated for the matter's subject type; a bad key is a 400 naming the rule. */
    private String key(Matter matter, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.SUBJECT_REQUIRED, "Applicant missing",
                    "subject (the applicant's citizen ID or USCC) is required.");
        }
        if (SubjectData.PERSON.equals(matter.subjectType())) {
            String id = CitizenId.parse(raw).value();
            Access.subject(id);
            return id;
        }
        String normalized = IdentifierNormalizer.normalize(raw);
        Uscc uscc = Uscc.parseLenient(normalized);
        if (!uscc.checkDigitValid() && replica.findByUscc(uscc.value()).isEmpty()) {
            // A bad check character is accepted only for a code the registry holds (DOMAIN.md 1.1).
            Uscc.parse(normalized);
        }
        Access.subject(uscc.value());
        return uscc.value();
    }

    private static String masked(Matter matter, String key) {
        return SubjectData.PERSON.equals(matter.subjectType()) ? CitizenId.parse(key).masked() : key;
    }

    private static String checkCaseNumber(String caseNumber) {
        if (caseNumber == null || caseNumber.isBlank()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.CASE_NUMBER_REQUIRED, "Case number missing",
                    "caseNumber is required: a pre-check reads personal data only for a named case (PIPL arts. 6 and 34).");
        }
        String c = caseNumber.strip();
        if (c.length() > MAX_CASE_NUMBER || c.chars().anyMatch(Character::isISOControl)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.CASE_NUMBER_REQUIRED, "Invalid case number",
                    "caseNumber has at most " + MAX_CASE_NUMBER + " printable characters.");
        }
        return c;
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a pre-check answer cannot be written", e);
        }
    }

}
