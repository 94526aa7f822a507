package io.autoservice.agent.service;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line the SCM starts ({@code ImagePath}): the JVM, its flags, the agent's jar and
 * {@code service run …}, each quoted as Windows programs split their command line
 * (CommandLineToArgvW's rules), so paths under {@code C:\Program Files} survive.
 */
public final class ServiceCommandLine {
  /** The agent's main class: started with {@code -cp}, as the image's launcher does. */
  public static final String MAIN_CLASS = "io.autoservice.agent.cli.AgentMain";

  private ServiceCommandLine() {}

  /** {@code java jvmFlags… -cp jar MAIN_CLASS args…}, quoted. */
  public static String of(String java, List<String> jvmFlags, String jar, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(java);
    all.addAll(jvmFlags);
    all.add("-cp");
    all.add(jar);
    all.add(MAIN_CLASS);
    all.addAll(args);
    List<String> quoted = new ArrayList<>();
    for (String a : all) {
      quoted.add(quote(a));
    }
    return String.join(" ", quoted);
  }

  /**
   * One argument as CommandLineToArgvW reads it back: quoted when it holds a space, a tab or a
   * quote (or is empty); inside quotes a quote is escaped, and so are the backslashes before a
   * quote or before the closing quote.
   */
  static String quote(String arg) {
    if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"')) {
      return arg;
    }
    StringBuilder b = new StringBuilder("\"");
    int backslashes = 0;
    for (char c : arg.toCharArray()) {
      if (c == '\\') {
        backslashes++;
        continue;
      }
      if (c == '"') {
        b.append("\\".repeat(backslashes * 2 + 1)).append('"');
      } else {
        b.append("\\".repeat(backslashes)).append(c);
      }
      backslashes = 0;
    }
    b.append("\\".repeat(backslashes * 2)).append('"');
    return b.toString();
  }
}
