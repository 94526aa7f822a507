package io.autoservice.controller.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Build checks of the shipped web console: its JavaScript stays within a stated size budget, its
 * HTML holds nothing the Content-Security-Policy would block, and every module it imports ships.
 */
class WebAssetsTest {
  /** The JavaScript a browser downloads for the whole console, gzipped, file by file. */
  static final long BUDGET_GZIP_BYTES = 200 * 1024;

  static final Path WEB = Path.of("src/main/resources/web");

  private static final Pattern SCRIPT_TAG =
      Pattern.compile("<script\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern TAG = Pattern.compile("<[a-zA-Z][^>]*>");
  private static final Pattern HANDLER_ATTR =
      Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
  private static final Pattern STYLE_ATTR =
      Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE);
  private static final Pattern STYLE_BLOCK = Pattern.compile("<style\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern SRC_ATTR = Pattern.compile("\\ssrc\\s*=", Pattern.CASE_INSENSITIVE);

  // import x from '...'; import {a} from "..."; import '...'; export ... from '...'; import('...')
  private static final Pattern STATIC_IMPORT =
      Pattern.compile(
          "(?m)^\\s*(?:(?:import|export)\\s+[\\w$*{}\\s,]+?\\s+from|import)\\s*['\"]([^'\"]+)['\"]");
  private static final Pattern DYNAMIC_IMPORT =
      Pattern.compile("\\bimport\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)");

  @Test
  void shouldKeepTheShippedJavaScriptWithinItsGzippedBudget() throws IOException {
    long total = 0;
    List<Path> scripts = files(".js");
    for (Path js : scripts) {
      total += gzippedSize(Files.readAllBytes(js));
    }
    System.out.printf(
        "web console JavaScript: %d files, %.1f KB gzipped (budget %d KB)%n",
        scripts.size(), total / 1024.0, BUDGET_GZIP_BYTES / 1024);

    assertThat(scripts).isNotEmpty();
    assertThat(total).isLessThanOrEqualTo(BUDGET_GZIP_BYTES);
  }

  @Test
  void shouldShipNoHtmlTheContentSecurityPolicyBlocks() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path html : files(".html")) {
      problems.addAll(cspProblems(WEB.relativize(html).toString(), Files.readString(html)));
    }

    assertThat(files(".html")).isNotEmpty();
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldFlagInlineScriptHandlersAndStylesInHtml() {
    String html =
        "<script>alert(1)</script><script type=\"module\" src=\"/js/app.js\"></script>"
            + "<button onclick=\"go()\">x</button><p style=\"color:red\">y</p><style>p{}</style>";

    assertThat(cspProblems("page.html", html))
        .containsExactly(
            "page.html: inline <script> without src",
            "page.html: event handler attribute in <button onclick=\"go()\">",
            "page.html: style attribute in <p style=\"color:red\">",
            "page.html: <style> block");
  }

  @Test
  void shouldResolveEveryImportOfTheShippedModules() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path js : files(".js")) {
      problems.addAll(unresolvedImports(js, Files.readString(js)));
    }
    for (Path html : files(".html")) {
      Matcher m = Pattern.compile("\\s(?:src|href)=\"(/[^\"]*)\"").matcher(Files.readString(html));
      while (m.find()) {
        if (!Files.isRegularFile(WEB.resolve(m.group(1).substring(1)))) {
          problems.add(WEB.relativize(html) + ": " + m.group(1) + " is not shipped");
        }
      }
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void shouldFlagImportsOfMissingFilesAndPackages() {
    Path app = WEB.resolve("js/app.js");
    String js =
        "import { h } from './dom.js';\nimport x from 'lit';\nimport * as api from './api.js';\n"
            + "import {\n  a,\n  b,\n} from '../gone.js';\n"
            + "export function f() {\n  return h('div', null, 'text');\n}\n"
            + "const p = () => import('./pages/nowhere.js');\n";

    assertThat(unresolvedImports(app, js))
        .containsExactly(
            "js/app.js: 'lit' is a bare package name (no npm: ship the file)",
            "js/app.js: '../gone.js' is not shipped",
            "js/app.js: './pages/nowhere.js' is not shipped");
  }

  static List<String> cspProblems(String name, String html) {
    List<String> problems = new ArrayList<>();
    Matcher script = SCRIPT_TAG.matcher(html);
    while (script.find()) {
      if (!SRC_ATTR.matcher(script.group(1)).find()) {
        problems.add(name + ": inline <script> without src");
      }
    }
    Matcher tag = TAG.matcher(html);
    while (tag.find()) {
      if (HANDLER_ATTR.matcher(tag.group()).find()) {
        problems.add(name + ": event handler attribute in " + tag.group());
      }
      if (STYLE_ATTR.matcher(tag.group()).find()) {
        problems.add(name + ": style attribute in " + tag.group());
      }
    }
    if (STYLE_BLOCK.matcher(html).find()) {
      problems.add(name + ": <style> block");
    }
    return problems;
  }

  static List<String> unresolvedImports(Path module, String source) {
    List<String> problems = new ArrayList<>();
    List<String> specifiers = new ArrayList<>();
    for (Pattern p : List.of(STATIC_IMPORT, DYNAMIC_IMPORT)) {
      Matcher m = p.matcher(source);
      while (m.find()) {
        specifiers.add(m.group(1));
      }
    }
    String name = WEB.relativize(module).toString();
    for (String spec : specifiers) {
      Path target;
      if (spec.startsWith("./") || spec.startsWith("../")) {
        target = module.getParent().resolve(spec).normalize();
      } else if (spec.startsWith("/")) {
        target = WEB.resolve(spec.substring(1)).normalize();
      } else {
        problems.add(name + ": '" + spec + "' is a bare package name (no npm: ship the file)");
        continue;
      }
      if (!target.startsWith(WEB) || !Files.isRegularFile(target)) {
        problems.add(name + ": '" + spec + "' is not shipped");
      }
    }
    return problems;
  }

  private static List<Path> files(String suffix) throws IOException {
    assertThat(WEB).isDirectory();
    try (Stream<Path> s = Files.walk(WEB)) {
      return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static long gzippedSize(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size();
  }
}
