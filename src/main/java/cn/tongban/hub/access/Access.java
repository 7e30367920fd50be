package cn.tongban.hub.access;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import cn.tongban.hub.canonical.Entity;

/**
 * One API request's client and purpose, and what the hub did for it: the subject it touched,
 * the sources it called and the fields it returned. The services consult it to call only the
 * sources the client may use; the audit record is written from it.
 * Outside an HTTP request (jobs, unit tests of the services) there is none and nothing is
 * restricted: the restriction is the API's, and every API request has one.
 */
public final class Access {

    static final String ATTRIBUTE = Access.class.getName();

    private final Client client;
    private volatile String operator;
    private volatile String matter;
    private volatile String caseNumber;
    private volatile String subjectKey;
    private final Set<String> sourcesCalled = new ConcurrentSkipListSet<>();
    private final Set<String> fieldsReturned = new ConcurrentSkipListSet<>();

    Access(Client client) {
        this.client = client;
    }

    /** The current request's access, or {@code null} outside an API request. */
    public static Access current() {
        RequestAttributes a = RequestContextHolder.getRequestAttributes();
        return a == null ? null : (Access) a.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    }

    /** Whether the current request may call this silo (always, outside a request). */
    public static boolean mayCall(String silo) {
        Access a = current();
        return a == null || a.client.mayUse(silo);
    }

    /** Whether the current request may read this field or section (always, outside a request). */
    public static boolean mayRead(Entity entity, String field) {
        Access a = current();
        return a == null || a.client.mayRead(entity, field);
    }

    /**
     * What a look-up asks for under the current request's field scope.
     *
     * @param wanted   the names to ask the services for: as asked when nothing is withheld (empty
     *                 means all), otherwise the readable ones plus the key, so that a source needed
     *                 only for withheld fields is not called
     * @param withheld the names asked for (or, asking for all, the names there are) outside the
     *                 scope, sorted; empty when none
     */
    public record Narrowed(Set<String> wanted, List<String> withheld) {
    }

    public static Narrowed narrow(Entity entity, Set<String> asked, Set<String> all, String key) {
        List<String> withheld = (asked.isEmpty() ? all : asked).stream().filter(f -> !mayRead(entity, f)).sorted().toList();
        if (withheld.isEmpty()) {
            return new Narrowed(asked, withheld);
        }
        Set<String> readable = new java.util.HashSet<>(asked.isEmpty() ? all : asked);
        withheld.forEach(readable::remove);
        readable.add(key);
        return new Narrowed(Set.copyOf(readable), withheld);
    }

    /** Records that a silo is being called for the current request. */
    public static void calling(String silo) {
        Access a = current();
        if (a != null) {
            a.sourcesCalled.add(silo);
        }
    }

    /** Records the canonical key of the subject the current request is about. */
    public static void subject(String key) {
        Access a = current();
        if (a != null && key != null) {
            a.subjectKey = key;
        }
    }

    /** The purpose the current request named, or {@code null}. */
    public static String currentMatter() {
        Access a = current();
        return a == null ? null : a.matter;
    }

    public static String currentCase() {
        Access a = current();
        return a == null ? null : a.caseNumber;
    }

    void purpose(String operator, String matter, String caseNumber) {
        this.operator = operator;
        this.matter = matter;
        this.caseNumber = caseNumber;
    }

    /** The operator header, kept for the audit even when the request had no purpose to check. */
    void operator(String operator) {
        this.operator = operator;
    }

    void returned(Entity entity, Collection<String> fields) {
        for (String f : fields) {
            fieldsReturned.add(entity.id() + "." + f);
        }
    }

    public Client client() {
        return client;
    }

    public String operator() {
        return operator;
    }

    public String matter() {
        return matter;
    }

    public String caseNumber() {
        return caseNumber;
    }

    public String subjectKey() {
        return subjectKey;
    }

    public List<String> sourcesCalled() {
        return List.copyOf(sourcesCalled);
    }

    public List<String> fieldsReturned() {
        return List.copyOf(fieldsReturned);
    }
}
