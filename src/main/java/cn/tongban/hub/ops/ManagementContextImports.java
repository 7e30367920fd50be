package cn.tongban.hub.ops;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

import cn.tongban.hub.ops.status.StatusPageConfiguration;

/**
 * Everything the hub puts in the management server's own context, in one place. Boot reads the
 * list of such configurations from one resource name
 * ({@code META-INF/spring/...ManagementContextConfiguration.imports}); the demo sources are
 * copied into the same output folder as the main ones, so a second file of that name in
 * src/demo silently replaced the first (the status page or the fault switches went missing,
 * depending on copy order). The file now names only this selector, which adds the demo's fault
 * switches when their class is present (never in the production jar, built without src/demo).
 */
public class ManagementContextImports implements ImportSelector {

    /** The demo's fault switches (src/demo), on the management port next to the actuator. */
    static final String DEMO_FAULTS = "cn.tongban.hub.demo.faults.FaultManagementConfiguration";

    @Override
    public String[] selectImports(AnnotationMetadata metadata) {
        List<String> imports = new ArrayList<>(List.of(StatusPageConfiguration.class.getName()));
        if (ClassUtils.isPresent(DEMO_FAULTS, getClass().getClassLoader())) {
            imports.add(DEMO_FAULTS);
        }
        return imports.toArray(String[]::new);
    }
}
