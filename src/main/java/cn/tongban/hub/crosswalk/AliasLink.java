package cn.tongban.hub.crosswalk;

import java.time.LocalDate;

/**
 * One row of the crosswalk: an alias identifier (its kind is the canonical field name, e.g.
 * {@code registrationNumber}, {@code organizationCode}, {@code socialInsuranceUnitNumber},
 * {@code citizenId15}) linked to the key of an entity (USCC or citizen ID), with the silo that
 * asserted the link, the record it came from and the dates it is valid between
 * ({@code validTo} null: still valid).
 */
public record AliasLink(String entity, String aliasKind, String aliasValue, String key, String assertedBy,
                        String sourceRecord, LocalDate validFrom, LocalDate validTo) {

    public boolean validOn(LocalDate day) {
        return (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || !day.isAfter(validTo));
    }

    @Override
    public String toString() {
        // Aliases of persons are personal data.
        return "AliasLink[" + entity + " " + aliasKind + " asserted by " + assertedBy + "]";
    }
}
