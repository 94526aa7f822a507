package io.autoservice.controller.web;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (bundled in Deque's Selenium binding, no npm) run in the page: a page with a serious or
 * critical violation fails, naming each rule and the elements it found, so the failure reads as a
 * to-do list. Moderate and minor findings are left to review.
 */
final class Accessibility {
  static final Set<String> FAILING_IMPACTS = Set.of("serious", "critical");

  private Accessibility() {}

  static void assertNoSeriousViolations(WebDriver driver, String pageName) {
    Results results = new AxeBuilder().analyze(driver);
    if (results.isErrored()) {
      throw new AssertionError("axe-core did not run on " + pageName + ": " + results.getError());
    }
    List<Rule> failing =
        results.getViolations().stream()
            .filter(r -> FAILING_IMPACTS.contains(r.getImpact()))
            .toList();
    if (!failing.isEmpty()) {
      throw new AssertionError(
          "axe-core: "
              + failing.size()
              + " serious/critical accessibility violation(s) on "
              + pageName
              + " ("
              + results.getUrl()
              + "):\n"
              + failing.stream().map(Accessibility::describe).collect(Collectors.joining("\n")));
    }
  }

  private static String describe(Rule r) {
    return "- "
        + r.getId()
        + " ["
        + r.getImpact()
        + "] "
        + r.getHelp()
        + " ("
        + r.getHelpUrl()
        + ")\n"
        + r.getNodes().stream()
            .map(CheckedNode::getHtml)
            .map(html -> "    " + html)
            .collect(Collectors.joining("\n"));
  }
}
