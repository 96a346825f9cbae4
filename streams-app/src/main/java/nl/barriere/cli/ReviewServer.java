package nl.barriere.cli;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EvidenceReader;
import nl.barriere.platform.StreamsApp;
import nl.barriere.review.ReviewApp;
import nl.barriere.web.EvidenceLookup;
import nl.barriere.web.Users;
import nl.barriere.web.WebServer;
import nl.barriere.web.oidc.OidcLogin;

/**
 * The review app with the web UI on top, as {@code review} and {@code demo} run it: the UI reads this process's
 * review stores, decides through its desk and fetches evidence events back from Kafka. Closing stops the UI first,
 * so no request reaches a closed store, producer or consumer; closing twice (a shutdown hook and the command's own
 * {@code try}) closes once.
 */
public final class ReviewServer implements AutoCloseable {

    private final ReviewApp review;
    private final EvidenceReader evidence;
    private final WebServer web;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ReviewServer(final ReviewApp review, final EvidenceReader evidence, final WebServer web) {
        this.review = review;
        this.evidence = evidence;
        this.web = web;
    }

    /**
     * Starts the review app against the cluster in {@code config} and serves the UI on {@code webPort} (0: any) of
     * the loopback interface.
     */
    public static ReviewServer start(final AppConfig config, final int webPort, final Users users) {
        return start(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), webPort), users);
    }

    /** The same, with the UI on {@code web}: one interface, or every interface; {@code web.threads} workers. */
    static ReviewServer start(final AppConfig config, final InetSocketAddress web, final Users users) {
        return start(config, (review, evidence) -> WebServer.start(web, review.queries(), review.desk(), users,
                evidence, threads(config)));
    }

    /** The same with the login at the identity provider ({@code oidc.*}) instead of a users file. */
    static ReviewServer start(final AppConfig config, final InetSocketAddress web, final OidcLogin oidc) {
        return start(config, (review, evidence) -> WebServer.start(web, review.queries(), review.desk(), oidc,
                evidence, threads(config)));
    }

    private static ReviewServer start(final AppConfig config, final BiFunction<ReviewApp, EvidenceLookup, WebServer> ui) {
        final ReviewApp review = ReviewApp.start(config);
        EvidenceReader evidence = null;
        try {
            evidence = new EvidenceReader(config);
            return new ReviewServer(review, evidence, ui.apply(review, EvidenceLookup.of(evidence)));
        } catch (UncheckedIOException e) {
            closeStarted(evidence, review);
            throw new IllegalStateException(e.getMessage() + ": " + e.getCause().getMessage(), e);
        } catch (RuntimeException e) {
            closeStarted(evidence, review);
            throw e;
        }
    }

    private static int threads(final AppConfig config) {
        return config.get(AppConfig.WEB_THREADS) == null ? WebServer.DEFAULT_THREADS : config.getInt(AppConfig.WEB_THREADS);
    }

    public int webPort() {
        return web.port();
    }

    public StreamsApp streamsApp() {
        return review.streamsApp();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        web.close();
        // EvidenceLookup fetches under the reader's lock; a request still finishing keeps the consumer until done.
        synchronized (evidence) {
            evidence.close();
        }
        review.close();
    }

    private static void closeStarted(final EvidenceReader evidence, final ReviewApp review) {
        if (evidence != null) {
            evidence.close();
        }
        review.close();
    }
}
