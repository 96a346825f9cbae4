package nl.barriere.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import nl.barriere.contract.Topics;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.platform.EvidenceReader;
import nl.barriere.platform.TopicReader;
import nl.barriere.review.ReviewApp;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.RiskSignal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The four-eyes walk in a real headless Chromium: analyst 1 escalates the top signal, analyst 2 confirms it from the
 * second-review queue, the BIBOB officer sees the flagged permit. Also measures how long the queue takes to load in
 * the browser with 50 signals, and saves a screenshot of the signal detail page.
 *
 * <p>Everything is real: an embedded broker and registry, the two evidence events on their input topics, 50 signals
 * on the signals topic, the review app (its stores, gate and decision desk), evidence fetched back from Kafka by
 * topic, partition and offset, and the web server on top. Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them); both paths are set
 * here, so Selenium never looks for or downloads a browser or driver.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserWalkTest {

    /** How long a lookup waits for the page a click led to. */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String ESCALATION = "Applicant registered 69 days before applying, third operator at this address in two years.";
    private static final String CONFIRMATION = "Agree with the escalation: fresh applicant plus an operator carousel warrants a Bibob check.";

    private static EmbeddedPlatform platform;
    private static AppConfig config;
    private static ReviewApp review;
    private static EvidenceReader evidence;
    private static Users.DemoUsers users;
    private static WebServer server;
    private HeadlessChromium chromium;
    private WebDriver browser;

    @BeforeAll
    static void startThePipeline() throws Exception {
        HeadlessChromium.assertInstalled();
        platform = EmbeddedPlatform.start("web");
        config = platform.config();
        final PermitEvent applied = SampleCases.permitEvent();
        final BusinessEvent registration = SampleCases.registration();
        final EvidenceRef permit = platform.write(Topics.HORECA_PERMIT_EVENTS, applied, applied.getEventId());
        final EvidenceRef registered = platform.write(Topics.KVK_BUSINESS_EVENTS, registration, registration.getEventId());
        final List<RiskSignal> signals = SampleCases.signals(permit, registered);
        for (final RiskSignal signal : signals) {
            platform.write(Topics.SIGNALS, signal);
        }
        review = ReviewApp.start(config);
        assertThat(review.streamsApp().awaitRunning(Duration.ofSeconds(60))).isTrue();
        awaitCases(signals.size());
        evidence = new EvidenceReader(config);
        users = Users.demo(10_000);
        server = WebServer.start(0, review.queries(), review.desk(), users.users(), EvidenceLookup.of(evidence));
    }

    @AfterAll
    static void stopThePipeline() {
        if (server != null) {
            server.close();
        }
        if (evidence != null) {
            evidence.close();
        }
        if (review != null) {
            review.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @BeforeEach
    void startTheBrowser() throws IOException {
        chromium = HeadlessChromium.start("1280,2400", WAIT);
        browser = chromium.browser;
    }

    @AfterEach
    void stopTheBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    @Order(3)
    void twoAnalystsEscalateAPermitAndTheBibobOfficerSeesIt() throws IOException {
        // Given analyst 1 on the queue
        logIn("analyst1");
        assertThat(urlIs(".*/queue")).endsWith("/queue");
        assertThat(text("#shown")).isEqualTo("Getoond: 50 van 50");

        // When analyst 1 opens the top signal and first tries a rationale that is too short
        browser.findElement(By.cssSelector("table.cases tbody tr:first-child a")).click();
        assertThat(text("h1")).isEqualTo("Vergunningaanvraag " + SampleCases.TOP_APPLICATION);
        browser.findElement(By.cssSelector("input[value=ESCALATE]")).click();
        final WebElement rationale = browser.findElement(By.id("rationale"));
        rationale.sendKeys("Looks odd.");
        assertThat(text("#rationale-count")).isEqualTo("10 / 50 tekens");
        browser.findElement(By.cssSelector("#decision-form button[type=submit]")).click();

        // Then the browser keeps the form (the rule is checked before sending) and nothing is decided
        assertThat(rationale.getAttribute("validationMessage")).isEqualTo("Minstens 50 tekens, graag.");
        assertThat(review.queries().find(SampleCases.TOP_SIGNAL).orElseThrow().decisions()).isEmpty();

        // When the rationale is long enough
        rationale.clear();
        rationale.sendKeys(ESCALATION);
        browser.findElement(By.cssSelector("#decision-form button[type=submit]")).click();

        // Then the escalation is recorded and shown; this is the page the screenshot keeps
        assertThat(text("p.notice")).isEqualTo("Uw besluit is vastgelegd.");
        assertThat(text("table.history tbody")).contains("analyst1", ESCALATION);
        assertThat(text("dl.summary")).contains("KvK 87654321 · besloten vennootschap (bv) · SBI 5630 cafés en bars · gestart 2 april 2024");
        final Path screenshot = Path.of("target", "screenshots", "signal-detail.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                StandardCopyOption.REPLACE_EXISTING);
        logOut();

        // When analyst 2 takes it from the second-review queue and confirms
        logIn("analyst2");
        browser.findElement(By.linkText("Tweede beoordeling")).click();
        browser.findElement(By.cssSelector("table.cases tbody tr:first-child a")).click();
        assertThat(text("h1")).isEqualTo("Vergunningaanvraag " + SampleCases.TOP_APPLICATION);
        browser.findElement(By.cssSelector("input[value=CONFIRM_ESCALATION]")).click();
        browser.findElement(By.id("rationale")).sendKeys(CONFIRMATION);
        browser.findElement(By.cssSelector("#decision-form button[type=submit]")).click();
        assertThat(text("p.notice")).isEqualTo("Uw besluit is vastgelegd.");
        logOut();

        // Then the BIBOB officer sees the flagged permit with both analysts and their reasons
        logIn("bibob1");
        assertThat(urlIs(".*/bibob")).endsWith("/bibob");
        browser.findElement(By.linkText(SampleCases.TOP_APPLICATION)).click();
        assertThat(text(".approvals")).contains("analyst1", ESCALATION, "analyst2", CONFIRMATION);
        assertThat(text("ol.indicators")).contains("I10", "I11");
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);

        // And the gate put exactly one flagged permit on the BIBOB officers' topic, with both analysts
        final List<FlaggedPermit> flagged = new ArrayList<>();
        TopicReader.readAll(Topics.FLAGGED_PERMITS, config, (raw, value) -> flagged.add(value));
        assertThat(flagged).extracting(FlaggedPermit::getApplicationId, FlaggedPermit::getEscalatedBy, FlaggedPermit::getConfirmedBy)
                .containsExactly(tuple(SampleCases.TOP_APPLICATION, "analyst1", "analyst2"));
    }

    @Test
    @Order(1)
    void theQueueWithFiftySignalsLoadsQuickly() {
        logIn("analyst1");
        final List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            browser.get(url("/queue"));
            millis.add(((Number) ((JavascriptExecutor) browser).executeScript(
                    "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;"))
                    .doubleValue());
        }
        final List<Double> measured = new ArrayList<>(millis.subList(1, millis.size()));
        Collections.sort(measured);
        final double median = measured.get(measured.size() / 2);
        System.out.printf(Locale.ROOT, "queue page, %d signals, navigation start to load end in Chromium over 10 loads: "
                + "median %.1f ms, max %.1f ms%n", review.queries().cases().size(), median, measured.get(measured.size() - 1));
        assertThat(text("#shown")).isEqualTo("Getoond: 50 van 50");
        assertThat(median).isLessThan(1_000);
    }

    @Test
    @Order(2)
    void theDashboardDrawsOneBarPerIndicatorAndMonth() throws IOException {
        logIn("analyst1");

        browser.get(url("/dashboard"));

        assertThat(browser.findElements(By.cssSelector("figure.chart svg"))).hasSize(2);
        final int cells = DashboardPage.Figures.of(review.queries().cases()).perMonth().values().stream().mapToInt(java.util.Map::size).sum();
        assertThat(browser.findElements(By.cssSelector("svg rect[class^=s-I]"))).hasSize(cells);
        assertThat(browser.findElements(By.cssSelector("svg rect.dismissed"))).hasSize(11);
        final Path screenshot = Path.of("target", "screenshots", "dashboard.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private void logIn(final String user) {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(users.passwords().get(user));
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        // The click returns before the answer: a navigation right after it would cancel the login.
        urlIs("^(?!.*/login).*$");
    }

    private void logOut() {
        browser.findElement(By.cssSelector("header form button")).click();
        assertThat(urlIs(".*/login.*")).contains("/login");
    }

    private String text(final String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    /** The browser's address once it matches {@code regex}, or as it is after {@link #WAIT}. */
    private String urlIs(final String regex) {
        try {
            new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlMatches(regex));
        } catch (TimeoutException notThere) {
            // the assertion that follows says where the browser is instead
        }
        return browser.getCurrentUrl();
    }

    private String url(final String path) {
        return "http://localhost:" + server.port() + path;
    }


    private static void awaitCases(final int count) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (review.queries().cases().size() >= count) {
                    return;
                }
            } catch (IllegalStateException notReadyYet) {
                // the stores open a moment after the application reports RUNNING
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the review stores did not show " + count + " signals within 60 s");
    }

    /** Writes one record and says where it landed, as an evidence reference. */
}
