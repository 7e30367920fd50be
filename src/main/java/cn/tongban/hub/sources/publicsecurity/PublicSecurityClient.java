package cn.tongban.hub.sources.publicsecurity;

import java.io.IOException;
import java.io.InterruptedIOException;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.sources.publicsecurity.PopulationLookup.Status;

/**
 * Looks a person up in the population registry through the {@code public-security} route.
 * A silo that is slow or unreachable gives a {@link Status#TIMEOUT} or {@link Status#ERROR}
 * look-up rather than an exception, so the caller can still answer from the other silos.
 */
@Service
public class PublicSecurityClient {

    /** The entry of {@code routes/public-security.camel.yaml}. */
    public static final String ENDPOINT = "direct:public-security-person";

    private static final Logger log = LoggerFactory.getLogger(PublicSecurityClient.class);

    private final ProducerTemplate producer;

    PublicSecurityClient(ProducerTemplate producer) {
        this.producer = producer;
    }

    public PopulationLookup findByCitizenId(CitizenId id) {
        try {
            return producer.requestBodyAndHeader(ENDPOINT, null, PublicSecuritySigner.CITIZEN_ID_HEADER, id.value(),
                    PopulationLookup.class);
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause();
            PopulationLookup failed;
            // Connect and response timeouts of the HTTP client are both InterruptedIOExceptions.
            if (cause instanceof InterruptedIOException) {
                failed = PopulationLookup.failed(Status.TIMEOUT, PopulationLookup.TIMED_OUT);
            } else if (cause instanceof IOException) {
                failed = PopulationLookup.failed(Status.ERROR, PopulationLookup.UNREACHABLE);
            } else {
                throw e;
            }
            log.warn("public-security look-up of {} failed: {} ({})", id.masked(), failed.errorCode(),
                    cause.getClass().getSimpleName());
            return failed;
        }
    }
}
