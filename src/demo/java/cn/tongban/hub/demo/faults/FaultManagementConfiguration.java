package cn.tongban.hub.demo.faults;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;

import cn.tongban.hub.demo.DemoInfrastructure;

/**
 * Puts the fault switches ({@link FaultController}) on the management port, next to the
 * actuator, and nowhere else: an operator's tool, not part of the API that other systems
 * call. Added by {@code cn.tongban.hub.ops.ManagementContextImports} when this class is present
 * (src/demo only, so the production jar has neither), it is loaded into the management child context,
 * which exists when {@code management.server.port} differs from the API port, as in every
 * profile here. Only when the embedded default runs ({@link DemoInfrastructure}).
 *
 * <p>The package lies under the application's component scan, so this class and the
 * controller also carry {@link OnManagementChildContext}: in the application context itself
 * they are skipped, and the API port never serves {@code /demo/faults}.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(FaultManagementConfiguration.OnManagementChildContext.class)
@ConditionalOnBean(DemoInfrastructure.class)
@Import(FaultController.class)
public class FaultManagementConfiguration {

    /** Matches only in the management child context (server namespace "management"). */
    static final class OnManagementChildContext implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return context.getResourceLoader() instanceof WebServerApplicationContext web
                    && WebServerApplicationContext.hasServerNamespace(web, "management");
        }
    }
}
