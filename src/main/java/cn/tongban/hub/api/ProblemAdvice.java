package cn.tongban.hub.api;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import cn.tongban.hub.identifiers.InvalidIdentifierException;

/**
 * Every error leaves as {@code application/problem+json} with a stable {@code code}
 * property, including the ones Spring MVC raises itself (unknown path, wrong method).
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem e) {
        return problem(e.status(), e.code(), e.title(), e.getMessage());
    }

    @ExceptionHandler(InvalidIdentifierException.class)
    ResponseEntity<Object> invalidIdentifier(InvalidIdentifierException e) {
        return problem(HttpStatus.BAD_REQUEST, e.code(), "Invalid identifier", e.getMessage());
    }

    @ExceptionHandler(org.springframework.security.web.firewall.RequestRejectedException.class)
    ResponseEntity<Object> rejected(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, ProblemCodes.BAD_REQUEST, "Request rejected", "The request is malformed.");
    }

    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<Object> multipart(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, ProblemCodes.BAD_REQUEST, "Bad request", "The request body is not a readable multipart body.");
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class})
    ResponseEntity<Object> storeUnavailable(Exception e) {
        log.warn("The store is unavailable: {}", e.getClass().getSimpleName());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemCodes.STORE_UNAVAILABLE, "Store unavailable",
                "The hub's store cannot be reached; try again shortly.");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        // The message may quote input; log the type and stack, answer without detail.
        log.error("Unexpected error answering a request: {}", e.getClass().getName(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemCodes.INTERNAL_ERROR, "Internal error",
                "The hub could not answer this request.");
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ProblemDetail detail = body instanceof ProblemDetail pd ? pd : ProblemDetail.forStatus(status);
        String code = codeFor(status);
        detail.setType(URI.create(ProblemCodes.type(code)));
        detail.setProperty("code", code);
        // Spring passes some exceptions' own headers, which are read-only (NoResourceFoundException, ...).
        HttpHeaders writable = new HttpHeaders();
        writable.addAll(headers);
        writable.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.handleExceptionInternal(ex, detail, writable, status, request);
    }

    private static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> ProblemCodes.NOT_FOUND;
            case 405 -> ProblemCodes.METHOD_NOT_ALLOWED;
            case 406 -> ProblemCodes.NOT_ACCEPTABLE;
            case 415 -> ProblemCodes.UNSUPPORTED_MEDIA_TYPE;
            case 500 -> ProblemCodes.INTERNAL_ERROR;
            default -> ProblemCodes.BAD_REQUEST;
        };
    }

    static ResponseEntity<Object> problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(URI.create(ProblemCodes.type(code)));
        pd.setTitle(title);
        pd.setProperty("code", code);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
}
