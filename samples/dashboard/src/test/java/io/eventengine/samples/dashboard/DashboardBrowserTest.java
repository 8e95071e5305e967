package io.eventengine.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.util.FileSystemUtils;

/**
 * The page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, installed by {@code
 * scripts/install-browser.sh}): rows appear per symbol and keep updating, the heartbeat ticks, and a new pattern
 * narrows the table; the uPlot charts draw and move (their data grows, their pixels change), and the console shows no
 * failed resource.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserTest {
    static final String CHROMIUM = System.getProperty("dashboard.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("dashboard.chromedriver", "/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Selenium warns that it has no DevTools (CDP) module for this Chromium version: the test does not use CDP (only
     * WebDriver), so keep that out of the log. A static field: JUL holds loggers weakly.
     */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(Level.SEVERE);
    }

    @Value("${local.server.port}")
    int port;

    private WebDriver driver;
    private Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        assertThat(new File(CHROMIUM))
                .as("Chromium is missing: run scripts/install-browser.sh (or ./test.sh, which does)")
                .exists();
        assertThat(new File(CHROMEDRIVER))
                .as("chromedriver is missing: run scripts/install-browser.sh (or ./test.sh, which does)")
                .exists();
        // A driver given explicitly: Selenium Manager never runs, so nothing is downloaded.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        profile = Files.createTempDirectory("dashboard-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL); // the console: a failed resource (a 404) shows up there
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        options.addArguments(
                "--window-size=1400,1200",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            FileSystemUtils.deleteRecursively(profile.toFile());
        }
    }

    @Test
    void theChartsDrawAndMoveAndNothingFailsToLoad() throws IOException {
        driver.get("http://localhost:" + port + "/");
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        wait.until(d -> ((Number) js.executeScript("return window.dashboard.samples")).intValue() >= 3);
        long points = ((Number) js.executeScript("return window.dashboard.charts.rates.data[0].length")).longValue();
        BufferedImage rates = chart("chart-rates");
        BufferedImage prices = chart("chart-prices");
        // the series' stroke colours (index.html's COLORS) appear only where a line is drawn
        assertThat(pixelsOf(prices, 0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b))
                .as("pixels of the price lines")
                .isGreaterThan(50);
        assertThat(pixelsOf(rates, 0x1f77b4))
                .as("pixels of the published/s line")
                .isGreaterThan(20);

        wait.until(d -> ((Number) js.executeScript("return window.dashboard.charts.rates.data[0].length")).longValue()
                >= points + 3);
        // the feed publishes ~60 messages a second: the last rate is positive
        assertThat(((Number) js.executeScript(
                                "const d = window.dashboard.charts.rates.data[1]; return d[d.length - 1];"))
                        .doubleValue())
                .isPositive();
        // six price series, one per symbol, each with values
        assertThat(((Number) js.executeScript("return window.dashboard.charts.prices.series.length")).intValue())
                .isEqualTo(1 + MarketFeed.SYMBOLS.size());
        assertThat(changedPixels(rates, chart("chart-rates")))
                .as("rate chart pixels changed")
                .isPositive();
        assertThat(changedPixels(prices, chart("chart-prices")))
                .as("price chart pixels changed")
                .isPositive();
        // per-pattern statistics: the feed's quote listener and the page's own stream are there
        assertThat(driver.findElements(By.cssSelector("#hooks tbody tr")).stream()
                        .map(r -> r.findElement(By.cssSelector("td")).getText()))
                .contains("Market.Data.{symbol}", "Market.**");

        List<LogEntry> failures = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
        assertThat(failures)
                .as("console errors (a 404 for the icon would be one)")
                .isEmpty();
        // what the page looked like, for a person to check: target/dashboard.png
        Files.write(
                Path.of("target/dashboard.png"),
                ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private BufferedImage chart(String id) throws IOException {
        byte[] png = driver.findElement(By.cssSelector("#" + id + " canvas")).getScreenshotAs(OutputType.BYTES);
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static long changedPixels(BufferedImage a, BufferedImage b) {
        long changed = 0;
        for (int y = 0; y < Math.min(a.getHeight(), b.getHeight()); y++) {
            for (int x = 0; x < Math.min(a.getWidth(), b.getWidth()); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    changed++;
                }
            }
        }
        return changed;
    }

    private static long pixelsOf(BufferedImage image, int... rgb) {
        java.util.Set<Integer> wanted = new java.util.HashSet<>();
        for (int c : rgb) {
            wanted.add(c);
        }
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (wanted.contains(image.getRGB(x, y) & 0xffffff)) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void rowsUpdateLiveAndThePatternBoxNarrowsThem() {
        driver.get("http://localhost:" + port + "/");
        WebDriverWait wait = new WebDriverWait(driver, WAIT);

        // A row per symbol appears...
        wait.until(d -> d.findElements(By.cssSelector("#quotes tbody tr")).size() >= MarketFeed.SYMBOLS.size());
        // ...and keeps updating: AAPL's price changes and its update count grows.
        WebElement aapl = driver.findElement(By.id("row-AAPL"));
        long updates = Long.parseLong(aapl.getAttribute("data-updates"));
        wait.until(d -> Long.parseLong(d.findElement(By.id("row-AAPL")).getAttribute("data-updates")) > updates + 3);
        assertThat(driver.findElement(By.cssSelector("#row-AAPL .price")).getText())
                .matches("\\d+\\.\\d\\d");
        // The heartbeat from the interval Flux ticks.
        wait.until(d -> Integer.parseInt(d.findElement(By.id("beats")).getText()) >= 1);
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("live");

        // A new pattern: only MSFT's quotes.
        WebElement box = driver.findElement(By.id("pattern"));
        box.clear();
        box.sendKeys("Market.Data.MSFT");
        driver.findElement(By.cssSelector("#subscribe button")).click();
        wait.until(
                d -> "Market.Data.MSFT".equals(d.findElement(By.id("current")).getText()));
        wait.until(d -> !d.findElements(By.id("row-MSFT")).isEmpty()
                && Long.parseLong(d.findElement(By.id("row-MSFT")).getAttribute("data-updates")) >= 2);
        List<WebElement> rows = driver.findElements(By.cssSelector("#quotes tbody tr"));
        assertThat(rows).extracting(r -> r.getAttribute("data-symbol")).containsExactly("MSFT");

        // An invalid pattern shows the syntax error and keeps the subscription.
        box.clear();
        box.sendKeys("Market./(/");
        driver.findElement(By.cssSelector("#subscribe button")).click();
        wait.until(d -> !d.findElement(By.id("error")).getText().isEmpty());
        assertThat(driver.findElement(By.id("current")).getText()).isEqualTo("Market.Data.MSFT");
    }
}
