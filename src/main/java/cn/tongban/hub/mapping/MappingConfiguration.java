package cn.tongban.hub.mapping;

import java.nio.file.Path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.tongban.hub.config.HubProperties;

/** Loads the mapping data under {@code hub.mappings-dir} once at start. */
@Configuration(proxyBeanMethods = false)
class MappingConfiguration {

    @Bean
    CodeLists codeLists(HubProperties hub) {
        return CodeLists.load(Path.of(hub.mappingsDir(), "codelists"));
    }
}
