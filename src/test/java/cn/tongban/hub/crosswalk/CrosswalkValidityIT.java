package cn.tongban.hub.crosswalk;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import cn.tongban.hub.mapping.Values;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * A link asserted today (China's date, as KeyResolver writes it) is valid today whatever the
 * store's session time zone. The crosswalk once compared with PostgreSQL's current_date, so
 * with a store in UTC every link asserted between 00:00 and 08:00 China time keyed nothing
 * until the next UTC day (found when the suite ran after 16:00 UTC). A session twenty hours
 * behind China makes the dates differ for twenty hours of every day.
 */
@HubIntegrationTest
class CrosswalkValidityIT {

    @Autowired
    DataSource store;

    @Test
    void aLinkAssertedTodayInChinaIsValidInAStoreSessionFarBehind() throws Exception {
        try (Connection raw = store.getConnection()) {
            try (Statement s = raw.createStatement()) {
                s.execute("set time zone 'Etc/GMT+12'");
            }
            SingleConnectionDataSource one = new SingleConnectionDataSource(raw, true);
            JdbcCrosswalk crosswalk = new JdbcCrosswalk(new JdbcTemplate(one));
            LocalDate chinaToday = LocalDate.now(Values.SOURCE_ZONE);
            String alias = "VALIDITY" + System.nanoTime();
            crosswalk.assertLinks(List.of(new AliasLink("enterprise", "organizationCode", alias, "91110000MA0000000X",
                    "market-regulation", "validity-it", chinaToday, null)));
            assertThat(crosswalk.keysOf("enterprise", "organizationCode", alias)).containsExactly("91110000MA0000000X");
            assertThat(crosswalk.aliasesOf("enterprise", "91110000MA0000000X")).extracting(AliasLink::aliasValue).contains(alias);
            // And one that starts tomorrow (China) is not valid yet.
            String later = alias + "T";
            crosswalk.assertLinks(List.of(new AliasLink("enterprise", "organizationCode", later, "91110000MA0000000X",
                    "market-regulation", "validity-it", chinaToday.plusDays(1), null)));
            assertThat(crosswalk.keysOf("enterprise", "organizationCode", later)).isEmpty();
            try (Statement s = raw.createStatement()) {
                s.execute("delete from crosswalk where source_record = 'validity-it'");
                s.execute("reset time zone");
            }
        }
    }
}
