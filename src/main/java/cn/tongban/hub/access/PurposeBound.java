package cn.tongban.hub.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that answers with a subject's data: the request must name its purpose
 * (operator, matter, case; {@link AccessHeaders}), the matter must be in the catalogue and
 * allowed for the client ({@link PurposeInterceptor}). Without it, no data.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface PurposeBound {

    /** The path variable that names the matter (code or name), when the path has one; it must be the header's matter. */
    String matterVariable() default "";
}
