package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import nl.barriere.platform.AppConfig;
import nl.barriere.platform.Logging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --log-format} is an option of every command, after the command's name as before it. */
class LogFormatOptionTest {

    @AfterEach
    void backToText() {
        Logging.use(Logging.Format.TEXT);
        System.clearProperty(Logging.FORMAT_PROPERTY);
    }

    @Test
    void everyCommandTakesTheLogFormat() {
        // Given a command that needs no cluster, with the option after its name
        // When it runs
        final Cli.Run run = Cli.run(AppConfig.defaults(), null, "register-entry", "--format", "json",
                "--log-format", "JSON");

        // Then it ran, and the log is JSON from then on
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(System.getProperty(Logging.FORMAT_PROPERTY)).isEqualTo("json");

        // And a format that is neither is refused with the choices
        final Cli.Run wrong = Cli.run(AppConfig.defaults(), null, "register-entry", "--log-format", "xml");
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).contains("--log-format", "TEXT", "JSON");
    }
}
