package cn.tongban.hub.demo.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the integration test cannot reach cheaply: the proxy's connection limit, its
 * shutdown, and a slow request let through at once when the fault ends. Against a plain
 * echo server; every wait is bounded.
 */
class FaultProxyTest {

    private ServerSocket echo;
    private FaultProxy proxy;
    private final List<Socket> clients = new ArrayList<>();

    @BeforeEach
    void startEchoServer() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread t = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // the test closed it
                        }
                    }, "echo");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : clients) {
            s.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        echo.close();
    }

    @Test
    void atTheLimitNewConnectionsWaitInTheBacklogUntilOneCloses() throws IOException {
        proxy = FaultProxy.start("limit-test", echo.getLocalPort(), 2);
        Socket first = connect();
        Socket second = connect();
        assertThat(roundTrip(first, 'a')).isEqualTo('a');
        assertThat(roundTrip(second, 'b')).isEqualTo('b');

        Socket third = connect(); // completed by the kernel, not accepted by the proxy
        third.getOutputStream().write('c');
        third.setSoTimeout(700);
        assertThatThrownBy(() -> third.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

        first.close();
        third.setSoTimeout(5000);
        assertThat(third.getInputStream().read()).as("accepted once a slot is free").isEqualTo('c');
    }

    @Test
    void closeResetsConnectionsStopsListeningAndEndsItsThreads() throws IOException {
        proxy = FaultProxy.start("close-test", echo.getLocalPort(), 4);
        int port = proxy.port();
        Socket c = connect();
        assertThat(roundTrip(c, 'x')).isEqualTo('x');

        proxy.close();
        c.setSoTimeout(5000);
        try {
            assertThat(c.getInputStream().read()).isEqualTo(-1);
        } catch (IOException e) {
            assertThat(e).isNotInstanceOf(SocketTimeoutException.class);
        }
        assertThat(FaultSwitchIT.refuses(port)).as("nothing listens").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("fault-proxy-close-test")));
        assertThat(proxy.openConnections()).isZero();
    }

    @Test
    void aSlowRequestGoesOnAtOnceWhenTheFaultEnds() throws IOException {
        proxy = FaultProxy.start("slow-test", echo.getLocalPort(), 4);
        Socket c = connect();
        proxy.apply(Fault.slow(30_000));
        c.getOutputStream().write('s');
        c.setSoTimeout(500);
        assertThatThrownBy(() -> c.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

        long t0 = System.nanoTime();
        proxy.apply(Fault.NONE);
        c.setSoTimeout(5000);
        assertThat(c.getInputStream().read()).isEqualTo('s');
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void downThenBackListensOnTheSamePort() throws IOException {
        proxy = FaultProxy.start("down-test", echo.getLocalPort(), 4);
        int port = proxy.port();
        proxy.apply(Fault.of(FaultMode.DOWN));
        assertThat(FaultSwitchIT.refuses(port)).as("nothing listens").isTrue();
        proxy.apply(Fault.NONE);
        assertThat(proxy.port()).isEqualTo(port);
        assertThat(roundTrip(connect(), 'd')).isEqualTo('d');
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 2000);
        clients.add(s);
        return s;
    }

    private static int roundTrip(Socket s, char c) throws IOException {
        s.setSoTimeout(5000);
        s.getOutputStream().write(c);
        return s.getInputStream().read();
    }
}
