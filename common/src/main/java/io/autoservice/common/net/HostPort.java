package io.autoservice.common.net;

/** {@code HOST:PORT}, with IPv6 literals in brackets ({@code [::1]:7443}). */
public record HostPort(String host, int port) {
  public static HostPort parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("listen: expected HOST:PORT but got nothing");
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "expected HOST:PORT (e.g. 127.0.0.1:7443) but got \"" + text + "\"");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected a port number after ':' but got \"" + text + "\"");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " (expected: 0 to 65535)");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
