package cn.tongban.hub.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.canonical.Provenance;
import cn.tongban.hub.lookup.Conflict;
import cn.tongban.hub.lookup.EnterpriseProfile;
import cn.tongban.hub.lookup.PersonProfile;
import cn.tongban.hub.lookup.ProfileValue;
import cn.tongban.hub.matters.Condition;
import cn.tongban.hub.matters.PrefillAnswer;

/**
 * The last step before an answer with subject data is serialised, after merging: fields outside
 * the client's scope are removed (the services already did not ask for them; this is the
 * guarantee), personal data is masked with the client's rules, and the fields that leave are
 * noted for the audit record.
 */
@RestControllerAdvice
class AnswerShaper implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        Class<?> t = returnType.getParameterType();
        return t == EnterpriseProfile.class || t == PersonProfile.class || t == PrefillAnswer.class;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        Access access = Access.current();
        if (access == null || body == null) {
            return body;
        }
        if (body instanceof EnterpriseProfile p) {
            return shape(p, access);
        }
        if (body instanceof PersonProfile p) {
            return shape(p, access);
        }
        return body instanceof PrefillAnswer p ? shape(p, access) : body;
    }

    static EnterpriseProfile shape(EnterpriseProfile p, Access access) {
        Map<String, ProfileValue> fields = fields(Entity.ENTERPRISE, p.fields(), access);
        List<Conflict> conflicts = conflicts(Entity.ENTERPRISE, p.conflicts(), access);
        EnterpriseProfile.LegalRepresentativeCheck check = readable(access, Entity.ENTERPRISE, Sections.LEGAL_REPRESENTATIVE_CHECK)
                ? p.legalRepresentativeCheck() : null;
        EnterpriseProfile.SocialInsuranceStatus insurance = readable(access, Entity.ENTERPRISE, Sections.SOCIAL_INSURANCE)
                ? p.socialInsurance() : null;
        access.returned(Entity.ENTERPRISE, fields.keySet());
        if (check != null) {
            access.returned(Entity.ENTERPRISE, List.of(Sections.LEGAL_REPRESENTATIVE_CHECK));
        }
        if (insurance != null) {
            access.returned(Entity.ENTERPRISE, List.of(Sections.SOCIAL_INSURANCE));
        }
        return new EnterpriseProfile(p.uscc(), p.resolvedVia(), p.flags(), fields, conflicts, check, insurance, p.sources(),
                p.elapsedMillis(), p.withheld());
    }

    static PersonProfile shape(PersonProfile p, Access access) {
        Map<String, ProfileValue> fields = fields(Entity.PERSON, p.fields(), access);
        List<Map<String, ProfileValue>> insurances = null;
        if (p.insurances() != null && readable(access, Entity.PERSON, Sections.INSURANCES)) {
            insurances = new ArrayList<>();
            for (Map<String, ProfileValue> i : p.insurances()) {
                Map<String, ProfileValue> shaped = fields(Entity.INSURANCE, i, access);
                access.returned(Entity.INSURANCE, shaped.keySet());
                insurances.add(shaped);
            }
            access.returned(Entity.PERSON, List.of(Sections.INSURANCES));
        }
        access.returned(Entity.PERSON, fields.keySet());
        return new PersonProfile(p.citizenId(), p.flags(), fields, insurances, conflicts(Entity.PERSON, p.conflicts(), access),
                p.sources(), p.elapsedMillis(), p.withheld());
    }

    static PrefillAnswer shape(PrefillAnswer p, Access access) {
        Entity entity = Condition.entityOf(p.subjectType());
        List<PrefillAnswer.Field> fields = new ArrayList<>();
        for (PrefillAnswer.Field f : p.fields()) {
            boolean insuranceField = entity.field(f.field()).isEmpty();
            Entity of = insuranceField ? Entity.INSURANCE : entity;
            if (!readable(access, of, f.field())) {
                fields.add(new PrefillAnswer.Field(f.id(), f.label(), f.field(), null, null, PrefillAnswer.WITHHELD));
                continue;
            }
            Masking.Kind kind = Masking.kindOf(of, f.field());
            Object value = kind != null && f.value() instanceof String s ? access.client().masking().mask(kind, s) : f.value();
            Provenance source = f.source() == null ? null : new Provenance(f.source().silo(), f.source().sourceField(),
                    access.client().masking().maskIdsIn(f.source().recordId()), f.source().fetchedAt());
            fields.add(new PrefillAnswer.Field(f.id(), f.label(), f.field(), value, source, f.status()));
            if (f.value() != null) {
                access.returned(of, List.of(f.field()));
            }
        }
        return new PrefillAnswer(p.matterCode(), p.matterName(), p.subjectType(), p.subject(), p.sources(), fields);
    }

    private static boolean readable(Access access, Entity entity, String field) {
        return access.client().mayRead(entity, field);
    }

    private static Map<String, ProfileValue> fields(Entity entity, Map<String, ProfileValue> in, Access access) {
        if (in == null) {
            return null;
        }
        Map<String, ProfileValue> out = new LinkedHashMap<>();
        in.forEach((name, v) -> {
            if (!readable(access, entity, name) || (v.provenance() != null && !access.client().mayUse(v.provenance().silo()))) {
                return;
            }
            Masking masking = access.client().masking();
            Masking.Kind kind = Masking.kindOf(entity, name);
            Object value = kind != null && v.value() instanceof String s ? masking.mask(kind, s) : v.value();
            Provenance p = v.provenance() == null ? null : new Provenance(v.provenance().silo(), v.provenance().sourceField(),
                    masking.maskIdsIn(v.provenance().recordId()), v.provenance().fetchedAt());
            out.put(name, new ProfileValue(value, p, v.ageSeconds(), v.authority(), v.authoritative()));
        });
        return out;
    }

    private static List<Conflict> conflicts(Entity entity, List<Conflict> in, Access access) {
        if (in == null) {
            return null;
        }
        List<Conflict> out = new ArrayList<>();
        for (Conflict c : in) {
            if (!readable(access, entity, c.field())) {
                continue;
            }
            Masking.Kind kind = Masking.kindOf(entity, c.field());
            List<Conflict.Value> values = c.values().stream()
                    .filter(v -> access.client().mayUse(v.silo()))
                    .map(v -> new Conflict.Value(v.silo(),
                            kind != null && v.value() instanceof String s ? access.client().masking().mask(kind, s) : v.value(),
                            v.sourceField(), access.client().masking().maskIdsIn(v.recordId())))
                    .toList();
            out.add(new Conflict(c.field(), c.authority(), values));
        }
        return out;
    }
}
