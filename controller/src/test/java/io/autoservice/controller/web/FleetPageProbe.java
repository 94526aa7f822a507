package io.autoservice.controller.web;

import java.time.Duration;
import java.util.HashMap;
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
   * there evenly over that time, redrawing new rows every frame: a fast fling, the worst case;
   * "wheel" scrolls 3,000 px a second, a mouse wheel spun steadily (about one new row a frame).
   */
  private static final String FRAMES =
      """
      const [target, ms, done] = arguments;
      const list = document.querySelector('[data-testid="fleet-list"]');
      const from = list.scrollTop;
      const max = list.scrollHeight - list.clientHeight;
      const to = target === 'middle' ? max / 2 : target === 'end' ? max
          : target === 'wheel' ? Math.min(max, from + 3 * ms) : from;
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

  /**
   * p50, p99 and max of frame deltas, in milliseconds, and where the main thread's time went
   * meanwhile (Chromium's own counters: script, style recalculation, layout).
   */
  record Frames(int count, double p50, double p99, double max, Map<String, Double> busy) {
    static Frames of(List<Number> deltas, Map<String, Double> busy) {
      double[] d = deltas.stream().mapToDouble(Number::doubleValue).sorted().toArray();
      return new Frames(d.length, at(d, 0.50), at(d, 0.99), d[d.length - 1], busy);
    }

    private static double at(double[] sorted, double q) {
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d frames, p50 %.1f ms, p99 %.1f ms, max %.1f ms; main thread busy %.0f ms"
              + " (script %.0f, style %.0f, layout %.0f)",
          count,
          p50,
          p99,
          max,
          busy.get("TaskDuration"),
          busy.get("ScriptDuration"),
          busy.get("RecalcStyleDuration"),
          busy.get("LayoutDuration"));
    }
  }

  private final ChromeDriver driver;

  FleetPageProbe(Browser browser) {
    this.driver = browser.driver();
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    driver.executeCdpCommand("Performance.enable", Map.of());
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

  /**
   * Where the load went, in ms from navigation start: the document's DOMContentLoaded, the session
   * call's answer, and the Fleet page's own performance marks ("fleet-watch-start" becomes
   * watchStart): rendered, stream asked, first message parsed, applied, rows in the DOM.
   */
  @SuppressWarnings("unchecked")
  Map<String, Number> loadBreakdown() {
    return (Map<String, Number>)
        driver.executeScript(
            """
            const nav = performance.getEntriesByType('navigation')[0];
            const out = { ready: nav.domContentLoadedEventEnd, watchStart: -1, snapshot: -1 };
            for (const m of performance.getEntriesByType('mark')) {
              if (m.name.startsWith('fleet-')) {
                out[m.name.slice(6).replace(/-(.)/g, (_, c) => c.toUpperCase())] = m.startTime;
              }
            }
            const session = performance.getEntriesByType('resource')
                .find((e) => e.name.endsWith('/api/session'));
            out.sessionStart = session ? session.startTime : -1;
            out.sessionEnd = session ? session.responseEnd : -1;
            return out;
            """);
  }

  @SuppressWarnings("unchecked")
  Frames frames(String scrollTarget, int ms) {
    Map<String, Double> before = metrics();
    List<Number> deltas = (List<Number>) driver.executeAsyncScript(FRAMES, scrollTarget, ms);
    Map<String, Double> busy = new HashMap<>();
    metrics().forEach((k, v) -> busy.put(k, (v - before.getOrDefault(k, 0.0)) * 1000));
    return Frames.of(deltas, busy);
  }

  /** Chromium's cumulative main-thread counters (seconds), from the DevTools Performance domain. */
  @SuppressWarnings("unchecked")
  private Map<String, Double> metrics() {
    Map<String, Double> out = new HashMap<>();
    List<Map<String, Object>> all =
        (List<Map<String, Object>>)
            driver.executeCdpCommand("Performance.getMetrics", Map.of()).get("metrics");
    for (Map<String, Object> m : all) {
      out.put((String) m.get("name"), ((Number) m.get("value")).doubleValue());
    }
    return out;
  }

  /** Milliseconds from setting the control until the count line says {@code shown}. */
  double filter(String testid, String value, String eventName, String shown) {
    return ((Number) driver.executeAsyncScript(FILTER, testid, value, eventName, shown))
        .doubleValue();
  }
}
