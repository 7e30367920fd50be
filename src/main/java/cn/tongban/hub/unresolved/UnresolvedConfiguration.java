package cn.tongban.hub.unresolved;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the service-level calendar of unresolved cases from {@code hub.unresolved.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UnresolvedProperties.class)
class UnresolvedConfiguration {

    @Bean
    ServiceLevels unresolvedServiceLevels(UnresolvedProperties props) {
        return ServiceLevels.of(props);
    }
}
