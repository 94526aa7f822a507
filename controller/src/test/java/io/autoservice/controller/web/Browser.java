package io.autoservice.controller.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.print.PageMargin;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium from the system's packages ({@code /usr/bin/chromium} driven by {@code
 * /usr/bin/chromedriver}), with a fresh profile under {@code target/}: never a browser or driver
 * downloaded by Selenium Manager. Pages are found by their {@code data-testid}s; screenshots land
 * in {@code target/web-screenshots/}.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "web-screenshots").toAbsolutePath();

  /** How long a page may take to show what a test waits for. */
  static final Duration WAIT = Duration.ofSeconds(20);

  /** How often a wait looks again. */
  private static final Duration POLL = Duration.ofMillis(50);

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * A browser that trusts the servers presenting these certificates and nothing else self-signed.
   * It trusts them by their public keys ({@code --ignore-certificate-errors-spki-list}, honoured
   * because the profile is a fresh {@code --user-data-dir}) rather than accepting any certificate,
   * so a test served by the wrong key still fails (Chromium 156 honours it: BrowserSmokeIT checks
   * both sides, so setAcceptInsecureCerts is not needed).
   */
  static Browser start(String name, List<X509Certificate> trusted) throws IOException {
    assertThat(CHROMIUM).as("chromium (apt-get install chromium)").isExecutable();
    assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver)").isExecutable();
    // With the driver named here, Selenium skips Selenium Manager (which would download one).
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    Path profile =
        Files.createDirectories(Path.of("target", "chromium-profiles").toAbsolutePath())
            .resolve(name + "-" + System.nanoTime());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1366,900",
        "--user-data-dir=" + profile);
    if (!trusted.isEmpty()) {
      options.addArguments("--ignore-certificate-errors-spki-list=" + spkiList(trusted));
    }
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .withLogFile(
                profile.resolveSibling(profile.getFileName() + "-chromedriver.log").toFile())
            .build();
    return new Browser(new ChromeDriver(service, options), profile);
  }

  /** base64(sha256(SubjectPublicKeyInfo)) of each certificate, comma-separated. */
  static String spkiList(List<X509Certificate> certs) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return String.join(
          ",",
          certs.stream()
              .map(
                  c ->
                      Base64.getEncoder()
                          .encodeToString(sha256.digest(c.getPublicKey().getEncoded())))
              .toList());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  /** The element with this {@code data-testid} once it is shown. */
  WebElement waitFor(String testid) {
    return waitFor(testid, WebElement::isDisplayed);
  }

  /**
   * The first element with this {@code data-testid} for which {@code condition} holds, waiting up
   * to {@link #WAIT}; a page re-rendering the element meanwhile is retried, not a failure.
   */
  WebElement waitFor(String testid, Predicate<WebElement> condition) {
    return waitFor(testid, condition, WAIT);
  }

  /** As {@link #waitFor(String, Predicate)}, waiting up to {@code max}. */
  WebElement waitFor(String testid, Predicate<WebElement> condition, Duration max) {
    // Selenium polls every 500 ms by default: most waits are for a render a few milliseconds
    // away, and each poll is one cheap findElements on loopback.
    return new WebDriverWait(driver, max, POLL)
        .ignoring(StaleElementReferenceException.class)
        .withMessage(() -> "an element data-testid=" + testid + " as awaited on " + url())
        .until(
            d ->
                d.findElements(byTestId(testid)).stream()
                    .filter(condition)
                    .findFirst()
                    .orElse(null));
  }

  /** Every element with this {@code data-testid} now (none is an empty list). */
  List<WebElement> all(String testid) {
    return driver.findElements(byTestId(testid));
  }

  static By byTestId(String testid) {
    return By.cssSelector("[data-testid='" + testid + "']");
  }

  String url() {
    return driver.getCurrentUrl();
  }

  /**
   * Saves the whole page, not only the window, as {@code target/web-screenshots/<name>.png} (via
   * Chromium's own screenshot command, which can capture beyond the viewport); returns the file.
   */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    @SuppressWarnings("unchecked")
    Map<String, Object> size =
        (Map<String, Object>)
            driver.executeScript(
                "const d = document.documentElement;"
                    + " return {w: Math.max(d.scrollWidth, innerWidth),"
                    + " h: Math.max(d.scrollHeight, innerHeight)};");
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of(
                    "x",
                    0,
                    "y",
                    0,
                    "width",
                    ((Number) size.get("w")).intValue(),
                    "height",
                    ((Number) size.get("h")).intValue(),
                    "scale",
                    1)));
    Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    return file;
  }

  /** The page printed by Chromium to an A4 PDF with 15 mm margins, backgrounds included. */
  byte[] pdf() {
    PrintOptions print = new PrintOptions();
    print.setPageSize(PageSize.ISO_A4);
    print.setPageMargin(new PageMargin(1.5, 1.5, 1.5, 1.5));
    print.setBackground(true);
    return Base64.getDecoder().decode(driver.print(print).getContent());
  }

  /** Runs axe-core on the page; fails listing every serious or critical violation. */
  void axe(String pageName) {
    Accessibility.assertNoSeriousViolations(driver, pageName);
  }

  /**
   * What the page logged at SEVERE since last read: script errors, CSP refusals, failed loads. The
   * console's probe of {@code /api/session} before anyone signed in answers 401 by design; Chromium
   * logs that too, and it is left out.
   */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(e -> e.getMessage())
        .filter(m -> !(m.contains("/api/session ") && m.contains("status of 401")))
        .toList();
  }

  @Override
  public void close() {
    driver.quit();
    deleteProfile();
  }

  /** A profile is tens of megabytes of cache; its chromedriver log beside it stays. */
  private void deleteProfile() {
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Left behind under target/: mvn clean removes it.
    }
  }
}
