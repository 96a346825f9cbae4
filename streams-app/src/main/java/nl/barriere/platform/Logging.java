package nl.barriere.platform;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * The log's format and the application named in it. {@code logback.xml} writes to standard error either as text
 * (the default) or, with {@value #FORMAT_PROPERTY}{@code =json} in the environment or as a system property, as
 * one JSON object per line (logstash-logback-encoder): {@code @timestamp} in ISO-8601, {@code level},
 * {@code logger_name}, {@code thread_name}, {@code message}, {@code stack_trace}, the MDC's keys (e.g.
 * {@code signalId} where a signal is handled) and the context property {@code app}. Kafka's own loggers stay at WARN
 * in both formats.
 *
 * <p>The environment variable takes effect from the first line; {@code barriere --log-format json} switches after
 * the options are read, by loading the same configuration again, so only the lines of the JVM's start come as text.
 */
public final class Logging {

    /** Environment variable or system property that selects the format: {@code text} or {@code json}. */
    public static final String FORMAT_PROPERTY = "BARRIERE_LOG_FORMAT";

    /** Context property named {@code app} in every JSON line: the command that runs (detect, review, …). */
    static final String APP_PROPERTY = "app";

    /** The formats; each has its appender in {@code log-format-NAME.xml}, which {@code logback.xml} includes. */
    public enum Format { TEXT, JSON }

    private Logging() {}

    /** Writes the log in {@code format} from now on. */
    public static void use(final Format format) {
        System.setProperty(FORMAT_PROPERTY, format.name().toLowerCase(Locale.ROOT));
        final LoggerContext context = context();
        if (context == null) {
            return;
        }
        final String app = context.getProperty(APP_PROPERTY);
        final URL config = Logging.class.getResource("/logback.xml");
        context.reset();
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (final JoranException e) {
            throw new IllegalStateException("cannot load the log configuration " + config, e);
        }
        if (app != null) {
            context.putProperty(APP_PROPERTY, app);
        }
    }

    /**
     * Names the application in every log line from now on: one per process in production (detect, bibob-zone and
     * review run apart); where one process runs several (the demo), the stream threads' names say which.
     */
    public static void app(final String name) {
        final LoggerContext context = context();
        if (context != null) {
            context.putProperty(APP_PROPERTY, name);
        }
    }

    /**
     * Called first thing in {@code main}, before any logger exists: a {@value #FORMAT_PROPERTY} that names no format
     * would leave logback without an appender, and the application would run without a log. Says so and uses text.
     */
    public static void checkEnvironment() {
        final String wanted = System.getProperty(FORMAT_PROPERTY, System.getenv(FORMAT_PROPERTY));
        if (wanted == null) {
            return;
        }
        try {
            System.setProperty(FORMAT_PROPERTY, Format.valueOf(wanted.strip().toUpperCase(Locale.ROOT)).name()
                    .toLowerCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            System.err.println(FORMAT_PROPERTY + "=" + wanted
                    + " is neither text nor json; the log is written as text");
            System.setProperty(FORMAT_PROPERTY, "text");
        }
    }

    private static LoggerContext context() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext context ? context : null;
    }
}
