package cn.tongban.hub.access;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.matters.Matter;
import cn.tongban.hub.matters.MatterCatalogue;

/**
 * Enforces {@link PurposeBound}: operator, matter and case number present and well-formed, the
 * matter in the catalogue and allowed for the client, and the same matter as the path's.
 * Runs before the controller, so a request without a valid purpose calls no silo.
 */
@Component
class PurposeInterceptor implements HandlerInterceptor {

    private final MatterCatalogue catalogue;

    PurposeInterceptor(MatterCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod hm)) {
            return true;
        }
        PurposeBound bound = hm.getMethodAnnotation(PurposeBound.class);
        Access access = (Access) request.getAttribute(Access.ATTRIBUTE);
        if (bound == null || access == null) {
            return true;
        }
        String operator = request.getHeader(AccessHeaders.OPERATOR);
        String matterCode = request.getHeader(AccessHeaders.MATTER);
        String caseNumber = request.getHeader(AccessHeaders.CASE);
        if (blank(operator) || blank(matterCode) || blank(caseNumber)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.PURPOSE_REQUIRED, "Purpose required",
                    "A data request names its purpose: " + AccessHeaders.OPERATOR + ", " + AccessHeaders.MATTER + " and "
                            + AccessHeaders.CASE + " headers are all required.");
        }
        check(AccessHeaders.OPERATOR_ID.matcher(operator).matches(), AccessHeaders.OPERATOR,
                "1 to 64 characters: letters, digits and . _ @ -");
        check(AccessHeaders.CASE_NUMBER.matcher(caseNumber).matches(), AccessHeaders.CASE,
                "1 to 64 ASCII characters: letters, digits and . _ : / ( ) -");
        check(AccessHeaders.MATTER_CODE.matcher(matterCode).matches(), AccessHeaders.MATTER,
                "a matter code of the catalogue, two capital letters and eight digits");
        Matter matter = catalogue.find(matterCode).filter(m -> m.code().equals(matterCode)).orElseThrow(() -> new ApiProblem(
                HttpStatus.BAD_REQUEST, ProblemCodes.PURPOSE_INVALID, "Unknown matter",
                "The matter named in " + AccessHeaders.MATTER + " is not in the catalogue."));
        if (!access.client().mayActFor(matter.code())) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, ProblemCodes.MATTER_NOT_ALLOWED, "Matter not allowed",
                    "This client may not act for matter " + matter.code() + ".");
        }
        if (!bound.matterVariable().isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, String> vars = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            String inPath = vars == null ? null : vars.get(bound.matterVariable());
            // An unknown matter in the path is the controller's 404; a known other one is a mismatch.
            catalogue.find(inPath == null ? "" : inPath).filter(m -> !m.code().equals(matter.code())).ifPresent(m -> {
                throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.PURPOSE_MISMATCH, "Purpose mismatch",
                        "The path names matter " + m.code() + ", the " + AccessHeaders.MATTER + " header " + matter.code() + ".");
            });
        }
        access.purpose(operator, matter.code(), caseNumber);
        return true;
    }

    private static void check(boolean ok, String header, String rule) {
        if (!ok) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.PURPOSE_INVALID, "Invalid purpose",
                    header + " must be " + rule + ".");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
