package cn.tongban.hub.matters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.lookup.SourceStatus;

/** Per-silo status of a subject: a silo with several mappings reports its worst failure. */
class ProfileSubjectDataTest {

    private static SourceStatus s(String status) {
        return new SourceStatus(status, Instant.EPOCH, 0L, null);
    }

    @Test
    void aFailedMappingOutranksTheSameSilosSuccessAndNotFoundIsTheWeakest() {
        Map<String, SourceStatus> sources = new LinkedHashMap<>();
        sources.put("public-security", s(SourceStatus.OK));
        sources.put("social-insurance.person", s(SourceStatus.OK));
        sources.put("social-insurance.insurance", s(SourceStatus.TIMEOUT));
        sources.put("civil-affairs", s(SourceStatus.NOT_FOUND));
        sources.put("market-regulation", s(SourceStatus.NOT_FOUND));
        sources.put("market-regulation.other", s(SourceStatus.OK));
        assertThat(ProfileSubjectData.bySilo(sources)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "public-security", SourceStatus.OK,
                "social-insurance", SourceStatus.TIMEOUT,
                "civil-affairs", SourceStatus.NOT_FOUND,
                "market-regulation", SourceStatus.OK));
    }
}
