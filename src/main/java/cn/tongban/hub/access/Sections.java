package cn.tongban.hub.access;

import java.util.Set;

import cn.tongban.hub.canonical.Entity;

/**
 * Parts of an answer that are not canonical fields but carry subject data and are granted
 * like fields: an enterprise's social-insurance registration and legal-representative check,
 * a person's insurance list.
 */
public final class Sections {

    public static final String SOCIAL_INSURANCE = "socialInsurance";
    public static final String LEGAL_REPRESENTATIVE_CHECK = "legalRepresentativeCheck";
    public static final String INSURANCES = "insurances";

    private Sections() {
    }

    static Set<String> of(Entity entity) {
        return switch (entity) {
            case ENTERPRISE -> Set.of(SOCIAL_INSURANCE, LEGAL_REPRESENTATIVE_CHECK);
            case PERSON -> Set.of(INSURANCES);
            case INSURANCE -> Set.of();
        };
    }
}
