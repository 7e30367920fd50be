package cn.tongban.hub.logging;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The correlation id filter, ahead of every other filter (the body-size limit, the audit,
 * Spring Security) so that their log lines and their refusals carry the id too.
 */
@Configuration
class LoggingConfiguration {

    @Bean
    FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
        FilterRegistrationBean<CorrelationIdFilter> r = new FilterRegistrationBean<>(new CorrelationIdFilter());
        r.addUrlPatterns("/*");
        r.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return r;
    }
}
