package nl.barriere.platform;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The health and metrics port is the JDK's HTTP server, made here, with time limits
 * that the JDK leaves off by default. Without them a client that sends half a request holds a worker thread for as
 * long as it keeps the connection open, and a few such clients stop the server for everyone.
 *
 * <p>The JDK's server reads its limits from system properties once, when the first server of the process is made,
 * and applies them to every server in it. {@link #configureTimeouts()} sets Barrière's defaults for those not given
 * on the command line ({@code -D} or {@code JAVA_TOOL_OPTIONS}); {@code barriere}'s {@code main} calls it before
 * anything else, and {@link #create} does too, for a server made outside the command line.
 * <ul>
 *   <li>{@value #MAX_REQUEST_TIME} ({@value #DEFAULT_REQUEST_SECONDS} s): from a request's first byte until its
 *   headers and body are read; a slower request's connection is closed and its worker freed. The clock runs while the
 *   request waits for a free worker too.</li>
 *   <li>{@value #MAX_RESPONSE_TIME} ({@value #DEFAULT_RESPONSE_SECONDS} s): from then until the answer is written;
 *   a client that does not read it is cut off.</li>
 *   <li>{@value #IDLE_INTERVAL} ({@value #DEFAULT_IDLE_SECONDS} s, the JDK's own default): how long a kept-alive
 *   connection may wait for its next request; a connection that never sends a byte is closed after the shorter of
 *   this and the request time.</li>
 * </ul>
 * And {@value #NO_DELAY} ({@code true}): the server writes an answer's headers and body separately, and without it
 * the second write waits for the client's delayed acknowledgement, some 40 ms on every kept-alive request.
 *
 * <p>The JDK checks these once a second ({@code sun.net.httpserver.timerMillis}), so a limit is kept to within a second.
 */
public final class HttpServers {

    public static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";
    public static final String MAX_RESPONSE_TIME = "sun.net.httpserver.maxRspTime";
    public static final String IDLE_INTERVAL = "sun.net.httpserver.idleInterval";
    public static final String NO_DELAY = "sun.net.httpserver.nodelay";
    static final long DEFAULT_REQUEST_SECONDS = 10;
    static final long DEFAULT_RESPONSE_SECONDS = 120;
    static final long DEFAULT_IDLE_SECONDS = 30;

    private HttpServers() {
    }

    /** Sets the JDK server's time limits that are not set yet; in effect only before the process's first server. */
    public static synchronized void configureTimeouts() {
        setIfAbsent(MAX_REQUEST_TIME, DEFAULT_REQUEST_SECONDS);
        setIfAbsent(MAX_RESPONSE_TIME, DEFAULT_RESPONSE_SECONDS);
        setIfAbsent(IDLE_INTERVAL, DEFAULT_IDLE_SECONDS);
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    /** An unstarted server bound to {@code address}, under the time limits above. */
    public static HttpServer create(final InetSocketAddress address) throws IOException {
        configureTimeouts();
        return HttpServer.create(address, 0);
    }

    /** How long a request may take to arrive: the limit the JDK's server enforces. */
    public static Duration requestTimeout() {
        return Duration.ofSeconds(Long.getLong(MAX_REQUEST_TIME, DEFAULT_REQUEST_SECONDS));
    }

    /** The limits in force, for the start-up log. */
    public static String describeTimeouts() {
        return "a request must arrive within " + System.getProperty(MAX_REQUEST_TIME) + " s, its answer be read within "
                + System.getProperty(MAX_RESPONSE_TIME) + " s; idle connections close after "
                + System.getProperty(IDLE_INTERVAL) + " s";
    }

    private static void setIfAbsent(final String property, final long seconds) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(seconds));
        }
    }
}
