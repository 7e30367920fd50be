package cn.tongban.hub.config;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The hub's own store (PostgreSQL) and the JDBC connection to the social-insurance silo.
 * Declaring the second data source switches off Boot's default one, so the store's is
 * declared here too, from the usual {@code spring.datasource.*} properties.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubProperties.class)
public class StoreConfiguration {

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource")
    DataSourceProperties dataSourceProperties() {
        return new DataSourceProperties();
    }

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties) {
        HikariDataSource ds = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        ds.setPoolName("hub-store");
        return ds;
    }

    /** The legacy social-insurance database (人社/社保), read-only look-ups with bound parameters. */
    @Bean(name = "socialInsuranceDataSource", defaultCandidate = false)
    HikariDataSource socialInsuranceDataSource(HubProperties hub) {
        HubProperties.SocialInsurance si = hub.silos().socialInsurance();
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName("social-insurance");
        ds.setJdbcUrl(si.jdbcUrl());
        ds.setUsername(si.username());
        ds.setPassword(si.password());
        ds.setReadOnly(true);
        // A silo that is down must not block the hub's start; look-ups report it instead.
        ds.setInitializationFailTimeout(-1);
        ds.setMaximumPoolSize(5);
        ds.setConnectionTimeout(si.healthTimeout().toMillis());
        return ds;
    }
}
