package io.autoservice.common.text;

/**
 * JSON text made safe for a terminal or a log without changing what it means.
 *
 * <p>Jackson escapes C0 controls in strings but leaves DEL and the C1 controls (U+007F to U+009F)
 * raw, and a terminal reads U+009B as CSI. Outside strings JSON holds only ASCII punctuation and
 * whitespace, so every such character is inside a string, where a JSON unicode escape (backslash,
 * {@code u}, four hex digits) parses back to the same value.
 */
public final class SafeJson {
  private SafeJson() {}

  /** {@code json} (text Jackson wrote) with DEL and C1 controls written as JSON escapes. */
  public static String text(String json) {
    if (json == null) {
      return null;
    }
    int i = 0;
    while (i < json.length() && !isRaw(json.charAt(i))) {
      i++;
    }
    if (i == json.length()) {
      return json;
    }
    StringBuilder b = new StringBuilder(json.length() + 16).append(json, 0, i);
    for (; i < json.length(); i++) {
      char c = json.charAt(i);
      if (isRaw(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isRaw(char c) {
    return c >= 0x7f && c <= 0x9f;
  }
}
