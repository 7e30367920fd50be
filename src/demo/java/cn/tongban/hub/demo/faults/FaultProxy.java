package cn.tongban.hub.demo.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on 127.0.0.1 in front of one simulated pull silo. The hub is configured with
 * the proxy's address, so a fault switched here is what the hub meets on the wire, whatever
 * the protocol (HTTP to WireMock, H2's JDBC protocol):
 * <ul>
 * <li>{@code none}, {@code error}: bytes pass unchanged (errors are made by the silo itself);
 * <li>{@code slow}: the first bytes of each request (client bytes after the silo last spoke,
 *     or the first on a connection) wait {@code delayMs} before they go on, so every
 *     request/response exchange, a JDBC handshake or fetch included, answers that much later;
 * <li>{@code hang}: connections are still accepted, but from the moment a connection has
 *     something to carry in either direction it is frozen: nothing more reaches the other
 *     side. Pooled connections opened before the switch freeze on their next request.
 *     When the hang ends, frozen connections are reset (their clients gave up or get an
 *     error at once; a half-delivered exchange is never resumed), idle ones live on;
 * <li>{@code down}: the listening socket is closed (connection refused) and every open
 *     connection is reset; the same port is bound again when the fault ends.
 * </ul>
 * Threads are bounded: one acceptor, two pump threads per connection and at most
 * {@code maxConnections} connections. At the limit new connections are left in the kernel's
 * backlog (the client sees a silent silo) until one closes.
 */
final class FaultProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final int BACKLOG = 50;
    private static final int UPSTREAM_CONNECT_TIMEOUT_MS = 2000;
    /** Re-binding the port after {@code down} may briefly meet a socket still closing. */
    private static final int REBIND_ATTEMPTS = 20;
    private static final long REBIND_PAUSE_MS = 100;

    private final String name;
    private final InetSocketAddress upstream;
    private final int port;
    private final Semaphore slots;
    private final ThreadPoolExecutor pumps;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    /** Guards listener, closed, the fault changes and each link's frozen flag; waited on by slow requests. */
    private final Object lock = new Object();
    /** Written under lock; volatile so that pumps take the fast path without it. */
    private volatile Fault fault = Fault.NONE;
    private ServerSocket listener;
    private boolean closed;

    private FaultProxy(String name, int upstreamPort, int maxConnections) throws IOException {
        this.name = name;
        this.upstream = new InetSocketAddress(loopback(), upstreamPort);
        this.slots = new Semaphore(maxConnections);
        this.listener = bind(0);
        this.port = listener.getLocalPort();
        AtomicInteger n = new AtomicInteger();
        // No core threads: an idle proxy costs only its acceptor.
        this.pumps = new ThreadPoolExecutor(0, 2 * maxConnections + 2, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "fault-proxy-" + name + "-" + n.incrementAndGet()));
        this.acceptor = daemon(this::acceptLoop, "fault-proxy-" + name + "-accept");
    }

    /** Starts a proxy on an ephemeral port of 127.0.0.1 forwarding to 127.0.0.1:upstreamPort. */
    static FaultProxy start(String name, int upstreamPort, int maxConnections) throws IOException {
        FaultProxy proxy = new FaultProxy(name, upstreamPort, maxConnections);
        proxy.acceptor.start();
        log.info("Fault proxy for {} on 127.0.0.1:{} -> 127.0.0.1:{}", name, proxy.port, upstreamPort);
        return proxy;
    }

    /** The port clients must use; the same across {@code down} and back. */
    int port() {
        return port;
    }

    /** Connections open now (for tests and logs). */
    int openConnections() {
        return links.size();
    }

    /**
     * Puts a fault in force, for new connections and for those already open. {@code error}
     * passes traffic through like {@code none}: the silo behind makes the error.
     *
     * @throws UncheckedIOException when the port cannot be bound again after {@code down};
     *                              the proxy then stays down
     */
    void apply(Fault next) {
        List<Link> toReset = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the fault proxy for " + name + " is closed");
            }
            if (next.mode() == FaultMode.DOWN) {
                closeListener();
                toReset.addAll(links);
            } else if (listener == null) {
                listener = rebind();
            }
            Fault previous = fault;
            fault = next;
            if (previous.mode() == FaultMode.HANG && next.mode() != FaultMode.HANG) {
                // Released, not resumed: their clients have given up or would read a late,
                // out-of-step answer (fatal for a JDBC session).
                for (Link link : links) {
                    if (link.frozen) {
                        toReset.add(link);
                    }
                }
            }
            // Wakes the acceptor (new listener) and slow requests (mode changed).
            lock.notifyAll();
        }
        toReset.forEach(link -> link.end(true));
    }

    @Override
    public void close() {
        List<Link> open;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            closeListener();
            open = new ArrayList<>(links);
            lock.notifyAll();
        }
        open.forEach(link -> link.end(true));
        acceptor.interrupt();
        pumps.shutdownNow();
        try {
            acceptor.join(2000);
            pumps.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ accepting

    private void acceptLoop() {
        try {
            while (true) {
                ServerSocket ss;
                synchronized (lock) {
                    while (!closed && listener == null) {
                        lock.wait();
                    }
                    if (closed) {
                        return;
                    }
                    ss = listener;
                }
                // At the limit, stop accepting: new clients wait in the backlog as for a stuck server.
                if (!slots.tryAcquire(250, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                Socket client;
                try {
                    client = ss.accept();
                } catch (IOException e) {
                    // The listener was closed (down, or shutdown); the loop looks again.
                    slots.release();
                    continue;
                }
                open(client);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Connects an accepted client to the silo and starts its two pumps; owns one slot. */
    private void open(Socket client) {
        Link link = new Link(client);
        synchronized (lock) {
            // Accepted just before the listener closed: a down silo has no connections.
            if (closed || fault.mode() == FaultMode.DOWN) {
                link.end(true);
                return;
            }
            links.add(link);
        }
        try {
            client.setTcpNoDelay(true);
            Socket server = new Socket();
            server.setTcpNoDelay(true);
            server.connect(upstream, UPSTREAM_CONNECT_TIMEOUT_MS);
            if (!link.attach(server)) {
                closeQuietly(server, true);
                return;
            }
            pumps.execute(() -> pump(link, true));
            pumps.execute(() -> pump(link, false));
        } catch (IOException | RejectedExecutionException e) {
            // The silo itself is unreachable, or the proxy is shutting down: the client sees a reset.
            log.debug("Fault proxy for {} could not open a connection: {}", name, e.toString());
            link.end(true);
        }
    }

    // ------------------------------------------------------------------ pumping

    /** Copies one direction of a connection until either side closes, holding back what the fault says. */
    private void pump(Link link, boolean request) {
        byte[] buffer = new byte[BUFFER_BYTES];
        boolean reset = false;
        try {
            InputStream in = request ? link.client.getInputStream() : link.server().getInputStream();
            OutputStream out = request ? link.server().getOutputStream() : link.client.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (request ? admitRequest(link) : admitResponse(link)) {
                    out.write(buffer, 0, n);
                    if (!request) {
                        link.answered = true;
                    }
                }
            }
        } catch (IOException e) {
            // Reset by a peer or by a fault; the other side learns it the same way.
            reset = true;
        } finally {
            link.end(reset);
        }
    }

    /** True when the client's bytes may go on to the silo now; waits out a slow silo's delay. */
    private boolean admitRequest(Link link) throws InterruptedIOException {
        if (link.frozen) {
            return false;
        }
        Fault f = fault;
        if (f.mode() == FaultMode.NONE || f.mode() == FaultMode.ERROR) {
            link.answered = false;
            return true;
        }
        long until = 0;
        synchronized (lock) {
            while (true) {
                if (link.frozen) {
                    return false;
                }
                f = fault;
                if (f.mode() == FaultMode.HANG) {
                    // Under the lock, so apply() sees every link frozen before the hang ends.
                    link.frozen = true;
                    return false;
                }
                if (f.mode() != FaultMode.SLOW || !link.answered || closed) {
                    break;
                }
                long now = System.nanoTime();
                if (until == 0) {
                    until = now + TimeUnit.MILLISECONDS.toNanos(f.delayMs());
                }
                long left = until - now;
                if (left <= 0) {
                    break;
                }
                try {
                    // Woken early by a mode change: switching back to none lets the request go at once.
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("fault proxy closing");
                }
            }
        }
        link.answered = false;
        return true;
    }

    /** True when the silo's bytes may go on to the client; a hanging silo's never do. */
    private boolean admitResponse(Link link) {
        if (link.frozen) {
            return false;
        }
        if (fault.mode() != FaultMode.HANG) {
            return true;
        }
        synchronized (lock) {
            if (fault.mode() == FaultMode.HANG) {
                link.frozen = true;
                return false;
            }
            return !link.frozen;
        }
    }

    // ------------------------------------------------------------------ sockets

    private void closeListener() {
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                log.debug("closing the fault proxy listener for {}: {}", name, e.toString());
            }
            listener = null;
        }
    }

    private ServerSocket rebind() {
        IOException last = null;
        for (int i = 0; i < REBIND_ATTEMPTS; i++) {
            try {
                return bind(port);
            } catch (BindException e) {
                last = e;
                try {
                    Thread.sleep(REBIND_PAUSE_MS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            } catch (IOException e) {
                last = e;
                break;
            }
        }
        throw new UncheckedIOException("port " + port + " of the fault proxy for " + name + " cannot be bound again", last);
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket ss = new ServerSocket();
        try {
            // The port comes back after "down" while old connections may still be closing.
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(loopback(), port), BACKLOG);
            return ss;
        } catch (IOException e) {
            ss.close();
            throw e;
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(Socket s, boolean reset) {
        if (s == null) {
            return;
        }
        try {
            if (reset && !s.isClosed()) {
                // RST rather than FIN: the peer learns at once, and no TIME_WAIT keeps the port.
                s.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    private static Thread daemon(Runnable r, String threadName) {
        Thread t = new Thread(r, threadName);
        // Never keeps the JVM alive; close() stops them in an orderly way.
        t.setDaemon(true);
        return t;
    }

    /** One client connection and its connection to the silo. */
    private final class Link {

        final Socket client;
        /** Written under the proxy's lock; read by pumps without it. */
        volatile boolean frozen;
        /** The silo spoke since the client last did: the client's next bytes start a new exchange. */
        volatile boolean answered = true;
        private Socket server;
        private boolean ended;

        Link(Socket client) {
            this.client = client;
        }

        synchronized boolean attach(Socket s) {
            if (ended) {
                return false;
            }
            server = s;
            return true;
        }

        synchronized Socket server() {
            return server;
        }

        /** Closes both sides once (reset or graceful) and gives the slot back. */
        void end(boolean reset) {
            Socket s;
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                s = server;
            }
            links.remove(this);
            closeQuietly(client, reset);
            closeQuietly(s, reset);
            slots.release();
        }
    }
}
