package io.autoservice.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceCommandLineTest {
  /** How a Windows program splits its command line (CommandLineToArgvW / the MSVC runtime). */
  static List<String> argv(String line) {
    List<String> args = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inQuotes = false;
    boolean any = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\\') {
        int n = 0;
        while (i < line.length() && line.charAt(i) == '\\') {
          n++;
          i++;
        }
        if (i < line.length() && line.charAt(i) == '"') {
          cur.append("\\".repeat(n / 2));
          if (n % 2 == 1) {
            cur.append('"');
            i++;
          }
        } else {
          cur.append("\\".repeat(n));
        }
        any = true;
        continue;
      }
      if (c == '"') {
        inQuotes = !inQuotes;
        any = true;
      } else if ((c == ' ' || c == '\t') && !inQuotes) {
        if (any) {
          args.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
      } else {
        cur.append(c);
        any = true;
      }
      i++;
    }
    if (any) {
      args.add(cur.toString());
    }
    return args;
  }

  @Test
  void pathsWithSpacesAndTrailingBackslashesComeBackWhole() {
    List<String> args =
        List.of(
            "service",
            "run",
            "--data",
            "C:\\ProgramData\\AutoService Agent\\",
            "--config",
            "C:\\odd \"quoted\" name.json",
            "");

    String line =
        ServiceCommandLine.of(
            "C:\\Program Files\\AutoService Agent\\runtime\\bin\\java.exe",
            List.of("-Xmx64m", "-Xrs"),
            "C:\\Program Files\\AutoService Agent\\lib\\autoservice-agent.jar",
            args);

    assertThat(line)
        .startsWith(
            "\"C:\\Program Files\\AutoService Agent\\runtime\\bin\\java.exe\" -Xmx64m -Xrs -cp ");
    List<String> expected = new ArrayList<>();
    expected.add("C:\\Program Files\\AutoService Agent\\runtime\\bin\\java.exe");
    expected.addAll(List.of("-Xmx64m", "-Xrs", "-cp"));
    expected.add("C:\\Program Files\\AutoService Agent\\lib\\autoservice-agent.jar");
    expected.add("io.autoservice.agent.cli.AgentMain");
    expected.addAll(args);
    assertThat(argv(line)).isEqualTo(expected);
  }

  @Test
  void plainArgumentsStayUnquoted() {
    assertThat(ServiceCommandLine.quote("controller.shop.lan:7443"))
        .isEqualTo("controller.shop.lan:7443");
    assertThat(ServiceCommandLine.quote("C:\\a\\b")).isEqualTo("C:\\a\\b");
  }
}
