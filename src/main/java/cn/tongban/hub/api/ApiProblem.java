package cn.tongban.hub.api;

import org.springframework.http.HttpStatus;

/**
 * A request the hub refuses or cannot answer, with a stable {@code code} that callers can
 * act on. Rendered as {@code application/problem+json} by {@link ProblemAdvice}.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String title;

    public ApiProblem(HttpStatus status, String code, String title, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }
}
