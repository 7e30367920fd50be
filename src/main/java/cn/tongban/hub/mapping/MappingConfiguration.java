package cn.tongban.hub.mapping;

import java.nio.file.Path;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import cn.tongban.hub.config.HubProperties;

/** Loads the mapping data under {@code hub.mappings-dir} once at start. */
@Configuration(proxyBeanMethods = false)
class MappingConfiguration {

    @Bean
    CodeLists codeLists(HubProperties hub) {
        return CodeLists.load(Path.of(hub.mappingsDir(), "codelists"));
    }

    @Bean
    Mappings mappings(HubProperties hub, CodeLists codeLists) {
        return Mappings.load(Path.of(hub.mappingsDir()), codeLists);
    }

    /** The developer loop: edited mapping files take effect without a restart. Never on in {@code prod}. */
    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    @ConditionalOnProperty(name = "hub.mappings-reload", havingValue = "true")
    static class Reload {

        private final Mappings mappings;

        Reload(Mappings mappings) {
            this.mappings = mappings;
        }

        @Scheduled(fixedDelayString = "${hub.mappings-reload-interval-ms:2000}")
        void poll() {
            mappings.reloadIfChanged();
        }
    }
}
