package cn.tongban.hub.bulkload;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code hub.bulkload.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BulkLoadProperties.class)
class BulkLoadConfiguration {
}
