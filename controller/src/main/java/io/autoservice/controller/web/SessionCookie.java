package io.autoservice.controller.web;

import java.time.Duration;

/**
 * The session cookie. The {@code __Host-} prefix makes the browser refuse it unless it is Secure,
 * has {@code Path=/} and no Domain, so no other host or plain-HTTP page can plant or read it;
 * HttpOnly keeps it from scripts; SameSite=Strict keeps other sites' pages from sending it.
 */
final class SessionCookie {
  static final String NAME = "__Host-as-session";

  private SessionCookie() {}

  /** The {@code Set-Cookie} value that hands the browser this session. */
  static String set(String id, Duration maxAge) {
    return NAME
        + "="
        + id
        + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age="
        + maxAge.toSeconds();
  }

  /** The {@code Set-Cookie} value that makes the browser forget it. */
  static String clear() {
    return NAME + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0";
  }

  /** The session id in these {@code Cookie} header values, or null. */
  static String value(Iterable<String> cookieHeaders) {
    if (cookieHeaders == null) {
      return null;
    }
    for (String header : cookieHeaders) {
      for (String part : header.split(";")) {
        String p = part.strip();
        if (p.startsWith(NAME + "=")) {
          return p.substring(NAME.length() + 1);
        }
      }
    }
    return null;
  }
}
