package cn.tongban.hub.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

import cn.tongban.hub.config.HubProperties;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.Mappings;

/**
 * The {@code hub} section of {@code /actuator/info}: the route files Camel loaded (with the
 * ids of the routes each holds) and the mapping files in force (with the silo and entity each
 * maps), read at the time of the request, so a reloaded file (demo) or a silo added as data
 * shows at once. Together with {@code build} (version, from build-info.properties) it says
 * what this replica runs.
 */
@Component
class LoadedFilesInfoContributor implements InfoContributor {

    private final CamelContext camel;
    private final Mappings mappings;
    private final HubProperties hub;

    LoadedFilesInfoContributor(CamelContext camel, Mappings mappings, HubProperties hub) {
        this.camel = camel;
        this.mappings = mappings;
        this.hub = hub;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, List<String>> routesByFile = new TreeMap<>();
        for (Route r : camel.getRoutes()) {
            String file = r.getSourceResource() == null ? null : r.getSourceResource().getLocation();
            if (file != null) {
                routesByFile.computeIfAbsent(file, f -> new ArrayList<>()).add(r.getId());
            }
        }
        List<Map<String, Object>> routes = new ArrayList<>();
        routesByFile.forEach((file, ids) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file);
            m.put("routes", ids.stream().sorted().toList());
            routes.add(m);
        });
        List<Map<String, Object>> mapped = new ArrayList<>();
        mappings.all().stream().sorted(java.util.Comparator.comparing(CompiledMapping::id)).forEach(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("file", c.file() == null ? null : c.file().toString());
            m.put("silo", c.silo());
            m.put("entity", c.entity().id());
            mapped.add(m);
        });
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("routesDir", hub.routesDir());
        section.put("mappingsDir", hub.mappingsDir());
        section.put("routeFiles", routes);
        section.put("mappingFiles", mapped);
        builder.withDetail("hub", section);
    }
}
