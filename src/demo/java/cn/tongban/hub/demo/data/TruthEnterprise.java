package cn.tongban.hub.demo.data;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An enterprise as the hub's canonical answer should describe it: the final state of the
 * market-regulation history, with clean values and correct identifiers.
 *
 * @param uscc                    18-character USCC, correct check character
 * @param orgCode                 9-character organisation code without hyphen (USCC positions 9-17),
 *                                null for post-reform entities ({@code MA...})
 * @param regNo                   15-digit GS15 registration number, null for post-reform entities
 * @param name                    registered name
 * @param typeCode                4-digit enterprise type code (DOMAIN.md 2.3)
 * @param legalRepresentativeName name of the legal representative
 * @param legalRepresentativeId   18-character citizen ID of the legal representative (a {@link TruthPerson})
 * @param registeredCapital       registered capital in 万元 (units of 10,000), scale 6
 * @param currency                currency of the capital, {@code 人民币}
 * @param establishedDate         成立日期
 * @param approvedDate            核准日期 (date of the last approved change)
 * @param businessTermFrom        营业期限自
 * @param businessTermTo          营业期限至, null means 长期 (unlimited)
 * @param businessScope           经营范围
 * @param registrationAuthority   登记机关
 * @param registrationState       登记状态 code 1..9 (DOMAIN.md 2.3)
 * @param address                 住所
 * @param regionCode              GB/T 2260 code of the registering authority (USCC positions 3-8)
 */
public record TruthEnterprise(
        String uscc,
        String orgCode,
        String regNo,
        String name,
        String typeCode,
        String legalRepresentativeName,
        String legalRepresentativeId,
        BigDecimal registeredCapital,
        String currency,
        LocalDate establishedDate,
        LocalDate approvedDate,
        LocalDate businessTermFrom,
        LocalDate businessTermTo,
        String businessScope,
        String registrationAuthority,
        String registrationState,
        String address,
        String regionCode) {

    public TruthEnterprise {
        Objects.requireNonNull(uscc, "uscc");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(typeCode, "typeCode");
    }

    /** Registered after the 2015 reform: no organisation code or registration number to link. */
    public boolean postReform() {
        return orgCode == null;
    }

    /** The Chinese label of {@link #typeCode()} as in {@code mappings/codelists/enterprise-type.yaml}. */
    public String typeLabel() {
        return Vocabulary.enterpriseTypeLabel(typeCode);
    }

    /** Business term without end (长期). */
    public boolean unlimitedTerm() {
        return businessTermTo == null;
    }
}
