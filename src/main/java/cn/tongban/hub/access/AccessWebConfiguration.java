package cn.tongban.hub.access;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import cn.tongban.hub.audit.AuditTrail;

/**
 * The servlet filters around the API, in this order: the body-size limit, the audit (outside
 * Spring Security, so refused requests are audited too), Spring Security; and the purpose
 * check in front of every {@link PurposeBound} handler.
 */
@Configuration
class AccessWebConfiguration implements WebMvcConfigurer {

    private final PurposeInterceptor purpose;

    AccessWebConfiguration(PurposeInterceptor purpose) {
        this.purpose = purpose;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(purpose).addPathPatterns("/api/**");
    }

    @Bean
    FilterRegistrationBean<RequestLimitFilter> requestLimitFilter(cn.tongban.hub.access.SecurityProperties props) {
        FilterRegistrationBean<RequestLimitFilter> r = new FilterRegistrationBean<>(new RequestLimitFilter(props.maxRequestBytes()));
        r.addUrlPatterns("/api/*");
        r.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 2);
        return r;
    }

    @Bean
    FilterRegistrationBean<AuditingFilter> auditingFilter(AuditTrail audit) {
        FilterRegistrationBean<AuditingFilter> r = new FilterRegistrationBean<>(new AuditingFilter(audit));
        r.addUrlPatterns("/api/*");
        r.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
        return r;
    }
}
