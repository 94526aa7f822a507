package io.autoservice.agent.process;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OEM code page that Windows console tools write when their output is redirected.
 *
 * <p>Java only exposes the ANSI code page ({@code native.encoding}); the OEM one is derived from it
 * with the pairs Windows itself uses per system locale. Where that guess is wrong (a PC whose
 * console code page was changed), the {@value #ENV_VAR} environment variable overrides it.
 */
public final class OemCodePage {

  /** Environment variable naming the OEM code page, as {@code 850}, {@code cp850} or the like. */
  public static final String ENV_VAR = "AUTOSERVICE_OEM_CODEPAGE";

  private static final Logger LOG = LoggerFactory.getLogger(OemCodePage.class);

  private OemCodePage() {}

  /**
   * The OEM code page of this machine: {@value #ENV_VAR} if set to a supported code page; else on
   * Windows the OEM partner of the ANSI code page ({@link #forAnsi}); elsewhere UTF-8.
   */
  public static Charset current() {
    String ansi = System.getProperty("native.encoding", System.getProperty("sun.jnu.encoding"));
    return resolve(System.getenv(ENV_VAR), System.getProperty("os.name", ""), ansi);
  }

  /**
   * The OEM code page Windows pairs with the ANSI code page {@code ansi}: windows-1252 → IBM850,
   * 1250 → IBM852, 1251 → IBM866, 1253 → IBM737 (IBM869 if the JRE lacks it), 1254 → IBM857, 1255 →
   * IBM862, 1256 → IBM864, 1257 → IBM775, 1258 → windows-1258 (Vietnamese has no separate OEM
   * page); the Thai and East Asian pages are their own OEM page; anything else → IBM437. If the JRE
   * lacks the OEM charset (a trimmed runtime without jdk.charsets), {@code ansi} itself.
   */
  public static Charset forAnsi(Charset ansi) {
    List<String> candidates =
        switch (ansi.name()) {
          case "windows-1252" -> List.of("IBM850");
          case "windows-1250" -> List.of("IBM852");
          case "windows-1251" -> List.of("IBM866");
          case "windows-1253" -> List.of("IBM737", "IBM869");
          case "windows-1254" -> List.of("IBM857");
          case "windows-1255" -> List.of("IBM862");
          case "windows-1256" -> List.of("IBM864");
          case "windows-1257" -> List.of("IBM775");
          case "windows-1258",
              "x-windows-874",
              "windows-31j",
              "Shift_JIS",
              "GBK",
              "GB2312",
              "x-windows-949",
              "EUC-KR",
              "x-windows-950",
              "Big5" ->
              List.of(ansi.name());
          default -> List.of("IBM437");
        };
    for (String name : candidates) {
      Optional<Charset> cs = lookup(name);
      if (cs.isPresent()) {
        return cs.get();
      }
    }
    return ansi;
  }

  static Charset resolve(String override, String osName, String nativeEncoding) {
    if (override != null && !override.isBlank()) {
      Optional<Charset> cs = parse(override);
      if (cs.isPresent()) {
        return cs.get();
      }
      LOG.warn("{}={} is not a code page this JRE supports; ignoring it", ENV_VAR, override);
    }
    if (!osName.startsWith("Windows")) {
      return StandardCharsets.UTF_8;
    }
    Charset ansi =
        Optional.ofNullable(nativeEncoding)
            .flatMap(OemCodePage::lookup)
            .orElse(Charset.forName("windows-1252"));
    return forAnsi(ansi);
  }

  /** Parses {@code 850}, {@code cp850}, {@code IBM850}, {@code ibm-850} or a Java charset name. */
  static Optional<Charset> parse(String value) {
    String v = value.trim();
    Optional<Charset> direct = lookup(v);
    if (direct.isPresent()) {
      return direct;
    }
    String digits = v.toLowerCase(Locale.ROOT).replaceFirst("^(cp|ibm|ms|windows)[-_]?", "");
    if (!digits.matches("\\d+")) {
      return Optional.empty();
    }
    if (digits.equals("65001")) {
      return Optional.of(StandardCharsets.UTF_8);
    }
    for (String prefix : List.of("IBM", "x-IBM", "cp", "windows-", "x-windows-")) {
      Optional<Charset> cs = lookup(prefix + digits);
      if (cs.isPresent()) {
        return cs;
      }
    }
    return Optional.empty();
  }

  private static Optional<Charset> lookup(String name) {
    try {
      return Optional.of(Charset.forName(name));
    } catch (IllegalArgumentException e) { // unsupported or illegal name
      return Optional.empty();
    }
  }
}
