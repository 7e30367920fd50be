package cn.tongban.hub.demo;

import java.util.Map;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Starts the {@link DemoInfrastructure} when the {@code demo} profile is in force (it is the
 * default) and points the hub at it. It runs after the configuration files are read and
 * before any bean connects to a store, broker or silo; the servers stop with the context.
 */
public class DemoEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    /** Boot hands a deferred log: logging is not configured yet when this runs. */
    public DemoEnvironmentPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(DemoEnvironmentPostProcessor.class);
    }

    public static final String PROPERTY_SOURCE = "tongbanDemoInfrastructure";
    public static final String BEAN_NAME = "demoInfrastructure";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.acceptsProfiles(Profiles.of("demo"))
                || environment.getPropertySources().contains(PROPERTY_SOURCE)
                || !environment.getProperty("hub.demo.enabled", Boolean.class, true)) {
            return;
        }
        DemoInfrastructure infra = DemoInfrastructure.start(DemoSettings.from(environment), log::info);
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, Map.copyOf(infra.properties())));
        application.addInitializers(context -> register(context, infra));
        application.addListeners(event -> {
            if (event instanceof ApplicationFailedEvent) {
                infra.close();
            }
        });
    }

    private static void register(ConfigurableApplicationContext context, DemoInfrastructure infra) {
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        beans.registerSingleton(BEAN_NAME, infra);
        // Registered before every other bean, so destroyed after them: the hub lets go of
        // the store, broker and silos before they stop.
        beans.registerDisposableBean(BEAN_NAME, infra::close);
    }

    @Override
    public int getOrder() {
        // After ConfigDataEnvironmentPostProcessor has read application*.yaml and profiles.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
