package io.autoservice.controller.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every string the console shows comes from the server and is hostile (a hostname, a customer name,
 * a tool's output): the shipped JavaScript must build the page with text nodes only, never parse a
 * string as markup or code. The CSP stops inline script, not an injected {@code <img>} or a form,
 * so this is checked at build time too.
 */
class WebPagesMarkupSafetyTest {
  static final Path JS = Path.of("src/main/resources/web/js");

  private static final Pattern MARKUP_SINK =
      Pattern.compile(
          "\\.(innerHTML|outerHTML)\\s*\\+?=|\\binsertAdjacentHTML\\s*\\(|\\bdocument\\.write(ln)?\\s*\\("
              + "|\\bcreateContextualFragment\\s*\\(|\\bDOMParser\\b|\\beval\\s*\\(|\\bnew\\s+Function\\s*\\(");

  @Test
  void shouldShipNoJavaScriptThatTurnsStringsIntoMarkupOrCode() throws IOException {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.walk(JS)) {
      for (Path js : files.filter(p -> p.toString().endsWith(".js")).sorted().toList()) {
        problems.addAll(sinks(JS.relativize(js).toString(), Files.readString(js)));
      }
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void shouldFlagEachWayOfParsingAStringAsMarkupOrCode() {
    String js =
        "el.innerHTML = name;\nel.outerHTML += x;\nel.insertAdjacentHTML('beforeend', s);\n"
            + "document.write(s);\nnew DOMParser();\neval(s);\nnew Function(s);\n"
            + "el.textContent = name; // fine\nconst innerHTMLish = 1; // fine\n";

    assertThat(sinks("page.js", js))
        .containsExactly(
            "page.js:1: el.innerHTML = name;",
            "page.js:2: el.outerHTML += x;",
            "page.js:3: el.insertAdjacentHTML('beforeend', s);",
            "page.js:4: document.write(s);",
            "page.js:5: new DOMParser();",
            "page.js:6: eval(s);",
            "page.js:7: new Function(s);");
  }

  static List<String> sinks(String name, String js) {
    List<String> problems = new ArrayList<>();
    String[] lines = js.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = MARKUP_SINK.matcher(lines[i]);
      if (m.find()) {
        problems.add(name + ":" + (i + 1) + ": " + lines[i].strip());
      }
    }
    return problems;
  }
}
