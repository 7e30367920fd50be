package cn.tongban.hub.lookup;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.tongban.hub.canonical.Provenance;

/**
 * One canonical value of a profile: the value, where it came from and how old it is.
 * {@code authority} is the silo that decides this field (一数一源); {@code authoritative}
 * is false when that silo had no value and another silo's value is shown instead.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileValue(Object value, Provenance provenance, Long ageSeconds, String authority, Boolean authoritative) {
}
