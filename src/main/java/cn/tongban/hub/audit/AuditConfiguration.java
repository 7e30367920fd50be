package cn.tongban.hub.audit;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@code hub.audit.*} and checks the keys at start (a hub that cannot sign does not start). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

    @Bean
    AuditCrypto auditCrypto(AuditProperties props) {
        return AuditCrypto.from(props);
    }
}
