package cn.tongban.hub.crosswalk;

import java.sql.Date;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The crosswalk in the hub store (table {@code crosswalk}, Flyway V2). */
@Repository
public class JdbcCrosswalk implements Crosswalk {

    private final JdbcTemplate jdbc;

    public JdbcCrosswalk(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> keysOf(String entity, String aliasKind, String aliasValue) {
        return new TreeSet<>(jdbc.queryForList("""
                select distinct key from crosswalk
                 where entity = ? and alias_kind = ? and alias_value = ?
                   and (valid_from is null or valid_from <= ?)
                   and (valid_to is null or valid_to >= ?)
                """, String.class, entity, aliasKind, aliasValue, today(), today()));
    }

    @Override
    public List<AliasLink> aliasesOf(String entity, String key) {
        return jdbc.query("""
                select entity, alias_kind, alias_value, key, asserted_by, source_record, valid_from, valid_to from crosswalk
                 where entity = ? and key = ?
                   and (valid_from is null or valid_from <= ?)
                   and (valid_to is null or valid_to >= ?)
                 order by alias_kind, alias_value, asserted_by
                """, (rs, i) -> new AliasLink(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getDate(7) == null ? null : rs.getDate(7).toLocalDate(),
                rs.getDate(8) == null ? null : rs.getDate(8).toLocalDate()), entity, key, today(), today());
    }

    private static Date today() {
        return Date.valueOf(Crosswalk.today());
    }

    @Override
    public void assertLinks(Collection<AliasLink> links) {
        if (links.isEmpty()) {
            return;
        }
        List<Object[]> args = links.stream().map(l -> new Object[] {
                l.entity(), l.aliasKind(), l.aliasValue(), l.key(), l.assertedBy(), l.sourceRecord(),
                l.validFrom() == null ? null : Date.valueOf(l.validFrom()), l.validTo() == null ? null : Date.valueOf(l.validTo())}).toList();
        jdbc.batchUpdate("""
                insert into crosswalk (entity, alias_kind, alias_value, key, asserted_by, source_record, valid_from, valid_to)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (entity, alias_kind, alias_value, key, asserted_by) do update
                   set source_record = excluded.source_record, valid_to = excluded.valid_to, last_asserted_at = now()
                """, args);
    }
}
