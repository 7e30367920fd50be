package cn.tongban.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;

/** The embedded servers start only in the demo profile; prod reads its addresses from the environment. */
class DemoEnvironmentPostProcessorTest {

    private final DemoEnvironmentPostProcessor processor = new DemoEnvironmentPostProcessor(supplier -> supplier.get());

    @Test
    void startsNothingInTheProdProfile() {
        StandardEnvironment env = new StandardEnvironment();
        env.setActiveProfiles("prod");
        processor.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getPropertySources().contains(DemoEnvironmentPostProcessor.PROPERTY_SOURCE)).isFalse();
    }

    @Test
    void startsNothingWhenDemoIsNotTheProfileInForce() {
        StandardEnvironment env = new StandardEnvironment();
        env.setDefaultProfiles("default");
        processor.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getPropertySources().contains(DemoEnvironmentPostProcessor.PROPERTY_SOURCE)).isFalse();
    }
}
