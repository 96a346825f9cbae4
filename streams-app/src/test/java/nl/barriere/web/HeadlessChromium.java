package nl.barriere.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium through its chromedriver (never a downloaded browser), headless, with a fresh profile under
 * {@code target/} that is removed on close.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final WebDriver browser;
    private final Path profile;

    private HeadlessChromium(final WebDriver browser, final Path profile) {
        this.browser = browser;
        this.profile = profile;
    }

    /** Fails naming the package when the browser or its driver is missing. */
    static void assertInstalled() {
        assertThat(CHROMIUM).as("Debian package chromium (see .ci/run)").exists();
        assertThat(CHROMEDRIVER).as("Debian package chromium-driver (see .ci/run)").exists();
    }

    /**
     * A browser whose every element lookup waits up to {@code wait}: a click returns before the next page has
     * loaded.
     */
    static HeadlessChromium start(final String windowSize, final Duration wait) throws IOException {
        Files.createDirectories(Path.of("target"));
        final Path profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-");
        final ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=" + windowSize,
                "--user-data-dir=" + profile.toAbsolutePath());
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        final WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(wait);
        return new HeadlessChromium(browser, profile);
    }

    @Override
    public void close() throws IOException {
        browser.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
