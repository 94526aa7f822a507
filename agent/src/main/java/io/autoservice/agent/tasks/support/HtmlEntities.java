package io.autoservice.agent.tasks.support;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes the character references tools put in their HTML and XML reports (Stinger's log,
 * powercfg's battery report, speedtest.net's server list): {@code &amp; &lt; &gt; &quot; &apos;
 * &nbsp;} (any letter case) and numeric ones ({@code &#233;}, {@code &#xE9;}). Anything else — an
 * unknown name, a code point out of range or a lone surrogate — is left as written.
 */
public final class HtmlEntities {
  private static final Pattern ENTITY =
      Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});");

  private HtmlEntities() {}

  public static String decode(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    Matcher m = ENTITY.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(entity(m.group(1), m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String entity(String name, String raw) {
    if (name.startsWith("#")) {
      boolean hex = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
      int cp = Integer.parseInt(name.substring(hex ? 2 : 1), hex ? 16 : 10);
      boolean valid = Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0;
      return valid ? new String(Character.toChars(cp)) : raw;
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "amp" -> "&";
      case "lt" -> "<";
      case "gt" -> ">";
      case "quot" -> "\"";
      case "apos" -> "'";
      case "nbsp" -> "\u00A0";
      default -> raw;
    };
  }
}
