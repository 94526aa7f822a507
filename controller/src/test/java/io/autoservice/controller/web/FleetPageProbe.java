package io.autoservice.controller.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Timings taken inside the page, with {@code performance.now()}, so the WebDriver round trips do
 * not count: when the Fleet page's first row and its full count appear after a navigation, frame
 * times (requestAnimationFrame deltas) while the list scrolls or the fleet changes, and how long a
 * filter takes to show its count. Chromium runs these scripts outside the page's CSP, as DevTools
 * does.
 */
final class FleetPageProbe {
  /**
   * Installed before any page script: records, from the navigation's start, the first frame drawn
   * with a fleet row in the DOM and the first with the count line reporting every agent.
   */
  private static final String LOAD_MARKS =
      """
      (() => {
        const marks = (window.__fleetMarks = {});
        const inFrame = (name) => requestAnimationFrame(() => {
          if (marks[name] === undefined) marks[name] = performance.now();
        });
        const seen = {};
        new MutationObserver(() => {
          if (!seen.row && document.querySelector('[data-testid="fleet-row"]')) {
            seen.row = true; inFrame('firstRow');
          }
          const c = document.querySelector('[data-testid="fleet-count"]');
          if (!seen.count && c && c.textContent.startsWith(%s)) {
            seen.count = true; inFrame('counted');
          }
        }).observe(document, { childList: true, subtree: true, characterData: true });
      })();
      """;

  /**
   * Frame deltas for {@code ms} milliseconds; with a target ("middle", "end"), the list scrolls
   * there evenly over that time, redrawing new rows every frame: a fast fling, the worst case.
   */
  private static final String FRAMES =
      """
      const [target, ms, done] = arguments;
      const list = document.querySelector('[data-testid="fleet-list"]');
      const from = list.scrollTop;
      const max = list.scrollHeight - list.clientHeight;
      const to = target === 'middle' ? max / 2 : target === 'end' ? max : from;
      const deltas = [];
      requestAnimationFrame((t0) => {
        let last = t0;
        const step = (now) => {
          deltas.push(now - last);
          last = now;
          list.scrollTop = from + (to - from) * Math.min(1, (now - t0) / ms);
          if (now - t0 < ms) requestAnimationFrame(step);
          else setTimeout(() => done(deltas), 50);
        };
        requestAnimationFrame(step);
      });
      """;

  /** Sets a filter control as a user would and times until the count line says {@code shown}. */
  private static final String FILTER =
      """
      const [testid, value, eventName, shown, done] = arguments;
      const input = document.querySelector(`[data-testid="${testid}"]`);
      const count = document.querySelector('[data-testid="fleet-count"]');
      const t0 = performance.now();
      const check = () => {
        if (!count.textContent.includes(shown)) return false;
        requestAnimationFrame(() => done(performance.now() - t0));
        return true;
      };
      const watch = new MutationObserver(() => { if (check()) watch.disconnect(); });
      watch.observe(count, { childList: true, subtree: true, characterData: true });
      input.value = value;
      input.dispatchEvent(new Event(eventName, { bubbles: true }));
      """;

  /** p50, p99 and max of frame deltas, in milliseconds. */
  record Frames(int count, double p50, double p99, double max) {
    static Frames of(List<Number> deltas) {
      double[] d = deltas.stream().mapToDouble(Number::doubleValue).sorted().toArray();
      return new Frames(d.length, at(d, 0.50), at(d, 0.99), d[d.length - 1]);
    }

    private static double at(double[] sorted, double q) {
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "%d frames, p50 %.1f ms, p99 %.1f ms, max %.1f ms", count, p50, p99, max);
    }
  }

  private final ChromeDriver driver;

  FleetPageProbe(Browser browser) {
    this.driver = browser.driver();
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  /** From the next document on, records the load marks for a fleet of {@code total}. */
  void markLoads(int total) {
    driver.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of("source", LOAD_MARKS.formatted("'" + total + " agents'")));
  }

  /** The load marks (ms from navigation start), once both are taken. */
  @SuppressWarnings("unchecked")
  Map<String, Number> loadMarks(Duration max) {
    return new WebDriverWait(driver, max)
        .pollingEvery(Duration.ofMillis(10))
        .withMessage("the fleet page's first row and full count")
        .until(
            d -> {
              Map<String, Number> m =
                  (Map<String, Number>) driver.executeScript("return window.__fleetMarks || {};");
              return m.containsKey("firstRow") && m.containsKey("counted") ? m : null;
            });
  }

  @SuppressWarnings("unchecked")
  Frames frames(String scrollTarget, int ms) {
    return Frames.of((List<Number>) driver.executeAsyncScript(FRAMES, scrollTarget, ms));
  }

  /** Milliseconds from setting the control until the count line says {@code shown}. */
  double filter(String testid, String value, String eventName, String shown) {
    return ((Number) driver.executeAsyncScript(FILTER, testid, value, eventName, shown))
        .doubleValue();
  }
}
