package nl.barriere.web;

import static nl.barriere.web.Signals.indicator;
import static nl.barriere.web.Signals.ref;
import static nl.barriere.web.Signals.signal;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import nl.barriere.schema.SubjectType;
import nl.barriere.web.oidc.Keycloak;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The login at the identity provider in a real headless Chromium against a real Keycloak ({@link Keycloak}): analyst1
 * opens the queue, is sent to Keycloak's login form, types their password there, lands on the queue, logs out (here
 * and at Keycloak) and is asked for the password again; nobody1, whom Keycloak knows but whose group gives no role, is
 * refused with a neutral page. Screenshots of the queue, the page after logout and the refusal go to
 * {@code target/screenshots}. Needs Debian's {@code chromium} and {@code chromium-driver}, as {@link BrowserWalkTest}.
 */
class KeycloakBrowserWalkTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Instant DETECTED = Instant.parse("2024-06-10T08:00:00Z");

    @TempDir
    static Path secrets;

    private WebServer server;
    private int port;
    private HeadlessChromium chromium;
    private WebDriver browser;

    @BeforeAll
    static void startKeycloak() throws Exception {
        HeadlessChromium.assertInstalled();
        KeycloakWebLoginTest.startKeycloak();
    }

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        final InMemoryReview review = new InMemoryReview(Clock.systemUTC());
        review.add(signal("sig-permit", SubjectType.PERMIT_APPLICATION, "HV-2024-0017", DETECTED, null,
                indicator("I11", 2, ref("hor-000000007", "horeca.permit-events", 7, DETECTED))));
        server = WebServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), review, review, null,
                KeycloakWebLoginTest.login(port, Clock.systemUTC(), secrets), refs -> Map.of(), Clock.systemUTC(),
                Duration.ofMinutes(30), 4);

        chromium = HeadlessChromium.start("1280,1200", WAIT);
        browser = chromium.browser;
    }

    @AfterEach
    void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anAnalystLogsInAtKeycloakWorksTheQueueAndLogsOutThereToo() throws IOException {
        // Given analyst1 opening the queue, sent to Keycloak's login form
        browser.get(url("/queue"));
        assertThat(urlIs(keycloakPage())).startsWith(KeycloakWebLoginTest.keycloakIssuer());
        assertThat(browser.findElements(By.id("password"))).hasSize(1);

        // When they type their password there
        typePassword("analyst1");

        // Then they are on Barrière's queue, logged in as analyst1
        assertThat(urlIs(".*localhost:" + port + "/queue$")).endsWith("/queue");
        assertThat(text("header .user")).isEqualTo("analyst1");
        assertThat(text("main")).contains("HV-2024-0017");
        screenshot("oidc-queue.png");

        // When they log out
        browser.findElement(By.cssSelector("header form button")).click();

        // Then Keycloak ends its session too and sends the browser to Barrière's logged-out page
        assertThat(urlIs(".*localhost:" + port + "/logged-out$")).endsWith("/logged-out");
        assertThat(text("h1")).isEqualTo("Uitgelogd");
        screenshot("oidc-logged-out.png");

        // And logging in again asks for the password again (no single sign-on left), and the queue is closed
        browser.findElement(By.linkText("Opnieuw inloggen")).click();
        assertThat(urlIs(keycloakPage())).startsWith(KeycloakWebLoginTest.keycloakIssuer());
        assertThat(browser.findElements(By.id("password"))).hasSize(1);
        browser.get(url("/queue"));
        assertThat(urlIs(keycloakPage())).startsWith(KeycloakWebLoginTest.keycloakIssuer());
    }

    @Test
    void someoneWhoseGroupsGiveNoRoleIsRefused() throws IOException {
        // Given nobody1 at Keycloak's login form
        browser.get(url("/queue"));
        urlIs(keycloakPage());

        // When they log in there
        typePassword("nobody1");

        // Then Barrière refuses them with a page that says only that the login failed, and makes no session
        assertThat(urlIs(".*localhost:" + port + "/login/oidc\\?.*")).contains("/login/oidc");
        assertThat(text("h1")).isEqualTo("Inloggen niet gelukt");
        assertThat(text("main")).doesNotContain("no-role", "facilities");
        assertThat(browser.findElements(By.cssSelector("header .user"))).isEmpty();
        assertThat(server.liveSessions()).isZero();
        screenshot("oidc-refused.png");
    }

    private void typePassword(final String user) {
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(Keycloak.PASSWORDS.get(user));
        browser.findElement(By.id("kc-login")).click();
    }

    private String keycloakPage() {
        return "^" + java.util.regex.Pattern.quote(KeycloakWebLoginTest.keycloakIssuer()) + ".*";
    }

    private void screenshot(final String name) throws IOException {
        final Path file = Path.of("target", "screenshots", name);
        Files.createDirectories(file.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), file,
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(file)).isGreaterThan(5_000);
    }

    private String text(final String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private String urlIs(final String regex) {
        try {
            new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlMatches(regex));
        } catch (TimeoutException notThere) {
            // the assertion that follows says where the browser is instead
        }
        return browser.getCurrentUrl();
    }

    private String url(final String path) {
        return "http://localhost:" + port + path;
    }
}
