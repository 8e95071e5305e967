package io.eventengine.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.util.FileSystemUtils;

/**
 * The page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, installed by {@code
 * scripts/install-browser.sh}): rows appear per symbol and keep updating, the heartbeat ticks, and a new pattern
 * narrows the table.
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
        options.addArguments(
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
